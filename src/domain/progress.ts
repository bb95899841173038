/**
 * The rollout's work as its plan lays it out: for each phase, and each department within it,
 * how much is open, done and overdue. It is computed from the stored plan and the phases marked
 * complete, so it costs nothing in Jira and its size is bounded by the plan's own limits
 * (decision 0012), whatever the number of issues. Pure.
 */
import { ALL_DEPARTMENTS, planItems, planOf, type PlanItem } from './plan';
import { completionOf, type Rollout } from './rollout';

export interface WorkCounts {
  open: number;
  done: number;
  /** Not done and past its due date (a session's date, a task's phase end). */
  overdue: number;
}

export interface PhaseWork {
  phaseId: string;
  total: WorkCounts;
  /** By department id ('' for work of the whole phase: its tasks). In first-seen order. */
  byDepartment: Map<string, WorkCounts>;
}

function add(counts: WorkCounts, item: PlanItem, completed: boolean, today: string): void {
  if (completed) counts.done += 1;
  else if (item.dueDate < today) counts.overdue += 1;
  else counts.open += 1;
}

const none = (): WorkCounts => ({ open: 0, done: 0, overdue: 0 });

/**
 * Each phase's work by the plan: an item is done once its phase is complete, overdue when its
 * due date (YYYY-MM-DD) is before `today` and the phase is not, open otherwise.
 */
export function planWork(
  rollout: Pick<Rollout, 'phases' | 'sessions' | 'targets' | 'phaseCompletions' | 'departments'>,
  today: string,
): PhaseWork[] {
  const byPhase = new Map<string, PhaseWork>(
    rollout.phases.map((phase) => [
      phase.id,
      { phaseId: phase.id, total: none(), byDepartment: new Map() },
    ]),
  );
  for (const item of planItems(planOf(rollout))) {
    const phase = byPhase.get(item.phaseId);
    if (!phase) continue;
    const completed = completionOf(rollout, item.phaseId) !== undefined;
    add(phase.total, item, completed, today);
    // A session for several departments counts in each; one for all, in every department's.
    const departmentIds = item.departmentIds.includes(ALL_DEPARTMENTS)
      ? rollout.departments.map((department) => department.departmentId)
      : item.departmentIds.length > 0
        ? item.departmentIds
        : [item.departmentId];
    for (const departmentId of departmentIds) {
      const cell = phase.byDepartment.get(departmentId) ?? none();
      add(cell, item, completed, today);
      phase.byDepartment.set(departmentId, cell);
    }
  }
  return [...byPhase.values()];
}

/** The plan's sessions from `today` on, soonest first: the first `limit`, and how many in all. */
export function upcomingSessions<S extends { date: string; title: string }>(
  sessions: readonly S[],
  today: string,
  limit: number,
): { upcoming: S[]; total: number } {
  const coming = sessions
    .filter((session) => session.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
  return { upcoming: coming.slice(0, limit), total: coming.length };
}
