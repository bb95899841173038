/**
 * "Push plan to Jira" through the local Forge host, as a background job: the resolver queues one
 * event (a second click, or two at once, join the same push) and the `push-plan` consumer creates
 * one issue per plan item with its property, due date and labels, as a child of the anchor issue, writing its
 * progress as it goes (a page reload finds it). Never a duplicate, whether the event is delivered
 * twice, the push is repeated, killed half-way by Jira 500s, answered 500 after Jira did the
 * work, or replaced after its consumer died; a 429 hands the wait to the platform (InvocationError
 * retryAfter) instead of sleeping; a consumer out of time continues in a fresh invocation.
 *
 * Longer than 600 lines on purpose: the scenarios are one job's specification, read top to
 * bottom, and share helpers that only this job needs (bulk creation failing part-way, waiting
 * for the queue).
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { ProductRequest } from '../../local/runtime';
import type { PushStatus, StrategyDetail } from '../../src/contract';
import { ERRORS_MAX, type PushJob } from '../../src/domain/push-job';
import { deliverPush, pushPlanPorts } from '../../src/jobs/push-plan';
import { call, memoryHost, ok } from '../support/host';
import {
  confluenceModule,
  jiraIssues,
  makeStrategy,
  pushPlan,
  workProperties,
  type StrategyOptions,
} from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

async function start(rolloutId: string, as = 'coordinator') {
  return call(confluenceModule(host), as, 'strategy/push', { rolloutId });
}

async function status(rolloutId: string, as = 'coordinator'): Promise<PushStatus> {
  return ok(call(confluenceModule(host), as, 'strategy/push-status', { rolloutId }));
}

async function pushOk(rolloutId: string): Promise<PushStatus> {
  return pushPlan(host, rolloutId);
}

/** Each plan item has exactly one issue: no item missing, none twice. */
function expectOneIssuePerItem(detail: StrategyDetail, expected: number): void {
  const ids = workProperties(host, detail.rollout.id).map((p) => p.planItemId);
  expect(ids).toHaveLength(expected);
  expect(new Set(ids).size).toBe(expected);
}

function isBulk(request: ProductRequest): boolean {
  return (
    request.product === 'jira' &&
    request.method === 'POST' &&
    request.path === '/rest/api/3/issue/bulk'
  );
}

function bulkCalls(): number {
  return host.products.stats.byRoute['POST /rest/api/3/issue/bulk'] ?? 0;
}

/** Lets the first `after` bulk calls through, then fails the next `times` with 500. */
function failBulkAfter(after: number, times: number): void {
  let seen = 0;
  const original = host.products.handle.bind(host.products);
  jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
    const response = await original(request);
    if (isBulk(request)) {
      seen += 1;
      if (seen === after) {
        host.products.faults.add({
          pathPattern: '^/rest/api/3/issue/bulk$',
          kind: 'status500',
          times,
        });
      }
    }
    return response;
  });
}

