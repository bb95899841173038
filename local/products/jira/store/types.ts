/** The records of the emulated Jira site, as its stores take and give them. */
import type { JsonObject, JsonValue } from '../../json';

export type AccountType = 'atlassian' | 'app' | 'customer';
/**
 * Profile visibility of the email address. Jira Cloud shows it only as the user's profile
 * setting allows ("Anyone" or "Only you and admins"), and never reveals a hidden one through the
 * REST user endpoints, not even to admins or apps.
 */
export type EmailVisibility = 'anyone' | 'private';

export interface JiraUser {
  accountId: string;
  accountType: AccountType;
  displayName: string;
  emailAddress: string | undefined;
  emailVisibility: EmailVisibility;
  /** BCP 47 (`fr-FR`); the REST representation turns it into Jira's `fr_FR`. */
  locale: string;
  timeZone: string;
  active: boolean;
}

export interface NewJiraUser {
  accountId: string;
  displayName: string;
  accountType?: AccountType;
  emailAddress?: string;
  emailVisibility?: EmailVisibility;
  locale?: string;
  timeZone?: string;
  active?: boolean;
}

export interface JiraGroup {
  groupId: string;
  name: string;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface JiraStatus {
  id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
}

export interface JiraIssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  /** Jira's hierarchy: 1 epic, 0 standard, -1 sub-task. */
  hierarchyLevel: number;
}

export type ProjectTypeKey = 'software' | 'business' | 'service_desk';

export interface JiraProject {
  id: number;
  key: string;
  name: string;
  description: string;
  leadAccountId: string | undefined;
  projectTypeKey: ProjectTypeKey;
  /** `classic` is company-managed, `next-gen` team-managed. */
  style: 'classic' | 'next-gen';
  issueTypes: JiraIssueType[];
}

export interface NewJiraProject {
  key: string;
  name: string;
  description?: string;
  leadAccountId?: string;
  projectTypeKey?: ProjectTypeKey;
  style?: 'classic' | 'next-gen';
  /** Issue type names (or ids), in the order Jira lists them. */
  issueTypes: readonly string[];
}

export interface JiraIssue {
  id: number;
  key: string;
  projectId: number;
  issueTypeId: string;
  statusId: string;
  summary: string;
  parentId: number | undefined;
  reporterAccountId: string | undefined;
  assigneeAccountId: string | undefined;
  /** ISO 8601 instants. */
  created: string;
  updated: string;
  /** Every other field by id (`description` as ADF, `labels`, `customfield_…`). */
  fields: JsonObject;
}

export interface NewJiraIssue {
  projectKey: string;
  /** Issue type name or id; it must belong to the project. */
  issueType: string;
  summary: string;
  /** Status name or id; the first "To Do"-category status when absent. */
  status?: string;
  /** Atlassian Document Format. */
  description?: JsonValue;
  fields?: JsonObject;
  parentKey?: string;
  reporterAccountId?: string;
  assigneeAccountId?: string;
  created?: Date;
}

export type RoleActor = { type: 'user'; accountId: string } | { type: 'group'; name: string };

/** A rule attached to a transition: here, an app's `jira:workflowValidator` by module key. */
export interface WorkflowRule {
  /** The validator module's key in the app's manifest, e.g. `rollout-approval-gate`. */
  moduleKey: string;
  /** What a project admin configured for this use of the validator (none here). */
  configuration?: JsonObject;
}

export interface WorkflowTransition {
  id: string;
  name: string;
  /** Status ids the transition leaves from; empty for a global transition (from any status). */
  from: string[];
  to: string;
  validators: WorkflowRule[];
}

export interface JiraWorkflow {
  name: string;
  transitions: WorkflowTransition[];
}

export interface NewWorkflowTransition {
  id: string;
  name: string;
  /** Status names or ids; empty (or absent) for a global transition. */
  from?: readonly string[];
  to: string;
  validators?: readonly WorkflowRule[];
}

/** What the host's validator hook learns about one validator run (as Forge sends it). */
export interface ValidatorRun {
  issue: JiraIssue;
  project: JiraProject;
  transition: WorkflowTransition;
  workflowName: string;
  from: JiraStatus;
  to: JiraStatus;
  rule: WorkflowRule;
  /** Who transitions: a user, or the app itself (asApp). */
  accountId: string;
}

export type ValidatorVerdict = { ok: true } | { ok: false; message: string };
/** Runs an app's validator; the host installs it (the emulator knows no app code). */
export type ValidatorHook = (run: ValidatorRun) => Promise<ValidatorVerdict>;

/** One e-mail Jira queued through `POST /issue/{id}/notify`. */
export interface SentNotification {
  issueKey: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  /** Account ids it went to, after Jira resolved and filtered the recipients. */
  to: string[];
  /** Who asked Jira to send it (the app's account for asApp calls). */
  sentBy: string;
  at: string;
}

/** An issue-property value indexed for JQL (`jira:entityProperty`), as the manifest declares it. */
export interface IndexedPropertyValue {
  propertyKey: string;
  /** Dot path inside the property value, e.g. `rolloutId`. */
  path: string;
  type: 'string' | 'text' | 'number' | 'date' | 'user';
  searchAlias: string | undefined;
}

/** A kind of link between issues ("Blocks": A blocks B, B is blocked by A). */
export interface IssueLinkType {
  id: string;
  name: string;
  /** How the destination sees the link ("is blocked by"). */
  inward: string;
  /** How the source sees the link ("blocks"). */
  outward: string;
}

/**
 * A link from a source issue to a destination issue: "source <outward> destination". On the
 * source, Jira shows it with `outwardIssue` (the destination); on the destination with
 * `inwardIssue` (the source).
 */
export interface IssueLink {
  id: number;
  typeId: string;
  sourceIssueId: number;
  destinationIssueId: number;
}

/** Values bound into SQL statements. */
export type SqlValue = string | number | null;
