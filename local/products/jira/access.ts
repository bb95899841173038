/**
 * Who is asking and what they may do, shared by the Jira routes: the acting account (the app's
 * own account for `asApp()` calls; unknown or inactive accounts count as anonymous) and its
 * project permissions, as Jira's permission scheme grants them.
 */
import type { ProductActor } from '../../runtime';
import { jiraError } from '../http';
import type { JsonObject, JsonValue } from '../json';
import type { Links } from './representation';
import { APP_ACCOUNT_ID, type JiraIssue, type JiraStore, type JiraUser } from './store';

export interface JiraAccess {
  store: JiraStore;
  links: Links;
  /** The acting account, or undefined for an anonymous call. */
  callerOf: (actor: ProductActor) => JiraUser | undefined;
  /** Whether `user` holds the global permission `permission`. */
  hasGlobal: (user: JiraUser | undefined, permission: string) => boolean;
  /** Whether `user` holds the project permission `permission` in `projectId`. */
  holds: (user: JiraUser | undefined, projectId: number, permission: string) => boolean;
  /** The issue if it exists and `user` may browse it (Jira's 404 covers both otherwise). */
  visibleIssue: (user: JiraUser | undefined, idOrKey: string) => JiraIssue | undefined;
}

export function createAccess(store: JiraStore, links: Links): JiraAccess {
  const holds = (user: JiraUser | undefined, projectId: number, permission: string): boolean =>
    user !== undefined &&
    store.permissions.projectPermissionsOf(user.accountId, projectId).has(permission);
  return {
    store,
    links,
    callerOf: (actor) => {
      const user = store.users.getUser(actor.kind === 'app' ? APP_ACCOUNT_ID : actor.accountId);
      return user?.active ? user : undefined;
    },
    hasGlobal: (user, permission) =>
      user !== undefined && store.permissions.globalPermissionsOf(user.accountId).has(permission),
    holds,
    visibleIssue: (user, idOrKey) => {
      const issue = store.issues.getIssue(idOrKey);
      return issue && holds(user, issue.projectId, 'BROWSE_PROJECTS') ? issue : undefined;
    },
  };
}

/** Jira's answer for an issue that does not exist or that the caller may not see. */
export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

/** Parses a JSON request body; `undefined` text (no body) parses as `undefined`. */
export function parseBody(
  body: string | undefined,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (body === undefined || body.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return {
      ok: false,
      message: 'Unexpected character in the request body: it is not valid JSON.',
    };
  }
}

export function unauthorized(): Response {
  return jiraError(401, [
    'You are not authenticated. Authentication required to perform this operation.',
  ]);
}

export function badRequest(message: string, errors: Record<string, string> = {}): Response {
  return jiraError(400, [message], errors);
}

/** Jira's message when paging parameters are not numbers. */
export function invalidPaging(name: string): Response {
  return badRequest(`The '${name}' parameter must be a non-negative integer.`);
}

/**
 * A `PageBean` of `values`, the page at `startAt` of `total` items, with its `self` link and,
 * unless it is the last, its `nextPage` link, both made by `pageUrl` from a page's start.
 */
export function pageBean(
  page: { startAt: number; maxResults: number; total: number; values: JsonValue[] },
  pageUrl: (startAt: number) => string,
): JsonObject {
  const isLast = page.startAt + page.values.length >= page.total;
  const bean: JsonObject = { self: pageUrl(page.startAt) };
  if (!isLast) bean.nextPage = pageUrl(page.startAt + page.values.length);
  bean.maxResults = page.maxResults;
  bean.startAt = page.startAt;
  bean.total = page.total;
  bean.isLast = isLast;
  bean.values = page.values;
  return bean;
}
