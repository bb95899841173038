/**
 * The department directory in Forge storage. Owns the entity names, keys, the name-uniqueness
 * guard and the concurrency checks; use cases never see any of them.
 *
 * - `department` (key = department id): the department itself, index `by-name` on its folded name.
 * - `department-name` (key = hash of the folded name): who holds a name. A guard is live only while
 *   its department exists under that very name; a guard left behind by a create or rename that
 *   failed halfway is stale and the next writer takes it over with a conditional write. So two
 *   admins adding "Sales" at once cannot both win, and no failure can lock a name forever.
 *   (Transactions do not take `keyPolicy` in @forge/kvs 1.6, so the guard is claimed with a
 *   FAIL_IF_EXISTS write of its own before the transaction.)
 * - `rollout-department` (written by rollouts): which rollouts use a department, so removal can be
 *   refused while one still does.
 * - `department-head:<head>:<id>` (plain keys, department-heads.ts): the departments by head, kept
 *   in step here with every create, update and removal.
 * - `department-group:<group>:<id>` and `department-person:<person>:<id>` (plain keys,
 *   mine-pointers.ts): the departments by Jira group and by the people they name, for "My
 *   rollouts" (decision 0058), kept in step the same way.
 */
import { createHash } from 'node:crypto';
import { Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import { DIRECTORY_MAX, withGroupDefaults, type Department } from '../domain/departments';
import { isConditionFailure, isKeyConflict } from './kvs-errors';
import { headKey, headKeyValue } from './department-heads';
import { departmentPointers, pointerChanges } from './mine-pointers';

const DEPARTMENT = 'department';
const NAME_GUARD = 'department-name';
const ROLLOUT_DEPARTMENT = 'rollout-department';
const ROLLOUT = 'rollout';
const PAGE = 100;
/** Links read per page when checking a department's use (one batch read of their rollouts). */
const LINK_PAGE = 25;
const LINK_PAGES = 4;
/** Longer than any invocation that writes links before its rollout (resolvers stop at 25 s). */
const LINK_GRACE_MS = 60 * 60_000;

/** The admin page's last access check of each department (one document: see `reachChecks`). */
const REACH_KEY = 'directory-reach';

/** One department's last access check: for its people then (head|delegate), who could not browse what. */
export interface ReachCheck {
  people: string;
  checkedAt: string;
  hidden: { accountId: string; issueKeys: string[] }[];
}

/** Department id → its last check. */
export type ReachChecks = Record<string, ReachCheck>;

const REACH_STALE = 'directory-reach-stale:';
/** Marks read per directory list (Forge's most for a query of keys); the rest wait for the next list. */
const REACH_STALE_PAGE = 20;
const BATCH_MAX = 25;
/** Forge's bound on the operations of one transaction. */
const TRANSACTION_MAX = 25;

/** A department a rollout started naming since its last access check (written with the link). */
export function reachStaleKey(departmentId: string): string {
  return `${REACH_STALE}${departmentId}`;
}

/** A `rollout-department` row; `linkedAt` is absent on links written before it existed. */
interface Link {
  rolloutId: string;
  departmentId: string;
  linkedAt?: string;
}

interface NameGuard {
  departmentId: string;
  nameKey: string;
}

function nameGuardKey(nameKey: string): string {
  // Folded names may hold characters that storage keys refuse (apostrophes, "&"): hash them.
  return `name:${createHash('sha256').update(nameKey).digest('hex').slice(0, 48)}`;
}

function versionIs(version: number) {
  return new Filter<Department>().and('version', FilterConditions.equalTo(version));
}

function guardHeldBy(departmentId: string) {
  return new Filter<NameGuard>().and('departmentId', FilterConditions.equalTo(departmentId));
}

export type CreateOutcome = 'created' | 'id-taken' | 'name-taken';
export type UpdateOutcome = 'updated' | 'stale' | 'name-taken';
export type RemoveOutcome = 'removed' | 'stale';

/**
 * Makes `departmentId` the holder of `nameKey`. Answers false when another live department
 * holds it. Safe to repeat: holding it already is success.
 */
async function claimName(
  kvs: StorageClient,
  nameKey: string,
  departmentId: string,
): Promise<boolean> {
  const key = nameGuardKey(nameKey);
  const guards = kvs.entity<NameGuard>(NAME_GUARD);
  try {
    await guards.set(key, { departmentId, nameKey }, { keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
  }
  const guard = await guards.get(key);
  if (!guard) return claimName(kvs, nameKey, departmentId);
  if (guard.departmentId === departmentId) return true;
  const holder = await kvs.entity<Department>(DEPARTMENT).get(guard.departmentId);
  if (holder?.nameKey === nameKey) return false;
  // Stale guard: take it over, unless someone else just did.
  try {
    await kvs
      .transact()
      .set<NameGuard>(
        key,
        { departmentId, nameKey },
        {
          entityName: NAME_GUARD,
          conditions: guardHeldBy(guard.departmentId),
        },
      )
      .execute();
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return false;
  }
}

export function departmentRepository(kvs: StorageClient) {
  return {
    /** Every department, sorted by folded name: ⌈DIRECTORY_MAX / 100⌉ storage calls at most. */
    async list(): Promise<Department[]> {
      const departments: Department[] = [];
      let cursor: string | undefined;
      do {
        let query = kvs
          .entity<Department>(DEPARTMENT)
          .query()
          .index('by-name')
          .sort(Sort.ASC)
          .limit(PAGE);
        if (cursor) query = query.cursor(cursor);
        const page = await query.getMany();
        for (const row of page.results) departments.push(withGroupDefaults(row.value));
        cursor = page.nextCursor;
      } while (cursor && departments.length < DIRECTORY_MAX);
      return departments;
    },

    /**
     * The directory's last access checks, a cache: one read for the whole directory. Written
     * whole (last writer wins): a check lost to a concurrent write is only done again.
     */
    async reachChecks(): Promise<ReachChecks> {
      return (await kvs.get<ReachChecks>(REACH_KEY)) ?? {};
    },

    async saveReachChecks(checks: ReachChecks): Promise<void> {
      await kvs.set(REACH_KEY, checks);
    },

    /** Departments a rollout started naming since they were last checked (one query). */
    async reachStale(): Promise<string[]> {
      const page = await kvs
        .query()
        .where('key', WhereConditions.beginsWith(REACH_STALE))
        .limit(REACH_STALE_PAGE)
        .getMany();
      return page.results.map((row) => row.key.slice(REACH_STALE.length));
    },

    /**
     * Clears the marks of departments just checked. A link written during the check loses its
     * mark too; the check an hour later (REACH_FRESH_MS) or the next save finds it.
     */
    async clearReachStale(departmentIds: readonly string[]): Promise<void> {
      for (let i = 0; i < departmentIds.length; i += BATCH_MAX) {
        await kvs.batchDelete(
          departmentIds.slice(i, i + BATCH_MAX).map((id) => ({ key: reachStaleKey(id) })),
        );
      }
    },

    async get(id: string): Promise<Department | undefined> {
      const department = await kvs.entity<Department>(DEPARTMENT).get(id);
      return department ? withGroupDefaults(department) : undefined;
    },

    /**
     * Takes the name, then adds the department. A failure between the two leaves a stale guard
     * that the retry (same id) or any later create reclaims.
     */
    async create(department: Department): Promise<CreateOutcome> {
      if (!(await claimName(kvs, department.nameKey, department.id))) return 'name-taken';
      // Before the department (a transaction takes no FAIL_IF_EXISTS): a key whose department
      // never came points at nothing, and readers skip it. At most 1 + 1 + 12 keys: one batch.
      await kvs.batchSet([
        { key: headKey(department), value: headKeyValue(department) },
        ...departmentPointers(department),
      ]);
      try {
        await kvs
          .entity<Department>(DEPARTMENT)
          .set(department.id, department, { keyPolicy: 'FAIL_IF_EXISTS' });
        return 'created';
      } catch (error) {
        if (!isKeyConflict(error)) throw error;
        return 'id-taken';
      }
    },

    /** Replaces `previous` by `next` if nobody changed it since `previous.version` was read. */
    async update(previous: Department, next: Department): Promise<UpdateOutcome> {
      const renamed = previous.nameKey !== next.nameKey;
      if (renamed && !(await claimName(kvs, next.nameKey, next.id))) return 'name-taken';
      let transaction = kvs
        .transact()
        .set(next.id, next, { entityName: DEPARTMENT, conditions: versionIs(previous.version) })
        .set(headKey(next), headKeyValue(next));
      if (previous.headAccountId !== next.headAccountId) {
        transaction = transaction.delete(headKey(previous));
      }
      if (renamed) {
        transaction = transaction.delete(nameGuardKey(previous.nameKey), {
          entityName: NAME_GUARD,
          conditions: guardHeldBy(previous.id),
        });
      }
      // The keys by group and person (decision 0058): the gone ones deleted in the transaction
      // (at most 1 + 12, so it stays within 25 operations); the new ones in it too when they fit,
      // else written just before it, as a create writes its keys (a key whose department does not
      // name its person or group points at nothing).
      const { added, removed } = pointerChanges(
        departmentPointers(withGroupDefaults(previous)),
        departmentPointers(next),
      );
      const base = 2 + (previous.headAccountId !== next.headAccountId ? 1 : 0) + (renamed ? 1 : 0);
      for (const key of removed) transaction = transaction.delete(key);
      if (base + removed.length + added.length <= TRANSACTION_MAX) {
        for (const pointer of added) transaction = transaction.set(pointer.key, pointer.value);
      } else {
        await kvs.batchSet(added);
      }
      try {
        await transaction.execute();
        return 'updated';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return 'stale';
      }
    },

    /** Deletes the department and frees its name if nobody changed it since it was read. */
    async remove(department: Department): Promise<RemoveOutcome> {
      try {
        let transaction = kvs
          .transact()
          .delete(department.id, {
            entityName: DEPARTMENT,
            conditions: versionIs(department.version),
          })
          .delete(nameGuardKey(department.nameKey), {
            entityName: NAME_GUARD,
            conditions: guardHeldBy(department.id),
          })
          .delete(headKey(department));
        // Its keys by group and person (at most 1 + 12): 16 operations in all.
        for (const pointer of departmentPointers(withGroupDefaults(department))) {
          transaction = transaction.delete(pointer.key);
        }
        await transaction.execute();
        return 'removed';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return 'stale';
      }
    },

    /** The ids of up to `limit` (≤ 100) rollouts that name this department: one query. */
    async rolloutIdsUsing(departmentId: string, limit: number): Promise<string[]> {
      const found = await kvs
        .entity<Link>(ROLLOUT_DEPARTMENT)
        .query()
        .index('by-department', { partition: [departmentId] })
        .limit(Math.min(limit, PAGE))
        .getMany();
      return [...new Set(found.results.map((row) => row.value.rolloutId))];
    },

    /**
     * Whether any rollout still names this department. Links are written before their rollout, so
     * a link whose rollout does not exist counts while it is recent (its rollout may be on its
     * way); an old one was left by a call that failed for good (or a discard cut short) and does
     * not keep the department forever. One query and one batch read per 25 links; after 4 pages
     * of dangling links it answers true, erring on the safe side.
     */
    async isUsedByRollout(departmentId: string, now: Date): Promise<boolean> {
      const settled = new Date(now.getTime() - LINK_GRACE_MS).toISOString();
      let cursor: string | undefined;
      for (let page = 0; page < LINK_PAGES; page += 1) {
        let query = kvs
          .entity<Link>(ROLLOUT_DEPARTMENT)
          .query()
          .index('by-department', { partition: [departmentId] })
          .limit(LINK_PAGE);
        if (cursor) query = query.cursor(cursor);
        const found = await query.getMany();
        const links = found.results.map((row) => row.value);
        if (links.some((link) => (link.linkedAt ?? '') > settled)) return true;
        if (links.length > 0) {
          const rollouts = await kvs.batchGet(
            [...new Set(links.map((link) => link.rolloutId))].map((key) => ({
              key,
              entityName: ROLLOUT,
            })),
          );
          if (rollouts.successfulKeys.length > 0) return true;
          // Anything but "not found" (throttled, failed): it may exist.
          if (rollouts.failedKeys.some((failed) => failed.error.code !== 'KEY_NOT_FOUND')) {
            return true;
          }
        }
        cursor = found.nextCursor;
        if (!cursor) return false;
      }
      return true;
    },
  };
}

export type DepartmentRepository = ReturnType<typeof departmentRepository>;
