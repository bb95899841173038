/**
 * What a gone rollout (discarded, or its anchor issue deleted) leaves in Forge storage, and its
 * removal a few storage calls at a time (decision 0045; the daily run is
 * src/app/rollouts/cleanup.ts):
 *
 * - the queue: plain key `cleanup:<rolloutId>` holding a ticket (src/domain/cleanup.ts), written in the
 *   discard's own transaction, or by the work-events trigger when the anchor issue is deleted. It
 *   keeps which family the cleanup reached, so a run that stops resumes there; it goes last.
 * - the families, in {@link FAMILIES} order. Each `unit` removes what one query finds and answers
 *   whether more may be left. Removing what is found means no storage cursor is kept: the next
 *   unit's query starts again at the first key still there. A unit makes at most
 *   {@link UNIT_CALLS_MAX} storage calls, but the rollout record's (step 0), which is bounded by
 *   the rollout's own limits (100 departments, the session owners of its plan).
 *
 * Kept on purpose: the audit trail (`approval-event`), and the id claim (`rollout-claim`), which
 * keeps a late retry of the request that made the rollout from making it again; the last step
 * marks it `cleaned` (decision 0052).
 */
import { Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import { chunks } from '../domain/chunks';
import type { CleanupTicket } from '../domain/cleanup';
import type { Problem } from '../domain/problems';
import type { Pulse } from '../domain/pulses';
import { bucketFor, bucketKey } from '../domain/pulses';
import { departmentGroup } from '../domain/readiness';
import { rolloutFromStorage, type Rollout } from '../domain/rollout';
import { snapshotKey } from '../domain/snapshots';
import type { StorageClient } from './client';
import { isConditionFailure, isKeyConflict } from './kvs-errors';
import { commitWithIndex, problemIndexChanges, sessionIndexChanges } from './person-index';
import { trainedKey } from './trained';
import { workRecordKey } from './work-states';

const QUEUE_PREFIX = 'cleanup:';
/** Forge's page of a plain-key query. */
const PLAIN_PAGE = 20;
/** Forge's bound on the operations of one batch or transaction. */
const BATCH = 25;
/** Problems per unit: their person-index and e-mail keys (two each) fit one batch. */
const PROBLEM_PAGE = 12;
/** Storage calls one unit makes at most (but the rollout record's; see the header). */
export const UNIT_CALLS_MAX = 3;
/** Tickets read per queue page. */
export const QUEUE_PAGE = 20;

export function cleanupTicketKey(rolloutId: string): string {
  return `${QUEUE_PREFIX}${rolloutId}`;
}

/** A unit's answer: whether the family may hold more, and the cursor to go on from. */
interface UnitOutcome {
  more: boolean;
  cursor?: string;
}

type Unit = (kvs: StorageClient, ticket: CleanupTicket) => Promise<UnitOutcome>;

async function deleteKeys(
  kvs: StorageClient,
  keys: readonly { key: string; entityName?: string }[],
): Promise<void> {
  for (const chunk of chunks(keys, BATCH)) {
    const result = await kvs.batchDelete(chunk);
    // A key already gone is what a repeat finds; anything else leaves the unit to run again.
    if (result.failedKeys.some((failed) => failed.error.code !== 'KEY_NOT_FOUND')) {
      throw new Error('could not remove every key of a gone rollout');
    }
  }
}

/** Removes the first page of plain keys under `prefix` (2 calls). */
function prefixUnit(prefix: (ticket: CleanupTicket) => string): Unit {
  return async (kvs, ticket) => {
    const page = await kvs
      .query()
      .where('key', WhereConditions.beginsWith(prefix(ticket)))
      .limit(PLAIN_PAGE)
      .getMany();
    await deleteKeys(
      kvs,
      page.results.map((r) => ({ key: r.key })),
    );
    return { more: page.nextCursor !== undefined };
  };
}

/** Removes the first page of an entity's records the rollout partitions an index by (2 calls). */
function indexUnit(entityName: string, index: string): Unit {
  return async (kvs, ticket) => {
    const page = await kvs
      .entity<unknown>(entityName)
      .query()
      .index(index, { partition: [ticket.rolloutId] })
      .limit(BATCH)
      .getMany();
    await deleteKeys(
      kvs,
      page.results.map((row) => ({ key: row.key, entityName })),
    );
    return { more: page.nextCursor !== undefined };
  };
}

/**
 * The rollout record of a rollout whose anchor issue was deleted, with its department links and
 * its sessions' index entries (a discard removed those already, in its own transaction). Only
 * while it is still anchored on the deleted issue.
 */
const rolloutRecord: Unit = async (kvs, ticket) => {
  const stored = await kvs.entity<Rollout>('rollout').get(ticket.rolloutId);
  if (!stored) return { more: false };
  const rollout = rolloutFromStorage(stored);
  if (ticket.reason !== 'anchor-deleted' || rollout.anchorIssueId !== ticket.anchorIssueId) {
    return { more: false };
  }
  await deleteKeys(
    kvs,
    rollout.departments.map((d) => ({
      key: `${rollout.id}:${d.departmentId}`,
      entityName: 'rollout-department',
    })),
  );
  const outcome = await commitWithIndex(
    kvs,
    kvs.transact().delete(rollout.id, {
      entityName: 'rollout',
      conditions: new Filter<Rollout>().and('version', FilterConditions.equalTo(rollout.version)),
    }),
    sessionIndexChanges(rollout, undefined),
    1,
  );
  // Changed since it was read: read it again.
  return { more: outcome === 'stale' };
};

/** The keys one pulse leaves beside its record: its departments' index rows and answer buckets. */
function pulseKeys(pulse: Pulse): { key: string; entityName?: string }[] {
  const keys: { key: string; entityName?: string }[] = pulse.departmentIds.map((id) => ({
    key: `pulse-department:${id}:${pulse.id}`,
  }));
  for (const departmentId of pulse.departmentIds) {
    const answers =
      pulse.tallies.find((t) => t.group === departmentGroup(departmentId))?.running.answers ?? 0;
    for (let page = 0; page <= bucketFor(answers); page += 1) {
      keys.push({ key: bucketKey(pulse.id, departmentId, page), entityName: 'pulse-answers' });
    }
  }
  return keys;
}

/**
 * One pulse at a time, its record last so that it can still be found: its index rows and buckets
 * a batch per unit (the cursor counts those done), then its receipts a page per unit.
 */
const pulses: Unit = async (kvs, ticket) => {
  const page = await kvs
    .entity<Pulse>('pulse')
    .query()
    .index('by-rollout', { partition: [ticket.rolloutId] })
    .limit(1)
    .getMany();
  const pulse = page.results[0]?.value;
  if (!pulse) return { more: false };
  const [pulseId, offsetText] = ticket.cursor.split('/');
  const offset = pulseId === pulse.id ? Number(offsetText) || 0 : 0;
  const keys = pulseKeys(pulse);
  if (offset < keys.length) {
    await deleteKeys(kvs, keys.slice(offset, offset + BATCH));
    return { more: true, cursor: `${pulse.id}/${String(offset + BATCH)}` };
  }
  const receipts = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(`pulse-receipt:${pulse.id}:`))
    .limit(PLAIN_PAGE)
    .getMany();
  if (receipts.results.length > 0) {
    await deleteKeys(
      kvs,
      receipts.results.map((r) => ({ key: r.key })),
    );
    return { more: true, cursor: ticket.cursor };
  }
  await kvs.entity<Pulse>('pulse').delete(pulse.id);
  return { more: true, cursor: '' };
};

