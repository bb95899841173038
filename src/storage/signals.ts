/**
 * The signals other modules keep, as suggestions read them. Trained % is read from the trained
 * record (decision 0019) with the domain's own `trainedPercent`; no record reads as nothing known.
 * Readiness barriers come from the pulses' aggregates, which this storage does not hold: none are
 * known here.
 */
import type { AdkarElement } from '../domain/suggestions';
import { trainedPercent } from '../domain/trained';
import type { TrainedRepository } from './trained';

/** Readiness and trained % as the suggestions read them; {} when nothing is known yet. */
export interface SignalsPort {
  /** The latest readiness barrier (first ADKAR element scoring ≤ 3) per department id. */
  barriers(rolloutId: string): Promise<Record<string, AdkarElement | null>>;
  /** Trained % per department id (null: unknown, e.g. no head-count). */
  trained(rolloutId: string): Promise<Record<string, number | null>>;
}

export function storedSignals(trained: TrainedRepository): SignalsPort {
  return {
    barriers() {
      return Promise.resolve({});
    },

    async trained(rolloutId) {
      const record = await trained.get(rolloutId);
      if (!record) return {};
      return Object.fromEntries(
        Object.entries(record.byDepartment).map(([departmentId, entry]) => [
          departmentId,
          trainedPercent(entry),
        ]),
      );
    },
  };
}
