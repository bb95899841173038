/**
 * The signals suggestions are drawn from, gathered for one rollout with a fixed number of storage
 * reads whatever its size: phases behind plan from the work states the work-events trigger keeps,
 * open training-material problems from the problem records (the first page of each open status,
 * more than the rule's threshold needs), and readiness barriers and trained % through
 * the `signals` port (src/storage/signals.ts), which the modules that compute them answer.
 */
import { isOpenProblem, OPEN_PROBLEM_STATUSES } from '../../domain/problems';
import { liveWork } from '../../domain/progress';
import { latestReadiness, trainedByDepartment, type RolloutReadiness } from '../../domain/signals';
import { completionOf, type Rollout } from '../../domain/rollout';
import { isUnderWay, phaseProgress, type Signals } from '../../domain/suggestions';
import type { Ports } from '../ports';
import { readinessFor, type ReadinessViewer } from '../pulses/readiness';

export type SignalPorts = Pick<Ports, 'workStates' | 'problems' | 'signals' | 'pulses'>;

/** Each department's barrier in its latest pulse shown to the viewer (null: none known). */
function barriers(
  readiness: RolloutReadiness,
  departmentIds: readonly string[],
): Signals['barrierByDepartment'] {
  return Object.fromEntries(
    Object.entries(latestReadiness(readiness, departmentIds)).map(([id, latest]) => [
      id,
      latest.barrier,
    ]),
  );
}

/**
 * Signals are read as the rollout's coordinator sees them, whoever asks (the coordinator or a Jira
 * admin), so that listing and deciding draw the very same suggestions.
 */
export const COORDINATOR_VIEW = (rollout: Pick<Rollout, 'createdBy'>): ReadinessViewer => ({
  accountId: rollout.createdBy,
  isJiraAdmin: false,
});

/** The phases still to act on: those not marked complete. */
function openPhases(rollout: Rollout): Signals['phases'] {
  return rollout.phases
    .filter((phase) => completionOf(rollout, phase.id) === undefined)
    .map((phase) => ({ id: phase.id, name: phase.name, start: phase.start, end: phase.end }));
}

export async function gatherSignals(
  ports: SignalPorts,
  rollout: Rollout,
  today: string,
  viewer: ReadinessViewer,
): Promise<Signals> {
  const [states, readiness, trained, ...open] = await Promise.all([
    ports.workStates.get(rollout.id),
    readinessFor(rollout, viewer, ports),
    ports.signals.trained(rollout.id),
    ...OPEN_PROBLEM_STATUSES.map((status) =>
      ports.problems.listByRolloutStatus(rollout.id, status),
    ),
  ]);
  const departmentIds = rollout.departments.map((d) => d.departmentId);
  const phases = openPhases(rollout);
  const work = liveWork(rollout, states ?? { cells: {}, plan: {} }, today);
  const materialProblems = open
    .flat()
    .filter((problem) => problem.category === 'training-material' && isOpenProblem(problem));
  return {
    today,
    departments: rollout.departments.map((d) => ({ id: d.departmentId, name: d.name })),
    phases,
    barrierByDepartment: barriers(readiness, departmentIds),
    behindByPhase: phaseProgress(phases, work, today),
    openTrainingMaterialProblems: new Set(materialProblems.map((problem) => problem.id)).size,
    trainedByDepartment: trainedByDepartment(trained, departmentIds),
    adoptionTargetPercent: rollout.targets.adoptionPercent ?? null,
    underWay: isUnderWay(rollout, rollout.phases[0]?.start, today),
  };
}
