/**
 * Readiness from anonymous pulse answers (Prosci's ADKAR: awareness, desire, knowledge, ability,
 * reinforcement, each 1–5): running tallies kept as answers come in, and what of them may be
 * shown without letting anyone work out a person's answer. Pure: no I/O.
 *
 * What is shown, and why (docs/decisions/0021-anonymous-feedback.md):
 * - A group (a department, a role, the whole pulse) shows only from MIN_SHOWN answers.
 * - Its figures move in steps of MIN_SHOWN answers: a group shows its tally as it stood when its
 *   count last reached a multiple of MIN_SHOWN. Live figures would let a reader who saw them
 *   before and after one person answered work out that person's answer by difference.
 * - Suppression is complementary: where the shown groups and a total would give a hidden group by
 *   subtraction, more is hidden (the total or a role first, a department last).
 */

export const ADKAR_ELEMENTS = [
  'awareness',
  'desire',
  'knowledge',
  'ability',
  'reinforcement',
] as const;
export type AdkarElement = (typeof ADKAR_ELEMENTS)[number];

/** Scores per element, each 1–5 in an answer (sums in a tally). */
export type AdkarScores = Record<AdkarElement, number>;

/** Who an answer says its author is: their role is part of the group, never their identity. */
export const PULSE_ROLES = ['employee', 'manager'] as const;
export type PulseRole = (typeof PULSE_ROLES)[number];

/** A group shows from this many answers, and its figures move in steps of this many. */
export const MIN_SHOWN = 5;

/** Prosci's barrier point: the first element scoring this or lower. */
export const BARRIER_AT = 3;

export { SCORE_MAX, SCORE_MIN } from './limits';

export interface DepartmentReadiness {
  departmentId: string;
  shown: boolean;
  /** Null when suppressed; 0 when nobody in the group answered (nothing to hide). */
  answers: number | null;
  means: Record<AdkarElement, number> | null;
  barrier: AdkarElement | null;
  /** The mean of the five means. */
  score: number | null;
}

export interface RolloutReadiness {
  pulses: {
    pulseId: string;
    period: { from: string; to: string };
    byDepartment: DepartmentReadiness[];
  }[];
  checkIns: { departmentId: string; rating: number; at: string }[];
}

/** How many answers a group has, and the sum of their scores per element. */
export interface Tally {
  answers: number;
  sums: AdkarScores;
}

/** A group's key: the whole pulse, one department, or one role. */
export type GroupKey = 'total' | `department:${string}` | `role:${PulseRole}`;

/** A group's running tally, and the tally it shows (as of its last multiple of MIN_SHOWN). */
export interface GroupTally {
  group: GroupKey;
  running: Tally;
  published: Tally | null;
}

export function departmentGroup(departmentId: string): GroupKey {
  return `department:${departmentId}`;
}

export function roleGroup(role: PulseRole): GroupKey {
  return `role:${role}`;
}

export function zeroScores(): AdkarScores {
  return { awareness: 0, desire: 0, knowledge: 0, ability: 0, reinforcement: 0 };
}

function emptyTally(): Tally {
  return { answers: 0, sums: zeroScores() };
}

/** The tallies of a pulse asking `departmentIds`, before any answer. */
export function emptyTallies(departmentIds: readonly string[]): GroupTally[] {
  const groups: GroupKey[] = [
    'total',
    ...PULSE_ROLES.map(roleGroup),
    ...departmentIds.map(departmentGroup),
  ];
  return groups.map((group) => ({ group, running: emptyTally(), published: null }));
}

function plus(tally: Tally, scores: AdkarScores): Tally {
  const sums = zeroScores();
  for (const element of ADKAR_ELEMENTS) sums[element] = tally.sums[element] + scores[element];
  return { answers: tally.answers + 1, sums };
}

/**
 * The tallies with one more answer: its department's, its role's and the whole pulse's. Each of
 * the three publishes its new tally when its count reaches a multiple of MIN_SHOWN.
 */
export function addAnswer(
  tallies: readonly GroupTally[],
  answer: { departmentId: string; role: PulseRole; scores: AdkarScores },
): GroupTally[] {
  const touched = new Set<GroupKey>([
    'total',
    roleGroup(answer.role),
    departmentGroup(answer.departmentId),
  ]);
  const known = new Set(tallies.map((t) => t.group));
  const missing = [...touched].filter((group) => !known.has(group));
  const all = [
    ...tallies,
    ...missing.map((group) => ({ group, running: emptyTally(), published: null })),
  ];
  return all.map((tally) => {
    if (!touched.has(tally.group)) return tally;
    const running = plus(tally.running, answer.scores);
    return {
      group: tally.group,
      running,
      published: running.answers % MIN_SHOWN === 0 ? running : tally.published,
    };
  });
}

