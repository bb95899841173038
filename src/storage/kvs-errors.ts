import { ForgeKvsAPIError } from '@forge/kvs';
import type { StorageClient } from './client';

/** The key a FAIL_IF_EXISTS write targeted already exists. */
export function isKeyConflict(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && error.code === 'KEY_CONFLICT';
}

/**
 * A transaction was refused because a condition (our optimistic-concurrency check) or a
 * FAIL_IF_EXISTS policy did not hold. Anything else (limits, outages) is a real failure.
 */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ForgeKvsAPIError &&
    (error.responseDetails.status === 409 ||
      error.code === 'KEY_CONFLICT' ||
      // A condition that did not hold, but not a malformed one (INVALID_FILTER_CONDITION is a bug).
      (error.code.includes('CONDITION') && !error.code.startsWith('INVALID')))
  );
}

/** Storage refused the request itself (e.g. a cursor that is not one of its own). */
export function isBadRequest(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && error.responseDetails.status === 400;
}

export type Transaction = ReturnType<StorageClient['transact']>;

/**
 * Executes a transaction whose conditions guard against concurrent writers: 'stale' when a
 * condition did not hold (nothing was written), any other failure thrown.
 */
export async function commitUnlessStale(transaction: Transaction): Promise<'written' | 'stale'> {
  try {
    await transaction.execute();
    return 'written';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return 'stale';
  }
}
