/**
 * The Rollout panel in Chromium, on the local host's Jira issue page with the real @forge/bridge:
 * a strategy's plan pushed to Jira, its anchor shows the rollout at a glance; every head approves,
 * the coordinator clicks "Start rollout" and the panel says it is in progress; a blocking problem
 * keeps the pilot from being completed until the coordinator accepts the risk with a comment. A
 * work issue made by the push shows where it sits in the plan, in English and in French, and its
 * Approvals panel points to the anchor. The coordinator enters a department's head-count and the
 * trained % by department shows where each figure's people come from. An issue of no rollout does
 * not show the panel at all.
 */
import type { FrameLocator } from 'playwright-core';
import { decodeFrame } from '../../local/http/frame';
import type { StrategyDetail } from '../../src/contract';
import { call, ok } from '../support/host';
import { openRolloutPanel, runTransition } from '../support/browser';
import { browserSession } from './support/session';
import { addIssue, decideAs, issueExtension, requestApproval } from '../support/rollouts';
import { jiraIssues, makeStrategy, planIds, pushPlan } from '../support/strategy';

let detail: StrategyDetail;

const e2e = browserSession({
  viewport: { width: 1100, height: 1400 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    detail = await makeStrategy(host, { phases: 3, sessions: 12, tasksPerPhase: 1 });
    await pushPlan(host, detail.rollout.id);
  },
  setUpTimeout: 60_000,
});

const openIssue = (key: string, as: string, locale?: string): Promise<FrameLocator> =>
  openRolloutPanel(e2e.page, e2e.url, key, as, locale);

const transition = (name: string): Promise<string> => runTransition(e2e.page, name);

