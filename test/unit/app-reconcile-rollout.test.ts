/**
 * One rollout's reconciliation against a Jira with more work issues than one run reads: it goes
 * on from its stored place run after run, each run reading a bounded number of pages, and once
 * the pass ends the counters are what Jira says, issues Jira no longer has taken out.
 */
import type { WorkIssue } from '../../src/atlassian/jira/port';
import {
  RECONCILE_SEARCH_PAGES_PER_RUN,
  RECONCILE_SWEEP_PAGES_PER_RUN,
  reconcileRollout,
} from '../../src/app/work-states';
import {
  applyWorkChanges,
  emptyCounters,
  planKey,
  tallyOf,
  type StoredWorkState,
  type WorkCounters,
  type WorkWrite,
} from '../../src/domain/work-states';
import type { ReconcileCursor } from '../../src/storage/work-states';

const ROLLOUT = 'r1';

function issue(n: number, statusCategory = 'new', planItemId = `p${String(n)}`): WorkIssue {
  return {
    id: String(n),
    key: `ROLL-${String(n)}`,
    statusCategory,
    dueDate: '',
    updated: 1,
    property: { rolloutId: ROLLOUT, role: 'work', planItemId, phaseId: 'ph' },
  };
}

function stored(
  n: number,
  category: 'new' | 'done' = 'new',
  planItemId = `p${String(n)}`,
): StoredWorkState {
  return [planItemId, 'ph', [], category, '', 1];
}

/**
 * Jira pages of 100 over `issues`; the storage port in memory, with the counters, records and
 * found ids it would hold.
 */
function world(issues: WorkIssue[], records: Record<string, StoredWorkState>) {
  let counters: WorkCounters = { ...emptyCounters(ROLLOUT), ...tallyOf(records), issues: 0 };
  counters.issues = Object.keys(records).length;
  const kept = new Map(Object.entries(records));
  let cursor: ReconcileCursor | undefined;
  const seenChunks = new Map<number, string[]>();
  const calls = { jira: 0, storage: 0, recordPages: 0 };
  // Records in key order, as a prefix query answers them; sorted again only after a change.
  let sorted: string[] | undefined;
  const ports = {
    now: () => new Date(10_000),
    jira: {
      workIssuesPage(_jql: string, token?: string) {
        calls.jira += 1;
        const from = Number(token ?? '0');
        const next = from + 100;
        return Promise.resolve({
          issues: issues.slice(from, next),
          ...(next < issues.length ? { nextPageToken: String(next) } : {}),
        });
      },
    },
    workStates: {
      get: () => {
        calls.storage += 1;
        return Promise.resolve(counters);
      },
      read: (_rolloutId: string, issueIds: readonly string[]) => {
        calls.storage += 1;
        const found = new Map<string, StoredWorkState>();
        for (const id of issueIds) {
          const record = kept.get(id);
          if (record) found.set(id, record);
        }
        return Promise.resolve({ counters, exists: true, kept: found });
      },
      commit: (current: { counters: WorkCounters }, write: WorkWrite) => {
        calls.storage += 1;
        if (current.counters.version !== counters.version) return Promise.resolve('stale' as const);
        counters = write.counters;
        for (const [id, record] of write.records) {
          if (record === null) kept.delete(id);
          else kept.set(id, record);
        }
        sorted = undefined;
        return Promise.resolve('written' as const);
      },
      recordPage: (_rolloutId: string, token?: string) => {
        calls.storage += 1;
        calls.recordPages += 1;
        sorted ??= [...kept.keys()].sort();
        const ids = sorted;
        const from = Number(token ?? '0');
        const next = from + 20;
        return Promise.resolve({
          issueIds: ids.slice(from, next),
          ...(next < ids.length ? { nextCursor: String(next) } : {}),
        });
      },
      saveSeen: (_rolloutId: string, chunk: number, ids: readonly string[]) => {
        calls.storage += 1;
        seenChunks.set(chunk, [...ids]);
        return Promise.resolve();
      },
      seen: (_rolloutId: string, chunks: number) => {
        calls.storage += 1;
        const all = new Set<string>();
        for (let chunk = 0; chunk < chunks; chunk += 1) {
          for (const id of seenChunks.get(chunk) ?? []) all.add(id);
        }
        return Promise.resolve(all);
      },
      forgetSeen: () => {
        seenChunks.clear();
        return Promise.resolve();
      },
      cursor: () => Promise.resolve(cursor),
      saveCursor: (_rolloutId: string, next: ReconcileCursor | undefined) => {
        cursor = next;
        return Promise.resolve();
      },
    },
  };
  return {
    ports,
    counters: () => counters,
    kept,
    calls,
    cursor: () => cursor,
  };
}

