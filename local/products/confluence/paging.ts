/**
 * How the v2 list operations page: `limit` (1–250, larger values capped), an opaque `cursor`
 * that continues after the last id shown, and the `_links.next` / `Link` header of the answer.
 */
import { z } from 'zod';
import { jsonResponse } from '../http';
import type { JsonObject } from '../json';
import { DEFAULT_LIMIT } from './access';
import { v2Error } from './representation';

const MAX_LIMIT = 250;

/** `limit` and `cursor` of a v2 list request, or the 400 Confluence answers to either. */
export function listRequest(
  query: URLSearchParams,
): { limit: number; after: number | undefined } | Response {
  const limit = limitOf(query);
  if (limit === undefined) return v2Error(400, "The 'limit' parameter must be between 1 and 250.");
  const after = decodeCursor(query.get('cursor'));
  if (after === null) return v2Error(400, 'The cursor is invalid or has expired.');
  return { limit, after };
}

/** `limit` as the v2 list operations read it; undefined when it is not a valid limit (a 400). */
function limitOf(query: URLSearchParams): number | undefined {
  const raw = query.get('limit');
  if (raw === null || raw.trim() === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const limit = Number(raw);
  return limit < 1 ? undefined : Math.min(limit, MAX_LIMIT);
}

function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

/** The id a cursor continues after; undefined without a cursor; null when it is not ours. */
function decodeCursor(cursor: string | null): number | undefined | null {
  if (cursor === null || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z.object({ after: z.number().int().nonnegative() }).safeParse(value);
    return parsed.success ? parsed.data.after : null;
  } catch {
    return null;
  }
}

/** A v2 list answer: `results`, `_links.next` (relative, with the cursor) and `Link` header. */
export function listPage(
  base: string,
  pathname: string,
  query: URLSearchParams,
  results: JsonObject[],
  next: { lastId: number; limit: number } | undefined,
): Response {
  const links: JsonObject = {};
  const headers: Record<string, string> = {};
  if (next) {
    const params = new URLSearchParams(query);
    params.set('cursor', encodeCursor(next.lastId));
    params.set('limit', String(next.limit));
    const nextUrl = `${pathname}?${params.toString()}`;
    links.next = nextUrl;
    headers.link = `<${nextUrl}>; rel="next", <${base}>; rel="base"`;
  }
  links.base = base;
  return jsonResponse(200, { results, _links: links }, headers);
}
