/** People, departments and Jira references as the UI shows them. */
import type { TrainedSource } from '../domain/trained';
import type { ApprovalState, Lifecycle } from '../domain/rollout';

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
  /**
   * To an administrator: the department's head, default delegate or a stand-in named in a
   * delegation that has not ended, who cannot open rollouts it is in (their issue keys), so they
   * could never approve them; as checked on save or on a recent list. Absent when everyone can.
   */
  browseWarnings?: BrowseWarning[];
}

/** Someone who cannot browse these rollout issues. */
export interface BrowseWarning {
  person: UserSummary;
  issueKeys: string[];
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
  /**
   * To an administrator: departments whose deciders' access to their rollouts is not checked
   * yet (each list checks a few; absent when none is left).
   */
  reachUnchecked?: number;
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
