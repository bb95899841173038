/**
 * Problems raised while a rollout is under way (resistance to change, training material that
 * does not work, technical trouble): what they are, how bad, and where they stand. Each problem
 * is a Jira issue, a child of the rollout's anchor, whose `rollout-coordinator` property carries
 * the fields JQL searches by (see `problemProperty`). Pure: no I/O, no zod, so the UI may import
 * the lists.
 */
export const PROBLEM_CATEGORIES = [
  'resistance',
  'training-material',
  'technical',
  'process',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** From least to most severe. */
export const PROBLEM_SEVERITIES = ['low', 'medium', 'high', 'blocking'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

/**
 * new: raised, nobody looked yet; acknowledged: the coordinator took it on (an owner may be
 * named); resolved: fixed; accepted: kept as a known risk, with the coordinator's comment.
 */
export const PROBLEM_STATUSES = ['new', 'acknowledged', 'resolved', 'accepted'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** The statuses of a problem still in the way. */
export const OPEN_PROBLEM_STATUSES: readonly ProblemStatus[] = ['new', 'acknowledged'];

export function isOpenProblem(problem: Pick<Problem, 'status'>): boolean {
  return OPEN_PROBLEM_STATUSES.includes(problem.status);
}

/** Whether the problem keeps its phase from being marked complete. */
export function blocksPhase(problem: Pick<Problem, 'status' | 'severity'>): boolean {
  return problem.severity === 'blocking' && isOpenProblem(problem);
}

/** Severities that also reach the department's head when raised. */
export function reachesHead(severity: ProblemSeverity): boolean {
  return severity === 'high' || severity === 'blocking';
}

export interface Problem {
  /** The request id of "Raise a problem": a repeated click finds the problem it made. */
  id: string;
  rolloutId: string;
  /** Its Jira issue ('' until made). */
  issueId: string;
  issueKey: string;
  /** The issue it was raised from (the anchor, a work issue or a session). */
  raisedOnIssueKey: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  /** '' when it concerns no one department or phase. */
  departmentId: string;
  phaseId: string;
  summary: string;
  description: string;
  raisedBy: string;
  raisedAt: string;
  status: ProblemStatus;
  /** Who works on it ('' before anyone is named). */
  ownerAccountId: string;
  acknowledgedAt: string;
  /** When it was resolved or accepted, by whom, and why (the comment the audit trail keeps). */
  closedAt: string;
  closedBy: string;
  closingComment: string;
  /** What fixed it: a link to a corrected page, an added session… ('' when none). */
  fixLink: string;
  remindersSent: number;
  lastRemindedAt: string;
  /** When the department's head was told it is still unacknowledged ('' if not yet). */
  escalatedAt: string;
  version: number;
}

/**
 * The fields of a problem's `rollout-coordinator` issue property (beside `rolloutId` and
 * `role: 'problem'`), indexed by the manifest's jira:entityProperty so that JQL finds problems by
 * category, severity and status (`rolloutProblemCategory`, `rolloutProblemSeverity`,
 * `rolloutProblemStatus`).
 */
export interface ProblemProperty {
  rolloutId: string;
  role: 'problem';
  phaseId: string;
  departmentId: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  status: ProblemStatus;
}

export function problemProperty(problem: Problem): ProblemProperty {
  return {
    rolloutId: problem.rolloutId,
    role: 'problem',
    phaseId: problem.phaseId,
    departmentId: problem.departmentId,
    category: problem.category,
    severity: problem.severity,
    status: problem.status,
  };
}
