/**
 * Writes the person index (storage/person-index.ts) for data stored before it existed: every
 * rollout's session owners and every open problem's owner. Bounded work per run: `pages` pages of
 * 100 records, resumed from the cursor it answers ('' when done). Idempotent (the same keys and
 * values), so a repeat or a race with a live write converges: both write what the record says.
 */
import { APPROVAL_STATES } from '../../domain/rollout';
import { OPEN_PROBLEM_STATUSES } from '../../domain/problems';
import type { Ports } from '../ports';

export type RebuildPorts = Pick<Ports, 'rollouts' | 'problems' | 'personIndex'>;

/** Where a rebuild stands: which list (rollout states, then open problem statuses) and its page. */
interface Position {
  step: number;
  cursor: string | undefined;
}

const STEPS = [
  ...APPROVAL_STATES.map((state) => ({ kind: 'rollouts' as const, state })),
  ...OPEN_PROBLEM_STATUSES.map((status) => ({ kind: 'problems' as const, status })),
];

function decode(cursor: string): Position {
  if (cursor === '') return { step: 0, cursor: undefined };
  const [step, ...rest] = cursor.split(':');
  const page = rest.join(':');
  return { step: Number(step), cursor: page === '' ? undefined : page };
}

export async function rebuildPersonIndex(
  ports: RebuildPorts,
  cursor = '',
  pages = 5,
): Promise<{ cursor: string; written: number }> {
  let position = decode(cursor);
  let written = 0;
  for (let page = 0; page < pages && position.step < STEPS.length; page += 1) {
    const step = STEPS[position.step];
    if (!step) break;
    let next: string | undefined;
    if (step.kind === 'rollouts') {
      const found = await ports.rollouts.pageByState(step.state, position.cursor);
      written += await ports.personIndex.index({ rollouts: found.rollouts });
      next = found.nextCursor;
    } else {
      const found = await ports.problems.pageByStatus(step.status, position.cursor);
      written += await ports.personIndex.index({ problems: found.problems });
      next = found.nextCursor;
    }
    position = next
      ? { step: position.step, cursor: next }
      : { step: position.step + 1, cursor: undefined };
  }
  return {
    cursor:
      position.step >= STEPS.length ? '' : `${String(position.step)}:${position.cursor ?? ''}`,
    written,
  };
}

/**
 * One step of the daily job: continues the rebuild where the last run stopped, until it has gone
 * through everything once (then it costs one storage read a day). Records written since the
 * index exists keep it current themselves.
 */
export async function continuePersonIndexRebuild(
  ports: RebuildPorts,
  pages = 5,
): Promise<{ done: boolean; written: number }> {
  const progress = await ports.personIndex.rebuildProgress();
  if (progress.done) return { done: true, written: 0 };
  const run = await rebuildPersonIndex(ports, progress.cursor, pages);
  const done = run.cursor === '';
  await ports.personIndex.saveRebuildProgress({ cursor: run.cursor, done });
  return { done, written: run.written };
}
