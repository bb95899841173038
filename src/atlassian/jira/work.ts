/**
 * The work issues' state as Jira has it (status category, due date, last update, the app's
 * property), as the app: one issue (for the work-events trigger), or a page of a JQL search (for
 * the daily reconciliation).
 */
import { route } from '@forge/api';
import { UpstreamError } from '../errors';
import { withRetry } from '../retry';
import { ROLLOUT_PROPERTY_KEY, type JiraPort, type WorkIssue } from './port';
import type { JiraRequests } from './requests';

const FIELDS = ['status', 'duedate', 'updated'];
/** A reconciliation page: small enough to process well inside a scheduled invocation. */
const WORK_PAGE = 100;

interface RawWorkIssue {
  id?: unknown;
  key?: unknown;
  fields?: {
    status?: { statusCategory?: { key?: unknown } };
    duedate?: unknown;
    updated?: unknown;
  };
  properties?: Record<string, unknown>;
}

function toWorkIssue(raw: RawWorkIssue): WorkIssue | undefined {
  if (typeof raw.id !== 'string' || typeof raw.key !== 'string') return undefined;
  const property = raw.properties?.[ROLLOUT_PROPERTY_KEY];
  const key = raw.fields?.status?.statusCategory?.key;
  const updated = raw.fields?.updated;
  const dueDate = raw.fields?.duedate;
  return {
    id: raw.id,
    key: raw.key,
    statusCategory: typeof key === 'string' ? key : 'undefined',
    dueDate: typeof dueDate === 'string' ? dueDate.slice(0, 10) : '',
    updated:
      typeof updated === 'string' && !Number.isNaN(Date.parse(updated)) ? Date.parse(updated) : 0,
    property:
      typeof property === 'object' && property !== null && !Array.isArray(property)
        ? (property as Record<string, unknown>)
        : {},
  };
}

export function jiraWork({
  asApp,
  headers,
  retry,
}: JiraRequests): Pick<JiraPort, 'workIssue' | 'workIssuesPage'> {
  return {
    async workIssue(issueIdOrKey) {
      const query = new URLSearchParams({
        fields: FIELDS.join(','),
        properties: ROLLOUT_PROPERTY_KEY,
      });
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${query}`, { headers }),
        retry(),
      );
      if (response.status === 404) return undefined;
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the issue');
      return toWorkIssue((await response.json()) as RawWorkIssue);
    },

    async workIssuesPage(jql, nextPageToken) {
      const body = JSON.stringify({
        jql,
        maxResults: WORK_PAGE,
        fields: FIELDS,
        properties: [ROLLOUT_PROPERTY_KEY],
        ...(nextPageToken === undefined ? {} : { nextPageToken }),
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
      const page = (await response.json()) as { issues?: RawWorkIssue[]; nextPageToken?: unknown };
      return {
        issues: (page.issues ?? []).flatMap((raw) => toWorkIssue(raw) ?? []),
        ...(typeof page.nextPageToken === 'string' ? { nextPageToken: page.nextPageToken } : {}),
      };
    },
  };
}
