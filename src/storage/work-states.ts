/**
 * What Jira says of each work issue of a rollout, in Forge storage: `rollout-work` (key = rollout
 * id), one bounded map per rollout (src/domain/work-states.ts); of two writers (two events about
 * the rollout's issues at once) one wins and the other reads again ('stale'). Forgetting a
 * discarded rollout's states leaves its issues in Jira.
 */
import type { StorageClient } from './client';
import type { WorkStates } from '../domain/work-states';
import { perRolloutRepository } from './per-rollout';

/** The entity the states live in (the Rollout panel reads it in a batch with other records). */
export const WORK_STATES_ENTITY = 'rollout-work';

export function workStateRepository(kvs: StorageClient) {
  return perRolloutRepository<WorkStates>(kvs, WORK_STATES_ENTITY);
}

export type WorkStateRepository = ReturnType<typeof workStateRepository>;
