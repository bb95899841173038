/**
 * Issue 9's story end to end, in Chromium on the local host with the real @forge/bridge: the
 * coordinator starts an approved rollout with Jira's "Start rollout"; the pilot's session is held,
 * its owner records who attended and closes it in Jira; an employee raises a training-material
 * problem from the session's panel; the head of the department is e-mailed in French (the host's
 * outbox); the coordinator acknowledges and resolves it on the anchor, then completes the pilot.
 * At the end the anchor's Rollout panel, the Rollout status macro on the strategy page and Jira's
 * own child list of the anchor give the same counts, each also checked against Jira's search.
 */
import type { FrameLocator } from 'playwright-core';
import type { StrategyDetail } from '../../src/contract';
import { accountIdOf } from '../support/host';
import { chooseByKeyboard, openRolloutPanel, runTransition } from '../support/browser';
import { browserSession } from './support/session';
import { jiraIssue } from '../support/problems';
import { approveAll, mailsSince, outboxSize } from '../support/rollouts';
import { jiraIssues, makeStrategy, planIds, pushPlan } from '../support/strategy';

const FIX = 'https://example.atlassian.net/wiki/spaces/ROLL/pages/77';
const PROBLEM = 'The CRM slides show the old screens';

let detail: StrategyDetail;

function daysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const e2e = browserSession({
  viewport: { width: 1100, height: 1600 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    // The pilot began ten days ago: its session (Sales) was held then; the second phase is ahead.
    detail = await makeStrategy(host, {
      phases: 2,
      sessions: 2,
      tasksPerPhase: 1,
      start: daysFromToday(-10),
    });
    await pushPlan(host, detail.rollout.id);
    await approveAll(host, detail.rollout.issue.key);
  },
  setUpTimeout: 60_000,
});

function openIssue(key: string, as: string, locale = 'en-US'): Promise<FrameLocator> {
  return openRolloutPanel(e2e.page, e2e.url, key, as, locale);
}

function transition(name: string): Promise<string> {
  return runTransition(e2e.page, name);
}

function count(jql: string): number {
  return jiraIssues(e2e.host, jql).length;
}

/** Open (not done) and done per phase, as the anchor's panel shows them, cell by cell. */
async function panelCounts(
  panel: FrameLocator,
  phase: string,
): Promise<{ open: number; done: number }> {
  const rows = panel
    .getByRole('region', { name: phase, exact: true })
    .locator('table.rc-rp-grid tbody tr');
  let open = 0;
  let done = 0;
  for (const row of await rows.all()) {
    const [cellOpen, cellDone, cellOverdue] = (await row.locator('td').allTextContents()).map(
      Number,
    );
    open += (cellOpen ?? NaN) + (cellOverdue ?? NaN);
    done += cellDone ?? NaN;
  }
  return { open, done };
}

