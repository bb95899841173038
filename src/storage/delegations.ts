/**
 * Each head's planned delegations, one entity per head (`delegation`, key = the head's account
 * id), with index `by-last-day` on the last day they cover: every delegation that has not ended,
 * across all heads, is one query (a page per 100 heads who delegate).
 *
 * A panel needs only its round's people: read by key in one batch while they fit one (25), else
 * one page of the query, which holds everyone's while fewer than 100 heads delegate company-wide,
 * and past that the people it did not hold, by key. So a round costs 1 call, and at most 6
 * (100 approvers and the viewer) however many heads delegate elsewhere.
 *
 * Every save keeps the record's keys by delegate (`delegation-delegate:<delegate>:<head>`,
 * mine-pointers.ts) in step, for "My rollouts" (decision 0058).
 */
import { Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import { chunks } from '../domain/chunks';
import type { DelegationRecord } from '../domain/delegation';
import { isConditionFailure, isKeyConflict } from './kvs-errors';
import { delegationPointers, pointerChanges } from './mine-pointers';

export const DELEGATION = 'delegation';
const PAGE = 100;
/** Forge's bound on the items of one batch call. */
const BATCH_MAX = 25;

export function delegationRepository(kvs: StorageClient) {
  return {
    async get(headAccountId: string): Promise<DelegationRecord | undefined> {
      return kvs.entity<DelegationRecord>(DELEGATION).get(headAccountId);
    },

    /** The records of every head with a delegation that has not ended by `day` (YYYY-MM-DD). */
    async listCurrent(day: string): Promise<DelegationRecord[]> {
      const records: DelegationRecord[] = [];
      let cursor: string | undefined;
      do {
        let query = kvs
          .entity<DelegationRecord>(DELEGATION)
          .query()
          .index('by-last-day')
          .where(WhereConditions.greaterThanEqualTo(day))
          .sort(Sort.ASC)
          .limit(PAGE);
        if (cursor) query = query.cursor(cursor);
        const page = await query.getMany();
        for (const row of page.results) records.push(row.value);
        cursor = page.nextCursor;
      } while (cursor);
      return records;
    },

    /**
     * The records of `accountIds` (those who have one) that have not ended by `day`: what a round
     * needs of its approvers and its viewer, in 1 storage call, and at most 1 + ⌈n / 25⌉.
     */
    async forPeople(accountIds: readonly string[], day: string): Promise<DelegationRecord[]> {
      const wanted = new Set(accountIds.filter((id) => id !== ''));
      let byKey = [...wanted];
      const found: DelegationRecord[] = [];
      if (byKey.length > BATCH_MAX) {
        const page = await kvs
          .entity<DelegationRecord>(DELEGATION)
          .query()
          .index('by-last-day')
          .where(WhereConditions.greaterThanEqualTo(day))
          .sort(Sort.ASC)
          .limit(PAGE)
          .getMany();
        const current = page.results.map((row) => row.value);
        found.push(...current.filter((record) => wanted.has(record.headAccountId)));
        // The page holds every current record when there is no next one.
        if (!page.nextCursor) return found;
        const seen = new Set(current.map((record) => record.headAccountId));
        byKey = byKey.filter((id) => !seen.has(id));
      }
      const results = await Promise.all(
        chunks(byKey, BATCH_MAX).map((keys) =>
          kvs.batchGet<DelegationRecord>(keys.map((key) => ({ key, entityName: DELEGATION }))),
        ),
      );
      for (const result of results) {
        // Someone with no record is an answer; anything else would drop a stand-in silently.
        const failed = result.failedKeys.filter((key) => key.error.code !== 'KEY_NOT_FOUND');
        if (failed.length > 0) {
          throw new Error(`could not read ${String(failed.length)} delegation record(s)`);
        }
        for (const row of result.successfulKeys) {
          if (row.value.lastDay >= day) found.push(row.value);
        }
      }
      return found;
    },

    /** Saves `next` if the record is still at `previous` (undefined: it did not exist). */
    async save(
      previous: DelegationRecord | undefined,
      next: DelegationRecord,
    ): Promise<'written' | 'stale'> {
      const { added, removed } = pointerChanges(
        delegationPointers(previous),
        delegationPointers(next),
      );
      try {
        if (!previous) {
          // Before the record (a transaction takes no FAIL_IF_EXISTS): a key whose record never
          // came, or names someone else, points at nothing. At most DELEGATIONS_MAX keys.
          if (added.length > 0) await kvs.batchSet(added);
          await kvs
            .entity<DelegationRecord>(DELEGATION)
            .set(next.headAccountId, next, { keyPolicy: 'FAIL_IF_EXISTS' });
        } else {
          let transaction = kvs.transact().set(next.headAccountId, next, {
            entityName: DELEGATION,
            conditions: new Filter<DelegationRecord>().and(
              'version',
              FilterConditions.equalTo(previous.version),
            ),
          });
          // Gone delegates' keys go with the record; new ones too while the transaction holds
          // them (1 + 10 + 10 at DELEGATIONS_MAX), else just before it, as a create writes them.
          for (const key of removed) transaction = transaction.delete(key);
          if (1 + removed.length + added.length <= BATCH_MAX) {
            for (const pointer of added) transaction = transaction.set(pointer.key, pointer.value);
          } else {
            for (const items of chunks(added, BATCH_MAX)) await kvs.batchSet(items);
          }
          await transaction.execute();
        }
        return 'written';
      } catch (error) {
        if (isKeyConflict(error) || isConditionFailure(error)) return 'stale';
        throw error;
      }
    },
  };
}

export type DelegationRepository = ReturnType<typeof delegationRepository>;
