/**
 * The local Forge host's Jira and Confluence: answers the product calls that the real
 * `@forge/api` makes (`requestJira`, `asUser().requestJira`, `asApp()…`, and Confluence alike),
 * handed over by the runtime shim as `ProductRequest`s, the way Jira Cloud would — permissions
 * per user, Jira-shaped bodies — with switchable faults and call statistics for tests and
 * benchmarks.
 */
import type { Database } from 'better-sqlite3';
import type { ProductName, ProductRequest } from '../runtime';
import { confluenceServerError, createConfluenceRouter } from './confluence/routes';
import { ConfluenceStore } from './confluence/store';
import { FaultRegistry, faultResponse, type FaultController } from './faults';
import { jiraError, notImplemented, type ProductRouter } from './http';
import type { Links } from './jira/representation';
import { createJiraRouter } from './jira/routes';
import { JiraStore, type ValidatorHook } from './jira/store';

export type { FaultController, FaultRule } from './faults';
export { JiraStore, APP_ACCOUNT_ID } from './jira/store';
export type {
  IndexedPropertyValue,
  JiraIssue,
  JiraProject,
  JiraUser,
  JiraWorkflow,
  NewJiraIssue,
  NewJiraUser,
  NewWorkflowTransition,
  SentNotification,
  ValidatorHook,
  ValidatorRun,
  ValidatorVerdict,
  WorkflowRule,
  WorkflowTransition,
} from './jira/store';
export { ConfluenceStore } from './confluence/store';

/** A person of the demo company, as the host's persona switcher and the tests know them. */
export interface Persona {
  /** Stable handle (`coordinator`, `head-sales`…) used by the host and tests. */
  key: string;
  accountId: string;
  displayName: string;
  email: string;
  /** BCP 47, e.g. `fr-FR`. */
  locale: string;
  /** IANA, e.g. `Europe/Paris`. */
  timeZone: string;
  jiraAdmin: boolean;
  canBrowseRoll: boolean;
  /** What they do in the demo company, as the host's index describes them. */
  role?: string;
}

export interface ProductEmulatorOptions {
  /**
   * Origin that absolute URLs in answers (`self`, `nextPage`) start with. The host passes its own
   * origin so the links work from a browser; `http://127.0.0.1` by default.
   */
  origin?: string;
}

export interface ProductStats {
  calls: number;
  /** Calls per route, e.g. `GET /rest/api/3/issue/{issueIdOrKey}`; unknown paths appear as sent. */
  byRoute: Record<string, number>;
}

/** One product's endpoints, and how it answers when one of them fails unexpectedly. */
interface ProductApi {
  router: ProductRouter;
  serverError(pathname: string, message: string): Response;
}

export class ProductEmulator {
  readonly faults: FaultController;
  readonly stats: ProductStats = { calls: 0, byRoute: {} };
  readonly jira: JiraStore;
  readonly confluence: ConfluenceStore;

  private readonly faultRegistry = new FaultRegistry();
  private readonly apis: Record<ProductName, ProductApi>;

  /** Creates the `jira_` and `confluence_` tables if missing (file-backed or `:memory:`). */
  constructor(db: Database, options: ProductEmulatorOptions = {}) {
    const origin = (options.origin ?? 'http://127.0.0.1').replace(/\/+$/, '');
    const jiraLinks: Links = { jiraBase: `${origin}/__forge/jira`, siteBase: origin };
    this.faults = this.faultRegistry;
    this.jira = new JiraStore(db);
    this.confluence = new ConfluenceStore(db);
    this.apis = {
      jira: {
        router: createJiraRouter(this.jira, jiraLinks),
        serverError: (_pathname, message) => jiraError(500, [message]),
      },
      confluence: {
        router: createConfluenceRouter(this.confluence, {
          confluenceBase: `${origin}/__forge/confluence`,
          jira: jiraLinks,
        }),
        serverError: confluenceServerError,
      },
    };
  }

  /** Answers one product call as the product would, after any fault that matches it. */
  async handle(request: ProductRequest): Promise<Response> {
    const url = new URL(request.path, 'http://product.invalid');
    const method = request.method.toUpperCase();
    const api = this.apis[request.product];
    const route = api.router.match(method, url.pathname);

    this.stats.calls += 1;
    const routeName = `${method} ${route?.template ?? url.pathname}`;
    this.stats.byRoute[routeName] = (this.stats.byRoute[routeName] ?? 0) + 1;

    const fault = this.faultRegistry.take(request.product, method, url.pathname);
    if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.answer && !fault.answer.afterHandling) {
      return faultResponse(request.product, fault.answer);
    }

    if (!route) return notImplemented(method, url.pathname);
    let answer: Response;
    try {
      answer = await route.handler({
        actor: request.actor,
        method,
        pathname: url.pathname,
        query: url.searchParams,
        params: route.params,
        headers: request.headers,
        body: request.body,
      });
    } catch (error) {
      // An emulator bug must look like a server failure to the app, and still say what broke.
      const message = error instanceof Error ? error.message : String(error);
      answer = api.serverError(url.pathname, `Emulator error: ${message}`);
    }
    // The product did the work; the client only sees the failure.
    return fault.answer ? faultResponse(request.product, fault.answer) : answer;
  }

  /**
   * Installs the function through which Jira runs the app's workflow validators on a transition
   * (the host runs the validator's Forge function); undefined removes it.
   */
  setValidatorHook(hook: ValidatorHook | undefined): void {
    this.jira.workflows.setValidatorHook(hook);
  }

  /** Clears statistics (benchmarks measure one scenario at a time). */
  resetStats(): void {
    this.stats.calls = 0;
    for (const key of Object.keys(this.stats.byRoute)) {
      // Mutated in place: callers may hold the `stats` object.
      Reflect.deleteProperty(this.stats.byRoute, key);
    }
  }
}