/** Problems a page at a time, with their owners' index entries and their e-mail claims. */
const problems: Unit = async (kvs, ticket) => {
  const page = await kvs
    .entity<Problem>('problem')
    .query()
    .index('by-rollout', { partition: [ticket.rolloutId] })
    .limit(PROBLEM_PAGE)
    .getMany();
  if (page.results.length === 0) return { more: false };
  const found = page.results.map((row) => row.value);
  await deleteKeys(kvs, [
    ...found.flatMap((problem) =>
      problemIndexChanges(problem, undefined).map((change) => ({ key: change.key })),
    ),
    ...found.map((problem) => ({ key: `problem-mail:${problem.id}` })),
  ]);
  await deleteKeys(
    kvs,
    page.results.map((row) => ({ key: row.key, entityName: 'problem' })),
  );
  return { more: page.nextCursor !== undefined };
};

interface StoredPolicy {
  counts: { pages: { pageId: string }[]; audience: Record<string, { groupId: string }> };
}

/** The policy record with the group and page index rows that name it. */
const policyRecord: Unit = async (kvs, ticket) => {
  const key = `policy:${ticket.rolloutId}`;
  const stored = await kvs.entity<StoredPolicy>('rollout-head-counts').get(key);
  if (!stored) return { more: false };
  await deleteKeys(kvs, [
    ...Object.values(stored.counts.audience)
      .filter((audience) => audience.groupId !== '')
      .map((audience) => ({ key: `policy-group:${audience.groupId}:${ticket.rolloutId}` })),
    ...stored.counts.pages.map((page) => ({
      key: `policy-page:${page.pageId}:${ticket.rolloutId}`,
    })),
  ]);
  await kvs.entity<StoredPolicy>('rollout-head-counts').delete(key);
  return { more: false };
};

