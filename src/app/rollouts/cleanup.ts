/**
 * The cleanup of gone rollouts' records (decision 0045), a step of the daily reconciliation run:
 * a rollout is gone once discarded (its ticket is queued in the discard's transaction) or once its
 * anchor issue is deleted (queued by the work-events trigger, {@link queueIfAnchor}).
 *
 * Bounded per run: slices of at most `units` units (each a few storage calls,
 * src/storage/cleanup.ts) over the first page of the queue, oldest rollout first as storage lists
 * them, as many slices as the run's time share and its slice bound allow. Where a ticket stopped
 * is saved in the ticket itself, so the next slice or run resumes there; a ticket goes when its
 * last family is empty. Every unit is a delete of what it finds, so a repeated or interrupted run
 * removes nothing twice and leaves nothing that a later run cannot find.
 */
import { newTicket, type CleanupTicket } from '../../domain/cleanup';
import type { Ports } from '../ports';

/**
 * Units one slice may spend (each at most UNIT_CALLS_MAX storage calls but a rollout record): a
 * slice reads one page of the queue, spends them, and saves the ticket it stopped in.
 */
export const CLEANUP_UNITS_PER_SLICE = 60;

/**
 * Slices one run may go through while it has time (decision 0052). The bound is Forge's write
 * quota, not time: a unit deletes at most 25 keys, so 2 slices delete at most 3,000 keys, within
 * the installation's 4,000 writes a minute with room for the reconciliation and people's writes in
 * the same minute. A deterministic count: a 10,000-record rollout takes the same number of runs
 * however fast storage answers.
 */
export const CLEANUP_SLICES_PER_RUN = 2;

/**
 * The share of the daily run's 55 s the cleanup may use before the reconciliation (decision
 * 0052): it starts no unit past it. A slice of 182 calls is a few seconds of storage, so a second
 * slice runs on most days, and the reconciliation keeps at least 40 s; what it cannot reach, it
 * resumes the next day (0044).
 */
export const CLEANUP_TIME_SHARE_MS = 15_000;

export interface CleanupBounds {
  units: number;
  slices: number;
}

export interface CleanupReport {
  /** Rollouts whose records are all gone in this run. */
  finished: number;
  units: number;
  /** Slices the run went through. */
  slices: number;
  /** False when the queue may hold more work than this run did. */
  complete: boolean;
}

type CleanupPorts = {
  cleanup: Pick<Ports['cleanup'], 'queued' | 'unit' | 'save' | 'done' | 'families'>;
};

/** One slice: the first page of the queue, at most `units` units over it. */
async function slice(
  ports: CleanupPorts,
  timeLeft: () => boolean,
  units: number,
): Promise<Omit<CleanupReport, 'slices'>> {
  const queued = await ports.cleanup.queued();
  const report = { finished: 0, units: 0, complete: !queued.more };
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
 * A run: slices while the queue holds work, the clock allows (`timeLeft`, the run's share of the
 * function's time) and fewer than `bounds.slices` went by. Each slice starts from what the one
 * before saved.
 */
export async function continueCleanup(
  ports: CleanupPorts,
  timeLeft: () => boolean,
  bounds: CleanupBounds = { units: CLEANUP_UNITS_PER_SLICE, slices: CLEANUP_SLICES_PER_RUN },
): Promise<CleanupReport> {
  const report: CleanupReport = { finished: 0, units: 0, slices: 0, complete: false };
  while (report.slices < bounds.slices && !report.complete && timeLeft()) {
    const done = await slice(ports, timeLeft, bounds.units);
    report.slices += 1;
    report.finished += done.finished;
    report.units += done.units;
    report.complete = done.complete;
    // Nothing moved: the clock stopped it, or the queue is empty.
    if (done.units === 0 && done.finished === 0) break;
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
