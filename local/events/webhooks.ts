/**
 * The platform endpoints `@forge/events` calls through `__forge_fetch__` (target `stargate`):
 * push, job stats and job cancel, at `/webhook/queue/{publish,stats,cancel}/{contextAri}/
 * {environmentId}/{appId}/{appVersion}`, with the statuses the SDK reads: 201 pushed, 413 too
 * big, 429 over the per-minute limit, 404 unknown job, 204 cancelled.
 */
import { Router } from '../router';
import {
  DELAY_SECONDS_MAX,
  EVENT_BYTES_MAX_LONG_RUNNING,
  EVENTS_PER_MINUTE,
  EVENTS_PER_PUSH,
  LONG_RUNNING_ABOVE_SECONDS,
  PUSH_BYTES_MAX,
  QUEUE_NAME_PATTERN,
} from './limits';
import type { EventQueue, EventRow, PushedEvent } from './queue';
import type { ConsumerSpec, EventState } from './types';

/** One webhook: the request's JSON object body in, the platform's answer out. */
export type WebhookRoute = (body: Record<string, unknown>) => Response;

export interface WebhookContext {
  queue: EventQueue;
  /** The manifest's consumers, by queue name. */
  consumers: ReadonlyMap<string, ConsumerSpec>;
  now: () => number;
  /** After a push is stored: delivery starts once the push has answered. */
  pushed(): void;
  /** After a job is cancelled: whoever waits for an empty queue may be done. */
  cancelled(): void;
}

/** A JSON answer as the platform's webhook endpoints give it. */
export function reply(status: number, body?: unknown): Response {
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The SDK's own measure: UTF-8 bytes of the JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

const INSTALLATION = '{contextAri}/{environmentId}/{appId}/{appVersion}';

export function createWebhookRouter(context: WebhookContext): Router<WebhookRoute> {
  const { queue, consumers, now } = context;
  /** Push times of the last minute, per event: the per-installation rate limit. */
  let pushedAt: number[] = [];

  const publish: WebhookRoute = (body) => {
    const { queueName, jobId, payload } = body;
    if (typeof queueName !== 'string' || !QUEUE_NAME_PATTERN.test(queueName)) {
      return reply(400, { message: 'Invalid queue name.' });
    }
    if (typeof jobId !== 'string' || jobId === '' || !Array.isArray(payload)) {
      return reply(400, { message: 'A push needs a jobId and a payload of events.' });
    }
    const consumer = consumers.get(queueName);
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
    const at = now();
    pushedAt = pushedAt.filter((time) => time > at - 60_000);
    if (pushedAt.length + events.length > EVENTS_PER_MINUTE) {
      return reply(429, { message: 'Too many requests.' });
    }
    queue.push(queueName, jobId, events, at);
    pushedAt.push(...events.map(() => at));
    // Delivered after the push answers, as the platform's queue does.
    context.pushed();
    return reply(201, {});
  };

  const jobRows = (body: Record<string, unknown>): EventRow[] | Response => {
    const { queueName, jobId } = body;
    if (typeof queueName !== 'string' || typeof jobId !== 'string' || jobId === '') {
      return reply(400, { message: 'A queueName and a jobId are needed.' });
    }
    const rows = queue.jobRows(queueName, jobId);
    if (rows.length === 0) return reply(404, { message: 'No such job.' });
    return rows;
  };

  const stats: WebhookRoute = (body) => {
    const rows = jobRows(body);
    if (rows instanceof Response) return rows;
    const count = (...states: EventState[]): number =>
      rows.filter((row) => states.includes(row.state)).length;
    return reply(200, {
      success: count('done'),
      inProgress: count('pending', 'running'),
      failed: count('dropped'),
    });
  };

  const cancel: WebhookRoute = (body) => {
    const rows = jobRows(body);
    if (rows instanceof Response) return rows;
    const { queueName, jobId } = body as { queueName: string; jobId: string };
    queue.cancelJob(queueName, jobId);
    context.cancelled();
    return reply(204);
  };

  return new Router<WebhookRoute>()
    .add('POST', `/webhook/queue/publish/${INSTALLATION}`, publish)
    .add('POST', `/webhook/queue/stats/${INSTALLATION}`, stats)
    .add('POST', `/webhook/queue/cancel/${INSTALLATION}`, cancel);
}
