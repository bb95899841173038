/**
 * A rollout's work counters and its issues' records in Forge storage (decision 0024):
 *
 * - the counters: `rollout-work` (key = rollout id), one small value per rollout whatever its
 *   size (src/domain/work-states.ts), created once with FAIL_IF_EXISTS, then rewritten only by a
 *   transaction conditioned on the version read;
 * - one record per issue: plain key `rollout-work-issue:<rollout id>:<issue id>`, the issue's
 *   last seen state, written or deleted only in the counters' conditioned transaction, so of two
 *   writers one wins and the other reads again ('stale'), and the counters stay the sum of the
 *   records;
 * - the nightly reconciliation's place in a rollout: plain key `rollout-work-reconcile:<id>`,
 *   and the ids its search found so far, a value per run: `rollout-work-seen:<id>:<n>`.
 *
 * A value written before the counters existed (`items`, every issue's state in one value) is
 * read as counters whose issues are all seeds: the next event or reconciliation about each issue
 * turns it into a record.
 */
import { Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import {
  RECORDS_PER_WRITE,
  emptyCounters,
  tallyOf,
  type StoredWorkState,
  type WorkCounters,
  type WorkWrite,
} from '../domain/work-states';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

/** The entity the counters live in (the Rollout panel reads it in a batch with other records). */
export const WORK_STATES_ENTITY = 'rollout-work';

/** Keys read or deleted in one batch call. */
const WORK_BATCH = 25;
/** Records listed per query page (a plain-key query answers at most 20). */
const RECORDS_PAGE = 20;

export function workRecordKey(rolloutId: string, issueId: string): string {
  return `rollout-work-issue:${rolloutId}:${issueId}`;
}

function recordPrefix(rolloutId: string): string {
  return `rollout-work-issue:${rolloutId}:`;
}

function seenKey(rolloutId: string, chunk: number): string {
  return `rollout-work-seen:${rolloutId}:${String(chunk)}`;
}

function cursorKey(rolloutId: string): string {
  return `rollout-work-reconcile:${rolloutId}`;
}

/** Where a rollout's reconciliation stands between runs. */
export interface ReconcileCursor {
  /** 'search': paging through Jira's issues; 'sweep': looking for records Jira no longer has. */
  stage: 'search' | 'sweep';
  /** Jira's page token (search) or storage's query cursor (sweep); absent at a stage's start. */
  token?: string;
  /** Issues the search found so far in this pass. */
  seen: number;
  /** Their ids are kept in this many values, one per run of the search (`saveSeen`). */
  chunks: number;
  /** When the pass started (ms): a seed or record it removes is not newer than that. */
  startedAt: number;
  /** The seeds kept when the pass started: those the search does not find are gone. */
  seeds: string[];
}

interface LegacyWorkStates {
  rolloutId: string;
  items: Record<string, StoredWorkState>;
  gone?: string[];
  version: number;
}

/** The counters a stored value holds, whichever shape it was written in. */
export function countersOf(value: unknown): WorkCounters | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('cells' in value) return value as WorkCounters;
  if (!('items' in value)) return undefined;
  const legacy = value as LegacyWorkStates;
  const tally = tallyOf(legacy.items, legacy.gone);
  const counters: WorkCounters = {
    rolloutId: legacy.rolloutId,
    ...tally,
    issues: Object.keys(legacy.items).length,
    version: legacy.version,
  };
  if (counters.issues > 0) counters.seeded = { ...legacy.items };
  return counters;
}

