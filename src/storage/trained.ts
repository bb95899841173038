/**
 * What the trained % and the attendance flags are read from, in Forge storage:
 * - `trained:<rolloutId>` (plain key): the rollout's `TrainedRecord`, recomputed whenever
 *   attendance, a department's group or a head-count changes, so readers (the Rollout panel, the
 *   dashboard gadget) never page through attendance or group members;
 * - `attendance-summary:<rolloutId>` (plain key): each recorded session's count and when it was
 *   recorded, written with the trained record, so the anchor's panel flags sessions without
 *   reading every session's attendance;
 * - `trained-rebuild-after` (plain key): the id of the last rollout the daily job rebuilt when
 *   its run stopped short of the rest, so the next run starts after it (decision 0056);
 * - `rollout-head-counts` (entity, key = rollout id): the head-counts the coordinator entered,
 *   versioned, so two coordinators editing at once cannot lose each other's figure.
 *
 * Both derived records are rebuilt from the attendance in full each time (never incremented), so
 * writing them again is harmless, and the daily job rebuilds them if a race left one behind.
 */
import type { TrainedRecord } from '../domain/trained';
import type { StorageClient } from './client';
import { perRolloutRepository } from './per-rollout';
import { WORK_STATES_ENTITY, countersOf } from './work-states';
import type { WorkCounters } from '../domain/work-states';

export interface AttendanceSummary {
  /** By session id: attendees counted, and when the list was recorded ('' never). */
  sessions: Record<string, { count: number; recordedAt: string }>;
  updatedAt: string;
}

export interface HeadCounts {
  rolloutId: string;
  /** By department id: the number of people the coordinator entered (absent: none). */
  counts: Record<string, number>;
  updatedAt: string;
  version: number;
}

export const trainedKey = (rolloutId: string): string => `trained:${rolloutId}`;
const summaryKey = (rolloutId: string): string => `attendance-summary:${rolloutId}`;
const REBUILD_AFTER_KEY = 'trained-rebuild-after';

export function trainedRepository(kvs: StorageClient) {
  return {
    async get(rolloutId: string): Promise<TrainedRecord | undefined> {
      return kvs.get<TrainedRecord>(trainedKey(rolloutId));
    },

    /** Writes both derived records in one call. */
    async save(rolloutId: string, trained: TrainedRecord, summary: AttendanceSummary) {
      const result = await kvs.batchSet<TrainedRecord | AttendanceSummary>([
        { key: trainedKey(rolloutId), value: trained },
        { key: summaryKey(rolloutId), value: summary },
      ]);
      if (result.failedKeys.length > 0) {
        throw new Error(`could not write ${String(result.failedKeys.length)} trained record(s)`);
      }
    },

    /**
     * What the anchor's panel shows beside the plan, in ONE storage call: the work issues'
     * states, the trained record and the attendance summary (each undefined when absent).
     */
    async panelRead(rolloutId: string): Promise<{
      workStates: WorkCounters | undefined;
      trained: TrainedRecord | undefined;
      summary: AttendanceSummary | undefined;
    }> {
      const result = await kvs.batchGet<unknown>([
        { key: rolloutId, entityName: WORK_STATES_ENTITY },
        { key: trainedKey(rolloutId) },
        { key: summaryKey(rolloutId) },
      ]);
      const failed = result.failedKeys.filter((key) => key.error.code !== 'KEY_NOT_FOUND');
      if (failed.length > 0) {
        throw new Error(`could not read ${String(failed.length)} of the panel's records`);
      }
      const value = (key: string, entityName?: string): unknown =>
        result.successfulKeys.find((row) => row.key === key && row.entityName === entityName)
          ?.value;
      return {
        workStates: countersOf(value(rolloutId, WORK_STATES_ENTITY)),
        trained: value(trainedKey(rolloutId)) as TrainedRecord | undefined,
        summary: value(summaryKey(rolloutId)) as AttendanceSummary | undefined,
      };
    },

    headCounts: perRolloutRepository<HeadCounts>(kvs, 'rollout-head-counts'),

    /** Where the daily job's last rebuild stopped short: the last rollout it rebuilt, if any. */
    async rebuildAfter(): Promise<string | undefined> {
      return kvs.get<string>(REBUILD_AFTER_KEY);
    },

    /** Keeps where this run's rebuild stopped short; undefined: every rollout was rebuilt. */
    async setRebuildAfter(rolloutId: string | undefined): Promise<void> {
      if (rolloutId === undefined) await kvs.delete(REBUILD_AFTER_KEY);
      else await kvs.set(REBUILD_AFTER_KEY, rolloutId);
    },

    /** Forgets a discarded rollout's records. */
    async remove(rolloutId: string): Promise<void> {
      await kvs.batchDelete([{ key: trainedKey(rolloutId) }, { key: summaryKey(rolloutId) }]);
      await kvs.entity<HeadCounts>('rollout-head-counts').delete(rolloutId);
    },
  };
}

export type TrainedRepository = ReturnType<typeof trainedRepository>;
