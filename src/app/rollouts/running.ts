/**
 * The daily runs' walk over the approved rollouts not completed, page by page, within the
 * invocation's time: one rollout's failure is logged and counted, never stops the others, and is
 * tried again at the next run.
 */
import { lifecycleOf, type Rollout } from '../../domain/rollout';
import type { Ports } from '../ports';

/** How a walk went: the rollouts visited, those whose visit failed, and whether it saw them all. */
export interface RunningWalk {
  visited: number;
  failed: number;
  complete: boolean;
}

/** Visits each approved rollout not completed while `timeLeft()`; `what` names the run in logs. */
export async function eachRunningRollout(
  ports: Pick<Ports, 'rollouts'>,
  timeLeft: () => boolean,
  what: string,
  visit: (rollout: Rollout) => Promise<void>,
): Promise<RunningWalk> {
  const walk: RunningWalk = { visited: 0, failed: 0, complete: true };
  let cursor: string | undefined;
  do {
    if (!timeLeft()) {
      walk.complete = false;
      break;
    }
    const page = await ports.rollouts.pageByState('approved', cursor);
    for (const rollout of page.rollouts) {
      if (lifecycleOf(rollout) === 'completed') continue;
      if (!timeLeft()) {
        walk.complete = false;
        break;
      }
      walk.visited += 1;
      try {
        await visit(rollout);
      } catch (error) {
        walk.failed += 1;
        const reason = error instanceof Error ? error.name : 'unknown error';
        console.warn(`[rollout-coordinator] ${what} of a rollout failed: ${reason}`);
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined && walk.complete);
  return walk;
}
