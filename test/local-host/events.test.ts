/**
 * The async events emulator with the real `@forge/events`: a push reaches the manifest's consumer
 * function as the platform delivers it (AsyncEvent fields, no user, the function's time limit);
 * `InvocationError` retryAfter, thrown errors and time-outs are retried with `retryContext`;
 * the documented limits answer the SDK's own errors; duplicates can be injected; concurrency
 * limits hold; queued events survive a restart; job stats and cancel work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InternalServerError, PayloadTooBigError, Queue, RateLimitError } from '@forge/events';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../local/host';
import * as fixture from '../fixtures/events-app/src/index';

const ROOT = join(__dirname, '..', 'fixtures', 'events-app');

let host: LocalHost | undefined;

async function start(options: LocalHostOptions = {}): Promise<LocalHost> {
  host = await startLocalHost({
    root: ROOT,
    memory: true,
    seed: false,
    eventsBackoffBaseMs: 50,
    ...options,
  });
  return host;
}

beforeEach(() => {
  fixture.reset();
});

afterEach(async () => {
  await host?.close();
  host = undefined;
});

const work = (): Queue => new Queue({ key: 'work' });

describe('delivering a pushed event', () => {
  it('calls the consumer function once, with the AsyncEvent fields, as the app, within its timeoutSeconds', async () => {
    const local = await start();
    const { jobId } = await work().push({ body: { action: 'none', n: 1 } });
    await local.events.drain();

    expect(fixture.deliveries).toHaveLength(1);
    const [seen] = fixture.deliveries;
    expect(seen?.event).toEqual({
      body: { action: 'none', n: 1 },
      queueName: 'work',
      jobId,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/u) as unknown,
    });
    // No user: a consumer must not rely on one.
    expect(seen?.context).toEqual({
      principal: undefined,
      installContext: expect.any(String) as unknown,
      // The one installation of Jira and Confluence, as every function of the app is told.
      installation: expect.objectContaining({
        ari: expect.objectContaining({ installationId: expect.any(String) as unknown }) as unknown,
      }) as unknown,
    });
    // The function's own limit (timeoutSeconds: 1), not a resolver's 25 s.
    expect(seen?.remainingMs).toBeGreaterThan(500);
    expect(seen?.remainingMs).toBeLessThanOrEqual(1000);
    expect(local.events.deliveries.map((d) => d.outcome)).toEqual(['ok']);
    await expect(work().getJob(jobId).getStats()).resolves.toEqual({
      success: 1,
      inProgress: 0,
      failed: 0,
    });
  });

  it('honours delayInSeconds', async () => {
    const local = await start();
    const pushed = Date.now();
    await work().push({ body: { action: 'none' }, delayInSeconds: 1 });
    await local.events.drain();
    expect(fixture.deliveries[0]?.startedAt).toBeGreaterThanOrEqual(pushed + 1000);
  });

  it('delivers each event of a push of many', async () => {
    const local = await start();
    await work().push(Array.from({ length: 50 }, (_, n) => ({ body: { action: 'none', n } })));
    await local.events.drain();
    const ns = fixture.deliveries.map((d) => (d.event.body as { n: number }).n);
    expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });
});

describe('retries', () => {
  it('redelivers after the retryAfter an InvocationError asks for, with the retry context', async () => {
    const local = await start();
    await work().push({ body: { action: 'retry-once', retryAfter: 1 } });
    await local.events.drain();

    expect(fixture.deliveries).toHaveLength(2);
    const [first, second] = fixture.deliveries;
    expect(first?.event.retryContext).toBeUndefined();
    expect(second?.event.retryContext).toEqual({
      retryCount: 1,
      retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
      retryData: { from: 'first delivery' },
      retentionWindow: {
        startTime: expect.any(String) as unknown,
        remainingTimeMs: expect.any(Number) as unknown,
      },
    });
    expect(second?.event.eventId).toBe(first?.event.eventId);
    expect((second?.startedAt ?? 0) - (first?.endedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(local.events.deliveries.map((d) => [d.outcome, d.retryAfterSeconds])).toEqual([
      ['retry', 1],
      ['ok', undefined],
    ]);
  });

  it('lowers a retryAfter above 900 s to 900 s; a cancelled job is not retried', async () => {
    const local = await start();
    const { jobId } = await work().push({ body: { action: 'retry-always', retryAfter: 5000 } });
    await waitFor(() => local.events.deliveries.length === 1);
    expect(local.events.deliveries[0]).toMatchObject({ outcome: 'retry', retryAfterSeconds: 900 });
    const [stored] = local.events.list();
    expect((stored?.dueAt ?? 0) - Date.now()).toBeGreaterThan(890_000);

    await work().getJob(jobId).cancel();
    await local.events.drain(1000);
    expect(local.events.list().map((e) => e.state)).toEqual(['cancelled']);
    expect(fixture.deliveries).toHaveLength(1);
  });

  it('retries an uncaught error after a backoff', async () => {
    const local = await start();
    await work().push({ body: { action: 'throw-once' } });
    await local.events.drain();
    expect(local.events.deliveries.map((d) => [d.outcome, d.error])).toEqual([
      ['error', 'the first delivery fails'],
      ['ok', undefined],
    ]);
    expect(fixture.deliveries[1]?.event.retryContext).toMatchObject({
      retryCount: 1,
      retryReason: 'FUNCTION_ERROR',
    });
  });

  it('counts a consumer that outlives its timeoutSeconds as timed out, and retries it', async () => {
    const local = await start();
    await work().push({ body: { action: 'slow-once', ms: 1300 } });
    await local.events.drain();
    expect(local.events.deliveries.map((d) => d.outcome)).toEqual(['timeout', 'ok']);
    expect(fixture.deliveries[1]?.event.retryContext).toMatchObject({
      retryCount: 1,
      retryReason: 'FUNCTION_TIME_OUT',
    });
    // drain() also waited for the late invocation the platform would have killed.
    expect(fixture.deliveries.every((d) => d.endedAt !== undefined)).toBe(true);
  });
});

describe('the documented limits', () => {
  it('refuses an event over 100 KB for a long-running consumer, as PayloadTooBigError', async () => {
    await start();
    const big = 'x'.repeat(110 * 1024);
    await expect(new Queue({ key: 'long-work' }).push({ body: { big } })).rejects.toBeInstanceOf(
      PayloadTooBigError,
    );
    // The same event is fine for a consumer with the default 55 s limit or less.
    await expect(work().push({ body: { big } })).resolves.toMatchObject({
      jobId: expect.any(String) as unknown,
    });
  });

  it('answers RateLimitError beyond 500 events a minute', async () => {
    const local = await start();
    local.events.pause();
    const batch = Array.from({ length: 50 }, () => ({ body: { action: 'none' } }));
    for (let i = 0; i < 10; i += 1) await work().push(batch);
    await expect(work().push({ body: { action: 'none' } })).rejects.toBeInstanceOf(RateLimitError);
    expect(local.events.list()).toHaveLength(500);
  });

  it('refuses a queue no consumer listens to', async () => {
    await start();
    await expect(new Queue({ key: 'nobody' }).push({ body: {} })).rejects.toBeInstanceOf(
      InternalServerError,
    );
  });
});

describe('at-least-once delivery', () => {
  it('can deliver a copy of an event at the same time as the original', async () => {
    const local = await start();
    local.events.duplicate({ queue: 'work', mode: 'concurrent' });
    await work().push({ body: { action: 'sleep', ms: 100 } });
    await local.events.drain();
    expect(fixture.deliveries).toHaveLength(2);
    expect(fixture.deliveries[0]?.event.eventId).toBe(fixture.deliveries[1]?.event.eventId);
    expect(fixture.concurrency.max).toBe(2);
    expect(local.events.deliveries.map((d) => d.copy).sort()).toEqual([false, true]);
  });

  it('can deliver an event again after it succeeded, or on demand', async () => {
    const local = await start();
    local.events.duplicate({ mode: 'after' });
    await work().push({ body: { action: 'none' } });
    await local.events.drain();
    expect(fixture.deliveries).toHaveLength(2);
    const eventId = fixture.deliveries[0]?.event.eventId ?? '';
    local.events.redeliver(eventId);
    await local.events.drain();
    expect(fixture.deliveries.map((d) => d.event.eventId)).toEqual([eventId, eventId, eventId]);
  });

  it('keeps events of one concurrency key to its limit', async () => {
    const local = await start();
    await work().push(
      Array.from({ length: 4 }, () => ({
        body: { action: 'sleep', ms: 60 },
        concurrency: { key: 'one-at-a-time', limit: 1 },
      })),
    );
    await local.events.drain();
    expect(fixture.deliveries).toHaveLength(4);
    expect(fixture.concurrency.max).toBe(1);
  });

  it('delivers after a restart what was queued before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'events-emulator-'));
    try {
      const first = await start({ memory: false, dataDir: dir });
      first.events.pause();
      await work().push({ body: { action: 'none', n: 7 } });
      expect(fixture.deliveries).toHaveLength(0);
      await first.close();

      const second = await start({ memory: false, dataDir: dir });
      await second.events.drain();
      expect(fixture.deliveries.map((d) => d.event.body)).toEqual([{ action: 'none', n: 7 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('who a consumer runs as', () => {
  it('refuses asUser(accountId) for someone not in session unless the manifest allows impersonation', async () => {
    const local = await start();
    await work().push({ body: { action: 'impersonate' } });
    await local.events.drain();
    // The fixture's manifest declares no scope with allowImpersonation.
    expect(fixture.deliveries[0]?.impersonation).toBe(
      'ProxyRequestError 403 IMPERSONATION_NOT_ALLOWED',
    );
  });
});

describe('over HTTP', () => {
  it('lists events and deliveries, and injects a redelivery', async () => {
    const local = await start({ port: 0 });
    await work().push({ body: { action: 'none' } });
    await local.events.drain();
    const listed = (await (await fetch(`${local.url ?? ''}/__forge/events`)).json()) as {
      events: { eventId: string; state: string }[];
      deliveries: { outcome: string }[];
    };
    expect(listed.events.map((e) => e.state)).toEqual(['done']);
    expect(listed.deliveries.map((d) => d.outcome)).toEqual(['ok']);
    const answer = await fetch(`${local.url ?? ''}/__forge/events/redeliver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: listed.events[0]?.eventId }),
    });
    expect(answer.status).toBe(200);
    await local.events.drain();
    expect(fixture.deliveries).toHaveLength(2);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
