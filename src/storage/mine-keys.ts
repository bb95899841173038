/**
 * What "My rollouts" needs of the directory and of delegations, by key (decision 0058): plain kvs
 * pointer keys, no storage entity (the manifest holds Forge's 20).
 *
 * - `department-group:<groupId>:<departmentId>`: the department whose Jira group is `groupId`;
 * - `department-person:<accountId>:<departmentId>`: a department naming the person as head,
 *   default delegate or supervisor;
 * - `delegation-delegate:<delegateAccountId>:<headAccountId>`: a head whose delegation record
 *   names the person as a planned delegate.
 *
 * The department keys are written by storage/departments.ts with every create, update and
 * removal (in the department's own transaction when it has one), the delegation keys by
 * storage/delegations.ts with every save. A key is only a pointer: readers keep what it points at
 * only while the record still names that group or person (the rules of src/domain decide), so a
 * key left by a write that failed halfway, or by the backfill racing an update, shows nothing.
 *
 * Records stored before these keys get them from a one-time backfill (`backfill`, progress in
 * `mine-keys-backfill`); until it has gone through once, readers use the whole directory and
 * every current delegation as before.
 */
import { Sort, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import { chunks } from '../domain/chunks';
import type { DelegationRecord } from '../domain/delegation';
import { withGroupDefaults, type Department } from '../domain/departments';
import { delegationRepository } from './delegations';
import { standInRepository } from './stand-ins';
import {
  BATCH_MAX,
  DELEGATE_PREFIX,
  GROUP_PREFIX,
  PERSON_PREFIX,
  delegationPointers,
  departmentPointers,
  type PointerKey,
} from './mine-pointers';

const BACKFILL_KEY = 'mine-keys-backfill';
const DEPARTMENT = 'department';
/** Forge's page of a plain-key query: one page per prefix is read. */
export const POINTER_PAGE = 20;
/** Departments one backfill page reads (a custom-entity query page). */
const BACKFILL_PAGE = 100;

export interface MineKeysProgress {
  /** The folded name of the last department given its keys ('' before the first). */
  after: string;
  departmentsDone: boolean;
  /** Every page done, delegations included: readers may trust the keys. */
  done: boolean;
}

const NOT_STARTED: MineKeysProgress = { after: '', departmentsDone: false, done: false };

export interface PersonPointers {
  /** Whether the backfill has gone through (else the keys may miss older records). */
  ready: boolean;
  /** Departments pointed at by the person's own keys (head, delegate, supervisor). */
  departmentIds: string[];
  /** Heads whose delegation records are pointed at by the person's delegate keys. */
  heads: string[];
}

export function mineKeyRepository(kvs: StorageClient) {
  async function page<T>(prefix: string): Promise<T[]> {
    const found = await kvs
      .query()
      .where('key', WhereConditions.beginsWith(prefix))
      .limit(POINTER_PAGE)
      .getMany<T>();
    return found.results.map((row) => row.value);
  }

  async function setAll(keys: readonly PointerKey[]): Promise<void> {
    for (const items of chunks(keys, BATCH_MAX)) await kvs.batchSet(items);
  }

  return {
    /**
     * The backfill's progress, a page of the person's department keys and a page of their
     * delegate keys: 3 storage calls, sent together.
     */
    async ofPerson(accountId: string): Promise<PersonPointers> {
      const [progress, departments, heads] = await Promise.all([
        kvs.get<MineKeysProgress>(BACKFILL_KEY),
        page<{ departmentId: string }>(`${PERSON_PREFIX}${accountId}:`),
        page<{ headAccountId: string }>(`${DELEGATE_PREFIX}${accountId}:`),
      ]);
      return {
        ready: progress?.done === true,
        departmentIds: departments.map((row) => row.departmentId),
        heads: heads.map((row) => row.headAccountId),
      };
    },

    /** The departments pointed at by `groupIds`' keys: one page each, all sent together. */
    async ofGroups(groupIds: readonly string[]): Promise<string[]> {
      const pages = await Promise.all(
        [...new Set(groupIds)].map((groupId) =>
          page<{ departmentId: string }>(`${GROUP_PREFIX}${groupId}:`),
        ),
      );
      return pages.flat().map((row) => row.departmentId);
    },

    /**
     * Departments and the current delegation records of heads, by key, in parallel batches of
     * 25; something absent is an answer (a stale key), anything else a failure.
     */
    async records(
      departmentIds: readonly string[],
      heads: readonly string[],
      day: string,
    ): Promise<{ departments: Department[]; delegations: DelegationRecord[] }> {
      // Without a viewer, a round's read is exactly this: one batch per 25 keys, sent together.
      return standInRepository(kvs).forRound({ departmentIds, people: heads, day });
    },

    async backfillProgress(): Promise<MineKeysProgress> {
      return (await kvs.get<MineKeysProgress>(BACKFILL_KEY)) ?? NOT_STARTED;
    },

    /**
     * Writes the keys of up to `pages` pages of 100 departments after the last one written, in
     * name order; once the directory is through, those of every delegation record that has not
     * ended by `day` (ended ones are never read again). Idempotent: the same keys and values.
     */
    async backfill(
      pages: number,
      day: string,
    ): Promise<MineKeysProgress & { departments: number; delegations: number }> {
      let progress = await this.backfillProgress();
      let departments = 0;
      let delegations = 0;
      for (let n = 0; n < pages && !progress.departmentsDone; n += 1) {
        let query = kvs.entity<Department>(DEPARTMENT).query().index('by-name');
        if (progress.after !== '') {
          query = query.where(WhereConditions.greaterThan(progress.after));
        }
        const found = await query.sort(Sort.ASC).limit(BACKFILL_PAGE).getMany();
        const rows = found.results.map((row) => withGroupDefaults(row.value));
        await setAll(rows.flatMap(departmentPointers));
        departments += rows.length;
        const last = rows[rows.length - 1];
        progress = {
          ...progress,
          after: last?.nameKey ?? progress.after,
          departmentsDone: !found.nextCursor,
        };
      }
      if (progress.departmentsDone && !progress.done) {
        // Every head with a delegation that has not ended: at most one record per head.
        const records = await delegationRepository(kvs).listCurrent(day);
        await setAll(records.flatMap(delegationPointers));
        delegations = records.length;
        progress = { ...progress, done: true };
      }
      await kvs.set(BACKFILL_KEY, progress);
      return { ...progress, departments, delegations };
    },
  };
}

export type MineKeyRepository = ReturnType<typeof mineKeyRepository>;