it('takes a rollout from its start to a completed pilot, and every surface agrees', async () => {
  const anchor = detail.rollout.issue.key;
  const rolloutId = detail.rollout.id;
  const work = `rolloutId = "${rolloutId}" AND rolloutRole = "work"`;
  const [session] = jiraIssues(
    e2e.host,
    `rolloutId = "${rolloutId}" AND rolloutPlanItem = "session:${planIds.session(0)}"`,
  );
  const sessionKey = session?.key ?? '';
  expect(sessionKey).not.toBe('');

  // ---- The coordinator starts the rollout with Jira's own transition (the gate lets it by) ----
  let panel = await openIssue(anchor, 'coordinator');
  await panel.getByText('Approved', { exact: true }).first().waitFor();
  expect(await transition('Start rollout')).not.toContain('blocked');
  panel = await openIssue(anchor, 'coordinator');
  await panel.getByText('In progress', { exact: true }).first().waitFor();

  // ---- The pilot's session was held: its owner records who attended, then closes it ----
  panel = await openIssue(sessionKey, 'coordinator');
  const attendance = panel.getByRole('region', { name: 'Attendance' });
  await attendance.getByText('its attendance is not recorded yet', { exact: false }).waitFor();
  await attendance.getByRole('button', { name: 'Record attendance' }).click();
  await attendance.getByLabel('Add an attendee', { exact: true }).fill('lucas');
  await panel.getByRole('option', { name: 'Lucas Petit' }).click();
  await attendance.getByRole('button', { name: 'Save attendance' }).click();
  await panel.getByRole('status').filter({ hasText: 'Attendance saved.' }).waitFor();
  await attendance.getByText('1 of 20 seats').waitFor();
  expect(await transition('Start rollout')).toContain('In Progress');
  expect(await transition('Complete')).toContain('Done');
  await e2e.host.productEvents.idle();

  // ---- An employee raises a training-material problem from the session's panel ----
  const since = outboxSize(e2e.host);
  panel = await openIssue(sessionKey, 'employee');
  await panel.getByRole('button', { name: 'Raise a problem' }).click();
  await chooseByKeyboard(panel.getByLabel('Category'), 'Training material');
  await chooseByKeyboard(panel.getByLabel('Severity'), 'High');
  await panel.getByLabel('Summary').fill(PROBLEM);
  await panel.getByLabel('What happened').fill('Slides 4 to 9 show the screens of the old CRM.');
  await panel.getByRole('button', { name: 'Raise the problem' }).click();
  const raised = panel.getByRole('status').filter({ hasText: 'was raised' });
  await raised.waitFor();
  const problemKey = /ROLL-\d+/u.exec((await raised.textContent()) ?? '')?.[0] ?? '';
  expect(jiraIssue(e2e.host, problemKey)).toMatchObject({
    parentKey: anchor,
    property: {
      category: 'training-material',
      severity: 'high',
      status: 'new',
      phaseId: planIds.phase(0),
    },
  });

  // ---- The head of Sales (and the coordinator) are e-mailed, each in their language ----
  await e2e.host.events.drain();
  const mails = mailsSince(e2e.host, since).map((mail) => [mail.to, mail.subject]);
  expect(mails).toEqual(
    expect.arrayContaining([
      [[accountIdOf(e2e.host, 'head-sales')], `[New CRM] Problème (Élevée) : ${PROBLEM}`],
      [[accountIdOf(e2e.host, 'coordinator')], `[New CRM] High problem: ${PROBLEM}`],
    ]),
  );
  expect(mails).toHaveLength(2);

  // ---- The coordinator triages it on the anchor: acknowledges, then resolves it ----
  panel = await openIssue(anchor, 'coordinator');
  await panel.getByRole('link', { name: 'High: 1' }).waitFor();
  const list = panel.getByRole('list', { name: 'Problems of this rollout, newest first' });
  await list.getByText(PROBLEM).waitFor();
  await list.getByRole('button', { name: `Acknowledge ${problemKey}` }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `${problemKey} is now Acknowledged.` })
    .waitFor();
  await list.getByRole('button', { name: `Resolve ${problemKey}` }).click();
  await list.getByLabel('What fixed it (link)').fill(FIX);
  await list.getByRole('button', { name: 'Save' }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `${problemKey} is now Resolved.` })
    .waitFor();
  await panel.getByText('No open problems.').waitFor();
  expect(jiraIssue(e2e.host, problemKey)).toMatchObject({
    status: 'Done',
    property: { status: 'resolved' },
  });

  // ---- The pilot is completed (no blocking problem open: no risk to accept) ----
  await panel.getByRole('button', { name: 'Complete Pilot' }).click();
  await panel
    .getByRole('region', { name: 'Pilot' })
    .getByText('Completed on', { exact: false })
    .waitFor();
  await expect(panel.getByText('Accept the risk', { exact: false }).count()).resolves.toBe(0);
  await panel.getByText('Rollout starts on', { exact: false }).waitFor();

  // ---- Every surface agrees: Jira's search first, then the panel, the macro, the child list ----
  const phases = [
    { name: 'Pilot', id: planIds.phase(0) },
    { name: 'Rollout', id: planIds.phase(1) },
  ];
  const expected = phases.map((phase) => {
    const jql = `${work} AND rolloutPhase = "${phase.id}"`;
    return {
      name: phase.name,
      open: count(`${jql} AND statusCategory != Done`),
      done: count(`${jql} AND statusCategory = Done`),
    };
  });
  // What the story did: the pilot's session is done, its task and the next phase's work open.
  expect(expected).toEqual([
    { name: 'Pilot', open: 1, done: 1 },
    { name: 'Rollout', open: 2, done: 0 },
  ]);

  panel = await openIssue(anchor, 'coordinator');
  await panel.getByRole('region', { name: 'Pilot' }).getByRole('table').waitFor();
  const shown = [];
  for (const phase of phases)
    shown.push({ name: phase.name, ...(await panelCounts(panel, phase.name)) });
  expect(shown).toEqual(expected);

  await e2e.page.goto(
    `${e2e.url}/confluence/page/${detail.page?.id ?? ''}?as=coordinator&locale=en-US`,
  );
  const macro = e2e.page.locator('iframe.host-macro-frame').first().contentFrame();
  await macro.getByRole('heading', { name: 'New CRM' }).waitFor();
  const rows = macro.getByRole('listitem').filter({ has: macro.locator('.rc-mc-track') });
  for (const phase of expected) {
    await rows
      .filter({ hasText: phase.name })
      .getByText(`${String(phase.open)} open · ${String(phase.done)} done`)
      .waitFor();
  }
  const workOpen = expected.reduce((sum, phase) => sum + phase.open, 0);
  const workDone = expected.reduce((sum, phase) => sum + phase.done, 0);
  await macro
    .getByText(`${String(workOpen)} open, ${String(workDone)} done`, { exact: false })
    .waitFor();

  // Jira's child list holds the work and the problem: the same issues, the same done count.
  await e2e.page.goto(`${e2e.url}/jira/issue/${anchor}?as=coordinator&locale=en-US`);
  const children = e2e.page.getByTestId('issue-children');
  const problems = count(`parent = ${anchor} AND rolloutRole = "problem"`);
  const problemsDone = count(
    `parent = ${anchor} AND rolloutRole = "problem" AND statusCategory = Done`,
  );
  expect({ problems, problemsDone }).toEqual({ problems: 1, problemsDone: 1 });
  await expect(e2e.page.getByTestId('issue-children-progress').textContent()).resolves.toContain(
    `${String(workDone + problemsDone)} of ${String(workOpen + workDone + problems)} done`,
  );
  await children.getByRole('link', { name: problemKey }).waitFor();
  await children.getByRole('link', { name: sessionKey }).waitFor();
}, 180_000);

