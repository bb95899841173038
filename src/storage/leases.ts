/**
 * Short leases that keep one long operation on a rollout from running twice at once (finishing a
 * strategy's creation), with a small memory of what the last run made.
 *
 * `rollout-lease` (key = `${purpose}:${rolloutId}`): taken with FAIL_IF_EXISTS the first time and
 * by a version-conditioned write after that, so of two racing callers exactly one holds it. A
 * lease outlives any invocation (resolvers stop at 25 s); a holder that died leaves a lease that
 * simply expires, and the next caller takes it over. Releasing is conditioned on still holding.
 */
import { Filter, FilterConditions } from '@forge/kvs';
import type { RecentIssue } from '../domain/push-job';
import type { StorageClient } from './client';
import { isConditionFailure, isKeyConflict } from './kvs-errors';

const LEASE = 'rollout-lease';

interface LeaseRecord {
  holder: string;
  until: string;
  recent: RecentIssue[];
  version: number;
}

export interface Lease {
  key: string;
  holder: string;
  version: number;
  recent: RecentIssue[];
}

export type LeasePurpose = 'create';

export type Acquired = { acquired: true; lease: Lease } | { acquired: false; until: string };

function leaseKey(purpose: LeasePurpose, rolloutId: string): string {
  return `${purpose}:${rolloutId}`;
}

function versionIs(version: number) {
  return new Filter<LeaseRecord>().and('version', FilterConditions.equalTo(version));
}

export function leaseRepository(kvs: StorageClient) {
  return {
    /** Takes the lease for `leaseMs` unless someone holds an unexpired one. */
    async acquire(
      purpose: LeasePurpose,
      rolloutId: string,
      holder: string,
      now: Date,
      leaseMs: number,
    ): Promise<Acquired> {
      const key = leaseKey(purpose, rolloutId);
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const leases = kvs.entity<LeaseRecord>(LEASE);
      const current = await leases.get(key);
      if (!current) {
        try {
          await leases.set(
            key,
            { holder, until, recent: [], version: 1 },
            { keyPolicy: 'FAIL_IF_EXISTS' },
          );
          return { acquired: true, lease: { key, holder, version: 1, recent: [] } };
        } catch (error) {
          if (!isKeyConflict(error)) throw error;
          const winner = await leases.get(key);
          // Our own write, repeated after its answer was lost (storage/client.ts retries).
          if (winner?.holder === holder) {
            return {
              acquired: true,
              lease: { key, holder, version: winner.version, recent: winner.recent },
            };
          }
          return { acquired: false, until: winner?.until ?? until };
        }
      }
      if (current.holder !== '' && current.until > now.toISOString()) {
        return { acquired: false, until: current.until };
      }
      const next: LeaseRecord = { ...current, holder, until, version: current.version + 1 };
      try {
        await kvs
          .transact()
          .set(key, next, { entityName: LEASE, conditions: versionIs(current.version) })
          .execute();
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const winner = await leases.get(key);
        return { acquired: false, until: winner?.until ?? until };
      }
      return {
        acquired: true,
        lease: { key, holder, version: next.version, recent: current.recent },
      };
    },

    /** Forgets a rollout's lease altogether (the rollout is gone). */
    async remove(purpose: LeasePurpose, rolloutId: string): Promise<void> {
      await kvs.entity<LeaseRecord>(LEASE).delete(leaseKey(purpose, rolloutId));
    },

    /**
     * Gives the lease back with what the run created recently. A no-op when the lease was taken
     * over meanwhile (it had expired: the new holder's memory wins).
     */
    async release(lease: Lease, recent: readonly RecentIssue[]): Promise<void> {
      const next: LeaseRecord = {
        holder: '',
        until: '',
        recent: [...recent],
        version: lease.version + 1,
      };
      try {
        await kvs
          .transact()
          .set(lease.key, next, { entityName: LEASE, conditions: versionIs(lease.version) })
          .execute();
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        console.warn('[rollout-coordinator] a lease was taken over before it was released');
      }
    },
  };
}

export type LeaseRepository = ReturnType<typeof leaseRepository>;
