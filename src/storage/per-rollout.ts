/**
 * One versioned record per rollout (key = rollout id) in a Forge storage entity. Created with
 * FAIL_IF_EXISTS, then rewritten only by a transaction conditioned on the version read, so of two
 * writers exactly one wins and the other learns it ('stale').
 */
import { Filter, FilterConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

export function perRolloutRepository<T extends { rolloutId: string; version: number }>(
  kvs: StorageClient,
  entityName: string,
) {
  return {
    async get(rolloutId: string): Promise<T | undefined> {
      return kvs.entity<T>(entityName).get(rolloutId);
    },

    /** Forgets a discarded rollout's record. */
    async remove(rolloutId: string): Promise<void> {
      await kvs.entity<T>(entityName).delete(rolloutId);
    },

    /**
     * Writes `next` in place of `current` (undefined: there is none yet), unless someone wrote the
     * record since `current` was read.
     */
    async replace(current: T | undefined, next: T): Promise<'written' | 'stale'> {
      if (!current) {
        try {
          await kvs
            .entity<T>(entityName)
            .set(next.rolloutId, next, { keyPolicy: 'FAIL_IF_EXISTS' });
          return 'written';
        } catch (error) {
          if (isKeyConflict(error)) return 'stale';
          throw error;
        }
      }
      return commitUnlessStale(
        kvs.transact().set(next.rolloutId, next, {
          entityName,
          conditions: new Filter<T>().and('version', FilterConditions.equalTo(current.version)),
        }),
      );
    },
  };
}
