/**
 * What Jira says of each work issue, kept per rollout (decisions 0014, 0024): a record per issue
 * ordered by Jira's `updated` time and counters that move with it, so repeated and late events
 * change nothing and the counters are always what the records say; and the Rollout panel's grid
 * computed from the counters.
 */
import { liveWork } from '../../src/domain/progress';
import type { RolloutPhase, StrategySession } from '../../src/domain/rollout';
import {
  PLAN_COUNTS_MAX,
  SEEDS_MAX,
  applyWorkChanges,
  emptyCounters,
  planKey,
  propertyDepartments,
  tallyOf,
  workCategory,
  type StoredWorkState,
  type WorkChange,
  type WorkCounters,
  type WorkIssueState,
} from '../../src/domain/work-states';
import { aRollout, aSession } from '../support/mother';

function state(overrides: Partial<WorkIssueState> = {}): WorkIssueState {
  return {
    planItemId: 'session:s1',
    phaseId: 'p1',
    departmentIds: ['sales'],
    category: 'new',
    dueDate: '2030-03-05',
    updated: 1_000,
    ...overrides,
  };
}

/** A rollout's counters and its issues' records, as storage holds them. */
interface Kept {
  counters: WorkCounters;
  records: Map<string, StoredWorkState>;
  /** Every issue's kept state, records and seeds alike. */
  items: Record<string, StoredWorkState>;
  gone?: string[];
  version: number;
}

function kept(counters: WorkCounters, records: Map<string, StoredWorkState>): Kept {
  const items = { ...counters.seeded, ...Object.fromEntries(records) };
  const result: Kept = { counters, records, items, version: counters.version };
  if (counters.gone) result.gone = counters.gone;
  return result;
}

function applyTo(
  states: Kept,
  changes: readonly WorkChange[],
  options: { seedOnly?: boolean } = {},
): Kept | undefined {
  const write = applyWorkChanges(states.counters, states.records, changes, options);
  if (!write) return undefined;
  const records = new Map(states.records);
  for (const [issueId, record] of write.records) {
    if (record === null) records.delete(issueId);
    else records.set(issueId, record);
  }
  const next = kept(write.counters, records);
  // The counters are always the sum of what is kept.
  expect({ cells: next.counters.cells, plan: next.counters.plan }).toEqual(
    (({ cells, plan }) => ({ cells, plan }))(tallyOf(next.items)),
  );
  expect(next.counters.issues).toBe(Object.keys(next.items).length);
  return next;
}

function apply(states: Kept, ...changes: WorkChange[]): Kept {
  return applyTo(states, changes) ?? states;
}

const emptyWorkStates = (rolloutId: string): Kept => kept(emptyCounters(rolloutId), new Map());

