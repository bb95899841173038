/**
 * The daily snapshot job: for each rollout under way, its work per phase × department, trained %,
 * readiness, open problems, and planned and actual done % on the day, stored once per day
 * (`snapshot:<rolloutId>:<day>`), then put into the rollout's trend. A repeated run the same day
 * stores nothing new and leaves the trend as it was; one rollout's failure does not stop the others.
 */
import { today } from '../../domain/delegation';
import { OPEN_PROBLEM_STATUSES, type ProblemSeverity } from '../../domain/problems';
import { actualCells, liveWork, plannedItems } from '../../domain/progress';
import type { Rollout } from '../../domain/rollout';
import { rolloutProgress, type Snapshot } from '../../domain/snapshots';
import { emptyCounters } from '../../domain/work-states';
import type { Ports } from '../ports';
import { latestReadiness, trainedByDepartment } from '../../domain/signals';
import { readinessFor } from '../pulses/readiness';
import { eachRunningRollout } from '../rollouts/running';

export type SnapshotPorts = Pick<
  Ports,
  'rollouts' | 'workStates' | 'problems' | 'signals' | 'pulses' | 'snapshots' | 'now'
>;

export interface SnapshotReport {
  rollouts: number;
  written: number;
  failed: number;
  complete: boolean;
}

export async function takeSnapshot(
  ports: SnapshotPorts,
  rollout: Rollout,
  day: string,
  at: string,
): Promise<Snapshot> {
  const departmentIds = rollout.departments.map((d) => d.departmentId);
  const [states, trained, readiness, problems] = await Promise.all([
    ports.workStates.get(rollout.id),
    ports.signals.trained(rollout.id),
    readinessFor(rollout, 'app', ports),
    Promise.all(
      OPEN_PROBLEM_STATUSES.map((status) => ports.problems.listByRolloutStatus(rollout.id, status)),
    ),
  ]);
  const actual = actualCells(liveWork(rollout, states ?? emptyCounters(rollout.id), day));
  const latest = latestReadiness(readiness, departmentIds);
  const openProblems: Record<ProblemSeverity, number> = { blocking: 0, high: 0, medium: 0, low: 0 };
  for (const problem of problems.flat()) openProblems[problem.severity] += 1;
  return {
    rolloutId: rollout.id,
    day,
    takenAt: at,
    cells: actual.map((cell) => [cell.phaseId, cell.departmentId, cell.done, cell.total]),
    trainedByDepartment: trainedByDepartment(trained, departmentIds),
    readinessByDepartment: Object.fromEntries(
      departmentIds.map((id) => [id, latest[id]?.score ?? null]),
    ),
    openProblems,
    ...rolloutProgress(rollout.phases, plannedItems(rollout), actual, day),
  };
}

export async function takeSnapshots(
  ports: SnapshotPorts,
  timeLeft: () => boolean,
): Promise<SnapshotReport> {
  const now = ports.now();
  const day = today(now);
  let written = 0;
  const walk = await eachRunningRollout(ports, timeLeft, 'progress snapshot', async (rollout) => {
    const existing = await ports.snapshots.get(rollout.id, day);
    const snapshot = existing ?? (await takeSnapshot(ports, rollout, day, now.toISOString()));
    if (!existing && (await ports.snapshots.claim(snapshot)) === 'written') written += 1;
    // Also after a run that stored the snapshot but failed before the trend: merged by day.
    await ports.snapshots.addToTrend(existing ?? snapshot);
  });
  return { rollouts: walk.visited, written, failed: walk.failed, complete: walk.complete };
}
