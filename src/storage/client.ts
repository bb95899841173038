/**
 * The one storage client every repository uses: `@forge/kvs`'s `kvs`, with every call retried
 * when Forge storage throttles it (429 `RATE_LIMIT_EXCEEDED`) or fails (5xx), on exponential
 * backoff with jitter, within the invocation's remaining time. When the retries run out, it
 * throws a `StorageBusyError`, which the edges answer as UPSTREAM ("storage is busy, try again"),
 * not INTERNAL; any other storage error
 * (a bad key, a condition that did not hold, a value too large) is thrown as it came.
 *
 * Why every storage call may be repeated: storage has no operation that adds to what is there
 * (no append, no increment). A read repeats harmlessly. A set by key writes the same value to the
 * same key again, a delete by key deletes the same key again, and a batch is a list of those. A
 * write guarded by a condition or by `FAIL_IF_EXISTS` cannot apply twice: if the first attempt
 * did commit before its answer was lost, the repeat fails its condition and the caller sees what
 * it sees when another writer won (it re-reads; see `commitUnlessStale` and `claimIssue`). A 429
 * did nothing at all. So nothing is duplicated, whatever attempt the failure hit.
 *
 * Retry-After: `@forge/kvs` 1.6 keeps only the status, status text and trace id of a failed
 * answer (`utils/error-handling.js`), and Forge documents none for storage, so the wait is
 * the backoff's. See docs/decisions/0008-bad-input.md.
 *
 * How: the calls the SDK answers with a promise (`get`, `set`, `delete`, `getMany`, `getOne`,
 * `execute`, `batchSet`…) each send one request built from their arguments and their builder's
 * state, so calling the same method again with the same arguments sends the same request. The
 * builders (`entity()`, `query()`, `index()`, `transact()`…) are wrapped the same way, so a
 * repository writes exactly what it would with `@forge/kvs` itself.
 */
import { ForgeKvsAPIError, kvs as forgeKvs } from '@forge/kvs';
import { sleep } from '../platform/invocation';
import { StorageBusyError } from './errors';

/** What repositories write and read through: `@forge/kvs`'s own interface. */
export type StorageClient = typeof forgeKvs;

export interface StorageRetryPolicy {
  maxAttempts: number;
  /** The first wait; each next one doubles, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the platform ends the invocation. */
  remainingMs: () => number;
}

/** The policy, but for the time left: that is the invocation's (see `storageClient`). */
export const STORAGE_RETRY: Omit<StorageRetryPolicy, 'remainingMs'> = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  sleep,
};

/** A throttled (429) or failed (5xx) storage answer: worth another attempt. */
export function isTransientStorageError(error: unknown): error is ForgeKvsAPIError {
  if (!(error instanceof ForgeKvsAPIError)) return false;
  const { status } = error.responseDetails;
  return status === 429 || (status >= 500 && status <= 599);
}

/** The wait before attempt `tries + 1`: exponential, with jitter so parallel calls spread out. */
function backoff(tries: number, policy: StorageRetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tries - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function storageBusy(error: ForgeKvsAPIError, attempts: number): StorageBusyError {
  // For operators: what failed and how often, never keys or values.
  console.warn(
    `[rollout-coordinator] storage answered ${String(error.responseDetails.status)} ${error.code} to ${error.responseDetails.httpPath ?? 'a call'} after ${String(attempts)} attempt(s)`,
  );
  return new StorageBusyError(error.responseDetails.status, error.code, attempts);
}

/**
 * Runs `attempt` until it succeeds, fails for a reason a retry cannot mend, or the attempts or
 * the invocation's time run out (then a `StorageBusyError`). `first` is the first attempt, already running.
 */
export async function withStorageRetry<T>(
  first: Promise<T>,
  attempt: () => Promise<T>,
  policy: StorageRetryPolicy,
  random: () => number = Math.random,
): Promise<T> {
  let running = first;
  for (let tries = 1; ; tries += 1) {
    try {
      return await running;
    } catch (error) {
      if (!isTransientStorageError(error)) throw error;
      const delay = backoff(tries, policy, random);
      // Leave a margin for the call itself and the work after it.
      if (tries >= policy.maxAttempts || delay + 1_000 > policy.remainingMs()) {
        throw storageBusy(error, tries);
      }
      await policy.sleep(delay);
      running = attempt();
    }
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}

/** `target` with every method answering a promise retried, and every builder it answers wrapped. */
function retrying<T extends object>(target: T, policy: StorageRetryPolicy): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]): unknown => {
        const call = (): unknown => Reflect.apply(method, object, args);
        const result = call();
        if (isPromise(result)) {
          return withStorageRetry(result, call as () => Promise<unknown>, policy);
        }
        return typeof result === 'object' && result !== null ? retrying(result, policy) : result;
      };
    },
  });
}

/**
 * `@forge/kvs`'s `kvs`, retried as above within the invocation's time left: the only way
 * repositories reach storage. Made once per invocation with its budget (src/wiring.ts).
 */
export function storageClient(remainingMs: () => number): StorageClient {
  return retrying(forgeKvs, { ...STORAGE_RETRY, remainingMs });
}
