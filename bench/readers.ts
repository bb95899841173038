/**
 * Readers of the directory and of delegations outside the Approvals panel (decision 0056):
 * adding and removing a delegation as a head, and the daily approval reminders' run with
 * reminders due on a rollout of 4 departments. Storage and REST calls of each are counted with
 * the directory at 4 departments, then 100, then 500 (past its cap of 300, as storage could
 * hold) with 1,000 other heads delegating company-wide; they are judged against absolute budgets
 * and must not move between those sizes. Times are printed only.
 */
import { kvs } from '@forge/kvs';
import { startLocalHost, type LocalHost } from '../local/host';
import type { Approval } from '../src/domain/approvals';
import { approvalRepository } from '../src/storage/approvals';
import { storageClient } from '../src/storage/client';
import { accountIdOf, call } from '../test/support/host';
import {
  addDepartments,
  addPeople,
  backdateRound,
  issuePanel,
  makeRollout,
  requestApproval,
  rolloutOn,
  uuid,
} from '../test/support/rollouts';
import { delegateElsewhere } from './approvals';
import { runAlone, table } from './measure';

interface Budget {
  storage: number;
  product: number;
}

/**
 * delegations/add: the head's keys by head (one page) beside the backfill's progress, their
 * departments by key (1 batch), their record, its conditional write, their pending approvals,
 * the rollouts those are on and the events (the demo head waits on one rollout); REST: the
 * delegate's look-up and the view's.
 * delegations/remove: the same reads of the directory and the record, the write.
 * Reminder run (4 reminders due): the settings, a page of rollouts awaiting approval, the round,
 * by key the due approvals' departments and approvers (1 batch per 25), and per reminder its
 * claim; plus the trigger's other rounds (problems, attendance, policies, pulses), which find
 * nothing to do here. REST: one user look-up and one e-mail per reminder.
 */
export const READER_BUDGETS: Record<'add' | 'remove' | 'reminders', Budget> = {
  add: { storage: 8, product: 2 },
  remove: { storage: 5, product: 1 },
  reminders: { storage: 13, product: 5 },
};
/**
 * A head's first delegation creates their record: one call more than `add`, the record's key by
 * delegate written just before it (decision 0058; a transaction takes no FAIL_IF_EXISTS, so the
 * key cannot go in the create's own write). Measured once, apart from the sizes compared.
 */
export const FIRST_ADD_BUDGET: Budget = { storage: 9, product: 2 };

const MID_DIRECTORY = 100;
const LARGE_DIRECTORY = 500;
const OTHER_DELEGATIONS = 1_000;
const FILLER_HEADS = 10;

/** Makes every approval of the open round due again (never reminded), as days passing would. */
async function dueAgain(host: LocalHost): Promise<void> {
  const rollout = await rolloutOn(host);
  const round = await approvalRepository(storageClient(() => 25_000)).listRound(
    rollout.id,
    rollout.round,
  );
  for (const approval of round) {
    await kvs
      .entity<Approval>('approval')
      .set(approval.id, { ...approval, remindersSent: 0, lastRemindedAt: '' });
  }
}

async function measureStage(
  host: LocalHost,
  stage: number,
): Promise<Record<keyof typeof READER_BUDGETS, Budget & { ms: number; ok: boolean }>> {
  const month = String(stage + 1).padStart(2, '0');
  const added = await call(issuePanel(host), 'head-finance', 'delegations/add', {
    requestId: uuid(90_000 + stage),
    delegateAccountId: accountIdOf(host, 'head-sales'),
    from: `2098-${month}-01`,
    to: `2098-${month}-10`,
  });
  if (!added.envelope.ok) throw new Error(added.envelope.error.message);
  const removed = await call(issuePanel(host), 'head-finance', 'delegations/remove', {
    id: uuid(90_000 + stage),
    version: added.envelope.data.version,
  });
  await dueAgain(host);
  const run = await host.runScheduled('approval-reminders');
  const body = JSON.parse(String((run.body as { body?: string }).body)) as { reminded?: number };
  return {
    add: { ...added.counters, ms: added.ms, ok: true },
    remove: { ...removed.counters, ms: removed.ms, ok: removed.envelope.ok },
    reminders: { ...run.counters, ms: run.ms, ok: (body.reminded ?? 0) > 0 },
  };
}

