/**
 * Issue 10's story end to end, in Chromium on the local host with the real @forge/bridge:
 *   1. the coordinator adds the Rollout progress gadget to the Jira dashboard and configures it
 *      (the rollout, the by-department view);
 *   2. seven employees answer a pulse asked of Sales and Finance: while Sales has four answers
 *      (and Finance two) the gadget shows no readiness for either; the seventh, the demo employee
 *      answering from the "Rollout pulse" macro on the strategy page, is Sales' fifth;
 *   3. the head of Sales checks in on the anchor's Rollout panel;
 *   4. the gadget, refreshed, shows Sales at risk (readiness 3.4 of 5 against the strategy's
 *      target of 4) with Knowledge as its barrier, and Finance (two answers) still hidden;
 *   5. the coordinator accepts the suggested training session for Sales on the anchor's Rollout
 *      panel: it appears in the plan (the strategy page) and as a Jira issue under the anchor.
 * Six of the seven answers go through the pulse macro's resolver as people added to Jira (the
 * host's pages act only as its personas); the seventh goes through the macro's form in Chromium.
 */
import type { FrameLocator } from 'playwright-core';
import type { StrategyDetail } from '../../src/contract';
import type { AdkarScores } from '../../src/domain/readiness';
import { accountIdOf, call, ok, type From } from '../support/host';
import { checkScores, chooseByKeyboard, feedbackRow, openRolloutPanel } from '../support/browser';
import { browserSession } from './support/session';
import {
  addPeople,
  approveAll,
  day,
  demoDepartment,
  issueExtension,
  uuid,
} from '../support/rollouts';
import {
  jiraIssues,
  macroExtension,
  makeStrategy,
  placePulseMacro,
  pushPlan,
} from '../support/strategy';

const SALES = demoDepartment('Sales');
const FINANCE = demoDepartment('Finance');
/** Knowledge (2) is the first element at 3 or below: Sales' barrier. Mean 3.4 of 5. */
const SALES_SCORES: AdkarScores = {
  awareness: 5,
  desire: 4,
  knowledge: 2,
  ability: 2,
  reinforcement: 4,
};
const FINANCE_SCORES: AdkarScores = {
  awareness: 4,
  desire: 4,
  knowledge: 4,
  ability: 4,
  reinforcement: 4,
};

let detail: StrategyDetail;

const e2e = browserSession({
  viewport: { width: 1100, height: 1600 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    // The plan starts in two days: no work is behind yet, so what puts Sales at risk is readiness.
    detail = await makeStrategy(host, { phases: 2, sessions: 4, tasksPerPhase: 1, start: day(2) });
    await pushPlan(host, detail.rollout.id);
    await approveAll(host, detail.rollout.issue.key);
  },
  setUpTimeout: 60_000,
});

function gadgetFrame(): FrameLocator {
  return e2e.page.locator('.host-gadget iframe').first().contentFrame();
}

function pageId(): string {
  return detail.page?.id ?? '';
}

/** The strategy page's body as Confluence stores it now. */
function strategyPageBody(): string {
  return e2e.host.products.confluence.pages.getPage(Number(pageId()))?.version.body ?? '';
}

/** An answer from the pulse macro on the strategy page, as its form sends it. */
async function answerFromMacro(
  as: string,
  pulseId: string,
  departmentId: string,
  scores: AdkarScores,
): Promise<void> {
  const macro: From = {
    host: e2e.host,
    moduleKey: 'rollout-pulse',
    extension: macroExtension(e2e.host, pageId()),
  };
  await ok(
    call(macro, as, 'pulses/answer', {
      pulseId,
      departmentId,
      role: 'employee',
      scores,
      comment: '',
    }),
  );
}

/** The gadget's row for `department` in its by-department view, once the gadget has drawn it. */
async function departmentRow(department: string) {
  const gadget = gadgetFrame();
  const table = gadget.getByRole('table', { name: 'New CRM by department' });
  const row = table
    .getByRole('row')
    .filter({ has: gadget.getByRole('rowheader', { name: department }) });
  await row.waitFor();
  return row;
}

