/**
 * Which rollout an issue belongs to, as the acting user sees the issue: the anchor itself, or one
 * of its issues (work issues and problems carry the rollout's id in their `rollout-coordinator`
 * property). One Jira request (the browse check and the property together), then storage.
 */
import type { ContextIssue } from '../../atlassian/jira/port';
import type { AppFailure } from '../../contract';
import { refuse } from '../failures';
import type { Rollout } from '../../domain/rollout';
import type { Ports } from '../ports';

export type ContextPorts = Pick<Ports, 'jira' | 'rollouts'>;

export function issueNotFound(): AppFailure {
  return refuse('errors.issue.notFound');
}

export function notInRollout(): AppFailure {
  return refuse('errors.problem.notInRollout');
}

export interface RolloutContext {
  issue: ContextIssue;
  rollout: Rollout;
}

/** The issue as the acting user sees it and its rollout; NOT_FOUND when either is missing. */
export async function rolloutOfIssue(
  ports: ContextPorts,
  issueIdOrKey: string,
): Promise<RolloutContext> {
  const issue = await ports.jira.issueInContext(issueIdOrKey);
  if (!issue) throw issueNotFound();
  const claimed = issue.property?.rolloutId;
  const rollout =
    typeof claimed === 'string' && claimed !== ''
      ? await ports.rollouts.get(claimed)
      : await ports.rollouts.findByIssue(issue.id);
  if (!rollout) throw notInRollout();
  return { issue, rollout };
}

/** Triage takes the rollout's coordinator (its creator) or a Jira administrator. */
export async function requireTriage(
  ports: Pick<Ports, 'jira'>,
  rollout: Pick<Rollout, 'createdBy'>,
  accountId: string,
): Promise<void> {
  if (rollout.createdBy === accountId || (await ports.jira.isAdmin())) return;
  throw refuse('errors.problem.triageForbidden');
}

/**
 * Whether the acting user may triage (for views: never throws for a plain "no"). `isJiraAdmin`
 * when the caller already knows it (read with the issue): no second call.
 */
export async function mayTriage(
  ports: Pick<Ports, 'jira'>,
  rollout: Pick<Rollout, 'createdBy'>,
  accountId: string,
  isJiraAdmin?: boolean,
): Promise<boolean> {
  return rollout.createdBy === accountId || (isJiraAdmin ?? ports.jira.isAdmin());
}
