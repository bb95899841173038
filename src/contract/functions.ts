/**
 * The one contract between the UI and the backend: for each function key, the zod schema of its
 * payload and the type of its result. The backend validates with it; the UI's client is typed from it.
 * Keys are route-like (`area/action`).
 */
import { z } from 'zod';
import { accountIdSchema, approvalIdSchema, cursorSchema, uuidSchema } from '../domain/ids';
import {
  departmentNameSchema,
  groupIdSchema,
  optionalDelegateSchema,
  supervisorsSchema,
} from '../domain/departments';
import { HEAD_COUNT_MAX, type TrainedSource } from '../domain/trained';
import {
  commentSchema,
  decisionSchema,
  type ApprovalStatus,
  type Decision,
} from '../domain/approvals';
import type { AuditEventType } from '../domain/audit';
import { delegationInputSchema } from '../domain/delegation';
import {
  rolloutInputSchema,
  rolloutTitleSchema,
  type ApprovalState,
  type Lifecycle,
  type PhaseTiming,
} from '../domain/rollout';
import type { WorkCounts } from '../domain/progress';
import { settingsInputSchema } from '../domain/settings';
import type { ApprovalBottlenecks } from '../domain/bottlenecks';
import { digestSettingsInputSchema, digestSubscriptionSchema } from '../domain/digest';
import { textSchema } from '../domain/text';
import { planSchema, type PlanPhase, type Session, type SessionKind } from '../domain/plan';
import type { Targets } from '../domain/rollout';
import type { Language } from '../domain/language';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SEVERITIES,
  type ProblemCategory,
  type ProblemSeverity,
  type ProblemStatus,
} from '../domain/problems';
import { PROBLEM_TEXT, fixLinkIssue, closingCommentIssues } from '../domain/rules/problems';
import { byRule } from '../domain/refine';
import { MAX_ATTENDEES, type AttendanceFlag } from '../domain/attendance';
import { SUGGESTION_ID_PATTERN, type SuggestionKind, type Wording } from '../domain/suggestions';
import { COMMENT_MAX } from '../domain/limits';
import {
  adkarScoresSchema,
  checkInNoteSchema,
  pulseCommentSchema,
  pulseInputSchema,
  pulseRoleSchema,
  type PulseState,
} from '../domain/pulses';
import type { AdkarElement, DepartmentReadiness, PulseRole, Trend } from '../domain/readiness';
import type { AppError, Envelope } from './envelope';
import {
  gadgetLoadSchema,
  gadgetOptionsSchema,
  type GadgetLoadView,
  type GadgetOptionsPage,
} from './gadget';
import { mineDecideSchema, type MyRolloutsView } from './mine';

/** A phantom marker carrying a result type; it has no runtime content. */
export interface Returns<T> {
  readonly __result?: T;
}
function returns<T>(): Returns<T> {
  return {};
}

export interface UserSummary {
  accountId: string;
  displayName: string;
  avatarUrl: string | null;
  active: boolean;
}

export interface DepartmentView {
  id: string;
  name: string;
  head: UserSummary;
  delegate: UserSummary | null;
  /** Who may give the department's check-in besides its head and stand-in. */
  supervisors: UserSummary[];
  /** The Jira group of the department's people (null when none is linked). */
  group: GroupRef | null;
  version: number;
  updatedAt: string;
}

/** A Jira group, by its id and its name. */
export interface GroupRef {
  id: string;
  name: string;
}

/** A department's trained % on a rollout (null percent: its people are not known). */
export interface TrainedView {
  departmentId: string;
  name: string;
  trained: number;
  people: number;
  percent: number | null;
  source: TrainedSource;
}

export interface DirectoryView {
  departments: DepartmentView[];
  /** Whether the acting user may change the directory (Jira administrators only). */
  canManage: boolean;
  limit: number;
}

/** A department as the rollout set-up form offers it: from the directory, head pre-filled. */
export interface DepartmentOption {
  id: string;
  name: string;
  head: UserSummary;
  delegate: UserSummary | null;
}

export interface IssueRef {
  id: string;
  key: string;
  summary: string;
}

export interface RolloutSummary {
  id: string;
  title: string;
  objective: string;
  targetDate: string;
  issue: IssueRef;
  approvalState: ApprovalState;
  /** Where the rollout stands: its approval state until it starts, then in progress, completed. */
  lifecycle: Lifecycle;
  /** When it started and completed (null until then). */
  startedAt: string | null;
  completedAt: string | null;
  round: number;
  version: number;
  departments: { departmentId: string; name: string; head: UserSummary; stage: number }[];
  createdBy: UserSummary;
  createdAt: string;
}

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

export interface SpaceRef {
  id: string;
  key: string;
  name: string;
}

export interface PlanView {
  phases: PlanPhase[];
  sessions: Session[];
  targets: Targets;
  /** The sessions' owners, each once (an owner Jira no longer knows shows inactive, unnamed). */
  owners: UserSummary[];
}

/**
 * A push of the plan to Jira, run in the background (an async event and its consumer), as its
 * progress shows: queued, running ("created 150 of 500"), then done or failed.
 */
