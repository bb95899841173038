/**
 * The cleanup of gone rollouts (decision 0045): storage calls of one daily run, for a discarded
 * rollout that leaves 10, 1,000 and 10,000 work records (with a snapshot a day, up to a year, and
 * a digest claim per ten records). A run's calls must stay within an absolute budget whatever the
 * rollout's size; the number of runs it takes grows with the size, and is printed. Times are
 * printed, not judged. The records are written straight to storage, so the bench measures the
 * cleanup, not the set-up.
 */
import { kvs } from '@forge/kvs';
import { startLocalHost, type LocalHost } from '../local/host';
import { runInvocation } from '../local/runtime';
import { continueCleanup } from '../src/app/rollouts/cleanup';
import { continueCleanupSweep } from '../src/app/rollouts/cleanup-sweep';
import { snapshotKey } from '../src/domain/snapshots';
import { workRecordKey } from '../src/storage/work-states';
import { productionPorts } from '../src/wiring';
import { call, ok } from '../test/support/host';
import { addIssue, makeRollout, uuid } from '../test/support/rollouts';
import { confluenceModule } from '../test/support/strategy';
import { runAlone, table } from './measure';

/**
 * One run, absolute: 2 slices (CLEANUP_SLICES_PER_RUN), each the queue's page, 60 units of at most
 * 3 calls, and the ticket's save or removal (182); a few to spare. A change to the units per slice,
 * the slices per run or a unit's calls shows here.
 */
export const CLEANUP_RUN_STORAGE_BUDGET = 370;
/**
 * Daily runs to clean a 10,000-record rollout, counted (the slice bound, not the clock, ends a
 * run here, as time is not limited): about 11,400 keys at up to 2,400 a run.
 */
export const CLEANUP_RUNS_AT_10K = 5;
const SIZES = [10, 1_000, 10_000] as const;

/**
 * One sweep run (decision 0052), absolute: its place, one page of 100 claims, their rollouts and
 * tickets 12 claims a batch (9), the tickets of the gone ones 25 a batch (4), and its place saved.
 */
export const SWEEP_RUN_STORAGE_BUDGET = 16;
/** A finished sweep's run: the read that says it is done. */
export const SWEEP_DONE_STORAGE_BUDGET = 1;
const CLAIM_SIZES = [10, 1_000] as const;
const BATCH = 25;

async function putAll(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH) {
    await kvs.batchSet(keys.slice(i, i + BATCH).map((key) => ({ key, value: { bench: true } })));
  }
}

/** A discarded rollout with `size` work records and what goes with them. */
async function goneRollout(host: LocalHost, size: number): Promise<string> {
  const issueKey = addIssue(host, `Gone ${String(size)}`);
  const view = await makeRollout(host, { issueKey, requestId: uuid(400_000 + size) });
  const id = view.rollout.id;
  await runInvocation({ accountId: undefined, moduleKey: 'bench' }, async () => {
    const days = Array.from({ length: Math.min(size, 365) }, (_, day) =>
      new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10),
    );
    await putAll([
      ...Array.from({ length: size }, (_, n) => workRecordKey(id, String(100_000 + n))),
      ...days.map((day) => snapshotKey(id, day)),
      ...Array.from(
        { length: Math.ceil(size / 10) },
        (_, n) => `digest-sent:${id}:2026-W01:p${String(n)}`,
      ),
    ]);
  });
  await ok(
    call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
      rolloutId: id,
      version: view.rollout.version,
    }),
  );
  return id;
}

/**
 * `size` claims of rollouts discarded before tickets existed: the sweep's worst case, as every
 * claim it reads names a gone rollout it must queue.
 */
async function legacyClaims(size: number): Promise<void> {
  await runInvocation({ accountId: undefined, moduleKey: 'bench' }, async () => {
    const ids = Array.from({ length: size }, (_, n) => uuid(600_000 + n));
    for (let i = 0; i < ids.length; i += BATCH) {
      await kvs.batchSet(
        ids.slice(i, i + BATCH).map((id) => ({
          key: id,
          entityName: 'rollout-claim',
          value: { rolloutId: id, state: 'written' },
        })),
      );
    }
  });
}

/** Storage calls of each sweep run until done, at 10 and 1,000 claims, and of a run after. */
async function benchSweep(): Promise<{ rows: (string | number)[][]; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const size of CLAIM_SIZES) {
    const host = await startLocalHost({ memory: true });
    try {
      await legacyClaims(size);
      let most = 0;
      let runs = 0;
      let queued = 0;
      let done = false;
      const started = performance.now();
      while (!done && runs < 1_000) {
        runs += 1;
        host.kvs.resetStats();
        const report = await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
          continueCleanupSweep(productionPorts(() => 50_000)),
        );
        most = Math.max(most, host.kvs.stats.calls);
        queued += report.queued;
        done = report.done;
      }
      host.kvs.resetStats();
      await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
        continueCleanupSweep(productionPorts(() => 50_000)),
      );
      const after = host.kvs.stats.calls;
      const within =
        done &&
        queued === size &&
        most <= SWEEP_RUN_STORAGE_BUDGET &&
        after <= SWEEP_DONE_STORAGE_BUDGET;
      ok &&= within;
      rows.push([
        size,
        `${String(most)} / ${String(SWEEP_RUN_STORAGE_BUDGET)}`,
        `${String(after)} / ${String(SWEEP_DONE_STORAGE_BUDGET)}`,
        runs,
        queued,
        Math.round(performance.now() - started),
        within ? 'ok' : done ? 'OVER BUDGET' : 'NOT FINISHED',
      ]);
    } finally {
      await host.close();
    }
  }
  return { rows, ok };
}

export async function benchCleanup(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  const rows: (string | number)[][] = [];
  let ok = true;
  try {
    for (const size of SIZES) {
      const id = await goneRollout(host, size);
      let most = 0;
      let runs = 0;
      let finished = false;
      const started = performance.now();
      while (!finished && runs < 1_000) {
        runs += 1;
        host.kvs.resetStats();
        const report = await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
          continueCleanup(
            productionPorts(() => 50_000),
            () => true,
          ),
        );
        most = Math.max(most, host.kvs.stats.calls);
        finished = report.complete;
      }
      const left = await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
        kvs.get(`cleanup:${id}`),
      );
      const within =
        most <= CLEANUP_RUN_STORAGE_BUDGET &&
        finished &&
        left === undefined &&
        (size < 10_000 || runs <= CLEANUP_RUNS_AT_10K);
      ok &&= within;
      rows.push([
        size,
        `${String(most)} / ${String(CLEANUP_RUN_STORAGE_BUDGET)}`,
        runs,
        Math.round(performance.now() - started),
        within ? 'ok' : finished ? 'OVER BUDGET' : 'NOT FINISHED',
      ]);
    }
  } finally {
    await host.close();
  }
  const sweep = await benchSweep();
  return {
    report: [
      `Cleanup of a discarded rollout: storage calls of the busiest daily run / budget, runs to finish (at 10,000 records at most ${String(CLEANUP_RUNS_AT_10K)}), ms in all`,
      table(['work records', 'storage', 'runs', 'ms', 'budget'], rows),
      'Sweep for rollouts discarded before tickets, every claim a gone rollout: storage calls of the busiest run / budget, of a run once done / budget, runs to finish, tickets queued, ms in all',
      table(['claims', 'storage', 'once done', 'runs', 'queued', 'ms', 'budget'], sweep.rows),
    ].join('\n'),
    ok: ok && sweep.ok,
  };
}

if (require.main === module) runAlone(benchCleanup);
