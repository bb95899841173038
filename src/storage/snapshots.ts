/**
 * The progress gadget's history in Forge storage, as plain keys: one snapshot per rollout per day
 * (`snapshot:<rolloutId>:<YYYY-MM-DD>`, written once: a repeated run of the day's job finds it
 * there) and the rollout's running trend (`trend:<rolloutId>`, one value the gadget reads in one
 * call). The trend is merged by day, so writing it again for a day changes nothing.
 */
import { snapshotKey, withPoint, type Snapshot, type Trend } from '../domain/snapshots';
import type { StorageClient } from './client';
import { isKeyConflict } from './kvs-errors';

function trendKey(rolloutId: string): string {
  return `trend:${rolloutId}`;
}

export function snapshotRepository(kvs: StorageClient) {
  return {
    /** Stores the day's snapshot unless one is there ('exists': the day was already taken). */
    async claim(snapshot: Snapshot): Promise<'written' | 'exists'> {
      try {
        await kvs.set(snapshotKey(snapshot.rolloutId, snapshot.day), snapshot, {
          keyPolicy: 'FAIL_IF_EXISTS',
        });
        return 'written';
      } catch (error) {
        if (isKeyConflict(error)) return 'exists';
        throw error;
      }
    },

    async get(rolloutId: string, day: string): Promise<Snapshot | undefined> {
      return kvs.get<Snapshot>(snapshotKey(rolloutId, day));
    },

    async trend(rolloutId: string): Promise<Trend> {
      return (await kvs.get<Trend>(trendKey(rolloutId))) ?? { rolloutId, points: [] };
    },

    /** Puts the snapshot's day into the rollout's trend (only the daily job writes it). */
    async addToTrend(snapshot: Snapshot): Promise<void> {
      const trend = await this.trend(snapshot.rolloutId);
      await kvs.set(trendKey(snapshot.rolloutId), withPoint(trend, snapshot));
    },
  };
}

export type SnapshotRepository = ReturnType<typeof snapshotRepository>;
