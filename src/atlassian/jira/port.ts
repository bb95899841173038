/**
 * The Jira operations the app needs (`JiraPort`) and the shapes they speak in. Use cases depend
 * on this port; `createJiraClient` (./index.ts) implements it over Jira's REST API.
 */
import type { ProblemProperty } from '../../domain/problems';

export interface JiraUser {
  accountId: string;
  displayName: string;
  active: boolean;
  avatarUrl: string | null;
  /** BCP 47 (`fr-FR`); Jira answers the Java form (`fr_FR`). `en-US` when Jira does not say. */
  locale: string;
}

/** A Jira group: its id (stable) and its name (which an admin may change). */
export interface JiraGroup {
  groupId: string;
  name: string;
}

/** An issue as the acting user sees it, with whether they may edit it. */
export interface IssueAccess {
  id: string;
  key: string;
  summary: string;
  projectKey: string;
  canEdit: boolean;
  /** The user is a Jira administrator (asked in the same permission check, at no extra cost). */
  isJiraAdmin: boolean;
  /** The user may create issues in the issue's project (the same permission check). */
  canCreate: boolean;
  /** The key of its status's category (`new`, `indeterminate`, `done`), read with the issue. */
  statusCategory: 'new' | 'indeterminate' | 'done' | 'undefined';
  /** Its `rollout-coordinator` property ({} when it has none), read with the issue. */
  rolloutProperty: Record<string, unknown>;
}

export interface IssueSummary {
  id: string;
  key: string;
  summary: string;
  projectKey: string;
  /** Its type's place in Jira's hierarchy: 1 for an epic, 0 for a standard issue, -1 for a sub-task. */
  hierarchyLevel: number;
}

/** The `rollout-coordinator` issue property: what JQL filters rollouts by. */
export interface RolloutProperty {
  rolloutId: string;
  /** `anchor` for the rollout's issue (the Approvals panel's), `work` for the plan's issues. */
  role: 'anchor';
  approvalState: string;
}

export interface NotifyMessage {
  subject: string;
  textBody: string;
  htmlBody: string;
}

/** The issue property key the manifest's `jira:entityProperty` indexes. */
export const ROLLOUT_PROPERTY_KEY = 'rollout-coordinator';

/** An Atlassian Document Format document (issue descriptions in API v3). */
export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  marks?: { type: string; attrs?: Record<string, string> }[];
  attrs?: Record<string, string | number>;
}

export interface ProjectIssueType {
  id: string;
  name: string;
  subtask: boolean;
  /** 1 for epics, 0 for standard types, -1 for sub-tasks. */
  hierarchyLevel: number;
}

export interface ProjectInfo {
  id: string;
  key: string;
  name: string;
  issueTypes: ProjectIssueType[];
}

/** What the acting user may do in a project, from one permission check. */
export interface ProjectRights {
  create: boolean;
  edit: boolean;
  /** Set due dates. */
  schedule: boolean;
  link: boolean;
  /** Set assignees (Jira refuses an issue whose assignee its creator may not set). */
  assign: boolean;
}

/** One issue to create. */
export interface NewIssue {
  projectKey: string;
  issueTypeId: string;
  summary: string;
  description?: AdfDocument;
  dueDate?: string;
  /** Labels (no spaces; Jira refuses the issue otherwise). */
  labels?: readonly string[];
  /** The issue's parent (`fields.parent`): an epic above a standard issue. */
  parentKey?: string;
  /** Who the issue is assigned to (a Jira account id). */
  assigneeAccountId?: string;
  /** Issue properties set with the issue, in the same request (so it is never without them). */
  properties: { key: string; value: Record<string, string | string[]> }[];
  /** Links the new issue to an existing one, as the link type's outward side (e.g. "relates to"). */
  linkTo?: { linkTypeName: string; issueKey: string };
}

export interface CreatedIssue {
  id: string;
  key: string;
}

/**
 * What a bulk create did: created issues and refused ones by their index in the request; or,
 * on a server failure, nothing known (Jira may have created some: the caller must look); or
 * throttled (429: Jira did nothing), with the wait Jira asked for when it said.
 */
export type BulkOutcome =
  | {
      known: true;
      created: (CreatedIssue & { index: number })[];
      /** Refused issues, with the fields Jira named ([] when it named none). */
      failed: { index: number; status: number; reason: string; fields: string[] }[];
    }
  | { known: false; status: number; retryAfterMs?: number };

/** A link as an issue sees it: its id, its type's name and the issue at the other end. */
export interface IssueLinkRef {
  id: string;
  typeName: string;
  otherId: string;
  otherKey: string;
}

/** An issue found by a property search, with the `rollout-coordinator` property's value. */
export interface PropertyIssue {
  id: string;
  key: string;
  property: Record<string, unknown>;
  /** With `relations`: the parent ('' for none), the type's hierarchy level, the links. */
  relations?: {
    parentId: string;
    parentKey: string;
    hierarchyLevel: number;
    links: IssueLinkRef[];
  };
}