async function strategy(options: StrategyOptions = {}): Promise<StrategyDetail> {
  return makeStrategy(host, options);
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('pushing a plan', () => {
  it('creates one issue per session and task, with the property, a due date, labels, as a child of the anchor', async () => {
    const detail = await strategy({ sessions: 12, tasksPerPhase: 2 });
    const pushed = await pushOk(detail.rollout.id);
    expect(pushed).toMatchObject({
      total: 18,
      inJira: 18,
      jql: `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`,
      job: {
        state: 'done',
        stalled: false,
        created: 18,
        toCreate: 18,
        failed: [],
        failedCount: 0,
        resumesAt: null,
        error: null,
        finishedAt: expect.any(String) as unknown,
      },
    });
    expectOneIssuePerItem(detail, 18);
    const anchor = host.products.jira.issues.getIssue('ROLL-2');
    for (const found of jiraIssues(host, pushed.jql)) {
      const issue = host.products.jira.issues.getIssue(found.id);
      const property = host.products.jira.issues.getIssueProperty(
        found.id,
        'rollout-coordinator',
      ) as Record<string, string>;
      expect(property).toMatchObject({ rolloutId: detail.rollout.id, role: 'work' });
      expect(Object.keys(property).sort()).toEqual([
        'departmentId',
        'departmentIds',
        'kind',
        'phaseId',
        'planItemId',
        'role',
        'rolloutId',
      ]);
      // Created as the user who pushed, though the consumer runs without a user of its own.
      expect(issue?.reporterAccountId).toBe('rc-demo-coordinator');
      // A session goes to its owner; a task to nobody in particular.
      expect(issue?.assigneeAccountId).toBe(
        property.kind === 'task' ? undefined : 'rc-demo-coordinator',
      );
      expect(host.products.jira.projects.getIssueType(issue?.issueTypeId ?? '')?.name).toBe('Task');
      // The session's date, or the end of the task's phase.
      const phase = detail.plan.phases.find((p) => p.id === property.phaseId);
      const session = detail.plan.sessions.find((p) => `session:${p.id}` === property.planItemId);
      expect(issue?.fields.duedate).toBe(session ? session.date : phase?.end);
      // A child of the anchor (an epic), not linked to it.
      expect(issue?.parentId).toBe(anchor?.id);
      expect(host.products.jira.links.issueLinksOf(found.id)).toEqual([]);
      const phaseIndex = detail.plan.phases.findIndex((p) => p.id === property.phaseId);
      expect(issue?.fields.labels).toEqual([
        'rollout-roll-2',
        `phase-${['pilot', 'rollout', 'stabilisation'][phaseIndex] ?? ''}`,
      ]);
    }
    // Jira's own child list and label search find all of them.
    const children = host.products.jira.issues.childrenOf(anchor?.id ?? 0);
    expect(children).toHaveLength(18);
    expect(jiraIssues(host, 'labels = rollout-roll-2')).toHaveLength(18);
    expect(jiraIssues(host, 'parent = ROLL-2 AND labels = phase-pilot')).toHaveLength(4 + 2);
    const session = workProperties(host, detail.rollout.id).find((p) => p.kind === 'training');
    expect(detail.plan.phases.map((p) => p.id)).toContain(session?.phaseId);
    expect(detail.rollout.departments.map((d) => d.departmentId)).toContain(session?.departmentId);
  });

  it('only queues the work: the resolver answers the queued job, the consumer does the rest', async () => {
    const detail = await strategy();
    host.events.pause();
    host.products.resetStats();
    const { envelope, counters } = await start(detail.rollout.id);
    expect(envelope).toMatchObject({
      ok: true,
      data: {
        total: 12,
        inJira: 0,
        job: { state: 'queued', created: 0, toCreate: 0, finishedAt: null },
      },
    });
    expect(bulkCalls()).toBe(0);
    // The anchor and one permission check (edit and create in its project), the count; the
    // rollout, the job, its write.
    expect(counters).toEqual({ product: 3, storage: 3 });
    expect(host.products.stats.byRoute['GET /rest/api/3/mypermissions']).toBe(1);
    const [event] = host.events.list();
    expect(host.events.list()).toHaveLength(1);
    expect(event?.queue).toBe('push-plan');
    expect(event?.body).toEqual({
      jobId: envelope.ok ? envelope.data.job?.id : '',
      rolloutId: detail.rollout.id,
    });
    host.events.resume();
    await host.events.drain();
    expect((await status(detail.rollout.id)).job).toMatchObject({ state: 'done', created: 12 });
  });

  it('creates nothing the second time', async () => {
    const detail = await strategy();
    const first = await pushOk(detail.rollout.id);
    const again = await pushOk(detail.rollout.id);
    expect(again.job?.id).not.toBe(first.job?.id);
    expect(again).toMatchObject({
      total: 12,
      inJira: 12,
      job: { state: 'done', created: 0, toCreate: 0, failed: [] },
    });
    expectOneIssuePerItem(detail, 12);
    const shown = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: detail.rollout.id,
      }),
    );
    expect(shown.push).toMatchObject({ total: 12, inJira: 12, job: { id: again.job?.id } });
  });

  it('refuses whoever may not edit the anchor issue, and hides it from whoever may not see it', async () => {
    const detail = await strategy();
    expect((await start(detail.rollout.id, 'head-sales')).envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rollout.editForbidden' },
    });
    expect((await start(detail.rollout.id, 'outsider')).envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.strategy.notFound' },
    });
    expect(
      (
        await call(confluenceModule(host), 'outsider', 'strategy/push-status', {
          rolloutId: detail.rollout.id,
        })
      ).envelope,
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(host.events.list()).toEqual([]);
    expectOneIssuePerItem(detail, 0);
  });

  it('lets whoever may see the strategy follow the push', async () => {
    const detail = await strategy();
    await pushOk(detail.rollout.id);
    expect(await status(detail.rollout.id, 'head-sales')).toMatchObject({
      inJira: 12,
      job: { state: 'done', created: 12 },
    });
  });
});

