/**
 * The Jira Cloud REST endpoints the emulator answers, each shaped like its operation in
 * `jira-platform.v3.json` (parameters, statuses, bodies) and answering for the acting user's
 * permissions, as Jira does for Forge `asUser()` calls.
 *
 * Who is asking: `asUser()` calls run as that user; `asApp()` calls run as the app's own account
 * (Jira's app "bot" user, `APP_ACCOUNT_ID`), which Forge documents as the identity of app calls
 * and which holds the `atlassian-addons-project-access` role in every project. An account the
 * site does not know, or a deactivated one, is treated as anonymous: operations that "can be
 * accessed anonymously" answer as for an anonymous user, the others answer 401.
 */
import { Router } from '../../router';
import type { ProductRouter, RouteHandler } from '../http';
import { createAccess } from './access';
import { addCreateRoutes } from './create-routes';
import { addEditRoutes } from './edit-routes';
import { addIssueRoutes } from './issue-routes';
import { addPermissionRoutes } from './permission-routes';
import { addProjectRoutes } from './project-routes';
import type { Links } from './representation';
import { addSearchRoutes } from './search-routes';
import type { JiraStore } from './store';
import { addUserRoutes } from './user-routes';

/** Every Jira endpoint on one router, each area's routes in its own file. */
export function createJiraRouter(store: JiraStore, links: Links): ProductRouter {
  const router = new Router<RouteHandler>();
  const access = createAccess(store, links);
  addUserRoutes(router, access);
  addPermissionRoutes(router, access);
  addProjectRoutes(router, access);
  addIssueRoutes(router, access);
  addCreateRoutes(router, access);
  addEditRoutes(router, access);
  addSearchRoutes(router, access);
  return router;
}
