/**
 * Plan vs actual: expected progress from the plan's dates against done work, and the targets,
 * with the admin's thresholds deciding on track / at risk / off track.
 */
import {
  DEFAULT_PROGRESS_THRESHOLDS,
  elapsedShare,
  planVsActual,
  type PlanVsActualInput,
} from '../../src/domain/plan-vs-actual';
import { actualCells, liveWork, plannedItems } from '../../src/domain/progress';
import { emptyCounters } from '../../src/domain/work-states';
import { aRollout, aSession } from '../support/mother';

const training = { id: 'p1', name: 'Training', start: '2030-03-01', end: '2030-03-10' };
const departments = [
  { departmentId: 'sales', name: 'Sales' },
  { departmentId: 'finance', name: 'Finance' },
];

function input(overrides: Partial<PlanVsActualInput>): PlanVsActualInput {
  return {
    phases: [training],
    departments,
    items: [],
    actual: [],
    targets: {},
    trainedByDepartment: {},
    readinessByDepartment: {},
    ...overrides,
  };
}

/** Ten sessions for Sales on 1–10 March. */
const tenSessions = Array.from({ length: 10 }, (_, i) => ({
  phaseId: 'p1',
  cells: ['sales'],
  dueDate: `2030-03-${String(i + 1).padStart(2, '0')}`,
}));

describe('elapsedShare', () => {
  it('is 0 before the window, 1 from its last day, and counts today as elapsed in between', () => {
    expect(elapsedShare('2030-03-01', '2030-03-10', '2030-02-28')).toBe(0);
    expect(elapsedShare('2030-03-01', '2030-03-10', '2030-03-01')).toBeCloseTo(0.1);
    expect(elapsedShare('2030-03-01', '2030-03-10', '2030-03-05')).toBeCloseTo(0.5);
    expect(elapsedShare('2030-03-01', '2030-03-10', '2030-03-10')).toBe(1);
    expect(elapsedShare('2030-03-01', '2030-03-10', '2031-01-01')).toBe(1);
    expect(elapsedShare('', '2030-03-10', '2030-03-05')).toBe(0);
  });
});