export interface PushJobView {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Queued or running with no sign of life for minutes: pushing again starts a new push. */
  stalled: boolean;
  /** Issues this push created so far. */
  created: number;
  /** Issues it set out to create (0 while queued: it has not looked at Jira yet). */
  toCreate: number;
  /** Items Jira refused in this push (the first ones), with Jira's reason; a retry makes only what is missing. */
  /** Jira's reason for each refusal, or its status alone (reason '') when it gave none. */
  failed: { planItemId: string; summary: string; reason: string; status?: number }[];
  failedCount: number;
  /** Work issues of earlier pushes this push made children of the anchor, of those it found. */
  moved: number;
  toMove: number;
  /**
   * The anchor issue is not an epic, so Jira cannot list the work as its children: the work is
   * linked to it instead. Changing the anchor's type to Epic, then pushing again, moves it.
   */
  linkedOnly: boolean;
  /** Why Jira refused to make earlier work issues children of the anchor ('' when it did not). */
  moveRefused: string;
  /** When the push goes on after a wait Jira asked for, or a retry after a failure. */
  resumesAt: string | null;
  /** Why the push stopped (state failed), or why its last attempt failed (it retries). */
  error: AppError | null;
  requestedAt: string;
  finishedAt: string | null;
}

/** Where pushing the plan to Jira stands: what the plan calls for, what Jira holds, the last push. */
export interface PushStatus {
  total: number;
  /** Plan items that already have their Jira issue (found by the issue property, not our memory). */
  inJira: number;
  /** JQL that lists the rollout's work in Jira (for a link to the issue search). */
  jql: string;
  /** The rollout's current or last push; null before the first. */
  job: PushJobView | null;
}

export interface StrategySummary {
  rolloutId: string;
  title: string;
  approvalState: ApprovalState;
  pageId: string;
  pageTitle: string;
  issueKey: string;
  targetDate: string;
  updatedAt: string;
  version: number;
  /** The acting user may discard it (its creator or a Jira admin; never approved). */
  canDiscard: boolean;
}

/** Whether a rollout title is free in the space: its strategy page would be titled `pageTitle`. */
export interface TitleCheck {
  /** The title as it would be stored. */
  title: string;
  pageTitle: string;
  available: boolean;
}

/**
 * A rollout discarded: gone from storage, with its department links and approvals; its audit
 * trail records the discard. Its Jira issue and Confluence page are people's content and stay.
 */
export interface DiscardOutcome {
  rolloutId: string;
  title: string;
  /** The anchor issue, kept ('' when the rollout had none yet). */
  issueKey: string;
  /** The strategy page, kept (null when it had none yet). */
  page: { id: string; title: string } | null;
}

export interface StrategySpaceView {
  space: SpaceRef;
  /** May create pages in this space (and so start a strategy here). */
  canCreate: boolean;
  rollouts: StrategySummary[];
  /** The directory, for choosing departments. */
  departments: DepartmentOption[];
  /** Jira projects where the acting user may create issues (for the rollout's work). */
  projects: { key: string; name: string }[];
}

/** Which step of a strategy's creation is done; a retry continues from the first missing one. */
export interface CreationSteps {
  rollout: boolean;
  page: boolean;
  issue: boolean;
  linked: boolean;
}

export interface StrategyDetail {
  rollout: RolloutSummary;
  plan: PlanView;
  space: SpaceRef;
  page: { id: string; title: string; url: string } | null;
  projectKey: string;
  steps: CreationSteps;
  /** The acting user may change the plan and push it (edits the anchor issue). */
  canManage: boolean;
  /** The acting user may discard it (its creator or a Jira admin; never approved). */
  canDiscard: boolean;
  push: PushStatus;
  /** Set while heads re-confirm a changed plan: which departments, and what changed for them. */
  reconfirmation: { round: number; departments: { name: string; changes: string[] }[] } | null;
}

export interface MacroPhaseView {
  id: string;
  name: string;
  start: string;
  end: string;
  open: number;
  done: number;
  /** Open blocking problems of the phase (what keeps it from being completed). */
  blocking: number;
  /** JQL for this phase's work, for a link into Jira's issue search. */
  jql: string;
  /** JQL for those open blocking problems. */
  blockingJql: string;
}

export type MacroView =
  | { kind: 'unbound'; canConfigure: boolean }
  | { kind: 'hidden' }
  | {
      kind: 'status';
      rollout: {
        id: string;
        title: string;
        approvalState: ApprovalState;
        lifecycle: Lifecycle;
        targetDate: string;
        issueKey: string;
      };
      phases: MacroPhaseView[];
      departments: { name: string; head: UserSummary; status: ApprovalStatus | 'not-requested' }[];
      /** Totals over every phase: open and done work, open blocking problems. */
      totals: { open: number; done: number; blocking: number };
      jiraBaseUrl: string;
      jql: string;
    };

export type { WorkCounts };

export interface PanelDepartmentCell extends WorkCounts {
  /** '' for work of the whole phase (its tasks, sessions for every department). */
  departmentId: string;
  name: string;
  jql: string;
}

export interface PanelPhaseView {
  id: string;
  name: string;
  start: string;
  end: string;
  /** By the plan: done when the phase is complete, overdue when due and not complete. */
  work: WorkCounts;
  departments: PanelDepartmentCell[];
  completion: { completedAt: string; blockingOpen: number; riskComment: string } | null;
  jql: string;
}

export interface PanelSessionView {
  id: string;
  title: string;
  kind: SessionKind;
  date: string;
  phaseId: string;
  phaseName: string;
  /** Department names ([] with allDepartments for every department). */
  departments: string[];
  allDepartments: boolean;
}

export interface FlaggedSessionView extends PanelSessionView {
  flag: AttendanceFlag;
  count: number;
  capacity: number;
}

export interface ProblemCounts {
  blocking: number;
  high: number;
  medium: number;
  low: number;
}