describe('reconcileRollout', () => {
  it('goes on from its stored place run after run, within a bounded number of pages each', async () => {
    const jira = Array.from({ length: 12_000 }, (_, i) =>
      issue(i + 1, i % 3 === 0 ? 'done' : 'new'),
    );
    // Kept wrong: an issue Jira no longer has, and one whose Done event was lost.
    const fake = world(jira, { '99999': stored(99999), '1': stored(1, 'new') });
    const runs: { jira: number; complete: boolean }[] = [];
    for (let run = 0; run < 10; run += 1) {
      const before = fake.calls.jira;
      const outcome = await reconcileRollout(fake.ports, ROLLOUT, () => true);
      runs.push({ jira: fake.calls.jira - before, complete: outcome.complete });
      if (outcome.complete) break;
      // A page budget, not the clock, left the rest for the next run.
      expect(outcome.outOfTime).toBe(false);
      // Until the pass ends, nothing is taken out for not having been reached yet.
      expect(fake.kept.has('99999')).toBe(true);
    }
    expect(runs.every((run) => run.jira <= RECONCILE_SEARCH_PAGES_PER_RUN)).toBe(true);
    expect(runs.at(-1)?.complete).toBe(true);
    expect(runs.length).toBeGreaterThan(1);
    expect(fake.cursor()).toBeUndefined();
    expect(fake.kept.has('99999')).toBe(false);
    expect(fake.counters().issues).toBe(12_000);
    expect(fake.counters().cells).toEqual(
      tallyOf(Object.fromEntries([...fake.kept.entries()])).cells,
    );
    expect(fake.kept.get('1')?.[3]).toBe('done');
  });

  it('repairs a lost deletion at 10,000 issues in one run, its sweep stopping once nothing is left over', async () => {
    // Issues made by hand, outside the plan's items (one item, so the fake stays quick).
    const jira = Array.from({ length: 10_000 }, (_, i) => issue(i + 1, 'new', 'extra'));
    const records = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [String(i + 1), stored(i + 1, 'new', 'extra')]),
    );
    // Issue 5000 was deleted in Jira and its event lost: its record stays, Jira no longer has it.
    const fake = world(
      jira.filter((i) => i.id !== '5000'),
      records,
    );
    const outcome = await reconcileRollout(fake.ports, ROLLOUT, () => true);
    expect(outcome).toEqual({ repaired: true, complete: true, outOfTime: false });
    expect(fake.kept.has('5000')).toBe(false);
    expect(fake.counters().issues).toBe(9_999);
    expect(fake.calls.jira).toBeLessThanOrEqual(RECONCILE_SEARCH_PAGES_PER_RUN);
    // Records are read in key order, '5000' the 4,449th: the sweep stops at its page (the 223rd)
    // rather than reading all 500.
    expect(fake.calls.recordPages).toBe(223);
    expect(fake.calls.recordPages).toBeLessThan(RECONCILE_SWEEP_PAGES_PER_RUN);
  });

  it('drops a kept issue the whole search no longer finds, in one run for a small rollout', async () => {
    const fake = world([issue(1, 'done')], { '99': stored(99) });
    const outcome = await reconcileRollout(fake.ports, ROLLOUT, () => true);
    expect(outcome).toEqual({ repaired: true, complete: true, outOfTime: false });
    expect([...fake.kept.keys()]).toEqual(['1']);
    expect(fake.kept.get('1')?.[3]).toBe('done');
    expect(fake.counters().issues).toBe(1);
  });

  it('turns the seeds it finds into records and takes out the seeds Jira does not have', async () => {
    const fake = world([issue(1)], {});
    const seeded = applyWorkChanges(
      fake.counters(),
      new Map(),
      [1, 2].map((n) => ({
        issueId: String(n),
        state: {
          planItemId: `p${String(n)}`,
          phaseId: 'ph',
          departmentIds: [],
          category: 'new' as const,
          dueDate: '',
          updated: 0,
        },
      })),
      { seedOnly: true },
    );
    if (!seeded) throw new Error('not seeded');
    await fake.ports.workStates.commit({ counters: fake.counters() }, seeded);
    expect(fake.counters().issues).toBe(2);
    await reconcileRollout(fake.ports, ROLLOUT, () => true);
    expect(fake.counters().seeded).toBeUndefined();
    expect(fake.counters().issues).toBe(1);
    expect([...fake.kept.keys()]).toEqual(['1']);
    expect(fake.counters().gone).toEqual([planKey('p2')]);
  });

  it('leaves its place for the next run when time runs out, and reads nothing more', async () => {
    const fake = world([issue(1), issue(2)], {});
    const outcome = await reconcileRollout(fake.ports, ROLLOUT, () => false);
    expect(outcome).toEqual({ repaired: false, complete: false, outOfTime: true });
    expect(fake.calls.jira).toBe(0);
    expect(fake.cursor()?.stage).toBe('search');
  });
});
