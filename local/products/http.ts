/**
 * The small HTTP toolkit shared by the product emulators: a router over path templates (the
 * templates double as the route names in `stats.byRoute`) and response builders.
 */
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

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  paramNames: string[];
  handler: RouteHandler;
}

export interface RouteMatch {
  template: string;
  handler: RouteHandler;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  /** `template` uses the spec's notation, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  add(method: string, template: string, handler: RouteHandler): this {
    const paramNames: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        paramNames.push(name);
        return '([^/]+)';
      })
      .join('');
    this.routes.push({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${source}$`),
      paramNames,
      handler,
    });
    return this;
  }

  /**
   * Finds the route for a request. Literal segments win over parameters regardless of the order
   * routes were added (`/user/bulk` is not `/user/{id}`), as in Jira's own routing.
   */
  match(method: string, pathname: string): RouteMatch | undefined {
    let best: { route: Route; values: string[] } | undefined;
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (!best || route.paramNames.length < best.route.paramNames.length) {
        best = { route, values: found.slice(1) };
      }
    }
    if (!best) return undefined;
    const params: Record<string, string> = {};
    best.route.paramNames.forEach((name, index) => {
      params[name] = decodeURIComponent(best.values[index] ?? '');
    });
    return { template: best.route.template, handler: best.route.handler, params };
  }
}

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