/** The Rollout panel on a rollout's anchor issue: the rollout at a glance. */
export interface AnchorPanelView {
  kind: 'anchor';
  rollout: {
    id: string;
    title: string;
    issueKey: string;
    targetDate: string;
    lifecycle: Lifecycle;
    approvalState: ApprovalState;
    startedAt: string | null;
    completedAt: string | null;
    version: number;
  };
  /** The phase the rollout is in (null: no plan yet, or every phase complete). */
  currentPhase: { id: string; index: number; timing: PhaseTiming } | null;
  phases: PanelPhaseView[];
  /**
   * The first upcoming sessions (a bounded page) and how many there are in all; and the sessions
   * flagged for attendance (over capacity, or held with nothing recorded), a bounded page too.
   */
  sessions: {
    upcoming: PanelSessionView[];
    total: number;
    jql: string;
    flagged: FlaggedSessionView[];
    flaggedTotal: number;
  };
  /** Each department's trained %, as last computed (when attendance or people changed). */
  trained: { departments: TrainedView[]; updatedAt: string; canEditHeadCounts: boolean };
  /** Open problems by severity (approximate counts from Jira, as the acting user sees them). */
  problems: { open: ProblemCounts; jql: string; jqlBySeverity: Record<ProblemSeverity, string> };
  approvals: {
    state: ApprovalState;
    round: number;
    approved: number;
    pending: number;
    blocked: number;
    total: number;
    /** Pending approvals by head and stage, with their age; overdue past the reminder cadence. */
    bottlenecks: ApprovalBottlenecks;
  };
  strategyPage: { url: string } | null;
  /** Whether the acting user may mark phases complete (the coordinator or a Jira admin). */
  canComplete: boolean;
  jiraBaseUrl: string;
  workJql: string;
  /**
   * What the panel's sections show first, so that a load is one invoke: only in
   * `rolloutPanel/load`'s answer when asked with `sections` (not after an action).
   */
  sections?: AnchorSections;
}

/**
 * The anchor panel's sections, each as its own resolver would answer it (its data, or the error
 * its access rule gives): the sections refresh themselves with those resolvers afterwards.
 */
export interface AnchorSections {
  problems: Envelope<ProblemListView>;
  /** null for those who may not act on suggestions: the section is not shown to them. */
  suggestions: Envelope<SuggestionsView> | null;
  feedback: Envelope<FeedbackView>;
}

/** Who attended a session, as its issue's Rollout panel shows it to the acting user. */
export interface SessionAttendanceView {
  /** Sorted by name; `confirmed` when the attendee confirmed it themself. */
  attendees: (UserSummary & { confirmed: boolean })[];
  count: number;
  capacity: number;
  /** When the list was last recorded ('' never). */
  recordedAt: string;
  /** The stored record's version (0: nothing recorded yet): `attendance/record` sends it back. */
  version: number;
  /** More attendees than seats, or the day passed with no attendance recorded. */
  flag: AttendanceFlag | null;
  /** The acting user may record the list (the session's owner, the coordinator, a Jira admin). */
  canRecord: boolean;
  /** The session's day has come, so attendance can be recorded and confirmed. */
  held: boolean;
  /** The acting user confirmed their own attendance. */
  confirmedByMe: boolean;
}

/** The Rollout panel on an issue the plan created, or on a problem raised during the rollout. */
export interface MemberPanelView {
  kind: 'member';
  role: 'work' | 'problem';
  /** null when the acting user cannot browse the rollout's anchor issue. */
  rollout: {
    title: string;
    issueKey: string;
    lifecycle: Lifecycle;
    strategyPage: { url: string } | null;
  } | null;
  workKind: SessionKind | 'task' | 'problem' | '';
  phase: {
    id: string;
    name: string;
    start: string;
    end: string;
    /** 1-based position in the plan, and how many phases it has. */
    position: number;
    count: number;
    work: WorkCounts;
    completed: boolean;
    current: boolean;
  } | null;
  /** Department names ([] with allDepartments for every department). */
  departments: string[];
  allDepartments: boolean;
  session: {
    /** The session's id in the plan (what the attendance keys name). */
    id: string;
    title: string;
    date: string;
    /** 'HH:MM', 24 h. */
    startTime: string;
    durationMinutes: number;
    /** A place, or a meeting link (shown as a link only when it is an http(s) link). */
    place: string;
    capacity: number;
    /** Who runs it (null when the plan names nobody, or the user is unknown to Jira). */
    owner: UserSummary | null;
    audience: string;
    attendance: SessionAttendanceView;
    /** The trained % of the session's departments. */
    trained: TrainedView[];
  } | null;
  /**
   * A problem issue's triage as stored (null where the record or the property is unreadable);
   * owner, fix link and comment only to those who may browse the anchor.
   */
  problem: {
    category: ProblemCategory | null;
    severity: ProblemSeverity | null;
    status: ProblemStatus | null;
    owner: UserSummary | null;
    fixLink: string;
    closingComment: string;
  } | null;
  jiraBaseUrl: string;
  phaseJql: string | null;
}

export type RolloutPanelView =
  | AnchorPanelView
  | MemberPanelView
  /** The issue belongs to no rollout (or the panel was opened where no rollout can be shown). */
  | { kind: 'none' };

export type TemplateScope = 'space' | 'global';

export interface TemplateStatus {
  scope: TemplateScope;
  space: SpaceRef | null;
  /** Registered by this app before (re-registering updates it). */
  templateId: string | null;
  /** The registered template's language, when known (null when none is registered). */
  language?: Language | null;
  canRegister: boolean;
  /**
   * Where the registered template's Rollout status macro points. A macro's key names the app
   * environment it was made in: 'other-environment' shows nothing where that environment is not
   * installed, and registering again fixes it; 'missing' when someone removed the macro from it.
   * Null when no template is registered.
   */
  macro: 'current' | 'other-environment' | 'missing' | null;
  /**
   * The space's strategy pages whose macro was made in another environment (space scope; the
   * space's 100 most recently changed rollouts are looked at). Registering again re-keys them,
   * STALE_PAGES_PER_CALL at a time.
   */
  stalePages: { id: string; title: string; url: string }[];
}

