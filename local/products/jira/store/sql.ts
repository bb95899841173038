/** The Jira site's database: the shared statement cache, and ids as a fresh site gives them. */
import { SqlDatabase, StoreArea } from '../../sql';

/** Ids start where a fresh Jira Cloud site starts them. */
const FIRST_ID = 10000;

export class JiraDatabase extends SqlDatabase {
  /** The next id of a table, never below the first id a fresh site gives. */
  nextId(table: 'jira_projects' | 'jira_issues' | 'jira_issue_links', column: string): number {
    const row = this.statement<[], { id: number | null }>(
      `SELECT MAX(${column}) AS id FROM ${table}`,
    ).get();
    return Math.max(row?.id ?? 0, FIRST_ID - 1) + 1;
  }
}

/** The store of one area of the Jira site. */
export abstract class JiraArea extends StoreArea<JiraDatabase> {}
