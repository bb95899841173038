/**
 * Typed Jira REST client over `@forge/api`. Calls that read on behalf of the user go through
 * `asUser()` so Jira applies that user's permissions; directory look-ups that every viewer may
 * see go through `asApp()`.
 */
import api, { route } from '@forge/api';
import { getAppContext } from '@forge/api';
import { DEFAULT_RETRY, onlyThrottled, retryAfterMs, withRetry, type RetryPolicy } from './retry';
import { UpstreamError } from './errors';

export interface JiraUser {
  accountId: string;
  displayName: string;
  active: boolean;
  avatarUrl: string | null;
  /** BCP 47 (`fr-FR`); Jira answers the Java form (`fr_FR`). `en-US` when Jira does not say. */
  locale: string;
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
}

export interface IssueSummary {
  id: string;
  key: string;
  summary: string;
  projectKey: string;
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
}

/** One issue to create. */
export interface NewIssue {
  projectKey: string;
  issueTypeId: string;
  summary: string;
  description?: AdfDocument;
  dueDate?: string;
  /** Issue properties set with the issue, in the same request (so it is never without them). */
  properties: { key: string; value: Record<string, string> }[];
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
      failed: { index: number; status: number; reason: string }[];
    }
  | { known: false; status: number; retryAfterMs?: number };

/** An issue found by a property search, with the `rollout-coordinator` property's value. */
export interface PropertyIssue {
  id: string;
  key: string;
  property: Record<string, unknown>;
}

/** JQL string literal: quoted, with quotes and backslashes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"')}"`;
}

/** Bulk create takes at most 50 issues a call. */
export const BULK_CREATE_MAX = 50;

/** The Jira operations the app needs: a port, so handlers can be given another implementation. */
export interface JiraPort {
  /** Whether the acting user is a Jira administrator (global ADMINISTER permission). */
  isAdmin(): Promise<boolean>;
  /** The users among `accountIds` that exist, in one request (≤ 200 ids). */
  getUsers(accountIds: readonly string[]): Promise<Map<string, JiraUser>>;
  /** Users matching a name or e-mail prefix, as the acting user may see them. */
  searchUsers(query: string, maxResults: number): Promise<JiraUser[]>;
  /** The issue as the acting user sees it (asUser): undefined when they cannot browse it. */
  issueAccess(issueIdOrKey: string): Promise<IssueAccess | undefined>;
  /** The issue as the app sees it (asApp): for triggers without a user. */
  getIssue(issueIdOrKey: string): Promise<IssueSummary | undefined>;
  /** Sets the `rollout-coordinator` property as the app (idempotent, so retried); throws UpstreamError. */
  setRolloutProperty(issueIdOrKey: string, value: RolloutProperty): Promise<void>;
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
  findByProperty(jql: string, max: number): Promise<PropertyIssue[]>;
  /** How many issues match `jql` among those the acting user may see (approximate-count). */
  countIssues(jql: string): Promise<number>;
  /** The site's issue link types, by name. */
  linkTypes(): Promise<{ id: string; name: string }[]>;
  /** Which of these issue ids the acting user may browse (one bulk permission check, ≤ 1,000). */
  visibleIssues(issueIds: readonly string[]): Promise<Set<string>>;
}

interface RawUser {
  accountId?: unknown;
  displayName?: unknown;
  active?: unknown;
  accountType?: unknown;
  avatarUrls?: Record<string, unknown>;
  locale?: unknown;
}

interface RawIssue {
  id?: unknown;
  key?: unknown;
  fields?: { summary?: unknown; project?: { key?: unknown } };
}

/** Jira's `fr_FR` as `fr-FR`. */
export function bcp47Locale(locale: unknown): string {
  return typeof locale === 'string' && locale.trim() !== '' ? locale.replace(/_/gu, '-') : 'en-US';
}

function toJiraUser(raw: RawUser): JiraUser | undefined {
  if (typeof raw.accountId !== 'string') return undefined;
  const avatar = raw.avatarUrls?.['48x48'];
  return {
    accountId: raw.accountId,
    displayName: typeof raw.displayName === 'string' ? raw.displayName : raw.accountId,
    active: raw.active !== false,
    avatarUrl: typeof avatar === 'string' ? avatar : null,
    locale: bcp47Locale(raw.locale),
  };
}

