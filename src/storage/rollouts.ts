/**
 * Rollouts in Forge storage, with their anchor-issue guard and the department links the directory
 * checks before removing a department.
 *
 * - `rollout` (key = rollout id): index `by-anchor-issue` (find the rollout of an issue in one
 *   query) and `by-state` (the reminder job walks rollouts awaiting approval).
 * - `rollout-anchor` (key = issue id): who holds an issue, claimed with FAIL_IF_EXISTS so two
 *   coordinators setting up the same issue at once cannot make two rollouts.
 * - `rollout-department` (key = `${rolloutId}:${departmentId}`): written in batches of 25.
 * - `rollout-claim` (key = rollout id): makes a rollout id usable once. Claimed with
 *   FAIL_IF_EXISTS, then flipped from 'claimed' to 'written' in the very transaction that writes
 *   the rollout, so of two writers with one id exactly one commits (decision 0005). Kept
 *   afterwards: a request id never makes a second rollout.
 * - plain key `round-plan:${rolloutId}:${round}`: the plan a round asked the heads about, so the
 *   next round can say what changed since (a key, not an entity: the manifest holds Forge's 20).
 */
import { Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import { chunks } from '../domain/chunks';
import type { AuditEvent } from '../domain/audit';
import { newTicket } from '../domain/cleanup';
import { cleanupTicketKey } from './cleanup';
import type { RoundPlan } from '../domain/plan';
import { rolloutFromStorage, type ApprovalState, type Rollout } from '../domain/rollout';
import { withEvents } from './audit';
import { reachStaleKey } from './departments';
import { commitWithIndex, sessionIndexChanges } from './person-index';
import { isConditionFailure, isKeyConflict, type Transaction } from './kvs-errors';

const ROLLOUT = 'rollout';
const ANCHOR = 'rollout-anchor';
const LINK = 'rollout-department';
const CLAIM = 'rollout-claim';
const BATCH = 25;

interface Anchor {
  rolloutId: string;
}

interface Claim {
  rolloutId: string;
  /** 'cleaned' once a gone rollout's records are removed (decision 0052): refused as 'written'. */
  state: 'claimed' | 'written' | 'cleaned';
}

interface Link {
  rolloutId: string;
  departmentId: string;
  /** When the link was written: a link whose rollout never came is ignored once it is old. */
  linkedAt: string;
}

function roundPlanKey(rolloutId: string, round: number): string {
  return `round-plan:${rolloutId}:${String(round)}`;
}

/** Who was last seen able to browse an anchor issue, and when: one document per issue. */
function browseKey(issueId: string): string {
  return `browse-checks:${issueId}`;
}

/** Account id → when Jira last said they may browse the issue (ISO time). */
export type BrowseChecks = Record<string, string>;

function versionIs(version: number) {
  return new Filter<Rollout>().and('version', FilterConditions.equalTo(version));
}

function anchorHeldBy(rolloutId: string) {
  return new Filter<Anchor>().and('rolloutId', FilterConditions.equalTo(rolloutId));
}

/**
 * Readies the one-time write of rollout `id`: 'free' when the transaction that flips the claim
 * may write it, 'taken' when the rollout already exists (written by an earlier call, or stored
 * before claims existed). Claiming twice is harmless: only one flip can commit.
 */
async function claimRollout(kvs: StorageClient, id: string): Promise<'free' | 'taken'> {
  try {
    await kvs
      .entity<Claim>(CLAIM)
      .set(id, { rolloutId: id, state: 'claimed' }, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
  }
  return (await kvs.entity<Rollout>(ROLLOUT).get(id)) ? 'taken' : 'free';
}

/** The claim flip that makes a rollout write commit at most once. */
function flipClaim(transaction: Transaction, id: string): Transaction {
  return transaction.set<Claim>(
    id,
    { rolloutId: id, state: 'written' },
    {
      entityName: CLAIM,
      conditions: new Filter<Claim>().and('state', FilterConditions.equalTo('claimed')),
    },
  );
}

export type RolloutWrite = 'written' | 'stale';

export function rolloutRepository(kvs: StorageClient) {
  return {
    async get(id: string): Promise<Rollout | undefined> {
      const stored = await kvs.entity<Rollout>(ROLLOUT).get(id);
      return stored && rolloutFromStorage(stored);
    },

    /** The rollouts of `ids` that exist, by id: one storage call per 25. */
    async getMany(ids: readonly string[]): Promise<Map<string, Rollout>> {
      const found = new Map<string, Rollout>();
      const keys = [...new Set(ids)];
      const results = await Promise.all(
        chunks(keys, BATCH).map((chunk) =>
          kvs.batchGet<Rollout>(chunk.map((key) => ({ key, entityName: ROLLOUT }))),
        ),
      );
      for (const result of results) {
        const failed = result.failedKeys.filter((key) => key.error.code !== 'KEY_NOT_FOUND');
        if (failed.length > 0)
          throw new Error(`could not read ${String(failed.length)} rollout(s)`);
        for (const row of result.successfulKeys) {
          found.set(row.key, rolloutFromStorage(row.value));
        }
      }
      return found;
    },

    /** The rollout anchored on an issue (one indexed query). */
    async findByIssue(issueId: string): Promise<Rollout | undefined> {
      const page = await kvs
        .entity<Rollout>(ROLLOUT)
        .query()
        .index('by-anchor-issue', { partition: [issueId] })
        .limit(1)
        .getMany();
      const stored = page.results[0]?.value;
      return stored && rolloutFromStorage(stored);
    },

    /**
     * Claims the issue for `rolloutId`; false when another rollout holds it. Repeating the claim
     * for the same rollout succeeds (retries finish what a failed call started). A claim whose
     * rollout was never written (its call failed for good) is taken over, conditionally; the
     * rollout write checks the claim, so the former holder can no longer complete.
     */
    async claimIssue(issueId: string, rolloutId: string): Promise<boolean> {
      const anchors = kvs.entity<Anchor>(ANCHOR);
      try {
        await anchors.set(issueId, { rolloutId }, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (!isKeyConflict(error)) throw error;
      }
      const holder = await anchors.get(issueId);
      if (!holder) return this.claimIssue(issueId, rolloutId);
      if (holder.rolloutId === rolloutId) return true;
      if (await kvs.entity<Rollout>(ROLLOUT).get(holder.rolloutId)) return false;
      try {
        await kvs
          .transact()
          .set<Anchor>(
            issueId,
            { rolloutId },
            { entityName: ANCHOR, conditions: anchorHeldBy(holder.rolloutId) },
          )
          .execute();
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return false;
      }
    },

    /**
     * Writes a new rollout with its first events, in one transaction that holds only while the
     * rollout id was never written and (for a rollout set up on an issue) the issue is still
     * claimed for it: 'stale' otherwise, e.g. for a retry of the request that wrote it. A strategy's
     * rollout has no issue yet: `claimIssue` and `update` give it one later.
     */
    async create(rollout: Rollout, events: readonly AuditEvent[]): Promise<RolloutWrite> {
      const anchored = rollout.anchorIssueId !== '';
      if (events.length > BATCH - (anchored ? 3 : 2)) {
        throw new Error('too many events for one transaction');
      }
      if ((await claimRollout(kvs, rollout.id)) === 'taken') return 'stale';
      let transaction = flipClaim(kvs.transact(), rollout.id);
      if (anchored) {
        transaction = transaction.check(rollout.anchorIssueId, {
          entityName: ANCHOR,
          conditions: anchorHeldBy(rollout.id),
        });
      }
      transaction = transaction.set(rollout.id, rollout, { entityName: ROLLOUT });
      return commitWithIndex(
        kvs,
        withEvents(transaction, events),
        sessionIndexChanges(undefined, rollout),
        (anchored ? 3 : 2) + events.length,
      );
    },

    /**
     * Replaces `previous` by `next` with its events, all or nothing, if nobody changed the rollout
     * since `previous.version` was read. At most 24 events (a transaction holds 25 operations).
     */
    update(previous: Rollout, next: Rollout, events: readonly AuditEvent[]): Promise<RolloutWrite> {
      if (events.length > BATCH - 1) throw new Error('too many events for one transaction');
      const transaction = kvs
        .transact()
        .set(next.id, next, { entityName: ROLLOUT, conditions: versionIs(previous.version) });
      // Session owners' entries in the person index ride in the same transaction while they fit.
      return commitWithIndex(
        kvs,
        withEvents(transaction, events),
        sessionIndexChanges(previous, next),
        1 + events.length,
      );
    },

    /** The rollouts whose strategy lives in a space, most recently changed first (first 100). */
    async listBySpace(spaceId: string): Promise<Rollout[]> {
      const page = await kvs
        .entity<Rollout>(ROLLOUT)
        .query()
        .index('by-space', { partition: [spaceId] })
        .where(WhereConditions.greaterThan(''))
        .sort(Sort.DESC)
        .limit(100)
        .getMany();
      return page.results.map((row) => rolloutFromStorage(row.value));
    },

    /** The rollout whose strategy page this is (one indexed query). */
    async findByStrategyPage(pageId: string): Promise<Rollout | undefined> {
      const page = await kvs
        .entity<Rollout>(ROLLOUT)
        .query()
        .index('by-strategy-page', { partition: [pageId] })
        .limit(1)
        .getMany();
      const stored = page.results[0]?.value;
      return stored && rolloutFromStorage(stored);
    },

    /** Records which departments a rollout uses (at `at`): ⌈n/25⌉ batch calls, idempotent. */
    async linkDepartments(
      rolloutId: string,
      add: readonly string[],
      remove: readonly string[],
      at: string,
    ): Promise<void> {
      // Each new link also marks its department for the directory's access check (see reachChecks).
      const writes: Parameters<StorageClient['batchSet']>[0] = add.flatMap((departmentId) => [
        {
          key: `${rolloutId}:${departmentId}`,
          value: { rolloutId, departmentId, linkedAt: at } satisfies Link,
          entityName: LINK,
        },
        { key: reachStaleKey(departmentId), value: at },
      ]);
      for (const chunk of chunks(writes, BATCH)) {
        const result = await kvs.batchSet(chunk);
        if (result.failedKeys.length > 0) throw new Error('could not link departments');
      }
      for (const chunk of chunks(remove, BATCH)) {
        await kvs.batchDelete(
          chunk.map((departmentId) => ({ key: `${rolloutId}:${departmentId}`, entityName: LINK })),
        );
      }
    },

    /**
     * Deletes a rollout and appends its last audit event, in one transaction that holds only while
     * nobody changed the rollout since `rollout.version` was read: 'stale' otherwise. What hangs
     * off it (department links, approvals, leases, the issue claim) goes afterwards, by key, and
     * whatever else is keyed by it goes with the daily cleanup its ticket queues.
     */
    discard(rollout: Rollout, event: AuditEvent): Promise<RolloutWrite> {
      // The cleanup of its other records is queued in the same transaction: never one without
      // the other (decision 0045).
      const transaction = kvs
        .transact()
        .delete(rollout.id, { entityName: ROLLOUT, conditions: versionIs(rollout.version) })
        .set(cleanupTicketKey(rollout.id), newTicket(rollout, 'discarded', event.at));
      return commitWithIndex(
        kvs,
        withEvents(transaction, [event]),
        sessionIndexChanges(rollout, undefined),
        3,
      );
    },

    /** Frees an issue `rolloutId` held, so it can anchor another rollout; a no-op otherwise. */
    async releaseIssue(issueId: string, rolloutId: string): Promise<void> {
      try {
        await kvs
          .transact()
          .delete(issueId, { entityName: ANCHOR, conditions: anchorHeldBy(rolloutId) })
          .execute();
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    /** The plan round `round` of the rollout asked about; undefined before this was kept. */
    roundPlan(rolloutId: string, round: number): Promise<RoundPlan | undefined> {
      return kvs.get<RoundPlan>(roundPlanKey(rolloutId, round));
    },

    /**
     * Keeps the plan a round asks about, before the round opens: a retry writes the same plan,
     * and a round that never opened leaves a key the next attempt overwrites.
     */
    async keepRoundPlan(rolloutId: string, round: number, plan: RoundPlan): Promise<void> {
      await kvs.set(roundPlanKey(rolloutId, round), plan);
    },

    /** The people Jira said may browse the anchor issue, with when it said so ({} if none). */
    async browseChecks(issueId: string): Promise<BrowseChecks> {
      return (await kvs.get<BrowseChecks>(browseKey(issueId))) ?? {};
    },

    /**
     * Replaces the issue's browse checks. Last write wins: two requests at once may each keep
     * only their own, which costs a later request a few checks again, never a wrong answer.
     */
    async keepBrowseChecks(issueId: string, checks: BrowseChecks): Promise<void> {
      await kvs.set(browseKey(issueId), checks);
    },

    /** Rollouts in a state, oldest change first, one page of 100 (the reminder job pages on). */
    async pageByState(
      state: ApprovalState,
      cursor: string | undefined,
    ): Promise<{ rollouts: Rollout[]; nextCursor: string | undefined }> {
      let query = kvs
        .entity<Rollout>(ROLLOUT)
        .query()
        .index('by-state', { partition: [state] })
        .where(WhereConditions.greaterThan(''))
        .sort(Sort.ASC)
        .limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      return {
        rollouts: page.results.map((row) => rolloutFromStorage(row.value)),
        nextCursor: page.nextCursor,
      };
    },
  };
}

export type RolloutRepository = ReturnType<typeof rolloutRepository>;