describe('progress', () => {
  it('shows the running push, created so far of what it set out to create, after a page reload too', async () => {
    const detail = await strategy({ sessions: 500, phases: 6 });
    host.events.pause();
    await start(detail.rollout.id);
    // The page is reloaded before the push started: it finds the queued push.
    const reloaded = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: detail.rollout.id,
      }),
    );
    expect(reloaded.push.job).toMatchObject({ state: 'queued', created: 0 });

    host.products.faults.add({
      pathPattern: '^/rest/api/3/issue/bulk$',
      kind: 'latency',
      latencyMs: 150,
    });
    host.events.resume();
    let midway: PushStatus | undefined;
    await until(async () => {
      const now = await status(detail.rollout.id);
      if (now.job && now.job.created >= 100 && now.job.created < 500) midway = now;
      return midway !== undefined;
    });
    expect(midway?.job).toMatchObject({ state: 'running', toCreate: 500, stalled: false });
    expect(midway?.inJira).toBe(midway?.job?.created);
    const again = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: detail.rollout.id,
      }),
    );
    expect(again.push.job?.id).toBe(midway?.job?.id);
    expect(again.push.job?.created).toBeGreaterThanOrEqual(midway?.job?.created ?? 0);

    await host.events.drain();
    expect(await status(detail.rollout.id)).toMatchObject({
      inJira: 500,
      job: { state: 'done', created: 500, toCreate: 500 },
    });
    expectOneIssuePerItem(detail, 500);
  });
});

describe('one push at a time', () => {
  it('starts one job for two clicks at once; no item gets two issues', async () => {
    const detail = await strategy({ sessions: 150 });
    const outcomes = await Promise.all([
      start(detail.rollout.id),
      start(detail.rollout.id),
      start(detail.rollout.id),
    ]);
    const ids = outcomes.map((o) => (o.envelope.ok ? o.envelope.data.job?.id : 'refused'));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toEqual(expect.any(String));
    expect(host.events.list()).toHaveLength(1);
    await host.events.drain();
    expectOneIssuePerItem(detail, 150);
  });

  it('answers the running push to a second click while it runs', async () => {
    const detail = await strategy();
    host.events.pause();
    const first = await start(detail.rollout.id);
    const second = await start(detail.rollout.id);
    expect(second.envelope).toMatchObject({
      ok: true,
      data: { job: { id: first.envelope.ok ? first.envelope.data.job?.id : '' } },
    });
    expect(host.events.list()).toHaveLength(1);
    host.events.resume();
    await host.events.drain();
    expectOneIssuePerItem(detail, 12);
  });

  it('replaces a push whose consumer died, and the old event then does nothing', async () => {
    const detail = await strategy();
    host.events.pause();
    await start(detail.rollout.id);
    const [oldEvent] = host.events.list();
    // As if its consumer had claimed it and been killed ten minutes ago.
    const job = await kvs.entity<PushJob>('push-job').get(detail.rollout.id);
    if (!job) throw new Error('no job');
    const past = new Date(Date.now() - 10 * 60_000).toISOString();
    await kvs.entity<PushJob>('push-job').set(detail.rollout.id, {
      ...job,
      state: 'running',
      runner: 'a-delivery-that-died',
      runnerUntil: past,
      updatedAt: past,
      version: job.version + 1,
    });
    expect((await status(detail.rollout.id)).job).toMatchObject({ id: job.jobId, stalled: true });

    const restarted = await start(detail.rollout.id);
    const newId = restarted.envelope.ok ? restarted.envelope.data.job?.id : undefined;
    expect(newId).not.toBe(job.jobId);
    host.events.resume();
    await host.events.drain();
    expect(await status(detail.rollout.id)).toMatchObject({
      inJira: 12,
      job: { id: newId, state: 'done', created: 12 },
    });
    // The old event was delivered too, and left the new job alone.
    expect(
      host.events.deliveries.filter((d) => d.eventId === oldEvent?.eventId).map((d) => d.outcome),
    ).toEqual(['ok']);
    expectOneIssuePerItem(detail, 12);
  });
});

