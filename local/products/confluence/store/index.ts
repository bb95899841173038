/**
 * The emulated Confluence site's data on SQLite (tables prefixed `confluence_`, schema.ts), one
 * store per area: the people who use it and its administrators, spaces with per-account
 * permissions (view, edit, admin), pages with their full version history, and page templates
 * (per space or global). Typed access for the routes, the seed, the host pages and tests, as
 * `confluence.pages.getPage(…)`, `confluence.spaces.getSpaceByKey(…)`.
 */
import type { Database } from 'better-sqlite3';
import { PageStore } from './pages';
import { SCHEMA } from './schema';
import { SpaceStore } from './spaces';
import { ConfluenceDatabase } from './sql';
import { TemplateStore } from './templates';
import { UserStore } from './users';

export type * from './types';
export { foldTitle } from './pages';
export { effectivePermissions } from './spaces';

export class ConfluenceStore {
  readonly users: UserStore;
  readonly spaces: SpaceStore;
  readonly pages: PageStore;
  readonly templates: TemplateStore;

  private readonly db: ConfluenceDatabase;

  constructor(db: Database) {
    this.db = new ConfluenceDatabase(db);
    this.db.exec(SCHEMA);
    this.users = new UserStore(this.db);
    this.pages = new PageStore(this.db);
    this.spaces = new SpaceStore(this.db, this.pages);
    this.templates = new TemplateStore(this.db);
  }

  /** Runs `fn` in one SQLite transaction (a nested call becomes a savepoint). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  /** True while the site has neither people nor spaces (what a seed checks before seeding). */
  isEmpty(): boolean {
    const row = this.db
      .statement<[], { n: number }>(
        `SELECT (SELECT COUNT(*) FROM confluence_users) + (SELECT COUNT(*) FROM confluence_spaces) AS n`,
      )
      .get();
    return (row?.n ?? 0) === 0;
  }
}
