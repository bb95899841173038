/**
 * "Push plan to Jira" through the local Forge host, as a background job: the resolver queues one
 * event (a second click, or two at once, join the same push) and the `push-plan` consumer creates
 * one issue per plan item with its property, due date and labels, as a child of the anchor issue, writing its
 * progress as it goes (a page reload finds it). Never a duplicate, whether the push is repeated,
 * its event delivered twice, or it is replaced after its consumer died; a consumer out of time
 * continues in a fresh invocation. Failures part-way and what a push costs are in
 * strategy-push-failures.test.ts.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { PushStatus } from '../../src/contract';
import type { PushJob } from '../../src/domain/push-job';
import { deliverPush, pushPlanPorts } from '../../src/jobs/push-plan';
import { call, memoryHost, ok } from '../support/host';
import { pushHelpers, until } from '../support/push';
import { confluenceModule, jiraIssues, workProperties } from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const { start, status, pushOk, expectOneIssuePerItem, bulkCalls, strategy } = pushHelpers(
  () => host,
);

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
