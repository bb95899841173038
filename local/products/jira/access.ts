/**
 * Who is asking and what they may do, shared by the Jira routes: the acting account (the app's
 * own account for `asApp()` calls; unknown or inactive accounts count as anonymous) and its
 * project permissions, as Jira's permission scheme grants them.
 */
import type { ProductActor } from '../../runtime';
import type { Links } from './representation';
import { APP_ACCOUNT_ID, type JiraIssue, type JiraStore, type JiraUser } from './store';

export interface JiraAccess {
  store: JiraStore;
  links: Links;
  /** The acting account, or undefined for an anonymous call. */
  callerOf(actor: ProductActor): JiraUser | undefined;
  /** Whether `user` holds the project permission `permission` in `projectId`. */
  holds(user: JiraUser | undefined, projectId: number, permission: string): boolean;
  /** The issue if it exists and `user` may browse it (Jira's 404 covers both otherwise). */
  visibleIssue(user: JiraUser | undefined, idOrKey: string): JiraIssue | undefined;
}

export function createAccess(store: JiraStore, links: Links): JiraAccess {
  const holds = (user: JiraUser | undefined, projectId: number, permission: string): boolean =>
    user !== undefined &&
    store.permissions.projectPermissionsOf(user.accountId, projectId).has(permission);
  return {
    store,
    links,
    callerOf(actor) {
      const user = store.users.getUser(actor.kind === 'app' ? APP_ACCOUNT_ID : actor.accountId);
      return user?.active ? user : undefined;
    },
    holds,
    visibleIssue(user, idOrKey) {
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