describe('at-least-once delivery', () => {
  it('creates each issue once when the event is delivered twice at the same time', async () => {
    const detail = await strategy({ sessions: 150 });
    host.events.duplicate({ queue: 'push-plan', mode: 'concurrent' });
    await start(detail.rollout.id);
    await host.events.drain();
    expectOneIssuePerItem(detail, 150);
    expect(bulkCalls()).toBe(3);
    const deliveries = host.events.deliveries;
    expect(deliveries.filter((d) => d.copy)).not.toHaveLength(0);
    // One delivery did the work; the other found it claimed, came back, and found it done.
    expect(deliveries.map((d) => d.outcome).sort()).toEqual(['ok', 'ok', 'retry']);
    expect(await status(detail.rollout.id)).toMatchObject({
      inJira: 150,
      job: { state: 'done', created: 150 },
    });
  });

  it('creates nothing when the event is delivered again after the push finished', async () => {
    const detail = await strategy({ sessions: 60 });
    host.events.duplicate({ queue: 'push-plan', mode: 'after' });
    await start(detail.rollout.id);
    await host.events.drain();
    const [event] = host.events.list();
    host.events.redeliver(event?.eventId ?? '');
    await host.events.drain();
    expect(host.events.deliveries.map((d) => d.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(bulkCalls()).toBe(2);
    expectOneIssuePerItem(detail, 60);
  });

  it('continues in a fresh invocation when its time runs short, from what exists', async () => {
    const detail = await strategy({ sessions: 150 });
    host.events.pause();
    await start(detail.rollout.id);
    const [event] = host.events.list();
    // One delivery, run by hand with a clock that says time is short after two bulk calls.
    let checks = 0;
    const answer = await deliverPush(
      { body: event?.body, queueName: 'push-plan', jobId: 'platform-job', eventId: 'e1' },
      { ...pushPlanPorts(), remainingMs: () => (++checks <= 3 ? 300_000 : 20_000) },
    );
    expect(answer).toEqual({
      _retry: true,
      retryOptions: { retryAfter: 1, retryReason: 'FUNCTION_RETRY_REQUEST' },
    });
    expect((await status(detail.rollout.id)).job).toMatchObject({
      state: 'running',
      created: 100,
      toCreate: 150,
      resumesAt: expect.any(String) as unknown,
    });
    host.events.resume();
    await host.events.drain();
    expect((await status(detail.rollout.id)).job).toMatchObject({ state: 'done', created: 150 });
    expectOneIssuePerItem(detail, 150);
  });
});

describe('a push that fails half-way', () => {
  it('absorbs one Jira 500 on the second bulk call: looks, resends only what is missing', async () => {
    const detail = await strategy({ sessions: 120 });
    failBulkAfter(1, 1);
    const pushed = await pushOk(detail.rollout.id);
    expect(pushed).toMatchObject({
      total: 120,
      inJira: 120,
      job: { state: 'done', created: 120, failed: [] },
    });
    expectOneIssuePerItem(detail, 120);
    expect((await pushOk(detail.rollout.id)).job?.created).toBe(0);
    expectOneIssuePerItem(detail, 120);
  });

  it('stops when Jira keeps failing, reports what failed, and the next push creates only the rest', async () => {
    const detail = await strategy({ sessions: 120 });
    failBulkAfter(1, 2);
    const first = await pushOk(detail.rollout.id);
    expect(first).toMatchObject({
      total: 120,
      inJira: 50,
      job: { state: 'done', created: 50, toCreate: 120, failedCount: 50 },
    });
    expect(first.job?.failed).toHaveLength(20);
    // Jira gave only a status: the UI says it in the reader's language (errors.upstream).
    expect(first.job?.failed[0]).toMatchObject({
      reason: '',
      status: 500,
      summary: expect.stringMatching(/^Session \d+$/u) as unknown,
    });
    expectOneIssuePerItem(detail, 50);

    const second = await pushOk(detail.rollout.id);
    expect(second).toMatchObject({
      total: 120,
      inJira: 120,
      job: { created: 70, failed: [], failedCount: 0 },
    });
    expectOneIssuePerItem(detail, 120);
  });

  it('never duplicates what Jira created before answering 500', async () => {
    const detail = await strategy({ sessions: 100 });
    let seen = 0;
    const original = host.products.handle.bind(host.products);
    jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
      const response = await original(request);
      if (isBulk(request) && ++seen === 2) {
        // Jira did the work, then the answer was lost on the way back.
        return new Response(
          JSON.stringify({ errorMessages: ['Internal server error'], errors: {} }),
          {
            status: 500,
            headers: { 'content-type': 'application/json' },
          },
        );
      }
      return response;
    });
    const pushed = await pushOk(detail.rollout.id);
    expect(pushed).toMatchObject({
      total: 100,
      inJira: 100,
      job: { state: 'done', created: 100, failed: [] },
    });
    expectOneIssuePerItem(detail, 100);
  });

  it('reports the items Jira refused, one by one, and creates them on a later push', async () => {
    const detail = await strategy({ sessions: 12 });
    let tampered = false;
    const original = host.products.handle.bind(host.products);
    jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
      if (!tampered && isBulk(request)) {
        tampered = true;
        const body = JSON.parse(request.body ?? '{}') as {
          issueUpdates: { fields: Record<string, unknown> }[];
        };
        const second = body.issueUpdates[1];
        if (second) second.fields.summary = '';
        return original({ ...request, body: JSON.stringify(body) });
      }
      return original(request);
    });
    const first = await pushOk(detail.rollout.id);
    expect(first).toMatchObject({ total: 12, inJira: 11, job: { created: 11, failedCount: 1 } });
    expect(first.job?.failed).toEqual([
      {
        planItemId: expect.stringMatching(/^session:/u) as unknown,
        summary: expect.any(String) as unknown,
        reason: 'summary: You must specify a summary of the issue.',
      },
    ]);
    const second = await pushOk(detail.rollout.id);
    expect(second).toMatchObject({ inJira: 12, job: { created: 1, failed: [] } });
    expectOneIssuePerItem(detail, 12);
  });

  it('hands a Jira 429 to the platform: InvocationError retryAfter, no sleeping, created once', async () => {
    const detail = await strategy({ sessions: 60 });
    host.products.faults.add({
      pathPattern: '^/rest/api/3/issue/bulk$',
      kind: 'status429',
      retryAfterSeconds: 1,
      skip: 1,
      times: 1,
    });
    await start(detail.rollout.id);
    await until(() => Promise.resolve(host.events.deliveries.length === 1));
    const waiting = await status(detail.rollout.id);
    expect(waiting.job).toMatchObject({
      state: 'running',
      created: 50,
      toCreate: 60,
      resumesAt: expect.any(String) as unknown,
      stalled: false,
    });

    await host.events.drain();
    const [throttled, resumed] = host.events.deliveries;
    expect(throttled).toMatchObject({
      outcome: 'retry',
      retryAfterSeconds: 1,
      retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
    });
    // It did not wait inside the invocation: the platform brought the event back.
    expect((throttled?.endedAt ?? 0) - (throttled?.startedAt ?? 0)).toBeLessThan(900);
    expect((resumed?.startedAt ?? 0) - (throttled?.endedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(resumed).toMatchObject({ outcome: 'ok', retryCount: 1 });
    expect(bulkCalls()).toBe(3);
    expect(await status(detail.rollout.id)).toMatchObject({
      inJira: 60,
      job: { state: 'done', created: 60, resumesAt: null },
    });
    expectOneIssuePerItem(detail, 60);
  });

  it('trusts what it created moments ago even before the search index shows it', async () => {
    const detail = await strategy();
    await pushOk(detail.rollout.id);
    // As if Jira's index lagged: the search finds none of the new issues for a while.
    const original = host.products.handle.bind(host.products);
    jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
      if (request.product === 'jira' && request.path === '/rest/api/3/search/jql') {
        return new Response(JSON.stringify({ issues: [], isLast: true }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }
      return original(request);
    });
    expect((await pushOk(detail.rollout.id)).job?.created).toBe(0);
    expectOneIssuePerItem(detail, 12);
  });
});

