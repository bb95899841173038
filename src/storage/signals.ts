/**
 * The signals other modules keep, as suggestions read them. Trained % is read from the record the
 * attendance side keeps under `trained:<rolloutId>` (per department: people trained, people in
 * all); a record of another shape, or none, reads as nothing known. Readiness barriers come from
 * the pulses' aggregates, which this storage does not hold: none are known here.
 */
import { z } from 'zod';
import type { AdkarElement } from '../domain/suggestions';
import type { StorageClient } from './client';

/** Readiness and trained % as the suggestions read them; {} when nothing is known yet. */
export interface SignalsPort {
  /** The latest readiness barrier (first ADKAR element scoring ≤ 3) per department id. */
  barriers(rolloutId: string): Promise<Record<string, AdkarElement | null>>;
  /** Trained % per department id (null: unknown, e.g. no head-count). */
  trained(rolloutId: string): Promise<Record<string, number | null>>;
}

const trainedRecordSchema = z.object({
  byDepartment: z.record(
    z.string(),
    z.object({ trained: z.number().min(0), people: z.number().min(0) }).loose(),
  ),
});

export function storedSignals(kvs: StorageClient): SignalsPort {
  return {
    barriers() {
      return Promise.resolve({});
    },

    async trained(rolloutId) {
      const parsed = trainedRecordSchema.safeParse(await kvs.get(`trained:${rolloutId}`));
      if (!parsed.success) return {};
      return Object.fromEntries(
        Object.entries(parsed.data.byDepartment).map(([departmentId, entry]) => [
          departmentId,
          entry.people > 0 ? Math.min(100, (entry.trained / entry.people) * 100) : null,
        ]),
      );
    },
  };
}
