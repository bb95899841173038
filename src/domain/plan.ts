/**
 * The rollout plan a strategy describes: phases with dates, training and support sessions,
 * success targets. Pure: the plan's schemas (over the rules of rules/plan.ts, which the browser
 * runs too), the Jira work the plan turns into, and what changed between two versions of a plan
 * (for re-confirmation by the heads concerned).
 */
import { z } from 'zod';
import {
  isoDateSchema,
  type Phase,
  type Rollout,
  type RolloutDepartment,
  type StrategySession,
  type Targets,
} from './rollout';
import { accountIdSchema, uuidSchema } from './ids';
import { byRule, countedArray } from './refine';
import type { CountRules } from './rules/issue';
import {
  PLAN_TEXT,
  SESSION_BOUNDS,
  SESSION_KINDS,
  START_TIME_MESSAGE,
  TARGET_BOUNDS,
  PLAN_COUNTS,
  audienceIssue,
  isStartTime,
  phaseCountRules,
  phaseDatesIssue,
  placeLinkIssue,
  sessionNumberIssue,
  targetIssue,
  type NumberTarget,
  type SessionKind,
  type SessionNumber,
} from './rules/plan';
import { textSchema } from './text';
import { ROLLOUT_DEPARTMENTS_MAX } from './limits';

export {
  checkPlan,
  checkPlanSize,
  checkSchedule,
  goLiveIssue,
  PLAN_BYTES_MAX,
  SESSION_KINDS,
  audienceOf,
  isMeetingLink,
  type PlanIssue,
  type SessionKind,
} from './rules/plan';

export interface PlanPhase extends Phase {
  /** Work that is not a session (e.g. "Migrate customer data"): one Jira issue each. */
  tasks: { id: string; title: string }[];
}

/** One training, seminar, office-hours or communication session of the plan. */
export type Session = StrategySession;

export interface Plan {
  phases: PlanPhase[];
  sessions: Session[];
  targets: Targets;
}

/** One Jira issue the plan calls for, with the property that ties it to the rollout. */
export interface PlanItem {
  /** Stable across pushes: `phase:<phaseId>:task:<taskId>` or `session:<sessionId>`. */
  planItemId: string;
  summary: string;
  phaseId: string;
  /** The one department it is for; '' for a task, or a session for several or all. */
  departmentId: string;
  /** The departments a session is for, `['all']` for all of them; [] for a task. */
  departmentIds: string[];
  kind: SessionKind | 'task';
  dueDate: string;
  /** Jira labels that find it: the rollout's (when the anchor is known) and its phase's. */
  labels: string[];
  /** Who the issue is assigned to: a session's owner; '' for a task. */
  assigneeAccountId: string;
}

/** Jira keeps labels to this many characters; ours stay far below. */
const LABEL_PART_MAX = 40;

/**
 * Text as a label part: lower case, accents dropped, anything but letters and digits turned into
 * single hyphens ("Préparation des équipes" → "preparation-des-equipes"). Jira labels may not
 * hold spaces.
 */
export function labelPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, LABEL_PART_MAX)
    .replace(/-+$/u, '');
}

/**
 * The label every work issue of a rollout carries: from its anchor issue's key (`ROLL-2` →
 * `rollout-roll-2`), which is unique on the site and does not change when the rollout is renamed.
 */
export function rolloutLabel(anchorIssueKey: string): string {
  return anchorIssueKey === '' ? '' : `rollout-${labelPart(anchorIssueKey)}`;
}

/** The label of a phase's work: its name (`phase-pilot`), or its position when the name has no letters. */
export function phaseLabel(phase: Pick<Phase, 'name'>, index: number): string {
  const part = labelPart(phase.name);
  return `phase-${part === '' ? String(index + 1) : part}`;
}

/** What a work issue's `departmentIds` holds for a session for every department. */
export const ALL_DEPARTMENTS = 'all';

export const planPhaseSchema = z
  .object({
    id: uuidSchema,
    name: textSchema(PLAN_TEXT.phaseName),
    start: isoDateSchema,
    end: isoDateSchema,
    tasks: countedArray(
      z.object({ id: uuidSchema, title: textSchema(PLAN_TEXT.taskTitle) }).strict(),
      PLAN_COUNTS.tasks,
    ).default([]),
  })
  .strict()
  .superRefine(byRule(phaseDatesIssue));

const sessionNumberSchema = (field: SessionNumber) =>
  z
    .number({ error: SESSION_BOUNDS[field].messageKey })
    .superRefine(byRule((value: number) => sessionNumberIssue(field, value)));

