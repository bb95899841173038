/**
 * The Forge storage emulator: answers the REST calls `@forge/kvs` sends through
 * `__forge_fetch__` (`/api/v1/get`, `/api/v1/entity/query`, `/api/v1/transaction`…) from SQLite.
 * Only faults and call counts live in memory; all data is in the database.
 */
import type { Database } from 'better-sqlite3';
import { ErrorCode, KvsError } from './errors';
import type { EntityDef } from './manifest';
import { buildRoutes, type Route } from './routes';
import { createSchema } from './schema';
import { Store } from './store';

export interface KvsEmulatorOptions {
  /** Clock in epoch ms, for TTL and metadata; tests pass a fake one. */
  now?: () => number;
}

export interface KvsStats {
  calls: number;
  byPath: Record<string, number>;
}

interface Fault {
  pathPrefix: string;
  remaining: number;
  status: number;
  code: string;
}

export class KvsEmulator {
  private readonly routes: ReadonlyMap<string, Route>;
  private readonly now: () => number;
  private faults: Fault[] = [];
  private counters: KvsStats = { calls: 0, byPath: {} };

  /** Creates the `kvs_` tables if missing; the db may be file-backed or ':memory:'. */
  constructor(db: Database, entities: EntityDef[], options: KvsEmulatorOptions = {}) {
    createSchema(db);
    this.now = options.now ?? Date.now;
    this.routes = buildRoutes(db, new Store(db, entities));
  }

  /** Synchronous: one storage REST call. Returns the HTTP status and JSON body (undefined when empty). */
  handle(path: string, body: string): { status: number; body: unknown } {
    this.counters.calls += 1;
    this.counters.byPath[path] = (this.counters.byPath[path] ?? 0) + 1;

    const fault = this.faults.find((candidate) => path.startsWith(candidate.pathPrefix));
    if (fault) {
      fault.remaining -= 1;
      if (fault.remaining <= 0)
        this.faults = this.faults.filter((candidate) => candidate !== fault);
      return {
        status: fault.status,
        body: { code: fault.code, message: `Injected fault ${fault.code}` },
      };
    }

    const route = this.routes.get(path);
    if (!route) {
      return {
        status: 404,
        body: { code: ErrorCode.NOT_FOUND, message: `No storage operation at ${path}` },
      };
    }
    try {
      return route(body, this.now());
    } catch (error) {
      if (error instanceof KvsError) return { status: error.status, body: error.toBody() };
      // A bug in the emulator, surfaced the way the platform surfaces its own.
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: { code: ErrorCode.INTERNAL_SERVER_ERROR, message } };
    }
  }

  /** Test hook: the next `count` calls whose path starts with `pathPrefix` fail with this status/code. */
  failNext(pathPrefix: string, count: number, status: number, code: string): void {
    if (count > 0) this.faults.push({ pathPrefix, remaining: count, status, code });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Counts of calls by path since construction or the last `resetStats()`; benchmarks read it. */
  get stats(): { calls: number; byPath: Record<string, number> } {
    return this.counters;
  }

  resetStats(): void {
    this.counters = { calls: 0, byPath: {} };
  }
}
