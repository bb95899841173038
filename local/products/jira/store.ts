/**
 * The emulated Jira site's data on SQLite (tables prefixed `jira_`): users, groups and global
 * permission grants, project roles and the permission scheme, projects, issue types, statuses,
 * issues, issue properties and issue links (with the site's link types). Typed access for the
 * routes, the seed and the host pages.
 *
 * Issues keep the columns that searching and counting filter on (project, type, status, parent,
 * dates) as real indexed columns, and everything else in one `fields` JSON document, so that
 * later work (create, bulk, links, JQL over 10,000 issues) can add behaviour without a new table
 * per field. Issue properties live in their own table keyed by (issue, key), indexed by key, which
 * is what `jira:entityProperty` JQL look-ups need.
 *
 * Also here: each project's workflow (transitions with the app validators attached to them; the
 * host installs the hook that runs those), and the outbox of e-mails Jira was asked to send.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { type JsonObject, type JsonValue, isJsonObject, parseStoredJson } from '../json';
import {
  ADDONS_GROUP,
  DEFAULT_ROLE_PERMISSIONS,
  DEFAULT_ROLES,
  permissionDefinition,
} from './permissions';

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

/** The account the site gives the app for `asApp()` calls (Jira calls it the app's "bot" user). */
export const APP_ACCOUNT_ID = 'rc-app-rollout-coordinator';
export const APP_DISPLAY_NAME = 'Rollout Coordinator';

const DEFAULT_STATUSES: readonly JiraStatus[] = [
  { id: '10000', name: 'To Do', description: '', category: 'new' },
  {
    id: '3',
    name: 'In Progress',
    description: 'This issue is being actively worked on at the moment by the assignee.',
    category: 'indeterminate',
  },
  { id: '10001', name: 'Done', description: '', category: 'done' },
];

const DEFAULT_ISSUE_TYPES: readonly JiraIssueType[] = [
  {
    id: '10000',
    name: 'Epic',
    description: 'A big user story that needs to be broken down.',
    subtask: false,
    hierarchyLevel: 1,
  },
  {
    id: '10001',
    name: 'Task',
    description: 'A small, distinct piece of work.',
    subtask: false,
    hierarchyLevel: 0,
  },
  {
    id: '10002',
    name: 'Sub-task',
    description: 'A small piece of work that is part of a larger task.',
    subtask: true,
    hierarchyLevel: -1,
  },
];

/** The link types of a fresh Jira Cloud site, with the ids it gives them. */
const DEFAULT_LINK_TYPES: readonly IssueLinkType[] = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

