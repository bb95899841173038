/**
 * Readiness and the anonymity rules of pulses: ADKAR means, Prosci's barrier point and the
 * score; groups shown from 5 answers, in steps of 5; complementary suppression; answer buckets
 * whose content does not depend on the order answers came in; periods and states of pulses.
 */
import {
  ADKAR_ELEMENTS,
  addAnswer,
  barrierOf,
  departmentGroup,
  departmentReadiness,
  emptyTallies,
  meansOf,
  roleGroup,
  scoreOf,
  shownGroups,
  trendOf,
  type AdkarScores,
  type GroupKey,
  type GroupTally,
  type PulseRole,
} from '../../src/domain/readiness';
import {
  emptyBucket,
  periodIssues,
  pulseState,
  withAnswer,
  type AnswerBucket,
} from '../../src/domain/pulses';

const SALES = 'sales';
const FINANCE = 'finance';
const SUPPORT = 'support';

function scores(a: number, d: number, k: number, ab: number, r: number): AdkarScores {
  return { awareness: a, desire: d, knowledge: k, ability: ab, reinforcement: r };
}

function answerAll(
  departmentIds: string[],
  answers: { departmentId: string; role?: PulseRole; scores: AdkarScores }[],
): GroupTally[] {
  return answers.reduce(
    (tallies, answer) => addAnswer(tallies, { role: 'employee', ...answer }),
    emptyTallies(departmentIds),
  );
}

function times(n: number, departmentId: string, s: AdkarScores, role: PulseRole = 'employee') {
  return Array.from({ length: n }, () => ({ departmentId, role, scores: s }));
}

describe('readiness of a group', () => {
  it('takes the mean per element, the first element at 3 or below as the barrier, and the mean of means as the score', () => {
    const tallies = answerAll(
      [SALES],
      [...times(3, SALES, scores(5, 4, 2, 3, 4)), ...times(2, SALES, scores(4, 4, 3, 4, 5))],
    );
    const [sales] = departmentReadiness(tallies, [SALES]);
    expect(sales).toEqual({
      departmentId: SALES,
      shown: true,
      answers: 5,
      means: { awareness: 4.6, desire: 4, knowledge: 2.4, ability: 3.4, reinforcement: 4.4 },
      barrier: 'knowledge',
      score: 3.76,
    });
  });

  it('names the first barrier in ADKAR order, and none when every element is above 3', () => {
    expect(barrierOf(scores(4, 3, 2, 1, 5))).toBe('desire');
    expect(barrierOf(scores(3.01, 4, 4, 4, 4))).toBeNull();
    expect(barrierOf(scores(5, 5, 5, 5, 3))).toBe('reinforcement');
    expect(scoreOf(scores(1, 2, 3, 4, 5))).toBe(3);
    expect(meansOf({ answers: 0, sums: scores(0, 0, 0, 0, 0) })).toBeNull();
  });

  it('says how a score moved between pulses', () => {
    expect(trendOf(null, 3)).toBeNull();
    expect(trendOf(3, null)).toBeNull();
    expect(trendOf(3, 3.05)).toBe('flat');
    expect(trendOf(3, 3.4)).toBe('up');
    expect(trendOf(3.4, 2.9)).toBe('down');
  });
});

describe('what shows', () => {
  it('hides a department below 5 answers, and shows it from the fifth', () => {
    const four = answerAll([SALES], times(4, SALES, scores(4, 4, 4, 4, 4)));
    expect(departmentReadiness(four, [SALES])).toEqual([
      { departmentId: SALES, shown: false, answers: null, means: null, barrier: null, score: null },
    ]);
    // Nobody answered in Finance: a zero hides nobody's answer, and is said as such.
    expect(departmentReadiness(four, [SALES, FINANCE])[1]).toEqual({
      departmentId: FINANCE,
      shown: false,
      answers: 0,
      means: null,
      barrier: null,
      score: null,
    });
    const five = addAnswer(four, {
      departmentId: SALES,
      role: 'employee',
      scores: scores(4, 4, 4, 4, 4),
    });
    expect(departmentReadiness(five, [SALES])[0]?.answers).toBe(5);
  });

  it('moves the figures in steps of 5, so one more answer cannot be told by difference', () => {
    const five = answerAll([SALES], times(5, SALES, scores(4, 4, 4, 4, 4)));
    const six = addAnswer(five, {
      departmentId: SALES,
      role: 'employee',
      scores: scores(1, 1, 1, 1, 1),
    });
    // The sixth answer is counted, not shown: the figures are those of the first five.
    expect(departmentReadiness(six, [SALES])).toEqual(departmentReadiness(five, [SALES]));
    const ten = times(4, SALES, scores(1, 1, 1, 1, 1)).reduce(
      (tallies, answer) => addAnswer(tallies, answer),
      six,
    );
    expect(departmentReadiness(ten, [SALES])[0]).toMatchObject({
      answers: 10,
      means: scores(2.5, 2.5, 2.5, 2.5, 2.5),
      barrier: 'awareness',
    });
  });

  it('hides the total (and then a role) rather than let a hidden department be subtracted from it', () => {
    // Sales has 3 answers; Finance and Support 5 each: the total of 13 is published at 10.
    const tallies = answerAll(
      [SALES, FINANCE, SUPPORT],
      [
        ...times(5, FINANCE, scores(4, 4, 4, 4, 4)),
        ...times(5, SUPPORT, scores(3, 3, 3, 3, 3)),
        ...times(3, SALES, scores(1, 1, 1, 1, 1)),
      ],
    );
    const shown = shownGroups(tallies);
    expect(shown.get(departmentGroup(SALES))).toBeNull();
    expect(shown.get(departmentGroup(FINANCE))?.answers).toBe(5);
    expect(shown.get(departmentGroup(SUPPORT))?.answers).toBe(5);
    // total = Finance + Support + Sales: with the total shown, Sales would be one subtraction away.
    expect(shown.get('total')).toBeNull();
    // total = employees + managers: with the total hidden, the employees' figure would give it back.
    expect(shown.get(roleGroup('employee'))).toBeNull();
  });

  it('keeps a total over two hidden departments: neither can be worked out alone', () => {
    const tallies = answerAll(
      [SALES, FINANCE],
      [...times(3, SALES, scores(2, 2, 2, 2, 2)), ...times(2, FINANCE, scores(5, 5, 5, 5, 5))],
    );
    const shown = shownGroups(tallies);
    expect(shown.get(departmentGroup(SALES))).toBeNull();
    expect(shown.get(departmentGroup(FINANCE))).toBeNull();
    expect(shown.get('total')?.answers).toBe(5);
  });

  it('never leaves a single hidden group in an equation, whatever the answers (random runs)', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const departments = ['a', 'b', 'c', 'd'];
    for (let run = 0; run < 300; run += 1) {
      const count = random(40);
      const roles: PulseRole[] = ['employee', 'employee', 'employee', 'manager'];
      const answers = Array.from({ length: count }, () => ({
        departmentId: departments[random(departments.length)] ?? 'a',
        role: roles[random(roles.length)] ?? 'employee',
        scores: scores(1 + random(5), 1 + random(5), 1 + random(5), 1 + random(5), 1 + random(5)),
      }));
      const tallies = answerAll(departments, answers);
      const shown = shownGroups(tallies);
      const withAnswers = (group: GroupKey) =>
        (tallies.find((t) => t.group === group)?.running.answers ?? 0) > 0;
      const hidden = (group: GroupKey) => withAnswers(group) && shown.get(group) === null;
      for (const members of [
        ['total', ...departments.map(departmentGroup)],
        ['total', roleGroup('employee'), roleGroup('manager')],
      ] as GroupKey[][]) {
        expect(members.filter(hidden).length).not.toBe(1);
      }
      // Whatever shows has at least 5 answers.
      for (const tally of shown.values()) {
        if (tally) expect(tally.answers).toBeGreaterThanOrEqual(5);
      }
    }
  });
});

