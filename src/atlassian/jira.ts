/**
 * Typed Jira REST client over `@forge/api`. Calls that read on behalf of the user go through
 * `asUser()` so Jira applies that user's permissions; directory look-ups that every viewer may
 * see go through `asApp()`.
 */
import api, { route } from '@forge/api';
import { getAppContext } from '@forge/api';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { upstreamFailure } from './errors';

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
  approvalState: string;
}

export interface NotifyMessage {
  subject: string;
  textBody: string;
  htmlBody: string;
}

/** The issue property key the manifest's `jira:entityProperty` indexes. */
export const ROLLOUT_PROPERTY_KEY = 'rollout-coordinator';

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
  /** Sets the `rollout-coordinator` property as the app (idempotent, so retried); throws UPSTREAM. */
  setRolloutProperty(issueIdOrKey: string, value: RolloutProperty): Promise<void>;
  /**
   * E-mails `toAccountIds` about the issue through Jira, as the app. Retried on 429/5xx honouring
   * Retry-After; never throws for an upstream failure: answers false (and logs no personal data).
   */
  notify(
    issueIdOrKey: string,
    message: NotifyMessage,
    toAccountIds: readonly string[],
  ): Promise<boolean>;
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

export function createJiraClient(): JiraPort {
  const asUser = api.asUser();
  const asApp = api.asApp();
  const headers = { Accept: 'application/json' };

  return {
    async isAdmin() {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, { headers }),
        retryPolicy(),
      );
      if (!response.ok) throw upstreamFailure('Jira', response.status, 'the permission check');
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
      if (!response.ok) throw upstreamFailure('Jira', response.status, 'the user look-up');
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
      if (!response.ok) throw upstreamFailure('Jira', response.status, 'the user search');
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
        ['permissions', 'EDIT_ISSUES'],
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
      if (!issueResponse.ok) throw upstreamFailure('Jira', issueResponse.status, 'the issue');
      if (!permissionResponse.ok) {
        throw upstreamFailure('Jira', permissionResponse.status, 'the permission check');
      }
      const issue = toIssueSummary((await issueResponse.json()) as RawIssue);
      if (!issue) throw upstreamFailure('Jira', issueResponse.status, 'the issue');
      const body = (await permissionResponse.json()) as {
        permissions?: Record<string, { havePermission?: boolean }>;
      };
      return { ...issue, canEdit: body.permissions?.EDIT_ISSUES?.havePermission === true };
    },

    async getIssue(issueIdOrKey) {
      const fields = new URLSearchParams({ fields: 'summary,project' });
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${fields}`, { headers }),
        retryPolicy(),
      );
      if (response.status === 404) return undefined;
      if (!response.ok) throw upstreamFailure('Jira', response.status, 'the issue');
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
      if (!response.ok) throw upstreamFailure('Jira', response.status, 'the issue property');
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
  };
}
