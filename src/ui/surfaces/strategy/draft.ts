/**
 * The "New rollout strategy" flow's working copy: every field as the user typed it (a half-typed
 * number or date is not fought over), the payload it sends, the checks each step runs before
 * "Next" (the shared rules of domain/rules/, run on that payload), and the payload's paths, as
 * the checks and the server's answer name them, mapped onto the fields and steps of the flow.
 */
import type { AppError, DepartmentOption, PayloadIn, StrategyDetail } from '../../../contract';
import { dateIssue } from '../../../domain/rules/dates';
import { countIssue, issuesAt, type PathIssue, type RuleIssue } from '../../../domain/rules/issue';
import {
  audienceIssue,
  checkPlan,
  checkSchedule,
  PLAN_COUNTS,
  phaseCountRules,
  PLAN_TEXT,
  phaseDatesIssue,
  placeLinkIssue,
  sessionNumberIssue,
  startTimeIssue,
  targetIssue,
  type SessionKind,
  type SessionNumber,
} from '../../../domain/rules/plan';
import { normaliseText, textIssues } from '../../../domain/rules/text';
import { placeAnswer, placeIssues, type Translate } from '../../components/issues';
import { typedNumber } from '../../components/numbers';
import {
  choicesOf,
  departmentField,
  departmentsPayload as chosenPayload,
  rolloutIssues,
  type Choices,
  type DepartmentsPayload,
} from '../../components/rollout';

export const STEPS = ['basics', 'departments', 'phases', 'sessions', 'targets', 'review'] as const;
export type Step = (typeof STEPS)[number];

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
  /** '' until someone is picked. */
  ownerAccountId: string;
  /** The owner's name as the picker showed it. */
  ownerName: string;
  date: string;
  /** 'HH:MM' as the time input gives it; '' while empty. */
  startTime: string;
  /** Numbers as typed. */
  durationMinutes: string;
  place: string;
  capacity: string;
  departmentIds: string[];
  allDepartments: boolean;
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
export type Errors = Partial<Record<string, string>>;

export type CreatePayload = PayloadIn<'strategy/create'>;
export type UpdatePayload = PayloadIn<'strategy/update'>;
export type PlanPayload = CreatePayload['plan'];

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
  const ownerNames = new Map(plan.owners.map((owner) => [owner.accountId, owner.displayName]));
  return {
    title: rollout.title,
    objective: rollout.objective,
    targetDate: rollout.targetDate,
    projectKey: detail.projectKey,
    choices: choicesOf(rollout.departments),
    phases: plan.phases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      start: phase.start,
      end: phase.end,
      tasks: phase.tasks.map((task) => ({ id: task.id, title: task.title })),
    })),
    sessions: plan.sessions.map((session) => ({
      ...session,
      ownerName: ownerNames.get(session.ownerAccountId) ?? '',
      // A session stored before it had these is shown empty, for the user to fill in.
      durationMinutes: session.durationMinutes > 0 ? String(session.durationMinutes) : '',
      capacity: session.capacity > 0 ? String(session.capacity) : '',
      departmentIds: [...session.departmentIds],
    })),
    adoptionPercent:
      plan.targets.adoptionPercent === undefined ? '' : String(plan.targets.adoptionPercent),
    readinessScore:
      plan.targets.readinessScore === undefined ? '' : String(plan.targets.readinessScore),
    targetsBy: plan.targets.by ?? '',
  };
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
  return chosenPayload(options, draft.choices);
}

export function planPayload(draft: Draft): PlanPayload {
  const adoptionPercent = typedNumber(draft.adoptionPercent);
  const readinessScore = typedNumber(draft.readinessScore);
  return {
    phases: draft.phases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      start: phase.start,
      end: phase.end,
      tasks: phase.tasks.map((task) => ({ id: task.id, title: task.title })),
    })),
    sessions: draft.sessions.map((session) => ({
      id: session.id,
      kind: session.kind,
      title: session.title,
      phaseId: session.phaseId,
      ownerAccountId: session.ownerAccountId,
      date: session.date,
      startTime: session.startTime,
      // Not a number yet: NaN goes as null, which the server refuses with the field's message.
      durationMinutes: typedNumber(session.durationMinutes) ?? Number.NaN,
      place: session.place,
      capacity: typedNumber(session.capacity) ?? Number.NaN,
      departmentIds: session.allDepartments ? [] : [...session.departmentIds],
      allDepartments: session.allDepartments,
      audience: session.audience,
    })),
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
  session: (sessionId: string, field: SessionField | 'allDepartments') =>
    `session-${sessionId}-${field}`,
} as const;

