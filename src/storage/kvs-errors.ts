import { ForgeKvsAPIError } from '@forge/kvs';

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
      error.code.includes('CONDITION'))
  );
}
