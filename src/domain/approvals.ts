/**
 * Approval rules, pure: the state of a round derived from its decisions, which stage is open,
 * who may decide, and when a reminder is due. Every use case uses these, never its own.
 */
import { z } from 'zod';
import { auditEvent, eventTimes, type AuditEvent } from './audit';
import type { PlanChange } from './plan';
import { COMMENT_TEXT, DECISIONS, type Decision } from './rules/approvals';
import { textSchema } from './text';
import type { ApprovalState, Rollout, RolloutDepartment } from './rollout';

export { commentRequired, DECISIONS, type Decision } from './rules/approvals';

export type ApprovalStatus = 'pending' | Decision;

/** One department head's approval in one round. '' stands for "none" (storage refuses nulls). */
export interface Approval {
  /** `${rolloutId}:${round}:${departmentId}` */
  id: string;
  rolloutId: string;
  round: number;
  departmentId: string;
  departmentName: string;
  stage: number;
  approverAccountId: string;
  status: ApprovalStatus;
  comment: string;
  decidedBy: string;
  decidedOnBehalfOf: string;
  decidedAt: string;
  remindersSent: number;
  lastRemindedAt: string;
  version: number;
  /** In a re-confirmation round: what changed for this department since it approved. */
  changes?: PlanChange[];
  /** In a re-confirmation round: approved in the round before, and nothing changed for it. */
  carriedOver?: boolean;
}

export function approvalId(rolloutId: string, round: number, departmentId: string): string {
  return `${rolloutId}:${String(round)}:${departmentId}`;
}

export const commentSchema = textSchema(COMMENT_TEXT);

export const decisionSchema = z.enum(DECISIONS, { error: 'errors.approval.decisionInvalid' });

export interface RoundSummary {
  state: ApprovalState;
  /** The stage whose approvals can be decided now; 0 when none (all decided or blocked). */
  openStage: number;
  /** Pending approvals of the open stage: who the round waits for. */
  waitingFor: Approval[];
  stages: number[];
}

/**
 * The state of a round from its approvals: any rejection rejects it, any request for changes
 * sends it back, all approved approves it; otherwise it awaits the open stage. A stage opens only
 * when every approval of the stages before it is approved.
 */
export function summariseRound(approvals: readonly Approval[]): RoundSummary {
  const stages = [...new Set(approvals.map((a) => a.stage))].sort((a, b) => a - b);
  if (approvals.length === 0) return { state: 'draft', openStage: 0, waitingFor: [], stages };
  if (approvals.some((a) => a.status === 'rejected')) {
    return { state: 'rejected', openStage: 0, waitingFor: [], stages };
  }
  if (approvals.some((a) => a.status === 'changes-requested')) {
    return { state: 'changes-requested', openStage: 0, waitingFor: [], stages };
  }
  for (const stage of stages) {
    const pending = approvals.filter((a) => a.stage === stage && a.status === 'pending');
    if (pending.length > 0) {
      return { state: 'awaiting-approval', openStage: stage, waitingFor: pending, stages };
    }
  }
  return { state: 'approved', openStage: 0, waitingFor: [], stages };
}

export interface Actor {
  accountId: string;
}

export type DecisionRight =
  | { allowed: true; onBehalfOf: string }
  | {
      allowed: false;
      reason:
        'not-approver' | 'already-decided' | 'stage-not-open' | 'self-approval' | 'round-closed';
    };

/**
 * Whether `actor` may record `decision` on `approval` now. The approver decides for themself;
 * the approver's active delegate decides on their behalf. Whoever opened the round may not
 * approve for a department they head or stand in for, unless the admin allows self-approval.
 */
