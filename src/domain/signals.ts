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

/**
 * Why a department's readiness shows or not, so a reader is not left with a bare "—":
 * - `shown`: a score from its latest shown pulse;
 * - `hidden`: a pulse holds answers from it that are kept hidden to stay anonymous (fewer than 5,
 *   or hidden so another group cannot be worked out by subtraction);
 * - `none`: no pulse asked it, or nobody in it answered yet;
 * - `forbidden`: the reader may not see readiness (only the coordinator, the heads and Jira
 *   admins may), which says nothing of the answers.
 */
export type ReadinessState = 'shown' | 'hidden' | 'none' | 'forbidden';

export function readinessStates(
  readiness: RolloutReadiness,
  departmentIds: readonly string[],
  canSee: boolean,
): Record<string, ReadinessState> {
  const latest = latestReadiness(readiness, departmentIds);
  const states: Record<string, ReadinessState> = {};
  for (const id of departmentIds) {
    if (!canSee) {
      states[id] = 'forbidden';
      continue;
    }
    if (latest[id]?.score !== null && latest[id]?.score !== undefined) {
      states[id] = 'shown';
      continue;
    }
    // Suppressed groups carry `answers: null`; a group nobody answered is a known 0.
    const withheld = readiness.pulses.some((pulse) =>
      pulse.byDepartment.some((d) => d.departmentId === id && !d.shown && d.answers !== 0),
    );
    states[id] = withheld ? 'hidden' : 'none';
  }
  return states;
}