/** A change to an existing issue: a new parent, labels added (the others are kept). */
export interface IssueEdit {
  parentKey?: string;
  addLabels?: readonly string[];
  /** YYYY-MM-DD: the new due date (needs Schedule issues). */
  dueDate?: string;
  summary?: string;
  description?: AdfDocument;
}

/**
 * What an edit (or a link removal) did: done, or not, with Jira's status, its reason and, when
 * Jira throttled it, the wait it asked for. A 5xx has been retried already.
 */
export type ChangeOutcome =
  { ok: true } | { ok: false; status: number; reason: string; retryAfterMs?: number };

/** An issue as the acting user sees it, with what tells which rollout it belongs to. */
export interface ContextIssue {
  id: string;
  key: string;
  projectKey: string;
  /** Its type's level: 1 for epics, 0 for standard types, -1 for sub-tasks. */
  hierarchyLevel: number;
  parent: { key: string; hierarchyLevel: number | undefined } | undefined;
  /** The `rollout-coordinator` property, when the issue has one. */
  property: Record<string, unknown> | undefined;
}

/** A workflow status by name and category key (`new`, `indeterminate`, `done`). */
export interface WorkflowStatus {
  name: string;
  category: string;
}

/** Where an issue stands in its workflow, and the transitions the acting user may take from there. */
export interface WorkflowState {
  status: WorkflowStatus;
  transitions: { id: string; name: string; to: WorkflowStatus }[];
}

/** A work issue's state as Jira has it, read as the app. */
export interface WorkIssue {
  id: string;
  key: string;
  /** The key of its status's category (`new`, `indeterminate`, `done`). */
  statusCategory: string;
  /** YYYY-MM-DD, '' when it has none. */
  dueDate: string;
  /** Jira's `updated` time in ms since the epoch (0 when Jira did not say). */
  updated: number;
  /** Its `rollout-coordinator` property ({} when it has none). */
  property: Record<string, unknown>;
}

/** JQL string literal: quoted, with quotes and backslashes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"')}"`;
}

/** Bulk create takes at most 50 issues a call. */
export const BULK_CREATE_MAX = 50;

