/**
 * What Jira says of each work issue of a rollout, in Forge storage: `rollout-work` (key = rollout
 * id), one bounded map per rollout (src/domain/work-states.ts). Created with FAIL_IF_EXISTS,
 * then rewritten only by a transaction conditioned on the version read, so of two writers (two
 * events about the rollout's issues at once) one wins and the other reads again ('stale').
 */
import { Filter, FilterConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import type { WorkStates } from '../domain/work-states';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

const ROLLOUT_WORK = 'rollout-work';

function versionIs(version: number) {
  return new Filter<WorkStates>().and('version', FilterConditions.equalTo(version));
}

export function workStateRepository(kvs: StorageClient) {
  return {
    async get(rolloutId: string): Promise<WorkStates | undefined> {
      return kvs.entity<WorkStates>(ROLLOUT_WORK).get(rolloutId);
    },

    /** Forgets a discarded rollout's issue states (its issues stay in Jira). */
    async remove(rolloutId: string): Promise<void> {
      await kvs.entity<WorkStates>(ROLLOUT_WORK).delete(rolloutId);
    },

    /**
     * Writes `next` in place of `current` (undefined: none stored yet), unless someone wrote the
     * record since `current` was read.
     */
    async replace(current: WorkStates | undefined, next: WorkStates): Promise<'written' | 'stale'> {
      if (!current) {
        try {
          await kvs
            .entity<WorkStates>(ROLLOUT_WORK)
            .set(next.rolloutId, next, { keyPolicy: 'FAIL_IF_EXISTS' });
          return 'written';
        } catch (error) {
          if (isKeyConflict(error)) return 'stale';
          throw error;
        }
      }
      return commitUnlessStale(
        kvs.transact().set(next.rolloutId, next, {
          entityName: ROLLOUT_WORK,
          conditions: versionIs(current.version),
        }),
      );
    },
  };
}

export type WorkStateRepository = ReturnType<typeof workStateRepository>;