/** What a group shows: its published tally, or nothing (hidden). */
export type Shown = ReadonlyMap<GroupKey, Tally | null>;

/**
 * Which groups show, with complementary suppression. The groups form two equations (the whole
 * pulse is the sum of its departments, and the sum of its roles); a group with answers but
 * nothing shown is unknown. An equation with exactly one unknown would give it by subtraction,
 * so a second member is hidden: the margin (the total, or a role) before any department, then
 * the smallest. Repeated until no equation has a single unknown. Groups with no answer at all
 * are known (zero) and never cover another.
 */
export function shownGroups(tallies: readonly GroupTally[]): Shown {
  const byGroup = new Map(tallies.map((t) => [t.group, t]));
  const hidden = new Set<GroupKey>(
    tallies.filter((t) => t.running.answers > 0 && t.published === null).map((t) => t.group),
  );
  const departments = tallies.map((t) => t.group).filter((g) => g.startsWith('department:'));
  const roles = tallies.map((t) => t.group).filter((g) => g.startsWith('role:'));
  const equations: GroupKey[][] = [
    ['total', ...departments],
    ['total', ...roles],
  ];
  const answersOf = (group: GroupKey): number => byGroup.get(group)?.running.answers ?? 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const members of equations) {
      const unknown = members.filter((group) => hidden.has(group));
      if (unknown.length !== 1) continue;
      const cover = members
        .filter((group) => !hidden.has(group) && answersOf(group) > 0)
        .sort((a, b) => {
          const marginA = a.startsWith('department:') ? 1 : 0;
          const marginB = b.startsWith('department:') ? 1 : 0;
          return marginA - marginB || answersOf(a) - answersOf(b) || a.localeCompare(b);
        })[0];
      if (cover === undefined) continue;
      hidden.add(cover);
      changed = true;
    }
  }
  return new Map(
    tallies.map((t) => [t.group, hidden.has(t.group) ? null : (t.published ?? null)] as const),
  );
}

/** Rounded to two decimals, as every mean is shown. */
function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function meansOf(tally: Tally): AdkarScores | null {
  if (tally.answers === 0) return null;
  const means = zeroScores();
  for (const element of ADKAR_ELEMENTS)
    means[element] = round2(tally.sums[element] / tally.answers);
  return means;
}

/** Prosci's barrier point: the first element (in ADKAR order) whose mean is BARRIER_AT or lower. */
export function barrierOf(means: AdkarScores): AdkarElement | null {
  return ADKAR_ELEMENTS.find((element) => means[element] <= BARRIER_AT) ?? null;
}

/** The readiness score: the mean of the five means. */
export function scoreOf(means: AdkarScores): number {
  return round2(ADKAR_ELEMENTS.reduce((sum, element) => sum + means[element], 0) / 5);
}

/** Readiness of a group as shown: null figures when hidden or empty. */
export function readinessOf(tally: Tally | null): Omit<DepartmentReadiness, 'departmentId'> {
  const means = tally ? meansOf(tally) : null;
  if (!tally || !means)
    return { shown: false, answers: null, means: null, barrier: null, score: null };
  return {
    shown: true,
    answers: tally.answers,
    means,
    barrier: barrierOf(means),
    score: scoreOf(means),
  };
}

/**
 * A group's readiness as shown; a group nobody answered in says so (answers 0): a zero tells
 * nothing of anyone's answer, and the suppression already counts it as known.
 */
export function groupReadiness(
  tallies: readonly GroupTally[],
  shown: Shown,
  group: GroupKey,
): Omit<DepartmentReadiness, 'departmentId'> {
  const running = tallies.find((t) => t.group === group)?.running.answers ?? 0;
  if (running === 0) {
    return { shown: false, answers: 0, means: null, barrier: null, score: null };
  }
  return readinessOf(shown.get(group) ?? null);
}

/** Each asked department's readiness in one pulse, as shown. */
export function departmentReadiness(
  tallies: readonly GroupTally[],
  departmentIds: readonly string[],
): DepartmentReadiness[] {
  const shown = shownGroups(tallies);
  return departmentIds.map((departmentId) => ({
    departmentId,
    ...groupReadiness(tallies, shown, departmentGroup(departmentId)),
  }));
}

/** Whether a department's group shows (its comments show only then). */
export function departmentShown(tallies: readonly GroupTally[], departmentId: string): boolean {
  return (shownGroups(tallies).get(departmentGroup(departmentId)) ?? null) !== null;
}

export type Trend = 'up' | 'down' | 'flat';

/** The change of a score from one pulse to the next (flat within a tenth of a point). */
export function trendOf(previous: number | null, current: number | null): Trend | null {
  if (previous === null || current === null) return null;
  const delta = current - previous;
  if (Math.abs(delta) < 0.1) return 'flat';
  return delta > 0 ? 'up' : 'down';
}