export const sessionSchema = z
  .object({
    id: uuidSchema,
    kind: z.enum(SESSION_KINDS, { error: 'errors.plan.sessionKind' }),
    title: textSchema(PLAN_TEXT.sessionTitle),
    phaseId: uuidSchema,
    ownerAccountId: z
      .string({ error: 'errors.plan.sessionOwner' })
      .trim()
      .min(1, { error: 'errors.plan.sessionOwner' })
      .pipe(accountIdSchema),
    date: isoDateSchema,
    startTime: z
      .string({ error: START_TIME_MESSAGE })
      .refine(isStartTime, { error: START_TIME_MESSAGE }),
    durationMinutes: sessionNumberSchema('durationMinutes'),
    place: textSchema(PLAN_TEXT.place).superRefine(byRule(placeLinkIssue)),
    capacity: sessionNumberSchema('capacity'),
    // Bounded before its items are read: a list longer than a rollout's departments is refused.
    departmentIds: z
      .array(uuidSchema, { error: 'errors.plan.audienceRequired' })
      .max(ROLLOUT_DEPARTMENTS_MAX, { error: 'errors.plan.audienceTooMany' }),
    allDepartments: z.boolean({ error: 'errors.plan.audienceRequired' }),
    audience: textSchema(PLAN_TEXT.audience).default(''),
  })
  .strict()
  .superRefine(byRule(audienceIssue));

const targetSchema = (target: NumberTarget) =>
  z
    .number({ error: TARGET_BOUNDS[target].messageKey })
    .superRefine(byRule((value: number) => targetIssue(target, value)))
    .optional();

export const targetsSchema = z
  .object({
    adoptionPercent: targetSchema('adoptionPercent'),
    readinessScore: targetSchema('readinessScore'),
    by: isoDateSchema.optional(),
  })
  .strict();

const planSchemaWith = (phases: CountRules) =>
  z
    .object({
      phases: countedArray(planPhaseSchema, phases),
      sessions: countedArray(sessionSchema, PLAN_COUNTS.sessions).default([]),
      targets: targetsSchema.default({}),
    })
    .strict();

/** A new strategy's plan: at least one phase. */
export const planSchema = planSchemaWith(phaseCountRules(true));

/**
 * An edited plan, whose rollout may be one set up on a Jira issue (no phase needed): the edit
 * checks the count against its rollout (`phaseCountRules`).
 */
export const planEditSchema = planSchemaWith(phaseCountRules(false));

export type PlanInput = z.output<typeof planSchema>;

/** Targets as stored: only the ones set. */
export function targetsOf(input: PlanInput['targets']): Targets {
  return {
    ...(input.adoptionPercent === undefined ? {} : { adoptionPercent: input.adoptionPercent }),
    ...(input.readinessScore === undefined ? {} : { readinessScore: input.readinessScore }),
    ...(input.by === undefined ? {} : { by: input.by }),
  };
}

/** The plan a rollout holds (a rollout set up without a strategy has an empty one). */
export function planOf(rollout: Pick<Rollout, 'phases' | 'targets' | 'sessions'>): Plan {
  return {
    phases: rollout.phases,
    sessions: rollout.sessions,
    targets: rollout.targets,
  };
}

/** The plan item id of a phase's task, as the push stores it on the task's Jira issue. */
export function taskItemId(phaseId: string, taskId: string): string {
  return `phase:${phaseId}:task:${taskId}`;
}

/**
 * The Jira issues a plan calls for, in a stable order; `anchorIssueKey` (when known) gives their
 * rollout label.
 */
export function planItems(plan: Plan, anchorIssueKey = ''): PlanItem[] {
  const items: PlanItem[] = [];
  const rollout = rolloutLabel(anchorIssueKey);
  const phaseLabels = new Map(
    plan.phases.map((phase, index) => [phase.id, phaseLabel(phase, index)]),
  );
  const labelsOf = (phaseId: string): string[] =>
    [rollout, phaseLabels.get(phaseId) ?? ''].filter((label) => label !== '');
  for (const phase of plan.phases) {
    for (const task of phase.tasks) {
      items.push({
        planItemId: taskItemId(phase.id, task.id),
        summary: `${phase.name}: ${task.title}`,
        phaseId: phase.id,
        departmentId: '',
        departmentIds: [],
        kind: 'task',
        dueDate: phase.end,
        labels: labelsOf(phase.id),
        assigneeAccountId: '',
      });
    }
  }
  for (const session of plan.sessions) {
    items.push({
      planItemId: `session:${session.id}`,
      summary: session.title,
      phaseId: session.phaseId,
      departmentId: onlyDepartment(session),
      departmentIds: session.allDepartments ? [ALL_DEPARTMENTS] : [...session.departmentIds],
      kind: session.kind,
      dueDate: session.date,
      labels: labelsOf(session.phaseId),
      assigneeAccountId: session.ownerAccountId,
    });
  }
  return items;
}

