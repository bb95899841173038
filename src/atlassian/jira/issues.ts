/**
 * Jira issues: an issue as the acting user sees it (with their rights), as the app sees it, the
 * `rollout-coordinator` property, e-mails through an issue, and creating issues one at a time
 * or in bulk (as the user, so Jira applies their permissions and records them as reporter).
 */
import { route } from '@forge/api';
import { UpstreamError } from '../errors';
import {
  isRetryableStatus,
  onlyThrottled,
  retryAfterMs,
  withRetry,
  type RetryableResponse,
} from '../retry';
import {
  BULK_CREATE_MAX,
  ROLLOUT_PROPERTY_KEY,
  type IssueAccess,
  type ChangeOutcome,
  type IssueSummary,
  type JiraPort,
  type NewIssue,
  type NotifyMessage,
} from './port';
import type { JiraRequests } from './requests';

interface RawIssue {
  id?: unknown;
  key?: unknown;
  fields?: {
    summary?: unknown;
    project?: { key?: unknown };
    status?: { statusCategory?: { key?: unknown } };
    issuetype?: { hierarchyLevel?: unknown } | null;
  };
  properties?: Record<string, unknown>;
}

const CATEGORIES = ['new', 'indeterminate', 'done'] as const;

function statusCategoryOf(raw: RawIssue): IssueAccess['statusCategory'] {
  const key = raw.fields?.status?.statusCategory?.key;
  return CATEGORIES.find((category) => category === key) ?? 'undefined';
}

function rolloutPropertyOf(raw: RawIssue): Record<string, unknown> {
  const value = raw.properties?.[ROLLOUT_PROPERTY_KEY];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toIssueSummary(raw: RawIssue): IssueSummary | undefined {
  if (typeof raw.id !== 'string' || typeof raw.key !== 'string') return undefined;
  const projectKey = raw.fields?.project?.key;
  const level = raw.fields?.issuetype?.hierarchyLevel;
  return {
    id: raw.id,
    key: raw.key,
    summary: typeof raw.fields?.summary === 'string' ? raw.fields.summary : '',
    projectKey: typeof projectKey === 'string' ? projectKey : raw.key.replace(/-\d+$/u, ''),
    hierarchyLevel: typeof level === 'number' ? level : 0,
  };
}

/** Jira's permission and issue endpoints take an id or a key under different parameter names. */
function issueParam(issueIdOrKey: string): ['issueId' | 'issueKey', string] {
  return [/^\d+$/u.test(issueIdOrKey) ? 'issueId' : 'issueKey', issueIdOrKey];
}

export function issueBody(issue: NewIssue): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    project: { key: issue.projectKey },
    issuetype: { id: issue.issueTypeId },
    summary: issue.summary,
  };
  if (issue.description) fields.description = issue.description;
  if (issue.dueDate) fields.duedate = issue.dueDate;
  if (issue.labels && issue.labels.length > 0) fields.labels = [...issue.labels];
  if (issue.parentKey) fields.parent = { key: issue.parentKey };
  if (issue.assigneeAccountId) fields.assignee = { accountId: issue.assigneeAccountId };
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

/** The fields an `ErrorCollection` refuses (`assignee`, `duedate`…). */
function errorFields(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const { errors } = raw as { errors?: unknown };
  return typeof errors === 'object' && errors !== null ? Object.keys(errors) : [];
}

export function jiraIssues({
  asUser,
  asApp,
  headers,
  retry,
  handBackThrottling,
}: JiraRequests): Pick<
  JiraPort,
  | 'issueAccess'
  | 'getIssue'
  | 'setRolloutProperty'
  | 'removeRolloutProperty'
  | 'notify'
  | 'notifyGroups'
  | 'createIssue'
  | 'createIssues'
  | 'editIssue'
  | 'deleteIssueLink'
