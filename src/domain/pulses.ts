/**
 * Pulses: the coordinator asks some of a rollout's departments, over a period, how ready they
 * are (the five ADKAR questions, anonymously); supervisors and heads check in per department,
 * under their own name. Pure rules and records, no I/O.
 *
 * An answer as stored carries its department, role and scores (and an optional comment), never
 * who gave it or when: see docs/decisions/0021-anonymous-feedback.md.
 */
import { z } from 'zod';
import { activeDelegate, type DelegationRecord } from './delegation';
import type { Department } from './departments';
import { isoDateSchema, type Rollout, type RolloutDepartment } from './rollout';
import { uuidSchema } from './ids';
import { byRule } from './refine';
import type { RuleIssue } from './rules/issue';
import { CHECK_IN_NOTE_MAX, PULSE_COMMENT_MAX, ROLLOUT_DEPARTMENTS_MAX } from './limits';

export { CHECK_IN_NOTE_MAX, PULSE_COMMENT_MAX };
import { textSchema } from './text';
import {
  ADKAR_ELEMENTS,
  MIN_SHOWN,
  PULSE_ROLES,
  SCORE_MAX,
  SCORE_MIN,
  type AdkarScores,
  type GroupTally,
  type PulseRole,
} from './readiness';

/** Pulses one rollout may hold: one a week for a year, read in one storage page. */
export const PULSES_PER_ROLLOUT_MAX = 52;
/** The longest period a pulse may stay open. */
export const PULSE_DAYS_MAX = 92;
/**
 * Answers per stored bucket: with the longest comments (1,000 characters of up to 4 bytes each)
 * a bucket stays under Forge's 240 KiB per value. A multiple of MIN_SHOWN (see AnswerBucket).
 */
export const ANSWERS_PER_BUCKET = 50;

export interface Pulse {
  id: string;
  rolloutId: string;
  /** The period answers are taken in, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** The departments asked (ids of the rollout's departments), in the rollout's order. */
  departmentIds: string[];
  openedBy: string;
  openedAt: string;
  /** When the coordinator closed it before its period ended ('' while it runs its course). */
  closedAt: string;
  /** Running tallies, updated in the transaction of each answer. No time, no author. */
  tallies: GroupTally[];
  version: number;
}

/** One answer's scores as stored, in a bucket shared with the department's other answers. */
export interface StoredAnswer {
  role: PulseRole;
  /** The five scores in ADKAR order. */
  scores: number[];
}

/**
 * A bucket of one department's answers in one pulse, every list sorted by content so that order
 * tells nothing. Comments are kept apart from the scores, and show in steps as the figures do:
 * `pending` holds those given since the department's count last reached a multiple of
 * MIN_SHOWN, and they join `comments` with the answer that reaches the next one (a bucket holds
 * a multiple of MIN_SHOWN answers, so a step never spans two buckets).
 */
export interface AnswerBucket {
  pulseId: string;
  departmentId: string;
  page: number;
  answers: StoredAnswer[];
  comments: string[];
  pending: string[];
  version: number;
}

/** A supervisor's or head's check-in: not anonymous. */
export interface CheckIn {
  id: string;
  rolloutId: string;
  departmentId: string;
  accountId: string;
  rating: number;
  note: string;
  at: string;
}

const scoreSchema = z
  .number({ error: 'errors.pulse.score' })
  .int({ error: 'errors.pulse.score' })
  .min(SCORE_MIN, { error: 'errors.pulse.score' })
  .max(SCORE_MAX, { error: 'errors.pulse.score' });

export const adkarScoresSchema = z
  .object({
    awareness: scoreSchema,
    desire: scoreSchema,
    knowledge: scoreSchema,
    ability: scoreSchema,
    reinforcement: scoreSchema,
  })
  .strict();

export const pulseCommentSchema = z
  .string({ error: 'errors.field.invalid' })
  .default('')
  .pipe(
    textSchema({ max: PULSE_COMMENT_MAX, tooLong: 'errors.pulse.commentTooLong', multiline: true }),
  );

export const checkInNoteSchema = z
  .string({ error: 'errors.field.invalid' })
  .default('')
  .pipe(
    textSchema({ max: CHECK_IN_NOTE_MAX, tooLong: 'errors.pulse.noteTooLong', multiline: true }),
  );

export const pulseRoleSchema = z.enum(PULSE_ROLES, { error: 'errors.pulse.role' });

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A pulse's period: from ≤ to, at most PULSE_DAYS_MAX days. */
export function periodIssues(period: { from: string; to: string }): RuleIssue[] {
  if (period.to < period.from) return [{ messageKey: 'errors.pulse.periodOrder', path: 'to' }];
  if (daysBetween(period.from, period.to) + 1 > PULSE_DAYS_MAX) {
    return [{ messageKey: 'errors.pulse.periodTooLong', path: 'to' }];
  }
  return [];
}

export const pulseInputSchema = z
  .object({
    /** The pulse's id, chosen by the client: a repeated open finds it made. */
    requestId: uuidSchema,
    from: isoDateSchema,
    to: isoDateSchema,
    departmentIds: z
      .array(uuidSchema)
      .min(1, { error: 'errors.pulse.departmentsRequired' })
      .max(ROLLOUT_DEPARTMENTS_MAX, { error: 'errors.pulse.departmentsRequired' }),
  })
  .strict()
  .superRefine(byRule(periodIssues));

/** Scores as an answer stores them: the five numbers in ADKAR order. */
export function scoreList(scores: AdkarScores): number[] {
  return ADKAR_ELEMENTS.map((element) => scores[element]);
}

