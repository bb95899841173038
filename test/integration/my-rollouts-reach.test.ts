/**
 * "My rollouts" reaching everyone a rollout asks (decisions 0043, 0051), through the local host:
 * a pulse opened before the per-department rows existed is listed once the daily job's one-time
 * backfill has run; a department without a Jira group lists its pulses to the people the
 * directory names for it.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { runInvocation } from '../../local/runtime';
import { call, hostPerTest, ok, reportOf, type From } from '../support/host';
import { openPulseTo } from '../support/pulses';
import { ISSUE, issueExtension, makeRollout, uuid } from '../support/rollouts';

const SCHEDULE = 'approval-reminders';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

const mine = (): From => ({ host, moduleKey: 'rollout-mine' });
const rolloutPanel = (): From => ({
  host,
  moduleKey: 'rollout-panel',
  extension: issueExtension(host, ISSUE),
});
const pulseIds = async (as: string) =>
  (await ok(call(mine(), as, 'mine/load', {}))).pulses.map((p) => p.id);
const openPulse = (requestId: string, department: string) =>
  openPulseTo(rolloutPanel(), requestId, department);

/** Every key of storage starting with `prefix` (as the app's storage holds them). */
async function keysStartingWith(prefix: string): Promise<string[]> {
  const rows = await runInvocation({ accountId: undefined, moduleKey: 'test' }, () =>
    kvs.query().where('key', WhereConditions.beginsWith(prefix)).getMany(),
  );
  return rows.results.map((row) => row.key);
}

async function forgetDepartmentRows(): Promise<void> {
  const keys = await keysStartingWith('pulse-department:');
  await runInvocation({ accountId: undefined, moduleKey: 'test' }, async () => {
    for (const key of keys) await kvs.delete(key);
  });
}

async function backfill(): Promise<{ rollouts: number; indexed: number; done: boolean }> {
  const report = reportOf(await host.runScheduled(SCHEDULE)) as {
    pulseIndex: { rollouts: number; indexed: number; done: boolean };
  };
  return report.pulseIndex;
}

describe('pulses opened before the department rows', () => {
  it('are listed after the daily job backfills their rows, once', async () => {
    await makeRollout(host);
    await openPulse(uuid(8200), 'Finance');
    // As a pulse opened before decision 0043 left it: no department rows.
    await forgetDepartmentRows();
    expect(await pulseIds('employee')).toEqual([]);

    expect(await backfill()).toEqual({ rollouts: 1, indexed: 1, done: true });
    expect(await pulseIds('employee')).toEqual([uuid(8200)]);
    expect(await pulseIds('head-sales')).toEqual([]);

    // Done: later runs read one key and write nothing, even when rows go missing again.
    await forgetDepartmentRows();
    expect(await backfill()).toEqual({ rollouts: 0, indexed: 0, done: true });
    expect(await keysStartingWith('pulse-department:')).toEqual([]);
  });

  it('writes no rows for a pulse that has ended', async () => {
    await makeRollout(host);
    const view = await openPulse(uuid(8201), 'Finance');
    await ok(
      call(rolloutPanel(), 'coordinator', 'pulses/close', {
        pulseId: uuid(8201),
        version: view.pulses[0]?.version ?? 0,
      }),
    );
    expect(await backfill()).toEqual({ rollouts: 1, indexed: 0, done: true });
    expect(await keysStartingWith('pulse-department:')).toEqual([]);
  });
});

describe('departments without a Jira group', () => {
  it('list their pulses to the people the directory names for them, nobody else', async () => {
    await makeRollout(host);
    // Customer Support has no group: its head is known only from the directory.
    await openPulse(uuid(8300), 'Customer Support');
    expect(await pulseIds('head-support')).toEqual([uuid(8300)]);
    expect(await pulseIds('employee')).toEqual([]);
    expect(await pulseIds('head-sales')).toEqual([]);
  });
});
