/**
 * The queue that carries pushes of plans to Jira to their consumer (`consumer` module
 * `push-plan-consumer` → function `push-plan`, with a longer `timeoutSeconds` than a resolver's
 * 25 s). One event per push, holding only ids: the consumer reads everything else from storage,
 * so an event is a few dozen bytes, far below the 100 KB a long-running consumer's event may hold.
 */
import { Queue, RateLimitError } from '@forge/events';
import { EnqueueError, PUSH_QUEUE, type PushEventBody, type PushQueue } from './push-queue-port';

/**
 * At most this many pushes run at once in an installation (a concurrency key is scoped to the
 * installation): Jira's rate limits are per site, and two big pushes side by side mostly earn 429s.
 */
const CONCURRENCY = { key: 'push-plan', limit: 2 } as const;

export function createPushQueue(): PushQueue {
  const queue = new Queue<PushEventBody>({ key: PUSH_QUEUE });
  return {
    async enqueue(body) {
      try {
        await queue.push({ body, concurrency: CONCURRENCY });
      } catch (error) {
        if (error instanceof RateLimitError) throw new EnqueueError('busy');
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
        console.error(`[rollout-coordinator] the push could not be queued: ${reason}`);
        throw new EnqueueError('failed');
      }
    },
  };
}
