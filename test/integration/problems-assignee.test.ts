/**
 * Assigning a problem's owner through the local host: the owner becomes the Jira issue's assignee
 * (Jira's assignIssue, as the coordinator); when Jira will not assign them, the owner stays
 * recorded and the answer says plainly what Jira refused; a 500 from Jira leaves the owner
 * recorded and the same step assigns once Jira is back; a 429 is waited out.
 */
import type { LocalHost } from '../../local/host';
import type { ProblemView } from '../../src/contract';
import { accountIdOf, call, ok, memoryHost } from '../support/host';
import { issuePanel, makeRollout } from '../support/rollouts';
import { jiraIssue, raised, storedProblem } from '../support/problems';

let host: LocalHost;
let problem: ProblemView;

beforeEach(async () => {
  host = await memoryHost();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await makeRollout(host);
  problem = await raised(host, 'employee');
  problem = await ok(
    call(issuePanel(host), 'coordinator', 'problems/acknowledge', {
      problemId: problem.id,
      version: problem.version,
    }),
  );
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

function assign(ownerAccountId: string, version = problem.version) {
  return call(issuePanel(host), 'coordinator', 'problems/assign', {
    problemId: problem.id,
    version,
    ownerAccountId,
  });
}

it("makes the owner the Jira issue's assignee", async () => {
  const owner = accountIdOf(host, 'head-support');
  const assigned = await ok(assign(owner));
  expect(assigned.owner?.accountId).toBe(owner);
  expect(jiraIssue(host, problem.issueKey).issue.assigneeAccountId).toBe(owner);
});

it('keeps the owner and says plainly when Jira will not assign them', async () => {
  // An active Jira user with no role in the project: Jira may not assign them its issues.
  const newcomer = 'rc-test-newcomer';
  host.products.jira.users.upsertUser({
    accountId: newcomer,
    displayName: 'Nina Newcomer',
    emailAddress: 'nina@example.com',
  });
  const refused = await assign(newcomer);
  expect(refused.envelope).toMatchObject({
    ok: false,
    error: {
      code: 'FORBIDDEN',
      messageKey: 'errors.problem.assigneeRefused',
      params: { issueKey: problem.issueKey, name: 'Nina Newcomer' },
    },
  });
  expect((await storedProblem(problem.id))?.ownerAccountId).toBe(newcomer);
  expect(jiraIssue(host, problem.issueKey).issue.assigneeAccountId).toBeUndefined();
});

it('keeps the owner through a 500 on assigning, and the same step assigns once Jira is back', async () => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const owner = accountIdOf(host, 'head-support');
  // Every attempt of the call fails (it is retried like a read).
  host.products.faults.add({
    method: 'PUT',
    pathPattern: '/assignee$',
    kind: 'status500',
    times: 4,
  });
  const failed = await assign(owner);
  expect(failed.envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
  const kept = await storedProblem(problem.id);
  expect(kept?.ownerAccountId).toBe(owner);
  expect(jiraIssue(host, problem.issueKey).issue.assigneeAccountId).toBeUndefined();
  await ok(assign(owner, kept?.version));
  expect(jiraIssue(host, problem.issueKey).issue.assigneeAccountId).toBe(owner);
});

it('waits out a 429 on assigning', async () => {
  host.products.faults.add({
    method: 'PUT',
    pathPattern: '/assignee$',
    kind: 'status429',
    retryAfterSeconds: 0,
    times: 1,
  });
  const owner = accountIdOf(host, 'head-support');
  await ok(assign(owner));
  expect(jiraIssue(host, problem.issueKey).issue.assigneeAccountId).toBe(owner);
});
