/** The plan's rules, pure: validation across fields, what a change concerns, re-confirmation rounds. */
import type { Approval } from '../../src/domain/approvals';
import { summariseRound } from '../../src/domain/approvals';
import {
  checkPlan,
  checkPlanSize,
  checkSchedule,
  departmentsAffected,
  goLiveIssue,
  labelPart,
  phaseLabel,
  planDiff,
  planItems,
  rolloutLabel,
  planEditSchema,
  planSchema,
  rolloutChanges,
  targetsOf,
  type Plan,
  type PlanInput,
  type RolloutPlan,
} from '../../src/domain/plan';
import { openReconfirmation } from '../../src/domain/reconfirmation';
import { isStrategy, phaseCountRules } from '../../src/domain/rules/plan';
import { countIssue } from '../../src/domain/rules/issue';
import type { Rollout } from '../../src/domain/rollout';
import { describeChange, describeChanges } from '../../src/notifications/plan-changes';
import { aDecidedApproval, aRollout } from '../support/mother';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PILOT = id(1);
const ROLLOUT = id(2);
const SALES = id(11);
const FINANCE = id(12);

/** What every session of these plans has besides its own title, phase, audience and date. */
const SESSION_DETAILS = {
  ownerAccountId: 'trainer-1',
  startTime: '09:30',
  durationMinutes: 90,
  place: 'Room 2.14',
  capacity: 20,
  allDepartments: false,
} as const;

/** The `index`th item, which the test knows is there. */
function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`No item ${String(index)}`);
  return item;
}

function plan(overrides: Partial<PlanInput> = {}): Plan {
  const parsed = planSchema.parse({
    phases: [
      { id: PILOT, name: 'Pilot', start: '2027-01-10', end: '2027-01-31' },
      { id: ROLLOUT, name: 'Rollout', start: '2027-02-01', end: '2027-03-15' },
    ],
    sessions: [
      {
        id: id(21),
        kind: 'training',
        title: 'CRM basics',
        phaseId: PILOT,
        ...SESSION_DETAILS,
        departmentIds: [SALES],
        date: '2027-01-12',
        audience: 'Account managers',
      },
      {
        id: id(22),
        kind: 'office-hours',
        title: 'Drop-in help',
        phaseId: ROLLOUT,
        ...SESSION_DETAILS,
        departmentIds: [FINANCE],
        date: '2027-02-03',
      },
    ],
    targets: { adoptionPercent: 80, readinessScore: 4, by: '2027-04-30' },
    ...overrides,
  });
  return { ...parsed, targets: targetsOf(parsed.targets) };
}

function shape(p: Plan, extra: Partial<RolloutPlan> = {}): RolloutPlan {
  return {
    ...p,
    objective: 'Everyone on the CRM',
    targetDate: '2027-02-01',
    departments: [
      { departmentId: SALES, headAccountId: 'head-sales', stage: 1 },
      { departmentId: FINANCE, headAccountId: 'head-finance', stage: 2 },
    ],
    ...extra,
  };
}

