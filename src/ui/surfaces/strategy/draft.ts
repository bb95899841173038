/**
 * The "New rollout strategy" flow's working copy: every field as the user typed it (a half-typed
 * number or date is not fought over), the checks each step runs before "Next" (the same rules
 * and messages as the server's), the payload it sends, and the server's field paths mapped back
 * onto the fields and steps they belong to.
 */
import type {
  AppError,
  DepartmentOption,
  PayloadIn,
  SessionKind,
  StrategyDetail,
} from '../../../contract';
import {
  PLAN_PHASE_NAME_MAX,
  PLAN_PHASE_TASKS_MAX,
  PLAN_PHASES_MAX,
  PLAN_SESSIONS_MAX,
  PLAN_TEXT_MAX,
  ROLLOUT_DEPARTMENTS_MAX,
  ROLLOUT_OBJECTIVE_MAX,
  ROLLOUT_STAGES_MAX,
  ROLLOUT_TITLE_MAX,
} from '../../../domain/limits';
import type { Translator } from '../../i18n';
import { isIsoDay } from '../../components/dates';
import type { Choices } from '../../components/DepartmentChooser';

type T = Translator['t'];

export const STEPS = ['basics', 'departments', 'phases', 'sessions', 'targets', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** Every kind once: the record makes the compiler refuse a kind the contract adds and this forgets. */
const KINDS: Record<SessionKind, true> = {
  training: true,
  seminar: true,
  'office-hours': true,
  communication: true,
};
export const SESSION_KINDS = Object.keys(KINDS) as SessionKind[];

export interface DraftTask {
  id: string;
  title: string;
}

export interface DraftPhase {
  id: string;
  name: string;
  start: string;
  end: string;
  tasks: DraftTask[];
}

export interface DraftSession {
  id: string;
  kind: SessionKind;
  title: string;
  phaseId: string;
  departmentId: string;
  date: string;
  audience: string;
}

export interface Draft {
  title: string;
  objective: string;
  targetDate: string;
  projectKey: string;
  choices: Choices;
  phases: DraftPhase[];
  sessions: DraftSession[];
  adoptionPercent: string;
  readinessScore: string;
  targetsBy: string;
}

/** Error texts by field key (see `fieldId` for the keys). */
export type Errors = Record<string, string>;

export type CreatePayload = PayloadIn<'strategy/create'>;
export type UpdatePayload = PayloadIn<'strategy/update'>;
export type PlanPayload = CreatePayload['plan'];
export type DepartmentsPayload = CreatePayload['departments'];

export function newId(): string {
  return crypto.randomUUID();
}

export function emptyPhase(start = ''): DraftPhase {
  return { id: newId(), name: '', start, end: '', tasks: [] };
}

export function emptyDraft(projects: readonly { key: string }[]): Draft {
  return {
    title: '',
    objective: '',
    targetDate: '',
    // One project is no choice: take it; several: the user picks.
    projectKey: projects.length === 1 ? (projects[0]?.key ?? '') : '',
    choices: {},
    phases: [emptyPhase()],
    sessions: [],
    adoptionPercent: '',
    readinessScore: '',
    targetsBy: '',
  };
}

export function draftFromDetail(detail: StrategyDetail): Draft {
  const { rollout, plan } = detail;
  const choices: Choices = {};
  for (const department of rollout.departments) {
    choices[department.departmentId] = {
      head: { accountId: department.head.accountId, displayName: department.head.displayName },
      stage: String(department.stage),
    };
  }
  return {
    title: rollout.title,
    objective: rollout.objective,
    targetDate: rollout.targetDate,
    projectKey: detail.projectKey,
    choices,
    phases: plan.phases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      start: phase.start,
      end: phase.end,
      tasks: phase.tasks.map((task) => ({ id: task.id, title: task.title })),
    })),
    sessions: plan.sessions.map((session) => ({ ...session })),
    adoptionPercent:
      plan.targets.adoptionPercent === undefined ? '' : String(plan.targets.adoptionPercent),
    readinessScore:
      plan.targets.readinessScore === undefined ? '' : String(plan.targets.readinessScore),
    targetsBy: plan.targets.by ?? '',
  };
}

/** The directory's departments plus any of the rollout's that left the directory since. */
export function mergeOptions(
  directory: readonly DepartmentOption[],
  detail: StrategyDetail | null,
): DepartmentOption[] {
  if (!detail) return [...directory];
  const known = new Set(directory.map((department) => department.id));
  const gone = detail.rollout.departments
    .filter((department) => !known.has(department.departmentId))
    .map((department) => ({
      id: department.departmentId,
      name: department.name,
      head: department.head,
      delegate: null,
    }));
  return [...directory, ...gone];
}