function toIssueSummary(raw: RawIssue): IssueSummary | undefined {
  if (typeof raw.id !== 'string' || typeof raw.key !== 'string') return undefined;
  const projectKey = raw.fields?.project?.key;
  return {
    id: raw.id,
    key: raw.key,
    summary: typeof raw.fields?.summary === 'string' ? raw.fields.summary : '',
    projectKey: typeof projectKey === 'string' ? projectKey : raw.key.replace(/-\d+$/u, ''),
  };
}

/** Jira's permission and issue endpoints take an id or a key under different parameter names. */
function issueParam(issueIdOrKey: string): ['issueId' | 'issueKey', string] {
  return [/^\d+$/u.test(issueIdOrKey) ? 'issueId' : 'issueKey', issueIdOrKey];
}

function retryPolicy(): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    remainingMs: () => {
      try {
        return getAppContext().invocationRemainingTimeInMillis();
      } catch {
        return DEFAULT_RETRY.remainingMs();
      }
    },
  };
}

const USER_BULK_MAX = 200;
const SEARCH_PAGE = 100;
/** The bulk permission check takes up to 1,000 issues. */
const PERMISSION_CHECK_MAX = 1000;

interface RawIssueType {
  id?: unknown;
  name?: unknown;
  subtask?: unknown;
  hierarchyLevel?: unknown;
}

function toIssueType(raw: RawIssueType): ProjectIssueType | undefined {
  if (typeof raw.id !== 'string' || typeof raw.name !== 'string') return undefined;
  return {
    id: raw.id,
    name: raw.name,
    subtask: raw.subtask === true,
    hierarchyLevel: typeof raw.hierarchyLevel === 'number' ? raw.hierarchyLevel : 0,
  };
}

function issueBody(issue: NewIssue): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    project: { key: issue.projectKey },
    issuetype: { id: issue.issueTypeId },
    summary: issue.summary,
  };
  if (issue.description) fields.description = issue.description;
  if (issue.dueDate) fields.duedate = issue.dueDate;
  const body: Record<string, unknown> = { fields, properties: issue.properties };
  if (issue.linkTo) {
    body.update = {
      issuelinks: [
        {
          add: {
            type: { name: issue.linkTo.linkTypeName },
            outwardIssue: { key: issue.linkTo.issueKey },
          },
        },
      ],
    };
  }
  return body;
}

/** Jira's `ErrorCollection` as one line of text (for reports; it names fields, not people). */
function errorText(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const { errorMessages, errors } = raw as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(errorMessages)) {
    for (const message of errorMessages) if (typeof message === 'string') parts.push(message);
  }
  if (typeof errors === 'object' && errors !== null) {
    for (const [field, message] of Object.entries(errors)) {
      if (typeof message === 'string') parts.push(`${field}: ${message}`);
    }
  }
  return parts.join('; ');
}

/** A summary fit for Jira: one line, at most 254 characters. */
export function issueSummary(text: string): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  return line.length > 254 ? `${line.slice(0, 253)}…` : line;
}

export interface JiraClientOptions {
  /**
   * Whom `asUser` calls act as when the invocation has no user of its own (an async event
   * consumer acting for whoever asked for the work); the invocation's user when absent.
   */
  actingAs?: string;
  /**
   * A bulk create that Jira throttles comes back at once, with Jira's Retry-After, instead of
   * being waited out inside the invocation: an async consumer hands the wait to the platform.
   */
  handBackThrottling?: boolean;
}

