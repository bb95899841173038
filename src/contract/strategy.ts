/** Strategy pages and their plan, as the Confluence surfaces show them. */
import type { ApprovalState, Targets } from '../domain/rollout';
import type { PlanPhase, Session } from '../domain/plan';
import type { AppError } from './envelope';
import type { UserSummary, DepartmentOption, RolloutSummary } from './directory';

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
