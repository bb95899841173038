/**
 * The directory by head: one plain kvs key per department, `department-head:<head>:<departmentId>`
 * (value `{ departmentId }`), so that the departments a person heads are one prefix query (a page
 * of 20) instead of the whole directory. Written with every directory change, in the same
 * transaction as the department where it has one (update, remove); a create writes it just before
 * the department. A key is only a pointer: readers keep a department only while it exists and
 * still names that head, so a key left by a create that failed, or by a backfill racing an update,
 * shows nobody anything.
 *
 * Departments stored before these keys existed get them from a one-time backfill (`backfill`),
 * resumed from the last name it wrote (`department-head-backfill`); until it has gone through the
 * directory once, readers fall back to the directory itself (decision 0047).
 */
import { Sort, WhereConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import type { Department } from '../domain/departments';

const PREFIX = 'department-head:';
const BACKFILL_KEY = 'department-head-backfill';
/** Forge's page of a plain-key query. */
export const HEAD_PAGE = 20;
/** Departments one backfill page reads (a custom-entity query page). */
const BACKFILL_PAGE = 100;
/** Keys one batch write holds. */
const BATCH_MAX = 25;

export interface HeadKey {
  departmentId: string;
}

export interface BackfillProgress {
  /** The folded name of the last department given its key ('' before the first). */
  after: string;
  done: boolean;
}

export function headPrefix(headAccountId: string): string {
  return `${PREFIX}${headAccountId}:`;
}

export function headKey(department: Pick<Department, 'id' | 'headAccountId'>): string {
  return `${headPrefix(department.headAccountId)}${department.id}`;
}

export function headKeyValue(department: Pick<Department, 'id'>): HeadKey {
  return { departmentId: department.id };
}

export const HEAD_BACKFILL_KEY = BACKFILL_KEY;

export function departmentHeadRepository(kvs: StorageClient) {
  return {
    /** The ids the keys of `headAccountId` point at: one storage call per 20 departments. */
    async departmentIdsOf(headAccountId: string, maxPages: number): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        let query = kvs
          .query()
          .where('key', WhereConditions.beginsWith(headPrefix(headAccountId)))
          .limit(HEAD_PAGE);
        if (cursor) query = query.cursor(cursor);
        const found = await query.getMany<HeadKey>();
        for (const row of found.results) ids.push(row.value.departmentId);
        cursor = found.nextCursor;
        if (!cursor) break;
      }
      return ids;
    },

    async backfillProgress(): Promise<BackfillProgress> {
      return (await kvs.get<BackfillProgress>(BACKFILL_KEY)) ?? { after: '', done: false };
    },

    /**
     * Writes the keys of up to `pages` pages of 100 departments after the last one written, in
     * name order, and answers where it stopped. Idempotent: the same keys and values again.
     * Storage calls: per page, one query and ⌈100 / 25⌉ batch writes, then one for the progress.
     */
    async backfill(pages: number): Promise<BackfillProgress & { written: number }> {
      let progress = await this.backfillProgress();
      let written = 0;
      for (let page = 0; page < pages && !progress.done; page += 1) {
        let query = kvs.entity<Department>('department').query().index('by-name');
        if (progress.after !== '') {
          query = query.where(WhereConditions.greaterThan(progress.after));
        }
        const found = await query.sort(Sort.ASC).limit(BACKFILL_PAGE).getMany();
        const departments = found.results.map((row) => row.value);
        for (let i = 0; i < departments.length; i += BATCH_MAX) {
          await kvs.batchSet(
            departments
              .slice(i, i + BATCH_MAX)
              .map((department) => ({ key: headKey(department), value: headKeyValue(department) })),
          );
        }
        written += departments.length;
        const last = departments[departments.length - 1];
        progress = { after: last?.nameKey ?? progress.after, done: !found.nextCursor };
      }
      await kvs.set(BACKFILL_KEY, progress);
      return { ...progress, written };
    },
  };
}

export type DepartmentHeadRepository = ReturnType<typeof departmentHeadRepository>;
