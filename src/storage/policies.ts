/**
 * Where a rollout's policy lives in Forge storage (no entity of its own: the manifest is at
 * Forge's limit of 20):
 * - the record (pages, people asked, acknowledged counters) in the `rollout-head-counts` entity
 *   under key `policy:<rolloutId>`, its body in `counts`: versioned, so every change is a
 *   transaction conditioned on the version read and of two writers exactly one wins;
 * - `policy-ack:<rolloutId>:<pageId>:<accountId>` (plain key): one person's acknowledgement,
 *   written in the same transaction as the counters it adds to, so the two always agree;
 * - `policy-ack:<rolloutId>:<pageId>:<accountId>:reminded` (plain key): the reminder under way
 *   that one person belongs to and the step mailing them (decision 0055); under the rollout's
 *   acknowledgement prefix, so the cleanup of a discarded rollout removes it with them;
 * - `policy-group:<groupId>:<rolloutId>` and `policy-page:<pageId>:<rolloutId>` (plain keys):
 *   which rollouts ask a group, and which name a page, found by key prefix (never a scan of
 *   rollouts) by "My rollouts" and by the page's byline.
 */
import { Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import { chunks } from '../domain/chunks';
import {
  policyRef,
  type Acknowledgement,
  type PolicyRecord,
  type ReminderClaim,
} from '../domain/policy';
import type { StorageClient } from './client';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

const ENTITY = 'rollout-head-counts';
/** Index rows read by one prefix query: the most rollouts one group or page is the policy of. */
export const POLICY_INDEX_PAGE = 20;
/** Keys in one batch read or write (Forge's batch limit). */
const BATCH = 25;

interface StoredPolicy {
  rolloutId: string;
  counts: Pick<PolicyRecord, 'rolloutTitle' | 'pages' | 'audience' | 'acknowledged'>;
  updatedAt: string;
  version: number;
}

const recordKey = (rolloutId: string): string => `policy:${rolloutId}`;
const ackKey = (rolloutId: string, pageId: string, accountId: string): string =>
  `policy-ack:${rolloutId}:${pageId}:${accountId}`;
const claimKey = (rolloutId: string, pageId: string, accountId: string): string =>
  `${ackKey(rolloutId, pageId, accountId)}:reminded`;
const groupPrefix = (groupId: string): string => `policy-group:${groupId}:`;
const pagePrefix = (pageId: string): string => `policy-page:${pageId}:`;

function fromStored(stored: StoredPolicy | undefined): PolicyRecord | undefined {
  if (!stored) return undefined;
  return {
    rolloutId: stored.rolloutId,
    rolloutTitle: stored.counts.rolloutTitle,
    pages: stored.counts.pages,
    audience: stored.counts.audience,
    acknowledged: stored.counts.acknowledged,
    updatedAt: stored.updatedAt,
    version: stored.version,
  };
}

function toStored(record: PolicyRecord): StoredPolicy {
  return {
    rolloutId: record.rolloutId,
    counts: {
      rolloutTitle: record.rolloutTitle,
      pages: record.pages,
      audience: record.audience,
      acknowledged: record.acknowledged,
    },
    updatedAt: record.updatedAt,
    version: record.version,
  };
}

export function policyRepository(kvs: StorageClient) {
  async function prefixed(prefix: string): Promise<string[]> {
    const page = await kvs
      .query()
      .where('key', WhereConditions.beginsWith(prefix))
      .limit(POLICY_INDEX_PAGE)
      .getMany<{ rolloutId: string }>();
    return page.results.map((row) => row.value.rolloutId);
  }

  /** A transaction writing `next`, conditioned on the record still being at `current`'s version. */
  function recordWrite(current: PolicyRecord, next: PolicyRecord) {
    return kvs.transact().set(recordKey(next.rolloutId), toStored(next), {
      entityName: ENTITY,
      conditions: new Filter<StoredPolicy>().and(
        'version',
        FilterConditions.equalTo(current.version),
      ),
    });
  }

  /** The values of `keyOf(id)` for each of `accountIds` that has one, in a call per 25. */
  async function byAccount<T>(
    accountIds: readonly string[],
    keyOf: (accountId: string) => string,
  ): Promise<Map<string, T>> {
    const byKey = new Map(accountIds.map((id) => [keyOf(id), id]));
    const found = new Map<string, T>();
    for (const chunk of chunks([...byKey.keys()], BATCH)) {
      const result = await kvs.batchGet<T>(chunk.map((key) => ({ key })));
      for (const row of result.successfulKeys) {
        const accountId = byKey.get(row.key);
        if (accountId !== undefined) found.set(accountId, row.value);
      }
    }
    return found;
  }

  return {
    async get(rolloutId: string): Promise<PolicyRecord | undefined> {
      return fromStored(await kvs.entity<StoredPolicy>(ENTITY).get(recordKey(rolloutId)));
    },

    /** Several rollouts' records in one call per 25 (absent ones left out). */
    async getMany(rolloutIds: readonly string[]): Promise<PolicyRecord[]> {
      const records: PolicyRecord[] = [];
      for (const chunk of chunks([...new Set(rolloutIds)], BATCH)) {
        const result = await kvs.batchGet<StoredPolicy>(
          chunk.map((id) => ({ key: recordKey(id), entityName: ENTITY })),
        );
        for (const row of result.successfulKeys) {
          const record = fromStored(row.value);
          if (record) records.push(record);
        }
      }
      return records;
    },

    /**
     * Writes `next` in place of `current` (undefined: none yet) with the index rows of its groups
     * and pages, unless someone wrote the record since `current` was read.
     */
    async replace(
      current: PolicyRecord | undefined,
      next: PolicyRecord,
    ): Promise<'written' | 'stale'> {
      const index = [
        ...Object.values(next.audience)
          .filter((audience) => audience.groupId !== '')
          .map((audience) => `${groupPrefix(audience.groupId)}${next.rolloutId}`),
        ...next.pages.map((page) => `${pagePrefix(page.pageId)}${next.rolloutId}`),
      ];
      if (!current) {
        try {
          await kvs
            .entity<StoredPolicy>(ENTITY)
            .set(recordKey(next.rolloutId), toStored(next), { keyPolicy: 'FAIL_IF_EXISTS' });
        } catch (error) {
          if (isKeyConflict(error)) return 'stale';
          throw error;
        }
      } else {
        const outcome = await commitUnlessStale(recordWrite(current, next));
        if (outcome === 'stale') return outcome;
      }
      // Index rows are idempotent sets: a lost one is written again by the next change.
      for (const chunk of chunks(index, BATCH)) {
        await kvs.batchSet(chunk.map((key) => ({ key, value: { rolloutId: next.rolloutId } })));
      }
      return 'written';
    },

    /**
     * The acknowledgements of `accountId` for each (rollout, page) asked, in a call per 25, by
     * `policyRef(rolloutId, pageId)`.
     */
    async acknowledgements(
      accountId: string,
      refs: readonly { rolloutId: string; pageId: string }[],
    ): Promise<Map<string, Acknowledgement>> {
      const found = new Map<string, Acknowledgement>();
      const byKey = new Map(
        refs.map((ref) => [
          ackKey(ref.rolloutId, ref.pageId, accountId),
          policyRef(ref.rolloutId, ref.pageId),
        ]),
      );
      for (const chunk of chunks([...byKey.keys()], BATCH)) {
        const result = await kvs.batchGet<Acknowledgement>(chunk.map((key) => ({ key })));
        for (const row of result.successfulKeys) {
          const ref = byKey.get(row.key);
          if (ref !== undefined) found.set(ref, row.value);
        }
      }
      return found;
    },

    /**
     * Writes `next` in place of `current` when nobody wrote the record since (one conditioned
     * write), for changes that name no new group or page: no index row is written.
     */
    async update(current: PolicyRecord, next: PolicyRecord): Promise<'written' | 'stale'> {
      return commitUnlessStale(recordWrite(current, next));
    },

    /** Which of `accountIds` acknowledged `pageId` of the rollout, and how: a call per 25. */
    async acknowledgementsOf(
      rolloutId: string,
      pageId: string,
      accountIds: readonly string[],
    ): Promise<Map<string, Acknowledgement>> {
      return byAccount<Acknowledgement>(accountIds, (id) => ackKey(rolloutId, pageId, id));
    },

    /** The reminder claims of `accountIds` for `pageId` of the rollout: a call per 25. */
    async reminderClaimsOf(
      rolloutId: string,
      pageId: string,
      accountIds: readonly string[],
    ): Promise<Map<string, ReminderClaim>> {
      return byAccount<ReminderClaim>(accountIds, (id) => claimKey(rolloutId, pageId, id));
    },

    /**
     * Gives each of `accountIds` to `claim`'s step: idempotent sets, a call per 25 (a person's
     * last claim is the only one read, so an older reminder's is simply replaced).
     */
    async claimReminders(
      rolloutId: string,
      pageId: string,
      accountIds: readonly string[],
      claim: ReminderClaim,
    ): Promise<void> {
      for (const chunk of chunks(accountIds, BATCH)) {
        const result = await kvs.batchSet(
          chunk.map((id) => ({ key: claimKey(rolloutId, pageId, id), value: claim })),
        );
        // A person left unclaimed could be mailed again by a later step: the step waits a day.
        if (result.failedKeys.length > 0) throw new Error('could not claim reminder recipients');
      }
    },

    /** The acknowledgement and the counters it adds to, in one conditioned transaction. */
    async acknowledge(
      current: PolicyRecord,
      next: PolicyRecord,
      pageId: string,
      accountId: string,
      ack: Acknowledgement,
    ): Promise<'written' | 'stale'> {
      return commitUnlessStale(
        recordWrite(current, next).set(ackKey(next.rolloutId, pageId, accountId), ack),
      );
    },

    /** The rollouts asking the members of `groupId` (at most POLICY_INDEX_PAGE). */
    rolloutsAskingGroup: (groupId: string) => prefixed(groupPrefix(groupId)),

    /** The rollouts whose policy names `pageId` (at most POLICY_INDEX_PAGE). */
    rolloutsNamingPage: (pageId: string) => prefixed(pagePrefix(pageId)),
  };
}

export type PolicyRepository = ReturnType<typeof policyRepository>;
