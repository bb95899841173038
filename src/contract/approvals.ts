/** The Approvals panel's views: rounds, approvals, history, delegations and settings. */
import type { ApprovalStatus } from '../domain/approvals';
import type { AuditEventType } from '../domain/audit';
import type { ApprovalState, Lifecycle } from '../domain/rollout';
import type { UserSummary, DepartmentOption, IssueRef, RolloutSummary } from './directory';

/** Why the acting user cannot decide an approval (the UI says it in their language). */
export type DecisionBlock =
  'not-approver' | 'already-decided' | 'stage-not-open' | 'self-approval' | 'round-closed';

export interface ApprovalView {
  id: string;
  departmentId: string;
  departmentName: string;
  stage: number;
  approver: UserSummary;
  /** Who may decide for the approver today, if anyone. */
  activeDelegate: UserSummary | null;
  status: ApprovalStatus;
  /** Whether this approval's stage is open for decisions. */
  open: boolean;
  comment: string;
  decidedBy: UserSummary | null;
  decidedOnBehalfOf: UserSummary | null;
  decidedAt: string | null;
  remindersSent: number;
  version: number;
  /** For the acting user: may they decide it, and if not (while it is pending), why. */
  canDecide: boolean;
  /** Set when the acting user is the approver or their delegate but may not decide. */
  blockedBecause: DecisionBlock | null;
  /** When the acting user decides as a delegate: on whose behalf. */
  decidesOnBehalfOf: UserSummary | null;
  /**
   * In a re-confirmation round (an approved plan changed): what changed for this department, in
   * the acting user's language; [] otherwise.
   */
  changes: string[];
  /** In a re-confirmation round: approved in the round before, and the change did not concern it. */
  carriedOver: boolean;
}

export interface RoundView {
  number: number;
  state: ApprovalState;
  openStage: number;
  requestedBy: UserSummary;
  requestedAt: string;
  approvals: ApprovalView[];
  /** Who the round is waiting for (pending approvals of the open stage). */
  waitingFor: { departmentName: string; approver: UserSummary }[];
}

export interface AuditEventView {
  id: string;
  at: string;
  type: AuditEventType;
  actor: UserSummary | null;
  onBehalfOf: UserSummary | null;
  departmentName: string;
  round: number;
  stage: number;
  /** For decisions: the decision; for delegations: the delegate's name. */
  detail: string;
  comment: string;
}

export interface HistoryPage {
  events: AuditEventView[];
  nextCursor: string | null;
}

export interface DelegationView {
  id: string;
  delegate: UserSummary;
  from: string;
  to: string;
  active: boolean;
}

export interface MyDelegations {
  /** Departments the acting user heads (in the directory): delegation applies to all of them. */
  headOf: string[];
  delegations: DelegationView[];
  defaultDelegate: UserSummary | null;
  version: number;
}

export type ApprovalsPanelView =
  | {
      /**
       * The issue is work, a problem or a session of a rollout anchored elsewhere: its approvals
       * live on the anchor (null when the acting user cannot browse the anchor).
       */
      kind: 'member';
      role: string;
      anchor: { key: string; title: string; lifecycle: Lifecycle } | null;
    }
  | {
      kind: 'setup';
      issue: IssueRef;
      /** Whether the acting user may make this issue a rollout (they may edit it). */
      canSetUp: boolean;
      departments: DepartmentOption[];
    }
  | {
      kind: 'rollout';
      rollout: RolloutSummary;
      round: RoundView | null;
      /** The acting user may edit the issue: set up, change the plan, request approval. */
      canManage: boolean;
      canRequest: boolean;
      /** The acting user may change the plan now (manages it, and no round is deciding or approved it). */
      canEditPlan: boolean;
      /** The acting user may discard the rollout (its creator or a Jira admin; never approved). */
      canDiscard: boolean;
      history: HistoryPage;
      myDelegations: MyDelegations | null;
    };

export interface SettingsView {
  reminderCadenceDays: number;
  maxReminders: number;
  allowSelfApproval: boolean;
  problemReminderDays: number;
  progressThresholds: { atRiskGap: number; offTrackGap: number };
  version: number;
  canManage: boolean;
}

/** A rollout's weekly digest as the Rollout panel shows it to its viewer. */
export interface DigestView {
  enabled: boolean;
  /** ISO weekday, 1 Monday … 7 Sunday. */
  weekday: number;
  sponsors: UserSummary[];
  version: number;
  /** The coordinator (or a Jira admin) may change the day, the sponsors, or turn it off. */
  canManage: boolean;
  /** The viewer heads a department of the rollout or is one of its sponsors. */
  isRecipient: boolean;
  /** False once the viewer opted out of this rollout's digest. */
  subscribed: boolean;
}
