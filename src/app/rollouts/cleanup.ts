/**
 * The cleanup of gone rollouts' records (decision 0045), a step of the daily reconciliation run:
 * a rollout is gone once discarded (its ticket is queued in the discard's transaction) or once its
 * anchor issue is deleted (queued by the work-events trigger, {@link queueIfAnchor}).
 *
 * Bounded per run: at most `units` units (each a few storage calls, src/storage/cleanup.ts) over
 * the first page of the queue, oldest rollout first as storage lists them. Where a ticket stopped
 * is saved in the ticket itself, so the next run resumes there; a ticket goes when its last
 * family is empty. Every unit is a delete of what it finds, so a repeated or interrupted run
 * removes nothing twice and leaves nothing that a later run cannot find.
 */
import { newTicket, type CleanupTicket } from '../../domain/cleanup';
import type { Ports } from '../ports';

/** Units one run may spend (each at most UNIT_CALLS_MAX storage calls but a rollout record). */
export const CLEANUP_UNITS_PER_RUN = 60;

export interface CleanupReport {
  /** Rollouts whose records are all gone in this run. */
  finished: number;
  units: number;
  /** False when the queue may hold more work than this run did. */
  complete: boolean;
}

export async function continueCleanup(
  ports: { cleanup: Pick<Ports['cleanup'], 'queued' | 'unit' | 'save' | 'done' | 'families'> },
  timeLeft: () => boolean,
  units = CLEANUP_UNITS_PER_RUN,
): Promise<CleanupReport> {
  const queued = await ports.cleanup.queued();
  const report: CleanupReport = { finished: 0, units: 0, complete: !queued.more };
  for (const start of queued.tickets) {
    const ticket: CleanupTicket = { ...start };
    let moved = false;
    while (ticket.family < ports.cleanup.families) {
      if (report.units >= units || !timeLeft()) break;
      report.units += 1;
      const outcome = await ports.cleanup.unit(ticket);
      moved = true;
      if (outcome.more) {
        ticket.cursor = outcome.cursor ?? ticket.cursor;
      } else {
        ticket.family += 1;
        ticket.cursor = '';
      }
    }
    if (ticket.family >= ports.cleanup.families) {
      await ports.cleanup.done(ticket.rolloutId);
      report.finished += 1;
      continue;
    }
    if (moved) await ports.cleanup.save(ticket);
    report.complete = false;
    break;
  }
  return report;
}

/**
 * When a deleted issue anchored a rollout, that rollout is gone: queues its cleanup (one indexed
 * query; a repeated event keeps the ticket there). Answers whether it did.
 */
export async function queueIfAnchor(
  ports: Pick<Ports, 'rollouts' | 'cleanup' | 'now'>,
  issueId: string,
): Promise<boolean> {
  const rollout = await ports.rollouts.findByIssue(issueId);
  if (rollout?.anchorIssueId !== issueId) return false;
  await ports.cleanup.enqueue(newTicket(rollout, 'anchor-deleted', ports.now().toISOString()));
  return true;
}
