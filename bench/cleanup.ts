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
import { snapshotKey } from '../src/domain/snapshots';
import { workRecordKey } from '../src/storage/work-states';
import { productionPorts } from '../src/wiring';
import { call, ok } from '../test/support/host';
import { addIssue, makeRollout, uuid } from '../test/support/rollouts';
import { confluenceModule } from '../test/support/strategy';
import { runAlone, table } from './measure';

/**
 * One run, absolute: the queue's page, 60 units of at most 3 calls, and the ticket's save or
 * removal (182); a few to spare. A change to the units per run or to a unit's calls shows here.
 */
export const CLEANUP_RUN_STORAGE_BUDGET = 185;
const SIZES = [10, 1_000, 10_000] as const;
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
      const within = most <= CLEANUP_RUN_STORAGE_BUDGET && finished && left === undefined;
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
  return {
    report: [
      'Cleanup of a discarded rollout: storage calls of the busiest daily run / budget, runs to finish, ms in all',
      table(['work records', 'storage', 'runs', 'ms', 'budget'], rows),
    ].join('\n'),
    ok,
  };
}

if (require.main === module) runAlone(benchCleanup);