export function decisionRight(input: {
  approval: Approval;
  rollout: Pick<Rollout, 'round' | 'roundRequestedBy'>;
  summary: RoundSummary;
  actor: Actor;
  decision: Decision;
  /** The approver's delegate active today ('' when none). */
  activeDelegate: string;
  allowSelfApproval: boolean;
}): DecisionRight {
  const { approval, rollout, summary, actor } = input;
  const isApprover = actor.accountId === approval.approverAccountId;
  const isDelegate = input.activeDelegate !== '' && actor.accountId === input.activeDelegate;
  if (!isApprover && !isDelegate) return { allowed: false, reason: 'not-approver' };
  if (approval.round !== rollout.round) return { allowed: false, reason: 'round-closed' };
  if (approval.status !== 'pending') return { allowed: false, reason: 'already-decided' };
  if (summary.openStage !== approval.stage) return { allowed: false, reason: 'stage-not-open' };
  if (
    input.decision === 'approved' &&
    !input.allowSelfApproval &&
    actor.accountId === rollout.roundRequestedBy
  ) {
    return { allowed: false, reason: 'self-approval' };
  }
  return { allowed: true, onBehalfOf: isApprover ? '' : approval.approverAccountId };
}

/** The approval after `decision`, as one write (version bumped for the concurrency check). */
export function decide(
  approval: Approval,
  decision: Decision,
  comment: string,
  by: string,
  onBehalfOf: string,
  at: string,
): Approval {
  return {
    ...approval,
    status: decision,
    comment,
    decidedBy: by,
    decidedOnBehalfOf: onBehalfOf,
    decidedAt: at,
    version: approval.version + 1,
  };
}

