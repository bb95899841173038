/**
 * Each head's planned delegations, one entity per head (`delegation`, key = the head's account
 * id), with index `by-last-day` on the last day they cover: every delegation that has not ended,
 * across all heads, is one query (a page per 100 heads who delegate), so a panel with 100
 * approvers reads them in one call instead of one per approver.
 */
import { Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import type { DelegationRecord } from '../domain/delegation';
import { isConditionFailure, isKeyConflict } from './kvs-errors';

const DELEGATION = 'delegation';
const PAGE = 100;

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

    /** Saves `next` if the record is still at `previous` (undefined: it did not exist). */
    async save(
      previous: DelegationRecord | undefined,
      next: DelegationRecord,
    ): Promise<'written' | 'stale'> {
      try {
        if (!previous) {
          await kvs
            .entity<DelegationRecord>(DELEGATION)
            .set(next.headAccountId, next, { keyPolicy: 'FAIL_IF_EXISTS' });
        } else {
          await kvs
            .transact()
            .set(next.headAccountId, next, {
              entityName: DELEGATION,
              conditions: new Filter<DelegationRecord>().and(
                'version',
                FilterConditions.equalTo(previous.version),
              ),
            })
            .execute();
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
