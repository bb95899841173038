/**
 * Suggested adjustments: which signals call for which change, the evidence each carries (in both
 * languages), deterministic ids, and the plan once a suggestion is accepted (idempotent).
 */
import type { Plan } from '../../src/domain/plan';
import { checkPlan } from '../../src/domain/plan';
import {
  BEHIND_GAP,
  MATERIAL_PROBLEMS_MIN,
  byImportance,
  isUnderWay,
  isoWeek,
  parseSuggestionId,
  phaseProgress,
  planAfterAccept,
  suggest,
  type Signals,
  type Suggestion,
} from '../../src/domain/suggestions';
import { message } from '../../src/i18n';
import { aSession } from '../support/mother';

const SALES = '00000000-0000-4000-8000-000000000001';
const FINANCE = '00000000-0000-4000-8000-000000000002';
const PILOT = '00000000-0000-4000-8000-0000000000a1';
const WIDE = '00000000-0000-4000-8000-0000000000a2';

function signals(overrides: Partial<Signals> = {}): Signals {
  return {
    today: '2030-03-10',
    departments: [
      { id: SALES, name: 'Sales' },
      { id: FINANCE, name: 'Finance' },
    ],
    phases: [
      { id: PILOT, name: 'Pilot', start: '2030-03-01', end: '2030-03-31' },
      { id: WIDE, name: 'Everyone', start: '2030-04-10', end: '2030-05-31' },
    ],
    barrierByDepartment: {},
    behindByPhase: {},
    openTrainingMaterialProblems: 0,
    trainedByDepartment: {},
    adoptionTargetPercent: null,
    underWay: true,
    ...overrides,
  };
}

function only(list: Suggestion[], kind: Suggestion['kind']): Suggestion[] {
  return list.filter((s) => s.kind === kind);
}

