/**
 * A problem issue's Rollout panel through the local host: its category, severity and status as
 * stored, its owner and what fixed it once triaged; nothing of the triage for whoever cannot
 * browse the anchor; a property pointing at another issue's problem shows none of that one.
 */
import type { LocalHost } from '../../local/host';
import type { MemberPanelView, ProblemView } from '../../src/contract';
import { accountIdOf, call, ok, hostPerTest, type From } from '../support/host';
import { rolloutPanelOn, issuePanel, makeRollout } from '../support/rollouts';
import { raised } from '../support/problems';

const FIX = 'https://example.atlassian.net/wiki/spaces/ROLL/pages/42';

let host: LocalHost;
let problem: ProblemView;

hostPerTest(async (started) => {
  host = started;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await makeRollout(host);
  problem = await raised(host, 'employee');
});

const panelOn = (issueKey: string): From => rolloutPanelOn(host, issueKey);

async function memberAs(as: string, issueKey = problem.issueKey): Promise<MemberPanelView> {
  const view = await ok(call(panelOn(issueKey), as, 'rolloutPanel/load', {}));
  if (view.kind !== 'member') throw new Error(`expected a member view, got ${view.kind}`);
  return view;
}

async function resolveWithOwner(): Promise<void> {
  const triage = issuePanel(host);
  const ref = { problemId: problem.id };
  const acknowledged = await ok(
    call(triage, 'coordinator', 'problems/acknowledge', { ...ref, version: problem.version }),
  );
  const assigned = await ok(
    call(triage, 'coordinator', 'problems/assign', {
      ...ref,
      version: acknowledged.version,
      ownerAccountId: accountIdOf(host, 'head-support'),
    }),
  );
  await ok(
    call(triage, 'coordinator', 'problems/resolve', {
      ...ref,
      version: assigned.version,
      comment: 'Slides redone.',
      fixLink: FIX,
    }),
  );
}

describe("the anchor's triage list", () => {
  it('loads with its own invoke, at a cost that does not grow with the problems', async () => {
    const anchor = rolloutPanelOn(host, 'ROLL-1');
    const one = await call(anchor, 'coordinator', 'problems/list', {});
    for (let i = 2; i <= 6; i += 1) {
      await raised(host, 'employee', {
        requestId: `00000000-0000-4000-8000-00000000710${String(i)}`,
        summary: `Problem ${String(i)}`,
      });
    }
    const six = await call(anchor, 'coordinator', 'problems/list', {});
    expect(six.envelope.ok && six.envelope.data.problems).toHaveLength(6);
    console.info(`problems/list: ${JSON.stringify(one.counters)}, ${JSON.stringify(six.counters)}`);
    expect(six.counters).toEqual(one.counters);
    // The issue, the admin check (none for the coordinator), one user look-up; the rollout and
    // its problems.
    expect(six.counters.product).toBeLessThanOrEqual(3);
    expect(six.counters.storage).toBeLessThanOrEqual(2);
  });
});

describe("a problem issue's panel", () => {
  it('shows a new problem with its category, severity and status, and no owner yet', async () => {
    const view = await memberAs('employee');
    expect(view.role).toBe('problem');
    expect(view.problem).toEqual({
      category: 'training-material',
      severity: 'high',
      status: 'new',
      owner: null,
      fixLink: '',
      closingComment: '',
    });
  });

  it('shows its owner and what fixed it once resolved', async () => {
    await resolveWithOwner();
    const view = await memberAs('employee');
    expect(view.problem).toMatchObject({
      status: 'resolved',
      owner: { accountId: accountIdOf(host, 'head-support'), displayName: 'Daniel Okafor' },
      fixLink: FIX,
      closingComment: 'Slides redone.',
    });
  });

  it('takes no triage from a problem record of another issue, whatever the property names', async () => {
    await resolveWithOwner();
    const other = await raised(host, 'employee', {
      requestId: '00000000-0000-4000-8000-000000007002',
      summary: 'Nobody knows where the new forms are',
      severity: 'low',
    });
    // Anyone who edits an issue may edit its property: point the second at the first's record.
    const jira = host.products.jira.issues;
    const issue = jira.getIssue(other.issueKey);
    if (!issue) throw new Error('the second problem has no issue');
    jira.setIssueProperty(issue.id, 'rollout-coordinator', {
      ...(jira.getIssueProperty(issue.id, 'rollout-coordinator') as Record<string, unknown>),
      problemId: problem.id,
    });
    const view = await memberAs('employee', other.issueKey);
    expect(view.problem).toMatchObject({
      severity: 'low',
      status: 'new',
      owner: null,
      fixLink: '',
    });
  });
});