/** The chosen departments in the directory's order (the order the review and the page show). */
export function chosenDepartments(
  draft: Draft,
  options: readonly DepartmentOption[],
): DepartmentOption[] {
  return options.filter((option) => option.id in draft.choices);
}

export function departmentsPayload(
  draft: Draft,
  options: readonly DepartmentOption[],
): DepartmentsPayload {
  return chosenDepartments(draft, options).flatMap((option) => {
    const choice = draft.choices[option.id];
    if (!choice) return [];
    return [
      {
        departmentId: option.id,
        headAccountId: choice.head.accountId,
        stage: Number(choice.stage),
      },
    ];
  });
}

/** A typed number, or undefined when the field is empty (targets are optional). */
function numberOf(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? undefined : Number(trimmed);
}

export function planPayload(draft: Draft): PlanPayload {
  const adoptionPercent = numberOf(draft.adoptionPercent);
  const readinessScore = numberOf(draft.readinessScore);
  return {
    phases: draft.phases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      start: phase.start,
      end: phase.end,
      tasks: phase.tasks.map((task) => ({ id: task.id, title: task.title })),
    })),
    sessions: draft.sessions.map((session) => ({ ...session })),
    targets: {
      ...(adoptionPercent === undefined ? {} : { adoptionPercent }),
      ...(readinessScore === undefined ? {} : { readinessScore }),
      ...(draft.targetsBy.trim() === '' ? {} : { by: draft.targetsBy.trim() }),
    },
  };
}

// ---- Field keys, the DOM ids they focus, and the step they live on ----

export const fieldIds = {
  title: 'strategy-title',
  objective: 'strategy-objective',
  targetDate: 'strategy-target-date',
  projectKey: 'strategy-project',
  addPhase: 'strategy-add-phase',
  addSession: 'strategy-add-session',
  adoptionPercent: 'strategy-adoption',
  readinessScore: 'strategy-readiness',
  targetsBy: 'strategy-targets-by',
  phase: (phaseId: string, field: 'name' | 'start' | 'end' | 'addTask') =>
    `phase-${phaseId}-${field}`,
  task: (taskId: string) => `task-${taskId}`,
  session: (sessionId: string, field: keyof Omit<DraftSession, 'id'>) =>
    `session-${sessionId}-${field}`,
} as const;

const SESSION_FIELDS = ['kind', 'title', 'phaseId', 'departmentId', 'date', 'audience'] as const;
type SessionField = (typeof SESSION_FIELDS)[number];

export function isSessionField(value: string): value is SessionField {
  return (SESSION_FIELDS as readonly string[]).includes(value);
}

export function stepOf(key: string): Step {
  const kind = key.split(':')[0] ?? '';
  if (['title', 'objective', 'targetDate', 'projectKey'].includes(kind)) return 'basics';
  if (['departments', 'stage', 'head', 'department'].includes(kind)) return 'departments';
  if (['phases', 'phase', 'task'].includes(kind)) return 'phases';
  if (['sessions', 'session'].includes(kind)) return 'sessions';
  if (['adoptionPercent', 'readinessScore', 'targetsBy'].includes(kind)) return 'targets';
  return 'review';
}

// ---- Checks, step by step (the server runs the same and has the last word) ----

function text(
  found: Errors,
  key: string,
  value: string,
  max: number,
  required: string,
  tooLong: string,
  t: T,
): void {
  const trimmed = value.trim();
  if (trimmed === '') found[key] = t(required);
  else if (trimmed.length > max) found[key] = t(tooLong, { max });
}

function day(found: Errors, key: string, value: string, required: string | null, t: T): void {
  if (value.trim() === '') {
    if (required) found[key] = t(required);
  } else if (!isIsoDay(value.trim())) found[key] = t('errors.field.date');
}

function checkBasics(draft: Draft, projects: readonly { key: string }[] | null, t: T): Errors {
  const found: Errors = {};
  text(
    found,
    'title',
    draft.title,
    ROLLOUT_TITLE_MAX,
    'errors.rollout.titleRequired',
    'errors.rollout.titleTooLong',
    t,
  );
  text(
    found,
    'objective',
    draft.objective,
    ROLLOUT_OBJECTIVE_MAX,
    'errors.rollout.objectiveRequired',
    'errors.rollout.objectiveTooLong',
    t,
  );
  day(found, 'targetDate', draft.targetDate, 'strategy.form.targetDateRequired', t);
  // Editing keeps the project (its issues live there): only creation checks the choice.
  if (projects) {
    if (draft.projectKey === '') found.projectKey = t('strategy.form.projectRequired');
    else if (!projects.some((project) => project.key === draft.projectKey))
      found.projectKey = t('errors.strategy.projectKey');
  }
  return found;
}