describe('planSchema and checkPlan', () => {
  it('accepts a sound plan', () => {
    expect(checkPlan(plan(), new Set([SALES, FINANCE]))).toEqual([]);
    expect(checkSchedule(plan(), '2027-02-01')).toEqual([]);
  });

  it('asks a strategy for a phase, and lets a rollout set up on its Jira issue have none', () => {
    expect(isStrategy({ spaceId: '' })).toBe(false);
    expect(isStrategy({ spaceId: '98305' })).toBe(true);
    expect(countIssue(0, phaseCountRules(true))).toEqual({
      messageKey: 'errors.plan.phasesRequired',
    });
    expect(countIssue(0, phaseCountRules(false))).toBeUndefined();
    expect(countIssue(13, phaseCountRules(false))).toMatchObject({
      messageKey: 'errors.plan.tooManyPhases',
    });
    // An edit's schema lets no phase through: the use case checks the count for its rollout.
    expect(planEditSchema.safeParse({ phases: [] }).success).toBe(true);
    expect(planSchema.safeParse({ phases: [] }).success).toBe(false);
  });

  it('refuses an empty plan and a phase ending before it starts, with field paths', () => {
    const empty = planSchema.safeParse({ phases: [] });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]).toMatchObject({
      path: ['phases'],
      message: 'errors.plan.phasesRequired',
    });
    const backwards = planSchema.safeParse({
      phases: [{ id: PILOT, name: 'Pilot', start: '2027-02-01', end: '2027-01-01' }],
    });
    expect(backwards.error?.issues[0]).toMatchObject({
      path: ['phases', 0, 'end'],
      message: 'errors.plan.phaseDates',
    });
  });

  it('bounds sizes: 12 phases, 500 sessions, 80-character names', () => {
    const phases = Array.from({ length: 13 }, (_, i) => ({
      id: id(100 + i),
      name: `P${String(i)}`,
      start: '2027-01-01',
      end: '2027-01-01',
    }));
    expect(planSchema.safeParse({ phases }).error?.issues[0]?.message).toBe(
      'errors.plan.tooManyPhases',
    );
    const long = planSchema.safeParse({
      phases: [{ id: PILOT, name: 'x'.repeat(81), start: '2027-01-01', end: '2027-01-01' }],
    });
    expect(long.error?.issues[0]?.message).toBe('errors.plan.phaseNameTooLong');
    const sessions = Array.from({ length: 501 }, (_, i) => ({
      id: id(1000 + i),
      kind: 'training',
      title: 'S',
      phaseId: PILOT,
      ...SESSION_DETAILS,
      departmentIds: [SALES],
      date: '2027-01-12',
    }));
    expect(planSchema.safeParse({ phases: [phases[0]], sessions }).error?.issues[0]?.message).toBe(
      'errors.plan.tooManySessions',
    );
  });

  it('finds overlapping phases, sessions outside their phase, unknown phases and departments', () => {
    const base = plan();
    const broken: PlanInput = {
      ...base,
      phases: [
        at(base.phases, 0),
        { id: ROLLOUT, name: 'Rollout', start: '2027-01-20', end: '2027-03-15', tasks: [] },
      ],
      sessions: [
        { ...at(base.sessions, 0), date: '2027-02-20' },
        { ...at(base.sessions, 1), phaseId: id(99) },
        { ...at(base.sessions, 0), id: id(23), departmentIds: [SALES, id(98)] },
      ],
    };
    expect(checkPlan(broken, new Set([SALES, FINANCE]))).toEqual([
      { path: 'phases.1.start', messageKey: 'errors.plan.phaseOrder' },
      { path: 'sessions.0.date', messageKey: 'errors.plan.sessionOutsidePhase' },
      { path: 'sessions.1.phaseId', messageKey: 'errors.plan.unknownPhase' },
      { path: 'sessions.2.departmentIds', messageKey: 'errors.rollout.unknownDepartment' },
    ]);
  });

  it('refuses a go-live or a targets date before the first phase', () => {
    const early = plan({ targets: { by: '2026-12-01' } });
    expect(checkSchedule(early, '2026-12-31')).toEqual([
      { path: 'targetDate', messageKey: 'errors.plan.targetBeforePhases' },
      { path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforePhases' },
    ]);
  });

  it('refuses a targets date before the go-live, with or without phases', () => {
    const targets = { adoptionPercent: 80, by: '2027-03-01' };
    expect(checkSchedule(plan({ targets }), '2027-03-15')).toEqual([
      { path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforeGoLive' },
    ]);
    expect(checkSchedule({ phases: [], targets: { by: '2027-03-01' } }, '2027-03-15')).toEqual([
      { path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforeGoLive' },
    ]);
    expect(checkSchedule({ phases: [], targets: { by: '2027-03-15' } }, '2027-03-15')).toEqual([]);
  });

  it('refuses a go-live set in the past, but lets a rollout keep its own', () => {
    const past = { messageKey: 'errors.plan.targetDatePast' };
    expect(goLiveIssue('2026-01-01', '2026-11-30')).toEqual(past);
    expect(goLiveIssue('2026-11-29', '2026-11-30', '2026-12-31')).toEqual(past);
    expect(goLiveIssue('2026-11-30', '2026-11-30')).toBeUndefined();
    expect(goLiveIssue('2026-01-01', '2026-11-30', '2026-01-01')).toBeUndefined();
    // Not a day: the date rule's message, not this one.
    expect(goLiveIssue('2026-13-01', '2026-11-30')).toBeUndefined();
  });

  it('turns the plan into Jira work with stable plan item ids', () => {
    const p = plan({
      phases: [
        {
          id: PILOT,
          name: 'Pilot',
          start: '2027-01-10',
          end: '2027-01-31',
          tasks: [{ id: id(31), title: 'Import contacts' }],
        },
      ],
      sessions: [],
    });
    expect(planItems(p)).toEqual([
      {
        planItemId: `phase:${PILOT}:task:${id(31)}`,
        summary: 'Pilot: Import contacts',
        phaseId: PILOT,
        departmentId: '',
        departmentIds: [],
        kind: 'task',
        dueDate: '2027-01-31',
        labels: ['phase-pilot'],
        assigneeAccountId: '',
      },
    ]);
  });

  it('labels each item with its rollout (by the anchor’s key) and its phase, as Jira takes labels', () => {
    const p = plan({
      phases: [
        {
          id: PILOT,
          name: 'Préparation des équipes',
          start: '2027-01-17',
          end: '2027-01-31',
          tasks: [{ id: id(31), title: 'Import contacts' }],
        },
        { id: ROLLOUT, name: '— ★ —', start: '2027-02-01', end: '2027-02-28', tasks: [] },
      ],
      sessions: [],
    });
    expect(planItems(p, 'ROLL-12').map((item) => item.labels)).toEqual([
      ['rollout-roll-12', 'phase-preparation-des-equipes'],
    ]);
    expect(labelPart('  Go-live: Sales & Support  ')).toBe('go-live-sales-support');
    expect(labelPart('x'.repeat(60))).toHaveLength(40);
    expect(phaseLabel({ name: '— ★ —' }, 1)).toBe('phase-2');
    expect(rolloutLabel('')).toBe('');
    for (const label of planItems(p, 'ROLL-12').flatMap((item) => item.labels)) {
      expect(label).toMatch(/^\S{1,255}$/u);
    }
  });
});

describe('what a change concerns', () => {
  it('a phase date concerns every department', () => {
    const before = plan();
    const after = plan({
      phases: [
        { id: PILOT, name: 'Pilot', start: '2027-01-17', end: '2027-01-31', tasks: [] },
        ...before.phases.slice(1),
      ],
    });
    expect(planDiff(before, after, [SALES, FINANCE]).all).toEqual([
      {
        kind: 'phase-dates',
        phase: 'Pilot',
        from: { start: '2027-01-10', end: '2027-01-31' },
        to: { start: '2027-01-17', end: '2027-01-31' },
      },
    ]);
    expect(departmentsAffected(before, after, [SALES, FINANCE])).toEqual([SALES, FINANCE]);
  });

  it('a session concerns its department only; moving it concerns both', () => {
    const before = plan();
    const moved = plan({
      sessions: [{ ...at(before.sessions, 0), date: '2027-01-19' }, ...before.sessions.slice(1)],
    });
    expect(departmentsAffected(before, moved, [SALES, FINANCE])).toEqual([SALES]);
    const changes = rolloutChanges(shape(before), shape(moved));
    expect([...changes.keys()]).toEqual([SALES]);
    expect(changes.get(SALES)).toEqual([
      { kind: 'session-changed', title: 'CRM basics', from: '2027-01-12', to: '2027-01-19' },
    ]);
    const other = plan({
      sessions: [
        { ...at(before.sessions, 0), departmentIds: [FINANCE] },
        ...before.sessions.slice(1),
      ],
    });
    expect(departmentsAffected(before, other, [SALES, FINANCE])).toEqual([SALES, FINANCE]);
  });

  it('a new department, a new head or another stage concerns that department; a title nobody', () => {
    const p = plan();
    const changes = rolloutChanges(
      shape(p),
      shape(p, {
        departments: [
          { departmentId: SALES, headAccountId: 'someone-else', stage: 1 },
          { departmentId: FINANCE, headAccountId: 'head-finance', stage: 1 },
          { departmentId: id(13), headAccountId: 'head-ops', stage: 1 },
        ],
      }),
    );
    expect(Object.fromEntries(changes)).toEqual({
      [SALES]: [{ kind: 'approver-changed' }],
      [FINANCE]: [{ kind: 'stage-changed', from: 2, to: 1 }],
      [id(13)]: [{ kind: 'department-added' }],
    });
    expect(rolloutChanges(shape(p), shape(p)).size).toBe(0);
  });

  it('the go-live date and the objective concern everyone', () => {
    const p = plan();
    const changes = rolloutChanges(
      shape(p),
      shape(p, { targetDate: '2027-02-08', objective: 'Everyone on the CRM, faster' }),
    );
    expect(changes.get(FINANCE)).toEqual([
      { kind: 'target-date', from: '2027-02-01', to: '2027-02-08' },
      { kind: 'objective' },
    ]);
  });
});

describe('sessions for several departments or all of them', () => {
  const OPS = id(13);
  const all = [SALES, FINANCE, OPS];

  function withFirst(change: Partial<Plan['sessions'][number]>): Plan {
    const p = plan();
    return { ...p, sessions: [{ ...at(p.sessions, 0), ...change }, ...p.sessions.slice(1)] };
  }

  it('turns a session into a work item for its departments, assigned to its owner', () => {
    const several = planItems(withFirst({ departmentIds: [SALES, FINANCE] }));
    expect(at(several, 0)).toEqual({
      planItemId: `session:${id(21)}`,
      summary: 'CRM basics',
      phaseId: PILOT,
      departmentId: '',
      departmentIds: [SALES, FINANCE],
      kind: 'training',
      dueDate: '2027-01-12',
      labels: ['phase-pilot'],
      assigneeAccountId: 'trainer-1',
    });
    expect(at(planItems(withFirst({})), 0)).toMatchObject({
      departmentId: SALES,
      departmentIds: [SALES],
    });
    expect(at(planItems(withFirst({ departmentIds: [], allDepartments: true })), 0)).toMatchObject({
      departmentId: '',
      departmentIds: ['all'],
    });
  });

  it('a session for all departments concerns every one, including one that joined since', () => {
    const before = withFirst({ departmentIds: [], allDepartments: true });
    const after = withFirst({ departmentIds: [], allDepartments: true, startTime: '10:00' });
    expect(departmentsAffected(before, after, all)).toEqual(all);
    const diff = planDiff(before, after, all);
    expect(diff.all).toEqual([]);
    expect(diff.byDepartment.get(OPS)).toEqual([
      { kind: 'session-changed', title: 'CRM basics', from: '2027-01-12', to: '2027-01-12' },
    ]);
  });

  it('narrowing an all-departments session cancels it for the departments left out', () => {
    const before = withFirst({ departmentIds: [], allDepartments: true });
    const after = withFirst({ departmentIds: [SALES] });
    const diff = planDiff(before, after, all);
    expect(Object.fromEntries(diff.byDepartment)).toEqual({
      [FINANCE]: [{ kind: 'session-removed', title: 'CRM basics', date: '2027-01-12' }],
      [OPS]: [{ kind: 'session-removed', title: 'CRM basics', date: '2027-01-12' }],
    });
  });

  it('a new session for several departments is new for each; a removed one cancelled for each', () => {
    const base = plan();
    const added = {
      ...at(base.sessions, 0),
      id: id(29),
      title: 'Reporting',
      departmentIds: [SALES, OPS],
    };
    const grown: Plan = { ...base, sessions: [...base.sessions, added] };
    expect(departmentsAffected(base, grown, all)).toEqual([SALES, OPS]);
    expect(departmentsAffected(grown, base, all)).toEqual([SALES, OPS]);
    expect(planDiff(grown, base, all).byDepartment.get(OPS)).toEqual([
      { kind: 'session-removed', title: 'Reporting', date: '2027-01-12' },
    ]);
  });
});

describe('describing changes', () => {
  it('says a moved phase as the heads read it, in English and French', () => {
    const change = {
      kind: 'phase-dates',
      phase: 'Pilot',
      from: { start: '2027-01-10', end: '2027-01-31' },
      to: { start: '2027-01-17', end: '2027-01-31' },
    } as const;
    expect(describeChange(change, 'en')).toBe('Phase Pilot: 10 Jan → 17 Jan 2027');
    expect(describeChange(change, 'fr')).toBe('Phase Pilot : 10 janv. → 17 janv. 2027');
    expect(
      describeChange({ ...change, to: { start: '2027-01-10', end: '2027-02-07' } }, 'en'),
    ).toBe('Phase Pilot, end: 31 Jan → 7 Feb 2027');
  });

  it('describes every kind of change in both languages, user text kept as it was typed', () => {
    const all = [
      { kind: 'objective' },
      { kind: 'target-date', from: '2026-12-20', to: '2027-01-05' },
      { kind: 'department-added' },
      { kind: 'approver-changed' },
      { kind: 'stage-changed', from: 1, to: 2 },
      { kind: 'phase-added', phase: 'Hypercare', start: '2027-03-16', end: '2027-04-15' },
      { kind: 'phase-removed', phase: 'Pilot' },
      { kind: 'phase-renamed', from: 'Pilot', to: 'Trial' },
      { kind: 'phase-tasks', phase: 'Pilot' },
      { kind: 'targets', field: 'adoptionPercent', from: '80', to: '90' },
      { kind: 'session-added', title: '<b>Q&A</b>', date: '2027-01-12' },
      { kind: 'session-removed', title: 'Old', date: '2027-01-12' },
    ] as const;
    const en = describeChanges(all, 'en');
    expect(en).toEqual([
      'The objective was reworded',
      'Go-live: 20 Dec 2026 → 5 Jan 2027',
      'Your department was added to the rollout',
      'The head who approves for this department changed',
      'Approval stage: 1 → 2',
      'New phase Hypercare: 16 Mar – 15 Apr 2027',
      'Phase removed: Pilot',
      'Phase renamed: Pilot → Trial',
      'Phase Pilot: its tasks changed',
      'Adoption target: 80% → 90%',
      'New session “<b>Q&A</b>”: 12 Jan 2027',
      'Session cancelled “Old” (12 Jan 2027)',
    ]);
    const fr = describeChanges(all, 'fr');
    expect(fr).toHaveLength(all.length);
    expect(fr[9]).toBe('Objectif d’adoption : 80\u00a0% → 90\u00a0%');
  });
});

describe('openReconfirmation', () => {
  const AT = '2027-01-05T09:00:00.000Z';

  function approved(department: string, stage: number): Approval {
    return aDecidedApproval(department, stage, 'approved', AT, {
      comment: 'Fine by me',
      remindersSent: 1,
      lastRemindedAt: AT,
    });
  }

  const rollout: Rollout = aRollout({
    targetDate: '2027-02-01',
    departments: [
      { departmentId: 'sales', name: 'Sales', headAccountId: 'head-sales', stage: 1 },
      { departmentId: 'finance', name: 'Finance', headAccountId: 'head-finance', stage: 2 },
    ],
    approvalState: 'approved',
    round: 1,
    roundRequestedBy: 'coordinator',
    roundRequestedAt: AT,
    openedStage: 2,
    createdAt: AT,
    updatedAt: AT,
    version: 7,
  });

  it('asks only the departments concerned, carries the others over, and opens their stage', () => {
    const opened = openReconfirmation(
      rollout,
      [approved('sales', 1), approved('finance', 2)],
      new Map([['finance', [{ kind: 'department-added' } as const]]]),
      'coordinator',
      '2027-01-06T10:00:00.000Z',
    );
    const [sales, finance] = opened.approvals;
    expect(sales).toMatchObject({
      id: 'r1:2:sales',
      round: 2,
      status: 'approved',
      carriedOver: true,
      decidedBy: 'head-sales',
      comment: 'Fine by me',
      remindersSent: 0,
      version: 1,
      changes: [],
    });
    expect(finance).toMatchObject({
      id: 'r1:2:finance',
      status: 'pending',
      carriedOver: false,
      changes: [{ kind: 'department-added' }],
      decidedBy: '',
    });
    expect(summariseRound(opened.approvals)).toMatchObject({
      state: 'awaiting-approval',
      openStage: 2,
    });
    expect(opened.rollout).toMatchObject({
      round: 2,
      approvalState: 'awaiting-approval',
      openedStage: 2,
      roundRequestedBy: 'coordinator',
      version: 8,
    });
    expect(opened.events.map((e) => [e.type, e.detail, e.stage])).toEqual([
      ['new-round', 'approved', 0],
      ['requested', 'reconfirmation', 0],
      ['stage-opened', '', 2],
    ]);
  });

  it('asks a department again when its approver changed even without a listed change', () => {
    const opened = openReconfirmation(
      {
        ...rollout,
        departments: [
          { departmentId: 'sales', name: 'Sales', headAccountId: 'new-head', stage: 1 },
          { departmentId: 'finance', name: 'Finance', headAccountId: 'head-finance', stage: 2 },
        ],
      },
      [approved('sales', 1), approved('finance', 2)],
      new Map([['finance', [{ kind: 'objective' } as const]]]),
      'coordinator',
      AT,
    );
    expect(opened.approvals.map((a) => [a.departmentId, a.status, a.approverAccountId])).toEqual([
      ['sales', 'pending', 'new-head'],
      ['finance', 'pending', 'head-finance'],
    ]);
  });
});

describe('checkPlanSize', () => {
  it('refuses a plan too large to store with its rollout', () => {
    const long = 'x'.repeat(200);
    const sessions = Array.from({ length: 500 }, (_, i) => ({
      id: id(1000 + i),
      kind: 'training',
      title: long,
      phaseId: PILOT,
      ...SESSION_DETAILS,
      departmentIds: [SALES],
      date: '2027-01-12',
      audience: long,
    }));
    const big = planSchema.parse({
      phases: [{ id: PILOT, name: 'Pilot', start: '2027-01-10', end: '2027-01-31' }],
      sessions,
    });
    expect(checkPlanSize(big)).toEqual([{ path: 'plan', messageKey: 'errors.plan.tooLarge' }]);
    expect(checkPlanSize(plan())).toEqual([]);
  });
});
