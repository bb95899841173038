/**
 * Pushes of plans to Jira in Forge storage: `push-job` (key = rollout id), the rollout's current
 * or last push; of two writers (two clicks, two deliveries of one event, a push that replaces a
 * stalled one) exactly one wins and the other learns it ('stale'). Forgetting a discarded
 * rollout's push leaves its issues in Jira.
 */
import type { StorageClient } from './client';
import type { PushJob } from '../domain/push-job';
import { perRolloutRepository } from './per-rollout';

export function pushJobRepository(kvs: StorageClient) {
  return perRolloutRepository<PushJob>(kvs, 'push-job');
}

export type PushJobRepository = ReturnType<typeof pushJobRepository>;
