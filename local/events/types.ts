/** What the async events emulator takes, keeps and reports: consumers, events and deliveries. */

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
  /** How many of `counters.storage` were transactions. */
  transactions?: number;
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
  /** How many of `counters.storage` were transactions. */
  transactions?: number;
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
