/**
 * Who may see and manage the rollout of the issue in the platform context. Jira decides, as the
 * acting user: whoever cannot browse the issue learns nothing, not even that a rollout exists.
 */
import { AppFailure, appError } from '../contract';
import type { IssueAccess } from '../atlassian/jira';
import type { CallContext } from './edge';
import type { Ports } from './ports';

/** The issue the panel was opened on, from the platform context (never from the payload). */
export function contextIssue(call: CallContext): { id: string; key: string } {
  const issue = call.extension.issue;
  if (typeof issue === 'object' && issue !== null) {
    const { id, key } = issue as { id?: unknown; key?: unknown };
    const ref = typeof id === 'string' || typeof id === 'number' ? String(id) : '';
    if (/^\d+$/u.test(ref)) return { id: ref, key: typeof key === 'string' ? key : ref };
  }
  throw new AppFailure(
    appError('NOT_FOUND', 'errors.issue.noIssue', 'Open this panel from a Jira issue.'),
  );
}

/** The context's issue as the acting user sees it; NOT_FOUND when they cannot browse it. */
export async function browseIssue(ports: Ports, call: CallContext): Promise<IssueAccess> {
  const issue = await ports.jira.issueAccess(contextIssue(call).id);
  if (!issue) {
    throw new AppFailure(
      appError(
        'NOT_FOUND',
        'errors.issue.notFound',
        'This issue does not exist or you cannot see it.',
      ),
    );
  }
  return issue;
}

/** Managing a rollout (set up, change the plan, request approval) takes editing its issue. */
export function requireEdit(issue: IssueAccess): void {
  if (!issue.canEdit) {
    throw new AppFailure(
      appError(
        'FORBIDDEN',
        'errors.rollout.editForbidden',
        'Only people who can edit this issue can manage its rollout.',
      ),
    );
  }
}

/** Someone else changed the rollout since the user read it; `current` is what they should see now. */
export function staleRollout(current?: unknown): AppFailure {
  return new AppFailure(
    appError(
      'CONFLICT',
      'errors.rollout.stale',
      'Someone else changed this rollout in the meantime.',
      current === undefined ? {} : { details: { current } },
    ),
  );
}
