/**
 * What the product emulators' routes receive and answer (the router itself is the host's one,
 * `local/router.ts`, whose templates double as the route names in `stats.byRoute`), and the
 * response builders they share.
 */
import type { Router } from '../router';
import type { ProductActor } from '../runtime';

export interface RouteRequest {
  actor: ProductActor;
  method: string;
  /** The path without its query string, e.g. `/rest/api/3/issue/ROLL-1`. */
  pathname: string;
  query: URLSearchParams;
  /** Path parameters, already percent-decoded. */
  params: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string>>;
  body: string | undefined;
}

export type RouteHandler = (request: RouteRequest) => Response | Promise<Response>;

/** The router of a product emulator: one per product, templates as in its OpenAPI spec. */
export type ProductRouter = Router<RouteHandler>;

/** Jira answers JSON with this exact content type. */
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, ...headers },
  });
}

/** Jira's `ErrorCollection` body, the shape of every Jira error answer. */
export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
}

export function jiraError(
  status: number,
  errorMessages: string[],
  errors: Record<string, string> = {},
  headers: Record<string, string> = {},
): Response {
  const body: ErrorCollection = { errorMessages, errors };
  return jsonResponse(status, body, headers);
}

/** Answer for a route the emulator lacks: a 404 that names the gap instead of hiding it. */
export function notImplemented(method: string, pathname: string): Response {
  return jiraError(404, [`Emulator does not implement ${method.toUpperCase()} ${pathname}`]);
}

/**
 * Reads a list query parameter the way Jira does: repeated (`?fields=a&fields=b`) and
 * comma-separated (`?fields=a,b`) forms are equivalent; blanks are dropped.
 */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/**
 * Reads a non-negative integer query parameter, `fallback` when absent; `null` when present but
 * not a number, so the caller can answer 400 as Jira does for a malformed paging parameter.
 */
export function intParam(query: URLSearchParams, name: string, fallback: number): number | null {
  const raw = query.get(name)?.trim();
  if (raw === undefined || raw === '') return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}