/** A session's fields that errors are shown on (the audience's on its list of departments). */
const SESSION_FIELDS = [
  'kind',
  'title',
  'phaseId',
  'ownerAccountId',
  'date',
  'startTime',
  'durationMinutes',
  'place',
  'capacity',
  'departmentIds',
  'audience',
] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];

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

// ---- Checks: the shared rules on what the flow would send, at the payload's paths ----

/**
 * In this flow a session's phase outside the plan is one still to choose, and a department
 * outside it one the user since removed from the rollout.
 */
const PROMPTS: Readonly<Partial<Record<string, string>>> = {
  'errors.plan.unknownPhase': 'strategy.sessions.phaseRequired',
  'errors.rollout.unknownDepartment': 'strategy.sessions.departmentRequired',
};

/** A date the flow asks for: its prompt while empty (none if optional), then the date rule. */
function dayIssue(value: string, prompt?: string): RuleIssue | undefined {
  if (value !== '') return dateIssue(value);
  return prompt === undefined ? undefined : { messageKey: prompt };
}

function projectIssues(projectKey: string, projects: CheckContext['projects']): PathIssue[] {
  // Editing keeps the project (its issues live there): only creation checks the choice.
  if (!projects) return [];
  if (projectKey === '')
    return [{ path: 'projectKey', messageKey: 'strategy.form.projectRequired' }];
  return projects.some((project) => project.key === projectKey)
    ? []
    : [{ path: 'projectKey', messageKey: 'errors.strategy.projectKey' }];
}

function phaseIssues(phase: DraftPhase, path: string): PathIssue[] {
  return [
    ...issuesAt(`${path}.name`, textIssues(phase.name, PLAN_TEXT.phaseName)),
    ...issuesAt(`${path}.start`, dayIssue(phase.start, 'strategy.phases.startRequired')),
    ...issuesAt(`${path}.end`, dayIssue(phase.end, 'strategy.phases.endRequired')),
    ...issuesAt(path, phaseDatesIssue(phase)),
    ...issuesAt(`${path}.tasks`, countIssue(phase.tasks.length, PLAN_COUNTS.tasks)),
    ...phase.tasks.flatMap((task, index) =>
      issuesAt(`${path}.tasks.${String(index)}.title`, textIssues(task.title, PLAN_TEXT.taskTitle)),
    ),
  ];
}

/** A number the flow asks for: its prompt while empty, then the rule's bounds. */
function numberIssue(value: string, field: SessionNumber, prompt: string): RuleIssue | undefined {
  const typed = typedNumber(value);
  return typed === undefined ? { messageKey: prompt } : sessionNumberIssue(field, typed);
}

function sessionIssues(session: DraftSession, path: string): PathIssue[] {
  const place = textIssues(session.place, PLAN_TEXT.place);
  return [
    ...issuesAt(`${path}.title`, textIssues(session.title, PLAN_TEXT.sessionTitle)),
    ...issuesAt(
      `${path}.ownerAccountId`,
      session.ownerAccountId === '' ? { messageKey: 'errors.plan.sessionOwner' } : undefined,
    ),
    ...issuesAt(`${path}.date`, dayIssue(session.date, 'strategy.sessions.dateRequired')),
    ...issuesAt(
      `${path}.startTime`,
      session.startTime === ''
        ? { messageKey: 'strategy.sessions.timeRequired' }
        : startTimeIssue(session.startTime),
    ),
    ...issuesAt(
      `${path}.durationMinutes`,
      numberIssue(session.durationMinutes, 'durationMinutes', 'strategy.sessions.durationRequired'),
    ),
    ...issuesAt(
      `${path}.place`,
      place.length > 0 ? place : placeLinkIssue(normaliseText(session.place)),
    ),
    ...issuesAt(
      `${path}.capacity`,
      numberIssue(session.capacity, 'capacity', 'strategy.sessions.capacityRequired'),
    ),
    ...issuesAt(path, audienceIssue(session)),
    ...issuesAt(`${path}.audience`, textIssues(session.audience, PLAN_TEXT.audience)),
  ];
}