describe('applyWorkChanges', () => {
  const empty = emptyWorkStates('r1');

  it('keeps a newer state, ignores an older one and a repeat', () => {
    const done = apply(empty, {
      issueId: '10',
      state: state({ category: 'done', updated: 2_000 }),
    });
    expect(done.items['10']?.[3]).toBe('done');
    expect(done.version).toBe(1);
    // The earlier "in progress" event arrives late: nothing changes.
    expect(
      applyTo(done, [
        { issueId: '10', state: state({ category: 'indeterminate', updated: 1_500 }) },
      ]),
    ).toBeUndefined();
    // The same event again: nothing changes.
    expect(
      applyTo(done, [{ issueId: '10', state: state({ category: 'done', updated: 2_000 }) }]),
    ).toBeUndefined();
  });

  it('ends in the same states whatever the order of the events', () => {
    const events: WorkChange[] = [
      { issueId: '10', state: state({ category: 'indeterminate', updated: 1_000 }) },
      { issueId: '10', state: state({ category: 'done', updated: 3_000 }) },
      { issueId: '11', state: state({ planItemId: 'session:s2', updated: 2_000 }) },
      { issueId: '10', state: state({ category: 'new', updated: 2_000 }) },
    ];
    const inOrder = events.reduce((s, e) => apply(s, e), empty);
    const reversed = [...events].reverse().reduce((s, e) => apply(s, e), empty);
    const twice = [...events, ...events].reduce((s, e) => apply(s, e), empty);
    expect(reversed.items).toEqual(inOrder.items);
    expect(twice.items).toEqual(inOrder.items);
    expect(inOrder.items['10']?.[3]).toBe('done');
  });

  it('lets a seed fill a gap only, never overwrite what an event said', () => {
    const seen = apply(empty, { issueId: '10', state: state({ category: 'done', updated: 5 }) });
    const seeded = applyTo(
      seen,
      [
        { issueId: '10', state: state({ updated: 0 }) },
        { issueId: '11', state: state({ planItemId: 'session:s2', updated: 0 }) },
      ],
      { seedOnly: true },
    );
    expect(seeded?.items['10']?.[3]).toBe('done');
    expect(seeded?.items['11']?.[3]).toBe('new');
  });

  it('removes an issue only when the removal is not older than its state', () => {
    const kept = apply(empty, { issueId: '10', state: state({ updated: 5_000 }) });
    expect(applyTo(kept, [{ issueId: '10', removed: true, updated: 4_000 }])).toBe(undefined);
    expect(apply(kept, { issueId: '10', removed: true, updated: 5_000 }).items).toEqual({});
  });

  it("remembers a removed issue's plan item as gone, until an issue of it is kept again", () => {
    const kept = apply(
      empty,
      { issueId: '10', state: state({ planItemId: 'session:s1' }) },
      { issueId: '11', state: state({ planItemId: 'session:s2' }) },
    );
    const removed = apply(kept, { issueId: '10', removed: true, updated: Number.MAX_SAFE_INTEGER });
    expect(removed.gone).toEqual([planKey('session:s1')]);
    expect(Object.keys(removed.items)).toEqual(['11']);
    // The same removal again changes nothing.
    expect(
      applyTo(removed, [{ issueId: '10', removed: true, updated: Number.MAX_SAFE_INTEGER }]),
    ).toBeUndefined();
    // A later push makes a new issue for it: it counts again, by that issue.
    const again = apply(removed, { issueId: '12', state: state({ planItemId: 'session:s1' }) });
    expect(again.gone).toBeUndefined();
    expect(Object.keys(again.items).sort()).toEqual(['11', '12']);
  });

  it('keeps 10,000 issues in counters of a few cells, within a small value', () => {
    const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const changes: WorkChange[] = Array.from({ length: 10_000 }, (_, i) => ({
      issueId: String(100_000 + i),
      state: state({
        planItemId: `phase:${uuid(1)}:task:${uuid(i % 700)}`,
        phaseId: uuid(i % 3),
        departmentIds: [uuid(10 + (i % 4))],
        category: i % 5 === 0 ? 'done' : 'new',
        dueDate: '2030-03-05',
        updated: Date.parse('2030-03-05T10:00:00.000Z'),
      }),
    }));
    let counters = empty.counters;
    const records = new Map<string, StoredWorkState>();
    for (let from = 0; from < changes.length; from += 24) {
      const write = applyWorkChanges(counters, records, changes.slice(from, from + 24));
      if (!write) throw new Error('nothing written');
      counters = write.counters;
      for (const [id, record] of write.records) if (record) records.set(id, record);
    }
    const states = kept(counters, records);
    expect(states.counters.cells).toEqual(tallyOf(states.items).cells);
    expect(states.counters.issues).toBe(10_000);
    expect(Object.keys(states.counters.cells)).toHaveLength(3 * 4 * 2);
    // Forge's limit on a stored value is 240 KiB. The plan items' counts (700 here, 740 at most
    // in a plan) weigh the most; the issues add nothing.
    expect(Buffer.byteLength(JSON.stringify(states.counters))).toBeLessThan(100 * 1024);
  });

  it('counts plan items by issue up to a bound, and every issue in its cell past it', () => {
    const changes: WorkChange[] = Array.from({ length: PLAN_COUNTS_MAX + 50 }, (_, i) => ({
      issueId: String(i),
      state: state({ planItemId: `extra:${String(i)}` }),
    }));
    let counters = empty.counters;
    for (let from = 0; from < changes.length; from += 24) {
      const write = applyWorkChanges(counters, new Map(), changes.slice(from, from + 24));
      if (!write) throw new Error('nothing written');
      counters = write.counters;
    }
    expect(Object.keys(counters.plan)).toHaveLength(PLAN_COUNTS_MAX);
    expect(counters.issues).toBe(PLAN_COUNTS_MAX + 50);
    expect(Object.values(counters.cells)).toEqual([PLAN_COUNTS_MAX + 50]);
    expect(Buffer.byteLength(JSON.stringify(counters))).toBeLessThan(64 * 1024);
  });

  it('keeps seeds in the counters up to a bound, and turns a seed into a record', () => {
    const seeds: WorkChange[] = Array.from({ length: SEEDS_MAX + 5 }, (_, i) => ({
      issueId: String(i),
      state: state({ planItemId: `session:s${String(i)}`, updated: 0 }),
    }));
    const seeded = applyTo(empty, seeds, { seedOnly: true });
    expect(Object.keys(seeded?.counters.seeded ?? {})).toHaveLength(SEEDS_MAX);
    expect(seeded?.records.size).toBe(0);
    const read =
      seeded &&
      apply(seeded, {
        issueId: '3',
        state: state({ planItemId: 'session:s3', category: 'done', updated: 9 }),
      });
    expect(read?.counters.seeded?.['3']).toBeUndefined();
    expect(read?.records.get('3')?.[3]).toBe('done');
    expect(read?.counters.issues).toBe(SEEDS_MAX);
  });

  it('drops a seed counted twice beside a record of the same issue', () => {
    const recorded = apply(empty, { issueId: '10', state: state({ updated: 5 }) });
    // A push's seed of an issue an event already recorded: the seed is not read against records.
    const both = applyWorkChanges(
      recorded.counters,
      new Map(),
      [{ issueId: '10', state: state({ updated: 0 }) }],
      { seedOnly: true },
    );
    expect(both?.counters.issues).toBe(2);
    const mended =
      both &&
      applyWorkChanges(both.counters, recorded.records, [
        { issueId: '10', state: state({ updated: 5 }) },
      ]);
    expect(mended?.counters.issues).toBe(1);
    expect(mended?.counters.seeded).toBeUndefined();
  });
});