> {
  /** One notify call to the recipients `to` names, and only them. */
  async function sendNotification(
    issueIdOrKey: string,
    message: NotifyMessage,
    recipients: { users?: { accountId: string }[]; groupIds?: string[] },
  ): Promise<boolean> {
    const body = JSON.stringify({
      subject: message.subject,
      textBody: message.textBody,
      htmlBody: message.htmlBody,
      // Only the people named: never the issue's reporter, assignee, watchers or voters.
      to: { reporter: false, assignee: false, watchers: false, voters: false, ...recipients },
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
        retry(),
      );
      if (response.ok) return true;
      console.warn(`[rollout-coordinator] e-mail not sent: Jira answered ${response.status}`);
      return false;
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown error';
      console.warn(`[rollout-coordinator] e-mail not sent: ${reason}`);
      return false;
    }
  }

  /** Idempotent changes: 5xx retried; a 429 handed back to an async consumer at once. */
  const changePolicy = handBackThrottling
    ? (status: number) => status >= 500 && status <= 599
    : isRetryableStatus;

  async function outcomeOf(
    response: RetryableResponse & { ok: boolean; json: () => Promise<unknown> },
    what: string,
  ): Promise<ChangeOutcome> {
    if (response.ok) return { ok: true };
    const asked = retryAfterMs(response.headers.get('retry-after'));
    let reason = '';
    try {
      reason = errorText(await response.json());
    } catch {
      reason = '';
    }
    return {
      ok: false,
      status: response.status,
      reason: reason || `Jira answered ${String(response.status)} to ${what}`,
      ...(response.status === 429 && asked !== undefined ? { retryAfterMs: asked } : {}),
    };
  }

  return {
    async issueAccess(issueIdOrKey) {
      // The status and the app's property come with the issue: the panels need them at no extra call.
      const fields = new URLSearchParams({
        fields: 'summary,project,status',
        properties: ROLLOUT_PROPERTY_KEY,
      });
      const permissions = new URLSearchParams([
        issueParam(issueIdOrKey),
        // A global permission is answered whatever the issue, and a project permission for the
        // issue's project: one call tells all three.
        ['permissions', 'EDIT_ISSUES,ADMINISTER,CREATE_ISSUES'],
      ]);
      // Both as the user, in parallel: Jira answers 404 to both when they cannot browse the issue.
      const [issueResponse, permissionResponse] = await Promise.all([
        withRetry(
          () => asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${fields}`, { headers }),
          retry(),
        ),
        withRetry(
          () => asUser.requestJira(route`/rest/api/3/mypermissions?${permissions}`, { headers }),
          retry(),
        ),
      ]);
      if (issueResponse.status === 404 || permissionResponse.status === 404) return undefined;
      if (!issueResponse.ok) throw new UpstreamError('Jira', issueResponse.status, 'the issue');
      if (!permissionResponse.ok) {
        throw new UpstreamError('Jira', permissionResponse.status, 'the permission check');
      }
      const raw = (await issueResponse.json()) as RawIssue;
      const issue = toIssueSummary(raw);
      if (!issue) throw new UpstreamError('Jira', issueResponse.status, 'the issue');
      const body = (await permissionResponse.json()) as {
        permissions?: Record<string, { havePermission?: boolean }>;
      };
      return {
        ...issue,
        canEdit: body.permissions?.EDIT_ISSUES?.havePermission === true,
        isJiraAdmin: body.permissions?.ADMINISTER?.havePermission === true,
        canCreate: body.permissions?.CREATE_ISSUES?.havePermission === true,
        statusCategory: statusCategoryOf(raw),
        rolloutProperty: rolloutPropertyOf(raw),
      };
    },

    async getIssue(issueIdOrKey) {
      const fields = new URLSearchParams({ fields: 'summary,project,issuetype' });
      const response = await withRetry(
        () => asApp.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${fields}`, { headers }),
        retry(),
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
        retry(),
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
        retry(),
      );
      if (!response.ok && response.status !== 404) {
        throw new UpstreamError('Jira', response.status, 'the issue property');
      }
    },

    async notify(issueIdOrKey, message, toAccountIds) {
      const users = [...new Set(toAccountIds)].filter((id) => id !== '');
      if (users.length === 0) return true;
      return sendNotification(issueIdOrKey, message, {
        users: users.map((accountId) => ({ accountId })),
      });
    },

    async notifyGroups(issueIdOrKey, message, groupIds) {
      const groups = [...new Set(groupIds)].filter((id) => id !== '');
      if (groups.length === 0) return true;
      return sendNotification(issueIdOrKey, message, { groupIds: groups });
    },

    async createIssue(issue) {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/issue`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify(issueBody(issue)),
          }),
        retry(),
        onlyThrottled,
      );
      if (!response.ok) throw new UpstreamError('Jira', response.status, 'creating the issue');
      const body = (await response.json()) as { id?: unknown; key?: unknown };
      if (typeof body.id !== 'string' || typeof body.key !== 'string') {
        throw new UpstreamError('Jira', response.status, 'creating the issue');
      }
      return { id: body.id, key: body.key };
    },

    async editIssue(issueIdOrKey, edit) {
      const fields: Record<string, unknown> = {};
      const update: Record<string, unknown> = {};
      if (edit.parentKey) fields.parent = { key: edit.parentKey };
      if (edit.dueDate) fields.duedate = edit.dueDate;
      if (edit.summary !== undefined) fields.summary = edit.summary;
      if (edit.description) fields.description = edit.description;
      if (edit.addLabels && edit.addLabels.length > 0) {
        update.labels = edit.addLabels.map((label) => ({ add: label }));
      }
      // Jira ignores notifyUsers=false for a user who may not decide it, and mails as usual.
      const query = new URLSearchParams({ notifyUsers: 'false' });
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${query}`, {
            method: 'PUT',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ fields, update }),
          }),
        retry(),
        changePolicy,
      );
      return outcomeOf(response, 'the issue edit');
    },

    async deleteIssueLink(linkId) {
      const response = await withRetry(
        () =>
          asUser.requestJira(route`/rest/api/3/issueLink/${linkId}`, {
            method: 'DELETE',
            headers,
          }),
        retry(),
        changePolicy,
      );
      if (response.status === 404) return { ok: true };
      return outcomeOf(response, 'removing the issue link');
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
        handBackThrottling ? { ...retry(), maxAttempts: 1 } : retry(),
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
        fields: errorFields(error.elementErrors),
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
  };
}
