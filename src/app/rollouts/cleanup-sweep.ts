/**
 * The one-time sweep for rollouts discarded before the cleanup queue existed (decision 0052), a
 * step of the daily reconciliation run after the cleanup: each run looks at one page of rollout id
 * claims, queues a cleanup ticket for every rollout written once and gone since with no ticket,
 * and keeps its place. The next day's cleanup removes what those rollouts left. Once the last
 * page is behind it, a run costs the one read that says so.
 *
 * Repeats are harmless: a run that stops before saving its place looks at the same page again and
 * finds the tickets it queued; two runs at once queue the same tickets. A rollout discarded since
 * tickets exist has its own, written with the discard; one whose records a cleanup removed has
 * its claim marked `cleaned`, and is not queued again.
 */
import { newTicket } from '../../domain/cleanup';
import type { Ports } from '../ports';

export interface SweepReport {
  /** Claims looked at in this run. */
  looked: number;
  /** Tickets queued in this run. */
  queued: number;
  /** True once every claim was looked at. */
  done: boolean;
}

export async function continueCleanupSweep(
  ports: Pick<Ports, 'cleanupSweep' | 'now'>,
): Promise<SweepReport> {
  const state = await ports.cleanupSweep.state();
  if (state.done) return { looked: 0, queued: 0, done: true };
  const page = await ports.cleanupSweep.claimsAfter(state.after);
  const gone = await ports.cleanupSweep.goneUnqueued(page.written);
  const at = ports.now().toISOString();
  await ports.cleanupSweep.queue(
    gone.map((rolloutId) => newTicket({ id: rolloutId, anchorIssueId: '' }, 'found-by-sweep', at)),
  );
  const done = !page.more;
  // Once done, the place is forgotten: it names a rollout id, which nothing needs any more.
  const next = {
    after: done ? '' : (page.last ?? state.after),
    done,
    queued: state.queued + gone.length,
  };
  await ports.cleanupSweep.save(next);
  return { looked: page.written.length, queued: gone.length, done };
}
