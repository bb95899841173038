/**
 * The Forge async events emulator: what the platform does between `Queue.push()` in the real
 * `@forge/events` package and the app's `consumer` function.
 *
 * - It answers the requests the SDK sends through `__forge_fetch__` (target `stargate`, paths
 *   `/webhook/queue/{publish,stats,cancel}/{contextAri}/{environmentId}/{appId}/{appVersion}`)
 *   with the statuses the SDK reads: 201 pushed, 413 too big, 429 over the per-minute limit,
 *   404 unknown job, 204 cancelled.
 * - It keeps the events in SQLite (the host's database), so an event pushed before a restart is
 *   still delivered after it: delivery is at least once.
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
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  BACKOFF_MAX_MS,
  DEFAULT_BACKOFF_BASE_MS,
  DELAY_SECONDS_MAX,
  EVENT_BYTES_MAX_LONG_RUNNING,
  EVENTS_PER_MINUTE,
  EVENTS_PER_PUSH,
  LONG_RUNNING_ABOVE_SECONDS,
  PUSH_BYTES_MAX,
  QUEUE_NAME_PATTERN,
  RETENTION_MS,
  RETRY_AFTER_SECONDS_MAX,
  RETRY_DATA_BYTES_MAX,
} from './limits';

/** A manifest `consumer` module, with its function's time limit. */
export interface ConsumerSpec {
  moduleKey: string;
  queue: string;
  functionKey: string;
  timeoutSeconds: number;
}

export interface RetryContext {
  retryCount: number;
  retryReason: string;
  retryData: unknown;
  retentionWindow: { startTime: string; remainingTimeMs: number };
}

/** What the consumer function receives (`AsyncEvent` in `@forge/events`). */
export interface AsyncEventPayload {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  queueName: string;
  jobId: string;
  eventId: string;
  retryContext?: RetryContext;
}

/** What one invocation of the consumer answered (JSON round-tripped) and cost. */
export interface ConsumerAnswer {
  body: unknown;
  counters?: { storage: number; product: number };
}

export type ConsumerInvoker = (
  consumer: ConsumerSpec,
  event: AsyncEventPayload,
) => Promise<ConsumerAnswer>;

export type DeliveryOutcome = 'ok' | 'retry' | 'error' | 'timeout' | 'dropped';

/** One delivery of an event to its consumer, for tests and the host's `/__forge/events` page. */
export interface DeliveryRecord {
  eventId: string;
  jobId: string;
  queue: string;
  /** A duplicate copy injected by a test (at-least-once delivery), not the original. */
  copy: boolean;
  retryCount: number;
  startedAt: number;
  endedAt: number;
  outcome: DeliveryOutcome;
  /** For `retry`: what the consumer asked for (after the 900 s cap). */
  retryAfterSeconds?: number;
  retryReason?: string;
  /** For `error`: the error's message. */
  error?: string;
  counters?: { storage: number; product: number };
}

export type EventState = 'pending' | 'running' | 'done' | 'dropped' | 'cancelled';

export interface StoredEvent {
  id: number;
  eventId: string;
  queue: string;
  jobId: string;
  body: Record<string, unknown>;
  state: EventState;
  dueAt: number;
  retryCount: number;
  copy: boolean;
}

export interface EventsEmulatorOptions {
  consumers: readonly ConsumerSpec[];
  invoke: ConsumerInvoker;
  /** First backoff after an app-level error; doubles each time, up to 15 minutes. */
  backoffBaseMs?: number;
  now?: () => number;
}

/** How a test duplicates deliveries: a copy at the same time, or again after success. */
export interface DuplicateRule {
  queue?: string;
  mode: 'concurrent' | 'after';
  /** How many events get a copy; 1 by default. */
  times?: number;
}

