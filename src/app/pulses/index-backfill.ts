/**
 * The one-time backfill of "My rollouts" department rows (decision 0043) for pulses opened before
 * those rows were written: the daily job (src/triggers/reminders.ts) walks the rollouts of each
 * approval state (a pulse may be opened in any), a bounded number of them a run, writes the rows of each pulse that has not ended (the same
 * idempotent write a repeated open makes), keeps its cursor in kvs and marks itself done, after
 * which it costs one read a day. A page cut short by time is walked again: writing a row twice
 * changes nothing. See decision 0051.
 */
import { today } from '../../domain/delegation';
import { pulseState } from '../../domain/pulses';
import { APPROVAL_STATES } from '../../domain/rollout';
import type { Ports } from '../ports';

export type PulseIndexBackfillPorts = Pick<Ports, 'rollouts' | 'pulses' | 'now' | 'remainingMs'>;

/** Rollouts one run starts no new page (of 100) past: a run reads at most 400 rollouts. */
export const BACKFILL_ROLLOUTS_PER_RUN = 300;

export interface PulseIndexBackfillReport {
  rollouts: number;
  /** Pulses whose department rows were written. */
  indexed: number;
  done: boolean;
}

export async function runPulseIndexBackfill(
  ports: PulseIndexBackfillPorts,
  stopMarginMs: number,
): Promise<PulseIndexBackfillReport> {
  const report: PulseIndexBackfillReport = { rollouts: 0, indexed: 0, done: false };
  const state = await ports.pulses.departmentIndexBackfill();
  if (state?.done) return { ...report, done: true };
  const timeLeft = (): boolean => ports.remainingMs() > stopMarginMs;
  const day = today(ports.now());
  let position = { state: state?.state ?? 0, cursor: state?.cursor };
  for (;;) {
    const approval = APPROVAL_STATES[position.state];
    if (approval === undefined) {
      await ports.pulses.saveDepartmentIndexBackfill({ state: position.state, done: true });
      return { ...report, done: true };
    }
    if (!timeLeft() || report.rollouts >= BACKFILL_ROLLOUTS_PER_RUN) return report;
    const page = await ports.rollouts.pageByState(approval, position.cursor);
    for (const rollout of page.rollouts) {
      if (!timeLeft()) return report;
      report.rollouts += 1;
      for (const pulse of await ports.pulses.listByRollout(rollout.id)) {
        if (pulseState(pulse, day) === 'ended') continue;
        await ports.pulses.indexDepartments(pulse, undefined);
        report.indexed += 1;
      }
    }
    position =
      page.nextCursor === undefined
        ? { state: position.state + 1, cursor: undefined }
        : { state: position.state, cursor: page.nextCursor };
    await ports.pulses.saveDepartmentIndexBackfill({
      state: position.state,
      ...(position.cursor === undefined ? {} : { cursor: position.cursor }),
      done: false,
    });
  }
}
