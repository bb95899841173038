/**
 * The events queue on SQLite (the host's database), so an event pushed before a restart is still
 * delivered after it: one row per delivery line (an original event, or a duplicate copy a test
 * injected), and the jobs an app cancelled.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EventState, StoredEvent } from './types';

/** An event as the app pushed it (inside `payload` of a push). */
export interface PushedEvent {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
}

export interface EventRow {
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

export class EventQueue {
  constructor(private readonly db: Database) {
    createSchema(db);
  }

  /** Deliveries cut short by a restart happen again: at least once. */
  requeueRunning(): void {
    this.db.prepare("UPDATE events_queue SET state = 'pending' WHERE state = 'running'").run();
  }

  /** Stores the events of one push, each due after its own delay, in one transaction. */
  push(queueName: string, jobId: string, events: readonly PushedEvent[], now: number): void {
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
      }
    })();
  }

  /** The first row of an event (its original, unless only copies are left). */
  firstOf(eventId: string): EventRow | undefined {
    return this.db
      .prepare<[string], EventRow>(
        'SELECT * FROM events_queue WHERE event_id = ? ORDER BY id LIMIT 1',
      )
      .get(eventId);
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

  /** The original events of a job (copies excluded). */
  jobRows(queueName: string, jobId: string): EventRow[] {
    return this.db
      .prepare<[string, string], EventRow>(
        'SELECT * FROM events_queue WHERE queue = ? AND job_id = ? AND copy = 0',
      )
      .all(queueName, jobId);
  }

  /** Events of the job not started yet never run; a running one finishes, and is not retried. */
  cancelJob(queueName: string, jobId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO events_cancelled_job (queue, job_id) VALUES (?, ?)')
      .run(queueName, jobId);
    this.db
      .prepare(
        "UPDATE events_queue SET state = 'cancelled' WHERE queue = ? AND job_id = ? AND state = 'pending'",
      )
      .run(queueName, jobId);
  }

  isCancelled(row: EventRow): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM events_cancelled_job WHERE queue = ? AND job_id = ?')
        .get(row.queue, row.job_id) !== undefined
    );
  }

  /** How many events wait or are being delivered. */
  waiting(): number {
    const waiting = this.db
      .prepare("SELECT COUNT(*) AS n FROM events_queue WHERE state IN ('pending', 'running')")
      .get() as { n: number };
    return waiting.n;
  }

  /** When the next pending event that is not due yet will be. */
  nextDueAfter(now: number): number | undefined {
    const next = this.db
      .prepare<[number], { due: number | null }>(
        "SELECT MIN(due_at) AS due FROM events_queue WHERE state = 'pending' AND due_at > ?",
      )
      .get(now);
    return next?.due ?? undefined;
  }

  /** Pending events due by `now`, in the order they fell due. */
  due(now: number): EventRow[] {
    return this.db
      .prepare<[number], EventRow>(
        "SELECT * FROM events_queue WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id",
      )
      .all(now);
  }

  /** A duplicate delivery line of `row`, with its retries so far. */
  insertCopy(row: EventRow, state: EventState, dueAt: number): EventRow {
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

  setState(row: EventRow, state: EventState): void {
    this.db.prepare('UPDATE events_queue SET state = ? WHERE id = ?').run(state, row.id);
  }

  /** Back to pending, due at `dueAt`, one retry more (and one failure more for an app error). */
  reschedule(
    row: EventRow,
    dueAt: number,
    reason: string,
    data: string | null,
    appError: boolean,
  ): void {
    this.db
      .prepare(
        `UPDATE events_queue SET state = 'pending', due_at = ?, retry_count = retry_count + 1,
           retry_reason = ?, retry_data = ?, failures = failures + ? WHERE id = ?`,
      )
      .run(dueAt, reason, data, appError ? 1 : 0, row.id);
  }
}
