/**
 * What the gadget and the suggestions read of other features, over Forge storage: the trained
 * record the attendance side keeps (decision 0019), and the readiness the employees' pulses give.
 * Until pulses keep their running aggregates, a rollout has no pulse (an empty readiness).
 */
import type { RolloutReadiness, TrainedRecord } from '../domain/signals';
import type { TrainedRepository } from './trained';

/** Trained % and readiness, as the features that keep them answer them. */
export interface SignalsPort {
  /** The rollout's trained record; undefined when none was computed yet. */
  trained(rolloutId: string): Promise<TrainedRecord | undefined>;
  /** The rollout's readiness as `viewer` may see it (suppressed groups have null scores). */
  readiness(rolloutId: string, viewer: { accountId: string }): Promise<RolloutReadiness>;
}

export function signalsFromStorage(trained: TrainedRepository): SignalsPort {
  return {
    trained(rolloutId) {
      return trained.get(rolloutId);
    },
    readiness(): Promise<RolloutReadiness> {
      return Promise.resolve({ pulses: [], checkIns: [] });
    },
  };
}