describe('when the push cannot go on', () => {
  it('refuses to start for someone who may edit the anchor but not create issues in its project', async () => {
    const detail = await strategy();
    const coordinator = { type: 'user', accountId: 'rc-demo-coordinator' } as const;
    host.products.jira.permissions.defineRole('Editor', ['BROWSE_PROJECTS', 'EDIT_ISSUES']);
    host.products.jira.permissions.removeRoleActor('ROLL', 'Member', coordinator);
    host.products.jira.permissions.addRoleActor('ROLL', 'Editor', coordinator);
    host.events.pause();
    const { envelope } = await start(detail.rollout.id);
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        messageKey: 'errors.strategy.projectForbidden',
        params: { project: 'ROLL' },
      },
    });
    expect(host.events.list()).toHaveLength(0);
  });

  it('stops and says why when the user may no longer create issues by the time it runs', async () => {
    const detail = await strategy();
    host.events.pause();
    await start(detail.rollout.id);
    const coordinator = { type: 'user', accountId: 'rc-demo-coordinator' } as const;
    host.products.jira.permissions.removeRoleActor('ROLL', 'Member', coordinator);
    host.products.jira.permissions.addRoleActor('ROLL', 'Viewer', coordinator);
    host.events.resume();
    await host.events.drain();
    expect((await status(detail.rollout.id, 'head-sales')).job).toMatchObject({
      state: 'failed',
      created: 0,
      error: {
        code: 'FORBIDDEN',
        messageKey: 'errors.strategy.projectForbidden',
        params: { project: 'ROLL' },
      },
      finishedAt: expect.any(String) as unknown,
    });
    expect(bulkCalls()).toBe(0);
  });

  it('retries later when Jira fails, then stops with the reason after too many failures', async () => {
    const detail = await strategy();
    host.events.pause();
    await start(detail.rollout.id);
    const [event] = host.events.list();
    const delivery = { body: event?.body, queueName: 'push-plan', jobId: 'j', eventId: 'e' };
    host.products.faults.add({
      pathPattern: '^/rest/api/3/search/jql$',
      kind: 'status500',
      times: 8,
    });
    expect(await deliverPush(delivery, pushPlanPorts())).toEqual({
      _retry: true,
      retryOptions: { retryAfter: 15, retryReason: 'FUNCTION_RETRY_REQUEST' },
    });
    const waiting = (await status(detail.rollout.id)).job;
    expect(waiting).toMatchObject({
      state: 'running',
      stalled: false,
      error: { code: 'UPSTREAM', messageKey: 'errors.upstream' },
    });
    expect(Date.parse(waiting?.resumesAt ?? '') - Date.now()).toBeGreaterThan(10_000);

    // As if two more deliveries had failed the same way, and the next one is due.
    const stored = await kvs.entity<PushJob>('push-job').get(detail.rollout.id);
    if (!stored) throw new Error('no job');
    await kvs
      .entity<PushJob>('push-job')
      .set(detail.rollout.id, { ...stored, errors: ERRORS_MAX - 1, version: stored.version + 1 });
    const later = { ...pushPlanPorts(), now: () => new Date(Date.now() + 20_000) };
    expect(await deliverPush(delivery, later)).toBeUndefined();
    expect((await status(detail.rollout.id)).job).toMatchObject({
      state: 'failed',
      error: { code: 'UPSTREAM' },
      resumesAt: null,
    });
    expect(bulkCalls()).toBe(0);

    // The event the platform still holds finds the push over; a new push goes through.
    host.products.faults.clear();
    host.events.resume();
    await host.events.drain();
    expect(host.events.deliveries.map((d) => d.outcome)).toEqual(['ok']);
    expect((await pushOk(detail.rollout.id)).job).toMatchObject({ state: 'done', created: 12 });
  });
});