describe('the Rollout panel', () => {
  it('follows the rollout from its plan to a completed pilot, accepting a blocking risk', async () => {
    const anchor = detail.rollout.issue.key;
    let panel = await openIssue(anchor, 'coordinator');
    await panel.getByRole('heading', { name: 'New CRM', level: 2 }).waitFor();
    await panel.getByText('Draft', { exact: true }).first().waitFor();
    await panel.getByText('Pilot starts on', { exact: false }).waitFor();
    const pilot = panel.getByRole('region', { name: 'Pilot' });
    await pilot.getByRole('rowheader', { name: 'Work of Pilot for Sales in Jira' }).waitFor();
    await panel.getByRole('heading', { name: 'Upcoming sessions' }).waitFor();
    await panel.getByText('No open problems.').waitFor();
    await panel.getByRole('link', { name: 'Strategy page' }).waitFor();
    // No phase can be completed before the rollout starts.
    await expect(panel.getByRole('button', { name: 'Complete Pilot' }).count()).resolves.toBe(0);

    // Every head approves; the coordinator starts the rollout through the gate.
    await requestApproval(e2e.host, anchor);
    for (const [head, department] of [
      ['head-sales', 'Sales'],
      ['head-support', 'Customer Support'],
      ['head-finance', 'Finance'],
      ['head-operations', 'Operations'],
    ] as const) {
      await ok(decideAs(e2e.host, head, department, 'approved', '', anchor));
    }
    panel = await openIssue(anchor, 'coordinator');
    expect(await transition('Start rollout')).not.toContain('blocked');
    panel = await openIssue(anchor, 'coordinator');
    await panel.getByText('In progress', { exact: true }).first().waitFor();

    // The Approvals panel agrees: no longer "The rollout can start".
    const approvals = e2e.page.frameLocator(
      '[data-module-key="rollout-approvals"] iframe.host-panel-frame',
    );
    await approvals.getByText('The rollout has been under way since', { exact: false }).waitFor();
    await expect(
      approvals.getByText('The rollout can start', { exact: false }).count(),
    ).resolves.toBe(0);

    // A blocking problem in the pilot: completing asks for the risk to be accepted.
    const problemKey = addIssue(e2e.host, 'The training videos do not play');
    const problem = e2e.host.products.jira.issues.getIssue(problemKey);
    if (!problem) throw new Error('no problem issue');
    e2e.host.products.jira.issues.setIssueProperty(problem.id, 'rollout-coordinator', {
      rolloutId: detail.rollout.id,
      role: 'problem',
      phaseId: planIds.phase(0),
      departmentId: '',
      category: 'training-material',
      severity: 'blocking',
      status: 'new',
    });
    panel = await openIssue(anchor, 'coordinator');
    await panel.getByRole('link', { name: 'Blocking: 1' }).waitFor();
    await panel.getByRole('button', { name: 'Complete Pilot' }).click();
    await panel.getByText('Blocking problems are open in Pilot').waitFor();
    await panel.getByRole('button', { name: 'Accept the risk and complete' }).click();
    await panel.getByText('Say why the risk is acceptable.').waitFor();
    await panel.getByLabel('Why accept the risk?').fill('The slides cover the same ground.');
    await panel.getByRole('button', { name: 'Accept the risk and complete' }).click();
    await panel.getByText('Completed on', { exact: false }).first().waitFor();
    await panel
      .getByText('Completed with 1 blocking problem open: The slides cover the same ground.')
      .waitFor();
    await panel.getByText('Rollout starts on', { exact: false }).waitFor();
  }, 90_000);

  it('loads the anchor with its problems, suggestions and feedback in one invoke', async () => {
    const invokes: string[] = [];
    e2e.page.on('request', (request) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/__forge/bridge')) return;
      const body = request.postDataJSON() as {
        frame: string;
        cmd: string;
        payload?: { functionKey?: string };
      };
      if (body.cmd === 'invoke' && decodeFrame(body.frame).moduleKey === 'rollout-panel') {
        invokes.push(body.payload?.functionKey ?? '');
      }
    });
    const panel = await openIssue(detail.rollout.issue.key, 'coordinator');
    for (const name of ['Problems', 'Suggested adjustments', 'Feedback and readiness']) {
      await panel.getByRole('heading', { name, exact: true }).waitFor();
    }
    // Whatever a section would still ask for itself has had time to leave.
    await e2e.page.waitForTimeout(500);
    expect(invokes).toEqual(['rolloutPanel/load']);
    // The sections show their answers: none is waiting for one.
    await expect(
      panel
        .getByRole('status')
        .filter({ hasText: /Loading/u })
        .count(),
    ).resolves.toBe(0);
  });

  it("shows a pushed session's place in the plan, in English and French", async () => {
    const [session] = jiraIssues(
      e2e.host,
      `rolloutId = "${detail.rollout.id}" AND rolloutPlanItem = "session:${planIds.session(0)}"`,
    );
    const key = session?.key ?? '';
    let panel = await openIssue(key, 'employee');
    await panel.getByRole('heading', { name: 'Part of the rollout New CRM' }).waitFor();
    await panel.getByRole('heading', { name: 'Phase 1 of 3: Pilot' }).waitFor();
    await panel.getByRole('definition').getByText('Sales', { exact: true }).waitFor();
    // No attendance recorded yet: no trained % computed, so none is shown on the session.
    await expect(panel.getByText('Trained by department').count()).resolves.toBe(0);
    await panel.getByRole('link', { name: `Open ${detail.rollout.issue.key}` }).waitFor();
    const approvals = e2e.page.frameLocator(
      '[data-module-key="rollout-approvals"] iframe.host-panel-frame',
    );
    await approvals
      .getByText(`Its approvals are on ${detail.rollout.issue.key}`, { exact: false })
      .waitFor();
    await expect(approvals.getByText('Make this issue a rollout').count()).resolves.toBe(0);

    panel = await openIssue(key, 'employee', 'fr-FR');
    await panel.getByRole('heading', { name: 'Fait partie du déploiement New CRM' }).waitFor();
    await panel.getByRole('heading', { name: 'Phase 1 sur 3 : Pilot' }).waitFor();
  }, 60_000);

  it('lets the coordinator enter a head-count, and shows each department’s trained %', async () => {
    const panel = await openIssue(detail.rollout.issue.key, 'coordinator');
    const trained = panel.getByRole('list', { name: 'Trained by department' });
    await trained.waitFor();
    await panel
      .getByText('The figures appear once attendance is recorded or a head-count entered.')
      .waitFor();
    await panel.getByRole('button', { name: 'Enter the head-count of Operations' }).click();
    const field = panel.getByLabel('People in Operations');
    await field.fill('40');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    // Operations: its head-count; Finance and Sales: the Jira groups the demo company links.
    await trained.getByText('0% trained (0 of 40)').waitFor();
    await trained.getByText('People from the head-count entered').waitFor();
    await trained.getByText('0% trained (0 of 7)').waitFor();
    await expect(trained.getByText('People from the Jira group').count()).resolves.toBe(2);
  }, 60_000);

  it('is not shown on an issue that belongs to no rollout', async () => {
    const key = addIssue(e2e.host, 'Quarterly report');
    await e2e.page.goto(`${e2e.url}/jira/issue/${key}?as=employee&locale=en-US`);
    await e2e.page.locator('[data-module-key="rollout-approvals"]').waitFor();
    await expect(e2e.page.locator('[data-module-key="rollout-panel"]').count()).resolves.toBe(0);
    // The panel's answer if Jira showed it anyway: a short explanation, no error.
    const answer = await ok(
      call(
        { host: e2e.host, moduleKey: 'rollout-panel', extension: issueExtension(e2e.host, key) },
        'employee',
        'rolloutPanel/load',
        {},
      ),
    );
    expect(answer).toEqual({ kind: 'none' });
  });
});
