/**
 * Problems in the Rollout panel, in Chromium on the local host's issue page: an employee raises
 * one from a pushed work issue's panel (the same form as the issue action); the coordinator sees
 * it counted and listed on the anchor's panel, acknowledges it and resolves it with what fixed
 * it, the counts following; the problem issue's own panel then says so, in French too.
 */
import type { FrameLocator } from 'playwright-core';
import type { StrategyDetail } from '../../src/contract';
import { chooseByKeyboard, openRolloutPanel } from '../support/browser';
import { browserSession } from './support/session';
import { jiraIssue } from '../support/problems';
import { jiraIssues, makeStrategy, planIds, pushPlan } from '../support/strategy';

const FIX = 'https://example.atlassian.net/wiki/spaces/ROLL/pages/42';

let detail: StrategyDetail;

const e2e = browserSession({
  viewport: { width: 1100, height: 1400 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    detail = await makeStrategy(host, { phases: 3, sessions: 6, tasksPerPhase: 1 });
    await pushPlan(host, detail.rollout.id);
  },
  setUpTimeout: 60_000,
});

const openIssue = (key: string, as: string, locale?: string): Promise<FrameLocator> =>
  openRolloutPanel(e2e.page, e2e.url, key, as, locale);

it('raises a problem from a work issue, triages it on the anchor, and shows how it ended', async () => {
  const [session] = jiraIssues(
    e2e.host,
    `rolloutId = "${detail.rollout.id}" AND rolloutPlanItem = "session:${planIds.session(0)}"`,
  );
  const workKey = session?.key ?? '';
  const anchor = detail.rollout.issue.key;

  // An employee raises it from the work issue's panel.
  let panel = await openIssue(workKey, 'employee');
  await panel.getByRole('button', { name: 'Raise a problem' }).click();
  await chooseByKeyboard(panel.getByLabel('Category'), 'Training material');
  await chooseByKeyboard(panel.getByLabel('Severity'), 'Blocking');
  await panel.getByLabel('Summary').fill('The CRM slides show the old screens');
  await panel.getByLabel('What happened').fill('Slides 4 to 9.');
  await panel.getByRole('button', { name: 'Raise the problem' }).click();
  const done = panel.getByRole('status').filter({ hasText: 'was raised' });
  await done.waitFor();
  const key = /ROLL-\d+/u.exec((await done.textContent()) ?? '')?.[0] ?? '';
  expect(jiraIssue(e2e.host, key)).toMatchObject({
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
  expect(jiraIssue(e2e.host, key)).toMatchObject({
    status: 'Done',
    property: { status: 'resolved' },
  });

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