export async function benchReaders(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  const rows: (string | number)[][] = [];
  let ok = true;
  const samples: Record<string, Budget>[] = [];
  try {
    // The seed's directory (4 departments); the daily job gives them their keys by head.
    await host.runScheduled('daily-progress-snapshots');
    await makeRollout(host);
    await requestApproval(host);
    await backdateRound(host, 30);
    // A first run does the one-time work (the pulse rows' backfill), so the runs compared do not.
    await host.runScheduled('approval-reminders');
    // The head's first delegation (the create path), then only adds to an existing record.
    const first = (await measureStage(host, 9)).add;
    const firstWithin =
      first.storage <= FIRST_ADD_BUDGET.storage && first.product <= FIRST_ADD_BUDGET.product;
    ok &&= firstWithin && first.ok;
    rows.push([
      '4 dept., the head’s first delegation',
      'add',
      `${String(first.storage)} / ${String(FIRST_ADD_BUDGET.storage)}`,
      `${String(first.product)} / ${String(FIRST_ADD_BUDGET.product)}`,
      Math.round(first.ms),
      firstWithin ? 'ok' : 'OVER BUDGET',
    ]);
    const stages: [string, () => Promise<void>][] = [
      ['4 dept., 0 other delegations', () => Promise.resolve()],
      [
        `${String(MID_DIRECTORY)} dept., 0 other delegations`,
        async () => {
          await addDepartments(addPeople(host, MID_DIRECTORY - 4, 'rc-bench-readers-head'), 10_000);
        },
      ],
      [
        `${String(LARGE_DIRECTORY)} dept., ${String(OTHER_DELEGATIONS)} other delegations`,
        async () => {
          const filler = addPeople(host, FILLER_HEADS, 'rc-bench-readers-filler');
          await addDepartments(
            Array.from(
              { length: LARGE_DIRECTORY - MID_DIRECTORY },
              (_, i) => filler[i % filler.length] ?? '',
            ),
            80_000,
          );
          await delegateElsewhere(OTHER_DELEGATIONS);
        },
      ],
    ];
    for (const [n, [label, grow]] of stages.entries()) {
      await grow();
      const measured = await measureStage(host, n);
      const sample: Record<string, Budget> = {};
      for (const name of ['add', 'remove', 'reminders'] as const) {
        const got = measured[name];
        const budget = READER_BUDGETS[name];
        const within = got.storage <= budget.storage && got.product <= budget.product;
        ok &&= within && got.ok;
        sample[name] = { storage: got.storage, product: got.product };
        rows.push([
          label,
          name,
          `${String(got.storage)} / ${String(budget.storage)}`,
          `${String(got.product)} / ${String(budget.product)}`,
          Math.round(got.ms),
          !got.ok ? 'FAILED' : within ? 'ok' : 'OVER BUDGET',
        ]);
      }
      samples.push(sample);
    }
  } finally {
    await host.close();
  }
  // The counts must not move with the directory or the delegations elsewhere.
  const unmoved = new Set(samples.map((sample) => JSON.stringify(sample))).size === 1;
  ok &&= unmoved;
  return {
    report: [
      'Directory and delegation readers: a head adds and removes a delegation; a daily reminder run with reminders due (storage / REST calls per call against absolute budgets, ms)',
      table(['directory', 'call', 'storage', 'REST', 'ms', 'budget'], rows),
      `calls ${unmoved ? 'the same' : 'MOVED'} at every size of directory and delegations`,
    ].join('\n'),
    ok,
  };
}

if (require.main === module) runAlone(benchReaders);