function checkDepartments(draft: Draft, options: readonly DepartmentOption[], t: T): Errors {
  const found: Errors = {};
  const departments = departmentsPayload(draft, options);
  if (departments.length === 0) found.departments = t('errors.rollout.departmentsRequired');
  else if (departments.length > ROLLOUT_DEPARTMENTS_MAX)
    found.departments = t('errors.rollout.tooManyDepartments');
  for (const department of departments) {
    if (
      !Number.isInteger(department.stage) ||
      department.stage < 1 ||
      department.stage > ROLLOUT_STAGES_MAX
    ) {
      found[`stage:${department.departmentId}`] = t('errors.rollout.stage');
    }
  }
  return found;
}

function checkPhases(draft: Draft, t: T): Errors {
  const found: Errors = {};
  if (draft.phases.length === 0) found.phases = t('errors.plan.phasesRequired');
  else if (draft.phases.length > PLAN_PHASES_MAX)
    found.phases = t('errors.plan.tooManyPhases', { max: PLAN_PHASES_MAX });
  draft.phases.forEach((phase, index) => {
    const key = `phase:${phase.id}`;
    text(
      found,
      `${key}:name`,
      phase.name,
      PLAN_PHASE_NAME_MAX,
      'errors.plan.phaseName',
      'errors.plan.phaseNameTooLong',
      t,
    );
    day(found, `${key}:start`, phase.start, 'strategy.phases.startRequired', t);
    day(found, `${key}:end`, phase.end, 'strategy.phases.endRequired', t);
    const datesOk = !found[`${key}:start`] && !found[`${key}:end`];
    if (datesOk && phase.start > phase.end) found[`${key}:end`] = t('errors.plan.phaseDates');
    const previous = draft.phases[index - 1];
    if (
      datesOk &&
      previous &&
      isIsoDay(previous.end) &&
      phase.start < previous.end &&
      !found[`${key}:start`]
    ) {
      found[`${key}:start`] = t('errors.plan.phaseOrder', { previous: previous.name.trim() });
    }
    if (
      index === 0 &&
      !found[`${key}:start`] &&
      isIsoDay(draft.targetDate) &&
      draft.targetDate < phase.start
    ) {
      // The go-live cannot come before the first phase starts (the server checks it too).
      found[`${key}:start`] = t('errors.plan.targetBeforePhases');
    }
    if (phase.tasks.length > PLAN_PHASE_TASKS_MAX)
      found[`${key}:tasks`] = t('errors.plan.tooManyTasks', { max: PLAN_PHASE_TASKS_MAX });
    for (const task of phase.tasks) {
      text(
        found,
        `task:${phase.id}:${task.id}`,
        task.title,
        PLAN_TEXT_MAX,
        'errors.plan.taskTitle',
        'errors.plan.taskTitleTooLong',
        t,
      );
    }
  });
  return found;
}

function checkSessions(draft: Draft, options: readonly DepartmentOption[], t: T): Errors {
  const found: Errors = {};
  if (draft.sessions.length > PLAN_SESSIONS_MAX)
    found.sessions = t('errors.plan.tooManySessions', { max: PLAN_SESSIONS_MAX });
  const phases = new Map(draft.phases.map((phase) => [phase.id, phase]));
  const chosen = new Set(chosenDepartments(draft, options).map((option) => option.id));
  for (const session of draft.sessions) {
    const key = `session:${session.id}`;
    text(
      found,
      `${key}:title`,
      session.title,
      PLAN_TEXT_MAX,
      'errors.plan.sessionTitle',
      'errors.plan.sessionTitleTooLong',
      t,
    );
    if (session.audience.trim().length > PLAN_TEXT_MAX)
      found[`${key}:audience`] = t('errors.plan.audienceTooLong', { max: PLAN_TEXT_MAX });
    if (!chosen.has(session.departmentId))
      found[`${key}:departmentId`] = t('strategy.sessions.departmentRequired');
    const phase = phases.get(session.phaseId);
    if (!phase) found[`${key}:phaseId`] = t('strategy.sessions.phaseRequired');
    day(found, `${key}:date`, session.date, 'strategy.sessions.dateRequired', t);
    if (
      phase &&
      !found[`${key}:date`] &&
      isIsoDay(phase.start) &&
      isIsoDay(phase.end) &&
      (session.date < phase.start || session.date > phase.end)
    ) {
      found[`${key}:date`] = t('errors.plan.sessionOutsidePhase', { phase: phase.name.trim() });
    }
  }
  return found;
}