/** A problem as the triage list and the raise dialog show it. */
export interface ProblemView {
  id: string;
  issueKey: string;
  raisedOnIssueKey: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  status: ProblemStatus;
  departmentId: string;
  /** '' when it concerns no one department. */
  departmentName: string;
  phaseId: string;
  phaseName: string;
  summary: string;
  description: string;
  raisedBy: UserSummary;
  raisedAt: string;
  owner: UserSummary | null;
  acknowledgedAt: string;
  closedAt: string;
  closedBy: UserSummary | null;
  closingComment: string;
  fixLink: string;
  /** The department's head was told it is still unacknowledged. */
  escalated: boolean;
  /** The Jira issue's status and property show this status (false: a step left Jira behind). */
  jiraInLine: boolean;
  version: number;
}

/** What the raise form offers: the rollout's departments and phases, and the issue's own. */
export interface ProblemFormView {
  rollout: { id: string; title: string; anchorIssueKey: string };
  issueKey: string;
  departments: { id: string; name: string }[];
  phases: { id: string; name: string }[];
  /** The department and phase of the issue it is raised from ('' when it has none). */
  departmentId: string;
  phaseId: string;
}

/** The rollout's problems for the anchor's panel, newest first, with who may triage them. */
export interface ProblemListView {
  form: ProblemFormView;
  problems: ProblemView[];
  /** The acting user may triage (the rollout's coordinator or a Jira administrator). */
  canTriage: boolean;
  /** JQL for every problem of the rollout, for a link into Jira's search. */
  jql: string;
}

/** A suggested adjustment as the anchor's Rollout panel shows it to the coordinator. */
export interface SuggestionView {
  id: string;
  kind: SuggestionKind;
  /** '' for a suggestion about a whole phase. */
  departmentId: string;
  departmentName: string;
  phaseId: string;
  phaseName: string;
  /** Why (a locale key and its figures). */
  evidence: Wording;
  /** What accepting changes in the plan. */
  change: Wording;
  /** Accepting asks the heads concerned to re-confirm the approved plan. */
  reconfirms: boolean;
}

/** A suggestion answered this week. */
export interface SuggestionDecisionView {
  suggestionId: string;
  kind: SuggestionKind;
  departmentName: string;
  phaseName: string;
  decision: 'accepted' | 'dismissed';
  reason: string;
  by: UserSummary | null;
  at: string;
}

/** The anchor's suggested adjustments (coordinator or Jira admin only). */
export interface SuggestionsView {
  /** The most important open suggestions, at most `SUGGESTIONS_MAX`. */
  suggestions: SuggestionView[];
  /** How many more are open beyond those shown; they come up as these are answered. */
  more: number;
  decided: SuggestionDecisionView[];
  /** The plan can change now (not while heads are deciding on it): accepting is possible. */
  editable: boolean;
  /** After an accept: the Jira issue of the item it added is being created, or could not be. */
  push: 'none' | 'queued' | 'failed';
  /**
   * After accepting an extension: how many open Jira tasks of the phase had their due date moved
   * to its new end, and how many Jira refused to move for the user (null for other answers).
   */
  dueDates: { moved: number; refused: number } | null;
}

/** A group's readiness in one pulse, as shown (figures null while hidden). */
export type ReadinessView = Omit<DepartmentReadiness, 'departmentId'>;

export interface PulseDepartmentView extends DepartmentReadiness {
  name: string;
  /** The score's change since this department's last shown score in an earlier pulse. */
  trend: Trend | null;
  /** The acting user may read its comments (`pulses/comments`): the group shows, and they may. */
  canReadComments: boolean;
}

export interface PulseResultView {
  id: string;
  from: string;
  to: string;
  state: PulseState;
  version: number;
  /** Answers so far, all departments together (a count only: it tells nothing of any answer). */
  answers: number;
  total: ReadinessView;
  byRole: ({ role: PulseRole } & ReadinessView)[];
  byDepartment: PulseDepartmentView[];
}

export interface CheckInView {
  id: string;
  departmentId: string;
  departmentName: string;
  author: UserSummary;
  /** The author heads that department in this rollout. */
  byHead: boolean;
  rating: number;
  note: string;
  at: string;
}

/** The feedback section of a rollout's anchor panel: pulses, readiness, check-ins. */
export interface FeedbackView {
  rolloutId: string;
  departments: { id: string; name: string }[];
  /** May open and close pulses (the coordinator, Jira admins). */
  canManage: boolean;
  /** Sees readiness figures and check-ins (the coordinator, the heads, Jira admins). */
  canSeeResults: boolean;
  /** Pulses, earliest period first; figures only for those who may see them. */
  pulses: PulseResultView[];
  /** The most recent check-ins, newest first ([] for those who may not see them). */
  checkIns: CheckInView[];
  /**
   * The departments the acting user may check in for (their head, the head's stand-in, a
   * supervisor the directory names): the check-in form shows only when there is one.
   */
  checkInDepartmentIds: string[];
  /** A pulse open today that the acting user has not answered yet, if any. */
  toAnswer: { pulseId: string } | null;
  pulsesMax: number;
}

