/**
 * What the progress gadget reads of other features: each department's trained % (the record the
 * attendance features keep per rollout) and the readiness from the employees' pulses, with the
 * gadget's pure readings of them. The shapes are those features' own, declared here so the
 * gadget does not depend on how they are computed. Pure.
 */

import { trainedPercent, type TrainedRecord } from './trained';

export type { TrainedRecord } from './trained';

export const ADKAR_ELEMENTS = [
  'awareness',
  'desire',
  'knowledge',
  'ability',
  'reinforcement',
] as const;
export type AdkarElement = (typeof ADKAR_ELEMENTS)[number];

export interface DepartmentReadiness {
  departmentId: string;
  shown: boolean;
  answers: number | null;
  means: Record<AdkarElement, number> | null;
  barrier: AdkarElement | null;
  score: number | null;
}

export interface RolloutReadiness {
  pulses: {
    pulseId: string;
    period: { from: string; to: string };
    byDepartment: DepartmentReadiness[];
  }[];
  checkIns: { departmentId: string; rating: number; at: string }[];
}

/** Each department's trained % from the record (null when unknown). */
export function trainedByDepartment(
  record: TrainedRecord | undefined,
  departmentIds: readonly string[],
): Record<string, number | null> {
  return Object.fromEntries(
    departmentIds.map((id) => [id, trainedPercent(record?.byDepartment[id])]),
  );
}

/** Each department's latest shown readiness score and barrier (null when none is shown). */
export function latestReadiness(
  readiness: RolloutReadiness,
  departmentIds: readonly string[],
): Record<string, { score: number | null; barrier: AdkarElement | null }> {
  const latest: Record<string, { score: number | null; barrier: AdkarElement | null }> = {};
  for (const id of departmentIds) latest[id] = { score: null, barrier: null };
  const pulses = [...readiness.pulses].sort((a, b) => a.period.to.localeCompare(b.period.to));
  for (const pulse of pulses) {
    for (const department of pulse.byDepartment) {
      if (!(department.departmentId in latest) || !department.shown || department.score === null) {
        continue;
      }
      latest[department.departmentId] = { score: department.score, barrier: department.barrier };
    }
  }
  return latest;
}