/** The rollout's single keys, in one batch; then its anchor's claim, if it still holds it. */
const singles: Unit = async (kvs, ticket) => {
  const id = ticket.rolloutId;
  await deleteKeys(kvs, [
    { key: `trend:${id}` },
    { key: `digest-settings:${id}` },
    { key: trainedKey(id) },
    { key: `attendance-summary:${id}` },
    { key: `rollout-work-reconcile:${id}` },
    ...(ticket.anchorIssueId === '' ? [] : [{ key: `browse-checks:${ticket.anchorIssueId}` }]),
    { key: id, entityName: 'rollout-work' },
    { key: id, entityName: 'rollout-head-counts' },
    { key: id, entityName: 'rollout-suggestions' },
    { key: id, entityName: 'push-job' },
    { key: `create:${id}`, entityName: 'rollout-lease' },
  ]);
  if (ticket.anchorIssueId !== '') {
    try {
      await kvs
        .transact()
        .delete(ticket.anchorIssueId, {
          entityName: 'rollout-anchor',
          conditions: new Filter<{ rolloutId: string }>().and(
            'rolloutId',
            FilterConditions.equalTo(id),
          ),
        })
        .execute();
    } catch (error) {
      // Another rollout holds the issue now, or nobody does: nothing of this one is left there.
      if (!isConditionFailure(error)) throw error;
    }
  }
  return { more: false };
};

/**
 * Every family keyed by a rollout, in the order they go (each listed in decision 0045): records
 * that name other keys (the rollout, pulses, problems, the policy) go after the keys they name.
 */
export const FAMILIES: readonly { name: string; unit: Unit }[] = [
  { name: 'rollout and its index entries', unit: rolloutRecord },
  { name: 'approvals', unit: indexUnit('approval', 'by-rollout-round') },
  { name: 'pulses, buckets, receipts, department rows', unit: pulses },
  { name: 'check-ins', unit: indexUnit('pulse-check-in', 'by-rollout') },
  { name: 'problems and their index entries', unit: problems },
  { name: 'attendance', unit: indexUnit('attendance', 'by-rollout') },
  { name: 'attendance flags', unit: prefixUnit((t) => `attendance-flag:${t.rolloutId}:`) },
  { name: 'policy record and its index rows', unit: policyRecord },
  { name: 'policy acknowledgements', unit: prefixUnit((t) => `policy-ack:${t.rolloutId}:`) },
  { name: 'work records', unit: prefixUnit((t) => workRecordKey(t.rolloutId, '')) },
  { name: 'work reconciliation ids', unit: prefixUnit((t) => `rollout-work-seen:${t.rolloutId}:`) },
  { name: 'snapshots', unit: prefixUnit((t) => snapshotKey(t.rolloutId, '')) },
  { name: 'digest opt-outs', unit: prefixUnit((t) => `digest-optout:${t.rolloutId}:`) },
  { name: 'digest claims', unit: prefixUnit((t) => `digest-sent:${t.rolloutId}:`) },
  { name: 'round plans', unit: prefixUnit((t) => `round-plan:${t.rolloutId}:`) },
  { name: 'single keys and the anchor claim', unit: singles },
];

export function cleanupRepository(kvs: StorageClient) {
  return {
    /**
     * Queues a gone rollout's cleanup; a ticket already there (a repeated event) is kept as it
     * is, with its progress.
     */
    async enqueue(ticket: CleanupTicket): Promise<void> {
      try {
        await kvs.set(cleanupTicketKey(ticket.rolloutId), ticket, { keyPolicy: 'FAIL_IF_EXISTS' });
      } catch (error) {
        if (!isKeyConflict(error)) throw error;
      }
    },

    /** The first tickets in the queue (one call); `more` when the queue holds others. */
    async queued(): Promise<{ tickets: CleanupTicket[]; more: boolean }> {
      const page = await kvs
        .query()
        .where('key', WhereConditions.beginsWith(QUEUE_PREFIX))
        .limit(QUEUE_PAGE)
        .getMany<CleanupTicket>();
      return {
        tickets: page.results.map((row) => row.value),
        more: page.nextCursor !== undefined,
      };
    },

    /** Runs one unit of the ticket's family (at most UNIT_CALLS_MAX storage calls but step 0). */
    async unit(ticket: CleanupTicket): Promise<UnitOutcome> {
      const family = FAMILIES[ticket.family];
      if (!family) return { more: false };
      return family.unit(kvs, ticket);
    },

    /** How many families a ticket goes through. */
    families: FAMILIES.length,

    async save(ticket: CleanupTicket): Promise<void> {
      await kvs.set(cleanupTicketKey(ticket.rolloutId), ticket);
    },

    /**
     * Ends a ticket, and marks the rollout's id claim `cleaned` in the same transaction, so the
     * sweep of rollouts gone before tickets existed (decision 0052) does not queue it again. The
     * claim still refuses the id to a new rollout, as a `written` one does.
     */
    async done(rolloutId: string): Promise<void> {
      await kvs
        .transact()
        .delete(cleanupTicketKey(rolloutId))
        .set(rolloutId, { rolloutId, state: 'cleaned' }, { entityName: 'rollout-claim' })
        .execute();
    },
  };
}

export type CleanupRepository = ReturnType<typeof cleanupRepository>;
