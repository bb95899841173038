/** The Rollout panel and the status macro: a rollout's progress at a glance; page templates. */
import type { ApprovalStatus } from '../domain/approvals';
import type { ApprovalState, Lifecycle, PhaseTiming } from '../domain/rollout';
import type { WorkCounts } from '../domain/progress';
import type { ApprovalBottlenecks } from '../domain/bottlenecks';
import type { SessionKind } from '../domain/plan';
import type { Language } from '../domain/language';
import type { ProblemCategory, ProblemSeverity, ProblemStatus } from '../domain/problems';
import type { AttendanceFlag } from '../domain/attendance';
import type { Envelope } from './envelope';
import type { UserSummary, TrainedView } from './directory';
import type { SpaceRef } from './strategy';
import type { ProblemListView, SuggestionsView } from './problems';
import type { FeedbackView } from './feedback';

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
  /**
   * Whom the weekly digest concerns: a recipient (a head of the rollout's departments, a sponsor)
   * may opt out, a manager (the coordinator, a Jira admin) sets it; the panel shows it to no one
   * else.
   */
  digest: { isRecipient: boolean; canManage: boolean };
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
