/**
 * What Jira says of each work issue, kept per rollout (decision 0014): whole states ordered by
 * Jira's `updated` time, so repeated and late events change nothing; and the Rollout panel's grid
 * computed from them.
 */
import { liveWork } from '../../src/domain/progress';
import type { RolloutPhase, StrategySession } from '../../src/domain/rollout';
import {
  WORK_STATES_BYTES_MAX,
  WORK_STATES_MAX,
  applyWorkChanges,
  emptyWorkStates,
  propertyDepartments,
  workCategory,
  type WorkChange,
  type WorkIssueState,
  type WorkStates,
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

function apply(states: WorkStates, ...changes: WorkChange[]): WorkStates {
  return applyWorkChanges(states, changes) ?? states;
}

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
      applyWorkChanges(done, [
        { issueId: '10', state: state({ category: 'indeterminate', updated: 1_500 }) },
      ]),
    ).toBeUndefined();
    // The same event again: nothing changes.
    expect(
      applyWorkChanges(done, [
        { issueId: '10', state: state({ category: 'done', updated: 2_000 }) },
      ]),
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
    const seeded = applyWorkChanges(
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
    expect(applyWorkChanges(kept, [{ issueId: '10', removed: true, updated: 4_000 }])).toBe(
      undefined,
    );
    expect(apply(kept, { issueId: '10', removed: true, updated: 5_000 }).items).toEqual({});
  });

  it("remembers a removed issue's plan item as gone, until an issue of it is kept again", () => {
    const kept = apply(
      empty,
      { issueId: '10', state: state({ planItemId: 'session:s1' }) },
      { issueId: '11', state: state({ planItemId: 'session:s2' }) },
    );
    const removed = apply(kept, { issueId: '10', removed: true, updated: Number.MAX_SAFE_INTEGER });
    expect(removed.gone).toEqual(['session:s1']);
    expect(Object.keys(removed.items)).toEqual(['11']);
    // The same removal again changes nothing.
    expect(
      applyWorkChanges(removed, [
        { issueId: '10', removed: true, updated: Number.MAX_SAFE_INTEGER },
      ]),
    ).toBeUndefined();
    // A later push makes a new issue for it: it counts again, by that issue.
    const again = apply(removed, { issueId: '12', state: state({ planItemId: 'session:s1' }) });
    expect(again.gone).toBeUndefined();
    expect(Object.keys(again.items).sort()).toEqual(['11', '12']);
  });

  it('holds a plan at its largest within the storage value limit, and stops adding past it', () => {
    let states = empty;
    const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const changes: WorkChange[] = Array.from({ length: WORK_STATES_MAX + 10 }, (_, i) => ({
      issueId: String(100_000 + i),
      state: state({
        planItemId: `phase:${uuid(1)}:task:${uuid(i)}`,
        phaseId: uuid(1),
        departmentIds: [uuid(2)],
        dueDate: '2030-03-05',
        updated: Date.parse('2030-03-05T10:00:00.000Z'),
      }),
    }));
    states = apply(states, ...changes);
    expect(Object.keys(states.items)).toHaveLength(WORK_STATES_MAX);
    const bytes = Buffer.byteLength(JSON.stringify(states));
    expect(bytes).toBeLessThanOrEqual(WORK_STATES_BYTES_MAX);
    // Forge's limit on a stored value is 240 KiB.
    expect(bytes).toBeLessThan(240 * 1024 * 0.85);
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
    const [pilot, everyone] = liveWork(aRollout({ phases, sessions }), states, '2030-03-21');
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
    const [after] = liveWork(aRollout({ phases, sessions }), deleted, '2030-03-21');
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
    const [pilot] = liveWork(rollout, states, '2030-04-20');
    // s1 is still open in Jira (overdue); s2, s3 and the task are not in Jira: the plan says done.
    expect(pilot?.total).toEqual({ open: 0, done: 3, overdue: 1 });
  });

  it('counts an issue of several departments in each of their cells, once in the total', () => {
    const states = apply(emptyWorkStates('r1'), {
      issueId: '1',
      state: state({ planItemId: 'session:s9', departmentIds: ['sales', 'finance'] }),
    });
    const [pilot] = liveWork(aRollout({ phases, sessions: [] }), states, '2030-03-01');
    expect(pilot?.total).toEqual({ open: 2, done: 0, overdue: 0 });
    expect(pilot?.byDepartment.get('sales')).toEqual({ open: 1, done: 0, overdue: 0 });
    expect(pilot?.byDepartment.get('finance')).toEqual({ open: 1, done: 0, overdue: 0 });
  });
});
