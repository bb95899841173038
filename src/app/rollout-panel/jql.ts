/**
 * JQL for the groups the Rollout panel counts and links to, on the indexed issue property
 * (search aliases declared by the manifest's jira:entityProperty).
 */
import { jqlString } from '../../atlassian/jira/port';
import { OPEN_PROBLEM_STATUSES, type ProblemSeverity } from '../../domain/problems';
import { SESSION_KINDS } from '../../domain/rules/plan';
import { phaseJql, workJql } from '../strategy/context';

/** Every problem raised in the rollout. */
export function problemsJql(rolloutId: string): string {
  return `rolloutId = ${jqlString(rolloutId)} AND rolloutRole = "problem"`;
}

/** Open problems (new or acknowledged), of one phase and one severity when given. */
export function openProblemsJql(
  rolloutId: string,
  filter: { phaseId?: string; severity?: ProblemSeverity },
): string {
  const clauses = [problemsJql(rolloutId)];
  if (filter.phaseId !== undefined) clauses.push(`rolloutPhase = ${jqlString(filter.phaseId)}`);
  if (filter.severity !== undefined) {
    clauses.push(`rolloutProblemSeverity = ${jqlString(filter.severity)}`);
  }
  const statuses = OPEN_PROBLEM_STATUSES.map(jqlString).join(', ');
  clauses.push(`rolloutProblemStatus in (${statuses})`);
  return clauses.join(' AND ');
}

/** The open blocking problems that keep a phase from being completed. */
export function blockingProblemsJql(rolloutId: string, phaseId: string): string {
  return openProblemsJql(rolloutId, { phaseId, severity: 'blocking' });
}

/** A phase's work for one department ('' : the phase's work for no single department). */
export function departmentWorkJql(
  rolloutId: string,
  phaseId: string,
  departmentId: string,
): string {
  return `${phaseJql(rolloutId, phaseId)} AND rolloutDepartment = ${jqlString(departmentId)}`;
}

/** The rollout's sessions (work issues of a session kind). */
export function sessionsJql(rolloutId: string): string {
  const kinds = SESSION_KINDS.map(jqlString).join(', ');
  return `${workJql(rolloutId)} AND rolloutWorkKind in (${kinds})`;
}
