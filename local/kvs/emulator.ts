/**
 * The Forge storage emulator: answers the REST calls `@forge/kvs` sends through
 * `__forge_fetch__` (`/api/v1/get`, `/api/v1/entity/query`, `/api/v1/transaction`…) from SQLite.
 * Only faults and call counts live in memory; all data is in the database.
 *
 * Faults come two ways: `faults` takes the same rules as the product emulators' (429 with
 * Retry-After, 500, latency; `times`, `skip`, `afterHandling`), switched on from tests or with
 * `POST /__forge/faults` and `product: 'storage'`; `failNext` answers the next calls on a path
 * with an exact status and code. Storage answers its documented error body,
 * `{code, message}`: 429 `RATE_LIMIT_EXCEEDED`, 500 `INTERNAL_SERVER_ERROR`.
 */
import type { Database } from 'better-sqlite3';
import { FaultRegistry, type FaultController, type FaultRule } from '../products/faults';
import { ErrorCode, KvsError } from './errors';
import type { Router } from '../router';
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

/** One storage answer: HTTP status, JSON body (undefined when empty), headers, and a delay. */
export interface KvsReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** How long the answer takes (a latency fault), in ms. */
  delayMs?: number;
}

/** What storage answers for a status fault rule. */
function faultReply(rule: FaultRule): KvsReply {
  if (rule.kind === 'status429') {
    const seconds = rule.retryAfterSeconds ?? 1;
    return {
      status: 429,
      body: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' },
      headers: { 'retry-after': String(seconds) },
    };
  }
  return {
    status: 500,
    body: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' },
  };
}

interface Fault {
  pathPrefix: string;
  remaining: number;
  status: number;
  code: string;
}

export class KvsEmulator {
  private readonly router: Router<Route>;
  private readonly now: () => number;
  /** Rule-based faults on storage calls (the method is always POST). */
  readonly faults: FaultController;
  private readonly faultRegistry = new FaultRegistry();
  private exactFaults: Fault[] = [];
  private counters: KvsStats = { calls: 0, byPath: {} };

  /** Creates the `kvs_` tables if missing; the db may be file-backed or ':memory:'. */
  constructor(db: Database, entities: EntityDef[], options: KvsEmulatorOptions = {}) {
    createSchema(db);
    this.faults = this.faultRegistry;
    this.now = options.now ?? Date.now;
    this.router = buildRoutes(db, new Store(db, entities));
  }

  /** Synchronous: one storage REST call. Returns the HTTP status and JSON body (undefined when empty). */
  handle(path: string, body: string): KvsReply {
    this.counters.calls += 1;
    this.counters.byPath[path] = (this.counters.byPath[path] ?? 0) + 1;

    const exact = this.exactFaults.find((candidate) => path.startsWith(candidate.pathPrefix));
    if (exact) {
      exact.remaining -= 1;
      if (exact.remaining <= 0)
        this.exactFaults = this.exactFaults.filter((candidate) => candidate !== exact);
      return {
        status: exact.status,
        body: { code: exact.code, message: `Injected fault ${exact.code}` },
      };
    }

    const fault = this.faultRegistry.take('storage', 'POST', path);
    const delay = fault.delayMs > 0 ? { delayMs: fault.delayMs } : {};
    if (fault.answer && !fault.answer.afterHandling)
      return { ...faultReply(fault.answer), ...delay };
    const reply = this.answer(path, body);
    // With `afterHandling`, storage did the work and only the answer is lost.
    return fault.answer ? { ...faultReply(fault.answer), ...delay } : { ...reply, ...delay };
  }

  private answer(path: string, body: string): KvsReply {
    const route = this.router.match('POST', path)?.handler;
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
    if (count > 0) this.exactFaults.push({ pathPrefix, remaining: count, status, code });
  }

  /** Removes every fault, rule-based and exact. */
  clearFaults(): void {
    this.exactFaults = [];
    this.faultRegistry.clear();
  }

  /** Counts of calls by path since construction or the last `resetStats()`; benchmarks read it. */
  get stats(): { calls: number; byPath: Record<string, number> } {
    return this.counters;
  }

  resetStats(): void {
    this.counters = { calls: 0, byPath: {} };
  }
}
