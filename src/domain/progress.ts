/**
 * The rollout's work: for each phase, and each department within it, how much is open, done and
 * overdue. Work issues count by what Jira says of them (their kept states, decision 0014); plan
 * items not in Jira yet count by the plan and the phases marked complete (decision 0012). Its
 * size is bounded by the plan's own limits, whatever the number of issues. Pure.
 */
import { ALL_DEPARTMENTS, planItems, planOf, type PlanItem } from './plan';
import { completionOf, type Rollout } from './rollout';
import type { ActualCell, PlannedItem } from './plan-vs-actual';
import { cellsOf as tallyCells, planKey, type WorkTally } from './work-states';

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

type Standing = keyof WorkCounts;

function standingOf(done: boolean, dueDate: string, today: string): Standing {
  if (done) return 'done';
  return dueDate !== '' && dueDate < today ? 'overdue' : 'open';
}

function add(counts: WorkCounts, item: PlanItem, completed: boolean, today: string): void {
  counts[standingOf(completed, item.dueDate, today)] += 1;
}

const none = (): WorkCounts => ({ open: 0, done: 0, overdue: 0 });

/**
 * The grid's cells an item counts in: each department of its audience, every department of the
 * rollout for one for all (`ALL_DEPARTMENTS`), and the phase's own row ('') for work of no
 * department (a task).
 */
function cellsOf(
  rollout: Pick<Rollout, 'departments'>,
  departmentIds: readonly string[],
): readonly string[] {
  if (departmentIds.includes(ALL_DEPARTMENTS)) {
    return rollout.departments.map((department) => department.departmentId);
  }
  return departmentIds.length > 0 ? departmentIds : [''];
}

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
    for (const departmentId of cellsOf(rollout, item.departmentIds)) {
      const cell = phase.byDepartment.get(departmentId) ?? none();
      add(cell, item, completed, today);
      phase.byDepartment.set(departmentId, cell);
    }
  }
  return [...byPhase.values()];
}

/**
 * Each phase's work as Jira has it: an issue is done when its status is in the Done category,
 * overdue when it is not and its due date is before `today`, open otherwise. A plan item with no
 * issue kept yet counts as `planWork` does, unless its issue left Jira (`gone`). An issue of several departments counts in each of
 * their cells, once in the phase's total.
 */
export function liveWork(
  rollout: Pick<Rollout, 'phases' | 'sessions' | 'targets' | 'phaseCompletions' | 'departments'>,
  states: WorkTally,
  today: string,
): PhaseWork[] {
  const byPhase = new Map<string, PhaseWork>(
    rollout.phases.map((phase) => [
      phase.id,
      { phaseId: phase.id, total: none(), byDepartment: new Map() },
    ]),
  );
  const count = (
    phase: PhaseWork,
    departmentIds: readonly string[],
    standing: Standing,
    by = 1,
  ) => {
    phase.total[standing] += by;
    for (const departmentId of cellsOf(rollout, departmentIds)) {
      const cell = phase.byDepartment.get(departmentId) ?? none();
      cell[standing] += by;
      phase.byDepartment.set(departmentId, cell);
    }
  };
  for (const cell of tallyCells(states)) {
    const phase = byPhase.get(cell.phaseId);
    if (!phase) continue;
    const standing = standingOf(cell.category === 'done', cell.dueDate, today);
    count(phase, cell.departmentIds, standing, cell.count);
  }
  // A plan item whose issue left Jira is not counted: Jira no longer counts it either.
  const covered = new Set<string>([...(states.gone ?? []), ...Object.keys(states.plan)]);
  for (const item of planItems(planOf(rollout))) {
    if (covered.has(planKey(item.planItemId))) continue;
    const phase = byPhase.get(item.phaseId);
    if (!phase) continue;
    const completed = completionOf(rollout, item.phaseId) !== undefined;
    count(phase, item.departmentIds, standingOf(completed, item.dueDate, today));
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

/**
 * The plan's work items as plan vs actual weighs them: a session by its date, a task spread over
 * its phase's window (its due date is the phase's end), each in the grid's cells it counts in.
 */
export function plannedItems(
  rollout: Pick<Rollout, 'phases' | 'sessions' | 'targets' | 'departments'>,
): PlannedItem[] {
  return planItems(planOf(rollout)).map((item) => ({
    phaseId: item.phaseId,
    cells: cellsOf(rollout, item.departmentIds),
    dueDate: item.kind === 'task' ? '' : item.dueDate,
  }));
}

/** The live work's cells, flat, as plan vs actual compares them. */
export function actualCells(work: readonly PhaseWork[]): ActualCell[] {
  return work.flatMap((phase) =>
    [...phase.byDepartment.entries()].map(([departmentId, counts]) => ({
      phaseId: phase.phaseId,
      departmentId,
      done: counts.done,
      total: counts.open + counts.done + counts.overdue,
    })),
  );
}

/**
 * Each phase's work issues as Jira counts them, from their kept states alone: open (not in the
 * Done category) and done. Plan items with no issue yet are not counted, so the numbers match
 * the phase's Jira search that the macro links to. Pure.
 */
export function jiraWorkByPhase(
  phaseIds: readonly string[],
  states: Pick<WorkTally, 'cells'>,
): Map<string, { open: number; done: number }> {
  const byPhase = new Map(phaseIds.map((id) => [id, { open: 0, done: 0 }]));
  for (const cell of tallyCells(states)) {
    const counts = byPhase.get(cell.phaseId);
    if (!counts) continue;
    if (cell.category === 'done') counts.done += cell.count;
    else counts.open += cell.count;
  }
  return byPhase;
}