function checkTargets(draft: Draft, t: T): Errors {
  const found: Errors = {};
  const adoption = numberOf(draft.adoptionPercent);
  if (adoption !== undefined && !(adoption >= 0 && adoption <= 100))
    found.adoptionPercent = t('errors.plan.adoption');
  const readiness = numberOf(draft.readinessScore);
  if (readiness !== undefined && !(readiness >= 1 && readiness <= 5))
    found.readinessScore = t('errors.plan.readiness');
  day(found, 'targetsBy', draft.targetsBy, null, t);
  const first = draft.phases[0];
  if (
    !found.targetsBy &&
    first &&
    isIsoDay(first.start) &&
    draft.targetsBy.trim() !== '' &&
    draft.targetsBy.trim() < first.start
  ) {
    found.targetsBy = t('errors.plan.targetsBeforePhases');
  }
  return found;
}

export interface CheckContext {
  options: readonly DepartmentOption[];
  /** The projects to choose from when creating; null when editing (the project stays). */
  projects: readonly { key: string }[] | null;
  t: T;
}

export function checkStep(step: Step, draft: Draft, context: CheckContext): Errors {
  switch (step) {
    case 'basics':
      return checkBasics(draft, context.projects, context.t);
    case 'departments':
      return checkDepartments(draft, context.options, context.t);
    case 'phases':
      return checkPhases(draft, context.t);
    case 'sessions':
      return checkSessions(draft, context.options, context.t);
    case 'targets':
      return checkTargets(draft, context.t);
    case 'review':
      return {};
  }
}

export function checkAll(draft: Draft, context: CheckContext): Errors {
  return Object.assign({}, ...STEPS.map((step) => checkStep(step, draft, context))) as Errors;
}

/** The first step (in flow order) that holds one of these errors. */
export function firstStepWith(errors: Errors): Step | undefined {
  const steps = new Set(Object.keys(errors).map(stepOf));
  return STEPS.find((step) => steps.has(step));
}

/** Error keys in the order their fields appear, to focus the first. */
export function orderedKeys(errors: Errors, draft: Draft): string[] {
  const rank = (key: string): number => {
    const step = STEPS.indexOf(stepOf(key));
    const [, id = ''] = key.split(':');
    const phase = draft.phases.findIndex((candidate) => candidate.id === id);
    const session = draft.sessions.findIndex((candidate) => candidate.id === id);
    return step * 10_000 + Math.max(phase, session, 0);
  };
  return Object.keys(errors).sort((a, b) => rank(a) - rank(b));
}

// ---- The server's field paths (`plan.sessions.3.date`) mapped onto this flow's keys ----

interface Sent {
  departments: DepartmentsPayload;
  plan: PlanPayload;
}

function keyForPath(path: string, sent: Sent): string | undefined {
  const parts = path.split('.');
  if (parts[0] === 'plan') parts.shift();
  const [head = '', index, field, subIndex] = parts;
  const at = Number(index);
  switch (head) {
    case 'title':
    case 'objective':
    case 'targetDate':
    case 'projectKey':
      return parts.length === 1 ? head : undefined;
    case 'departments': {
      if (index === undefined) return 'departments';
      const id = sent.departments[at]?.departmentId;
      if (!id) return 'departments';
      if (field === 'stage') return `stage:${id}`;
      if (field === 'headAccountId') return `head:${id}`;
      return `department:${id}`;
    }
    case 'phases': {
      const phase = index === undefined ? undefined : sent.plan.phases[at];
      if (!phase) return 'phases';
      if (field === 'tasks') {
        const task = subIndex === undefined ? undefined : phase.tasks?.[Number(subIndex)];
        return task ? `task:${phase.id}:${task.id}` : `phase:${phase.id}:tasks`;
      }
      if (field === 'start' || field === 'end') return `phase:${phase.id}:${field}`;
      return `phase:${phase.id}:name`;
    }
    case 'sessions': {
      const session = index === undefined ? undefined : sent.plan.sessions?.[at];
      if (!session) return 'sessions';
      return `session:${session.id}:${field && isSessionField(field) ? field : 'title'}`;
    }
    case 'targets':
      if (index === 'adoptionPercent' || index === 'readinessScore') return index;
      if (index === 'by') return 'targetsBy';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The answer's field issues as this flow's errors; issues it cannot place (a path it does not
 * know) come back apart, for a message above the flow.
 */
export function errorsFromAnswer(
  failure: AppError,
  sent: Sent,
  t: T,
): { errors: Errors; unplaced: string[] } {
  const errors: Errors = {};
  const unplaced: string[] = [];
  for (const issue of failure.details?.fields ?? []) {
    const message = t(issue.messageKey, issue.params ?? failure.params);
    const key = keyForPath(issue.path, sent);
    if (key) errors[key] ??= message;
    else unplaced.push(message);
  }
  return { errors, unplaced };
}
