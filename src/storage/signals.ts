/**
 * The gadget's signals port over Forge storage: the trained record kept under
 * `trained:<rolloutId>` (one read; undefined when absent). Readiness comes from the pulses'
 * running aggregates; until they are kept, a rollout has no pulse (an empty readiness).
 */
import type { RolloutReadiness, TrainedRecord } from '../domain/signals';
import type { StorageClient } from './client';

/** Trained % and readiness, as the features that keep them answer them. */
export interface SignalsPort {
  /** The rollout's trained record; undefined when none was computed yet. */
  trained(rolloutId: string): Promise<TrainedRecord | undefined>;
  /** The rollout's readiness as `viewer` may see it (suppressed groups have null scores). */
  readiness(rolloutId: string, viewer: { accountId: string }): Promise<RolloutReadiness>;
}

export function signalsFromStorage(kvs: StorageClient): SignalsPort {
  return {
    async trained(rolloutId) {
      return kvs.get<TrainedRecord>(`trained:${rolloutId}`);
    },
    readiness(): Promise<RolloutReadiness> {
      return Promise.resolve({ pulses: [], checkIns: [] });
    },
  };
}
