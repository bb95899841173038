/**
 * What the gadget and the suggestions read of the attendance side over Forge storage: the trained
 * record it keeps per rollout (decision 0019). Readiness is the pulses' own use case
 * (`readinessFor` in src/app/pulses/readiness.ts), which decides who may see it.
 */
import type { TrainedRecord } from '../domain/signals';
import type { TrainedRepository } from './trained';

export interface SignalsPort {
  /** The rollout's trained record; undefined when none was computed yet. */
  trained(rolloutId: string): Promise<TrainedRecord | undefined>;
}

export function signalsFromStorage(trained: TrainedRepository): SignalsPort {
  return {
    trained(rolloutId) {
      return trained.get(rolloutId);
    },
  };
}