describe('what a push costs', () => {
  it.each([10, 100, 500])(
    'makes a bounded number of REST and storage calls for %i sessions',
    async (sessions) => {
      const detail = await strategy({ sessions, phases: 6 });
      // The work-events trigger writes the same states: held, so no write of the push contends.
      host.productEvents.pause();
      host.products.resetStats();
      await pushOk(detail.rollout.id);
      const bulk = Math.ceil(sessions / 50);
      expect(bulkCalls()).toBe(bulk);
      const [delivery] = host.events.deliveries;
      // Rights, the search, project, the anchor (may it be a parent), the page, the bulk calls.
      expect(delivery?.counters?.product).toBe(5 + bulk);
      // The job and the rollout, the claim, what exists, one write per bulk call, the end; the new
      // issues' states, once (read, then written conditionally).
      expect(delivery?.counters?.storage).toBe(5 + bulk + 2);
      console.info(
        `push of ${String(sessions)} sessions: ${JSON.stringify(delivery?.counters)} in the consumer`,
      );

      host.products.resetStats();
      await pushOk(detail.rollout.id);
      expect(bulkCalls()).toBe(0);
      const again = host.events.deliveries[1];
      // Rights and the search (a page per 100 issues); the job, the rollout, claim, look, end.
      expect(again?.counters?.product).toBe(1 + Math.ceil(sessions / 100));
      expect(again?.counters?.storage).toBe(5);
    },
  );
});