/** The Jira operations the app needs: a port, so use cases can be given another implementation. */
export interface JiraPort {
  /** Whether the acting user is a Jira administrator (global ADMINISTER permission). */
  isAdmin(): Promise<boolean>;
  /** The users among `accountIds` that exist, in one request (≤ 200 ids). */
  getUsers(accountIds: readonly string[]): Promise<Map<string, JiraUser>>;
  /** Users matching a name or e-mail prefix, as the acting user may see them. */
  searchUsers(query: string, maxResults: number): Promise<JiraUser[]>;
  /** Groups whose names contain `query`, as the acting user may see them (Jira's group picker). */
  findGroups(query: string, maxResults: number): Promise<JiraGroup[]>;
  /**
   * A group's active members, read as the app a page of 50 at a time, up to `limit`; undefined
   * when Jira knows no such group. `total` is Jira's count, even past `limit`.
   */
  groupMembers(
    groupId: string,
    limit: number,
  ): Promise<{ accountIds: string[]; total: number } | undefined>;
  /**
   * One page (at most 50) of a group's active members from `startAt`, read as the app; `isLast`
   * when no page follows; undefined when Jira knows no such group.
   */
  groupMembersPage(
    groupId: string,
    startAt: number,
  ): Promise<{ accountIds: string[]; isLast: boolean } | undefined>;
  /**
   * The ids of the groups a user is in, read as the app in one request (`GET /user/groups`);
   * empty when Jira knows no such user.
   */
  userGroupIds(accountId: string): Promise<string[]>;
  /** The issue as the acting user sees it (asUser): undefined when they cannot browse it. */
  issueAccess(issueIdOrKey: string): Promise<IssueAccess | undefined>;
  /** The issue as the app sees it (asApp): for triggers without a user. */
  getIssue(issueIdOrKey: string): Promise<IssueSummary | undefined>;
  /** Sets the `rollout-coordinator` property as the app (idempotent, so retried); throws UpstreamError. */
  setRolloutProperty(issueIdOrKey: string, value: RolloutProperty | ProblemProperty): Promise<void>;
  /** Removes the `rollout-coordinator` property as the app (gone already is fine); throws UpstreamError. */
  removeRolloutProperty(issueIdOrKey: string): Promise<void>;
  /**
   * E-mails `toAccountIds` about the issue through Jira, as the app. Retried on 429/5xx honouring
   * Retry-After; never throws for an upstream failure: answers false (and logs no personal data).
   */
  notify(
    issueIdOrKey: string,
    message: NotifyMessage,
    toAccountIds: readonly string[],
  ): Promise<boolean>;
  /**
   * E-mails the members of Jira groups (by group id) about the issue, as the app: Jira resolves
   * the members and mails those who may see the issue, so no member list is paged here. Retried
   * and never throwing as `notify`.
   */
  notifyGroups(
    issueIdOrKey: string,
    message: NotifyMessage,
    groupIds: readonly string[],
  ): Promise<boolean>;
  /**
   * The site's address (`GET /rest/api/3/serverInfo`'s `baseUrl`, as the app), for links written
   * where no user's context names it (scheduled triggers); undefined when Jira names none.
   */
  siteUrl(): Promise<string | undefined>;
  /** Projects where the acting user may create issues (first 100, by name). */
  creatableProjects(): Promise<{ key: string; name: string }[]>;
  /** A project as the acting user sees it, with its issue types; undefined when hidden. */
  project(projectKey: string): Promise<ProjectInfo | undefined>;
  /** The acting user's rights in a project (all false when they cannot browse it). */
  projectRights(projectKey: string): Promise<ProjectRights>;
  /**
   * Creates one issue as the acting user. Not idempotent: only a 429 is retried; throws
   * `UpstreamError` for anything else that is not a success.
   */
  createIssue(issue: NewIssue): Promise<CreatedIssue>;
  /**
   * Creates up to 50 issues as the acting user in one call. Only a 429 is retried, and only
   * while the client waits out throttling (see `JiraClientOptions.handBackThrottling`).
   */
  createIssues(issues: readonly NewIssue[]): Promise<BulkOutcome>;
  /**
   * Every issue matching `jql`, as the app sees it (the whole truth, whatever the user may see),
   * with the `rollout-coordinator` property; pages of 100, at most `max` issues.
   */
  findByProperty(
    jql: string,
    max: number,
    options?: { relations?: boolean },
  ): Promise<PropertyIssue[]>;
  /**
   * Edits an issue as the acting user, without e-mailing its watchers where the user may say so.
   * Idempotent, so a 5xx is retried; a 429 is handed back like a bulk create's.
   */
  editIssue(issueIdOrKey: string, edit: IssueEdit): Promise<ChangeOutcome>;
  /** Removes an issue link as the acting user; a link already gone counts as removed. */
  deleteIssueLink(linkId: string): Promise<ChangeOutcome>;
  /** A work issue's state as the app sees it: undefined when it is gone. */
  workIssue(issueIdOrKey: string): Promise<WorkIssue | undefined>;
  /** One page (≤ 100) of the issues matching `jql`, with their state, as the app sees them. */
  workIssuesPage(
    jql: string,
    nextPageToken?: string,
  ): Promise<{ issues: WorkIssue[]; nextPageToken?: string }>;
  /** How many issues match `jql` among those the acting user may see (approximate-count). */
  countIssues(jql: string): Promise<number>;
  /** The site's issue link types, by name. */
  linkTypes(): Promise<{ id: string; name: string }[]>;
  /** Which of these issue ids the acting user may browse (one bulk permission check, ≤ 1,000). */
  visibleIssues(issueIds: readonly string[]): Promise<Set<string>>;
  /**
   * Which of these people may not browse the issue (Jira's bulk permission check for another
   * user, asked as the app: one request per person, in parallel). Unknown or inactive accounts
   * hold no permission, so they are answered too.
   */
  cannotBrowse(issueId: string, accountIds: readonly string[]): Promise<Set<string>>;
  /**
   * Which of these issue ids (≤ 1,000) one person may not browse: one bulk permission check for
   * another user, asked as the app.
   */
  hiddenFrom(accountId: string, issueIds: readonly string[]): Promise<Set<string>>;
  /**
   * The issue as the acting user sees it, with its type's level, its parent and its
   * `rollout-coordinator` property, in one request; undefined when they cannot browse it.
   */
  issueInContext(issueIdOrKey: string): Promise<ContextIssue | undefined>;
  /** The issue's workflow status and the transitions open to the acting user (undefined: hidden). */
  workflowState(issueIdOrKey: string): Promise<WorkflowState | undefined>;
  /**
   * Creates one issue as the app with `reporterAccountId` as its reporter (for people who may
   * browse but not create). Not idempotent: only a 429 is retried; throws `UpstreamError`.
   */
  createIssueFor(issue: NewIssue, reporterAccountId: string): Promise<CreatedIssue>;
  /** Takes a transition as the acting user: 'refused' when Jira does not allow it (400). */
  transitionIssue(issueIdOrKey: string, transitionId: string): Promise<'done' | 'refused'>;
  /**
   * Assigns the issue as the acting user (Jira's assignIssue: Assign issues is enough, Edit issues
   * is not needed): 'refused' when Jira will not (the user may not assign, or `accountId` may not
   * be assigned issues in the project). Idempotent, so retried like a read.
   */
  assignIssue(issueIdOrKey: string, accountId: string): Promise<'done' | 'refused'>;
}
