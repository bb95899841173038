/**
 * What the progress gadget reads of other features: each department's trained % (the record the
 * attendance features keep per rollout) and the readiness from the employees' pulses, with the
 * gadget's pure readings of them. The shapes are those features' own (./trained.ts,
 * ./readiness.ts), re-exported for the gadget's readers. Pure.
 */
import type { AdkarElement, RolloutReadiness } from './readiness';
import { trainedPercent, type TrainedRecord } from './trained';

export type { TrainedRecord } from './trained';

export {
  ADKAR_ELEMENTS,
  type AdkarElement,
  type DepartmentReadiness,
  type RolloutReadiness,
} from './readiness';

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