export function workStateRepository(kvs: StorageClient) {
  const counters = () => kvs.entity<WorkCounters>(WORK_STATES_ENTITY);
  return {
    /** The counters alone: one read. */
    async get(rolloutId: string): Promise<WorkCounters | undefined> {
      return countersOf(await counters().get(rolloutId));
    },

    /**
     * The counters and the records of `issueIds` (at most `RECORDS_PER_WRITE`), in one batch
     * read; `exists` is false when the rollout has no counters yet.
     */
    async read(
      rolloutId: string,
      issueIds: readonly string[],
    ): Promise<{ counters: WorkCounters; exists: boolean; kept: Map<string, StoredWorkState> }> {
      const result = await kvs.batchGet<unknown>([
        { key: rolloutId, entityName: WORK_STATES_ENTITY },
        ...issueIds.map((issueId) => ({ key: workRecordKey(rolloutId, issueId) })),
      ]);
      const failed = result.failedKeys.filter((key) => key.error.code !== 'KEY_NOT_FOUND');
      if (failed.length > 0) {
        throw new Error(`could not read ${String(failed.length)} work record(s)`);
      }
      const kept = new Map<string, StoredWorkState>();
      let found: WorkCounters | undefined;
      for (const row of result.successfulKeys) {
        if (row.entityName === WORK_STATES_ENTITY) {
          found = countersOf(row.value);
          continue;
        }
        const issueId = row.key.slice(recordPrefix(rolloutId).length);
        kept.set(issueId, row.value as StoredWorkState);
      }
      return { counters: found ?? emptyCounters(rolloutId), exists: found !== undefined, kept };
    },

    /**
     * Writes the counters and their records in one transaction, unless someone wrote the
     * counters since `current` was read. A rollout's first counters are created empty first
     * (transactions take no key policy), so two first writers still meet on the version.
     */
    async commit(
      current: { counters: WorkCounters; exists: boolean },
      write: WorkWrite,
    ): Promise<'written' | 'stale'> {
      if (write.records.size > RECORDS_PER_WRITE) {
        throw new Error(`at most ${String(RECORDS_PER_WRITE)} work records per write`);
      }
      if (!current.exists) {
        // With no record to write (a push's seeds), the first counters are the whole write.
        const first = write.records.size === 0 ? write.counters : current.counters;
        try {
          await counters().set(first.rolloutId, first, {
            keyPolicy: 'FAIL_IF_EXISTS',
          });
        } catch (error) {
          if (isKeyConflict(error)) return 'stale';
          throw error;
        }
        if (write.records.size === 0) return 'written';
      }
      let transaction = kvs.transact().set(write.counters.rolloutId, write.counters, {
        entityName: WORK_STATES_ENTITY,
        conditions: new Filter<WorkCounters>().and(
          'version',
          FilterConditions.equalTo(current.counters.version),
        ),
      });
      for (const [issueId, record] of write.records) {
        const key = workRecordKey(write.counters.rolloutId, issueId);
        transaction = record === null ? transaction.delete(key) : transaction.set(key, record);
      }
      return commitUnlessStale(transaction);
    },

    /** One page of the issue ids a rollout has records for (the reconciliation's sweep). */
    async recordPage(
      rolloutId: string,
      cursor: string | undefined,
    ): Promise<{ issueIds: string[]; nextCursor?: string }> {
      let query = kvs
        .query()
        .where('key', WhereConditions.beginsWith(recordPrefix(rolloutId)))
        .limit(RECORDS_PAGE);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany<StoredWorkState>();
      const issueIds = page.results.map((row) => row.key.slice(recordPrefix(rolloutId).length));
      return page.nextCursor === undefined
        ? { issueIds }
        : { issueIds, nextCursor: page.nextCursor };
    },

    /** Keeps the ids one run of the search found (a few thousand at most: one value). */
    async saveSeen(rolloutId: string, chunk: number, issueIds: readonly string[]): Promise<void> {
      await kvs.set(seenKey(rolloutId, chunk), issueIds);
    },

    /** Every id the pass's search found, from its `chunks` values (25 a read). */
    async seen(rolloutId: string, chunks: number): Promise<Set<string>> {
      const seen = new Set<string>();
      for (let from = 0; from < chunks; from += WORK_BATCH) {
        const keys = Array.from({ length: Math.min(WORK_BATCH, chunks - from) }, (_, i) => ({
          key: seenKey(rolloutId, from + i),
        }));
        const result = await kvs.batchGet<string[]>(keys);
        for (const row of result.successfulKeys) for (const id of row.value) seen.add(id);
      }
      return seen;
    },

    async forgetSeen(rolloutId: string, chunks: number): Promise<void> {
      for (let from = 0; from < chunks; from += WORK_BATCH) {
        await kvs.batchDelete(
          Array.from({ length: Math.min(WORK_BATCH, chunks - from) }, (_, i) => ({
            key: seenKey(rolloutId, from + i),
          })),
        );
      }
    },

    async cursor(rolloutId: string): Promise<ReconcileCursor | undefined> {
      return kvs.get<ReconcileCursor>(cursorKey(rolloutId));
    },

    async saveCursor(rolloutId: string, cursor: ReconcileCursor | undefined): Promise<void> {
      if (cursor === undefined) await kvs.delete(cursorKey(rolloutId));
      else await kvs.set(cursorKey(rolloutId), cursor);
    },

    /** Forgets a discarded rollout's counters. */
    async remove(rolloutId: string): Promise<void> {
      await counters().delete(rolloutId);
    },
  };
}

export type WorkStateRepository = ReturnType<typeof workStateRepository>;
