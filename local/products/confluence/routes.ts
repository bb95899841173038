/**
 * The Confluence REST endpoints the emulator answers (v2 under `/wiki/api/v2`, v1 under
 * `/wiki/rest/api`). None yet: every call gets the emulator's "not implemented" 404, so the gap is
 * visible. Register routes in the constructor with the specs' full path templates (which also
 * name them in `stats.byRoute`), e.g.
 * `this.router.add('GET', '/wiki/api/v2/pages/{id}', (request) => this.getPage(request))`.
 */
import { Router } from '../http';
import type { Links } from '../jira/representation';
import type { ConfluenceStore } from './store';

export interface ConfluenceLinks {
  /** e.g. `http://127.0.0.1/__forge/confluence`. */
  confluenceBase: string;
  /** User references in Confluence answers point at the same Atlassian accounts as Jira. */
  jira: Links;
}

export class ConfluenceApi {
  readonly router = new Router();

  constructor(
    readonly store: ConfluenceStore,
    readonly links: ConfluenceLinks,
  ) {}
}
