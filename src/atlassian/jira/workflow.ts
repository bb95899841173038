/**
 * What triaging and raising problems ask of Jira beyond the other modules: an issue as the
 * acting user sees it with its type, parent and `rollout-coordinator` property (one request: the
 * browse check and the rollout it belongs to), an issue created by the app for someone who may
 * browse but not create (anyone who can see a rollout's issue may raise a problem; the app
 * creates it with them as reporter), its workflow status, and its transitions (listed and taken
 * as the acting user, so Jira's workflow and permissions decide).
 */
import { route } from '@forge/api';
import { UpstreamError } from '../errors';
import { onlyThrottled, withRetry } from '../retry';
import { issueBody } from './issues';
import { ROLLOUT_PROPERTY_KEY, type JiraPort } from './port';
import type { JiraRequests } from './requests';

interface RawType {
  hierarchyLevel?: unknown;
}
interface RawStatus {
  name?: unknown;
  statusCategory?: { key?: unknown };
}

function level(raw: RawType | undefined): number | undefined {
  return typeof raw?.hierarchyLevel === 'number' ? raw.hierarchyLevel : undefined;
}

function statusOf(raw: RawStatus | undefined | null): { name: string; category: string } {
  return {
    name: typeof raw?.name === 'string' ? raw.name : '',
    category: typeof raw?.statusCategory?.key === 'string' ? raw.statusCategory.key : '',
  };
}

export function jiraWorkflow({
  asUser,
  asApp,
  headers,
  retry,
}: JiraRequests): Pick<
  JiraPort,
  'issueInContext' | 'workflowState' | 'transitionIssue' | 'assignIssue' | 'createIssueFor'
> {
  return {
    async createIssueFor(issue, reporterAccountId) {
      const body = issueBody(issue);
      body.fields = { ...(body.fields as object), reporter: { accountId: reporterAccountId } };
      // Not idempotent: only a 429 (Jira did nothing) is repeated.
      const response = await withRetry(
        () =>
          asApp.requestJira(route`/rest/api/3/issue`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
        retry(),
        onlyThrottled,
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'creating the issue');
      const created = (await response.json()) as { id?: unknown; key?: unknown };
      if (typeof created.id !== 'string' || typeof created.key !== 'string') {
        throw new UpstreamError('Jira', response.status, 'creating the issue');
      }
      return { id: created.id, key: created.key };
    },

    async issueInContext(issueIdOrKey) {
      const query = new URLSearchParams({
        fields: 'summary,project,issuetype,parent',
        properties: ROLLOUT_PROPERTY_KEY,
      });
      const response = await withRetry(
        () => asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${query}`, { headers }),
        retry(),
      );
      if (response.status === 404) return undefined;
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'the issue');
      const raw = (await response.json()) as {
        id?: unknown;
        key?: unknown;
        fields?: {
          project?: { key?: unknown };
          issuetype?: RawType;
          parent?: { key?: unknown; fields?: { issuetype?: RawType } };
        };
        properties?: Record<string, unknown>;
      };
      if (typeof raw.id !== 'string' || typeof raw.key !== 'string') {
        throw new UpstreamError('Jira', response.status, 'the issue');
      }
      const property = raw.properties?.[ROLLOUT_PROPERTY_KEY];
      const parent = raw.fields?.parent;
      return {
        id: raw.id,
        key: raw.key,
        projectKey:
          typeof raw.fields?.project?.key === 'string'
            ? raw.fields.project.key
            : raw.key.replace(/-\d+$/u, ''),
        hierarchyLevel: level(raw.fields?.issuetype) ?? 0,
        parent:
          typeof parent?.key === 'string'
            ? { key: parent.key, hierarchyLevel: level(parent.fields?.issuetype) }
            : undefined,
        property:
          typeof property === 'object' && property !== null
            ? (property as Record<string, unknown>)
            : undefined,
      };
    },

    async workflowState(issueIdOrKey) {
      const fields = new URLSearchParams({ fields: 'status' });
      // Both reads, in parallel: where the issue is, and where the workflow lets it go.
      const [issueResponse, transitionsResponse] = await Promise.all([
        withRetry(
          () => asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${fields}`, { headers }),
          retry(),
        ),
        withRetry(
          () =>
            asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/transitions`, { headers }),
          retry(),
        ),
      ]);
      if (issueResponse.status === 404 || transitionsResponse.status === 404) return undefined;
      if (!issueResponse.ok) throw new UpstreamError('Jira', issueResponse.status, 'the issue');
      if (!transitionsResponse.ok) {
        throw new UpstreamError('Jira', transitionsResponse.status, 'the transitions');
      }
      const issue = (await issueResponse.json()) as { fields?: { status?: RawStatus } };
      const body = (await transitionsResponse.json()) as {
        transitions?: { id?: unknown; name?: unknown; to?: RawStatus | null }[];
      };
      return {
        status: statusOf(issue.fields?.status),
        transitions: (body.transitions ?? []).flatMap((raw) =>
          typeof raw.id === 'string' && typeof raw.name === 'string'
            ? [{ id: raw.id, name: raw.name, to: statusOf(raw.to) }]
            : [],
        ),
      };
    },

    async transitionIssue(issueIdOrKey, transitionId) {
      // Not idempotent (a repeat after it went through is refused): only a 429 is repeated.
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/transitions`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ transition: { id: transitionId } }),
          }),
        retry(),
        onlyThrottled,
      );
      if (response.status === 204 || response.ok) return 'done';
      // Jira refuses a transition the workflow, a validator or the user's rights do not allow.
      if (response.status === 400) return 'refused';
      throw new UpstreamError('Jira', response.status, 'the transition');
    },

    async assignIssue(issueIdOrKey, accountId) {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/assignee`, {
            method: 'PUT',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ accountId }),
          }),
        retry(),
      );
      if (response.status === 204 || response.ok) return 'done';
      if (response.status === 400 || response.status === 403) return 'refused';
      throw new UpstreamError('Jira', response.status, 'assigning the issue');
    },
  };
}
