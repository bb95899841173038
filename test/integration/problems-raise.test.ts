/**
 * "Raise a problem" through the local host: who may raise, the Jira issue it makes (a child of
 * the anchor, its property set in the create so JQL finds it by category and severity), at most
 * three Jira calls, one issue per request id however often it is sent, storage and Jira
 * consistent after a 429 or a 500 on each Jira call, and who is e-mailed in which language.
 */
import type { LocalHost } from '../../local/host';
import { accountIdOf, call, hostPerTest, ok } from '../support/host';
import {
  ISSUE,
  demoDepartment,
  mailsSince,
  makeRollout,
  outboxSize,
  uuid,
} from '../support/rollouts';
import { jiraIssue, jql, raiseAction, raiseAs, raised, storedProblem } from '../support/problems';

let host: LocalHost;
let id: (persona: string) => string;

hostPerTest(async (started) => {
  host = started;
  id = (persona) => accountIdOf(host, persona);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await makeRollout(host);
});

/** Every issue of the project but the anchor: the problems Jira holds. */
async function problemIssues(): Promise<string[]> {
  return (await jql(host, 'project = "ROLL"')).filter((key) => key !== ISSUE);
}

describe('raising a problem', () => {
  it('creates a child of the anchor with its property, found by JQL, in at most 3 Jira calls', async () => {
    const outcome = await raiseAs(host, 'employee');
    expect(outcome.envelope.ok).toBe(true);
    expect(outcome.counters.product).toBeLessThanOrEqual(3);
    const view = await ok(Promise.resolve(outcome));
    expect(view).toMatchObject({
      status: 'new',
      category: 'training-material',
      severity: 'high',
      departmentName: 'Sales',
      raisedOnIssueKey: ISSUE,
      version: 2,
    });
    const jira = jiraIssue(host, view.issueKey);
    expect(jira.parentKey).toBe(ISSUE);
    expect(jira.type).toBe('Task');
    expect(jira.issue.summary).toBe('The CRM training slides show the old screens');
    expect(jira.issue.reporterAccountId).toBe(id('employee'));
    const stored = await storedProblem(view.id);
    expect(jira.property).toEqual({
      rolloutId: stored?.rolloutId,
      problemId: view.id,
      role: 'problem',
      phaseId: '',
      departmentId: demoDepartment('Sales'),
      category: 'training-material',
      severity: 'high',
      status: 'new',
    });
    expect(
      await jql(
        host,
        'rolloutProblemCategory = "training-material" AND rolloutProblemSeverity = "high"',
      ),
    ).toEqual([view.issueKey]);
    expect(stored).toMatchObject({
      issueKey: view.issueKey,
      raisedBy: id('employee'),
      claimedAt: '',
    });
  });

  it('costs 3 Jira calls the first time in a project and 2 after (the issue type is remembered)', async () => {
    const first = await raiseAs(host, 'employee', { requestId: uuid(7101) });
    const second = await raiseAs(host, 'employee', { requestId: uuid(7102) });
    expect([first.counters.product, second.counters.product]).toEqual([3, 2]);
  });

  it('is refused to someone who cannot browse the issue, who learns nothing', async () => {
    const outcome = await raiseAs(host, 'outsider');
    expect(outcome.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await problemIssues()).toEqual([]);
  });

  it('refuses a department or phase the rollout does not have, creating nothing', async () => {
    const outcome = await raiseAs(host, 'employee', { departmentId: 'no-such-department' });
    expect(outcome.envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', messageKey: 'errors.problem.department' },
    });
    const phase = await raiseAs(host, 'employee', { phaseId: 'p9' });
    expect(phase.envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', messageKey: 'errors.problem.phase' },
    });
    expect(await problemIssues()).toEqual([]);
  });

  it('refuses an issue that belongs to no rollout', async () => {
    const other = host.products.jira.issues.createIssue({
      projectKey: 'ROLL',
      issueType: 'Task',
      summary: 'Unrelated',
      reporterAccountId: id('coordinator'),
    });
    const outcome = await raiseAs(host, 'employee', { issueKey: other.key });
    expect(outcome.envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.problem.notInRollout' },
    });
  });
});