/** What a pulse form shows where an employee answers (the pulse macro, an issue's panel). */
export type PulseFormView =
  | { kind: 'unbound'; canConfigure: boolean }
  /** Nothing to show the acting user (they cannot browse the rollout, or did not attend). */
  | { kind: 'hidden' }
  | { kind: 'none'; rollout: { title: string } }
  /** A pulse is open, but every asked department has a Jira group and none holds the user. */
  | { kind: 'notAsked'; rollout: { title: string }; departments: string[] }
  | {
      kind: 'open';
      rollout: { title: string };
      pulse: { id: string; from: string; to: string };
      /** The departments the answer may count for (see `departmentSource`). */
      departments: { id: string; name: string }[];
      /**
       * `group`: the asked departments whose Jira group holds the user; `pick`: the asked
       * departments with no Jira group, among which the user says which is theirs.
       */
      departmentSource: 'group' | 'pick';
      /** The department the form starts on ('' when it cannot tell). */
      departmentId: string;
      answered: boolean;
      elements: readonly AdkarElement[];
    };

/** A policy page one person is asked to acknowledge, and where they stand. */
export interface PolicyItem {
  rolloutId: string;
  rolloutTitle: string;
  pageId: string;
  pageTitle: string;
  pageUrl: string;
  /** The version asked for. */
  version: number;
  /** The version they acknowledged (null: none). */
  acknowledgedVersion: number | null;
  /** due: never acknowledged; again: a material revision asks again; done: acknowledged. */
  state: 'due' | 'again' | 'done';
  /** Since when the version asked for is asked (named, or revised). */
  askedSince: string;
  /** What changed, for people asked again: the version's message ('' none) and Confluence's comparison. */
  change: { message: string; previousVersion: number; compareUrl: string } | null;
}

/** One department's acknowledged figure on one rollout's policy. */
export interface PolicyDepartmentView {
  departmentId: string;
  name: string;
  acknowledged: number;
  people: number;
  /** Lowest over the policy's pages, 0–100; null when its people are unknown (no group). */
  percent: number | null;
}

/** A rollout the coordinator may name the page for, and its figures when named. */
export interface PolicyRolloutView {
  rolloutId: string;
  title: string;
  /** Whether the page is part of this rollout's policy. */
  named: boolean;
  /** The version asked for (null: not named). */
  version: number | null;
  /** Whether Confluence holds a newer version than the one asked for. */
  newerVersion: boolean;
  departments: PolicyDepartmentView[];
}

/** The policy byline on a Confluence page. */
export interface PolicyBylineView {
  pageId: string;
  pageTitle: string;
  currentVersion: number;
  /** What the viewer is asked to acknowledge on this page. */
  items: PolicyItem[];
  /** Rollouts the viewer coordinates in this space or that name the page (empty: none). */
  rollouts: PolicyRolloutView[];
}

/** How many strategy pages one registration re-keys (each is a page write). */
export const STALE_PAGES_PER_CALL = 20;

const empty = z.object({}).strict();

/** The user saw which departments an edit asks again, and confirmed it. */
const confirmSchema = z.boolean().optional();

/** A Confluence page id: digits. */
const policyPageIdSchema = z
  .string({ error: 'errors.field.id' })
  .max(30, { error: 'errors.field.id' })
  .regex(/^[0-9]+$/u, { error: 'errors.field.id' });

const strategyInputSchema = z
  .object({
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/u, { error: 'errors.strategy.projectKey' }),
    plan: planSchema,
  })
  .extend(rolloutInputSchema.shape);

const problemRef = {
  problemId: uuidSchema,
  /** The version the user triaged: a stale one answers CONFLICT (a race lost). */
  version: z.number().int().min(1),
};

const optionalRefId = z
  .string({ error: 'errors.field.id' })
  .max(100, { error: 'errors.field.id' })
  .regex(/^[A-Za-z0-9_-]*$/u, { error: 'errors.field.id' });

const problemComment = (action: 'resolve' | 'accept') =>
  z
    .string({ error: 'errors.field.invalid' })
    .default('')
    .pipe(textSchema(PROBLEM_TEXT.comment))
    .superRefine(
      byRule((value: string) =>
        closingCommentIssues(action, value).filter(
          (issue) => issue.messageKey === 'errors.problem.commentRequired',
        ),
      ),
    );

/** A suggestion's id: kind, department, phase and ISO week (domain/suggestions.ts). */
const suggestionIdSchema = z
  .string({ error: 'errors.field.id' })
  .max(200, { error: 'errors.field.id' })
  .transform((id) => id.toLowerCase().replace(/-w([0-9]{2})$/u, '-W$1'))
  .refine((id) => SUGGESTION_ID_PATTERN.test(id), { error: 'errors.field.id' });

