/**
 * Jira's users as the app needs them: whether the acting user administers Jira, bulk look-ups
 * (as the app: names every viewer may see) and search (as the user: who they may find).
 */
import { route } from '@forge/api';
import { UpstreamError } from '../errors';
import { withRetry } from '../retry';
import type { JiraGroup, JiraPort, JiraUser } from './port';
import type { JiraRequests } from './requests';

const USER_BULK_MAX = 200;
/** `GET /group/member` answers at most 50 users a page. */
const GROUP_MEMBER_PAGE = 50;

interface RawUser {
  accountId?: unknown;
  displayName?: unknown;
  active?: unknown;
  accountType?: unknown;
  avatarUrls?: Record<string, unknown>;
  locale?: unknown;
}

/** Jira's `fr_FR` as `fr-FR`. */
function bcp47Locale(locale: unknown): string {
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

export function jiraUsers({
  asUser,
  asApp,
  headers,
  retry,
}: JiraRequests): Pick<
  JiraPort,
  | 'isAdmin'
  | 'getUsers'
  | 'searchUsers'
  | 'findGroups'
  | 'groupMembers'
  | 'groupMembersPage'
  | 'userGroupIds'
> {
  /** One page of a group's active members from `startAt`; undefined when Jira knows no such group. */
  async function membersPage(
    groupId: string,
    startAt: number,
  ): Promise<{ accountIds: string[]; total: number; isLast: boolean } | undefined> {
    const query = new URLSearchParams({
      groupId,
      includeInactiveUsers: 'false',
      startAt: String(startAt),
      maxResults: String(GROUP_MEMBER_PAGE),
    });
    const response = await withRetry(
      () => asApp.requestJira(route`/rest/api/3/group/member?${query}`, { headers }),
      retry(),
    );
    if (response.status === 404) return undefined;
    if (!response.ok) throw new UpstreamError('Jira', response.status, 'the group members');
    const body = (await response.json()) as {
      values?: RawUser[];
      total?: unknown;
      isLast?: unknown;
    };
    const values = body.values ?? [];
    const accountIds = values.flatMap((raw) =>
      typeof raw.accountId === 'string' ? [raw.accountId] : [],
    );
    return {
      accountIds,
      total: typeof body.total === 'number' ? body.total : startAt + accountIds.length,
      isLast: body.isLast !== false || values.length === 0,
    };
  }

  return {
    async isAdmin() {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, { headers }),
        retry(),
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
        retry(),
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
        retry(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the user search');
      const body = (await response.json()) as RawUser[];
      return body
        .filter((raw) => raw.accountType === undefined || raw.accountType === 'atlassian')
        .map(toJiraUser)
        .filter((user): user is JiraUser => user !== undefined);
    },
    async findGroups(text, maxResults) {
      const query = new URLSearchParams({
        query: text,
        maxResults: String(maxResults),
        caseInsensitive: 'true',
      });
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/groups/picker?${query}`, { headers }),
        retry(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the group search');
      const body = (await response.json()) as { groups?: { groupId?: unknown; name?: unknown }[] };
      return (body.groups ?? []).flatMap((group): JiraGroup[] =>
        typeof group.groupId === 'string' && typeof group.name === 'string'
          ? [{ groupId: group.groupId, name: group.name }]
          : [],
      );
    },

    async userGroupIds(accountId) {
      const query = new URLSearchParams({ accountId });
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/user/groups?${query}`, { headers }),
        retry(),
      );
      if (response.status === 404) return [];
      if (!response.ok) throw new UpstreamError('Jira', response.status, "the user's groups");
      const body = (await response.json()) as unknown;
      return Array.isArray(body)
        ? body.flatMap((group: { groupId?: unknown }) =>
            typeof group.groupId === 'string' ? [group.groupId] : [],
          )
        : [];
    },

    async groupMembers(groupId, limit) {
      const accountIds: string[] = [];
      let total = 0;
      for (let startAt = 0; startAt < limit; startAt += GROUP_MEMBER_PAGE) {
        const page = await membersPage(groupId, startAt);
        if (!page) return undefined;
        accountIds.push(...page.accountIds);
        total = page.total;
        if (page.isLast) break;
      }
      return { accountIds: accountIds.slice(0, limit), total: Math.max(total, accountIds.length) };
    },

    async groupMembersPage(groupId, startAt) {
      const page = await membersPage(groupId, startAt);
      return page && { accountIds: page.accountIds, isLast: page.isLast };
    },
  };
}