describe('answer buckets', () => {
  type Given = Parameters<typeof withAnswer>[1];
  const answers: Given[] = [
    { role: 'employee' as const, scores: scores(4, 4, 2, 3, 4), comment: 'Need more training' },
    { role: 'manager' as const, scores: scores(5, 5, 5, 5, 5), comment: '' },
    { role: 'employee' as const, scores: scores(1, 2, 3, 4, 5), comment: 'Aucun souci' },
  ];

  const FALLBACK: Given = { role: 'employee', scores: scores(3, 3, 3, 3, 3), comment: '' };

  function fill(order: number[]): AnswerBucket {
    return order.reduce(
      (bucket, index, position) => withAnswer(bucket, answers[index] ?? FALLBACK, position),
      emptyBucket('p', SALES, 0),
    );
  }

  it('holds the same content whatever order the answers came in', () => {
    expect(fill([0, 1, 2])).toEqual(fill([2, 0, 1]));
    expect(fill([1, 2, 0])).toEqual(fill([0, 1, 2]));
    expect(fill([0, 1, 2]).answers.map((a) => a.scores)).toEqual([
      [1, 2, 3, 4, 5],
      [4, 4, 2, 3, 4],
      [5, 5, 5, 5, 5],
    ]);
  });

  it('keeps scores apart from comments, and publishes comments with every fifth answer', () => {
    const three = fill([0, 1, 2]);
    expect(three.answers.every((a) => !('comment' in a))).toBe(true);
    expect(three.comments).toEqual([]);
    expect(three.pending).toEqual(['Aucun souci', 'Need more training']);
    const five = [answers[1], answers[1]].reduce(
      (bucket, answer, i) => withAnswer(bucket, answer ?? FALLBACK, 3 + i),
      three,
    );
    expect(five.comments).toEqual(['Aucun souci', 'Need more training']);
    expect(five.pending).toEqual([]);
  });
});

describe('pulses', () => {
  it('refuses a period that ends before it starts, or runs over 92 days', () => {
    expect(periodIssues({ from: '2026-03-01', to: '2026-03-01' })).toEqual([]);
    expect(periodIssues({ from: '2026-03-02', to: '2026-03-01' })).toEqual([
      { messageKey: 'errors.pulse.periodOrder', path: 'to' },
    ]);
    expect(periodIssues({ from: '2026-01-01', to: '2026-04-02' })).toEqual([]);
    expect(periodIssues({ from: '2026-01-01', to: '2026-04-03' })).toEqual([
      { messageKey: 'errors.pulse.periodTooLong', path: 'to' },
    ]);
  });

  it('takes answers from its first day to its last, unless closed', () => {
    const pulse = { from: '2026-03-02', to: '2026-03-06', closedAt: '' };
    expect(pulseState(pulse, '2026-03-01')).toBe('upcoming');
    expect(pulseState(pulse, '2026-03-02')).toBe('open');
    expect(pulseState(pulse, '2026-03-06')).toBe('open');
    expect(pulseState(pulse, '2026-03-07')).toBe('ended');
    expect(pulseState({ ...pulse, closedAt: '2026-03-03T10:00:00.000Z' }, '2026-03-04')).toBe(
      'ended',
    );
  });

  it('lists the five ADKAR elements in order', () => {
    expect(ADKAR_ELEMENTS).toEqual([
      'awareness',
      'desire',
      'knowledge',
      'ability',
      'reinforcement',
    ]);
  });
});
