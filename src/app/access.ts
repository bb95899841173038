/**
 * Who may see and manage what, asked of Jira and Confluence as the acting user: whoever cannot
 * browse the issue (or see the space) a module was opened on learns nothing, not even that a
 * rollout exists.
 */
import type { SpaceAccess } from '../atlassian/confluence';
import type { IssueAccess } from '../atlassian/jira/port';
import type { AppFailure } from '../contract';
import { refuse } from './failures';
import type { Caller, Ports } from './ports';

/** The issue a panel was opened on; NOT_FOUND when it was opened on none. */
export function requireIssue(call: Pick<Caller, 'issue'>): { id: string; key: string } {
  if (call.issue) return call.issue;
  throw refuse('errors.issue.noIssue');
}

/** The context's issue as the acting user sees it; NOT_FOUND when they cannot browse it. */
export async function browseIssue(
  ports: Pick<Ports, 'jira'>,
  call: Pick<Caller, 'issue'>,
): Promise<IssueAccess> {
  const issue = await ports.jira.issueAccess(requireIssue(call).id);
  if (!issue) {
    throw refuse('errors.issue.notFound');
  }
  return issue;
}

/** Managing a rollout (set up, change the plan, request approval) takes editing its issue. */
export function requireEdit(issue: IssueAccess): void {
  if (!issue.canEdit) {
    throw refuse('errors.rollout.editForbidden');
  }
}

/** Only Jira administrators may change organisation-wide settings; Jira decides who they are. */
export async function requireJiraAdmin(ports: Pick<Ports, 'jira'>): Promise<void> {
  if (!(await ports.jira.isAdmin())) {
    throw refuse('errors.directory.adminOnly');
  }
}

/** The context's issue, which the acting user must be able to edit (to manage its rollout). */
export async function editableIssue(
  ports: Pick<Ports, 'jira'>,
  call: Pick<Caller, 'issue'>,
): Promise<IssueAccess> {
  const issue = await browseIssue(ports, call);
  requireEdit(issue);
  return issue;
}

/** Someone else changed the rollout since the user read it; `current` is what they should see now. */
export function staleRollout(current?: unknown): AppFailure {
  return refuse('errors.rollout.stale', current === undefined ? {} : { details: { current } });
}

/** The space a Confluence module was opened in; NOT_FOUND when it was opened in none. */
export function requireSpace(call: Pick<Caller, 'space'>): { id: string; key: string } {
  if (call.space) return call.space;
  throw refuse('errors.strategy.noSpace');
}

/** The context's space as the acting user sees it (undefined when they may not). */
export async function spaceAccess(
  ports: Pick<Ports, 'confluence'>,
  call: Pick<Caller, 'space'>,
): Promise<SpaceAccess | undefined> {
  const ref = requireSpace(call);
  return ref.id === '' ? ports.confluence.spaceByKey(ref.key) : ports.confluence.space(ref.id);
}

export function spaceNotFound(): AppFailure {
  return refuse('errors.strategy.spaceNotFound');
}