/** Where an answer sits in its bucket: by content, never by arrival. */
function answerOrder(a: StoredAnswer, b: StoredAnswer): number {
  if (a.role !== b.role) return a.role < b.role ? -1 : 1;
  for (let i = 0; i < ADKAR_ELEMENTS.length; i += 1) {
    const diff = (a.scores[i] ?? 0) - (b.scores[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function sortedText(list: readonly string[]): string[] {
  return [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The bucket with one more answer, every list in content order. `answersBefore` is how many
 * answers the department had before this one: its comments publish when this answer makes the
 * count a multiple of MIN_SHOWN.
 */
export function withAnswer(
  bucket: AnswerBucket,
  answer: { role: PulseRole; scores: AdkarScores; comment: string },
  answersBefore: number,
): AnswerBucket {
  const pending = answer.comment === '' ? bucket.pending : [...bucket.pending, answer.comment];
  const publishes = (answersBefore + 1) % MIN_SHOWN === 0;
  return {
    ...bucket,
    answers: [...bucket.answers, { role: answer.role, scores: scoreList(answer.scores) }].sort(
      answerOrder,
    ),
    comments: publishes ? sortedText([...bucket.comments, ...pending]) : bucket.comments,
    pending: publishes ? [] : sortedText(pending),
    version: bucket.version + 1,
  };
}

export function emptyBucket(pulseId: string, departmentId: string, page: number): AnswerBucket {
  return { pulseId, departmentId, page, answers: [], comments: [], pending: [], version: 1 };
}

export type PulseState = 'upcoming' | 'open' | 'ended';

/** Whether a pulse takes answers on `day`. */
export function pulseState(
  pulse: Pick<Pulse, 'from' | 'to' | 'closedAt'>,
  day: string,
): PulseState {
  if (pulse.closedAt !== '' || day > pulse.to) return 'ended';
  return day < pulse.from ? 'upcoming' : 'open';
}

interface Viewer {
  accountId: string;
  isJiraAdmin: boolean;
}

/** Who opens and closes pulses: the rollout's coordinator and Jira admins. */
export function canManagePulses(rollout: Pick<Rollout, 'createdBy'>, viewer: Viewer): boolean {
  return viewer.isJiraAdmin || rollout.createdBy === viewer.accountId;
}

/** The departments `viewer` heads in this rollout. */
export function headedDepartments(
  rollout: Pick<Rollout, 'departments'>,
  accountId: string,
): string[] {
  return rollout.departments
    .filter((department) => department.headAccountId === accountId)
    .map((department) => department.departmentId);
}

/**
 * Who may give a department's check-in: someone who sees its work up close and answers for it by
 * name. Its head on this rollout; whoever stands in for that head today (a planned delegation,
 * else the directory's default delegate while the directory names the same head); and the
 * supervisors the directory names for the department. Nobody else, not even the coordinator: a
 * check-in is a first-hand account, not a summary.
 */
export function mayCheckIn(
  accountId: string,
  department: Pick<RolloutDepartment, 'departmentId' | 'headAccountId'>,
  directory:
    Pick<Department, 'headAccountId' | 'delegateAccountId' | 'supervisorAccountIds'> | undefined,
  delegations: DelegationRecord | undefined,
  now: Date,
): boolean {
  if (accountId === '') return false;
  if (department.headAccountId === accountId) return true;
  if ((directory?.supervisorAccountIds ?? []).includes(accountId)) return true;
  const defaultDelegate =
    directory?.headAccountId === department.headAccountId ? directory.delegateAccountId : '';
  return activeDelegate(delegations, defaultDelegate, now).accountId === accountId;
}

/**
 * Where an answer may count, for a person in `userGroupIds`: the asked departments whose linked
 * Jira group holds them (`group`); when none does, the asked departments that have no group, for
 * the person to pick their own (`pick`). Empty when every asked department has a group and none
 * holds them: they are not among the people asked. `groupOf` gives a department's group id ('' or
 * absent when none is linked).
 */
export function answerDepartments(
  askedIds: readonly string[],
  groupOf: ReadonlyMap<string, string>,
  userGroupIds: ReadonlySet<string>,
): { source: 'group' | 'pick'; departmentIds: string[] } {
  const linked = (id: string): string => groupOf.get(id) ?? '';
  const members = askedIds.filter((id) => linked(id) !== '' && userGroupIds.has(linked(id)));
  if (members.length > 0) return { source: 'group', departmentIds: members };
  return { source: 'pick', departmentIds: askedIds.filter((id) => linked(id) === '') };
}

/** Aggregates (never single answers) show to the coordinator, the heads and Jira admins. */
export function canSeeAggregates(
  rollout: Pick<Rollout, 'createdBy' | 'departments'>,
  viewer: Viewer,
): boolean {
  return (
    canManagePulses(rollout, viewer) || headedDepartments(rollout, viewer.accountId).length > 0
  );
}

/**
 * Whose comments `viewer` reads, inside shown groups only: the coordinator and Jira admins every
 * department's, a head their own departments'.
 */
export function commentDepartments(
  rollout: Pick<Rollout, 'createdBy' | 'departments'>,
  viewer: Viewer,
): Set<string> {
  if (canManagePulses(rollout, viewer)) {
    return new Set(rollout.departments.map((department) => department.departmentId));
  }
  return new Set(headedDepartments(rollout, viewer.accountId));
}

/** The bucket a department's next answer goes to, given how many it already has. */
export function bucketFor(answersSoFar: number): number {
  return Math.floor(answersSoFar / ANSWERS_PER_BUCKET);
}

/** A pulse's key for one department's bucket. */
export function bucketKey(pulseId: string, departmentId: string, page: number): string {
  return `${pulseId}:${departmentId}:${String(page)}`;
}
