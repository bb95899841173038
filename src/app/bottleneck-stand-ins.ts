/**
 * What the approval bottleneck table needs to name each open row's stand-in (decision 0059): the
 * departments and the heads' delegation records of the open stage's first STAND_IN_ROWS_MAX
 * rows, 2 keys a row, so one storage batch (≤ 24 keys) whatever the number of departments, and
 * none when no stage is open. The rule itself is `standInFor` (domain/delegation.ts).
 */
import type { Approval } from '../domain/approvals';
import { standInRows } from '../domain/bottlenecks';
import { standInsOf, today, type StandIns } from '../domain/delegation';
import type { Rollout } from '../domain/rollout';
import type { Ports } from './ports';

export async function bottleneckStandIns(
  ports: Pick<Ports, 'standIns'>,
  rollout: Pick<Rollout, 'roundRequestedAt'>,
  round: readonly Approval[],
  now: Date,
): Promise<StandIns> {
  const rows = standInRows(rollout, round, now);
  if (rows.length === 0) return standInsOf([], []);
  // No viewer: the read is the batch by key alone (stand-ins.ts), one call for up to 25 keys.
  const found = await ports.standIns.forRound({
    departmentIds: rows.map((row) => row.departmentId),
    people: rows.map((row) => row.approverAccountId),
    day: today(now),
  });
  return standInsOf(found.departments, found.delegations);
}