it("follows what people change in Jira's issue view: a due date moved, a work issue deleted", async () => {
  const anchor = detail.rollout.issue.key;
  const phase = `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work" AND rolloutPhase = "${planIds.phase(1)}"`;
  const [session] = jiraIssues(
    e2e.host,
    `${phase} AND rolloutPlanItem = "session:${planIds.session(1)}"`,
  );
  const [task] = jiraIssues(
    e2e.host,
    `${phase} AND rolloutPlanItem != "session:${planIds.session(1)}"`,
  );
  const sessionKey = session?.key ?? '';
  const taskKey = task?.key ?? '';
  expect([sessionKey, taskKey]).not.toContain('');

  // The coordinator moves the task's due date to yesterday: it is overdue now.
  await openIssue(taskKey, 'coordinator');
  const yesterday = daysFromToday(-1);
  await e2e.page.getByLabel('Change the due date').fill(yesterday);
  await e2e.page.getByRole('button', { name: 'Save due date' }).click();
  await e2e.page.getByTestId('issue-due-date').locator(`time[datetime="${yesterday}"]`).waitFor();

  // Deleting takes Jira's "Delete issues": the coordinator is not offered it, an administrator is.
  await openIssue(sessionKey, 'coordinator');
  expect(await e2e.page.getByRole('button', { name: 'Delete issue' }).count()).toBe(0);
  await openIssue(sessionKey, 'admin');
  await e2e.page.getByRole('button', { name: 'Delete issue' }).click();
  await e2e.page.getByRole('button', { name: `Delete ${sessionKey}` }).click();
  // Jira shows the parent once its child is gone.
  await e2e.page.waitForURL(new RegExp(`/jira/issue/${anchor}\\?`, 'u'));
  expect(e2e.host.products.jira.issues.getIssue(sessionKey)).toBeUndefined();
  await e2e.host.productEvents.idle();

  const panel = await openIssue(anchor, 'coordinator');
  const rollout = panel.getByRole('region', { name: 'Rollout', exact: true });
  await rollout.getByRole('table').waitFor();
  expect(await panelCounts(panel, 'Rollout')).toEqual({
    open: count(`${phase} AND statusCategory != Done`),
    done: count(`${phase} AND statusCategory = Done`),
  });
  expect(count(phase)).toBe(1);
  const overdue = await rollout.locator('td.rc-rp-overdue').allTextContents();
  expect(overdue).toEqual(['1']);
  await expect(e2e.page.getByTestId('issue-children-progress').textContent()).resolves.toContain(
    '2 of 4 done',
  );
}, 120_000);
