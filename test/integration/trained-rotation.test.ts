/**
 * The daily attendance step's trained % rebuild past its per-run bound of member pages (decision
 * 0056): the next run starts after the last rollout rebuilt, so the rollouts one run defers are
 * rebuilt the next day instead of being deferred every day. Runs the step through the local host's
 * storage and Jira with a bound of one page, so one rollout's groups fill a run.
 */
import type { LocalHost } from '../../local/host';
import { runAttendanceFlags } from '../../src/app/attendance-flags';
import { productionPorts } from '../../src/wiring';
import { memoryHost } from '../support/host';
import { addIssue, approveAll, makeRollout, uuid } from '../support/rollouts';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
  for (const n of [1, 2]) {
    const issueKey = addIssue(host, `Rotation rollout ${String(n)}`);
    await makeRollout(host, { issueKey, requestId: uuid(70_000 + n) });
    await approveAll(host, issueKey);
  }
});

afterEach(async () => {
  await host.close();
});

/** A run of the step on day `day`, reading at most one page of group members. */
async function runOn(day: string) {
  const ports = { ...productionPorts(() => 50_000), now: () => new Date(`${day}T06:00:00Z`) };
  const report = await runAttendanceFlags(ports, 1_000, 1);
  return { report, ports };
}

/** The approved rollouts in the order the step walks them. */
async function walkOrder(): Promise<string[]> {
  const page = await productionPorts(() => 50_000).rollouts.pageByState('approved', undefined);
  return page.rollouts.map((r) => r.id);
}

async function rebuiltOn(id: string): Promise<string | undefined> {
  return (await productionPorts(() => 50_000).trained.get(id))?.updatedAt.slice(0, 10);
}

describe('trained % rebuild past the per-run bound', () => {
  it('rebuilds the rollout the last run deferred first, wrapping around', async () => {
    const [first, second] = await walkOrder();
    if (!first || !second) throw new Error('expected two approved rollouts');

    const one = await runOn('2030-01-01');
    expect(one.report).toMatchObject({ rollouts: 2, trainedDeferred: 1, failedRollouts: 0 });
    expect(await rebuiltOn(first)).toBe('2030-01-01');
    expect(await rebuiltOn(second)).not.toBe('2030-01-01');

    const two = await runOn('2030-01-02');
    expect(two.report).toMatchObject({ rollouts: 2, trainedDeferred: 1, failedRollouts: 0 });
    expect(await rebuiltOn(second)).toBe('2030-01-02');
    expect(await rebuiltOn(first)).toBe('2030-01-01');

    // Wrapped around: the first one's turn again.
    await runOn('2030-01-03');
    expect(await rebuiltOn(first)).toBe('2030-01-03');
    expect(await rebuiltOn(second)).toBe('2030-01-02');
  });

  it('starts from the top when the kept place names a rollout that is gone', async () => {
    const [first, second] = await walkOrder();
    if (!first || !second) throw new Error('expected two approved rollouts');
    const ports = productionPorts(() => 50_000);
    await ports.trained.setRebuildAfter('rollout-that-is-gone');

    const run = await runOn('2030-02-01');
    expect(run.report).toMatchObject({ rollouts: 2, trainedDeferred: 1 });
    expect(await rebuiltOn(first)).toBe('2030-02-01');
    expect(await rebuiltOn(second)).not.toBe('2030-02-01');
    expect(await ports.trained.rebuildAfter()).toBe(first);
  });

  it('forgets the place once a run rebuilds every rollout', async () => {
    const [first, second] = await walkOrder();
    if (!first || !second) throw new Error('expected two approved rollouts');
    const ports = productionPorts(() => 50_000);
    await ports.trained.setRebuildAfter(first);

    const report = await runAttendanceFlags(ports, 1_000);
    expect(report).toMatchObject({ rollouts: 2, trainedDeferred: 0 });
    expect(await ports.trained.rebuildAfter()).toBeUndefined();
  });
});
