/**
 * One step of a daily job: gives the departments stored before the directory's keys by head
 * existed their key (storage/department-heads.ts), a bounded number of pages per run, resumed
 * where the last run stopped, until it has gone through the directory once; then it costs one
 * storage read a run. Departments written since keep their keys themselves.
 */
import type { Ports } from './ports';

/** Pages of 100 departments per run: the whole directory at its cap (300) in one run. */
export const HEAD_BACKFILL_PAGES = 3;

export async function continueHeadBackfill(
  ports: Pick<Ports, 'departmentHeads'>,
  pages = HEAD_BACKFILL_PAGES,
): Promise<{ done: boolean; written: number }> {
  if ((await ports.departmentHeads.backfillProgress()).done) return { done: true, written: 0 };
  const run = await ports.departmentHeads.backfill(pages);
  return { done: run.done, written: run.written };
}
