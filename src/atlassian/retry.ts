/**
 * Retries product calls that Jira or Confluence throttled (429) or failed (5xx), honouring
 * `Retry-After`. Only for requests that are safe to repeat: reads, and writes the caller marks
 * idempotent. The wait never runs past the invocation's remaining time, which the client is
 * handed when it is made.
 */

export interface RetryPolicy {
  maxAttempts: number;
  /** Cap on one wait, whatever Retry-After says: a resolver has 25 s in all. */
  maxDelayMs: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the platform kills the invocation. */
  remainingMs: () => number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The policy of the REST clients, within the invocation's `remainingMs`. */
export function retryPolicy(remainingMs: () => number): RetryPolicy {
  return { maxAttempts: 4, maxDelayMs: 8_000, baseDelayMs: 250, sleep, remainingMs };
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** For writes that are not idempotent: only a throttled request (nothing was done) is repeated. */
export function onlyThrottled(status: number): boolean {
  return status === 429;
}

/** Retry-After is seconds or an HTTP date; answers milliseconds, or undefined when absent/invalid. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What retry needs of a response: the status and the Retry-After header. */
export interface RetryableResponse {
  status: number;
  headers: { get(name: string): string | null };
}

/**
 * Calls `attempt` until it answers a status `retryable` does not accept (429 and 5xx by default)
 * or the attempts or the invocation's time run out. Writes that are not idempotent pass
 * `onlyThrottled`: a 429 did nothing and is safe to repeat, a 5xx may have done it.
 */
export async function withRetry<R extends RetryableResponse>(
  attempt: () => Promise<R>,
  policy: RetryPolicy,
  retryable: (status: number) => boolean = isRetryableStatus,
): Promise<R> {
  let response = await attempt();
  for (let tries = 1; tries < policy.maxAttempts && retryable(response.status); tries += 1) {
    const backoff = policy.baseDelayMs * 2 ** (tries - 1);
    const asked = retryAfterMs(response.headers.get('retry-after'));
    const delay = Math.min(policy.maxDelayMs, asked ?? backoff);
    // Leave a margin for the call itself and the work after it.
    if (delay + 1_000 > policy.remainingMs()) break;
    await policy.sleep(delay);
    response = await attempt();
  }
  return response;
}
