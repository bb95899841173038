/**
 * Finding the app's issues: by JQL on the indexed `rollout-coordinator` property (as the app, the
 * whole truth), counting them as the user sees them (approximate-count, never paging), and which
 * issues the user may browse (one bulk permission check).
 */
import { route } from '@forge/api';
import { UpstreamError } from '../errors';
import { withRetry } from '../retry';
import { ROLLOUT_PROPERTY_KEY, type JiraPort, type PropertyIssue } from './port';
import type { JiraRequests } from './requests';

const SEARCH_PAGE = 100;
/** The bulk permission check takes up to 1,000 issues. */
const PERMISSION_CHECK_MAX = 1000;

interface RawLinkEnd {
  id?: unknown;
  key?: unknown;
}

interface RawRelations {
  fields?: {
    parent?: { id?: unknown; key?: unknown } | null;
    issuetype?: { hierarchyLevel?: unknown } | null;
    issuelinks?: {
      id?: unknown;
      type?: { name?: unknown };
      inwardIssue?: RawLinkEnd;
      outwardIssue?: RawLinkEnd;
    }[];
  };
}

function relationsOf(raw: RawRelations): NonNullable<PropertyIssue['relations']> {
  const fields = raw.fields ?? {};
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const level = fields.issuetype?.hierarchyLevel;
  return {
    parentId: text(fields.parent?.id),
    parentKey: text(fields.parent?.key),
    hierarchyLevel: typeof level === 'number' ? level : 0,
    links: (fields.issuelinks ?? []).flatMap((link) => {
      const other = link.outwardIssue ?? link.inwardIssue;
      return typeof link.id === 'string' && other
        ? [
            {
              id: link.id,
              typeName: text(link.type?.name),
              otherId: text(other.id),
              otherKey: text(other.key),
            },
          ]
        : [];
    }),
  };
}

export function jiraSearch({
  asUser,
  asApp,
  headers,
  retry,
}: JiraRequests): Pick<
  JiraPort,
  'findByProperty' | 'countIssues' | 'visibleIssues' | 'cannotBrowse' | 'hiddenFrom'
> {
  /**
   * Which of these issues (numeric ids, ≤ 1,000) a person may browse: the acting user when
   * `accountId` is undefined, else another person, asked as the app (checking someone else needs
   * Jira admin rights as a user; the app may check anyone, getBulkPermissions: "…can make a call
   * from the app server…"). Issues rather than projects: issue security levels hide an issue from
   * people who may browse its project.
   */
  async function browsableBy(
    accountId: string | undefined,
    issueIds: readonly string[],
  ): Promise<Set<string>> {
    const requester = accountId === undefined ? asUser : asApp;
    const response = await withRetry(
      () =>
        requester.requestJira(route`/rest/api/3/permissions/check`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            ...(accountId === undefined ? {} : { accountId }),
            projectPermissions: [
              {
                permissions: ['BROWSE_PROJECTS'],
                issues: issueIds.slice(0, PERMISSION_CHECK_MAX).map(Number),
              },
            ],
          }),
        }),
      retry(),
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
  }

  return {
    async findByProperty(jql, max, options = {}) {
      const found: PropertyIssue[] = [];
      const relations = options.relations === true;
      let nextPageToken: string | undefined;
      do {
        const body = JSON.stringify({
          jql,
          maxResults: SEARCH_PAGE,
          fields: relations ? ['parent', 'issuetype', 'issuelinks'] : ['id'],
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
          retry(),
        );
        if (!response.ok) throw new UpstreamError('Jira', response.status, 'the issue search');
        const page = (await response.json()) as {
          issues?: (RawRelations & {
            id?: unknown;
            key?: unknown;
            properties?: Record<string, unknown>;
          })[];
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
            ...(relations ? { relations: relationsOf(raw) } : {}),
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
        retry(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'counting issues');
      const body = (await response.json()) as { count?: unknown };
      return typeof body.count === 'number' ? body.count : 0;
    },

    async visibleIssues(issueIds) {
      const ids = [...new Set(issueIds)].filter((id) => /^\d+$/u.test(id));
      if (ids.length === 0) return new Set();
      if (ids.length > PERMISSION_CHECK_MAX) {
        throw new Error(`visibleIssues takes at most ${PERMISSION_CHECK_MAX} ids`);
      }
      // The bulk permission check ignores issues the user cannot see, where a JQL `id in (…)`
      // would refuse the whole query for one of them.
      return browsableBy(undefined, ids);
    },

    async cannotBrowse(issueId, accountIds) {
      const people = [...new Set(accountIds)].filter((id) => id !== '');
      if (people.length === 0 || !/^\d+$/u.test(issueId)) return new Set();
      const refused = await Promise.all(
        people.map(async (accountId) =>
          (await browsableBy(accountId, [issueId])).has(issueId) ? [] : [accountId],
        ),
      );
      return new Set(refused.flat());
    },

    async hiddenFrom(accountId, issueIds) {
      const ids = [...new Set(issueIds)].filter((id) => /^\d+$/u.test(id));
      if (accountId === '' || ids.length === 0) return new Set();
      const may = await browsableBy(accountId, ids);
      return new Set(ids.filter((id) => !may.has(id)));
    },
  };
}
