/** The SQLite access every Jira store shares: cached prepared statements and transactions. */
import type { Database, Statement } from 'better-sqlite3';

/** Ids start where a fresh Jira Cloud site starts them. */
const FIRST_ID = 10000;

export class JiraDatabase {
  /** Prepared statements by SQL text: preparing costs more than running on the hot paths. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /**
   * A prepared statement, cached by its SQL. The cache holds statements of every parameter and
   * row type, so the typed view is re-asserted here, from the same type arguments the statement
   * was first prepared with (the SQL text decides both).
   */
  statement<Params extends unknown[] = unknown[], Row = unknown>(
    source: string,
  ): Statement<Params, Row> {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement as unknown as Statement<Params, Row>;
  }

  /** Runs `fn` in one SQLite transaction (a nested call becomes a savepoint of the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  exec(source: string): void {
    this.db.exec(source);
  }

  /** The next id of a table, never below the first id a fresh site gives. */
  nextId(table: 'jira_projects' | 'jira_issues' | 'jira_issue_links', column: string): number {
    const row = this.statement<[], { id: number | null }>(
      `SELECT MAX(${column}) AS id FROM ${table}`,
    ).get();
    return Math.max(row?.id ?? 0, FIRST_ID - 1) + 1;
  }
}

/** What each store of one area builds on: the shared database, with its statement cache. */
export abstract class JiraArea {
  constructor(protected readonly db: JiraDatabase) {}

  protected sql<Params extends unknown[] = unknown[], Row = unknown>(
    source: string,
  ): Statement<Params, Row> {
    return this.db.statement<Params, Row>(source);
  }

  protected transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }
}