interface IdleWaiter {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface EventRow {
  id: number;
  event_id: string;
  queue: string;
  job_id: string;
  event: string;
  concurrency_key: string | null;
  concurrency_limit: number | null;
  enqueued_at: number;
  due_at: number;
  retry_count: number;
  retry_reason: string | null;
  retry_data: string | null;
  failures: number;
  copy: number;
  state: EventState;
}

interface PushedEvent {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
}

/** A JSON answer as the platform's webhook endpoints give it. */
function reply(status: number, body?: unknown): Response {
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The SDK's own measure: UTF-8 bytes of the JSON. */
function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

const PATH = /^\/webhook\/queue\/(publish|stats|cancel)\/[^/]+\/[^/]+\/[^/]+\/[^/]+$/u;

function createSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events_queue (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL,
      queue TEXT NOT NULL,
      job_id TEXT NOT NULL,
      event TEXT NOT NULL,
      concurrency_key TEXT,
      concurrency_limit INTEGER,
      enqueued_at INTEGER NOT NULL,
      due_at INTEGER NOT NULL,
      retry_count INTEGER NOT NULL DEFAULT 0,
      retry_reason TEXT,
      retry_data TEXT,
      failures INTEGER NOT NULL DEFAULT 0,
      copy INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS events_queue_due ON events_queue (state, due_at);
    CREATE INDEX IF NOT EXISTS events_queue_job ON events_queue (queue, job_id);
    CREATE TABLE IF NOT EXISTS events_cancelled_job (
      queue TEXT NOT NULL,
      job_id TEXT NOT NULL,
      PRIMARY KEY (queue, job_id)
    );
  `);
}

export class EventsEmulator {
  /** Every delivery so far, oldest first. */
  readonly deliveries: DeliveryRecord[] = [];

  private readonly db: Database;
  private readonly consumers: ReadonlyMap<string, ConsumerSpec>;
  private readonly invoke: ConsumerInvoker;
  private readonly backoffBaseMs: number;
  private readonly now: () => number;
  /** Push times of the last minute, per event: the per-installation rate limit. */
  private pushedAt: number[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly runningByKey = new Map<string, number>();
  private duplicateRules: (DuplicateRule & { left: number })[] = [];
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private closed = false;
  private idleWaiters: IdleWaiter[] = [];
  private kicked = false;

  constructor(db: Database, options: EventsEmulatorOptions) {
    this.db = db;
    this.consumers = new Map(options.consumers.map((consumer) => [consumer.queue, consumer]));
    this.invoke = options.invoke;
    this.backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.now = options.now ?? Date.now;
    createSchema(db);
    // Deliveries cut short by a restart happen again: at least once.
    db.prepare("UPDATE events_queue SET state = 'pending' WHERE state = 'running'").run();
    this.kick();
  }

  /** One platform request from the SDK (`__forge_fetch__` to stargate `/webhook/queue/…`). */
  handle(path: string, bodyText: string): Promise<Response> {
    const match = PATH.exec(path);
    if (!match) return Promise.resolve(reply(404, { message: `No events endpoint at ${path}` }));
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return Promise.resolve(reply(400, { message: 'The request body is not JSON.' }));
    }
    if (!isRecord(body)) return Promise.resolve(reply(400, { message: 'Expected an object.' }));
    switch (match[1]) {
      case 'publish':
        return Promise.resolve(this.publish(body));
      case 'stats':
        return Promise.resolve(this.stats(body));
      default:
        return Promise.resolve(this.cancel(body));
    }
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
    const row = this.db
      .prepare<[string], EventRow>(
        'SELECT * FROM events_queue WHERE event_id = ? ORDER BY id LIMIT 1',
      )
      .get(eventId);
    if (!row) throw new Error(`No event ${eventId}`);
    this.insertCopy(row, 'pending', this.now() + delayMs);
    this.kick();
  }

  /** The stored events (originals and copies), oldest first. */
  list(): StoredEvent[] {
    return this.db
      .prepare<[], EventRow>('SELECT * FROM events_queue ORDER BY id')
      .all()
      .map((row) => ({
        id: row.id,
        eventId: row.event_id,
        queue: row.queue,
        jobId: row.job_id,
        body: (JSON.parse(row.event) as PushedEvent).body,
        state: row.state,
        dueAt: row.due_at,
        retryCount: row.retry_count,
        copy: row.copy === 1,
      }));
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

  private publish(body: Record<string, unknown>): Response {
    const { queueName, jobId, payload } = body;
    if (typeof queueName !== 'string' || !QUEUE_NAME_PATTERN.test(queueName)) {
      return reply(400, { message: 'Invalid queue name.' });
    }
    if (typeof jobId !== 'string' || jobId === '' || !Array.isArray(payload)) {
      return reply(400, { message: 'A push needs a jobId and a payload of events.' });
    }
    const consumer = this.consumers.get(queueName);
    if (!consumer) {
      // Stricter than the platform may be: an event nobody consumes is a bug in the app.
      return reply(400, { message: `No consumer module listens to the queue "${queueName}".` });
    }
    if (payload.length === 0 || payload.length > EVENTS_PER_PUSH) {
      return reply(400, { message: `A push holds 1 to ${EVENTS_PER_PUSH} events.` });
    }
    if (jsonBytes(payload) > PUSH_BYTES_MAX) {
      return reply(413, { errorMessage: 'The maximum payload size is 200KB.' });
    }
    const events: PushedEvent[] = [];
    for (const event of payload) {
      if (!isRecord(event) || !isRecord(event.body)) {
        return reply(400, { message: 'Each event must be an object with an object body.' });
      }
      const delay = event.delayInSeconds;
      if (
        delay !== undefined &&
        (typeof delay !== 'number' || delay < 0 || delay > DELAY_SECONDS_MAX)
      ) {
        return reply(400, { message: 'The delayInSeconds setting must be between 0 and 900.' });
      }
      const concurrency = event.concurrency;
      if (
        concurrency !== undefined &&
        (!isRecord(concurrency) ||
          typeof concurrency.key !== 'string' ||
          concurrency.key === '' ||
          typeof concurrency.limit !== 'number' ||
          !Number.isInteger(concurrency.limit) ||
          concurrency.limit < 1)
      ) {
        return reply(400, { message: 'concurrency needs a key and a positive integer limit.' });
      }
      if (
        consumer.timeoutSeconds > LONG_RUNNING_ABOVE_SECONDS &&
        jsonBytes(event) > EVENT_BYTES_MAX_LONG_RUNNING
      ) {
        return reply(413, {
          errorMessage: 'An event for a long-running consumer holds at most 100KB.',
        });
      }
      events.push({
        body: event.body,
        ...(typeof delay === 'number' ? { delayInSeconds: delay } : {}),
        ...(isRecord(concurrency)
          ? { concurrency: { key: String(concurrency.key), limit: Number(concurrency.limit) } }
          : {}),
      });
    }
    const now = this.now();
    this.pushedAt = this.pushedAt.filter((at) => at > now - 60_000);
    if (this.pushedAt.length + events.length > EVENTS_PER_MINUTE) {
      return reply(429, { message: 'Too many requests.' });
    }
    const insert = this.db.prepare(
      `INSERT INTO events_queue (event_id, queue, job_id, event, concurrency_key, concurrency_limit,
         enqueued_at, due_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    this.db.transaction(() => {
      for (const event of events) {
        insert.run(
          randomUUID(),
          queueName,
          jobId,
          JSON.stringify(event),
          event.concurrency?.key ?? null,
          event.concurrency?.limit ?? null,
          now,
          now + (event.delayInSeconds ?? 0) * 1000,
        );
        this.pushedAt.push(now);
      }
    })();
    // Delivered after the push answers, as the platform's queue does.
    this.kick();
    return reply(201, {});
  }

  private jobRows(body: Record<string, unknown>): EventRow[] | Response {
    const { queueName, jobId } = body;
    if (typeof queueName !== 'string' || typeof jobId !== 'string' || jobId === '') {
      return reply(400, { message: 'A queueName and a jobId are needed.' });
    }
    const rows = this.db
      .prepare<[string, string], EventRow>(
        'SELECT * FROM events_queue WHERE queue = ? AND job_id = ? AND copy = 0',
      )
      .all(queueName, jobId);
    if (rows.length === 0) return reply(404, { message: 'No such job.' });
    return rows;
  }

  private stats(body: Record<string, unknown>): Response {
    const rows = this.jobRows(body);
    if (rows instanceof Response) return rows;
    const count = (...states: EventState[]): number =>
      rows.filter((row) => states.includes(row.state)).length;
    return reply(200, {
      success: count('done'),
      inProgress: count('pending', 'running'),
      failed: count('dropped'),
    });
  }

  private cancel(body: Record<string, unknown>): Response {
    const rows = this.jobRows(body);
    if (rows instanceof Response) return rows;
    const { queueName, jobId } = body as { queueName: string; jobId: string };
    this.db
      .prepare('INSERT OR IGNORE INTO events_cancelled_job (queue, job_id) VALUES (?, ?)')
      .run(queueName, jobId);
    // Events not started yet never run; a running one finishes, and is not retried.
    this.db
      .prepare(
        "UPDATE events_queue SET state = 'cancelled' WHERE queue = ? AND job_id = ? AND state = 'pending'",
      )
      .run(queueName, jobId);
    this.settle();
    return reply(204);
  }

  private cancelled(row: EventRow): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM events_cancelled_job WHERE queue = ? AND job_id = ?')
        .get(row.queue, row.job_id) !== undefined
    );
  }