/** The one department a session is for; '' when it is for several or all. */
function onlyDepartment(session: Session): string {
  const [first, ...others] = session.departmentIds;
  return !session.allDepartments && first !== undefined && others.length === 0 ? first : '';
}

/**
 * Which departments a plan change concerns: those of the sessions that changed (every one for a
 * session for all departments), or all when phases or targets did.
 */
export function departmentsAffected(
  before: Plan,
  after: Plan,
  allDepartments: readonly string[],
): string[] {
  const diff = planDiff(before, after, allDepartments);
  if (diff.all.length > 0) return [...allDepartments];
  return allDepartments.filter((id) => (diff.byDepartment.get(id) ?? []).length > 0);
}

/** Which target a `targets` change is about. */
export type TargetField = 'adoptionPercent' | 'readinessScore' | 'by';

/**
 * One change of an approved plan, as the heads concerned are shown it. Names and dates are
 * captured when the change is made, so the description stays true if the plan changes again.
 */
export type PlanChange =
  | { kind: 'objective' }
  | { kind: 'target-date'; from: string; to: string }
  | { kind: 'department-added' }
  | { kind: 'approver-changed' }
  | { kind: 'stage-changed'; from: number; to: number }
  | { kind: 'phase-added'; phase: string; start: string; end: string }
  | { kind: 'phase-removed'; phase: string }
  | { kind: 'phase-renamed'; from: string; to: string }
  | {
      kind: 'phase-dates';
      phase: string;
      from: { start: string; end: string };
      to: { start: string; end: string };
    }
  | { kind: 'phase-tasks'; phase: string }
  | { kind: 'targets'; field: TargetField; from: string; to: string }
  | { kind: 'session-added'; title: string; date: string }
  | { kind: 'session-removed'; title: string; date: string }
  | { kind: 'session-changed'; title: string; from: string; to: string };

/** What a plan change means for the departments: changes for all, and changes for some. */
export interface PlanDiff {
  /** Changes every department re-confirms (phases, targets, objective, go-live). */
  all: PlanChange[];
  /** Changes that concern one department only (its sessions, its head, its stage). */
  byDepartment: Map<string, PlanChange[]>;
}

const TARGET_FIELDS: readonly TargetField[] = ['adoptionPercent', 'readinessScore', 'by'];

function addTo(map: Map<string, PlanChange[]>, departmentId: string, change: PlanChange): void {
  map.set(departmentId, [...(map.get(departmentId) ?? []), change]);
}

/** The departments a session concerns: its audience, or every one of `departmentIds`. */
function concerned(session: Session | undefined, departmentIds: readonly string[]): Set<string> {
  if (!session) return new Set();
  return new Set(session.allDepartments ? departmentIds : session.departmentIds);
}

/** The same session apart from its audience. */
function sameButAudience(a: Session, b: Session): boolean {
  const rest = (session: Session): Session => ({
    ...session,
    departmentIds: [],
    allDepartments: false,
  });
  return JSON.stringify(rest(a)) === JSON.stringify(rest(b));
}

/**
 * The changes between two plans: phases and targets concern all departments; a session concerns
 * the departments of its audience, all of `departmentIds` (the rollout's departments) when it is
 * for every department. A department that joins or leaves a session's audience sees it added or
 * cancelled; one that stays in it sees it changed only when more than the audience did.
 */
