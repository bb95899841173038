/**
 * Problems in the Rollout panel, in Chromium on the local host's issue page: an employee raises
 * one from a pushed work issue's panel (the same form as the issue action); the coordinator sees
 * it counted and listed on the anchor's panel, acknowledges it and resolves it with what fixed
 * it, the counts following; the problem issue's own panel then says so, in French too.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';
import type { StrategyDetail } from '../../src/contract';
import { memoryHost } from '../support/host';
import { closeOpened, launchBrowser, watchForViolations } from '../support/browser';
import { jiraIssue } from '../support/problems';
import { jiraIssues, makeStrategy, planIds, pushPlan } from '../support/strategy';

const FIX = 'https://example.atlassian.net/wiki/spaces/ROLL/pages/42';

let host: LocalHost;
let browser: Browser;
let page: Page;
let violations: string[] = [];
let detail: StrategyDetail;

beforeAll(async () => {
  browser = await launchBrowser();
  host = await memoryHost({ port: 0 });
  detail = await makeStrategy(host, { phases: 3, sessions: 6, tasksPerPhase: 1 });
  await pushPlan(host, detail.rollout.id);
}, 60_000);

afterAll(async () => {
  await closeOpened(browser, host);
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.setDefaultTimeout(10_000);
  violations = watchForViolations(page);
});

afterEach(async () => {
  await closeOpened(page);
  expect(violations).toEqual([]);
});

async function openIssue(key: string, as: string, locale = 'en-US'): Promise<FrameLocator> {
  await page.goto(`${host.url ?? ''}/jira/issue/${key}?as=${as}&locale=${locale}`);
  const panel = page.frameLocator('[data-module-key="rollout-panel"] iframe.host-panel-frame');
  await panel.getByRole('heading', { level: 2 }).first().waitFor();
  return panel;
}

it('raises a problem from a work issue, triages it on the anchor, and shows how it ended', async () => {
  const [session] = jiraIssues(
    host,
    `rolloutId = "${detail.rollout.id}" AND rolloutPlanItem = "session:${planIds.session(0)}"`,
  );
  const workKey = session?.key ?? '';
  const anchor = detail.rollout.issue.key;

  // An employee raises it from the work issue's panel.
  let panel = await openIssue(workKey, 'employee');
  await panel.getByRole('button', { name: 'Raise a problem' }).click();
  await panel.getByLabel('Category').selectOption('training-material');
  await panel.getByLabel('Severity').selectOption('blocking');
  await panel.getByLabel('Summary').fill('The CRM slides show the old screens');
  await panel.getByLabel('What happened').fill('Slides 4 to 9.');
  await panel.getByRole('button', { name: 'Raise the problem' }).click();
  const done = panel.getByRole('status').filter({ hasText: 'was raised' });
  await done.waitFor();
  const key = /ROLL-\d+/u.exec((await done.textContent()) ?? '')?.[0] ?? '';
  expect(jiraIssue(host, key)).toMatchObject({
    parentKey: anchor,
    property: { severity: 'blocking', status: 'new', phaseId: planIds.phase(0) },
  });
  await panel.getByRole('button', { name: 'Close' }).click();
  await panel.getByRole('button', { name: 'Raise a problem' }).waitFor();

  // The coordinator sees it counted and listed on the anchor, and triages it there.
  panel = await openIssue(anchor, 'coordinator');
  await panel.getByRole('link', { name: 'Blocking: 1' }).waitFor();
  const list = panel.getByRole('list', { name: 'Problems of this rollout, newest first' });
  await list.getByText('The CRM slides show the old screens').waitFor();
  await list.getByRole('button', { name: `Acknowledge ${key}` }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `${key} is now Acknowledged.` })
    .waitFor();
  await list.getByRole('button', { name: `Resolve ${key}` }).click();
  await list.getByLabel('What fixed it (link)').fill(FIX);
  await list.getByRole('button', { name: 'Save' }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `${key} is now Resolved.` })
    .waitFor();
  // The counts follow: nothing open any more.
  await panel.getByText('No open problems.').waitFor();
  expect(jiraIssue(host, key)).toMatchObject({ status: 'Done', property: { status: 'resolved' } });

  // An employee reads it only.
  panel = await openIssue(anchor, 'employee');
  await panel.getByText('Only the coordinator and Jira administrators triage problems.').waitFor();
  await expect(panel.getByRole('button', { name: `Resolve ${key}` }).count()).resolves.toBe(0);

  // The problem's own panel says how it ended, in English and in French.
  panel = await openIssue(key, 'employee');
  await panel.getByText('Training material', { exact: true }).waitFor();
  await panel.getByText('Resolved', { exact: true }).waitFor();
  await panel.getByRole('link', { name: FIX }).waitFor();
  panel = await openIssue(key, 'employee', 'fr-FR');
  await panel.getByText('Résolu', { exact: true }).waitFor();
}, 120_000);
