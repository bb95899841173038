/**
 * The coordinator's answers to suggestions in Forge storage: `rollout-suggestions` (key = rollout
 * id), the answers of the current week (a suggestion's id names its week, so older answers can
 * no longer match and are dropped on the next write, which keeps the record small). Each answer
 * is written with its audit event in one transaction conditioned on the version read: of two
 * clicks one writes, the other learns it ('stale') and re-reads.
 */
import { Filter, FilterConditions } from '@forge/kvs';
import type { AuditEvent } from '../domain/audit';
import type { SuggestionDecision } from '../domain/suggestions';
import { withEvents } from './audit';
import type { StorageClient } from './client';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

const ENTITY = 'rollout-suggestions';

export interface SuggestionDecisions {
  rolloutId: string;
  decisions: SuggestionDecision[];
  version: number;
}

export function suggestionRepository(kvs: StorageClient) {
  return {
    async get(rolloutId: string): Promise<SuggestionDecisions> {
      const stored = await kvs.entity<SuggestionDecisions>(ENTITY).get(rolloutId);
      return stored ?? { rolloutId, decisions: [], version: 0 };
    },

    /**
     * Writes `next` in place of `current` with `events`, unless someone wrote the record since
     * `current` was read. A rollout's first answer creates the record empty first, so the answer
     * itself is always a conditioned transaction with its events.
     */
    async replace(
      current: SuggestionDecisions,
      next: SuggestionDecisions,
      events: readonly AuditEvent[],
    ): Promise<'written' | 'stale'> {
      if (current.version === 0) {
        try {
          await kvs
            .entity<SuggestionDecisions>(ENTITY)
            .set(current.rolloutId, current, { keyPolicy: 'FAIL_IF_EXISTS' });
        } catch (error) {
          if (!isKeyConflict(error)) throw error;
        }
      }
      return commitUnlessStale(
        withEvents(
          kvs.transact().set(next.rolloutId, next, {
            entityName: ENTITY,
            conditions: new Filter<SuggestionDecisions>().and(
              'version',
              FilterConditions.equalTo(current.version),
            ),
          }),
          events,
        ),
      );
    },

    /** Forgets a discarded rollout's answers. */
    async remove(rolloutId: string): Promise<void> {
      await kvs.entity<SuggestionDecisions>(ENTITY).delete(rolloutId);
    },
  };
}

export type SuggestionRepository = ReturnType<typeof suggestionRepository>;