export function createJiraClient(options: JiraClientOptions = {}): JiraPort {
  const asUser = api.asUser(options.actingAs);
  const asApp = api.asApp();
  const headers = { Accept: 'application/json' };

  return {
    async isAdmin() {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, { headers }),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the permission check');
      const body = (await response.json()) as {
        permissions?: Record<string, { havePermission?: boolean }>;
      };
      return body.permissions?.ADMINISTER?.havePermission === true;
    },

    async getUsers(accountIds) {
      const unique = [...new Set(accountIds)];
      const users = new Map<string, JiraUser>();
      if (unique.length === 0) return users;
      if (unique.length > USER_BULK_MAX) {
        throw new Error(`getUsers takes at most ${USER_BULK_MAX} ids, got ${unique.length}`);
      }
      const query = new URLSearchParams({ maxResults: String(USER_BULK_MAX) });
      for (const id of unique) query.append('accountId', id);
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/user/bulk?${query}`, { headers }),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the user look-up');
      const body = (await response.json()) as { values?: RawUser[] };
      for (const raw of body.values ?? []) {
        const user = toJiraUser(raw);
        if (user) users.set(user.accountId, user);
      }
      return users;
    },

    async searchUsers(text, maxResults) {
      const query = new URLSearchParams({ query: text, maxResults: String(maxResults) });
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/user/search?${query}`, { headers }),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the user search');
      const body = (await response.json()) as RawUser[];
      return body
        .filter((raw) => raw.accountType === undefined || raw.accountType === 'atlassian')
        .map(toJiraUser)
        .filter((user): user is JiraUser => user !== undefined);
    },

    async issueAccess(issueIdOrKey) {
      const fields = new URLSearchParams({ fields: 'summary,project' });
      const permissions = new URLSearchParams([
        issueParam(issueIdOrKey),
        // A global permission is answered whatever the issue: one call tells both.
        ['permissions', 'EDIT_ISSUES,ADMINISTER'],
      ]);
      // Both as the user, in parallel: Jira answers 404 to both when they cannot browse the issue.
      const [issueResponse, permissionResponse] = await Promise.all([
        withRetry(
          () => asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${fields}`, { headers }),
          retryPolicy(),
        ),
        withRetry(
          () => asUser.requestJira(route`/rest/api/3/mypermissions?${permissions}`, { headers }),
          retryPolicy(),
        ),
      ]);
      if (issueResponse.status === 404 || permissionResponse.status === 404) return undefined;
      if (!issueResponse.ok) throw new UpstreamError('Jira', issueResponse.status, 'the issue');
      if (!permissionResponse.ok) {
        throw new UpstreamError('Jira', permissionResponse.status, 'the permission check');
      }
      const issue = toIssueSummary((await issueResponse.json()) as RawIssue);
      if (!issue) throw new UpstreamError('Jira', issueResponse.status, 'the issue');
      const body = (await permissionResponse.json()) as {
        permissions?: Record<string, { havePermission?: boolean }>;
      };
      return {
        ...issue,
        canEdit: body.permissions?.EDIT_ISSUES?.havePermission === true,
        isJiraAdmin: body.permissions?.ADMINISTER?.havePermission === true,
      };
    },

    async getIssue(issueIdOrKey) {
      const fields = new URLSearchParams({ fields: 'summary,project' });
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${fields}`, { headers }),
        retryPolicy(),
      );
      if (response.status === 404) return undefined;
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the issue');
      return toIssueSummary((await response.json()) as RawIssue);
    },

    async setRolloutProperty(issueIdOrKey, value) {
      // A PUT of the whole value: repeating it is harmless, so throttling and 5xx are retried.
      const response = await withRetry(
        () =>
          asApp.requestJira(
            route`/rest/api/3/issue/${issueIdOrKey}/properties/${ROLLOUT_PROPERTY_KEY}`,
            {
              method: 'PUT',
              headers: { ...headers, 'Content-Type': 'application/json' },
              body: JSON.stringify(value),
            },
          ),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the issue property');
    },

    async removeRolloutProperty(issueIdOrKey) {
      // A DELETE of one key: repeating it is harmless, so throttling and 5xx are retried.
      const response = await withRetry(
        () =>
          asApp.requestJira(
            route`/rest/api/3/issue/${issueIdOrKey}/properties/${ROLLOUT_PROPERTY_KEY}`,
            { method: 'DELETE', headers },
          ),
        retryPolicy(),
      );
      if (!response.ok && response.status !== 404) {
        throw new UpstreamError('Jira', response.status, 'the issue property');
      }
    },

    async notify(issueIdOrKey, message, toAccountIds) {
      const users = [...new Set(toAccountIds)].filter((id) => id !== '');
      if (users.length === 0) return true;
      const body = JSON.stringify({
        subject: message.subject,
        textBody: message.textBody,
        htmlBody: message.htmlBody,
        // Only the people named: never the issue's reporter, assignee, watchers or voters.
        to: {
          reporter: false,
          assignee: false,
          watchers: false,
          voters: false,
          users: users.map((accountId) => ({ accountId })),
        },
      });
      try {
        // A 429 queued nothing, so repeating is safe; after a 5xx a duplicate e-mail is the rare
        // risk, and a lost approval request is the worse one.
        const response = await withRetry(
          () =>
            asApp.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/notify`, {
              method: 'POST',
              headers: { ...headers, 'Content-Type': 'application/json' },
              body,
            }),
          retryPolicy(),
        );
        if (response.ok) return true;
        console.warn(`[rollout-coordinator] e-mail not sent: Jira answered ${response.status}`);
        return false;
      } catch (error) {
        const reason = error instanceof Error ? error.name : 'unknown error';
        console.warn(`[rollout-coordinator] e-mail not sent: ${reason}`);
        return false;
      }
    },

    async creatableProjects() {
      const query = new URLSearchParams({
        action: 'create',
        orderBy: 'name',
        maxResults: '100',
      });
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/project/search?${query}`, { headers }),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the project list');
      const body = (await response.json()) as { values?: { key?: unknown; name?: unknown }[] };
      return (body.values ?? []).flatMap((raw) =>
        typeof raw.key === 'string' && typeof raw.name === 'string'
          ? [{ key: raw.key, name: raw.name }]
          : [],
      );
    },

    async project(projectKey) {
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/project/${projectKey}`, { headers }),
        retryPolicy(),
      );
      if (response.status === 404) return undefined;
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the project');
      const raw = (await response.json()) as {
        id?: unknown;
        key?: unknown;
        name?: unknown;
        issueTypes?: RawIssueType[];
      };
      if (typeof raw.id !== 'string' || typeof raw.key !== 'string') {
        throw new UpstreamError('Jira', response.status, 'the project');
      }
      return {
        id: raw.id,
        key: raw.key,
        name: typeof raw.name === 'string' ? raw.name : raw.key,
        issueTypes: (raw.issueTypes ?? [])
          .map(toIssueType)
          .filter((type): type is ProjectIssueType => type !== undefined),
      };
    },

    async projectRights(projectKey) {
      const query = new URLSearchParams({
        projectKey,
        permissions: 'CREATE_ISSUES,EDIT_ISSUES,SCHEDULE_ISSUES,LINK_ISSUES',
      });
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/mypermissions?${query}`, { headers }),
        retryPolicy(),
      );
      // Jira answers 404 for a project the user cannot see: they may do nothing there.
      if (response.status === 404) {
        return { create: false, edit: false, schedule: false, link: false };
      }
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the permission check');
      const body = (await response.json()) as {
        permissions?: Record<string, { havePermission?: boolean }>;
      };
      const has = (key: string): boolean => body.permissions?.[key]?.havePermission === true;
      return {
        create: has('CREATE_ISSUES'),
        edit: has('EDIT_ISSUES'),
        schedule: has('SCHEDULE_ISSUES'),
        link: has('LINK_ISSUES'),
      };
    },

    async createIssue(issue) {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/issue`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify(issueBody(issue)),
          }),
        retryPolicy(),
        onlyThrottled,
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'creating the issue');
      const body = (await response.json()) as { id?: unknown; key?: unknown };
      if (typeof body.id !== 'string' || typeof body.key !== 'string') {
        throw new UpstreamError('Jira', response.status, 'creating the issue');
      }
      return { id: body.id, key: body.key };
    },

    async createIssues(issues) {
      if (issues.length === 0) return { known: true, created: [], failed: [] };
      if (issues.length > BULK_CREATE_MAX) {
        throw new Error(`createIssues takes at most ${BULK_CREATE_MAX} issues`);
      }
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/issue/bulk`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ issueUpdates: issues.map(issueBody) }),
          }),
        options.handBackThrottling ? { ...retryPolicy(), maxAttempts: 1 } : retryPolicy(),
        onlyThrottled,
      );
      if (response.status === 429) {
        const asked = retryAfterMs(response.headers.get('retry-after'));
        return {
          known: false,
          status: 429,
          ...(asked === undefined ? {} : { retryAfterMs: asked }),
        };
      }
      if (response.status >= 500) return { known: false, status: response.status };
      // 201 (some created) and 400 (none created) carry the same per-element answer.
      if (response.status !== 201 && response.status !== 200 && response.status !== 400) {
        throw new UpstreamError('Jira', response.status, 'creating the issues');
      }
      const body = (await response.json()) as {
        issues?: { id?: unknown; key?: unknown }[];
        errors?: { status?: unknown; elementErrors?: unknown; failedElementNumber?: unknown }[];
      };
      const failed = (body.errors ?? []).map((error) => ({
        index: typeof error.failedElementNumber === 'number' ? error.failedElementNumber : -1,
        status: typeof error.status === 'number' ? error.status : response.status,
        reason: errorText(error.elementErrors) || `Jira answered ${String(error.status)}`,
      }));
      // Jira answers the created issues in request order, skipping the refused ones.
      const refused = new Set(failed.map((failure) => failure.index));
      const indexes = issues.map((_, index) => index).filter((index) => !refused.has(index));
      const created = (body.issues ?? []).flatMap((raw, position) =>
        typeof raw.id === 'string' && typeof raw.key === 'string'
          ? [{ id: raw.id, key: raw.key, index: indexes[position] ?? -1 }]
          : [],
      );
      return { known: true, created, failed };
    },

    async findByProperty(jql, max) {
      const found: PropertyIssue[] = [];
      let nextPageToken: string | undefined;
      do {
        const body = JSON.stringify({
          jql,
          maxResults: SEARCH_PAGE,
          fields: ['id'],
          properties: [ROLLOUT_PROPERTY_KEY],
          ...(nextPageToken ? { nextPageToken } : {}),
        });
        // A search changes nothing: throttling and server errors are retried.
        const response = await withRetry(
          () =>
            asApp.requestJira(route`/rest/api/3/search/jql`, {
              method: 'POST',
              headers: { ...headers, 'Content-Type': 'application/json' },
              body,
            }),
          retryPolicy(),
        );
        if (!response.ok) throw new UpstreamError('Jira', response.status, 'the issue search');
        const page = (await response.json()) as {
          issues?: { id?: unknown; key?: unknown; properties?: Record<string, unknown> }[];
          nextPageToken?: unknown;
        };
        for (const raw of page.issues ?? []) {
          const property = raw.properties?.[ROLLOUT_PROPERTY_KEY];
          if (typeof raw.id !== 'string' || typeof raw.key !== 'string') continue;
          found.push({
            id: raw.id,
            key: raw.key,
            property:
              typeof property === 'object' && property !== null
                ? (property as Record<string, unknown>)
                : {},
          });
        }
        nextPageToken = typeof page.nextPageToken === 'string' ? page.nextPageToken : undefined;
      } while (nextPageToken !== undefined && found.length < max);
      return found;
    },

    async countIssues(jql) {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/search/approximate-count`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ jql }),
          }),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'counting issues');
      const body = (await response.json()) as { count?: unknown };
      return typeof body.count === 'number' ? body.count : 0;
    },

    async linkTypes() {
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/issueLinkType`, { headers }),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the issue link types');
      const body = (await response.json()) as {
        issueLinkTypes?: { id?: unknown; name?: unknown }[];
      };
      return (body.issueLinkTypes ?? []).flatMap((raw) =>
        typeof raw.id === 'string' && typeof raw.name === 'string'
          ? [{ id: raw.id, name: raw.name }]
          : [],
      );
    },

    async visibleIssues(issueIds) {
      const ids = [...new Set(issueIds)].filter((id) => /^\d+$/u.test(id));
      if (ids.length === 0) return new Set();
      if (ids.length > PERMISSION_CHECK_MAX) {
        throw new Error(`visibleIssues takes at most ${PERMISSION_CHECK_MAX} ids`);
      }
      // The bulk permission check ignores issues the user cannot see, where a JQL `id in (…)`
      // would refuse the whole query for one of them.
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/permissions/check`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({
              projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], issues: ids.map(Number) }],
            }),
          }),
        retryPolicy(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the permission check');
      const body = (await response.json()) as {
        projectPermissions?: { permission?: unknown; issues?: unknown[] }[];
      };
      const browse = body.projectPermissions?.find((p) => p.permission === 'BROWSE_PROJECTS');
      return new Set(
        (browse?.issues ?? []).flatMap((id) =>
          typeof id === 'number' || typeof id === 'string' ? [String(id)] : [],
        ),
      );
    },
  };
}
