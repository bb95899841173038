/**
 * Accepting "extend the phase" moves the phase's end in the plan; its tasks already in Jira were
 * created due on the old end, so their due dates follow, as the coordinator accepting them.
 *
 * Bounded: one search (as the app, one page: a phase holds at most `PLAN_PHASE_TASKS_MAX` tasks)
 * and one edit per open plan task of the phase still due before the new end, so at most
 * `PLAN_PHASE_TASKS_MAX` edits whatever the size of the rollout. Idempotent: a repeat finds them
 * at the new end and edits nothing, so accepting again finishes what a failed edit left.
 * Done tasks keep their dates (they are history), and a task someone moved past the new end keeps
 * theirs. Jira's bulk edit (`POST /rest/api/3/bulk/issues/fields`) is not used: see decision 0025.
 */
import { UpstreamError } from '../../atlassian/errors';
import { jqlString, type WorkIssue } from '../../atlassian/jira/port';
import { taskItemId } from '../../domain/plan';
import type { RolloutPhase } from '../../domain/rollout';
import type { Ports } from '../ports';
import { phaseJql } from '../strategy/context';

export interface DueDatesMoved {
  /** Open tasks whose due date moved to the phase's new end by this call. */
  moved: number;
  /** Open tasks Jira refused to move for the coordinator (no right to schedule or edit them). */
  refused: number;
}

function planItemOf(property: Record<string, unknown>): string {
  return typeof property.planItemId === 'string' ? property.planItemId : '';
}

export async function moveTaskDueDates(
  ports: Pick<Ports, 'jira'>,
  rolloutId: string,
  phase: Pick<RolloutPhase, 'id' | 'end' | 'tasks'>,
): Promise<DueDatesMoved> {
  const taskIds = new Set(phase.tasks.map((task) => taskItemId(phase.id, task.id)));
  if (taskIds.size === 0) return { moved: 0, refused: 0 };
  const jql = `${phaseJql(rolloutId, phase.id)} AND rolloutWorkKind = ${jqlString('task')}`;
  let issues: WorkIssue[];
  try {
    ({ issues } = await ports.jira.workIssuesPage(jql));
  } catch (error) {
    // The plan's change stands; accepting again moves the dates once Jira answers.
    if (!(error instanceof UpstreamError)) throw error;
    console.warn(`[rollout-coordinator] extend phase: tasks not read (${String(error.status)})`);
    return { moved: 0, refused: taskIds.size };
  }
  const due = issues.filter(
    (issue) =>
      taskIds.has(planItemOf(issue.property)) &&
      issue.statusCategory !== 'done' &&
      issue.dueDate !== '' &&
      issue.dueDate < phase.end,
  );
  const outcomes = await Promise.all(
    due.map((issue) => ports.jira.editIssue(issue.id, { dueDate: phase.end })),
  );
  const moved = outcomes.filter((outcome) => outcome.ok).length;
  if (moved < outcomes.length) {
    console.warn(
      `[rollout-coordinator] extend phase: ${String(outcomes.length - moved)} due dates not moved`,
    );
  }
  return { moved, refused: outcomes.length - moved };
}
