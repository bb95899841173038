/**
 * The rollout plan's rules: its bounds, the kinds of session, each field's text rules, a
 * session's time, length, seats, place and audience, and the checks across fields (phases in
 * order, sessions inside their phase and for the rollout's departments, the go-live and the
 * targets' date after the first phase starts). The strategy flow runs them in the browser; the
 * server's schemas (domain/plan.ts) and its handler run the same.
 *
 * Dates are compared only when both are real days: a date that is not one is the date rule's
 * to refuse, and a comparison with it would only add a second, misleading message.
 */
import {
  PLAN_PHASE_NAME_MAX,
  PLAN_PHASE_TASKS_MAX,
  PLAN_PHASES_MAX,
  PLAN_SESSIONS_MAX,
  PLAN_TEXT_MAX,
  ROLLOUT_DEPARTMENTS_MAX,
  SESSION_CAPACITY_MAX,
  SESSION_DURATION_MAX,
  SESSION_DURATION_MIN,
  SESSION_PLACE_MAX,
} from '../limits';
import { isIsoDay } from './dates';
import { rangeIssue, type CountRules, type RangeRules, type RuleIssue } from './issue';
import type { TextRules } from './text';

export const SESSION_KINDS = ['training', 'seminar', 'office-hours', 'communication'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const PLAN_TEXT = {
  phaseName: {
    max: PLAN_PHASE_NAME_MAX,
    required: 'errors.plan.phaseName',
    tooLong: 'errors.plan.phaseNameTooLong',
  },
  taskTitle: {
    max: PLAN_TEXT_MAX,
    required: 'errors.plan.taskTitle',
    tooLong: 'errors.plan.taskTitleTooLong',
  },
  sessionTitle: {
    max: PLAN_TEXT_MAX,
    required: 'errors.plan.sessionTitle',
    tooLong: 'errors.plan.sessionTitleTooLong',
  },
  audience: { max: PLAN_TEXT_MAX, tooLong: 'errors.plan.audienceTooLong' },
  place: {
    max: SESSION_PLACE_MAX,
    required: 'errors.plan.sessionPlace',
    tooLong: 'errors.plan.sessionPlaceTooLong',
  },
} as const satisfies Record<string, TextRules>;

/** A session's length (minutes) and seats: whole numbers within bounds. */
export const SESSION_BOUNDS = {
  durationMinutes: {
    min: SESSION_DURATION_MIN,
    max: SESSION_DURATION_MAX,
    whole: true,
    messageKey: 'errors.plan.sessionDuration',
  },
  capacity: {
    min: 1,
    max: SESSION_CAPACITY_MAX,
    whole: true,
    messageKey: 'errors.plan.sessionCapacity',
  },
} as const satisfies Record<string, RangeRules>;
export type SessionNumber = keyof typeof SESSION_BOUNDS;

export function sessionNumberIssue(field: SessionNumber, value: number): RuleIssue | undefined {
  return rangeIssue(value, SESSION_BOUNDS[field]);
}

export const START_TIME_MESSAGE = 'errors.plan.sessionTime';

/** A start time as stored: 24-hour 'HH:MM' (what a time input gives), local to the session. */
export function isStartTime(value: string): boolean {
  return /^(?:[01]\d|2[0-3]):[0-5]\d$/u.test(value);
}

export function startTimeIssue(value: string): RuleIssue | undefined {
  return isStartTime(value) ? undefined : { messageKey: START_TIME_MESSAGE };
}

/**
 * Whether a place is a meeting link: an http(s) address, which pages and issues show as a link.
 * Anything else is the name of a place and shows as text.
 */
export function isMeetingLink(place: string): boolean {
  return /^https?:\/\//iu.test(place) && linkParses(place);
}

function linkParses(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname !== '' && !/\s/u.test(value);
  } catch {
    return false;
  }
}

/**
 * A place written as an address (`scheme://…`) must be a link people can open: http(s), and one
 * that parses. Anything else is text, and text is never made a link.
 */
