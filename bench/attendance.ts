/**
 * The daily job's attendance step: Jira calls of one run that rebuilds the trained % of every
 * approved rollout, with Sales' group grown by 3,000 members, at 1 and then 5 approved rollouts
 * naming the same four departments. Each group is read once a run whatever the number of
 * rollouts naming it, and a run reads at most TRAINED_MEMBER_PAGES_PER_RUN (attendance-flags.ts) pages of members plus
 * one rollout's groups (decision 0056): the REST count is judged against an absolute budget and
 * must not move with the number of rollouts. Storage calls (a few per rollout, and one read of
 * where the last run's rebuild stopped) and times are printed only.
 */
import { startLocalHost, type LocalHost } from '../local/host';
import { addIssue, addPeople, approveAll, makeRollout, uuid } from '../test/support/rollouts';
import { runAlone, table } from './measure';

/** Members added to Sales' group. */
const CROWD = 3_000;
const SIZES = [1, 5] as const;
/**
 * One run's REST calls: Sales' members in pages of 50 (⌈3,0xx / 50⌉ = 61) and one page for each
 * of the three other groups; nothing else in the run calls Jira here. Within the per-run bound.
 */
export const ATTENDANCE_REST_BUDGET = 64;

async function approvedRollout(host: LocalHost, n: number): Promise<void> {
  const issueKey = addIssue(host, `Attendance rollout ${String(n)}`);
  await makeRollout(host, { issueKey, requestId: uuid(60_000 + n) });
  await approveAll(host, issueKey);
}

export async function benchAttendance(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  const rows: (string | number)[][] = [];
  let ok = true;
  const counts: number[] = [];
  try {
    for (const id of addPeople(host, CROWD, 'rc-bench-attendee')) {
      host.products.jira.users.addGroupMember('sales-team', id);
    }
    let have = 0;
    for (const size of SIZES) {
      for (; have < size; have += 1) await approvedRollout(host, have);
      const run = await host.runScheduled('approval-reminders');
      const body = JSON.parse(String((run.body as { body?: string }).body)) as {
        attendance?: { rollouts: number; trainedDeferred: number };
      };
      const { product, storage } = run.counters;
      const within = product <= ATTENDANCE_REST_BUDGET && body.attendance?.rollouts === size;
      ok &&= within;
      counts.push(product);
      rows.push([
        size,
        body.attendance?.trainedDeferred ?? 'no report',
        `${String(product)} / ${String(ATTENDANCE_REST_BUDGET)}`,
        storage,
        Math.round(run.ms),
        within ? 'ok' : 'OVER BUDGET',
      ]);
    }
  } finally {
    await host.close();
  }
  const unmoved = new Set(counts).size === 1;
  ok &&= unmoved;
  return {
    report: [
      `Attendance step of the daily job: trained % rebuilt with ${String(CROWD)} more members in Sales (REST calls per run / budget, storage, ms)`,
      table(['approved rollouts', 'deferred', 'REST', 'storage', 'ms', 'budget'], rows),
      `REST calls ${unmoved ? 'the same' : 'MOVED'} at 1 and ${String(SIZES[1])} rollouts`,
    ].join('\n'),
    ok,
  };
}

if (require.main === module) runAlone(benchAttendance);