describe('a repeated "Raise a problem"', () => {
  it('creates one issue for two clicks at once, and the same answer for a later repeat', async () => {
    const [a, b] = await Promise.all([raiseAs(host, 'employee'), raiseAs(host, 'employee')]);
    const answers = [a.envelope, b.envelope];
    const created = answers.filter((answer) => answer.ok);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) {
      if (!answer.ok)
        expect(answer.error).toMatchObject({
          code: 'CONFLICT',
          messageKey: 'errors.problem.raising',
        });
    }
    expect(await problemIssues()).toHaveLength(1);
    const again = await raised(host, 'employee');
    expect(await problemIssues()).toEqual([again.issueKey]);
  });

  it('is refused when another person reuses the request id', async () => {
    await raised(host, 'employee');
    const outcome = await raiseAs(host, 'head-sales');
    expect(outcome.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.problem.requestReused' },
    });
    expect(await problemIssues()).toHaveLength(1);
  });
});

describe('when Jira throttles or fails', () => {
  const CALLS = [
    { name: 'reading the issue', method: 'GET', pathPattern: '^/rest/api/3/issue/ROLL-1$' },
    { name: 'reading the project', method: 'GET', pathPattern: '^/rest/api/3/project/ROLL$' },
    { name: 'creating the issue', method: 'POST', pathPattern: '^/rest/api/3/issue$' },
  ];

  it.each(CALLS)('waits out a 429 on $name and creates one issue', async (fault) => {
    host.products.faults.add({ ...fault, kind: 'status429', retryAfterSeconds: 0, times: 1 });
    const view = await raised(host, 'employee');
    expect(await problemIssues()).toEqual([view.issueKey]);
  });

  it.each(CALLS)(
    'answers UPSTREAM for a 500 on $name, leaves no issue, and a retry creates exactly one',
    async (fault) => {
      jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      host.products.faults.add({ ...fault, kind: 'status500' });
      const failed = await raiseAs(host, 'employee');
      expect(failed.envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
      expect(await problemIssues()).toEqual([]);
      const list = await ok(call(raiseAction(host), 'coordinator', 'problems/list', {}));
      expect(list.problems).toEqual([]);
      host.products.faults.clear();
      const retried = await raiseAs(host, 'employee');
      expect(retried.counters.product).toBeLessThanOrEqual(3);
      const view = await ok(Promise.resolve(retried));
      expect(await problemIssues()).toEqual([view.issueKey]);
    },
  );

  it('adopts the issue Jira made when the answer to the create was lost, never making two', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    host.products.faults.add({
      method: 'POST',
      pathPattern: '^/rest/api/3/issue$',
      kind: 'status500',
      afterHandling: true,
      times: 1,
    });
    const failed = await raiseAs(host, 'employee');
    expect(failed.envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
    const made = await problemIssues();
    expect(made).toHaveLength(1);
    const retried = await raiseAs(host, 'employee');
    expect(retried.counters.product).toBeLessThanOrEqual(3);
    const view = await ok(Promise.resolve(retried));
    expect(view.issueKey).toBe(made[0]);
    expect(await problemIssues()).toEqual(made);
  });
});

describe('who hears of it', () => {
  it('e-mails the coordinator and, for a high problem, the head, each in their language, once', async () => {
    const since = outboxSize(host);
    const view = await raised(host, 'employee');
    await host.events.drain();
    const mails = mailsSince(host, since).map((mail) => [mail.to, mail.subject]);
    expect(mails).toEqual(
      expect.arrayContaining([
        [
          [id('coordinator')],
          '[Roll out the new CRM] High problem: The CRM training slides show the old screens',
        ],
        [
          [id('head-sales')],
          '[Roll out the new CRM] Problème (Élevée) : The CRM training slides show the old screens',
        ],
      ]),
    );
    expect(mails).toHaveLength(2);
    // A second delivery of the same event (delivery is at least once) sends nothing more.
    const delivered = host.events.deliveries.find((d) => d.queue === 'problem-mail');
    expect(delivered).toBeDefined();
    host.events.redeliver(delivered?.eventId ?? '');
    await host.events.drain();
    expect(host.events.deliveries.filter((d) => d.queue === 'problem-mail')).toHaveLength(2);
    expect(mailsSince(host, since)).toHaveLength(2);
    expect(view.issueKey).not.toBe('');
  });

  it('e-mails only the coordinator for a low problem, and nobody of their own', async () => {
    const since = outboxSize(host);
    await raised(host, 'employee', { requestId: uuid(7201), severity: 'low' });
    await raised(host, 'coordinator', { requestId: uuid(7202), severity: 'blocking' });
    await host.events.drain();
    expect(mailsSince(host, since).map((mail) => mail.to)).toEqual([
      [id('coordinator')],
      [id('head-sales')],
    ]);
  });
});