describe('planVsActual', () => {
  it('says "Training in Sales: 40 % done, 70 % expected by today" off track at the default thresholds', () => {
    const result = planVsActual(
      input({
        items: tenSessions,
        actual: [{ phaseId: 'p1', departmentId: 'sales', done: 4, total: 10 }],
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-07',
    );
    expect(result.cells).toEqual([
      {
        phaseId: 'p1',
        departmentId: 'sales',
        expectedPercent: 70,
        actualPercent: 40,
        status: 'off-track',
        reason: {
          key: 'progress.reason.behind',
          params: { phase: 'Training', department: 'Sales', expected: 70, actual: 40 },
        },
      },
    ]);
    expect(result.overall.status).toBe('off-track');
    expect(result.overall.reason.key).toBe('progress.reason.behind');
  });

  it.each([
    [9, 'on-track'],
    [10, 'at-risk'],
    [24, 'at-risk'],
    [25, 'off-track'],
  ] as const)('a gap of %i points is %s (thresholds 10 and 25)', (gap, status) => {
    const items = [{ phaseId: 'p1', cells: ['sales'], dueDate: '' }];
    // A task spread over the window: at its last day 100 % is expected.
    const result = planVsActual(
      input({
        items,
        actual: [{ phaseId: 'p1', departmentId: 'sales', done: 100 - gap, total: 100 }],
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-10',
    );
    expect(result.cells[0]?.status).toBe(status);
    expect(result.overall.status).toBe(status);
  });

  it('follows the thresholds it is given', () => {
    const actual = [{ phaseId: 'p1', departmentId: 'sales', done: 4, total: 10 }];
    const strict = planVsActual(
      input({ items: tenSessions, actual }),
      { atRiskGap: 5, offTrackGap: 50 },
      '2030-03-07',
    );
    expect(strict.overall.status).toBe('at-risk');
    const lax = planVsActual(
      input({ items: tenSessions, actual }),
      { atRiskGap: 40, offTrackGap: 60 },
      '2030-03-07',
    );
    expect(lax.overall.status).toBe('on-track');
  });

  it('spreads a task over its phase window and names the phase alone for its own row', () => {
    const result = planVsActual(
      input({
        items: [{ phaseId: 'p1', cells: [''], dueDate: '' }],
        actual: [{ phaseId: 'p1', departmentId: '', done: 0, total: 1 }],
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-05',
    );
    expect(result.cells[0]).toMatchObject({
      expectedPercent: 50,
      actualPercent: 0,
      status: 'off-track',
    });
    expect(result.cells[0]?.reason.key).toBe('progress.reason.behindPhase');
  });

  it('is on track before anything is due, and ahead of plan is on track', () => {
    const before = planVsActual(
      input({
        items: tenSessions,
        actual: [{ phaseId: 'p1', departmentId: 'sales', done: 0, total: 10 }],
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-02-01',
    );
    expect(before.cells[0]).toMatchObject({ expectedPercent: 0, status: 'on-track' });
    expect(before.cells[0]?.reason.key).toBe('progress.reason.notDue');
    expect(before.overall).toEqual({
      status: 'on-track',
      reason: { key: 'progress.reason.allOnTrack', params: {} },
    });
    const ahead = planVsActual(
      input({
        items: tenSessions,
        actual: [{ phaseId: 'p1', departmentId: 'sales', done: 9, total: 10 }],
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-02',
    );
    expect(ahead.cells[0]?.status).toBe('on-track');
  });

  it('leaves out cells with no work and phases it does not know', () => {
    const result = planVsActual(
      input({
        actual: [
          { phaseId: 'p1', departmentId: 'sales', done: 0, total: 0 },
          { phaseId: 'gone', departmentId: 'sales', done: 0, total: 3 },
        ],
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-05',
    );
    expect(result.cells).toEqual([]);
  });

  it('compares trained % with the adoption target prorated to today, per department', () => {
    const result = planVsActual(
      input({
        targets: { adoptionPercent: 80, by: '2030-03-10' },
        trainedByDepartment: { sales: 20, finance: 45, ops: 0 },
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-05',
    );
    // Half of 1–10 March elapsed: 40 % trained expected.
    expect(result.targets).toEqual([
      expect.objectContaining({
        kind: 'adoption',
        departmentId: 'sales',
        expected: 40,
        actual: 20,
        status: 'at-risk',
      }),
      expect.objectContaining({
        kind: 'adoption',
        departmentId: 'finance',
        expected: 40,
        actual: 45,
        status: 'on-track',
      }),
    ]);
    expect(result.overall).toEqual({
      status: 'at-risk',
      reason: {
        key: 'progress.reason.trainedBehind',
        params: { department: 'Sales', expected: 40, actual: 20 },
      },
    });
  });

  it('compares readiness with the target score on the scale of 1 to 5, skipping unknown ones', () => {
    const result = planVsActual(
      input({
        targets: { readinessScore: 4 },
        readinessByDepartment: { sales: 2.5, finance: null },
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-05',
    );
    // 4 is 75 % of the scale, 2.5 is 37.5 %: 37.5 points short.
    expect(result.targets).toEqual([
      expect.objectContaining({
        kind: 'readiness',
        departmentId: 'sales',
        expected: 4,
        actual: 2.5,
        status: 'off-track',
      }),
    ]);
    expect(result.overall.reason.key).toBe('progress.reason.readinessBelow');
  });

  it('gives the reason of the largest gap among the worst', () => {
    const result = planVsActual(
      input({
        items: [...tenSessions, ...tenSessions.map((item) => ({ ...item, cells: ['finance'] }))],
        actual: [
          { phaseId: 'p1', departmentId: 'sales', done: 4, total: 10 },
          { phaseId: 'p1', departmentId: 'finance', done: 1, total: 10 },
        ],
      }),
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-07',
    );
    expect(result.overall.reason.params).toMatchObject({ department: 'Finance', actual: 10 });
  });
});

describe('plannedItems and actualCells', () => {
  it('feed plan vs actual from a rollout and its live work', () => {
    const rollout = aRollout({
      departments: [{ departmentId: 'sales', name: 'Sales', headAccountId: 'h', stage: 1 }],
      phases: [{ ...training, tasks: [{ id: 't1', title: 'Migrate' }] }],
      sessions: [
        aSession({ id: 's1', phaseId: 'p1', date: '2030-03-02', departmentIds: ['sales'] }),
      ],
    });
    expect(plannedItems(rollout)).toEqual(
      expect.arrayContaining([
        { phaseId: 'p1', cells: [''], dueDate: '' },
        { phaseId: 'p1', cells: ['sales'], dueDate: '2030-03-02' },
      ]),
    );
    const cells = actualCells(liveWork(rollout, emptyCounters(rollout.id), '2030-03-05'));
    expect(cells).toEqual(
      expect.arrayContaining([
        { phaseId: 'p1', departmentId: '', done: 0, total: 1 },
        { phaseId: 'p1', departmentId: 'sales', done: 0, total: 1 },
      ]),
    );
    const result = planVsActual(
      {
        phases: rollout.phases,
        departments: rollout.departments,
        items: plannedItems(rollout),
        actual: cells,
        targets: rollout.targets,
        trainedByDepartment: {},
        readinessByDepartment: {},
      },
      DEFAULT_PROGRESS_THRESHOLDS,
      '2030-03-05',
    );
    expect(result.cells.find((c) => c.departmentId === 'sales')).toMatchObject({
      expectedPercent: 100,
      actualPercent: 0,
      status: 'off-track',
    });
  });
});
