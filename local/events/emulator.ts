/**
 * The Forge async events emulator: what the platform does between `Queue.push()` in the real
 * `@forge/events` package and the app's `consumer` function.
 *
 * - It answers the requests the SDK sends through `__forge_fetch__` (webhooks.ts) and keeps the
 *   events in SQLite (queue.ts), so an event pushed before a restart is still delivered after
 *   it: delivery is at least once.
 * - It delivers each event to the function of the manifest's `consumer` module for its queue, as
 *   an `AsyncEvent` (`body`, `queueName`, `jobId`, `eventId`, `retryContext` on retries), within
 *   the function's `timeoutSeconds` (55 s by default), honouring `delayInSeconds` and
 *   `concurrency` limits.
 * - A consumer that answers `new InvocationError({ retryAfter, retryReason, retryData })` gets
 *   the event again after `retryAfter` seconds (at most 900) with `retryContext`; one that throws
 *   or runs out of time gets it again after an exponential backoff (up to 15 minutes). An event
 *   is dropped once its 24-hour retention window is over.
 * - Tests can pause delivery, wait until the queue is empty, and inject duplicate deliveries:
 *   a copy of an event delivered at the same time as the original, or again after it succeeded.
 *
 * Where it differs from the platform: a consumer that runs out of time is not killed (Node cannot
 * stop a promise); its invocation is counted as timed out and the event is retried while the late
 * invocation finishes on its own, which is a harsher test of idempotency than the platform's.
 * The retry reason of an uncaught error is not documented: the emulator says `FUNCTION_ERROR`.
 * The cyclic-invocation limit (1,000 pushes from one chain) is not enforced.
 */
import type { Database } from 'better-sqlite3';
import type { Router } from '../router';
import {
  BACKOFF_MAX_MS,
  DEFAULT_BACKOFF_BASE_MS,
  RETENTION_MS,
  RETRY_AFTER_SECONDS_MAX,
  RETRY_DATA_BYTES_MAX,
} from './limits';
import { EventQueue, type EventRow, type PushedEvent } from './queue';
import type {
  AsyncEventPayload,
  ConsumerInvoker,
  ConsumerSpec,
  DeliveryOutcome,
  DeliveryRecord,
  DuplicateRule,
  EventsEmulatorOptions,
  EventState,
  StoredEvent,
} from './types';
import { createWebhookRouter, isRecord, reply, type WebhookRoute } from './webhooks';

interface IdleWaiter {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class EventsEmulator {
  /** Every delivery so far, oldest first. */
  readonly deliveries: DeliveryRecord[] = [];

  private readonly queue: EventQueue;
  private readonly webhooks: Router<WebhookRoute>;
  private readonly consumers: ReadonlyMap<string, ConsumerSpec>;
  private readonly invoke: ConsumerInvoker;
  private readonly backoffBaseMs: number;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly runningByKey = new Map<string, number>();
  private duplicateRules: (DuplicateRule & { left: number })[] = [];
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private closed = false;
  private idleWaiters: IdleWaiter[] = [];
  private kicked = false;

  constructor(db: Database, options: EventsEmulatorOptions) {
    this.queue = new EventQueue(db);
    this.consumers = new Map(options.consumers.map((consumer) => [consumer.queue, consumer]));
    this.invoke = options.invoke;
    this.backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.now = options.now ?? Date.now;
    this.webhooks = createWebhookRouter({
      queue: this.queue,
      consumers: this.consumers,
      now: () => this.now(),
      pushed: () => {
        this.kick();
      },
      cancelled: () => {
        this.settle();
      },
    });
    this.queue.requeueRunning();
    this.kick();
  }

  /** One platform request from the SDK (`__forge_fetch__` to stargate `/webhook/queue/…`). */
  handle(path: string, bodyText: string): Promise<Response> {
    const route = this.webhooks.match('POST', path)?.handler;
    if (!route) return Promise.resolve(reply(404, { message: `No events endpoint at ${path}` }));
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return Promise.resolve(reply(400, { message: 'The request body is not JSON.' }));
    }
    if (!isRecord(body)) return Promise.resolve(reply(400, { message: 'Expected an object.' }));
    return Promise.resolve(route(body));
  }