  private idle(): boolean {
    const waiting = this.db
      .prepare("SELECT COUNT(*) AS n FROM events_queue WHERE state IN ('pending', 'running')")
      .get() as { n: number };
    return waiting.n === 0 && this.inFlight.size === 0;
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

  /** Sets the timer for the next event that will be due (events blocked by concurrency wait for a slot). */
  private schedule(): void {
    if (this.closed || this.paused) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.db
      .prepare<[number], { due: number | null }>(
        "SELECT MIN(due_at) AS due FROM events_queue WHERE state = 'pending' AND due_at > ?",
      )
      .get(this.now());
    if (next?.due === null || next === undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.dispatch();
      },
      Math.max(0, next.due - this.now()),
    );
  }

  private slotFree(row: EventRow): boolean {
    if (row.concurrency_key === null || row.concurrency_limit === null) return true;
    return (this.runningByKey.get(row.concurrency_key) ?? 0) < row.concurrency_limit;
  }

  /** Starts every due event that has a concurrency slot. */
  private dispatch(): void {
    if (this.closed || this.paused) return;
    const due = this.db
      .prepare<[number], EventRow>(
        "SELECT * FROM events_queue WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id",
      )
      .all(this.now());
    for (const row of due) {
      if (!this.slotFree(row)) continue;
      this.start(row);
      const rule = row.copy === 0 ? this.takeRule(row, 'concurrent') : undefined;
      if (rule) {
        const copy = this.insertCopy(row, 'pending', this.now());
        if (this.slotFree(copy)) this.start(copy);
      }
    }
    this.schedule();
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

  private insertCopy(row: EventRow, state: EventState, dueAt: number): EventRow {
    const result = this.db
      .prepare(
        `INSERT INTO events_queue (event_id, queue, job_id, event, concurrency_key, concurrency_limit,
           enqueued_at, due_at, retry_count, retry_reason, retry_data, failures, copy, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)`,
      )
      .run(
        row.event_id,
        row.queue,
        row.job_id,
        row.event,
        row.concurrency_key,
        row.concurrency_limit,
        row.enqueued_at,
        dueAt,
        row.retry_count,
        row.retry_reason,
        row.retry_data,
        state,
      );
    const copy = this.db
      .prepare<[number], EventRow>('SELECT * FROM events_queue WHERE id = ?')
      .get(Number(result.lastInsertRowid));
    if (!copy) throw new Error('The copy of the event was not stored.');
    return copy;
  }

  private start(row: EventRow): void {
    this.db.prepare("UPDATE events_queue SET state = 'running' WHERE id = ?").run(row.id);
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
    const { body, counters } = result.answer;
    const asked = isRecord(body) && body._retry === true ? body : undefined;
    if (!asked) {
      this.finish(row, 'done');
      record({ outcome: 'ok', ...(counters ? { counters } : {}) });
      const rule = row.copy === 0 ? this.takeRule(row, 'after') : undefined;
      if (rule) this.insertCopy(row, 'pending', this.now());
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
        ...(counters ? { counters } : {}),
      });
      return;
    }
    const outcome = this.retry(row, retryAfter * 1000, retryReason, retryData, false);
    record({
      outcome,
      retryAfterSeconds: retryAfter,
      retryReason,
      ...(counters ? { counters } : {}),
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
    if (this.cancelled(row)) {
      this.finish(row, 'cancelled');
      return 'dropped';
    }
    if (dueAt > row.enqueued_at + RETENTION_MS) {
      this.finish(row, 'dropped');
      return 'dropped';
    }
    this.db
      .prepare(
        `UPDATE events_queue SET state = 'pending', due_at = ?, retry_count = retry_count + 1,
           retry_reason = ?, retry_data = ?, failures = failures + ? WHERE id = ?`,
      )
      .run(dueAt, reason, data, appError ? 1 : 0, row.id);
    return 'retry';
  }

  private finish(row: EventRow, state: EventState): void {
    this.db.prepare('UPDATE events_queue SET state = ? WHERE id = ?').run(state, row.id);
  }
}