/** Ids start where a fresh Jira Cloud site starts them. */
const FIRST_ID = 10000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jira_users (
  account_id TEXT PRIMARY KEY,
  account_type TEXT NOT NULL CHECK (account_type IN ('atlassian', 'app', 'customer')),
  display_name TEXT NOT NULL,
  email_address TEXT,
  email_visibility TEXT NOT NULL CHECK (email_visibility IN ('anyone', 'private')),
  locale TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  active INTEGER NOT NULL,
  sort_name TEXT NOT NULL,
  search_words TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jira_users_by_sort_name ON jira_users (sort_name);

CREATE TABLE IF NOT EXISTS jira_groups (
  group_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS jira_group_members (
  group_id TEXT NOT NULL REFERENCES jira_groups (group_id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES jira_users (account_id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, account_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jira_group_members_by_account ON jira_group_members (account_id);
CREATE TABLE IF NOT EXISTS jira_global_grants (
  permission TEXT NOT NULL,
  group_id TEXT NOT NULL REFERENCES jira_groups (group_id) ON DELETE CASCADE,
  PRIMARY KEY (permission, group_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS jira_project_roles (
  role_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS jira_role_permissions (
  role_id INTEGER NOT NULL REFERENCES jira_project_roles (role_id) ON DELETE CASCADE,
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS jira_statuses (
  status_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('new', 'indeterminate', 'done'))
);
CREATE TABLE IF NOT EXISTS jira_issue_types (
  issue_type_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  subtask INTEGER NOT NULL,
  hierarchy_level INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS jira_projects (
  project_id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  lead_account_id TEXT REFERENCES jira_users (account_id),
  project_type_key TEXT NOT NULL,
  style TEXT NOT NULL,
  last_issue_number INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS jira_project_issue_types (
  project_id INTEGER NOT NULL REFERENCES jira_projects (project_id) ON DELETE CASCADE,
  issue_type_id TEXT NOT NULL REFERENCES jira_issue_types (issue_type_id),
  position INTEGER NOT NULL,
  PRIMARY KEY (project_id, issue_type_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS jira_project_role_actors (
  project_id INTEGER NOT NULL REFERENCES jira_projects (project_id) ON DELETE CASCADE,
  role_id INTEGER NOT NULL REFERENCES jira_project_roles (role_id) ON DELETE CASCADE,
  actor_type TEXT NOT NULL CHECK (actor_type IN ('user', 'group')),
  actor TEXT NOT NULL,
  PRIMARY KEY (project_id, role_id, actor_type, actor)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jira_project_role_actors_by_actor
  ON jira_project_role_actors (actor_type, actor, project_id);

CREATE TABLE IF NOT EXISTS jira_issues (
  issue_id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  project_id INTEGER NOT NULL REFERENCES jira_projects (project_id),
  issue_number INTEGER NOT NULL,
  issue_type_id TEXT NOT NULL REFERENCES jira_issue_types (issue_type_id),
  status_id TEXT NOT NULL REFERENCES jira_statuses (status_id),
  summary TEXT NOT NULL,
  parent_id INTEGER REFERENCES jira_issues (issue_id),
  reporter_account_id TEXT,
  assignee_account_id TEXT,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
  UNIQUE (project_id, issue_number)
);
CREATE INDEX IF NOT EXISTS jira_issues_by_project_status ON jira_issues (project_id, status_id);
CREATE INDEX IF NOT EXISTS jira_issues_by_project_updated ON jira_issues (project_id, updated);
CREATE INDEX IF NOT EXISTS jira_issues_by_parent ON jira_issues (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS jira_issue_properties (
  issue_id INTEGER NOT NULL REFERENCES jira_issues (issue_id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL CHECK (json_valid(value)),
  PRIMARY KEY (issue_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jira_issue_properties_by_key ON jira_issue_properties (key, issue_id);

CREATE TABLE IF NOT EXISTS jira_issue_link_types (
  link_type_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  inward TEXT NOT NULL,
  outward TEXT NOT NULL
);
-- One link per (type, source, destination): Jira answers a duplicate request as created.
CREATE TABLE IF NOT EXISTS jira_issue_links (
  link_id INTEGER PRIMARY KEY,
  link_type_id TEXT NOT NULL REFERENCES jira_issue_link_types (link_type_id),
  source_issue_id INTEGER NOT NULL REFERENCES jira_issues (issue_id) ON DELETE CASCADE,
  destination_issue_id INTEGER NOT NULL REFERENCES jira_issues (issue_id) ON DELETE CASCADE,
  UNIQUE (source_issue_id, link_type_id, destination_issue_id)
);
CREATE INDEX IF NOT EXISTS jira_issue_links_by_destination
  ON jira_issue_links (destination_issue_id);

CREATE TABLE IF NOT EXISTS jira_workflows (
  project_id INTEGER PRIMARY KEY REFERENCES jira_projects (project_id) ON DELETE CASCADE,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jira_workflow_transitions (
  project_id INTEGER NOT NULL REFERENCES jira_workflows (project_id) ON DELETE CASCADE,
  transition_id TEXT NOT NULL,
  name TEXT NOT NULL,
  from_status_ids TEXT NOT NULL CHECK (json_valid(from_status_ids)),
  to_status_id TEXT NOT NULL REFERENCES jira_statuses (status_id),
  validators TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(validators)),
  position INTEGER NOT NULL,
  PRIMARY KEY (project_id, transition_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS jira_notifications (
  notification_id INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_id INTEGER NOT NULL,
  issue_key TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  recipients TEXT NOT NULL CHECK (json_valid(recipients)),
  sent_by TEXT NOT NULL,
  at TEXT NOT NULL
);
`;

interface UserRow {
  account_id: string;
  account_type: AccountType;
  display_name: string;
  email_address: string | null;
  email_visibility: EmailVisibility;
  locale: string;
  time_zone: string;
  active: number;
}

interface ProjectRow {
  project_id: number;
  key: string;
  name: string;
  description: string;
  lead_account_id: string | null;
  project_type_key: ProjectTypeKey;
  style: 'classic' | 'next-gen';
  last_issue_number: number;
}

interface IssueTypeRow {
  issue_type_id: string;
  name: string;
  description: string;
  subtask: number;
  hierarchy_level: number;
}

interface StatusRow {
  status_id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
}

interface IssueRow {
  issue_id: number;
  key: string;
  project_id: number;
  issue_type_id: string;
  status_id: string;
  summary: string;
  parent_id: number | null;
  reporter_account_id: string | null;
  assignee_account_id: string | null;
  created: string;
  updated: string;
  fields: string;
}

/**
 * Folds text for Jira-like user search: case- and accent-insensitive ("Élodie" ~ "elodie"),
 * ligatures spelt out ("Œ" ~ "oe").
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

/**
 * The words a user is found by: each word of the display name, the whole email address and each
 * part of its local part (`elodie.lefevre@…` is found by "lefe"), stored space-delimited so that
 * a prefix match is one indexed-free `LIKE '% word%'` per query word.
 */
function searchWords(displayName: string, emailAddress: string | undefined): string {
  const words = new Set(foldForSearch(displayName).split(/[^\p{L}\p{N}]+/u));
  if (emailAddress) {
    const email = foldForSearch(emailAddress);
    words.add(email);
    for (const part of (email.split('@')[0] ?? '').split(/[._+-]+/)) words.add(part);
  }
  words.delete('');
  return ` ${[...words].join(' ')} `;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toUser(row: UserRow): JiraUser {
  return {
    accountId: row.account_id,
    accountType: row.account_type,
    displayName: row.display_name,
    emailAddress: row.email_address ?? undefined,
    emailVisibility: row.email_visibility,
    locale: row.locale,
    timeZone: row.time_zone,
    active: row.active === 1,
  };
}

function toIssueType(row: IssueTypeRow): JiraIssueType {
  return {
    id: row.issue_type_id,
    name: row.name,
    description: row.description,
    subtask: row.subtask === 1,
    hierarchyLevel: row.hierarchy_level,
  };
}

function toStatus(row: StatusRow): JiraStatus {
  return {
    id: row.status_id,
    name: row.name,
    description: row.description,
    category: row.category,
  };
}

function toIssue(row: IssueRow): JiraIssue {
  const fields = parseStoredJson(row.fields);
  return {
    id: row.issue_id,
    key: row.key,
    projectId: row.project_id,
    issueTypeId: row.issue_type_id,
    statusId: row.status_id,
    summary: row.summary,
    parentId: row.parent_id ?? undefined,
    reporterAccountId: row.reporter_account_id ?? undefined,
    assigneeAccountId: row.assignee_account_id ?? undefined,
    created: row.created,
    updated: row.updated,
    fields: isJsonObject(fields) ? fields : {},
  };
}

const isNumericId = (idOrKey: string): boolean => /^\d+$/.test(idOrKey);

/** Values bound into SQL statements. */
export type SqlValue = string | number | null;

function stringArray(value: JsonValue): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function workflowRules(value: JsonValue): WorkflowRule[] {
  if (!Array.isArray(value)) return [];
  const rules: WorkflowRule[] = [];
  for (const item of value) {
    if (!isJsonObject(item) || typeof item.moduleKey !== 'string') continue;
    const configuration = item.configuration;
    rules.push(
      isJsonObject(configuration)
        ? { moduleKey: item.moduleKey, configuration }
        : { moduleKey: item.moduleKey },
    );
  }
  return rules;
}

export class JiraStore {
  /** Prepared statements by SQL text: preparing costs more than running on the hot paths. */
  private readonly statements = new Map<string, Statement>();
  private validatorHook: ValidatorHook | undefined;
  private indexedValues: IndexedPropertyValue[] = [];

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    this.installSiteDefaults();
  }

  /** Runs `fn` in one SQLite transaction (a nested call becomes a savepoint of the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** True until people or projects exist: the app's own account does not count. */
  isEmpty(): boolean {
    const row = this.sql<[], { n: number }>(
      `SELECT (SELECT COUNT(*) FROM jira_users WHERE account_type <> 'app')
              + (SELECT COUNT(*) FROM jira_projects) AS n`,
    ).get();
    return (row?.n ?? 0) === 0;
  }

  // ---- users and groups -------------------------------------------------------------------

  /** Creates or replaces a user (same account id: the profile is updated). */
  upsertUser(user: NewJiraUser): JiraUser {
    const record: JiraUser = {
      accountId: user.accountId,
      accountType: user.accountType ?? 'atlassian',
      displayName: user.displayName,
      emailAddress: user.emailAddress,
      emailVisibility: user.emailVisibility ?? 'anyone',
      locale: user.locale ?? 'en-US',
      timeZone: user.timeZone ?? 'UTC',
      active: user.active ?? true,
    };
    this.sql(
      `INSERT INTO jira_users (account_id, account_type, display_name, email_address,
           email_visibility, locale, time_zone, active, sort_name, search_words)
         VALUES (@accountId, @accountType, @displayName, @emailAddress, @emailVisibility, @locale,
           @timeZone, @active, @sortName, @searchWords)
         ON CONFLICT (account_id) DO UPDATE SET account_type = excluded.account_type,
           display_name = excluded.display_name, email_address = excluded.email_address,
           email_visibility = excluded.email_visibility, locale = excluded.locale,
           time_zone = excluded.time_zone, active = excluded.active,
           sort_name = excluded.sort_name, search_words = excluded.search_words`,
    ).run({
      ...record,
      emailAddress: record.emailAddress ?? null,
      active: record.active ? 1 : 0,
      sortName: foldForSearch(record.displayName),
      searchWords: searchWords(record.displayName, record.emailAddress),
    });
    return record;
  }

  getUser(accountId: string): JiraUser | undefined {
    const row = this.sql<[string], UserRow>('SELECT * FROM jira_users WHERE account_id = ?').get(
      accountId,
    );
    return row ? toUser(row) : undefined;
  }

  /** The known users among `accountIds`, in the order asked, each once. */
  getUsers(accountIds: readonly string[]): JiraUser[] {
    const statement = this.sql<[string], UserRow>('SELECT * FROM jira_users WHERE account_id = ?');
    const users: JiraUser[] = [];
    for (const accountId of new Set(accountIds)) {
      const row = statement.get(accountId);
      if (row) users.push(toUser(row));
    }
    return users;
  }

  /** All users, by display name. */
  listUsers(): JiraUser[] {
    return this.sql<[], UserRow>('SELECT * FROM jira_users ORDER BY sort_name, account_id')
      .all()
      .map(toUser);
  }

  /**
   * Users whose display name or email has a word starting with each word of `query`
   * (case- and accent-insensitive), by display name; `total` counts every match.
   */
  searchUsers(
    query: string,
    options: { startAt: number; maxResults: number; activeOnly: boolean },
  ): { users: JiraUser[]; total: number } {
    const words = foldForSearch(query)
      .split(/\s+/)
      .filter((word) => word !== '');
    const conditions = words.map(() => "search_words LIKE ? ESCAPE '\\'");
    if (options.activeOnly) conditions.push('active = 1');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const params = words.map((word) => `% ${likeEscape(word)}%`);
    const total =
      this.sql<string[], { n: number }>(`SELECT COUNT(*) AS n FROM jira_users ${where}`).get(
        ...params,
      )?.n ?? 0;
    const users = this.sql<(string | number)[], UserRow>(
      `SELECT * FROM jira_users ${where} ORDER BY sort_name, account_id LIMIT ? OFFSET ?`,
    )
      .all(...params, options.maxResults, options.startAt)
      .map(toUser);
    return { users, total };
  }

  /** Finds or creates a group by name. */
  ensureGroup(name: string): JiraGroup {
    const existing = this.getGroup(name);
    if (existing) return existing;
    const group: JiraGroup = { groupId: randomUUID(), name };
    this.sql('INSERT INTO jira_groups (group_id, name) VALUES (@groupId, @name)').run(group);
    return group;
  }

  getGroup(name: string): JiraGroup | undefined {
    const row = this.sql<[string], { group_id: string; name: string }>(
      'SELECT group_id, name FROM jira_groups WHERE name = ?',
    ).get(name);
    return row ? { groupId: row.group_id, name: row.name } : undefined;
  }

  addGroupMember(groupName: string, accountId: string): void {
    const group = this.ensureGroup(groupName);
    this.sql('INSERT OR IGNORE INTO jira_group_members (group_id, account_id) VALUES (?, ?)').run(
      group.groupId,
      accountId,
    );
  }

  removeGroupMember(groupName: string, accountId: string): void {
    this.sql(
      `DELETE FROM jira_group_members
          WHERE account_id = ? AND group_id = (SELECT group_id FROM jira_groups WHERE name = ?)`,
    ).run(accountId, groupName);
  }

  groupsOf(accountId: string): JiraGroup[] {
    return this.sql<[string], { group_id: string; name: string }>(
      `SELECT g.group_id, g.name FROM jira_groups g
           JOIN jira_group_members m ON m.group_id = g.group_id
          WHERE m.account_id = ? ORDER BY g.name`,
    )
      .all(accountId)
      .map((row) => ({ groupId: row.group_id, name: row.name }));
  }

  // ---- permissions ------------------------------------------------------------------------

  /** Grants a global permission (ADMINISTER, USER_PICKER…) to a group, as Jira does. */
  grantGlobalPermission(permission: string, groupName: string): void {
    if (permissionDefinition(permission)?.type !== 'GLOBAL') {
      throw new Error(`${permission} is not a global permission`);
    }
    const group = this.ensureGroup(groupName);
    this.sql('INSERT OR IGNORE INTO jira_global_grants (permission, group_id) VALUES (?, ?)').run(
      permission,
      group.groupId,
    );
  }

  globalPermissionsOf(accountId: string): Set<string> {
    const rows = this.sql<[string], { permission: string }>(
      `SELECT DISTINCT g.permission FROM jira_global_grants g
           JOIN jira_group_members m ON m.group_id = g.group_id
          WHERE m.account_id = ?`,
    ).all(accountId);
    return new Set(rows.map((row) => row.permission));
  }

  /** Defines (or redefines) a project role and the project permissions the scheme gives it. */
  defineRole(name: string, permissions: readonly string[]): void {
    for (const permission of permissions) {
      if (permissionDefinition(permission)?.type !== 'PROJECT') {
        throw new Error(`${permission} is not a project permission`);
      }
    }
    this.transaction(() => {
      this.sql('INSERT OR IGNORE INTO jira_project_roles (name) VALUES (?)').run(name);
      const roleId = this.roleId(name);
      this.sql('DELETE FROM jira_role_permissions WHERE role_id = ?').run(roleId);
      const grant = this.sql(
        'INSERT INTO jira_role_permissions (role_id, permission) VALUES (?, ?)',
      );
      for (const permission of new Set(permissions)) grant.run(roleId, permission);
    });
  }

  /** The site's project roles, in the order they were defined. */
  roles(): { id: number; name: string }[] {
    return this.sql<[], { role_id: number; name: string }>(
      'SELECT role_id, name FROM jira_project_roles ORDER BY role_id',
    )
      .all()
      .map((row) => ({ id: row.role_id, name: row.name }));
  }

  /** Puts a user or a group in a project role of one project. */
  addRoleActor(projectKey: string, roleName: string, actor: RoleActor): void {
    const project = this.requireProject(projectKey);
    this.sql(
      `INSERT OR IGNORE INTO jira_project_role_actors (project_id, role_id, actor_type, actor)
         VALUES (?, ?, ?, ?)`,
    ).run(
      project.id,
      this.roleId(roleName),
      actor.type,
      actor.type === 'user' ? actor.accountId : actor.name,
    );
  }

  removeRoleActor(projectKey: string, roleName: string, actor: RoleActor): void {
    const project = this.requireProject(projectKey);
    this.sql(
      `DELETE FROM jira_project_role_actors
          WHERE project_id = ? AND role_id = ? AND actor_type = ? AND actor = ?`,
    ).run(
      project.id,
      this.roleId(roleName),
      actor.type,
      actor.type === 'user' ? actor.accountId : actor.name,
    );
  }

  /** The project permissions a user holds in a project, through roles held directly or by group. */
  projectPermissionsOf(accountId: string, projectId: number): Set<string> {
    const rows = this.sql<[number, string, string], { permission: string }>(
      `SELECT DISTINCT rp.permission
           FROM jira_project_role_actors a
           JOIN jira_role_permissions rp ON rp.role_id = a.role_id
          WHERE a.project_id = ?
            AND ((a.actor_type = 'user' AND a.actor = ?)
              OR (a.actor_type = 'group' AND a.actor IN (
                    SELECT g.name FROM jira_groups g
                      JOIN jira_group_members m ON m.group_id = g.group_id
                     WHERE m.account_id = ?)))`,
    ).all(projectId, accountId, accountId);
    return new Set(rows.map((row) => row.permission));
  }

  /**
   * The project permissions a user holds in at least one project: what Jira reports for a
   * project permission asked without a project or issue context.
   */
  projectPermissionsAnywhere(accountId: string): Set<string> {
    const rows = this.sql<[string, string], { permission: string }>(
      `SELECT DISTINCT rp.permission
           FROM jira_project_role_actors a
           JOIN jira_role_permissions rp ON rp.role_id = a.role_id
          WHERE (a.actor_type = 'user' AND a.actor = ?)
             OR (a.actor_type = 'group' AND a.actor IN (
                   SELECT g.name FROM jira_groups g
                     JOIN jira_group_members m ON m.group_id = g.group_id
                    WHERE m.account_id = ?))`,
    ).all(accountId, accountId);
    return new Set(rows.map((row) => row.permission));
  }

  /** Ids of the projects where a user holds `permission`. */
  projectsWithPermission(accountId: string, permission: string): number[] {
    return this.sql<[string, string, string], { project_id: number }>(
      `SELECT DISTINCT a.project_id
           FROM jira_project_role_actors a
           JOIN jira_role_permissions rp ON rp.role_id = a.role_id AND rp.permission = ?
          WHERE (a.actor_type = 'user' AND a.actor = ?)
             OR (a.actor_type = 'group' AND a.actor IN (
                   SELECT g.name FROM jira_groups g
                     JOIN jira_group_members m ON m.group_id = g.group_id
                    WHERE m.account_id = ?))
          ORDER BY a.project_id`,
    )
      .all(permission, accountId, accountId)
      .map((row) => row.project_id);
  }

  // ---- statuses, issue types, projects ----------------------------------------------------

  statuses(): JiraStatus[] {
    return this.sql<[], StatusRow>('SELECT * FROM jira_statuses ORDER BY rowid')
      .all()
      .map(toStatus);
  }

  getStatus(idOrName: string): JiraStatus | undefined {
    const row = this.sql<[string, string], StatusRow>(
      'SELECT * FROM jira_statuses WHERE status_id = ? OR name = ? COLLATE NOCASE',
    ).get(idOrName, idOrName);
    return row ? toStatus(row) : undefined;
  }

  issueTypes(): JiraIssueType[] {
    return this.sql<[], IssueTypeRow>('SELECT * FROM jira_issue_types ORDER BY rowid')
      .all()
      .map(toIssueType);
  }

  getIssueType(idOrName: string): JiraIssueType | undefined {
    const row = this.sql<[string, string], IssueTypeRow>(
      'SELECT * FROM jira_issue_types WHERE issue_type_id = ? OR name = ? COLLATE NOCASE',
    ).get(idOrName, idOrName);
    return row ? toIssueType(row) : undefined;
  }

  /** Adds an issue type to the site (Jira's company-managed types are site-wide). */
  defineIssueType(issueType: JiraIssueType): void {
    this.sql(
      `INSERT OR IGNORE INTO jira_issue_types
           (issue_type_id, name, description, subtask, hierarchy_level)
         VALUES (@id, @name, @description, @subtask, @hierarchyLevel)`,
    ).run({ ...issueType, subtask: issueType.subtask ? 1 : 0 });
  }

  /**
   * Creates a project with its issue types. As on a real site, the apps' group gets the
   * `atlassian-addons-project-access` role in it, so the app's `asApp()` calls can reach it.
   */
  createProject(project: NewJiraProject): JiraProject {
    if (!/^[A-Z][A-Z0-9]{1,9}$/.test(project.key)) {
      throw new Error(`Invalid project key ${project.key}`);
    }
    return this.transaction(() => {
      const id = this.nextId('jira_projects', 'project_id');
      this.sql(
        `INSERT INTO jira_projects (project_id, key, name, description, lead_account_id,
             project_type_key, style)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        project.key,
        project.name,
        project.description ?? '',
        project.leadAccountId ?? null,
        project.projectTypeKey ?? 'software',
        project.style ?? 'classic',
      );
      const link = this.sql(
        'INSERT INTO jira_project_issue_types (project_id, issue_type_id, position) VALUES (?, ?, ?)',
      );
      project.issueTypes.forEach((idOrName, position) => {
        const issueType = this.getIssueType(idOrName);
        if (!issueType) throw new Error(`Unknown issue type ${idOrName}`);
        link.run(id, issueType.id, position);
      });
      this.addRoleActor(project.key, DEFAULT_ROLES.addons, { type: 'group', name: ADDONS_GROUP });
      return this.requireProject(project.key);
    });
  }

  /** By numeric id or by key (case-insensitive, as Jira resolves keys). */
  getProject(idOrKey: string | number): JiraProject | undefined {
    const text = String(idOrKey);
    const row = isNumericId(text)
      ? this.sql<[number], ProjectRow>('SELECT * FROM jira_projects WHERE project_id = ?').get(
          Number(text),
        )
      : this.sql<[string], ProjectRow>('SELECT * FROM jira_projects WHERE key = ?').get(
          text.toUpperCase(),
        );
    return row ? this.toProject(row) : undefined;
  }

  listProjects(): JiraProject[] {
    return this.sql<[], ProjectRow>('SELECT * FROM jira_projects ORDER BY key')
      .all()
      .map((row) => this.toProject(row));
  }

  // ---- issues and issue properties --------------------------------------------------------

  createIssue(issue: NewJiraIssue): JiraIssue {
    return this.transaction(() => {
      const project = this.requireProject(issue.projectKey);
      const issueType = project.issueTypes.find(
        (type) => type.id === issue.issueType || type.name === issue.issueType,
      );
      if (!issueType) {
        throw new Error(`Issue type ${issue.issueType} is not in project ${project.key}`);
      }
      const status = issue.status
        ? this.getStatus(issue.status)
        : this.statuses().find((candidate) => candidate.category === 'new');
      if (!status) throw new Error(`Unknown status ${issue.status ?? '(default)'}`);
      const parent = issue.parentKey === undefined ? undefined : this.getIssue(issue.parentKey);
      if (issue.parentKey !== undefined && !parent) {
        throw new Error(`Unknown parent issue ${issue.parentKey}`);
      }
      const numberRow = this.sql<[number], { last_issue_number: number }>(
        `UPDATE jira_projects SET last_issue_number = last_issue_number + 1
            WHERE project_id = ? RETURNING last_issue_number`,
      ).get(project.id);
      const issueNumber = numberRow?.last_issue_number ?? 1;
      const id = this.nextId('jira_issues', 'issue_id');
      const created = (issue.created ?? new Date()).toISOString();
      const fields: JsonObject = { ...issue.fields };
      if (issue.description !== undefined) fields.description = issue.description;
      this.sql(
        `INSERT INTO jira_issues (issue_id, key, project_id, issue_number, issue_type_id,
             status_id, summary, parent_id, reporter_account_id, assignee_account_id, created,
             updated, fields)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        `${project.key}-${issueNumber}`,
        project.id,
        issueNumber,
        issueType.id,
        status.id,
        issue.summary,
        parent?.id ?? null,
        issue.reporterAccountId ?? null,
        issue.assigneeAccountId ?? null,
        created,
        created,
        JSON.stringify(fields),
      );
      const stored = this.getIssue(id);
      if (!stored) throw new Error(`Issue ${id} vanished after insert`);
      return stored;
    });
  }

  /** By numeric id or by key (case-insensitive). */
  getIssue(idOrKey: string | number): JiraIssue | undefined {
    const text = String(idOrKey);
    const row = isNumericId(text)
      ? this.sql<[number], IssueRow>('SELECT * FROM jira_issues WHERE issue_id = ?').get(
          Number(text),
        )
      : this.sql<[string], IssueRow>('SELECT * FROM jira_issues WHERE key = ?').get(
          text.toUpperCase(),
        );
    return row ? toIssue(row) : undefined;
  }

  countIssues(projectId?: number): number {
    const row =
      projectId === undefined
        ? this.sql<[], { n: number }>('SELECT COUNT(*) AS n FROM jira_issues').get()
        : this.sql<[number], { n: number }>(
            'SELECT COUNT(*) AS n FROM jira_issues WHERE project_id = ?',
          ).get(projectId);
    return row?.n ?? 0;
  }

  /** The instant of the latest change to any issue of a project (Jira's project insight). */
  lastIssueUpdate(projectId: number): string | undefined {
    return (
      this.sql<[number], { updated: string | null }>(
        'SELECT MAX(updated) AS updated FROM jira_issues WHERE project_id = ?',
      ).get(projectId)?.updated ?? undefined
    );
  }

  setIssueProperty(issueId: number, key: string, value: JsonValue): void {
    this.sql(
      `INSERT INTO jira_issue_properties (issue_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT (issue_id, key) DO UPDATE SET value = excluded.value`,
    ).run(issueId, key, JSON.stringify(value));
  }

  getIssueProperty(issueId: number, key: string): JsonValue | undefined {
    const row = this.sql<[number, string], { value: string }>(
      'SELECT value FROM jira_issue_properties WHERE issue_id = ? AND key = ?',
    ).get(issueId, key);
    return row ? parseStoredJson(row.value) : undefined;
  }

  /** All properties of an issue, by key. */
  issueProperties(issueId: number): Map<string, JsonValue> {
    const rows = this.sql<[number], { key: string; value: string }>(
      'SELECT key, value FROM jira_issue_properties WHERE issue_id = ? ORDER BY key',
    ).all(issueId);
    return new Map(rows.map((row) => [row.key, parseStoredJson(row.value)]));
  }

  deleteIssueProperty(issueId: number, key: string): boolean {
    return (
      this.sql('DELETE FROM jira_issue_properties WHERE issue_id = ? AND key = ?').run(issueId, key)
        .changes > 0
    );
  }

  /** The keys of an issue's properties, sorted (`GET /issue/{id}/properties`). */
  issuePropertyKeys(issueId: number): string[] {
    return this.sql<[number], { key: string }>(
      'SELECT key FROM jira_issue_properties WHERE issue_id = ? ORDER BY key',
    )
      .all(issueId)
      .map((row) => row.key);
  }

  /** Moves an issue to a status (the transition itself is the routes' business). */
  setIssueStatus(issueId: number, statusId: string, at: Date = new Date()): void {
    this.sql('UPDATE jira_issues SET status_id = ?, updated = ? WHERE issue_id = ?').run(
      statusId,
      at.toISOString(),
      issueId,
    );
  }

  // ---- search (JQL compiled to SQL by jql.ts) ---------------------------------------------

  /**
   * Ids and keys of the issues matching a compiled JQL condition over `jira_issues i`, in
   * `orderBy` order, one page: paging through 10,000 issues never builds 10,000 issue objects.
   */
  searchIssues(
    where: string,
    params: readonly SqlValue[],
    orderBy: string,
    limit: number,
    offset: number,
  ): { id: number; key: string }[] {
    return this.sql<SqlValue[], { issue_id: number; key: string }>(
      `SELECT i.issue_id, i.key FROM jira_issues i WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    )
      .all(...params, limit, offset)
      .map((row) => ({ id: row.issue_id, key: row.key }));
  }

  /** How many issues match a compiled JQL condition: one COUNT, no issue is loaded. */
  countIssuesWhere(where: string, params: readonly SqlValue[]): number {
    return (
      this.sql<SqlValue[], { n: number }>(
        `SELECT COUNT(*) AS n FROM jira_issues i WHERE ${where}`,
      ).get(...params)?.n ?? 0
    );
  }

  /**
   * Declares the issue-property values Jira indexes for JQL (what `jira:entityProperty` modules
   * declare; the host reads them from the app's manifest). Replaces earlier declarations.
   */
  setIndexedPropertyValues(values: readonly IndexedPropertyValue[]): void {
    this.indexedValues = values.map((value) => ({ ...value }));
  }

  indexedPropertyValues(): readonly IndexedPropertyValue[] {
    return this.indexedValues;
  }

  // ---- issue links ------------------------------------------------------------------------

  /** The site's link types, by name. */
  issueLinkTypes(): IssueLinkType[] {
    return this.sql<[], { link_type_id: string; name: string; inward: string; outward: string }>(
      'SELECT * FROM jira_issue_link_types ORDER BY name',
    )
      .all()
      .map((row) => ({
        id: row.link_type_id,
        name: row.name,
        inward: row.inward,
        outward: row.outward,
      }));
  }

  /** By id, or by name (case-insensitive, as Jira matches `type.name`). */
  getIssueLinkType(idOrName: string): IssueLinkType | undefined {
    return this.issueLinkTypes().find(
      (type) => type.id === idOrName || type.name.toLowerCase() === idOrName.toLowerCase(),
    );
  }

  /**
   * Links `source` to `destination` ("source blocks destination"). Linking twice changes nothing
   * and answers the existing link, as Jira treats a duplicate request.
   */
  linkIssues(typeId: string, sourceIssueId: number, destinationIssueId: number): IssueLink {
    return this.transaction(() => {
      const existing = this.sql<[number, string, number], { link_id: number }>(
        `SELECT link_id FROM jira_issue_links
            WHERE source_issue_id = ? AND link_type_id = ? AND destination_issue_id = ?`,
      ).get(sourceIssueId, typeId, destinationIssueId);
      const id = existing?.link_id ?? this.nextId('jira_issue_links', 'link_id');
      if (!existing) {
        this.sql(
          `INSERT INTO jira_issue_links (link_id, link_type_id, source_issue_id, destination_issue_id)
             VALUES (?, ?, ?, ?)`,
        ).run(id, typeId, sourceIssueId, destinationIssueId);
      }
      return { id, typeId, sourceIssueId, destinationIssueId };
    });
  }

  getIssueLink(linkId: number): IssueLink | undefined {
    const row = this.sql<
      [number],
      {
        link_id: number;
        link_type_id: string;
        source_issue_id: number;
        destination_issue_id: number;
      }
    >('SELECT * FROM jira_issue_links WHERE link_id = ?').get(linkId);
    return row
      ? {
          id: row.link_id,
          typeId: row.link_type_id,
          sourceIssueId: row.source_issue_id,
          destinationIssueId: row.destination_issue_id,
        }
      : undefined;
  }

  /** Every link the issue takes part in, as source or destination, oldest first. */
  issueLinksOf(issueId: number): IssueLink[] {
    return this.sql<
      [number, number],
      {
        link_id: number;
        link_type_id: string;
        source_issue_id: number;
        destination_issue_id: number;
      }
    >(
      `SELECT * FROM jira_issue_links WHERE source_issue_id = ? OR destination_issue_id = ?
          ORDER BY link_id`,
    )
      .all(issueId, issueId)
      .map((row) => ({
        id: row.link_id,
        typeId: row.link_type_id,
        sourceIssueId: row.source_issue_id,
        destinationIssueId: row.destination_issue_id,
      }));
  }

  // ---- workflows --------------------------------------------------------------------------

  /**
   * Gives a project its workflow (replacing any earlier one). Statuses are named or given by id;
   * validators name the app's `jira:workflowValidator` modules, run in order on the transition.
   */
  defineWorkflow(
    projectKey: string,
    workflow: { name: string; transitions: readonly NewWorkflowTransition[] },
  ): void {
    const project = this.requireProject(projectKey);
    const statusId = (ref: string): string => {
      const status = this.getStatus(ref);
      if (!status) throw new Error(`Unknown status ${ref}`);
      return status.id;
    };
    this.transaction(() => {
      this.sql('DELETE FROM jira_workflows WHERE project_id = ?').run(project.id);
      this.sql('INSERT INTO jira_workflows (project_id, name) VALUES (?, ?)').run(
        project.id,
        workflow.name,
      );
      const insert = this.sql(
        `INSERT INTO jira_workflow_transitions (project_id, transition_id, name, from_status_ids,
             to_status_id, validators, position)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      workflow.transitions.forEach((transition, position) => {
        insert.run(
          project.id,
          transition.id,
          transition.name,
          JSON.stringify((transition.from ?? []).map(statusId)),
          statusId(transition.to),
          JSON.stringify(transition.validators ?? []),
          position,
        );
      });
    });
  }

  /**
   * A project's workflow. Without one, Jira's simplified workflow: a global transition into each
   * status of the site, named after it (ids 11, 21, 31…), with no rules.
   */
  workflowOf(projectId: number): JiraWorkflow {
    const workflow = this.sql<[number], { name: string }>(
      'SELECT name FROM jira_workflows WHERE project_id = ?',
    ).get(projectId);
    if (!workflow) {
      return {
        name: 'Software Simplified Workflow',
        transitions: this.statuses().map((status, index) => ({
          id: String((index + 1) * 10 + 1),
          name: status.name,
          from: [],
          to: status.id,
          validators: [],
        })),
      };
    }
    const rows = this.sql<
      [number],
      {
        transition_id: string;
        name: string;
        from_status_ids: string;
        to_status_id: string;
        validators: string;
      }
    >(
      `SELECT transition_id, name, from_status_ids, to_status_id, validators
           FROM jira_workflow_transitions WHERE project_id = ? ORDER BY position`,
    ).all(projectId);
    return {
      name: workflow.name,
      transitions: rows.map((row) => ({
        id: row.transition_id,
        name: row.name,
        from: stringArray(parseStoredJson(row.from_status_ids)),
        to: row.to_status_id,
        validators: workflowRules(parseStoredJson(row.validators)),
      })),
    };
  }

  /** Whether a project has a workflow of its own (not the simplified default). */
  hasWorkflow(projectKey: string): boolean {
    const project = this.getProject(projectKey);
    return (
      project !== undefined &&
      this.sql<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM jira_workflows WHERE project_id = ?',
      ).get(project.id)?.n === 1
    );
  }

  /** The transitions the workflow offers from the issue's status (a global one never loops). */
  transitionsFrom(issue: JiraIssue): WorkflowTransition[] {
    return this.workflowOf(issue.projectId).transitions.filter((transition) =>
      transition.from.length === 0
        ? transition.to !== issue.statusId
        : transition.from.includes(issue.statusId),
    );
  }

  /** Installs (or removes) the hook through which transitions run the app's validators. */
  setValidatorHook(hook: ValidatorHook | undefined): void {
    this.validatorHook = hook;
  }

  validatorHookInstalled(): ValidatorHook | undefined {
    return this.validatorHook;
  }

  // ---- notifications (the outbox of POST /issue/{id}/notify) -------------------------------

  recordNotification(
    issue: Pick<JiraIssue, 'id' | 'key'>,
    mail: { subject: string; textBody: string; htmlBody: string },
    to: readonly string[],
    sentBy: string,
    at: Date = new Date(),
  ): void {
    this.sql(
      `INSERT INTO jira_notifications (issue_id, issue_key, subject, text_body, html_body,
           recipients, sent_by, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      issue.id,
      issue.key,
      mail.subject,
      mail.textBody,
      mail.htmlBody,
      JSON.stringify(to),
      sentBy,
      at.toISOString(),
    );
  }

  /** Every e-mail Jira was asked to send, oldest first. */
  listNotifications(): SentNotification[] {
    return this.sql<
      [],
      {
        issue_key: string;
        subject: string;
        text_body: string;
        html_body: string;
        recipients: string;
        sent_by: string;
        at: string;
      }
    >('SELECT * FROM jira_notifications ORDER BY notification_id')
      .all()
      .map((row) => ({
        issueKey: row.issue_key,
        subject: row.subject,
        textBody: row.text_body,
        htmlBody: row.html_body,
        to: stringArray(parseStoredJson(row.recipients)),
        sentBy: row.sent_by,
        at: row.at,
      }));
  }

  clearNotifications(): void {
    this.sql('DELETE FROM jira_notifications').run();
  }

  /** Whether a group exists, by name or id. */
  hasGroup(nameOrId: string): boolean {
    return (
      (this.sql<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM jira_groups WHERE name = ? OR group_id = ?',
      ).get(nameOrId, nameOrId)?.n ?? 0) > 0
    );
  }

  /** Members of a group, by name or id (inactive ones included: the caller filters). */
  groupMembers(nameOrId: string): string[] {
    return this.sql<[string, string], { account_id: string }>(
      `SELECT m.account_id FROM jira_group_members m
           JOIN jira_groups g ON g.group_id = m.group_id
          WHERE g.name = ? OR g.group_id = ? ORDER BY m.account_id`,
    )
      .all(nameOrId, nameOrId)
      .map((row) => row.account_id);
  }

  // ---- internals --------------------------------------------------------------------------

  /**
   * A prepared statement, cached by its SQL. The cache holds statements of every parameter and
   * row type, so the typed view is re-asserted here, from the same type arguments the statement
   * was first prepared with (the SQL text decides both).
   */
  private sql<Params extends unknown[] = unknown[], Row = unknown>(
    source: string,
  ): Statement<Params, Row> {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement as unknown as Statement<Params, Row>;
  }

  /**
   * What every Jira Cloud site has before anyone uses it: the default statuses, issue types,
   * project roles and permission scheme, the apps' group, and this app's own account. Safe to
   * run on every open (only missing rows are added).
   */
  private installSiteDefaults(): void {
    this.transaction(() => {
      const status = this.sql(
        `INSERT OR IGNORE INTO jira_statuses (status_id, name, description, category)
         VALUES (@id, @name, @description, @category)`,
      );
      for (const defaultStatus of DEFAULT_STATUSES) status.run(defaultStatus);
      for (const issueType of DEFAULT_ISSUE_TYPES) this.defineIssueType(issueType);
      const linkType = this.sql(
        `INSERT OR IGNORE INTO jira_issue_link_types (link_type_id, name, inward, outward)
         VALUES (@id, @name, @inward, @outward)`,
      );
      for (const defaultLinkType of DEFAULT_LINK_TYPES) linkType.run(defaultLinkType);
      for (const [role, permissions] of Object.entries(DEFAULT_ROLE_PERMISSIONS)) {
        if (!this.roles().some((existing) => existing.name === role)) {
          this.defineRole(role, permissions);
        }
      }
      if (!this.getUser(APP_ACCOUNT_ID)) {
        this.upsertUser({
          accountId: APP_ACCOUNT_ID,
          accountType: 'app',
          displayName: APP_DISPLAY_NAME,
          locale: 'en-US',
          timeZone: 'UTC',
        });
      }
      this.addGroupMember(ADDONS_GROUP, APP_ACCOUNT_ID);
      // Apps with read:jira-user look users up, which needs "Browse users and groups".
      this.grantGlobalPermission('USER_PICKER', ADDONS_GROUP);
    });
  }

  private roleId(name: string): number {
    const row = this.sql<[string], { role_id: number }>(
      'SELECT role_id FROM jira_project_roles WHERE name = ?',
    ).get(name);
    if (!row) throw new Error(`Unknown project role ${name}`);
    return row.role_id;
  }

  private requireProject(idOrKey: string | number): JiraProject {
    const project = this.getProject(idOrKey);
    if (!project) throw new Error(`Unknown project ${String(idOrKey)}`);
    return project;
  }

  private nextId(
    table: 'jira_projects' | 'jira_issues' | 'jira_issue_links',
    column: string,
  ): number {
    const row = this.sql<[], { id: number | null }>(
      `SELECT MAX(${column}) AS id FROM ${table}`,
    ).get();
    return Math.max(row?.id ?? 0, FIRST_ID - 1) + 1;
  }

  private toProject(row: ProjectRow): JiraProject {
    const issueTypes = this.sql<[number], IssueTypeRow>(
      `SELECT t.* FROM jira_issue_types t
           JOIN jira_project_issue_types p ON p.issue_type_id = t.issue_type_id
          WHERE p.project_id = ? ORDER BY p.position`,
    )
      .all(row.project_id)
      .map(toIssueType);
    return {
      id: row.project_id,
      key: row.key,
      name: row.name,
      description: row.description,
      leadAccountId: row.lead_account_id ?? undefined,
      projectTypeKey: row.project_type_key,
      style: row.style,
      issueTypes,
    };
  }
}