export function planDiff(before: Plan, after: Plan, departmentIds: readonly string[]): PlanDiff {
  const all: PlanChange[] = [];
  const byDepartment = new Map<string, PlanChange[]>();
  const beforePhases = new Map(before.phases.map((phase) => [phase.id, phase]));
  const afterIds = new Set(after.phases.map((phase) => phase.id));
  for (const phase of after.phases) {
    const old = beforePhases.get(phase.id);
    if (!old) {
      all.push({ kind: 'phase-added', phase: phase.name, start: phase.start, end: phase.end });
      continue;
    }
    if (old.name !== phase.name)
      all.push({ kind: 'phase-renamed', from: old.name, to: phase.name });
    if (old.start !== phase.start || old.end !== phase.end) {
      all.push({
        kind: 'phase-dates',
        phase: phase.name,
        from: { start: old.start, end: old.end },
        to: { start: phase.start, end: phase.end },
      });
    }
    if (JSON.stringify(old.tasks) !== JSON.stringify(phase.tasks)) {
      all.push({ kind: 'phase-tasks', phase: phase.name });
    }
  }
  for (const phase of before.phases) {
    if (!afterIds.has(phase.id)) all.push({ kind: 'phase-removed', phase: phase.name });
  }
  for (const field of TARGET_FIELDS) {
    const from = before.targets[field];
    const to = after.targets[field];
    if (from !== to) {
      all.push({
        kind: 'targets',
        field,
        from: from === undefined ? '' : String(from),
        to: to === undefined ? '' : String(to),
      });
    }
  }
  const beforeSessions = new Map(before.sessions.map((session) => [session.id, session]));
  const afterSessions = new Set(after.sessions.map((session) => session.id));
  const gone = before.sessions.filter((session) => !afterSessions.has(session.id));
  for (const session of [...after.sessions, ...gone]) {
    const old = beforeSessions.get(session.id);
    const now = afterSessions.has(session.id) ? session : undefined;
    if (old && now && JSON.stringify(old) === JSON.stringify(now)) continue;
    const was = concerned(old, departmentIds);
    const is = concerned(now, departmentIds);
    // For a department in both audiences the session changed only if more than who else attends.
    const changed = old !== undefined && now !== undefined && !sameButAudience(old, now);
    for (const departmentId of is) {
      if (!was.has(departmentId) || !old || !now) {
        addTo(byDepartment, departmentId, {
          kind: 'session-added',
          title: session.title,
          date: session.date,
        });
      } else if (changed) {
        addTo(byDepartment, departmentId, {
          kind: 'session-changed',
          title: now.title,
          from: old.date,
          to: now.date,
        });
      }
    }
    for (const departmentId of was) {
      if (!is.has(departmentId) && old) {
        addTo(byDepartment, departmentId, {
          kind: 'session-removed',
          title: old.title,
          date: old.date,
        });
      }
    }
  }
  return { all, byDepartment };
}

/** A rollout's plan as the re-confirmation rule compares it: the rollout's fields and its plan. */
export interface RolloutPlan extends Plan {
  objective: string;
  targetDate: string;
  departments: readonly Pick<RolloutDepartment, 'departmentId' | 'headAccountId' | 'stage'>[];
}

/** What a round asks the heads to approve: the plan, and the title it goes by. */
export interface RoundPlan extends RolloutPlan {
  title: string;
}

/**
 * Whether a new round would ask the heads the very question they answered: nothing any
 * department would see as a change, the same title, the same departments.
 */
export function sameQuestion(before: RoundPlan, after: RoundPlan): boolean {
  const ids = (plan: RoundPlan): string =>
    plan.departments
      .map((d) => d.departmentId)
      .sort()
      .join(',');
  return (
    before.title === after.title &&
    ids(before) === ids(after) &&
    rolloutChanges(before, after).size === 0
  );
}

/**
 * The changes each department of `after` must re-confirm: everything that concerns all
 * (objective, go-live, phases, targets) plus what concerns it alone (joining the rollout, a new
 * approver, another stage, its sessions). A title change alone concerns nobody. Departments left
 * out of `after` re-confirm nothing (they are no longer asked).
 */
export function rolloutChanges(before: RolloutPlan, after: RolloutPlan): Map<string, PlanChange[]> {
  const departmentIds = [
    ...new Set([...before.departments, ...after.departments].map((d) => d.departmentId)),
  ];
  const diff = planDiff(before, after, departmentIds);
  const all = [...diff.all];
  if (before.objective !== after.objective) all.unshift({ kind: 'objective' });
  if (before.targetDate !== after.targetDate) {
    all.unshift({ kind: 'target-date', from: before.targetDate, to: after.targetDate });
  }
  const previous = new Map(before.departments.map((d) => [d.departmentId, d]));
  const changes = new Map<string, PlanChange[]>();
  for (const department of after.departments) {
    const own: PlanChange[] = [];
    const old = previous.get(department.departmentId);
    if (!old) own.push({ kind: 'department-added' });
    else {
      if (old.headAccountId !== department.headAccountId) own.push({ kind: 'approver-changed' });
      if (old.stage !== department.stage) {
        own.push({ kind: 'stage-changed', from: old.stage, to: department.stage });
      }
    }
    const list = [...own, ...all, ...(diff.byDepartment.get(department.departmentId) ?? [])];
    if (list.length > 0) changes.set(department.departmentId, list);
  }
  return changes;
}
