/**
 * "Raise a problem" in Chromium, on the local host's Jira issue page with the real @forge/bridge:
 * an employee (French, dark theme) opens the issue action on the rollout's issue, is told what a
 * missing summary needs, raises a training-material problem, and the issue exists in Jira as a
 * child of the anchor; the coordinator is e-mailed. Accessible names on every control.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';
import { call, memoryHost, ok } from '../support/host';
import { closeOpened, launchBrowser, watchForViolations } from '../support/browser';
import { ISSUE, issuePanel, makeRollout, mailsSince, outboxSize } from '../support/rollouts';
import { jiraIssue } from '../support/problems';

let host: LocalHost;
let browser: Browser;
let page: Page;
let violations: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  host = await memoryHost({ port: 0 });
  await makeRollout(host);
});

afterAll(async () => {
  await closeOpened(browser, host);
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  page.setDefaultTimeout(10_000);
  violations = watchForViolations(page);
});

afterEach(async () => {
  await closeOpened(page);
  expect(violations).toEqual([]);
});

async function openAction(as: string, locale: string, theme: string): Promise<FrameLocator> {
  await page.goto(`${host.url ?? ''}/jira/issue/${ISSUE}?as=${as}&locale=${locale}&theme=${theme}`);
  await page.locator('details.host-issue-action > summary').click();
  const app = page.frameLocator('iframe.host-action-frame');
  await app.getByRole('heading', { level: 2 }).waitFor();
  return app;
}

it('lets an employee raise a problem in French, in the dark theme, and Jira holds it under the anchor', async () => {
  const since = outboxSize(host);
  const app = await openAction('employee', 'fr-FR', 'dark');
  await expect(app.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(
    'Signaler un problème',
  );
  await app.getByLabel('Catégorie').selectOption('training-material');
  await app.getByLabel('Gravité').selectOption('high');
  await app.getByLabel('Département').selectOption({ label: 'Sales' });
  await app.getByRole('button', { name: 'Signaler le problème' }).click();
  // Nothing typed: the form says what is missing, on the field, and sends nothing.
  await expect(app.getByText('Dites en une ligne quel est le problème.').count()).resolves.toBe(1);
  await app.getByLabel('Résumé').fill('Les diapositives montrent l’ancien écran');
  await app.getByLabel('Ce qui s’est passé').fill('Diapositives 4 à 9.');
  await app.getByRole('button', { name: 'Signaler le problème' }).click();
  const done = app.getByRole('status').filter({ hasText: 'a été signalé' });
  await done.waitFor();
  const key = /ROLL-\d+/u.exec((await done.textContent()) ?? '')?.[0] ?? '';
  expect(jiraIssue(host, key)).toMatchObject({
    parentKey: ISSUE,
    property: { category: 'training-material', severity: 'high', status: 'new' },
  });
  await host.events.drain();
  expect(mailsSince(host, since).length).toBe(2);
  const list = await ok(call(issuePanel(host), 'coordinator', 'problems/list', {}));
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
  const other = host.products.jira.issues.createIssue({
    projectKey: 'ROLL',
    issueType: 'Task',
    summary: 'Unrelated',
    reporterAccountId: 'rc-demo-coordinator',
  });
  await page.goto(`${host.url ?? ''}/jira/issue/${other.key}?as=employee&locale=en-US`);
  await page.locator('details.host-issue-action > summary').click();
  const app = page.frameLocator('iframe.host-action-frame');
  await app.getByText('This issue does not belong to a rollout').waitFor();
});
