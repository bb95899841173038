/**
 * The one router of the local host: the HTTP server, the Jira and Confluence emulators, the
 * storage emulator and the async events emulator each add their endpoints to one of these, as
 * `router.add(method, template, handler)`. What a handler receives and answers is the owner's
 * business (a product request, a storage body, an HTTP request); the router only finds it.
 *
 * Templates use the OpenAPI specs' notation, so a route's template doubles as its name in call
 * statistics and as the operation an answer is checked against: `{name}` is one path segment,
 * percent-decoded (a segment that does not decode matches no route); `{name*}` is the rest of
 * the path, possibly empty, left as sent (it is a path of its own, which its handler reads).
 * Method `*` answers any method the path has no route for.
 *
 * Why not a routing library: the templates must stay the specs' own (they name routes in
 * statistics and select the operation an answer is checked against) and handlers differ per
 * emulator; find-my-way or path-to-regexp would need a translation layer for both, for no
 * routing this does not already do.
 */

interface Route<H> {
  method: string;
  template: string;
  pattern: RegExp;
  /** Segment parameters, then at most one rest parameter, in template order. */
  paramNames: string[];
  restName: string | undefined;
  handler: H;
}

export interface RouteMatch<H> {
  /** The template the route was added with, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  template: string;
  handler: H;
  params: Record<string, string>;
}

export const ANY_METHOD = '*';

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, template: string, handler: H): this {
    const paramNames: string[] = [];
    let restName: string | undefined;
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        if (restName !== undefined) throw new Error(`${template}: the rest parameter comes last`);
        if (name.endsWith('*')) {
          restName = name.slice(0, -1);
          return '(.*)';
        }
        paramNames.push(name);
        return '([^/]+)';
      })
      .join('');
    this.routes.push({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${source}$`),
      paramNames,
      restName,
      handler,
    });
    return this;
  }

  /**
   * Finds the route for a request. Literal segments win over parameters regardless of the order
   * routes were added (`/user/bulk` is not `/user/{id}`), as in Jira's own routing; a route for
   * the method wins over one for any method.
   */
  match(method: string, pathname: string): RouteMatch<H> | undefined {
    const wanted = method.toUpperCase();
    let best: { route: Route<H>; values: string[] } | undefined;
    for (const route of this.routes) {
      if (route.method !== wanted && route.method !== ANY_METHOD) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (!best || rank(route) < rank(best.route)) best = { route, values: found.slice(1) };
    }
    if (!best) return undefined;
    const { route, values } = best;
    const params: Record<string, string> = {};
    for (const [index, name] of route.paramNames.entries()) {
      const value = decoded(values[index] ?? '');
      // A malformed escape (`%E0`) names nothing: no route, rather than a crash.
      if (value === undefined) return undefined;
      params[name] = value;
    }
    if (route.restName !== undefined) params[route.restName] = values.at(-1) ?? '';
    return { template: route.template, handler: route.handler, params };
  }
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Lower is more specific: no rest parameter, then fewer segment parameters, then a route for the
 * method itself rather than for any method. Ties go to the route added first.
 */
function rank(route: Route<unknown>): number {
  const rest = route.restName === undefined ? 0 : 1_000;
  return rest + route.paramNames.length * 2 + (route.method === ANY_METHOD ? 1 : 0);
}
