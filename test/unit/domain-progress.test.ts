/**
 * The rollout's work as the plan lays it out, by phase and department: what the Rollout panel's
 * grid shows without counting issues in Jira (decision 0012).
 */
import { jiraWorkByPhase, planWork, upcomingSessions } from '../../src/domain/progress';
import { tallyOf, type StoredWorkState } from '../../src/domain/work-states';
import type { RolloutPhase, StrategySession } from '../../src/domain/rollout';
import { aRollout, aSession } from '../support/mother';

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

describe('planWork', () => {
  it('counts a session for several departments in each, and one for all in every department', () => {
    const departments = ['sales', 'finance', 'ops'].map((departmentId, index) => ({
      departmentId,
      name: departmentId,
      headAccountId: `head-${departmentId}`,
      stage: index + 1,
    }));
    const [pilot] = planWork(
      aRollout({
        phases,
        departments,
        sessions: [
          session('s1', 'p1', '', '2030-03-25', {
            departmentIds: ['sales', 'finance'],
            allDepartments: false,
          }),
          session('s2', 'p1', '', '2030-03-25', { departmentIds: [], allDepartments: true }),
        ],
      }),
      '2030-03-21',
    );
    const cells = new Map(pilot?.byDepartment ?? []);
    expect(cells.get('sales')).toEqual({ open: 2, done: 0, overdue: 0 });
    expect(cells.get('finance')).toEqual({ open: 2, done: 0, overdue: 0 });
    expect(cells.get('ops')).toEqual({ open: 1, done: 0, overdue: 0 });
    // Each session is one item of the phase, whatever its audience.
    expect(pilot?.byDepartment.get('') ?? { open: 0 }).toEqual({ open: 1, done: 0, overdue: 0 });
  });

  it('counts each phase and department: overdue once due, open before', () => {
    const [pilot, everyone] = planWork(aRollout({ phases, sessions }), '2030-03-21');
    expect(pilot?.total).toEqual({ open: 2, done: 0, overdue: 2 });
    expect([...(pilot?.byDepartment ?? [])]).toEqual([
      ['', { open: 1, done: 0, overdue: 0 }],
      ['sales', { open: 0, done: 0, overdue: 2 }],
      ['finance', { open: 1, done: 0, overdue: 0 }],
    ]);
    expect(everyone?.total).toEqual({ open: 1, done: 0, overdue: 0 });
  });

  it('counts the work of a completed phase as done, however late', () => {
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
    const [pilot, everyone] = planWork(rollout, '2030-04-20');
    expect(pilot?.total).toEqual({ open: 0, done: 4, overdue: 0 });
    expect(pilot?.byDepartment.get('sales')).toEqual({ open: 0, done: 2, overdue: 0 });
    expect(everyone?.total).toEqual({ open: 0, done: 0, overdue: 1 });
  });

  it('keeps a phase without work, and ignores work of a phase no longer planned', () => {
    const rollout = aRollout({
      phases,
      sessions: [session('s9', 'gone', 'sales', '2030-03-05')],
    });
    expect(planWork(rollout, '2030-03-01').map((p) => [p.phaseId, p.total])).toEqual([
      ['p1', { open: 1, done: 0, overdue: 0 }],
      ['p2', { open: 0, done: 0, overdue: 0 }],
    ]);
  });
});

describe('upcomingSessions', () => {
  it('gives the first page of sessions from today on, soonest first, and how many in all', () => {
    const shuffled = [sessions[3], sessions[0], sessions[2], sessions[1]].flatMap((s) =>
      s ? [s] : [],
    );
    const { upcoming, total } = upcomingSessions(shuffled, '2030-03-20', 2);
    expect(upcoming.map((s) => s.id)).toEqual(['s2', 's3']);
    expect(total).toBe(3);
  });
});

describe('jiraWorkByPhase', () => {
  const state = (phaseId: string, category: 'new' | 'indeterminate' | 'done'): StoredWorkState => [
    `item-${phaseId}`,
    phaseId,
    ['sales', 'finance'],
    category,
    '2030-03-05',
    1,
  ];

  it('counts each kept issue once, open unless Jira says done, in the phases asked', () => {
    const work = jiraWorkByPhase(
      ['p1', 'p2'],
      tallyOf({
        '10': state('p1', 'new'),
        '11': state('p1', 'indeterminate'),
        '12': state('p1', 'done'),
        '13': state('p2', 'done'),
        // A phase the plan no longer has: Jira's search for a phase would not find it either.
        '14': state('gone-phase', 'new'),
      }),
    );
    expect([...work.entries()]).toEqual([
      ['p1', { open: 2, done: 1 }],
      ['p2', { open: 0, done: 1 }],
    ]);
  });

  it('gives every phase zero when nothing is kept', () => {
    expect([...jiraWorkByPhase(['p1'], tallyOf({})).entries()]).toEqual([
      ['p1', { open: 0, done: 0 }],
    ]);
  });
});
