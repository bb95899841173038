/**
 * What the Confluence routes share: who is asking (the app's own account for `asApp()` calls; an
 * account the site lacks is anonymous), whether they may view a space, the site's base URL, and
 * the way Confluence reads ids and JSON bodies.
 */
import { z } from 'zod';
import type { ProductActor } from '../../runtime';
import type { Links } from '../jira/representation';
import { APP_ACCOUNT_ID } from '../jira/store';
import { siteBase, v2Error } from './representation';
import type { ConfluenceStore, ConfluenceUser } from './store';

export const V2 = '/wiki/api/v2';
export const V1 = '/wiki/rest/api';

export interface ConfluenceLinks {
  /** e.g. `http://127.0.0.1/__forge/confluence`. */
  confluenceBase: string;
  /** User references in Confluence answers point at the same Atlassian accounts as Jira. */
  jira: Links;
}

export interface ConfluenceAccess {
  store: ConfluenceStore;
  /** The site's base URL as answers report it (`_links.base`). */
  base: string;
  /** The acting account, or undefined for an anonymous call. */
  callerOf(actor: ProductActor): ConfluenceUser | undefined;
  canView(user: ConfluenceUser, spaceId: number): boolean;
}

export function createAccess(store: ConfluenceStore, links: ConfluenceLinks): ConfluenceAccess {
  return {
    store,
    base: siteBase(links),
    callerOf: (actor) =>
      store.users.getUser(actor.kind === 'app' ? APP_ACCOUNT_ID : actor.accountId),
    canView: (user, spaceId) =>
      store.spaces.spacePermissionsOf(user.accountId, spaceId).has('view'),
  };
}

/** v2's answer to a call without a known user. */
export function unauthorized(): Response {
  return v2Error(401, 'Authentication credentials are missing or invalid.');
}

/** v2's answer to a path id that is not a number. */
export function invalidPathId(raw: string | undefined): Response {
  return v2Error(
    400,
    `Provided value {${raw ?? ''}} for 'id' is not the correct type. Expected type is long`,
  );
}

/** v2 list operations: `limit` defaults to 25 and may not exceed 250. */
export const DEFAULT_LIMIT = 25;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseJson<T>(text: string | undefined, schema: z.ZodType<T>): Parsed<T> {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return { ok: false, message: 'Could not parse the request body as JSON.' };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  return {
    ok: false,
    message: `Invalid request body${where === '' ? '' : ` at '${where}'`}: ${issue?.message ?? 'invalid'}`,
  };
}

/** Ids in paths and bodies are int64 in the specs; digits only, as Confluence parses them. */
export function numericId(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** An id as request bodies may give it: a JSON string or integer. */
export const idValue = z.union([z.string(), z.number().int()]);
