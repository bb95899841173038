/**
 * What the rollout's people did since it started: the sessions' owners recorded who came,
 * employees raised problems, the coordinator placed the pulse macro on the strategy page and
 * named the expense policy.
 */
import type { LocalHost } from '../../host';
import type { PayloadIn, ProblemView } from '../../../src/contract';
import { DEPARTMENT_GROUPS } from '../jira';
import {
  accountOf,
  act,
  appendToPage,
  APPROVALS_PANEL,
  onIssue,
  RAISE_ACTION,
  ROLLOUT_PANEL,
} from './act';
import { DEMO_ROLLOUT_IDS, departmentId, id } from './plan';
import { type DemoRollout, sessionItem, workIssue } from './work';

/**
 * Who came to the sessions held, recorded by each session's owner from its issue: most of
 * Finance at its training (5 of its 7 people: 71% trained), four at the pilot's feedback hour,
 * and a crowd at the kick-off, where one employee also confirms their own attendance. The
 * coordinator enters Operations' head-count (it has no Jira group), so its trained % shows how
 * the fallback reads.
 */
export async function recordAttendance(host: LocalHost, rollout: DemoRollout): Promise<void> {
  const finance = DEPARTMENT_GROUPS['finance-team'] ?? [];
  const sales = DEPARTMENT_GROUPS['sales-team'] ?? [];
  const lists: readonly { sessionId: string; as: string; attendees: readonly string[] }[] = [
    { sessionId: id(101), as: 'coordinator', attendees: finance.slice(0, 5) },
    { sessionId: id(102), as: 'head-finance', attendees: finance.slice(1, 5) },
    {
      sessionId: id(103),
      as: 'coordinator',
      attendees: [...finance.slice(0, 6), ...sales.slice(0, 5), accountOf(host, 'head-support')],
    },
  ];
  for (const list of lists) {
    await act(
      host,
      onIssue(host, ROLLOUT_PANEL, workIssue(rollout, sessionItem(list.sessionId)).key),
      list.as,
      'attendance/record',
      { sessionId: list.sessionId, attendeeAccountIds: [...list.attendees], version: 0 },
    );
  }
  await act(
    host,
    onIssue(host, ROLLOUT_PANEL, workIssue(rollout, sessionItem(id(103))).key),
    'employee',
    'attendance/confirm',
    { sessionId: id(103) },
  );
  await act(
    host,
    onIssue(host, ROLLOUT_PANEL, rollout.anchorKey),
    'coordinator',
    'rolloutPanel/setHeadCount',
    { departmentId: departmentId('Operations'), headCount: 40 },
  );
}

/** An employee raises problems from the issues they meet them on; the coordinator triages one. */
export async function raiseProblems(host: LocalHost, rollout: DemoRollout): Promise<void> {
  const current = DEMO_ROLLOUT_IDS.phases[1];
  const kickOff = workIssue(rollout, sessionItem(id(103))).key;
  const salesTraining = workIssue(rollout, sessionItem(id(104))).key;
  const raise = (issueKey: string, payload: Omit<PayloadIn<'problems/raise'>, 'issueKey'>) =>
    act(host, onIssue(host, RAISE_ACTION, issueKey), 'employee', 'problems/raise', {
      ...payload,
      issueKey,
    });
  await raise(kickOff, {
    requestId: DEMO_ROLLOUT_IDS.problems.blocking,
    category: 'technical',
    severity: 'blocking',
    departmentId: departmentId('Sales'),
    phaseId: current,
    summary: 'Receipts photographed on Android phones fail to upload',
    description:
      'Since the kick-off, every receipt sent from an Android phone ends with "Upload failed".\n\nThe sales team cannot file their travel expenses.',
  });
  const material: ProblemView = await raise(salesTraining, {
    requestId: DEMO_ROLLOUT_IDS.problems.material,
    category: 'training-material',
    severity: 'high',
    departmentId: departmentId('Sales'),
    phaseId: current,
    summary: 'The quick-start guide shows the old mileage form',
    description:
      'Pages 3 and 4 of the guide still show the mileage form of the old spreadsheet.\n\nPeople look for fields that no longer exist.',
  });
  await raise(kickOff, {
    requestId: DEMO_ROLLOUT_IDS.problems.resistance,
    category: 'resistance',
    severity: 'medium',
    departmentId: departmentId('Operations'),
    phaseId: current,
    summary: 'Warehouse teams want to keep paper expense forms',
    description:
      'Several team leads say they have no time to learn another tool before the peak season.',
  });
  // The coordinator has seen the training-material problem and is on it.
  await act(
    host,
    onIssue(host, APPROVALS_PANEL, rollout.anchorKey),
    'coordinator',
    'problems/acknowledge',
    { problemId: material.id, version: material.version },
  );
}

/**
 * The coordinator places the "Rollout pulse" macro under the status macro on the strategy page,
 * as Confluence's editor saves it (a new page version through the REST API), so employees answer
 * the open pulse where they read the strategy.
 */
export async function placePulseMacro(host: LocalHost, pageId: string | null): Promise<void> {
  if (pageId === null) throw new Error('Seeding: the strategy page is missing');
  await appendToPage(
    host,
    'coordinator',
    pageId,
    '<ac:structured-macro ac:name="rollout-pulse" ac:macro-id="5eed-pulse-macro"></ac:structured-macro>',
    'Readiness pulse added',
  );
}

/**
 * The rollout's policy: an expense policy page beside the strategy, which the coordinator names
 * from its byline, so its departments' people are asked to acknowledge it (decision 0038).
 */
export async function seedPolicy(host: LocalHost, rollout: DemoRollout): Promise<void> {
  const strategy = host.products.confluence.pages.getPage(Number(rollout.pageId));
  if (!strategy) throw new Error('Seeding: the strategy page is missing');
  const space = host.products.confluence.spaces.requireSpace(strategy.spaceId);
  const page = host.products.confluence.pages.createPage({
    spaceId: strategy.spaceId,
    ...(strategy.parentId === undefined ? {} : { parentId: strategy.parentId }),
    title: 'Expense policy 2026',
    body: '<p>Submit each expense with its receipt in the new tool within 30 days.</p><p>Mileage is claimed with the mileage form, once a month.</p>',
    authorId: accountOf(host, 'coordinator'),
  });
  await act(
    host,
    {
      moduleKey: 'rollout-policy-byline',
      extension: {
        content: { id: String(page.id), type: 'page' },
        space: { id: String(space.id), key: space.key },
      },
    },
    'coordinator',
    'policy/name',
    { rolloutId: rollout.rolloutId },
  );
}
