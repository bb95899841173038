/**
 * Triage from the anchor's panel through the local host: who may triage, the Jira status
 * following through the project's workflow (and saying which transition is missing), the
 * property's status at every step, racing steps with exactly one winner, the audit trail, and
 * a Jira failure after the step (Jira behind, the same step finishing it).
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { ProblemView } from '../../src/contract';
import type { AuditEvent } from '../../src/domain/audit';
import { accountIdOf, call, ok, memoryHost } from '../support/host';
import { issuePanel, makeRollout } from '../support/rollouts';
import { jiraIssue, raised, storedProblem } from '../support/problems';

let host: LocalHost;
let id: (persona: string) => string;
let problem: ProblemView;

beforeEach(async () => {
  host = await memoryHost();
  id = (persona) => accountIdOf(host, persona);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await makeRollout(host);
  problem = await raised(host, 'employee');
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const panel = () => issuePanel(host);

function acknowledge(as: string, version = problem.version) {
  return call(panel(), as, 'problems/acknowledge', { problemId: problem.id, version });
}

async function problemEvents(): Promise<string[]> {
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [(await storedProblem(problem.id))?.rolloutId ?? ''] })
    .limit(100)
    .getMany();
  return page.results
    .map((row) => row.value)
    .filter((event) => event.type.startsWith('problem-'))
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((event) => `${event.type}|${event.actorAccountId}|${event.detail}|${event.comment}`);
}

describe('the list on the anchor', () => {
  it('shows the problems to whoever browses the anchor, with who may triage', async () => {
    const asCoordinator = await ok(call(panel(), 'coordinator', 'problems/list', {}));
    expect(asCoordinator.canTriage).toBe(true);
    expect(
      asCoordinator.problems.map((p) => [p.issueKey, p.status, p.raisedBy.displayName]),
    ).toEqual([[problem.issueKey, 'new', 'Lucas Petit']]);
    expect(asCoordinator.jql).toContain('rolloutRole = "problem"');
    const asEmployee = await ok(call(panel(), 'employee', 'problems/list', {}));
    expect(asEmployee.canTriage).toBe(false);
    expect(asEmployee.problems).toHaveLength(1);
    const asOutsider = await call(panel(), 'outsider', 'problems/list', {});
    expect(asOutsider.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('who may triage', () => {
  it('refuses an employee and a department head, and lets the coordinator and a Jira admin', async () => {
    for (const as of ['employee', 'head-sales']) {
      const refused = await acknowledge(as);
      expect(refused.envelope).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', messageKey: 'errors.problem.triageForbidden' },
      });
    }
    expect((await storedProblem(problem.id))?.status).toBe('new');
    const byAdmin = await ok(acknowledge('admin'));
    expect(byAdmin.status).toBe('acknowledged');
  });
});

describe('the Jira status follows', () => {
  it('acknowledge, assign, resolve: transitions, the property and the audit trail at each step', async () => {
    const acknowledged = await ok(acknowledge('coordinator'));
    expect(acknowledged).toMatchObject({ status: 'acknowledged', jiraInLine: true });
    expect(jiraIssue(host, problem.issueKey)).toMatchObject({
      status: 'In Progress',
      property: { status: 'acknowledged', category: 'training-material', severity: 'high' },
    });
    const assigned = await ok(
      call(panel(), 'coordinator', 'problems/assign', {
        problemId: problem.id,
        version: acknowledged.version,
        ownerAccountId: id('head-support'),
      }),
    );
    expect(assigned.owner?.displayName).toBe('Daniel Okafor');
    const resolved = await ok(
      call(panel(), 'coordinator', 'problems/resolve', {
        problemId: problem.id,
        version: assigned.version,
        comment: 'Slides redone.',
        fixLink: 'https://example.atlassian.net/wiki/spaces/ROLL/pages/42',
      }),
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      closingComment: 'Slides redone.',
      fixLink: 'https://example.atlassian.net/wiki/spaces/ROLL/pages/42',
      jiraInLine: true,
    });
    expect(jiraIssue(host, problem.issueKey)).toMatchObject({
      status: 'Done',
      property: { status: 'resolved' },
    });
    expect(await problemEvents()).toEqual([
      `problem-raised|${id('employee')}|${problem.issueKey}|`,
      `problem-acknowledged|${id('coordinator')}|${problem.issueKey}|`,
      `problem-assigned|${id('coordinator')}|${problem.issueKey}|`,
      `problem-resolved|${id('coordinator')}|${problem.issueKey}|Slides redone.`,
    ]);
  });

  it('says which transition is missing, and changes nothing', async () => {
    // The demo workflow goes To Do → In Progress → Done: nothing leads from To Do to Done.
    const outcome = await call(panel(), 'coordinator', 'problems/resolve', {
      problemId: problem.id,
      version: problem.version,
      comment: '',
      fixLink: '',
    });
    expect(outcome.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        messageKey: 'errors.problem.transitionMissing',
        params: { issueKey: problem.issueKey, from: 'To Do', to: 'a Done status' },
      },
    });
    const french = await call({ ...panel(), locale: 'fr-FR' }, 'coordinator', 'problems/resolve', {
      problemId: problem.id,
      version: problem.version,
    });
    expect(french.envelope).toMatchObject({
      ok: false,
      error: { params: { to: 'un statut « Terminé »' } },
    });
    expect(await storedProblem(problem.id)).toMatchObject({
      status: 'new',
      version: problem.version,
    });
    expect(jiraIssue(host, problem.issueKey)).toMatchObject({
      status: 'To Do',
      property: { status: 'new' },
    });
  });

  it('accepts a risk only with a comment, and the trail keeps it', async () => {
    const acknowledged = await ok(acknowledge('coordinator'));
    const silent = await call(panel(), 'coordinator', 'problems/accept', {
      problemId: problem.id,
      version: acknowledged.version,
      comment: '  ',
    });
    expect(silent.envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const accepted = await ok(
      call(panel(), 'coordinator', 'problems/accept', {
        problemId: problem.id,
        version: acknowledged.version,
        comment: 'Old slides stay until the autumn release.',
      }),
    );
    expect(accepted).toMatchObject({ status: 'accepted', fixLink: '' });
    expect(jiraIssue(host, problem.issueKey)).toMatchObject({
      status: 'Done',
      property: { status: 'accepted' },
    });
    expect((await problemEvents()).at(-1)).toBe(
      `problem-accepted|${id('coordinator')}|${problem.issueKey}|Old slides stay until the autumn release.`,
    );
    const again = await call(panel(), 'coordinator', 'problems/acknowledge', {
      problemId: problem.id,
      version: accepted.version,
    });
    expect(again.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.problem.closed' },
    });
  });
});

describe('racing triage', () => {
  it('has exactly one winner; the loser hears CONFLICT with what won, and Jira moved once', async () => {
    const answers = await Promise.all([acknowledge('coordinator'), acknowledge('admin')]);
    const winners = answers.filter((a) => a.envelope.ok);
    const losers = answers.filter((a) => !a.envelope.ok);
    expect(winners).toHaveLength(1);
    expect(losers.map((l) => (l.envelope.ok ? '' : l.envelope.error.code))).toEqual(['CONFLICT']);
    expect(await problemEvents()).toHaveLength(2);
    expect(jiraIssue(host, problem.issueKey)).toMatchObject({ status: 'In Progress' });
  });

  it('answers a stale version with CONFLICT and the current problem', async () => {
    await ok(acknowledge('coordinator'));
    const stale = await call(panel(), 'admin', 'problems/accept', {
      problemId: problem.id,
      version: problem.version,
      comment: 'Too late',
    });
    expect(stale.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.problem.stale',
        details: { current: { status: 'acknowledged' } },
      },
    });
  });
});

describe('when Jira fails after the step', () => {
  it('keeps the step, shows Jira behind, and the same step again brings Jira in line', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    host.products.faults.add({
      method: 'POST',
      pathPattern: '/transitions$',
      kind: 'status500',
      times: 1,
    });
    const failed = await acknowledge('coordinator');
    expect(failed.envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
    const behind = await ok(call(panel(), 'coordinator', 'problems/list', {}));
    expect(behind.problems[0]).toMatchObject({ status: 'acknowledged', jiraInLine: false });
    expect(jiraIssue(host, problem.issueKey)).toMatchObject({
      status: 'To Do',
      property: { status: 'new' },
    });
    const repeated = await ok(acknowledge('coordinator', behind.problems[0]?.version));
    expect(repeated).toMatchObject({ status: 'acknowledged', jiraInLine: true });
    expect(jiraIssue(host, problem.issueKey)).toMatchObject({
      status: 'In Progress',
      property: { status: 'acknowledged' },
    });
    expect(await problemEvents()).toHaveLength(2);
  });

  it.each([
    ['reading the transitions', 'GET', '/transitions$'],
    ['reading the status', 'GET', `^/rest/api/3/issue/ROLL-2$`],
  ])('answers UPSTREAM for a 500 on %s, writing nothing', async (_name, method, pathPattern) => {
    host.products.faults.add({ method, pathPattern, kind: 'status500' });
    const failed = await acknowledge('coordinator');
    expect(failed.envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
    expect(await storedProblem(problem.id)).toMatchObject({
      status: 'new',
      version: problem.version,
    });
  });

  it('waits out a 429 on taking the transition', async () => {
    host.products.faults.add({
      method: 'POST',
      pathPattern: '/transitions$',
      kind: 'status429',
      retryAfterSeconds: 0,
      times: 1,
    });
    expect(await ok(acknowledge('coordinator'))).toMatchObject({
      status: 'acknowledged',
      jiraInLine: true,
    });
  });
});
