/**
 * Pushes of plans to Jira in Forge storage: `push-job` (key = rollout id), the rollout's current
 * or last push. Created with FAIL_IF_EXISTS, then rewritten only by a transaction conditioned on
 * the version read, so of two writers (two clicks, two deliveries of one event, a push that
 * replaces a stalled one) exactly one wins and the other learns it ('stale').
 */
import { Filter, FilterConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import type { PushJob } from '../domain/push-job';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

const PUSH_JOB = 'push-job';

function versionIs(version: number) {
  return new Filter<PushJob>().and('version', FilterConditions.equalTo(version));
}

export function pushJobRepository(kvs: StorageClient) {
  return {
    async get(rolloutId: string): Promise<PushJob | undefined> {
      return kvs.entity<PushJob>(PUSH_JOB).get(rolloutId);
    },

    /** Forgets a discarded rollout's push (its issues stay in Jira). */
    async remove(rolloutId: string): Promise<void> {
      await kvs.entity<PushJob>(PUSH_JOB).delete(rolloutId);
    },

    /**
     * Writes `next` in place of `current` (undefined: there is none yet), unless someone wrote the
     * record since `current` was read.
     */
    async replace(current: PushJob | undefined, next: PushJob): Promise<'written' | 'stale'> {
      if (!current) {
        try {
          await kvs
            .entity<PushJob>(PUSH_JOB)
            .set(next.rolloutId, next, { keyPolicy: 'FAIL_IF_EXISTS' });
          return 'written';
        } catch (error) {
          if (isKeyConflict(error)) return 'stale';
          throw error;
        }
      }
      return commitUnlessStale(
        kvs.transact().set(next.rolloutId, next, {
          entityName: PUSH_JOB,
          conditions: versionIs(current.version),
        }),
      );
    },
  };
}

export type PushJobRepository = ReturnType<typeof pushJobRepository>;
