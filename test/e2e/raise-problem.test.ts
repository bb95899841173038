/**
 * "Raise a problem" in Chromium, on the local host's Jira issue page with the real @forge/bridge:
 * an employee (French, dark theme) opens the issue action on the rollout's issue, is told what a
 * missing summary needs, raises a training-material problem, and the issue exists in Jira as a
 * child of the anchor; the coordinator is e-mailed. Accessible names on every control.
 */
import type { FrameLocator } from 'playwright-core';
import { call, ok } from '../support/host';
import { chooseByKeyboard } from '../support/browser';
import { browserSession } from './support/session';
import { ISSUE, issuePanel, makeRollout, mailsSince, outboxSize } from '../support/rollouts';
import { jiraIssue } from '../support/problems';

const e2e = browserSession({
  viewport: { width: 1100, height: 1000 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    await makeRollout(host);
  },
});

async function openAction(as: string, locale: string, theme: string): Promise<FrameLocator> {
  await e2e.page.goto(`${e2e.url}/jira/issue/${ISSUE}?as=${as}&locale=${locale}&theme=${theme}`);
  await e2e.page.locator('details.host-issue-action > summary').click();
  const app = e2e.page.frameLocator('iframe.host-action-frame');
  await app.getByRole('heading', { level: 2 }).waitFor();
  return app;
}

it('lets an employee raise a problem in French, in the dark theme, and Jira holds it under the anchor', async () => {
  const since = outboxSize(e2e.host);
  const app = await openAction('employee', 'fr-FR', 'dark');
  await expect(app.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(
    'Signaler un problème',
  );
  await chooseByKeyboard(app.getByLabel('Catégorie'), 'Support de formation');
  await chooseByKeyboard(app.getByLabel('Gravité'), 'Élevée');
  await chooseByKeyboard(app.getByLabel('Département'), 'Sales');
  await app.getByRole('button', { name: 'Signaler le problème' }).click();
  // Nothing typed: the form says what is missing, on the field, and sends nothing.
  await expect(app.getByText('Dites en une ligne quel est le problème.').count()).resolves.toBe(1);
  await app.getByLabel('Résumé').fill('Les diapositives montrent l’ancien écran');
  await app.getByLabel('Ce qui s’est passé').fill('Diapositives 4 à 9.');
  await app.getByRole('button', { name: 'Signaler le problème' }).click();
  const done = app.getByRole('status').filter({ hasText: 'a été signalé' });
  await done.waitFor();
  const key = /ROLL-\d+/u.exec((await done.textContent()) ?? '')?.[0] ?? '';
  expect(jiraIssue(e2e.host, key)).toMatchObject({
    parentKey: ISSUE,
    property: { category: 'training-material', severity: 'high', status: 'new' },
  });
  await e2e.host.events.drain();
  expect(mailsSince(e2e.host, since).length).toBe(2);
  const list = await ok(call(issuePanel(e2e.host), 'coordinator', 'problems/list', {}));
  expect(list.problems.map((p) => p.issueKey)).toEqual([key]);
  // Every control of the form has an accessible name.
  await app.getByRole('button', { name: 'Signaler un autre problème' }).click();
  for (const role of ['combobox', 'textbox'] as const) {
    const controls = app.getByRole(role);
    const count = await controls.count();
    expect(count).toBeGreaterThan(0);
    // Those with a non-empty accessible name are all of them.
    await expect(app.getByRole(role, { name: /\S/u }).count()).resolves.toBe(count);
  }
});

it('tells someone on an issue outside any rollout that no problem can be raised there', async () => {
  const other = e2e.host.products.jira.issues.createIssue({
    projectKey: 'ROLL',
    issueType: 'Task',
    summary: 'Unrelated',
    reporterAccountId: 'rc-demo-coordinator',
  });
  await e2e.page.goto(`${e2e.url}/jira/issue/${other.key}?as=employee&locale=en-US`);
  await e2e.page.locator('details.host-issue-action > summary').click();
  const app = e2e.page.frameLocator('iframe.host-action-frame');
  await app.getByText('This issue does not belong to a rollout').waitFor();
});
