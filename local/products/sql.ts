/**
 * The SQLite access the product emulators' stores share: prepared statements cached by their SQL
 * (preparing costs more than running on the hot paths), and transactions. Each product's store
 * is split by area, each area a `StoreArea` over the product's one database.
 */
import type { Database, Statement } from 'better-sqlite3';

export class SqlDatabase {
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
}

/** What the store of one area builds on: its product's database. */
export abstract class StoreArea<D extends SqlDatabase> {
  constructor(protected readonly db: D) {}

  protected sql<Params extends unknown[] = unknown[], Row = unknown>(
    source: string,
  ): Statement<Params, Row> {
    return this.db.statement<Params, Row>(source);
  }

  protected transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }
}