it('follows readiness from a pulse to an accepted training session for Sales', async () => {
  const anchor = detail.rollout.issue.key;
  const base = e2e.url;

  // 1. The coordinator adds the gadget (it opens in its edit view) and configures it.
  await e2e.page.goto(`${base}/jira/dashboard?as=coordinator`);
  let gadget = gadgetFrame();
  await gadget.getByRole('heading', { name: 'Rollout progress settings' }).waitFor();
  await gadget.getByRole('checkbox', { name: /New CRM/u }).check();
  await gadget.getByRole('radio', { name: 'By department' }).check();
  await gadget.getByRole('button', { name: 'Save' }).click();
  await e2e.page.waitForURL(/\/jira\/dashboard\?as=coordinator$/u);
  let sales = await departmentRow('Sales');
  await sales.getByText('On track', { exact: true }).waitFor();

  // 2. A pulse for Sales and Finance; six people answer: four in Sales, two in Finance.
  const anchorPanel: From = {
    host: e2e.host,
    moduleKey: 'rollout-panel',
    extension: issueExtension(e2e.host, anchor),
  };
  const opened = await ok(
    call(anchorPanel, 'coordinator', 'pulses/open', {
      requestId: uuid(8500),
      from: day(-1),
      to: day(6),
      departmentIds: [SALES, FINANCE],
    }),
  );
  const pulseId = opened.pulses[0]?.id ?? '';
  await placePulseMacro(e2e.host, pageId());
  const [s1, s2, s3, s4, f1, f2] = addPeople(e2e.host, 6, 'rc-story-employee');
  // Each answer counts for the department whose Jira group holds its author.
  for (const person of [s1, s2, s3, s4]) {
    e2e.host.products.jira.users.addGroupMember('sales-team', person ?? '');
  }
  for (const person of [f1, f2]) {
    e2e.host.products.jira.users.addGroupMember('finance-team', person ?? '');
  }
  for (const person of [s1, s2, s3, s4]) {
    await answerFromMacro(person ?? '', pulseId, SALES, SALES_SCORES);
  }
  for (const person of [f1, f2]) {
    await answerFromMacro(person ?? '', pulseId, FINANCE, FINANCE_SCORES);
  }

  // Below five answers Sales stays hidden: no score, no barrier, no status from readiness.
  await e2e.page.getByRole('button', { name: 'Refresh' }).click();
  sales = await departmentRow('Sales');
  await sales.getByText('On track', { exact: true }).waitFor();
  const readinessCell = sales.getByRole('cell').nth(4);
  await expect(readinessCell.textContent()).resolves.toBe(
    'Hidden to keep answers anonymous (shows from 5 answers)',
  );

  // The coordinator's feedback section on the anchor hides Sales too, and Finance with it.
  let panel = await openRolloutPanel(e2e.page, base, anchor, 'coordinator');
  await panel.getByText('6 answers so far').waitFor();
  await feedbackRow(panel, 'Sales').getByText('Hidden', { exact: true }).waitFor();
  await feedbackRow(panel, 'Finance').getByText('Hidden', { exact: true }).waitFor();

  // The seventh employee answers from the pulse macro on the strategy page: Sales' fifth answer.
  // They work in Finance and Sales (both Jira groups), so the form asks which this answer is for.
  e2e.host.products.jira.users.addGroupMember('sales-team', accountIdOf(e2e.host, 'employee'));
  await e2e.page.goto(`${base}/confluence/page/${pageId()}?as=employee&locale=en-US`);
  const form = e2e.page
    .locator('[data-macro-key="rollout-pulse"] iframe.host-macro-frame')
    .contentFrame();
  await form.getByRole('heading', { name: 'How ready are you for New CRM?' }).waitFor();
  // Nothing is chosen for them: the answer counts once, for the department they pick.
  const departments = form.getByRole('group', { name: 'Which department do you answer for?' });
  await departments.waitFor();
  await expect(departments.getByRole('radio').count()).resolves.toBe(2);
  await expect(departments.getByRole('radio', { checked: true }).count()).resolves.toBe(0);
  await form.getByRole('radio', { name: 'Employee' }).check();
  await checkScores(
    form,
    {
      awareness: 'Awareness',
      desire: 'Desire',
      knowledge: 'Knowledge',
      ability: 'Ability',
      reinforcement: 'Reinforcement',
    },
    SALES_SCORES,
  );
  await form.getByRole('button', { name: 'Send my answer' }).click();
  await form.getByText('Choose the department you answer for.').waitFor();
  await departments.getByRole('radio', { name: 'Sales' }).check();
  await form.getByRole('button', { name: 'Send my answer' }).click();
  await form.getByText('Thank you: your answer is in.').waitFor();

  // 3. The head of Sales checks in on the anchor, by name.
  panel = await openRolloutPanel(e2e.page, base, anchor, 'head-sales');
  await panel.getByRole('heading', { name: 'Check in for a department' }).waitFor();
  await chooseByKeyboard(panel.getByLabel('Department', { exact: true }), 'Sales');
  await panel
    .getByRole('group', { name: 'Readiness, 1 to 5' })
    .getByRole('radio', { name: '3', exact: true })
    .check();
  await panel
    .getByLabel(/What you see: blockers, mood/u)
    .fill('The account managers still ask how to log a call.');
  await panel.getByRole('button', { name: 'Check in', exact: true }).click();
  await panel.getByText('The account managers still ask how to log a call.').waitFor();

  // 4. The gadget shows Sales at risk with the Knowledge barrier; Finance, two answers, hidden.
  await e2e.page.goto(`${base}/jira/dashboard?as=coordinator`);
  sales = await departmentRow('Sales');
  await sales.getByText('At risk', { exact: true }).waitFor();
  await sales.getByText('3.4 of 5 · barrier: Knowledge').waitFor();
  const finance = await departmentRow('Finance');
  await expect(finance.getByRole('cell').nth(4).textContent()).resolves.toBe(
    'Hidden to keep answers anonymous (shows from 5 answers)',
  );
  gadget = gadgetFrame();
  await gadget.getByText('Sales: readiness 3.4 of 5, target 4').first().waitFor();

  // 5. The coordinator accepts the suggested training session for Sales on the anchor.
  expect(strategyPageBody()).not.toContain('Training for Sales');
  panel = await openRolloutPanel(e2e.page, base, anchor, 'coordinator');
  await panel.getByRole('heading', { name: 'Suggested adjustments' }).waitFor();
  await feedbackRow(panel, 'Sales').getByText('Knowledge', { exact: true }).waitFor();
  await panel.getByText('Knowledge is the barrier in Sales', { exact: false }).waitFor();
  await panel.getByRole('button', { name: 'Accept: Add a training session' }).click();
  await panel.getByRole('status').filter({ hasText: 'Suggestion accepted' }).waitFor();
  await e2e.host.events.drain();
  await e2e.host.productEvents.idle();

  // In Jira: one issue for the new session, under the anchor.
  const added = jiraIssues(e2e.host, `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`)
    .map((issue) => e2e.host.products.jira.issues.getIssue(issue.key))
    .filter((issue) => issue?.summary.endsWith('Training for Sales'));
  expect(added).toHaveLength(1);
  const sessionKey = added[0]?.key ?? '';
  await e2e.page.goto(`${base}/jira/issue/${anchor}?as=coordinator&locale=en-US`);
  await e2e.page.getByTestId('issue-children').getByRole('link', { name: sessionKey }).waitFor();

  // In the plan: the strategy page lists the session.
  expect(strategyPageBody()).toContain('Training for Sales');
  await e2e.page.goto(`${base}/confluence/page/${pageId()}?as=coordinator&locale=en-US`);
  await e2e.page.getByText('Training for Sales', { exact: false }).first().waitFor();
}, 180_000);
