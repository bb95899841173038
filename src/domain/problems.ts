/**
 * Problems raised while a rollout is under way (resistance to change, training material that
 * does not work, technical trouble): what they are, how bad, and where they stand. Each problem
 * is a Jira issue, a child of the rollout's anchor, whose `rollout-coordinator` property carries
 * the fields JQL searches by (see `problemProperty`). Pure: no I/O, no zod (the UI reads the
 * lists from domain/rules/problems.ts).
 */
import type { ProblemCategory, ProblemSeverity } from './rules/problems';

// The lists live with the form rules, which the UI may import; the model names them too.
export {
  PROBLEM_CATEGORIES,
  PROBLEM_SEVERITIES,
  type ProblemCategory,
  type ProblemSeverity,
} from './rules/problems';

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
  /** Reminders sent to the coordinator while it stayed unacknowledged (capped: see `problemReminderDue`). */
  remindersSent: number;
  lastRemindedAt: string;
  /** When the department's head was told it is still unacknowledged ('' if not yet). */
  escalatedAt: string;
  /**
   * When a "Raise a problem" call started creating the Jira issue ('' when none is under way):
   * a duplicate click meanwhile does not create a second one.
   */
  claimedAt: string;
  /** The call holding that claim (its own id), so a call knows its own claim from another's. */
  claimId: string;
  /**
   * Whether Jira may hold the issue although it is not recorded here (a create was under way, or
   * its answer was lost): the next attempt looks in Jira before creating. False once a failure
   * showed that nothing was created.
   */
  issueMayExist: boolean;
  /** The status the Jira issue (its workflow status and its property) last showed. */
  jiraStatus: ProblemStatus;
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
  /** The problem's id (the raise's request id): finds its issue after a lost answer. */
  problemId: string;
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
    problemId: problem.id,
    role: 'problem',
    phaseId: problem.phaseId,
    departmentId: problem.departmentId,
    category: problem.category,
    severity: problem.severity,
    status: problem.status,
  };
}

/** What "Raise a problem" records, before its Jira issue exists. */
export interface ProblemInput {
  id: string;
  rolloutId: string;
  raisedOnIssueKey: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  departmentId: string;
  phaseId: string;
  summary: string;
  description: string;
}

export function newProblem(
  input: ProblemInput,
  raisedBy: string,
  at: string,
  claimId: string,
): Problem {
  return {
    ...input,
    issueId: '',
    issueKey: '',
    raisedBy,
    raisedAt: at,
    status: 'new',
    ownerAccountId: '',
    acknowledgedAt: '',
    closedAt: '',
    closedBy: '',
    closingComment: '',
    fixLink: '',
    remindersSent: 0,
    lastRemindedAt: '',
    escalatedAt: '',
    claimedAt: at,
    claimId,
    issueMayExist: true,
    jiraStatus: 'new',
    version: 1,
  };
}

/** A raise's claim on creating the issue lapses after this long (a resolver runs at most 25 s). */
export const RAISE_CLAIM_MS = 60_000;

/**
 * Where a problem's creation stands when a raise finds its record: done (it has its issue),
 * under way in another call (a duplicate click while the first is still creating), or left
 * unfinished by a call that failed (this call looks in Jira, then finishes it).
 */
export function raiseProgress(problem: Problem, now: Date): 'done' | 'under-way' | 'unfinished' {
  if (problem.issueKey !== '') return 'done';
  if (problem.claimedAt === '') return 'unfinished';
  return now.getTime() - Date.parse(problem.claimedAt) < RAISE_CLAIM_MS
    ? 'under-way'
    : 'unfinished';
}

export const TRIAGE_ACTIONS = ['acknowledge', 'assign', 'resolve', 'accept'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

/** Why a triage step cannot be taken on a problem as it stands. */
export type TriageBlock = 'closed' | 'already-acknowledged';

export function triageBlock(
  problem: Pick<Problem, 'status'>,
  action: TriageAction,
): TriageBlock | undefined {
  if (!isOpenProblem(problem)) return 'closed';
  if (action === 'acknowledge' && problem.status === 'acknowledged') return 'already-acknowledged';
  return undefined;
}

/** The status a triage step leaves the problem in (assigning a new problem acknowledges it). */
export function statusAfter(action: TriageAction): ProblemStatus {
  switch (action) {
    case 'acknowledge':
    case 'assign':
      return 'acknowledged';
    case 'resolve':
      return 'resolved';
    case 'accept':
      return 'accepted';
  }
}

export interface TriageStep {
  action: TriageAction;
  by: string;
  at: string;
  /** assign: the new owner. */
  ownerAccountId?: string;
  /** resolve (optional) and accept (required): why. */
  comment?: string;
  /** resolve: what fixed it. */
  fixLink?: string;
}

/** The problem after a triage step (the caller checked `triageBlock` first). */
export function applyTriage(problem: Problem, step: TriageStep): Problem {
  const status = statusAfter(step.action);
  const next: Problem = { ...problem, status, version: problem.version + 1 };
  if (problem.status === 'new') next.acknowledgedAt = step.at;
  if (step.action === 'assign') next.ownerAccountId = step.ownerAccountId ?? '';
  if (status === 'resolved' || status === 'accepted') {
    next.closedAt = step.at;
    next.closedBy = step.by;
    next.closingComment = step.comment ?? '';
    next.fixLink = step.action === 'resolve' ? (step.fixLink ?? '') : '';
  }
  return next;
}

/**
 * Jira's status categories each status maps to: the workflow transition a step takes is one that
 * leads to a status of this category (`new` is where Jira creates the issue).
 */
export const JIRA_CATEGORY: Record<ProblemStatus, 'new' | 'indeterminate' | 'done'> = {
  new: 'new',
  acknowledged: 'indeterminate',
  resolved: 'done',
  accepted: 'done',
};

/**
 * What the daily job owes an unacknowledged problem: after `cadenceDays`, one reminder to the
 * coordinator; after as many days again, one escalation to the department's head. Nothing more:
 * that is the cap. A problem concerning no department is never escalated.
 */
export function problemReminderDue(
  problem: Pick<
    Problem,
    | 'status'
    | 'raisedAt'
    | 'remindersSent'
    | 'lastRemindedAt'
    | 'escalatedAt'
    | 'departmentId'
    | 'issueKey'
  >,
  now: Date,
  cadenceDays: number,
): 'remind' | 'escalate' | undefined {
  if (problem.status !== 'new' || problem.issueKey === '') return undefined;
  const cadenceMs = cadenceDays * 86_400_000;
  const since = (iso: string): number => now.getTime() - Date.parse(iso);
  if (problem.remindersSent === 0) {
    return since(problem.raisedAt) >= cadenceMs ? 'remind' : undefined;
  }
  if (problem.escalatedAt !== '' || problem.departmentId === '') return undefined;
  return since(problem.lastRemindedAt || problem.raisedAt) >= cadenceMs ? 'escalate' : undefined;
}