export const contract = {
  'directory/list': {
    payload: empty,
    result: returns<DirectoryView>(),
  },
  'directory/create': {
    payload: z
      .object({
        /** Idempotency key chosen by the UI per submission: a retried create never adds a second department. */
        requestId: uuidSchema,
        name: departmentNameSchema,
        headAccountId: accountIdSchema,
        delegateAccountId: optionalDelegateSchema,
        /** Who may check in for it besides its head and stand-in (absent: unchanged, or none). */
        supervisorAccountIds: supervisorsSchema,
        /** The Jira group of its people ('' or absent: none), with the name the picker showed. */
        groupId: groupIdSchema.optional(),
        groupName: z.string().max(255).optional(),
      })
      .strict(),
    result: returns<DepartmentView>(),
  },
  'directory/update': {
    payload: z
      .object({
        id: uuidSchema,
        /** The version the user edited: a stale one answers CONFLICT instead of overwriting. */
        version: z.number().int().min(1),
        name: departmentNameSchema,
        headAccountId: accountIdSchema,
        delegateAccountId: optionalDelegateSchema,
        /** Who may check in for it besides its head and stand-in (absent: unchanged, or none). */
        supervisorAccountIds: supervisorsSchema,
        /** The Jira group of its people ('' or absent: none), with the name the picker showed. */
        groupId: groupIdSchema.optional(),
        groupName: z.string().max(255).optional(),
      })
      .strict(),
    result: returns<DepartmentView>(),
  },
  'directory/remove': {
    payload: z.object({ id: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<{ id: string }>(),
  },
  'users/search': {
    payload: z
      .object({
        query: textSchema({
          max: 100,
          required: 'errors.users.queryRequired',
          tooLong: 'errors.users.queryTooLong',
        }),
      })
      .strict(),
    result: returns<{ users: UserSummary[] }>(),
  },
  /** Jira groups whose names contain the query (Jira administrators, for the directory). */
  'groups/search': {
    payload: z
      .object({
        query: z.string().max(100, { error: 'errors.groups.queryTooLong' }),
      })
      .strict(),
    result: returns<{ groups: GroupRef[] }>(),
  },
  /** Everything the Approvals panel shows for the issue in the context, in one call. */
  'approvals/panel': {
    payload: empty,
    result: returns<ApprovalsPanelView>(),
  },
  /** Makes the context's issue the anchor of a new rollout. */
  'rollouts/create': {
    payload: z.object({ requestId: uuidSchema }).extend(rolloutInputSchema.shape).strict(),
    result: returns<ApprovalsPanelView>(),
  },
  /**
   * Changes the plan while no round is awaiting decisions. On an approved rollout, a change that
   * asks heads again is refused (CONFLICT `errors.rollout.confirmReconfirmation`, with
   * `details.reconfirm`) until it is sent again with `confirmReconfirmation: true`.
   */
  'rollouts/update': {
    payload: z
      .object({ version: z.number().int().min(1), confirmReconfirmation: confirmSchema })
      .extend(rolloutInputSchema.shape)
      .strict(),
    result: returns<ApprovalsPanelView>(),
  },
  /**
   * Discards a rollout that was never approved, as its creator or a Jira admin: the rollout, its
   * department links and approvals go, the audit trail records it; its Jira issue and Confluence
   * page are kept (the app never deletes people's content).
   */
  'rollouts/discard': {
    payload: z.object({ rolloutId: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<DiscardOutcome>(),
  },
  /** Opens a new approval round: one approval per department, stage by stage. */
  'approvals/request': {
    payload: z.object({ version: z.number().int().min(1) }).strict(),
    result: returns<ApprovalsPanelView>(),
  },
  'approvals/decide': {
    payload: z
      .object({
        approvalId: approvalIdSchema,
        version: z.number().int().min(1),
        decision: decisionSchema,
        comment: commentSchema.default(''),
      })
      .strict(),
    result: returns<ApprovalsPanelView>(),
  },
  'approvals/history': {
    payload: z.object({ cursor: cursorSchema.optional() }).strict(),
    result: returns<HistoryPage>(),
  },
  /** One page of the audit trail as CSV (the first page starts with the header row). */
  'approvals/export': {
    payload: z.object({ cursor: cursorSchema.optional() }).strict(),
    result: returns<{ csv: string; nextCursor: string | null }>(),
  },
  'delegations/add': {
    payload: delegationInputSchema,
    result: returns<MyDelegations>(),
  },
  'delegations/remove': {
    payload: z.object({ id: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<MyDelegations>(),
  },
  'settings/get': {
    payload: empty,
    result: returns<SettingsView>(),
  },
  'settings/update': {
    payload: settingsInputSchema,
    result: returns<SettingsView>(),
  },
  /** confluence:spacePage: the space's rollouts and what the creation flow needs. */
  'strategy/space': {
    payload: empty,
    result: returns<StrategySpaceView>(),
  },
  /**
   * Creates the rollout, its strategy page in the context's space and its anchor Jira issue, linked
   * both ways. Idempotent by requestId: a retry after a failure continues where it stopped.
   */
  'strategy/create': {
    payload: z.object({ requestId: uuidSchema }).extend(strategyInputSchema.shape).strict(),
    result: returns<StrategyDetail>(),
  },
  /**
   * Whether a title is free for a new strategy in the context's space (its page title is not
   * taken). `rolloutId`: the strategy's own page does not count (finishing a half-made one).
   */
  'strategy/checkTitle': {
    payload: z.object({ title: rolloutTitleSchema, rolloutId: uuidSchema.optional() }).strict(),
    result: returns<TitleCheck>(),
  },
  'strategy/get': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<StrategyDetail>(),
  },
  /**
   * Changes the plan and re-renders the page; on an approved rollout, opens a re-confirmation
   * round for the departments the change concerns.
   */
  'strategy/update': {
    payload: z
      .object({
        rolloutId: uuidSchema,
        version: z.number().int().min(1),
        plan: planSchema,
        confirmReconfirmation: confirmSchema,
      })
      .extend(rolloutInputSchema.shape)
      .strict(),
    result: returns<StrategyDetail>(),
  },
  /**
   * Starts a background push that creates the plan's missing Jira issues (bulk, ≤ 50 a call),
   * never duplicating; while one runs, answers that one.
   */
  'strategy/push': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PushStatus>(),
  },
  /** Where the push stands (polled while one runs). */
  'strategy/push-status': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PushStatus>(),
  },
  'templates/status': {
    payload: z.object({ scope: z.enum(['space', 'global']) }).strict(),
    result: returns<TemplateStatus>(),
  },
  /** Registers (or updates) the native "Rollout strategy" template in the chosen language. */
  'templates/register': {
    payload: z
      // A language code; the resolver refuses one the app does not ship.
      .object({ scope: z.enum(['space', 'global']), language: z.string().regex(/^[a-z]{2,3}$/u) })
      .strict(),
    result: returns<TemplateStatus>(),
  },
  /** The Rollout status macro: bound by its config, or to the rollout whose strategy page holds it. */
  'macro/status': {
    payload: empty,
    result: returns<MacroView>(),
  },
  /** The raise form for the issue in the context: the rollout's departments and phases. */
  'problems/form': {
    payload: empty,
    result: returns<ProblemFormView>(),
  },
  /**
   * Raises a problem from `issueKey` (any issue of a rollout the user may browse): creates its
   * Jira issue, a child of the rollout's anchor, and tells the coordinator (and the department's
   * head for high and blocking ones). Idempotent by requestId: a repeated click creates nothing more.
   */
  'problems/raise': {
    payload: z
      .object({
        requestId: uuidSchema,
        issueKey: z
          .string({ error: 'errors.field.invalid' })
          .regex(/^[A-Z][A-Z0-9_]{0,9}-[1-9][0-9]{0,9}$/u, { error: 'errors.field.invalid' }),
        category: z.enum(PROBLEM_CATEGORIES, { error: 'errors.problem.category' }),
        severity: z.enum(PROBLEM_SEVERITIES, { error: 'errors.problem.severity' }),
        departmentId: optionalRefId.default(''),
        phaseId: optionalRefId.default(''),
        summary: textSchema(PROBLEM_TEXT.summary),
        description: textSchema(PROBLEM_TEXT.description),
      })
      .strict(),
    result: returns<ProblemView>(),
  },
  /** The rollout's problems (the anchor's panel), newest first. */
  'problems/list': {
    payload: empty,
    result: returns<ProblemListView>(),
  },
  'problems/acknowledge': {
    payload: z.object(problemRef).strict(),
    result: returns<ProblemView>(),
  },
  /** Names who works on it (acknowledging a new one). */
  'problems/assign': {
    payload: z.object({ ...problemRef, ownerAccountId: accountIdSchema }).strict(),
    result: returns<ProblemView>(),
  },
  /** Resolved, with an optional comment and what fixed it (a corrected page, an added session…). */
  'problems/resolve': {
    payload: z
      .object({
        ...problemRef,
        comment: problemComment('resolve'),
        fixLink: z
          .string({ error: 'errors.problem.fixLink' })
          .trim()
          .default('')
          .superRefine(byRule(fixLinkIssue)),
      })
      .strict(),
    result: returns<ProblemView>(),
  },
  /** Kept as a known risk: the comment says why, and the audit trail keeps it. */
  'problems/accept': {
    payload: z.object({ ...problemRef, comment: problemComment('accept') }).strict(),
    result: returns<ProblemView>(),
  },
  /** Rollouts the macro's config may bind to (those with a strategy in this space). */
  'macro/options': {
    payload: empty,
    result: returns<{ rollouts: StrategySummary[] }>(),
  },
  /**
   * The Rollout panel of the context's issue: the anchor at a glance, or a work issue's place.
   * With `sections`, the anchor's answer also carries its sections' first answers (the panel's
   * first load: one invoke); without, the panel alone (a refresh after an action).
   */
  'rolloutPanel/load': {
    payload: z.object({ sections: z.boolean().default(false) }).strict(),
    result: returns<RolloutPanelView>(),
  },
  /**
   * Marks a phase of the context's rollout complete (coordinator or Jira admin). Refused while a
   * blocking problem of the phase is open unless `riskComment` accepts the risk. Idempotent.
   */
  'rolloutPanel/completePhase': {
    payload: z
      .object({
        phaseId: uuidSchema,
        riskComment: commentSchema.default(''),
      })
      .strict(),
    result: returns<RolloutPanelView>(),
  },
  /**
   * Records who attended the context's session issue (its owner, the coordinator or a Jira
   * admin): the whole list, replacing the stored one read at `version` (0: none yet). The same
   * list again is a no-op; a list recorded by someone else meanwhile is CONFLICT.
   */
  'attendance/record': {
    payload: z
      .object({
        sessionId: uuidSchema,
        attendeeAccountIds: z
          .array(accountIdSchema)
          .max(MAX_ATTENDEES, { error: 'errors.attendance.tooMany' }),
        version: z.number().int().min(0),
      })
      .strict(),
    result: returns<RolloutPanelView>(),
  },
  /**
   * Enters a department's head-count on the context's rollout (coordinator or Jira admin): its
   * trained % falls back to it when the department has no Jira group. 0 clears it. Idempotent.
   */
  /** The weekly digest of the context issue's rollout: its settings and the viewer's subscription. */
  'digest/get': {
    payload: empty,
    result: returns<DigestView>(),
  },
  /** Changes the digest's day, sponsors or on/off (the coordinator or a Jira admin). */
  'digest/update': {
    payload: digestSettingsInputSchema,
    result: returns<DigestView>(),
  },
  /** The viewer opts out of (or back into) this rollout's digest. Idempotent. */
  'digest/subscribe': {
    payload: digestSubscriptionSchema,
    result: returns<DigestView>(),
  },
  'rolloutPanel/setHeadCount': {
    payload: z
      .object({
        departmentId: uuidSchema,
        headCount: z
          .number({ error: 'errors.headCount.invalid' })
          .int({ error: 'errors.headCount.invalid' })
          .min(0, { error: 'errors.headCount.invalid' })
          .max(HEAD_COUNT_MAX, { error: 'errors.headCount.invalid' }),
      })
      .strict(),
    result: returns<RolloutPanelView>(),
  },
  /** The acting user confirms they attended the context's session issue. Idempotent. */
  'attendance/confirm': {
    payload: z.object({ sessionId: uuidSchema }).strict(),
    result: returns<RolloutPanelView>(),
  },
  /** The context anchor's suggested adjustments (coordinator or Jira admin). */
  'suggestions/list': {
    payload: empty,
    result: returns<SuggestionsView>(),
  },
  /**
   * Accepts a suggestion: the plan changes through the plan-edit rule (re-confirmation where it
   * says so) and the new item's Jira issue is pushed. Idempotent: accepting again changes nothing.
   */
  'suggestions/accept': {
    payload: z.object({ suggestionId: suggestionIdSchema }).strict(),
    result: returns<SuggestionsView>(),
  },
  /** Dismisses a suggestion for this week with a reason the audit trail keeps. Idempotent. */
  'suggestions/dismiss': {
    payload: z
      .object({
        suggestionId: suggestionIdSchema,
        reason: textSchema({
          max: COMMENT_MAX,
          required: 'errors.suggestion.reasonRequired',
          tooLong: 'errors.approval.commentTooLong',
          multiline: true,
        }),
      })
      .strict(),
    result: returns<SuggestionsView>(),
  },
  /** The progress gadget: its rollouts' progress, plan vs actual and trend, for the viewer. */
  'gadget/load': {
    payload: gadgetLoadSchema,
    result: returns<GadgetLoadView>(),
  },
  /**
   * The rollouts the gadget's edit view offers (those the viewer may see), a page at a time:
   * each page at most one storage page of rollouts per approval state offered and one Jira
   * visibility check, whatever the site holds.
   */
  'gadget/options': {
    payload: gadgetOptionsSchema,
    result: returns<GadgetOptionsPage>(),
  },
  /** The feedback section of the context's rollout anchor: pulses, readiness, check-ins. */
  'pulses/load': {
    payload: empty,
    result: returns<FeedbackView>(),
  },
  /**
   * Opens a pulse for the context's rollout (its coordinator or a Jira admin) and e-mails the
   * asked departments' Jira groups a link. Idempotent by requestId (the pulse's id).
   */
  'pulses/open': {
    payload: pulseInputSchema,
    result: returns<FeedbackView & { mailed: number; unmailed: string[] }>(),
  },
  /** Ends a pulse before its period does. */
  'pulses/close': {
    payload: z.object({ pulseId: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<FeedbackView>(),
  },
  /** A supervisor's or head's check-in for one department: named, not anonymous. */
  'pulses/checkIn': {
    payload: z
      .object({
        requestId: uuidSchema,
        departmentId: uuidSchema,
        rating: z
          .number({ error: 'errors.pulse.rating' })
          .int({ error: 'errors.pulse.rating' })
          .min(1, { error: 'errors.pulse.rating' })
          .max(5, { error: 'errors.pulse.rating' }),
        note: checkInNoteSchema,
      })
      .strict(),
    result: returns<FeedbackView>(),
  },
  /**
   * One department's comments in a pulse, sorted by text (never by arrival), for the coordinator,
   * Jira admins and that department's head, while its group shows.
   */
  'pulses/comments': {
    payload: z
      .object({
        pulseId: uuidSchema,
        departmentId: uuidSchema,
        /** The first bucket to read (from `nextPage` of the call before). */
        fromPage: z.number().int().min(0).max(1000).default(0),
      })
      .strict(),
    result: returns<{ comments: string[]; nextPage: number | null }>(),
  },
  /** The pulse form where the acting user may answer: the pulse macro, or an issue's panel. */
  'pulses/form': {
    payload: empty,
    result: returns<PulseFormView>(),
  },
  /** The "My rollouts" page: what waits for the acting user across rollouts. */
  'mine/load': {
    payload: empty,
    result: returns<MyRolloutsView>(),
  },
  /**
   * Decides an approval from "My rollouts", with the Approvals panel's use case and rules (as
   * approver or active delegate, stage order, self-approval); answers the page again.
   */
  'mine/decide': {
    payload: mineDecideSchema,
    result: returns<MyRolloutsView>(),
  },
  /** An anonymous answer: once per person per pulse; stored with no one's id and no time. */
  'pulses/answer': {
    payload: z
      .object({
        pulseId: uuidSchema,
        departmentId: uuidSchema,
        role: pulseRoleSchema,
        scores: adkarScoresSchema,
        comment: pulseCommentSchema,
      })
      .strict(),
    result: returns<PulseFormView>(),
  },
  /** The policy byline of the context's Confluence page, for the viewer. */
  'policy/byline': {
    payload: empty,
    result: returns<PolicyBylineView>(),
  },
  /** The coordinator names the context's page as (part of) the rollout's policy. Idempotent. */
  'policy/name': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PolicyBylineView>(),
  },
  /**
   * The coordinator marks the context page's current version as material: that page's
   * acknowledgements reset and its people are asked again. Repeating it changes nothing.
   */
  'policy/revise': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PolicyBylineView>(),
  },
  /** The acting user acknowledges a policy page of a rollout (the version they can read). Idempotent. */
  'policy/acknowledge': {
    payload: z.object({ rolloutId: uuidSchema, pageId: policyPageIdSchema }).strict(),
    result: returns<PolicyItem>(),
  },
  /** The policy pages the acting user is asked to acknowledge, across rollouts. */
  'policy/mine': {
    payload: empty,
    result: returns<PolicyItem[]>(),
  },
} as const;

export type { SessionKind };

export type { ApprovalState, ApprovalStatus, AuditEventType, Decision };

export type Contract = typeof contract;
export type FunctionKey = keyof Contract;
/** What the UI sends (before the schema's transforms). */
export type PayloadIn<K extends FunctionKey> = z.input<Contract[K]['payload']>;
/** What a use case receives (after validation and transforms). */
export type PayloadOut<K extends FunctionKey> = z.output<Contract[K]['payload']>;
export type ResultOf<K extends FunctionKey> =
  Contract[K]['result'] extends Returns<infer T> ? T : never;

export const FUNCTION_KEYS = Object.keys(contract) as FunctionKey[];
