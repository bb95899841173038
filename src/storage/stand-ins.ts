/**
 * What a round needs of the directory and of the heads' delegations, read by key in batches
 * instead of the whole directory and every delegation in the company (decision 0047):
 * - the round's departments (each one's head and default delegate),
 * - the delegation records of its approvers and of the viewer,
 * - the departments the viewer heads (their delegation section), through the keys by head
 *   (department-heads.ts).
 * One batch call per 25 keys, all at once, beside one prefix query for the viewer; one more batch
 * only when the viewer heads departments outside the round. None of it grows with the directory
 * or with the delegations elsewhere.
 */
import type { StorageClient } from './client';
import { withGroupDefaults, type Department } from '../domain/departments';
import { chunks } from '../domain/chunks';
import type { DelegationRecord } from '../domain/delegation';
import { DIRECTORY_MAX } from '../domain/limits';
import { DELEGATION } from './delegations';
import { departmentRepository } from './departments';
import {
  HEAD_BACKFILL_KEY,
  HEAD_PAGE,
  departmentHeadRepository,
  type BackfillProgress,
} from './department-heads';

const DEPARTMENT = 'department';
/** Forge's bound on the items of one batch call. */
const BATCH_MAX = 25;
/** Pages of keys read for one head: the whole directory at most. */
const HEAD_PAGES_MAX = Math.ceil(DIRECTORY_MAX / HEAD_PAGE);

interface Wanted {
  key: string;
  entityName?: string;
}

export interface RoundStandIns {
  /** The round's departments and those the viewer heads (not the rest of the directory). */
  departments: Department[];
  /** The records of the people asked for that have not ended by the day asked for. */
  delegations: DelegationRecord[];
}

export function standInRepository(kvs: StorageClient) {
  const heads = departmentHeadRepository(kvs);

  /** Reads `wanted` in parallel batches; someone or something absent is an answer, not a failure. */
  async function read(wanted: readonly Wanted[]) {
    const results = await Promise.all(
      chunks(wanted, BATCH_MAX).map((items) => kvs.batchGet<unknown>(items)),
    );
    const failed = results.flatMap((result) =>
      result.failedKeys.filter((key) => key.error.code !== 'KEY_NOT_FOUND'),
    );
    // Anything but "not found" would drop a head or a stand-in silently.
    if (failed.length > 0) {
      throw new Error(`could not read ${String(failed.length)} directory or delegation key(s)`);
    }
    return results.flatMap((result) => result.successfulKeys);
  }

  return {
    async forRound(input: {
      departmentIds: readonly string[];
      people: readonly string[];
      /** Whose headed departments to add ('' or absent: nobody's). */
      viewer?: string;
      /** YYYY-MM-DD: records that ended before it are left out. */
      day: string;
    }): Promise<RoundStandIns> {
      const viewer = input.viewer ?? '';
      const departmentIds = [...new Set(input.departmentIds.filter((id) => id !== ''))];
      const people = [...new Set(input.people.filter((id) => id !== ''))];
      const wanted: Wanted[] = [
        ...departmentIds.map((key) => ({ key, entityName: DEPARTMENT })),
        ...people.map((key) => ({ key, entityName: DELEGATION })),
        ...(viewer ? [{ key: HEAD_BACKFILL_KEY }] : []),
      ];
      const [rows, pointed] = await Promise.all([
        read(wanted),
        viewer ? heads.departmentIdsOf(viewer, HEAD_PAGES_MAX) : Promise.resolve([]),
      ]);
      const departments = new Map<string, Department>();
      const delegations: DelegationRecord[] = [];
      let progress: BackfillProgress | undefined;
      for (const row of rows) {
        if (row.entityName === DEPARTMENT) {
          const department = withGroupDefaults(row.value as Department);
          departments.set(department.id, department);
        } else if (row.entityName === DELEGATION) {
          const record = row.value as DelegationRecord;
          if (record.lastDay >= input.day) delegations.push(record);
        } else if (row.key === HEAD_BACKFILL_KEY) {
          progress = row.value as BackfillProgress;
        }
      }
      if (!viewer) return { departments: [...departments.values()], delegations };
      if (progress?.done) {
        const missing = [...new Set(pointed)].filter((id) => !departments.has(id));
        for (const row of missing.length > 0
          ? await read(missing.map((key) => ({ key, entityName: DEPARTMENT })))
          : []) {
          const department = withGroupDefaults(row.value as Department);
          // A key is a pointer: the department must still name the viewer as its head.
          if (department.headAccountId === viewer) departments.set(department.id, department);
        }
      } else {
        // Departments stored before the keys by head may have none yet: the directory itself.
        for (const department of await departmentRepository(kvs).list()) {
          if (department.headAccountId === viewer) departments.set(department.id, department);
        }
      }
      return { departments: [...departments.values()], delegations };
    },
  };
}

export type StandInRepository = ReturnType<typeof standInRepository>;
