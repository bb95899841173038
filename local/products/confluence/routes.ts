/**
 * The Confluence Cloud REST endpoints the emulator answers, each shaped like its operation in
 * `confluence-v2.json` (`/wiki/api/v2`) or `confluence-v1.json` (`/wiki/rest/api`) and answering
 * for the acting user's permissions, as Confluence does for Forge `asUser()` calls. One module
 * per resource: spaces, pages and templates; the current user is here.
 *
 * Who is asking: `asUser()` calls run as that user; `asApp()` calls run as the app's own account
 * (the same app user as in Jira), which the seed gives view and edit rights in the demo spaces but
 * never admin rights. An account the site does not know is anonymous, and this site, like most,
 * allows no anonymous access: v2 answers 401, v1 answers 403 where that is what it documents.
 *
 * Permission answers follow the specs: v2 hides what a user may not view behind 404 (pages,
 * spaces) and a missing "add page" right too (documented as 404 for create and update); v1
 * templates answer 403 both for "no such template" and "not allowed", as documented.
 */
import { Router } from '../../router';
import { jsonResponse, listParam, type ProductRouter, type RouteHandler } from '../http';
import { V1, V2, createAccess, type ConfluenceLinks } from './access';
import { addPageRoutes } from './page-routes';
import { applicationOperations, v1Error, v1UserJson, v2Error } from './representation';
import { addSpaceRoutes } from './space-routes';
import type { ConfluenceStore } from './store';
import { addTemplateRoutes } from './template-routes';

export type { ConfluenceLinks } from './access';

export function createConfluenceRouter(
  store: ConfluenceStore,
  links: ConfluenceLinks,
): ProductRouter {
  const router = new Router<RouteHandler>();
  const access = createAccess(store, links);

  // Operation getCurrentUser with `expand=operations`: `administer application` marks a
  // Confluence administrator (what registering a global template needs). No v2 operation
  // tells this.
  router.add('GET', `${V1}/user/current`, ({ actor, query }) => {
    const me = access.callerOf(actor);
    if (!me) return v1Error(403, 'The calling user does not have permission to use Confluence.');
    const expand = listParam(query, 'expand');
    const operations = expand.includes('operations')
      ? applicationOperations(store.users.isConfluenceAdmin(me.accountId))
      : undefined;
    return jsonResponse(200, v1UserJson(me, { base: access.base, operations }));
  });

  addSpaceRoutes(router, access);
  addPageRoutes(router, access);
  addTemplateRoutes(router, access);
  return router;
}

/**
 * An emulator bug must look like a Confluence server failure, in the error shape of the API
 * called (v2 or v1), and still say what broke.
 */
export function confluenceServerError(pathname: string, message: string): Response {
  return pathname.startsWith(V2) ? v2Error(500, message) : v1Error(500, message);
}