function targetsIssues(draft: Draft): PathIssue[] {
  const adoption = typedNumber(draft.adoptionPercent);
  const readiness = typedNumber(draft.readinessScore);
  return [
    ...issuesAt(
      'plan.targets.adoptionPercent',
      adoption === undefined ? undefined : targetIssue('adoptionPercent', adoption),
    ),
    ...issuesAt(
      'plan.targets.readinessScore',
      readiness === undefined ? undefined : targetIssue('readinessScore', readiness),
    ),
    ...issuesAt('plan.targets.by', dayIssue(draft.targetsBy.trim())),
  ];
}

/**
 * What the shared rules find in what the flow would send, at the payload's paths: each field's
 * own rules first (a field shows the first issue found), then the checks across fields.
 */
export function draftIssues(draft: Draft, context: Omit<CheckContext, 't'>): PathIssue[] {
  const departments = departmentsPayload(draft, context.options);
  const plan = planPayload(draft);
  const rollout = { ...draft, departments };
  const across = checkPlan(
    { phases: plan.phases, sessions: plan.sessions ?? [] },
    new Set(departments.map((department) => department.departmentId)),
  );
  const schedule = checkSchedule(
    { phases: plan.phases, targets: plan.targets ?? {} },
    draft.targetDate,
  );
  return [
    ...rolloutIssues(rollout, 'strategy.form.targetDateRequired', context.storedTargetDate),
    ...projectIssues(draft.projectKey, context.projects),
    ...issuesAt('plan.phases', countIssue(draft.phases.length, phaseCountRules(context.strategy))),
    ...draft.phases.flatMap((phase, index) => phaseIssues(phase, `plan.phases.${String(index)}`)),
    ...issuesAt('plan.sessions', countIssue(draft.sessions.length, PLAN_COUNTS.sessions)),
    ...draft.sessions.flatMap((session, index) =>
      sessionIssues(session, `plan.sessions.${String(index)}`),
    ),
    ...targetsIssues(draft),
    ...across.map((issue) => ({
      path: `plan.${issue.path}`,
      messageKey: PROMPTS[issue.messageKey] ?? issue.messageKey,
    })),
    // A go-live before the first phase is found while the phases are entered: it shows on the
    // first phase's start, where it can be fixed without going back to the first step.
    ...schedule.map((issue) =>
      issue.path === 'targetDate' ? { ...issue, path: 'plan.phases.0.start' } : issue,
    ),
  ];
}

export interface CheckContext {
  options: readonly DepartmentOption[];
  /** The projects to choose from when creating; null when editing (the project stays). */
  projects: readonly { key: string }[] | null;
  /** The go-live of the rollout being edited, which may stay even once it has passed. */
  storedTargetDate?: string | undefined;
  /** A strategy plans at least one phase; a rollout set up on a Jira issue may have none. */
  strategy: boolean;
  t: Translate;
}

/** The errors of every step, as the flow shows them. */
export function checkAll(draft: Draft, context: CheckContext): Errors {
  const sent = {
    departments: departmentsPayload(draft, context.options),
    plan: planPayload(draft),
  };
  return placeIssues(draftIssues(draft, context), (path) => keyForPath(path, sent), context.t)
    .errors;
}

/** The errors of one step ("Next" checks only the step at hand). */
export function checkStep(step: Step, draft: Draft, context: CheckContext): Errors {
  return Object.fromEntries(
    Object.entries(checkAll(draft, context)).filter(([key]) => stepOf(key) === step),
  );
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

// ---- Payload paths (`plan.sessions.3.date`), the checks' and the server's, as this flow's keys ----

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
    case 'departments':
      return departmentField(path, sent.departments);
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
  t: Translate,
): { errors: Errors; unplaced: string[] } {
  return placeAnswer(failure, (path) => keyForPath(path, sent), t);
}
