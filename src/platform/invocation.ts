/**
 * The Forge invocation this code runs in: how much time it has left, and which app and
 * environment it belongs to. Read from `getAppContext()`, the platform's own figures.
 */
import { getAppContext } from '@forge/api';

/** Forge's limit for a resolver (and a workflow validator). */
export const RESOLVER_LIMIT_MS = 25_000;
/** Forge's limit for a scheduled trigger (and a consumer without `timeoutSeconds`). */
export const SCHEDULED_LIMIT_MS = 55_000;

/**
 * The invocation's time left, as the platform counts it. Where it does not (code run outside a
 * Forge invocation: a script, a test), `limitMs` less the time since this budget was made. Made
 * once per invocation, by its handler, which knows its function's limit; everything that waits
 * (retries, a job's slices of work) is handed this one budget.
 */
export function invocationTimeLeft(limitMs: number, started = Date.now()): () => number {
  return () => {
    try {
      return getAppContext().invocationRemainingTimeInMillis();
    } catch {
      return Math.max(0, limitMs - (Date.now() - started));
    }
  };
}

/** Waits `ms` (a retry's backoff). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The app and the environment this code runs in (what a Forge macro's extension key names). */
export function appIdentity(): { appId: string; environmentId: string; environmentType: string } {
  const context = getAppContext();
  return {
    appId: context.appAri.appId,
    environmentId: context.environmentAri.environmentId,
    environmentType: context.environmentType,
  };
}