export function placeLinkIssue(place: string): RuleIssue | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//iu.test(place)) return undefined;
  return isMeetingLink(place) ? undefined : { messageKey: 'errors.plan.sessionLink' };
}

/** Who a session is for: every department of the rollout, or the ones listed. */
export interface SessionAudience {
  departmentIds: readonly string[];
  allDepartments: boolean;
}

/**
 * An audience names departments, or says "all" (then lists none: the rollout's departments,
 * including those added later, are read when needed). Issues are on `departmentIds`.
 */
export function audienceIssue(audience: SessionAudience): RuleIssue | undefined {
  const { departmentIds, allDepartments } = audience;
  if (allDepartments) {
    return departmentIds.length > 0
      ? { messageKey: 'errors.plan.audienceAllAndSome', path: 'departmentIds' }
      : undefined;
  }
  if (departmentIds.length === 0)
    return { messageKey: 'errors.plan.audienceRequired', path: 'departmentIds' };
  if (departmentIds.length > ROLLOUT_DEPARTMENTS_MAX)
    return { messageKey: 'errors.plan.audienceTooMany', path: 'departmentIds' };
  return new Set(departmentIds).size === departmentIds.length
    ? undefined
    : { messageKey: 'errors.plan.audienceDuplicate', path: 'departmentIds' };
}

/** The departments a session is for, among the rollout's (all of them for "all departments"). */
export function audienceOf(
  audience: SessionAudience,
  rolloutDepartmentIds: readonly string[],
): string[] {
  if (audience.allDepartments) return [...rolloutDepartmentIds];
  const wanted = new Set(audience.departmentIds);
  return rolloutDepartmentIds.filter((id) => wanted.has(id));
}

/** The success targets that are numbers, with their bounds. */
export const TARGET_BOUNDS = {
  /** Share of employees using the new system or policy, in percent. */
  adoptionPercent: { min: 0, max: 100, messageKey: 'errors.plan.adoption' },
  /** Average ADKAR readiness. */
  readinessScore: { min: 1, max: 5, messageKey: 'errors.plan.readiness' },
} as const satisfies Record<string, RangeRules>;
export type NumberTarget = keyof typeof TARGET_BOUNDS;

export function targetIssue(target: NumberTarget, value: number): RuleIssue | undefined {
  return rangeIssue(value, TARGET_BOUNDS[target]);
}

/** How many phases, tasks per phase and sessions a plan holds. */
export const PLAN_COUNTS = {
  phases: {
    max: PLAN_PHASES_MAX,
    required: 'errors.plan.phasesRequired',
    tooMany: 'errors.plan.tooManyPhases',
  },
  tasks: { max: PLAN_PHASE_TASKS_MAX, tooMany: 'errors.plan.tooManyTasks' },
  sessions: { max: PLAN_SESSIONS_MAX, tooMany: 'errors.plan.tooManySessions' },
} as const satisfies Record<string, CountRules>;

/**
 * How many phases a plan holds. A strategy (a rollout written in a Confluence space) plans at
 * least one phase. A rollout set up on a Jira issue starts with none and may keep none: its
 * plan is the go-live and the departments, and phases are what it may add when someone edits
 * it (decision 0048).
 */
export function phaseCountRules(strategy: boolean): CountRules {
  if (strategy) return PLAN_COUNTS.phases;
  const { max, tooMany } = PLAN_COUNTS.phases;
  return { max, tooMany };
}

/** Whether a rollout is a strategy (has a space), which the phase count rule depends on. */
export function isStrategy(rollout: { spaceId: string }): boolean {
  return rollout.spaceId !== '';
}

/** A phase ends on or after its start (the issue is on its end). */
export function phaseDatesIssue(phase: { start: string; end: string }): RuleIssue | undefined {
  return isIsoDay(phase.start) && isIsoDay(phase.end) && phase.start > phase.end
    ? { messageKey: 'errors.plan.phaseDates', path: 'end' }
    : undefined;
}

