/**
 * Jira projects: where the acting user may create issues, a project with its issue types, the
 * user's rights in it, the site's issue link types and its address.
 */
import { route } from '@forge/api';
import { UpstreamError } from '../errors';
import { withRetry } from '../retry';
import type { JiraPort, ProjectIssueType } from './port';
import type { JiraRequests } from './requests';

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

export function jiraProjects({
  asUser,
  asApp,
  headers,
  retry,
}: JiraRequests): Pick<
  JiraPort,
  'creatableProjects' | 'project' | 'projectRights' | 'linkTypes' | 'siteUrl'
> {
  return {
    // Operation getServerInfo: anonymous access, no scope; `baseUrl` is the site's address.
    async siteUrl() {
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/serverInfo`, { headers }),
        retry(),
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the site address');
      const body = (await response.json()) as { baseUrl?: unknown };
      return typeof body.baseUrl === 'string' && body.baseUrl !== ''
        ? body.baseUrl.replace(/\/+$/u, '')
        : undefined;
    },
    async creatableProjects() {
      const query = new URLSearchParams({
        action: 'create',
        orderBy: 'name',
        maxResults: '100',
      });
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/project/search?${query}`, { headers }),
        retry(),
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
        retry(),
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
        permissions: 'CREATE_ISSUES,EDIT_ISSUES,SCHEDULE_ISSUES,LINK_ISSUES,ASSIGN_ISSUES',
      });
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/mypermissions?${query}`, { headers }),
        retry(),
      );
      // Jira answers 404 for a project the user cannot see: they may do nothing there.
      if (response.status === 404) {
        return { create: false, edit: false, schedule: false, link: false, assign: false };
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
        assign: has('ASSIGN_ISSUES'),
      };
    },

    async linkTypes() {
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/issueLinkType`, { headers }),
        retry(),
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
  };
}
