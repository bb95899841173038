/**
 * A gone rollout's cleanup ticket (decision 0045): what the daily cleanup needs to find the
 * rollout's records once the rollout itself may be gone, and how far the cleanup went. Pure.
 */
import type { Rollout } from './rollout';

/**
 * Why a rollout is gone: discarded, or its anchor issue deleted in Jira; or found gone, with no
 * ticket, by the one-time sweep of rollouts discarded before tickets existed (decision 0052).
 */
export type GoneReason = 'discarded' | 'anchor-deleted' | 'found-by-sweep';

export interface CleanupTicket {
  rolloutId: string;
  /** Its anchor issue ('' for a strategy's rollout that never had one). */
  anchorIssueId: string;
  reason: GoneReason;
  queuedAt: string;
  /** The family of records (in the storage adapter's order) the cleanup reached. */
  family: number;
  /** Within a family that needs it: where it stands. */
  cursor: string;
}

/** The ticket a rollout gone for `reason` at `at` starts with. */
export function newTicket(
  rollout: Pick<Rollout, 'id' | 'anchorIssueId'>,
  reason: GoneReason,
  at: string,
): CleanupTicket {
  return {
    rolloutId: rollout.id,
    anchorIssueId: rollout.anchorIssueId,
    reason,
    queuedAt: at,
    family: 0,
    cursor: '',
  };
}