/** What the checks across fields read of a plan. */
export interface PlanOutline {
  phases: readonly { id: string; start: string; end: string }[];
  sessions: readonly ({ id: string; phaseId: string; date: string } & SessionAudience)[];
}

export interface PlanIssue {
  /** The plan's field path: `phases.1.start`, `sessions.0.date`. */
  path: string;
  messageKey: string;
}

/**
 * Cross-field checks a schema cannot express: phases in date order without overlap, ids unique,
 * each session inside its phase and for departments of the rollout.
 */
export function checkPlan(plan: PlanOutline, departmentIds: ReadonlySet<string>): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const phaseById = new Map(plan.phases.map((phase) => [phase.id, phase]));
  if (phaseById.size !== plan.phases.length)
    issues.push({ path: 'phases', messageKey: 'errors.plan.duplicateId' });
  plan.phases.forEach((phase, index) => {
    const previous = plan.phases[index - 1];
    if (previous && before(phase.start, previous.end)) {
      issues.push({ path: `phases.${String(index)}.start`, messageKey: 'errors.plan.phaseOrder' });
    }
  });
  const sessionIds = new Set<string>();
  plan.sessions.forEach((session, index) => {
    if (sessionIds.has(session.id))
      issues.push({ path: `sessions.${String(index)}.id`, messageKey: 'errors.plan.duplicateId' });
    sessionIds.add(session.id);
    const phase = phaseById.get(session.phaseId);
    if (!phase)
      issues.push({
        path: `sessions.${String(index)}.phaseId`,
        messageKey: 'errors.plan.unknownPhase',
      });
    else if (before(session.date, phase.start) || before(phase.end, session.date)) {
      issues.push({
        path: `sessions.${String(index)}.date`,
        messageKey: 'errors.plan.sessionOutsidePhase',
      });
    }
    if (
      !session.allDepartments &&
      session.departmentIds.some((departmentId) => !departmentIds.has(departmentId))
    ) {
      issues.push({
        path: `sessions.${String(index)}.departmentIds`,
        messageKey: 'errors.rollout.unknownDepartment',
      });
    }
  });
  return issues;
}

/**
 * Schedule checks between the plan and the rollout: the go-live cannot come before the first
 * phase starts, nor the success targets' date before it or before the go-live. Paths are the
 * payload's.
 */
export function checkSchedule(
  plan: { phases: readonly { start: string }[]; targets: { by?: string | undefined } },
  targetDate: string,
): PlanIssue[] {
  const first = plan.phases[0];
  const issues: PlanIssue[] = [];
  if (first && before(targetDate, first.start)) {
    issues.push({ path: 'targetDate', messageKey: 'errors.plan.targetBeforePhases' });
  }
  const by = plan.targets.by;
  if (by !== undefined && first && before(by, first.start)) {
    issues.push({ path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforePhases' });
  } else if (by !== undefined && before(by, targetDate)) {
    issues.push({ path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforeGoLive' });
  }
  return issues;
}

/**
 * The go-live date may not be set in the past (`today` is YYYY-MM-DD, UTC). A rollout whose
 * go-live has passed keeps it through other edits: only a new date is checked (`stored`).
 */
export function goLiveIssue(
  targetDate: string,
  today: string,
  stored?: string,
): RuleIssue | undefined {
  if (targetDate === stored || !before(targetDate, today)) return undefined;
  return { messageKey: 'errors.plan.targetDatePast' };
}

/**
 * A plan is stored inside its rollout, and a stored value holds at most 240 KiB: 500 sessions
 * with the longest titles and audiences would not fit. This bound leaves room for the rest.
 */
export const PLAN_BYTES_MAX = 200_000;

export function checkPlanSize(plan: object): PlanIssue[] {
  const bytes = new TextEncoder().encode(JSON.stringify(plan)).length;
  return bytes > PLAN_BYTES_MAX ? [{ path: 'plan', messageKey: 'errors.plan.tooLarge' }] : [];
}

/** `day` comes strictly before `other`, both real days. */
function before(day: string, other: string): boolean {
  return isIsoDay(day) && isIsoDay(other) && day < other;
}