describe('work issue properties', () => {
  it("reads one department, several, or none for the whole phase or 'all'", () => {
    expect(propertyDepartments({ departmentId: 'sales' })).toEqual(['sales']);
    expect(propertyDepartments({ departmentId: '' })).toEqual([]);
    expect(propertyDepartments({ departmentId: '', departmentIds: ['a', 'b'] })).toEqual([
      'a',
      'b',
    ]);
    expect(propertyDepartments({ departmentId: '', departmentIds: ['all'] })).toEqual([]);
    expect(workCategory('done')).toBe('done');
    expect(workCategory('undefined')).toBe('new');
  });
});

const phases: RolloutPhase[] = [
  {
    id: 'p1',
    name: 'Pilot',
    start: '2030-03-01',
    end: '2030-03-31',
    tasks: [{ id: 't1', title: 'Migrate data' }],
  },
  { id: 'p2', name: 'Everyone', start: '2030-04-01', end: '2030-05-31', tasks: [] },
];

/** A session of `phaseId` on `date` for `departmentId` (or the audience given). */
function session(
  id: string,
  phaseId: string,
  departmentId: string,
  date: string,
  audience: Pick<StrategySession, 'departmentIds' | 'allDepartments'> = {
    departmentIds: [departmentId],
    allDepartments: false,
  },
): StrategySession {
  return aSession({ id, title: `Session ${id}`, phaseId, date, ...audience });
}

const sessions = [
  session('s1', 'p1', 'sales', '2030-03-05'),
  session('s2', 'p1', 'sales', '2030-03-20'),
  session('s3', 'p1', 'finance', '2030-03-25'),
  session('s4', 'p2', 'sales', '2030-04-10'),
];

describe('liveWork', () => {
  it("counts issues by Jira's status: done, overdue when not done past its due date, open", () => {
    const states = apply(
      emptyWorkStates('r1'),
      { issueId: '1', state: state({ planItemId: 'session:s1', category: 'done' }) },
      { issueId: '2', state: state({ planItemId: 'session:s2', dueDate: '2030-03-20' }) },
      {
        issueId: '3',
        state: state({
          planItemId: 'session:s3',
          departmentIds: ['finance'],
          category: 'indeterminate',
          dueDate: '2030-03-25',
        }),
      },
      {
        issueId: '4',
        state: state({
          planItemId: 'phase:p1:task:t1',
          departmentIds: [],
          dueDate: '',
        }),
      },
    );
    const [pilot, everyone] = liveWork(
      aRollout({ phases, sessions }),
      states.counters,
      '2030-03-21',
    );
    expect(pilot?.total).toEqual({ open: 2, done: 1, overdue: 1 });
    expect([...(pilot?.byDepartment ?? [])]).toEqual([
      ['sales', { open: 0, done: 1, overdue: 1 }],
      ['finance', { open: 1, done: 0, overdue: 0 }],
      ['', { open: 1, done: 0, overdue: 0 }],
    ]);
    // s4 is not in Jira yet: it counts by the plan.
    expect(everyone?.total).toEqual({ open: 1, done: 0, overdue: 0 });

    // Its issue deleted in Jira, s2 counts nowhere (it no longer falls back to the plan).
    const deleted = apply(states, {
      issueId: '2',
      removed: true,
      updated: Number.MAX_SAFE_INTEGER,
    });
    const [after] = liveWork(aRollout({ phases, sessions }), deleted.counters, '2030-03-21');
    expect(after?.total).toEqual({ open: 2, done: 1, overdue: 0 });
  });

  it("does not count a completed phase's open issues as done", () => {
    const states = apply(emptyWorkStates('r1'), {
      issueId: '1',
      state: state({ planItemId: 'session:s1', dueDate: '2030-03-05' }),
    });
    const rollout = aRollout({
      phases,
      sessions,
      phaseCompletions: [
        {
          phaseId: 'p1',
          completedBy: 'c',
          completedAt: '2030-04-02',
          blockingOpen: 0,
          riskComment: '',
        },
      ],
    });
    const [pilot] = liveWork(rollout, states.counters, '2030-04-20');
    // s1 is still open in Jira (overdue); s2, s3 and the task are not in Jira: the plan says done.
    expect(pilot?.total).toEqual({ open: 0, done: 3, overdue: 1 });
  });

  it('counts an issue of several departments in each of their cells, once in the total', () => {
    const states = apply(emptyWorkStates('r1'), {
      issueId: '1',
      state: state({ planItemId: 'session:s9', departmentIds: ['sales', 'finance'] }),
    });
    const [pilot] = liveWork(aRollout({ phases, sessions: [] }), states.counters, '2030-03-01');
    expect(pilot?.total).toEqual({ open: 2, done: 0, overdue: 0 });
    expect(pilot?.byDepartment.get('sales')).toEqual({ open: 1, done: 0, overdue: 0 });
    expect(pilot?.byDepartment.get('finance')).toEqual({ open: 1, done: 0, overdue: 0 });
  });
});
