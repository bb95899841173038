/**
 * Approvals in Forge storage: `approval` (key = `${rolloutId}:${round}:${departmentId}`), index
 * `by-rollout-round` (a round is one query, up to 100 departments) and `by-approver-status` (a
 * person's pending approvals).
 *
 * A decision writes the approval (conditioned on its version and on still being pending) and its
 * audit event in one transaction: of two racing decisions exactly one wins, and different
 * approvals never contend.
 */
import { Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import type { Approval, ApprovalStatus } from '../domain/approvals';
import type { AuditEvent } from '../domain/audit';
import { withEvents } from './audit';
import { commitUnlessStale, isConditionFailure } from './kvs-errors';

const APPROVAL = 'approval';
const BATCH = 25;
const ROUND_PAGE = 100;

export type ApprovalWrite = 'written' | 'stale';

function absentOrUntouched() {
  return new Filter<Approval>()
    .or('version', FilterConditions.notExists())
    .or('version', FilterConditions.equalTo(1));
}

function unchanged(approval: Approval) {
  return new Filter<Approval>()
    .and('version', FilterConditions.equalTo(approval.version))
    .and('status', FilterConditions.equalTo(approval.status));
}

export function approvalRepository(kvs: StorageClient) {
  return {
    async get(id: string): Promise<Approval | undefined> {
      return kvs.entity<Approval>(APPROVAL).get(id);
    },

    /** Every approval of one round (≤ 100 departments: one query). */
    async listRound(rolloutId: string, round: number): Promise<Approval[]> {
      if (round < 1) return [];
      const page = await kvs
        .entity<Approval>(APPROVAL)
        .query()
        .index('by-rollout-round', { partition: [rolloutId] })
        .where(WhereConditions.equalTo(round))
        .limit(ROUND_PAGE)
        .getMany();
      return page.results.map((row) => row.value);
    },

    /**
     * Writes a round's approvals, 25 per transaction (a round has up to 100 departments, so this
     * is ⌈n/25⌉ calls by nature). Idempotent: keys are fixed by rollout, round and department, and
     * each write holds only while its approval is absent or untouched since it was first written
     * (version 1), so a retry after a failure rewrites the same rows while a late duplicate request
     * can never reset an approval someone already decided: it answers 'stale' instead. The round
     * becomes visible only when the rollout's `round` is advanced afterwards.
     */
    async putRound(approvals: readonly Approval[]): Promise<ApprovalWrite> {
      for (let i = 0; i < approvals.length; i += BATCH) {
        let transaction = kvs.transact();
        for (const approval of approvals.slice(i, i + BATCH)) {
          transaction = transaction.set(approval.id, approval, {
            entityName: APPROVAL,
            conditions: absentOrUntouched(),
          });
        }
        try {
          await transaction.execute();
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          return 'stale';
        }
      }
      return 'written';
    },

    /** Replaces `previous` by `next` with its events if nobody changed the approval meanwhile. */
    replace(
      previous: Approval,
      next: Approval,
      events: readonly AuditEvent[],
    ): Promise<ApprovalWrite> {
      const transaction = kvs
        .transact()
        .set(next.id, next, { entityName: APPROVAL, conditions: unchanged(previous) });
      return commitUnlessStale(withEvents(transaction, events));
    },

    /**
     * Deletes every approval of a rollout, every round (a discarded rollout's): pages of 100, 25
     * keys a batch. Stops after `maxPages` pages, answering whether any are left: the rest is
     * harmless (no view reaches approvals of a rollout that is gone) and a repeat deletes them.
     */
    async removeAll(rolloutId: string, maxPages = 10): Promise<boolean> {
      for (let page = 0; page < maxPages; page += 1) {
        const found = await kvs
          .entity<Approval>(APPROVAL)
          .query()
          .index('by-rollout-round', { partition: [rolloutId] })
          .limit(ROUND_PAGE)
          .getMany();
        if (found.results.length === 0) return false;
        for (let i = 0; i < found.results.length; i += BATCH) {
          await kvs.batchDelete(
            found.results
              .slice(i, i + BATCH)
              .map((row) => ({ key: row.key, entityName: APPROVAL })),
          );
        }
      }
      return true;
    },

    /** A person's approvals in a status (first 100): their pending work across rollouts. */
    async listByApprover(accountId: string, status: ApprovalStatus): Promise<Approval[]> {
      const page = await kvs
        .entity<Approval>(APPROVAL)
        .query()
        .index('by-approver-status', { partition: [accountId, status] })
        .limit(ROUND_PAGE)
        .getMany();
      return page.results.map((row) => row.value);
    },
  };
}

export type ApprovalRepository = ReturnType<typeof approvalRepository>;
