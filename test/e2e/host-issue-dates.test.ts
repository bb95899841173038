/**
 * The local host's issue sidebar in French, in Chromium: the due date is typed in the reader's
 * order (jj/mm/aaaa), saved to Jira as a day, and shown as French Jira shows it; an impossible
 * date is refused in French and saves nothing. The view's script says in French what a
 * workflow transition did.
 */
import { addIssue } from '../support/rollouts';
import { browserSession } from './support/session';

const e2e = browserSession({ viewport: { width: 1200, height: 900 }, actionTimeout: 20_000 });

describe('the issue sidebar’s due date', () => {
  it('reads a French date in day/month order and shows it the French way', async () => {
    const key = addIssue(e2e.host, 'Training room booking');
    await e2e.page.goto(`${e2e.url}/jira/issue/${key}?as=coordinator&locale=fr-FR`);
    const field = e2e.page.getByLabel('Modifier la date d’échéance');
    await expect(field.getAttribute('placeholder')).resolves.toBe('jj/mm/aaaa');

    await field.fill('31/02/2031');
    await e2e.page.getByRole('button', { name: 'Enregistrer la date d’échéance' }).click();
    await e2e.page.getByText('Saisissez la date au format jj/mm/aaaa', { exact: false }).waitFor();
    await expect(e2e.page.getByTestId('issue-due-date').textContent()).resolves.toBe('Aucun');

    await field.fill('25/12/2031');
    await e2e.page.getByRole('button', { name: 'Enregistrer la date d’échéance' }).click();
    const shown = e2e.page.getByTestId('issue-due-date').locator('time[datetime="2031-12-25"]');
    await shown.waitFor();
    await expect(shown.textContent()).resolves.toBe('25 déc. 2031');
  }, 90_000);

  it('says in French what a workflow transition did', async () => {
    const key = addIssue(e2e.host, 'Seminar room booking');
    await e2e.page.goto(`${e2e.url}/jira/issue/${key}?as=coordinator&locale=fr-FR`);
    await e2e.page.getByTestId('issue-transitions').getByRole('button').first().click();
    const message = e2e.page.getByTestId('transition-message');
    await message.getByText('L’état est maintenant :', { exact: false }).waitFor();
    const status = (await e2e.page.getByTestId('issue-status').textContent()) ?? '';
    await expect(message.textContent()).resolves.toBe(`L’état est maintenant : ${status}.`);
    await expect(message.getAttribute('role')).resolves.toBe('status');
  }, 90_000);
});