export interface ReminderPolicy {
  cadenceDays: number;
  maxReminders: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A pending approval of an open stage is reminded once it has waited `cadenceDays` since it
 * opened (or since the last reminder), at most `maxReminders` times and never twice within 24 h.
 */
export function reminderDue(
  approval: Pick<Approval, 'status' | 'remindersSent' | 'lastRemindedAt'>,
  openedAt: string,
  now: Date,
  policy: ReminderPolicy,
): boolean {
  if (approval.status !== 'pending' || approval.remindersSent >= policy.maxReminders) return false;
  const since = Date.parse(approval.lastRemindedAt || openedAt);
  if (Number.isNaN(since)) return false;
  const waited = now.getTime() - since;
  return waited >= Math.max(policy.cadenceDays * DAY_MS, DAY_MS);
}

/** What opening the next round writes: its approvals, the rollout after, and the events. */
export interface OpenedRound {
  approvals: Approval[];
  rollout: Rollout;
  events: AuditEvent[];
}

/** A department's fresh, undecided approval in `round` (its head decides). */
export function pendingApproval(
  rolloutId: string,
  round: number,
  department: Pick<RolloutDepartment, 'departmentId' | 'name' | 'stage' | 'headAccountId'>,
): Approval {
  return {
    id: approvalId(rolloutId, round, department.departmentId),
    rolloutId,
    round,
    departmentId: department.departmentId,
    departmentName: department.name,
    stage: department.stage,
    approverAccountId: department.headAccountId,
    status: 'pending',
    comment: '',
    decidedBy: '',
    decidedOnBehalfOf: '',
    decidedAt: '',
    remindersSent: 0,
    lastRemindedAt: '',
    version: 1,
  };
}

/**
 * Opens round `rollout.round + 1`: one pending approval per department, the first stage open.
 * The caller checked `canRequestApproval`. `changes`: what changed for each department since
 * the round before, for its head to see on their approval card.
 */
export function openRound(
  rollout: Rollout,
  requestedBy: string,
  at: string,
  changes: ReadonlyMap<string, PlanChange[]> = new Map(),
): OpenedRound {
  const round = rollout.round + 1;
  const approvals: Approval[] = rollout.departments.map((department) => {
    const pending = pendingApproval(rollout.id, round, department);
    const own = changes.get(department.departmentId);
    return own === undefined ? pending : { ...pending, changes: own };
  });
  const firstStage = Math.min(...rollout.departments.map((d) => d.stage));
  const types = round > 1 ? (['new-round', 'requested'] as const) : (['requested'] as const);
  const times = eventTimes(at, types.length + 1);
  const next: Rollout = {
    ...rollout,
    approvalState: 'awaiting-approval',
    round,
    roundRequestedBy: requestedBy,
    roundRequestedAt: at,
    openedStage: firstStage,
    // The time of its last event: whatever comes next is written after it.
    updatedAt: times[types.length] ?? at,
    version: rollout.version + 1,
  };
  const events = types.map((type, i) =>
    auditEvent(
      {
        rolloutId: rollout.id,
        at: times[i] ?? at,
        type,
        actorAccountId: requestedBy,
        round,
        // For a new round: the state the previous round ended in.
        detail: type === 'new-round' ? rollout.approvalState : '',
      },
      `r${String(round)}-${type}`,
    ),
  );
  events.push(
    auditEvent(
      {
        rolloutId: rollout.id,
        at: times[types.length] ?? at,
        type: 'stage-opened',
        round,
        stage: firstStage,
      },
      `r${String(round)}-stage-${String(firstStage)}`,
    ),
  );
  return { approvals, rollout: next, events };
}

/** The event recording one decision (written with it, in the same transaction). */
export function decisionEvent(decided: Approval, at: string): AuditEvent {
  return auditEvent(
    {
      rolloutId: decided.rolloutId,
      at,
      type: 'decided',
      actorAccountId: decided.decidedBy,
      onBehalfOfAccountId: decided.decidedOnBehalfOf,
      departmentId: decided.departmentId,
      departmentName: decided.departmentName,
      round: decided.round,
      stage: decided.stage,
      detail: decided.status,
      comment: decided.comment,
    },
    `r${String(decided.round)}-decided-${decided.departmentId}`,
  );
}

/** How the stored rollout catches up with its round's decisions. */
export interface RoundProgress {
  rollout: Rollout;
  events: AuditEvent[];
  /** Stages that opened with this change (their approvers are told). */
  openedStages: number[];
  /** Set when the round ended: approved, or blocked (changes requested or rejected). */
  outcome: 'approved' | 'blocked' | undefined;
}

/**
 * What the rollout must become to match `summary` (its current round's decisions), or undefined
 * when it already does. Derived, so any number of racing deciders agree on it: the first to
 * write it wins and the others find nothing left to do.
 */
export function progressRollout(
  rollout: Rollout,
  summary: RoundSummary,
  at: string,
): RoundProgress | undefined {
  if (rollout.round < 1) return undefined;
  const openedStage = Math.max(rollout.openedStage, summary.openStage);
  if (summary.state === rollout.approvalState && openedStage === rollout.openedStage) {
    return undefined;
  }
  const openedStages = summary.stages.filter(
    (stage) => stage > rollout.openedStage && stage <= openedStage,
  );
  const outcome =
    summary.state === rollout.approvalState
      ? undefined
      : summary.state === 'approved'
        ? 'approved'
        : summary.state === 'changes-requested' || summary.state === 'rejected'
          ? 'blocked'
          : undefined;
  const times = eventTimes(at, openedStages.length + 1);
  const round = rollout.round;
  const events = openedStages.map((stage, i) =>
    auditEvent(
      { rolloutId: rollout.id, at: times[i] ?? at, type: 'stage-opened', round, stage },
      `r${String(round)}-stage-${String(stage)}`,
    ),
  );
  if (outcome) {
    events.push(
      auditEvent(
        {
          rolloutId: rollout.id,
          at: times[openedStages.length] ?? at,
          type: outcome,
          round,
          detail: outcome === 'blocked' ? summary.state : '',
        },
        `r${String(round)}-${outcome}`,
      ),
    );
  }
  const updatedAt = events[events.length - 1]?.at ?? at;
  return {
    rollout: {
      ...rollout,
      approvalState: summary.state,
      openedStage,
      ...(outcome === 'approved' && (rollout.approvedAt ?? '') === ''
        ? { approvedAt: updatedAt }
        : {}),
      updatedAt,
      version: rollout.version + 1,
    },
    events,
    openedStages,
    outcome,
  };
}