  /** Stops starting deliveries (those under way finish); `resume` starts again. */
  pause(): void {
    this.paused = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** The next `times` events matching get a duplicate delivery. */
  duplicate(rule: DuplicateRule): void {
    this.duplicateRules.push({ ...rule, left: rule.times ?? 1 });
  }

  /** Delivers an event once more (a duplicate, whatever became of it), `delayMs` from now. */
  redeliver(eventId: string, delayMs = 0): void {
    const row = this.queue.firstOf(eventId);
    if (!row) throw new Error(`No event ${eventId}`);
    this.queue.insertCopy(row, 'pending', this.now() + delayMs);
    this.kick();
  }

  /** The stored events (originals and copies), oldest first. */
  list(): StoredEvent[] {
    return this.queue.list();
  }

  /**
   * Resolves once no event is waiting or being delivered (retries included: it waits for their
   * `retryAfter`); rejects after `timeoutMs` with what is left.
   */
  drain(timeoutMs = 30_000): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: IdleWaiter = {
        resolve: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(waiter.timer);
          reject(error);
        },
        timer: setTimeout(() => {
          this.idleWaiters = this.idleWaiters.filter((other) => other !== waiter);
          const left = this.list()
            .filter((e) => e.state === 'pending' || e.state === 'running')
            .map(({ eventId, state, dueAt }) => ({ eventId, state, dueAt }));
          waiter.reject(
            new Error(`Events still queued after ${timeoutMs} ms: ${JSON.stringify(left)}`),
          );
        }, timeoutMs),
      };
      this.idleWaiters.push(waiter);
    });
  }

  /** Stops delivering and waits for the deliveries under way (the host closes its database next). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter.reject(new Error('The events emulator was closed.'));
  }

  private idle(): boolean {
    return this.queue.waiting() === 0 && this.inFlight.size === 0;
  }

  /** Wakes whoever waits for an empty queue. */
  private settle(): void {
    if (this.idleWaiters.length === 0 || !this.idle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  /** Dispatches soon (not inside the caller's stack): after a push, a resume, a redelivery. */
  private kick(): void {
    if (this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.dispatch();
    });
  }

  /**
   * Sets the timer for the next event that falls due after `since`, the instant `dispatch` took its
   * due events at (events due by then and blocked by concurrency wait for a slot). Taking "now"
   * again here would lose an event that fell due between the two reads: no timer, and a queue that
   * never drains.
   */
  private schedule(since: number): void {
    if (this.closed || this.paused) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const due = this.queue.nextDueAfter(since);
    if (due === undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.dispatch();
      },
      Math.max(0, due - this.now()),
    );
  }

  private slotFree(row: EventRow): boolean {
    if (row.concurrency_key === null || row.concurrency_limit === null) return true;
    return (this.runningByKey.get(row.concurrency_key) ?? 0) < row.concurrency_limit;
  }

  /** Starts every due event that has a concurrency slot. */
  private dispatch(): void {
    if (this.closed || this.paused) return;
    const now = this.now();
    for (const row of this.queue.due(now)) {
      if (!this.slotFree(row)) continue;
      this.start(row);
      const rule = row.copy === 0 ? this.takeRule(row, 'concurrent') : undefined;
      if (rule) {
        const copy = this.queue.insertCopy(row, 'pending', this.now());
        if (this.slotFree(copy)) this.start(copy);
      }
    }
    this.schedule(now);
    this.settle();
  }

  private takeRule(row: EventRow, mode: DuplicateRule['mode']): DuplicateRule | undefined {
    const rule = this.duplicateRules.find(
      (candidate) =>
        candidate.mode === mode && (candidate.queue === undefined || candidate.queue === row.queue),
    );
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.left <= 0) this.duplicateRules = this.duplicateRules.filter((r) => r !== rule);
    return rule;
  }

  private start(row: EventRow): void {
    this.queue.setState(row, 'running');
    if (row.concurrency_key !== null) {
      this.runningByKey.set(
        row.concurrency_key,
        (this.runningByKey.get(row.concurrency_key) ?? 0) + 1,
      );
    }
    const delivery = this.deliver(row).finally(() => {
      this.inFlight.delete(delivery);
      if (row.concurrency_key !== null) {
        this.runningByKey.set(
          row.concurrency_key,
          (this.runningByKey.get(row.concurrency_key) ?? 1) - 1,
        );
      }
      this.dispatch();
    });
    this.inFlight.add(delivery);
  }

  private asyncEvent(row: EventRow): AsyncEventPayload {
    const pushed = JSON.parse(row.event) as PushedEvent;
    const event: AsyncEventPayload = {
      ...pushed,
      queueName: row.queue,
      jobId: row.job_id,
      eventId: row.event_id,
    };
    if (row.retry_count > 0) {
      event.retryContext = {
        retryCount: row.retry_count,
        retryReason: row.retry_reason ?? '',
        retryData: row.retry_data === null ? undefined : (JSON.parse(row.retry_data) as unknown),
        retentionWindow: {
          startTime: new Date(row.enqueued_at).toISOString(),
          remainingTimeMs: Math.max(0, row.enqueued_at + RETENTION_MS - this.now()),
        },
      };
    }
    return event;
  }

  private async deliver(row: EventRow): Promise<void> {
    const consumer = this.consumers.get(row.queue);
    const startedAt = this.now();
    const record = (entry: Partial<DeliveryRecord> & { outcome: DeliveryOutcome }): void => {
      this.deliveries.push({
        eventId: row.event_id,
        jobId: row.job_id,
        queue: row.queue,
        copy: row.copy === 1,
        retryCount: row.retry_count,
        startedAt,
        endedAt: this.now(),
        ...entry,
      });
    };
    if (!consumer) {
      this.finish(row, 'dropped');
      record({ outcome: 'dropped', error: `no consumer for queue ${row.queue}` });
      return;
    }
    const invocation = this.invoke(consumer, this.asyncEvent(row)).then(
      (answer) => ({ kind: 'answer' as const, answer }),
      (error: unknown) => ({
        kind: 'error' as const,
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => {
        resolve({ kind: 'timeout' });
      }, consumer.timeoutSeconds * 1000);
    });
    const result = await Promise.race([invocation, timeout]);
    clearTimeout(timer);

    if (result.kind === 'timeout') {
      // The platform would have killed it; here it runs on, and the queue waits for it to end.
      const late = invocation.then(() => undefined);
      this.inFlight.add(late);
      void late.finally(() => {
        this.inFlight.delete(late);
        this.settle();
      });
      this.failed(row, 'FUNCTION_TIME_OUT');
      record({ outcome: 'timeout' });
      return;
    }
    if (result.kind === 'error') {
      this.failed(row, 'FUNCTION_ERROR');
      record({ outcome: 'error', error: result.message });
      return;
    }
    const { body, counters, transactions } = result.answer;
    const cost = {
      ...(counters ? { counters } : {}),
      ...(transactions === undefined ? {} : { transactions }),
    };
    const asked = isRecord(body) && body._retry === true ? body : undefined;
    if (!asked) {
      this.finish(row, 'done');
      record({ outcome: 'ok', ...cost });
      const rule = row.copy === 0 ? this.takeRule(row, 'after') : undefined;
      if (rule) this.queue.insertCopy(row, 'pending', this.now());
      return;
    }
    const options = isRecord(asked.retryOptions) ? asked.retryOptions : {};
    const retryAfter = Math.min(
      RETRY_AFTER_SECONDS_MAX,
      typeof options.retryAfter === 'number' && options.retryAfter > 0 ? options.retryAfter : 1,
    );
    const retryReason =
      typeof options.retryReason === 'string' ? options.retryReason : 'FUNCTION_RETRY_REQUEST';
    const retryData = options.retryData === undefined ? null : JSON.stringify(options.retryData);
    if (retryData !== null && Buffer.byteLength(retryData) > RETRY_DATA_BYTES_MAX) {
      this.finish(row, 'dropped');
      record({
        outcome: 'dropped',
        error: 'retryData is over 4KB',
        ...cost,
      });
      return;
    }
    const outcome = this.retry(row, retryAfter * 1000, retryReason, retryData, false);
    record({
      outcome,
      retryAfterSeconds: retryAfter,
      retryReason,
      ...cost,
    });
  }

  /** An app-level error: retried after an exponential backoff. */
  private failed(row: EventRow, reason: string): void {
    const delay = Math.min(BACKOFF_MAX_MS, this.backoffBaseMs * 2 ** row.failures);
    this.retry(row, delay, reason, null, true);
  }

  private retry(
    row: EventRow,
    delayMs: number,
    reason: string,
    data: string | null,
    appError: boolean,
  ): 'retry' | 'dropped' {
    const dueAt = this.now() + delayMs;
    if (this.queue.isCancelled(row)) {
      this.finish(row, 'cancelled');
      return 'dropped';
    }
    if (dueAt > row.enqueued_at + RETENTION_MS) {
      this.finish(row, 'dropped');
      return 'dropped';
    }
    this.queue.reschedule(row, dueAt, reason, data, appError);
    return 'retry';
  }

  private finish(row: EventRow, state: EventState): void {
    this.queue.setState(row, state);
  }
}
