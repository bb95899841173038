/**
 * One step of the daily `progress-snapshots` job: gives departments and delegation records stored
 * before "My rollouts"' keys by group, person and delegate existed their keys
 * (storage/mine-keys.ts, decision 0058), a bounded number of pages per run, resumed where the
 * last run stopped, until it has gone through once; then it costs one storage read a run.
 * Records written since keep their keys themselves.
 */
import { today } from '../../domain/delegation';
import type { Ports } from '../ports';

/** Pages of 100 departments per run: the whole directory at its cap (300) in one run. */
export const MINE_KEY_BACKFILL_PAGES = 3;

export async function continueMineKeyBackfill(
  ports: Pick<Ports, 'mineKeys' | 'now'>,
  pages = MINE_KEY_BACKFILL_PAGES,
): Promise<{ done: boolean; departments: number; delegations: number }> {
  if ((await ports.mineKeys.backfillProgress()).done) {
    return { done: true, departments: 0, delegations: 0 };
  }
  const run = await ports.mineKeys.backfill(pages, today(ports.now()));
  return { done: run.done, departments: run.departments, delegations: run.delegations };
}
