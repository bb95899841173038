/**
 * The "Rollout status" macro on a strategy page: phases on a timeline with their open and done
 * Jira work, each department's approval, links into Jira. It reads only what the viewer may
 * see: nothing at all unless they may browse the rollout's Jira issue, and counts of only the
 * issues they may browse (counted as them).
 *
 * Its cost grows with neither the work nor the phases nor the departments (decision 0022): the
 * work counts come from the states the work-issue-events trigger keeps (as the gadget and the
 * Rollout panel read them), the open blocking problems from the app's problem records (one page
 * per open status, as the gadget reads them). A load is two REST calls (the visibility check and
 * one user look-up) and at most five storage reads (the rollout, its round, its work states, two
 * pages of open problems).
 */
import type { MacroPhaseView, MacroView } from '../contract';
import { lifecycleOf, type Rollout } from '../domain/rollout';
import { spaceAccess, spaceNotFound } from './access';
import { OPEN_PROBLEM_STATUSES, blocksPhase } from '../domain/problems';
import { jiraWorkByPhase } from '../domain/progress';
import type { Caller, Ports, UseCase } from './ports';
import { blockingProblemsJql } from './rollout-panel/jql';
import { phaseJql, workJql } from './strategy/context';
import { strategySummary } from './strategy/views';
import { lookUpUsers, userSummary } from './users';

type MacroPorts = Pick<
  Ports,
  'jira' | 'confluence' | 'rollouts' | 'approvals' | 'workStates' | 'problems'
>;

/** Whether the viewer may bind a macro: they may add pages to the space it is in. */
export async function canConfigure(
  ports: Pick<Ports, 'confluence'>,
  call: Caller,
): Promise<boolean> {
  try {
    return (await spaceAccess(ports, call))?.canCreatePages === true;
  } catch {
    return false;
  }
}

export async function boundRollout(
  ports: Pick<Ports, 'rollouts'>,
  call: Caller,
): Promise<Rollout | undefined> {
  if (call.macroRolloutId) return ports.rollouts.get(call.macroRolloutId);
  return call.pageId ? ports.rollouts.findByStrategyPage(call.pageId) : undefined;
}

export const macroStatus: UseCase<'macro/status', MacroPorts> = async (_payload, call, ports) => {
  const rollout = await boundRollout(ports, call);
  if (!rollout) return { kind: 'unbound', canConfigure: await canConfigure(ports, call) };
  if (rollout.anchorIssueId === '') return { kind: 'hidden' };
  const visible = await ports.jira.visibleIssues([rollout.anchorIssueId]);
  if (!visible.has(rollout.anchorIssueId)) return { kind: 'hidden' };

  const [states, openProblems, round, users] = await Promise.all([
    ports.workStates.get(rollout.id),
    Promise.all(
      OPEN_PROBLEM_STATUSES.map((status) => ports.problems.listByRolloutStatus(rollout.id, status)),
    ),
    ports.approvals.listRound(rollout.id, rollout.round),
    lookUpUsers(
      ports.jira,
      rollout.departments.map((d) => d.headAccountId),
    ),
  ]);
  const work = jiraWorkByPhase(
    rollout.phases.map((phase) => phase.id),
    states ?? { cells: {} },
  );
  // The blocking problems that keep a phase from being completed.
  const blocking = new Map<string, number>();
  for (const problem of openProblems.flat()) {
    if (blocksPhase(problem))
      blocking.set(problem.phaseId, (blocking.get(problem.phaseId) ?? 0) + 1);
  }
  const phases: MacroPhaseView[] = rollout.phases.map((phase) => {
    const counts = work.get(phase.id) ?? { open: 0, done: 0 };
    return {
      id: phase.id,
      name: phase.name,
      start: phase.start,
      end: phase.end,
      open: counts.open,
      done: counts.done,
      blocking: blocking.get(phase.id) ?? 0,
      jql: phaseJql(rollout.id, phase.id),
      blockingJql: blockingProblemsJql(rollout.id, phase.id),
    };
  });
  const statuses = new Map(round.map((approval) => [approval.departmentId, approval.status]));
  return {
    kind: 'status',
    rollout: {
      id: rollout.id,
      title: rollout.title,
      approvalState: rollout.approvalState,
      lifecycle: lifecycleOf(rollout),
      targetDate: rollout.targetDate,
      issueKey: rollout.anchorIssueKey,
    },
    phases,
    departments: rollout.departments.map((department) => ({
      name: department.name,
      head: userSummary(department.headAccountId, users),
      status: statuses.get(department.departmentId) ?? 'not-requested',
    })),
    totals: {
      open: phases.reduce((sum, phase) => sum + phase.open, 0),
      done: phases.reduce((sum, phase) => sum + phase.done, 0),
      blocking: phases.reduce((sum, phase) => sum + phase.blocking, 0),
    },
    jiraBaseUrl: call.siteUrl,
    jql: workJql(rollout.id),
  } satisfies MacroView;
};

export const macroOptions: UseCase<
  'macro/options',
  Pick<Ports, 'jira' | 'confluence' | 'rollouts'>
> = async (_payload, call, ports) => {
  const space = await spaceAccess(ports, call);
  if (!space) throw spaceNotFound();
  const rollouts = (await ports.rollouts.listBySpace(space.id)).filter(
    (rollout) => rollout.anchorIssueId !== '',
  );
  const visible = await ports.jira.visibleIssues(rollouts.map((r) => r.anchorIssueId));
  return {
    rollouts: rollouts
      .filter((r) => visible.has(r.anchorIssueId))
      .map((rollout) => strategySummary(rollout)),
  };
};
