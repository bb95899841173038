/**
 * "Push plan to Jira" when Jira or the platform gets in the way, through the local Forge host:
 * never a duplicate when the push is killed half-way by Jira 500s or answered 500 after Jira did
 * the work; items Jira refuses are reported one by one and created later; a 429 hands the wait
 * to the platform (InvocationError retryAfter) instead of sleeping; a push that cannot go on
 * stops and says why. Then what a push costs in calls, whatever the plan's size.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { ERRORS_MAX, type PushJob } from '../../src/domain/push-job';
import { deliverPush, pushPlanPorts } from '../../src/jobs/push-plan';
import { memoryHost } from '../support/host';
import { isBulk, pushHelpers, until } from '../support/push';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const { start, status, pushOk, expectOneIssuePerItem, bulkCalls, failBulkAfter, strategy } =
  pushHelpers(() => host);

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
