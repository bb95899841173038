/**
 * What every strategy use case shares: JQL for a rollout's issues on the indexed issue property,
 * the plan's cross-field rules, the refusals they have in common, and small rollout writes that
 * must land whoever else changed the rollout meanwhile.
 */
import { jqlString } from '../../atlassian/jira/port';
import type { AppFailure, FieldIssue } from '../../contract';
import { eventTime } from '../../domain/audit';
import {
  checkPlan,
  checkPlanSize,
  checkSchedule,
  goLiveIssue,
  type PlanInput,
} from '../../domain/plan';
import type { Rollout, RolloutDepartment } from '../../domain/rollout';
import { countIssue } from '../../domain/rules/issue';
import { phaseCountRules } from '../../domain/rules/plan';
import { staleRollout } from '../access';
import { invalidFields, refuse } from '../failures';
import type { Ports } from '../ports';

/** JQL for the rollout's Jira work (the plan's issues), on the indexed issue property. */
export function workJql(rolloutId: string): string {
  return `rolloutId = ${jqlString(rolloutId)} AND rolloutRole = "work"`;
}

export function phaseJql(rolloutId: string, phaseId: string): string {
  return `${workJql(rolloutId)} AND rolloutPhase = ${jqlString(phaseId)}`;
}

export function anchorJql(rolloutId: string): string {
  return `rolloutId = ${jqlString(rolloutId)} AND rolloutRole = "anchor"`;
}

export function strategyNotFound(): AppFailure {
  return refuse('errors.strategy.notFound');
}

/**
 * The plan's cross-field rules: dates in order, sessions inside their phase, for a rollout
 * department, a go-live that is not set in the past (`goLive.stored`: the rollout's own, which
 * may stay as it is), and at least one phase for a strategy (`goLive.strategy`).
 */
export function validatePlan(
  plan: PlanInput,
  departments: readonly RolloutDepartment[],
  targetDate: string,
  goLive: { now: Date; stored?: string; strategy: boolean },
): void {
  const past = goLiveIssue(targetDate, goLive.now.toISOString().slice(0, 10), goLive.stored);
  const phases = countIssue(plan.phases.length, phaseCountRules(goLive.strategy));
  const fields: FieldIssue[] = [
    ...(past ? [{ path: 'targetDate', messageKey: past.messageKey }] : []),
    ...(phases ? [{ path: 'plan.phases', messageKey: phases.messageKey }] : []),
    ...checkPlan(plan, new Set(departments.map((d) => d.departmentId))).map((issue) => ({
      path: `plan.${issue.path}`,
      messageKey: issue.messageKey,
    })),
    ...checkSchedule(plan, targetDate),
    ...checkPlanSize(plan),
  ];
  if (fields.length > 0) throw invalidFields(fields);
}

/** The Confluence side of a strategy: the user must add pages to the space. */
export function spaceForbidden(): AppFailure {
  return refuse('errors.strategy.spaceForbidden');
}

/** The Jira side of a strategy: the user must create and edit issues in the project. */
export function projectForbidden(projectKey: string): AppFailure {
  return refuse('errors.strategy.projectForbidden', { params: { project: projectKey } });
}

const PATCH_ATTEMPTS = 5;

export type PatchPorts = Pick<Ports, 'rollouts' | 'now'>;

/**
 * Writes `patch(current)` onto the rollout, re-reading and re-applying it when someone else
 * changed the rollout meanwhile (the patch is derived from the rollout, so re-applying is
 * right). Answers the rollout as written; the rollout unchanged when the patch is undefined.
 */
export async function patchRollout(
  ports: PatchPorts,
  rollout: Rollout,
  patch: (current: Rollout) => Partial<Rollout> | undefined,
): Promise<Rollout> {
  let current = rollout;
  for (let attempt = 0; attempt < PATCH_ATTEMPTS; attempt += 1) {
    const fields = patch(current);
    if (!fields) return current;
    const next: Rollout = {
      ...current,
      ...fields,
      updatedAt: eventTime(ports.now(), current.updatedAt),
      version: current.version + 1,
    };
    if ((await ports.rollouts.update(current, next, [])) === 'written') return next;
    const fresh = await ports.rollouts.get(current.id);
    if (!fresh) throw strategyNotFound();
    current = fresh;
  }
  throw staleRollout();
}
