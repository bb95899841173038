/**
 * The emulated Confluence site's data (tables prefixed `confluence_`). Empty for now: spaces,
 * pages and templates come with the work that needs them, added to `SCHEMA` in the same
 * "CREATE TABLE IF NOT EXISTS" way as the Jira store, so existing data files keep working.
 */
import type { Database } from 'better-sqlite3';

const SCHEMA = `
-- confluence_spaces, confluence_pages, confluence_templates: added with their endpoints.
`;

export class ConfluenceStore {
  constructor(private readonly db: Database) {
    this.db.exec(SCHEMA);
  }

  /** True while the site has no content (what a seed checks before seeding). */
  isEmpty(): boolean {
    return true;
  }
}
