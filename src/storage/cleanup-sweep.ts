/**
 * The one-time sweep for rollouts gone before the cleanup queue existed (decision 0052; the
 * daily step is src/app/rollouts/cleanup-sweep.ts). A rollout discarded then left its records and
 * no `cleanup:<rolloutId>` ticket. What it did leave is its id claim (`rollout-claim`, kept for
 * every rollout ever written: 0045): a claim `written` whose rollout record is gone and that has
 * no ticket names such a rollout.
 *
 * - plain key `cleanup-sweep`: the sweep's place, the last claim key it looked at (Forge says not
 *   to keep query cursors, so the next page starts after that key on the entity's built-in
 *   `by-key` index), and `done` once the last page is behind it.
 * - a page of claims is one query; their rollouts and tickets are read together, 25 keys a batch;
 *   the tickets of the gone ones are written 25 a batch. So a run costs a fixed number of calls,
 *   whatever the number of rollouts the installation ever made.
 */
import { WhereConditions } from '@forge/kvs';
import { chunks } from '../domain/chunks';
import type { CleanupTicket } from '../domain/cleanup';
import type { StorageClient } from './client';
import { cleanupTicketKey } from './cleanup';

const SWEEP_KEY = 'cleanup-sweep';
const CLAIM = 'rollout-claim';
const ROLLOUT = 'rollout';
/** Forge's bound on the keys of one batch. */
const BATCH = 25;
/** Claims looked at per run: one entity query page (Forge allows at most 100). */
export const SWEEP_PAGE = 100;

/** Where the sweep stands. */
export interface SweepState {
  /** The last claim key looked at ('' before the first page). */
  after: string;
  done: boolean;
  /** Tickets it queued so far, for the run's report. */
  queued: number;
}

interface Claim {
  rolloutId: string;
  /** 'cleaned' once a cleanup removed the rollout's records (src/storage/cleanup.ts). */
  state: 'claimed' | 'written' | 'cleaned';
}

export function cleanupSweepRepository(kvs: StorageClient) {
  return {
    /** Where the sweep stands (one call). */
    async state(): Promise<SweepState> {
      return (await kvs.get<SweepState>(SWEEP_KEY)) ?? { after: '', done: false, queued: 0 };
    },

    async save(state: SweepState): Promise<void> {
      await kvs.set(SWEEP_KEY, state);
    },

    /**
     * The next page of claims after key `after` (one call): the ids of the rollouts that were
     * written and not cleaned since, the page's last key, and whether claims remain after it.
     */
    async claimsAfter(
      after: string,
    ): Promise<{ written: string[]; last: string | undefined; more: boolean }> {
      const index = kvs.entity<Claim>(CLAIM).query().index('by-key');
      const page = await (after === '' ? index : index.where(WhereConditions.greaterThan(after)))
        .limit(SWEEP_PAGE)
        .getMany();
      return {
        written: page.results.filter((row) => row.value.state === 'written').map((row) => row.key),
        last: page.results.at(-1)?.key,
        more: page.nextCursor !== undefined,
      };
    },

    /**
     * Of rollouts `ids`, those with neither a record nor a cleanup ticket: gone with nothing
     * queued to remove what they left (one call per 12 ids: a record and a ticket each).
     */
    async goneUnqueued(ids: readonly string[]): Promise<string[]> {
      const present = new Set<string>();
      for (const chunk of chunks(ids, Math.floor(BATCH / 2))) {
        const result = await kvs.batchGet(
          chunk.flatMap((id) => [{ key: id, entityName: ROLLOUT }, { key: cleanupTicketKey(id) }]),
        );
        const failed = result.failedKeys.filter((key) => key.error.code !== 'KEY_NOT_FOUND');
        if (failed.length > 0) throw new Error('could not read the rollouts of a sweep page');
        for (const row of result.successfulKeys) {
          present.add(row.entityName === ROLLOUT ? row.key : row.key.replace(/^cleanup:/u, ''));
        }
      }
      return ids.filter((id) => !present.has(id));
    },

    /**
     * Queues the tickets, 25 a batch. A batch cannot refuse a key that exists; it need not: a
     * ticket written over one a concurrent sweep queued, or after a cleanup finished, only makes
     * a cleanup pass that finds nothing left (every unit deletes by key).
     */
    async queue(tickets: readonly CleanupTicket[]): Promise<void> {
      for (const chunk of chunks(tickets, BATCH)) {
        const result = await kvs.batchSet(
          chunk.map((ticket) => ({ key: cleanupTicketKey(ticket.rolloutId), value: ticket })),
        );
        if (result.failedKeys.length > 0) throw new Error('could not queue a sweep page');
      }
    },
  };
}

export type CleanupSweepRepository = ReturnType<typeof cleanupSweepRepository>;
