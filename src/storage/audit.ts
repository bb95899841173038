/**
 * The audit trail in Forge storage, written and read here only: `approval-event` (key = the
 * event's id, `${rolloutId}:${at}:${unique}`), append-only, with index `by-rollout` on time.
 *
 * Events are written with the change they record, in its transaction (`withEvents`), or appended
 * on their own (`append`, for events that record no write of ours, e.g. a delegation). Each event
 * has its own key, so repeating a write never duplicates one.
 */
import { Sort, WhereConditions } from '@forge/kvs';
import type { AuditEvent } from '../domain/audit';
import type { StorageClient } from './client';
import { isBadRequest, type Transaction } from './kvs-errors';

const EVENT = 'approval-event';
const BATCH = 25;

export interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | undefined;
}

export type AuditOrder = 'newest-first' | 'oldest-first';

/** Adds events to a transaction that writes what they record. */
export function withEvents(
  transaction: Transaction,
  events: readonly { id: string }[],
): Transaction {
  let next = transaction;
  for (const event of events) next = next.set(event.id, event, { entityName: EVENT });
  return next;
}

async function readPage(
  kvs: StorageClient,
  rolloutId: string,
  limit: number,
  cursor: string | undefined,
  order: AuditOrder,
): Promise<AuditPage> {
  let query = kvs
    .entity<AuditEvent>(EVENT)
    .query()
    .index('by-rollout', { partition: [rolloutId] })
    .where(WhereConditions.greaterThan(''))
    .sort(order === 'newest-first' ? Sort.DESC : Sort.ASC)
    .limit(limit);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany();
  return { events: page.results.map((row) => row.value), nextCursor: page.nextCursor };
}

export function auditRepository(kvs: StorageClient) {
  return {
    /** Appends events (batches of 25). */
    async append(events: readonly AuditEvent[]): Promise<void> {
      for (let i = 0; i < events.length; i += BATCH) {
        const chunk = events.slice(i, i + BATCH);
        const result = await kvs.batchSet(
          chunk.map((event) => ({ key: event.id, value: event, entityName: EVENT })),
        );
        if (result.failedKeys.length > 0) {
          throw new Error(`could not append ${String(result.failedKeys.length)} audit event(s)`);
        }
      }
    },

    /** A rollout's newest events. */
    newest(rolloutId: string, limit: number): Promise<AuditPage> {
      return readPage(kvs, rolloutId, limit, undefined, 'newest-first');
    },

    /**
     * One page of a rollout's events from `cursor` (the first page without one); 'unknown-cursor'
     * when storage does not recognise the cursor (it is not one it handed out).
     */
    async page(
      rolloutId: string,
      limit: number,
      cursor: string | undefined,
      order: AuditOrder,
    ): Promise<AuditPage | 'unknown-cursor'> {
      try {
        return await readPage(kvs, rolloutId, limit, cursor, order);
      } catch (error) {
        if (cursor === undefined || !isBadRequest(error)) throw error;
        return 'unknown-cursor';
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
