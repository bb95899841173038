/** Problems as the UI shows them: names for ids, the rollout's words for its departments and phases. */
import { jqlString } from '../../atlassian/jira/port';
import type { ProblemFormView, ProblemView } from '../../contract';
import type { Problem } from '../../domain/problems';
import type { Rollout } from '../../domain/rollout';
import { optionalUser, userSummary, type Users } from '../users';
import type { ContextIssue } from '../../atlassian/jira/port';

export function problemView(problem: Problem, rollout: Rollout, users: Users): ProblemView {
  return {
    id: problem.id,
    issueKey: problem.issueKey,
    raisedOnIssueKey: problem.raisedOnIssueKey,
    category: problem.category,
    severity: problem.severity,
    status: problem.status,
    departmentId: problem.departmentId,
    departmentName:
      rollout.departments.find((d) => d.departmentId === problem.departmentId)?.name ?? '',
    phaseId: problem.phaseId,
    phaseName: rollout.phases.find((p) => p.id === problem.phaseId)?.name ?? '',
    summary: problem.summary,
    description: problem.description,
    raisedBy: userSummary(problem.raisedBy, users),
    raisedAt: problem.raisedAt,
    owner: optionalUser(problem.ownerAccountId, users),
    acknowledgedAt: problem.acknowledgedAt,
    closedAt: problem.closedAt,
    closedBy: optionalUser(problem.closedBy, users),
    closingComment: problem.closingComment,
    fixLink: problem.fixLink,
    escalated: problem.escalatedAt !== '',
    jiraInLine: problem.jiraStatus === problem.status,
    version: problem.version,
  };
}

/** Everyone a problem view names. */
export function peopleOf(problem: Problem): string[] {
  return [problem.raisedBy, problem.ownerAccountId, problem.closedBy];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function formView(
  rollout: Rollout,
  issue: Pick<ContextIssue, 'key' | 'property'>,
): ProblemFormView {
  // A work issue names its department and phase; the form starts from them.
  const departmentId = text(issue.property?.departmentId);
  const phaseId = text(issue.property?.phaseId);
  return {
    rollout: { id: rollout.id, title: rollout.title, anchorIssueKey: rollout.anchorIssueKey },
    issueKey: issue.key,
    departments: rollout.departments.map((d) => ({ id: d.departmentId, name: d.name })),
    phases: rollout.phases.map((p) => ({ id: p.id, name: p.name })),
    departmentId: rollout.departments.some((d) => d.departmentId === departmentId)
      ? departmentId
      : '',
    phaseId: rollout.phases.some((p) => p.id === phaseId) ? phaseId : '',
  };
}

/** Every problem of a rollout, for a link into Jira's search. */
export function problemsJql(rolloutId: string): string {
  return `rolloutId = ${jqlString(rolloutId)} AND rolloutRole = "problem" ORDER BY created DESC`;
}