describe('suggest', () => {
  it('suggests nothing when every signal is fine', () => {
    expect(suggest(signals())).toEqual([]);
  });

  it('answers a Knowledge barrier with a training session, a Desire barrier with meeting the head', () => {
    const list = suggest(
      signals({ barrierByDepartment: { [SALES]: 'knowledge', [FINANCE]: 'desire' } }),
    );
    // Desire comes before Knowledge in ADKAR: the more fundamental barrier first.
    expect(list.map((s) => [s.kind, s.departmentId, s.phaseId])).toEqual([
      ['meet-head', FINANCE, PILOT],
      ['add-session', SALES, PILOT],
    ]);
    const session = list[1];
    expect(session?.evidence).toEqual({
      key: 'suggestions.evidence.barrier.knowledge',
      params: { department: 'Sales' },
    });
    // A week ahead, inside the phase.
    expect(session?.change.params).toEqual({
      department: 'Sales',
      phase: 'Pilot',
      date: '2030-03-17',
    });
  });

  it('answers trained % below the adoption target with a session, and not a second one for a barrier', () => {
    const list = suggest(
      signals({
        adoptionTargetPercent: 80,
        trainedByDepartment: { [SALES]: 40.4, [FINANCE]: 85 },
        barrierByDepartment: {},
      }),
    );
    expect(list).toHaveLength(1);
    expect(list[0]?.evidence).toEqual({
      key: 'suggestions.evidence.trained',
      params: { department: 'Sales', trained: 40, target: 80 },
    });
    const both = suggest(
      signals({
        adoptionTargetPercent: 80,
        trainedByDepartment: { [SALES]: 40 },
        barrierByDepartment: { [SALES]: 'ability' },
      }),
    );
    expect(only(both, 'add-session')).toHaveLength(1);
    expect(both[0]?.evidence.key).toBe('suggestions.evidence.barrier.ability');
  });

  it('ignores unknown trained % and a rollout without an adoption target', () => {
    expect(suggest(signals({ trainedByDepartment: { [SALES]: 10 } }))).toEqual([]);
    expect(
      suggest(signals({ adoptionTargetPercent: 50, trainedByDepartment: { [SALES]: null } })),
    ).toEqual([]);
  });

  it('suggests extending a phase behind plan, or adding support hours, from the gap', () => {
    const behind = { expectedPercent: 70, actualPercent: 40 };
    const list = suggest(signals({ behindByPhase: { [PILOT]: behind } }));
    expect(list.map((s) => s.kind)).toEqual(['add-support', 'extend-phase']);
    expect(list[1]?.evidence).toEqual({
      key: 'suggestions.evidence.behind',
      params: { phase: 'Pilot', actual: 40, expected: 70 },
    });
    expect(list[1]?.change.params).toEqual({
      phase: 'Pilot',
      from: '2030-03-31',
      to: '2030-04-07',
    });
    const justInside = { expectedPercent: 50, actualPercent: 50 - BEHIND_GAP + 1 };
    expect(suggest(signals({ behindByPhase: { [PILOT]: justInside } }))).toEqual([]);
  });

  it('finds no phase behind plan before the rollout is under way', () => {
    const behind = { expectedPercent: 90, actualPercent: 0 };
    expect(suggest(signals({ underWay: false, behindByPhase: { [PILOT]: behind } }))).toEqual([]);
    // Other signals still count before the start: people can be trained ahead of it.
    const early = suggest(
      signals({
        underWay: false,
        behindByPhase: { [PILOT]: behind },
        barrierByDepartment: { [SALES]: 'knowledge' },
      }),
    );
    expect(early.map((s) => s.kind)).toEqual(['add-session']);
  });

  it('counts a rollout under way once started, or once approved and its first day has come', () => {
    const today = '2030-03-10';
    expect(isUnderWay({ approvalState: 'draft' }, '2030-03-01', today)).toBe(false);
    expect(isUnderWay({ approvalState: 'awaiting-approval' }, '2030-03-01', today)).toBe(false);
    expect(isUnderWay({ approvalState: 'approved' }, '2030-03-11', today)).toBe(false);
    expect(isUnderWay({ approvalState: 'approved' }, '2030-03-10', today)).toBe(true);
    expect(isUnderWay({ approvalState: 'approved' }, undefined, today)).toBe(false);
    // Re-confirming a changed plan does not stop a rollout that was approved.
    expect(
      isUnderWay(
        { approvalState: 'awaiting-approval', approvedAt: '2030-02-01T00:00:00Z' },
        '2030-03-01',
        today,
      ),
    ).toBe(true);
    expect(
      isUnderWay(
        { approvalState: 'draft', startedAt: '2030-03-02T00:00:00Z' },
        '2030-04-01',
        today,
      ),
    ).toBe(true);
  });

  it('puts the most important first: behind plan, then barriers in ADKAR order, trained %, material', () => {
    const list = suggest(
      signals({
        barrierByDepartment: { [SALES]: 'reinforcement', [FINANCE]: 'awareness' },
        behindByPhase: { [PILOT]: { expectedPercent: 70, actualPercent: 40 } },
        openTrainingMaterialProblems: 3,
        adoptionTargetPercent: 80,
        trainedByDepartment: { [FINANCE]: 10 },
      }),
    );
    expect(list.map((s) => [s.kind, s.evidence.key])).toEqual([
      ['add-support', 'suggestions.evidence.behind'],
      ['extend-phase', 'suggestions.evidence.behind'],
      ['meet-head', 'suggestions.evidence.barrier.awareness'],
      ['add-support', 'suggestions.evidence.barrier.reinforcement'],
      ['add-session', 'suggestions.evidence.trained'],
      ['review-material', 'suggestions.evidence.materialProblems'],
    ]);
  });

  it('puts the phase furthest behind, and the department furthest below target, first', () => {
    const list = suggest(
      signals({
        today: '2030-04-20',
        behindByPhase: {
          [PILOT]: { expectedPercent: 100, actualPercent: 85 },
          [WIDE]: { expectedPercent: 30, actualPercent: 0 },
        },
        adoptionTargetPercent: 80,
        trainedByDepartment: { [SALES]: 70, [FINANCE]: 20 },
      }),
    );
    expect(list.filter((s) => s.kind === 'extend-phase').map((s) => s.phaseId)).toEqual([
      WIDE,
      PILOT,
    ]);
    expect(list.filter((s) => s.kind === 'add-session').map((s) => s.departmentId)).toEqual([
      FINANCE,
      SALES,
    ]);
  });

  it('orders the same suggestions the same way whatever order they come in', () => {
    const list = suggest(
      signals({
        barrierByDepartment: { [SALES]: 'knowledge', [FINANCE]: 'knowledge' },
        openTrainingMaterialProblems: 2,
      }),
    );
    const names = new Map([
      [SALES, 'Sales'],
      [FINANCE, 'Finance'],
    ]);
    expect(byImportance([...list].reverse(), [PILOT, WIDE], names)).toEqual(list);
    expect(list.map((s) => s.departmentId)).toEqual([FINANCE, SALES, '']);
  });

  it('never extends a phase into the next one', () => {
    const close = signals({
      phases: [
        { id: PILOT, name: 'Pilot', start: '2030-03-01', end: '2030-03-31' },
        { id: WIDE, name: 'Everyone', start: '2030-04-03', end: '2030-05-31' },
      ],
      behindByPhase: { [PILOT]: { expectedPercent: 90, actualPercent: 10 } },
    });
    expect(only(suggest(close), 'extend-phase')[0]?.change.params.to).toBe('2030-04-03');
    const touching = signals({
      phases: [
        { id: PILOT, name: 'Pilot', start: '2030-03-01', end: '2030-03-31' },
        { id: WIDE, name: 'Everyone', start: '2030-03-31', end: '2030-05-31' },
      ],
      behindByPhase: { [PILOT]: { expectedPercent: 90, actualPercent: 10 } },
    });
    expect(only(suggest(touching), 'extend-phase')).toEqual([]);
  });

  it('suggests a review of the material from several open training-material problems', () => {
    expect(suggest(signals({ openTrainingMaterialProblems: MATERIAL_PROBLEMS_MIN - 1 }))).toEqual(
      [],
    );
    const [review] = suggest(signals({ openTrainingMaterialProblems: 3 }));
    expect(review?.kind).toBe('review-material');
    expect(review?.evidence.params).toEqual({ count: 3 });
  });

  it('puts new work in the first phase still running or to come, none when all have ended', () => {
    const later = suggest(
      signals({ today: '2030-04-02', barrierByDepartment: { [SALES]: 'knowledge' } }),
    );
    // The next phase starts on the 10th: the session is on its first day.
    expect(later[0]?.phaseId).toBe(WIDE);
    expect(later[0]?.change.params.date).toBe('2030-04-10');
    expect(
      suggest(signals({ today: '2030-06-02', barrierByDepartment: { [SALES]: 'knowledge' } })),
    ).toEqual([]);
  });

  it('gives the same id to the same situation within a week, and another the next week', () => {
    const input = { barrierByDepartment: { [SALES]: 'knowledge' as const } };
    const monday = suggest(signals({ ...input, today: '2030-03-11' }))[0]?.id;
    const sunday = suggest(signals({ ...input, today: '2030-03-17' }))[0]?.id;
    const next = suggest(signals({ ...input, today: '2030-03-18' }))[0]?.id;
    expect(monday).toBe(`add-session:${SALES}:${PILOT}:2030-W11`);
    expect(sunday).toBe(monday);
    expect(next).not.toBe(monday);
    expect(parseSuggestionId(monday ?? '')).toEqual({
      kind: 'add-session',
      departmentId: SALES,
      phaseId: PILOT,
    });
    expect(parseSuggestionId('add-session:__proto__:x:2030-W11')).toBeUndefined();
  });

  it('numbers weeks as ISO 8601 does at year ends', () => {
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-03')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });

  it('words every evidence and change in English and French', () => {
    const list = suggest(
      signals({
        barrierByDepartment: { [SALES]: 'knowledge', [FINANCE]: 'reinforcement' },
        behindByPhase: { [PILOT]: { expectedPercent: 70, actualPercent: 40 } },
        openTrainingMaterialProblems: 2,
      }),
    );
    expect(list.map((s) => s.kind).sort()).toEqual([
      'add-session',
      'add-support',
      'add-support',
      'extend-phase',
      'review-material',
    ]);
    const sales = list.find((s) => s.kind === 'add-session');
    expect(message('en', sales?.evidence.key ?? '', sales?.evidence.params)).toBe(
      'Knowledge is the barrier in Sales: people do not yet know how to work the new way.',
    );
    expect(message('fr', sales?.evidence.key ?? '', sales?.evidence.params)).toBe(
      'La connaissance est le point de blocage chez Sales : on ne sait pas encore travailler de la nouvelle façon.',
    );
    const review = list.find((s) => s.kind === 'review-material');
    expect(message('en', review?.evidence.key ?? '', review?.evidence.params)).toBe(
      '2 training-material problems are open.',
    );
    for (const suggestion of list) {
      for (const language of ['en', 'fr']) {
        for (const wording of [suggestion.evidence, suggestion.change]) {
          const text = message(language, wording.key, wording.params);
          expect(text).not.toContain(wording.key);
          expect(text).not.toMatch(/[{}]/u);
        }
      }
    }
  });
});

describe('phaseProgress', () => {
  it('compares the share of the window elapsed with the share of work done', () => {
    const phases = signals().phases;
    const progress = phaseProgress(
      phases,
      [
        { phaseId: PILOT, total: { open: 3, done: 1, overdue: 0 } },
        { phaseId: WIDE, total: { open: 0, done: 0, overdue: 0 } },
      ],
      '2030-03-16',
    );
    // 16 of 31 days elapsed; 1 of 4 done. A phase without work is left out.
    expect(progress).toEqual({
      [PILOT]: { expectedPercent: (16 / 31) * 100, actualPercent: 25 },
    });
    expect(
      phaseProgress(
        phases,
        [{ phaseId: PILOT, total: { open: 1, done: 0, overdue: 0 } }],
        '2030-02-01',
      )[PILOT]?.expectedPercent,
    ).toBe(0);
  });
});

describe('planAfterAccept', () => {
  const plan: Plan = {
    phases: [
      { id: PILOT, name: 'Pilot', start: '2030-03-01', end: '2030-03-31', tasks: [] },
      { id: WIDE, name: 'Everyone', start: '2030-04-10', end: '2030-05-31', tasks: [] },
    ],
    sessions: [aSession({ id: 's-1', phaseId: PILOT, date: '2030-03-05', departmentIds: [SALES] })],
    targets: {},
  };
  const context = {
    itemId: '00000000-0000-5000-8000-00000000beef',
    ownerAccountId: 'coordinator-1',
    title: 'Training for Sales',
    place: 'To be decided',
    today: '2030-03-10',
  };

  it('adds a training session for the department, a week ahead, that the plan rules accept', () => {
    const outcome = planAfterAccept(
      plan,
      { kind: 'add-session', departmentId: SALES, phaseId: PILOT },
      context,
    );
    if (outcome.kind !== 'changed') throw new Error(outcome.kind);
    const added = outcome.plan.sessions.find((s) => s.id === context.itemId);
    expect(added).toMatchObject({
      kind: 'training',
      title: 'Training for Sales',
      date: '2030-03-17',
      departmentIds: [SALES],
      allDepartments: false,
      ownerAccountId: 'coordinator-1',
    });
    expect(checkPlan(outcome.plan, new Set([SALES, FINANCE]))).toEqual([]);
    // Accepting again finds the session there: nothing is added twice.
    expect(
      planAfterAccept(
        outcome.plan,
        { kind: 'add-session', departmentId: SALES, phaseId: PILOT },
        context,
      ),
    ).toEqual({ kind: 'unchanged' });
  });

  it('adds support hours for every department of a phase behind plan', () => {
    const outcome = planAfterAccept(
      plan,
      { kind: 'add-support', departmentId: '', phaseId: PILOT },
      context,
    );
    if (outcome.kind !== 'changed') throw new Error(outcome.kind);
    expect(outcome.plan.sessions.at(-1)).toMatchObject({
      kind: 'office-hours',
      departmentIds: [],
      allDepartments: true,
    });
  });

  it('adds a task to the phase for meeting the head, once', () => {
    const outcome = planAfterAccept(
      plan,
      { kind: 'meet-head', departmentId: FINANCE, phaseId: PILOT },
      { ...context, title: 'Meet the head of Finance' },
    );
    if (outcome.kind !== 'changed') throw new Error(outcome.kind);
    expect(outcome.plan.phases[0]?.tasks).toEqual([
      { id: context.itemId, title: 'Meet the head of Finance' },
    ]);
    expect(
      planAfterAccept(
        outcome.plan,
        { kind: 'meet-head', departmentId: FINANCE, phaseId: PILOT },
        context,
      ).kind,
    ).toBe('unchanged');
  });

  it('extends a phase by a week, short of the next phase', () => {
    const outcome = planAfterAccept(
      plan,
      { kind: 'extend-phase', departmentId: '', phaseId: PILOT },
      context,
    );
    if (outcome.kind !== 'changed') throw new Error(outcome.kind);
    expect(outcome.plan.phases.map((p) => [p.start, p.end])).toEqual([
      ['2030-03-01', '2030-04-07'],
      ['2030-04-10', '2030-05-31'],
    ]);
    expect(checkPlan(outcome.plan, new Set([SALES]))).toEqual([]);
  });

  it('refuses a phase that is gone or over', () => {
    expect(
      planAfterAccept(plan, { kind: 'add-session', departmentId: SALES, phaseId: FINANCE }, context)
        .kind,
    ).toBe('impossible');
    expect(
      planAfterAccept(
        plan,
        { kind: 'review-material', departmentId: '', phaseId: PILOT },
        { ...context, today: '2030-04-01' },
      ).kind,
    ).toBe('impossible');
  });
});
