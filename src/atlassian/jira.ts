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
}

/** The Jira operations the app needs: a port, so handlers can be given another implementation. */
export interface JiraPort {
  /** Whether the acting user is a Jira administrator (global ADMINISTER permission). */
  isAdmin(): Promise<boolean>;
  /** The users among `accountIds` that exist, in one request (≤ 200 ids). */
  getUsers(accountIds: readonly string[]): Promise<Map<string, JiraUser>>;
  /** Users matching a name or e-mail prefix, as the acting user may see them. */
  searchUsers(query: string, maxResults: number): Promise<JiraUser[]>;
}

interface RawUser {
  accountId?: unknown;
  displayName?: unknown;
  active?: unknown;
  accountType?: unknown;
  avatarUrls?: Record<string, unknown>;
}

function toJiraUser(raw: RawUser): JiraUser | undefined {
  if (typeof raw.accountId !== 'string') return undefined;
  const avatar = raw.avatarUrls?.['48x48'];
  return {
    accountId: raw.accountId,
    displayName: typeof raw.displayName === 'string' ? raw.displayName : raw.accountId,
    active: raw.active !== false,
    avatarUrl: typeof avatar === 'string' ? avatar : null,
  };
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
  };
}
