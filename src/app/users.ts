/** Jira users for views and e-mails: looked up in bulk, a fixed number of calls per answer. */
import type { UserSummary } from '../contract';
import type { JiraPort, JiraUser } from '../atlassian/jira/port';

/** Jira's bulk user look-up takes up to 200 ids; a rollout panel names at most ~250 people. */
const USER_LOOKUP_CHUNK = 200;

export type Users = ReadonlyMap<string, JiraUser>;

/** Looks the ids up in parallel chunks: one call up to 200 distinct people. */
export async function lookUpUsers(
  jira: Pick<JiraPort, 'getUsers'>,
  accountIds: Iterable<string>,
): Promise<Map<string, JiraUser>> {
  const unique = [...new Set(accountIds)].filter((id) => id !== '');
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += USER_LOOKUP_CHUNK) {
    chunks.push(unique.slice(i, i + USER_LOOKUP_CHUNK));
  }
  const maps = await Promise.all(chunks.map((chunk) => jira.getUsers(chunk)));
  return new Map(maps.flatMap((map) => [...map]));
}

/** Display names by account id, looked up as `lookUpUsers` does (no call for no ids). */
export async function lookUpNames(
  jira: Pick<JiraPort, 'getUsers'>,
  accountIds: Iterable<string>,
): Promise<Map<string, string>> {
  const users = await lookUpUsers(jira, accountIds);
  return new Map([...users].map(([id, user]) => [id, user.displayName]));
}

/**
 * The same, for answers given after a write that must stand (a recorded decision): when Jira
 * fails, the answer shows account ids without names rather than failing the call.
 */
export async function lookUpUsersAfterWrite(
  jira: Pick<JiraPort, 'getUsers'>,
  accountIds: Iterable<string>,
): Promise<Map<string, JiraUser>> {
  try {
    return await lookUpUsers(jira, accountIds);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    console.warn(`[rollout-coordinator] user look-up failed after a write: ${reason}`);
    return new Map();
  }
}

export function userSummary(accountId: string, users: Users): UserSummary {
  const user = users.get(accountId);
  // Someone who left the company still shows, flagged inactive.
  return user
    ? { accountId, displayName: user.displayName, avatarUrl: user.avatarUrl, active: user.active }
    : { accountId, displayName: '', avatarUrl: null, active: false };
}

export function optionalUser(accountId: string, users: Users): UserSummary | null {
  return accountId ? userSummary(accountId, users) : null;
}

/** A name for e-mails and exports: the display name, else the account id. */
export function nameOf(accountId: string, users: Users): string {
  return users.get(accountId)?.displayName ?? accountId;
}
