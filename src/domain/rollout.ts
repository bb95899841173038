/**
 * The rollout: what it changes and by when, the departments whose heads approve it, its plan
 * (phases, sessions, targets), its strategy page and anchor issue, and where its approval stands.
 * One model with every field present from creation (`newRollout`), whether it was set up on a
 * Jira issue or made from a strategy in Confluence. Pure: no I/O.
 */
import { z } from 'zod';
import { auditEvent, type AuditEvent } from './audit';
import { accountIdSchema, uuidSchema } from './ids';
import { ROLLOUT_BYTES_MAX } from './limits';
import { byRule, countedArray } from './refine';
import { DATE_MESSAGE, isIsoDay } from './rules/dates';
import type { SessionKind } from './rules/plan';
import {
  DEPARTMENT_COUNT,
  duplicateDepartmentIssue,
  ROLLOUT_TEXT,
  stageIssue,
} from './rules/rollout';
import type { Language } from './language';
import { textSchema } from './text';

export type ApprovalState =
  'draft' | 'awaiting-approval' | 'changes-requested' | 'rejected' | 'approved';

export const APPROVAL_STATES: readonly ApprovalState[] = [
  'draft',
  'awaiting-approval',
  'changes-requested',
  'rejected',
  'approved',
];

/** A department as this rollout sees it: its head may differ from the directory's for this rollout. */
export interface RolloutDepartment {
  departmentId: string;
  name: string;
  headAccountId: string;
  /** Approval stage, 1-based: stage n opens when every approval of the stages before is approved. */
  stage: number;
}

export interface Phase {
  id: string;
  name: string;
  /** ISO dates (YYYY-MM-DD). */
  start: string;
  end: string;
}

/** Work of a phase that is not a session (e.g. "Migrate customer data"): one Jira issue each. */
export interface PhaseTask {
  id: string;
  title: string;
}

export interface RolloutPhase extends Phase {
  tasks: PhaseTask[];
}

export interface Targets {
  /** Share of employees using the new system or policy, in percent. */
  adoptionPercent?: number;
  /** Average ADKAR readiness, 1–5. */
  readinessScore?: number;
  /** When the targets should be reached (YYYY-MM-DD). */
  by?: string;
}

export interface Rollout {
  id: string;
  title: string;
  objective: string;
  /** When the change should be live (YYYY-MM-DD). */
  targetDate: string;
  anchorIssueId: string;
  anchorIssueKey: string;
  projectKey: string;
  /** Confluence page id of the strategy; '' until one exists. */
  strategyPageId: string;
  departments: RolloutDepartment[];
  /** The plan's phases, with the tasks each calls for. */
  phases: RolloutPhase[];
  targets: Targets;
  /**
   * The strategy's space ('' for a rollout set up on a Jira issue: it has no strategy page, and
   * its plan stays empty).
   */
  spaceId: string;
  spaceKey: string;
  sessions: StrategySession[];
  /** The strategy page's language. */
  language: Language;
  /** Bumped by every change the strategy page shows (plan, title, objective, departments). */
  planRevision: number;
  /** The plan revision the page shows with its anchor issue (0: not yet in line). */
  pageRevision: number;
  approvalState: ApprovalState;
  /**
   * When a round of it was first approved; absent until then. It stays once set: an approved
   * rollout that changed and awaits re-confirmation was still approved before.
   */
  approvedAt?: string;
  /** Current approval round; 0 before the first request. */
  round: number;
  /** Who opened the current round, and when ('' before the first request). */
  roundRequestedBy: string;
  roundRequestedAt: string;
  /** Highest stage of the current round whose approvals were opened (0 before the first request). */
  openedStage: number;
  /**
   * When the anchor issue was first seen past "Start rollout" (its status category left To Do)
   * after an approval; absent until then. Rollouts stored before the lifecycle lack it.
   */
  startedAt?: string;
  /** When its last phase was completed; absent until then. */
  completedAt?: string;
  /** The phases marked complete, in the order they were (absent: none yet). */
  phaseCompletions?: PhaseCompletion[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const isoDateSchema = z
  .string({ error: DATE_MESSAGE })
  .refine(isIsoDay, { error: DATE_MESSAGE });

/** A rollout's title: one line, as it becomes the Jira summary and the strategy page's title. */
export const rolloutTitleSchema = textSchema(ROLLOUT_TEXT.title);

export const rolloutDepartmentInputSchema = z
  .object({
    departmentId: uuidSchema,
    /** Overrides the directory's head for this rollout; omitted keeps the directory's. */
    headAccountId: accountIdSchema.optional(),
    stage: z.number({ error: 'errors.rollout.stage' }).superRefine(byRule(stageIssue)),
  })
  .strict();

export const rolloutInputSchema = z
  .object({
    title: rolloutTitleSchema,
    objective: textSchema(ROLLOUT_TEXT.objective),
    targetDate: isoDateSchema,
    departments: countedArray(rolloutDepartmentInputSchema, DEPARTMENT_COUNT).superRefine(
      byRule((list: { departmentId: string }[]) =>
        duplicateDepartmentIssue(list.map((d) => d.departmentId)),
      ),
    ),
  })
  .strict();

export type RolloutInput = z.output<typeof rolloutInputSchema>;

/** Stages must be 1..n without gaps, so "the previous stage" always exists. */
export function normaliseStages<T extends { stage: number }>(departments: readonly T[]): T[] {
  const used = [...new Set(departments.map((d) => d.stage))].sort((a, b) => a - b);
  const renumber = new Map(used.map((stage, index) => [stage, index + 1]));
  return departments.map((d) => ({ ...d, stage: renumber.get(d.stage) ?? 1 }));
}

/**
 * Whether the rollout's plan may change now: not while heads are deciding on it. An approved
 * plan may change: the heads the change concerns re-confirm it in a new round (see
 * `rolloutChanges` and `openReconfirmation`).
 */
export function isEditable(rollout: Pick<Rollout, 'approvalState'>): boolean {
  return rollout.approvalState !== 'awaiting-approval';
}

/** A training or support session of the plan (the shape `plan.ts` validates). */
export interface StrategySession {
  id: string;
  kind: SessionKind;
  title: string;
  phaseId: string;
  /** Who runs it (a Jira user): its issue's assignee. */
  ownerAccountId: string;
  /** YYYY-MM-DD. */
  date: string;
  /** 'HH:MM', 24-hour. */
  startTime: string;
  durationMinutes: number;
  /** A room or a meeting link (an http(s) address). */
  place: string;
  /** Seats. */
  capacity: number;
  /** The departments it is for; [] when `allDepartments`. */
  departmentIds: string[];
  /** For every department of the rollout, including departments added later. */
  allDepartments: boolean;
  /** Who in those departments, in the coordinator's words ('' for everyone). */
  audience: string;
}

/**
 * A session as stored before sessions had owners, times and several departments: one
 * `departmentId`. Read as a session for that department, with the fields it lacks empty, so
 * the plan's next edit asks for them (the rules refuse them empty).
 */
type StoredSession = Pick<
  StrategySession,
  'id' | 'kind' | 'title' | 'phaseId' | 'date' | 'audience'
> &
  Partial<StrategySession> & { departmentId?: string };

export function sessionFromStorage(stored: StoredSession): StrategySession {
  const { departmentId, ...session } = stored;
  const legacy = departmentId === undefined || departmentId === '' ? [] : [departmentId];
  return {
    ...session,
    ownerAccountId: session.ownerAccountId ?? '',
    startTime: session.startTime ?? '',
    durationMinutes: session.durationMinutes ?? 0,
    place: session.place ?? '',
    capacity: session.capacity ?? 0,
    departmentIds: session.departmentIds ?? legacy,
    allDepartments: session.allDepartments ?? false,
  };
}

/** A rollout as read from storage, its sessions in the current shape. */
export function rolloutFromStorage(
  stored: Omit<Rollout, 'sessions'> & { sessions: StoredSession[] },
): Rollout {
  return { ...stored, sessions: stored.sessions.map(sessionFromStorage) };
}

/** What a new rollout is made of; everything else starts as a draft with no round. */
export interface NewRollout {
  /** The request id that asked for it: a retried request finds the rollout it made. */
  id: string;
  title: string;
  objective: string;
  targetDate: string;
  projectKey: string;
  departments: RolloutDepartment[];
  createdBy: string;
  /** Its strategy page's language, or the language of whoever set it up on an issue. */
  language: Language;
  /** The issue it is set up on; a strategy's anchor issue is made after its page. */
  anchor?: { id: string; key: string };
  /** The strategy it is made from in Confluence: its space and plan. */
  strategy?: {
    spaceId: string;
    spaceKey: string;
    phases: RolloutPhase[];
    sessions: StrategySession[];
    targets: Targets;
  };
}

/** A new rollout, created at `now`: a draft, before any approval round, its page not yet written. */
export function newRollout(input: NewRollout, now: Date): Rollout {
  const at = now.toISOString();
  const strategy = input.strategy;
  return {
    id: input.id,
    title: input.title,
    objective: input.objective,
    targetDate: input.targetDate,
    anchorIssueId: input.anchor?.id ?? '',
    anchorIssueKey: input.anchor?.key ?? '',
    projectKey: input.projectKey,
    strategyPageId: '',
    departments: input.departments,
    phases: strategy?.phases ?? [],
    targets: strategy?.targets ?? {},
    spaceId: strategy?.spaceId ?? '',
    spaceKey: strategy?.spaceKey ?? '',
    sessions: strategy?.sessions ?? [],
    language: input.language,
    planRevision: 1,
    pageRevision: 0,
    approvalState: 'draft',
    round: 0,
    roundRequestedBy: '',
    roundRequestedAt: '',
    openedStage: 0,
    createdBy: input.createdBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The audit event a new rollout is written with. */
export function createdEvent(rollout: Pick<Rollout, 'id' | 'createdAt' | 'createdBy'>): AuditEvent {
  return auditEvent(
    {
      rolloutId: rollout.id,
      at: rollout.createdAt,
      type: 'rollout-created',
      actorAccountId: rollout.createdBy,
    },
    'created',
  );
}

/** Whether any round of the rollout was ever approved (then it can no longer be discarded). */
export function everApproved(rollout: Pick<Rollout, 'approvalState' | 'approvedAt'>): boolean {
  return rollout.approvalState === 'approved' || (rollout.approvedAt ?? '') !== '';
}

/**
 * Whether `actor` may discard the rollout: one that was never approved, by its creator or a
 * Jira administrator. Its Jira issue and Confluence page are the users' and are kept.
 */
export function canDiscard(
  rollout: Pick<Rollout, 'approvalState' | 'approvedAt' | 'createdBy'>,
  actor: { accountId: string; isJiraAdmin: boolean },
): boolean {
  return !everApproved(rollout) && (rollout.createdBy === actor.accountId || actor.isJiraAdmin);
}

/** Whether a new approval round may be opened now. */
export function canRequestApproval(rollout: Pick<Rollout, 'approvalState'>): boolean {
  return rollout.approvalState !== 'awaiting-approval' && rollout.approvalState !== 'approved';
}

/**
 * Where a rollout stands, for every surface that says it (Rollout panel, Approvals panel, macro):
 * its approval state until it starts, then in progress, then completed.
 */
export type Lifecycle = ApprovalState | 'in-progress' | 'completed';

/** A phase marked complete: by whom, when, and the risk they accepted if a blocker was open. */
export interface PhaseCompletion {
  phaseId: string;
  completedBy: string;
  completedAt: string;
  /** How many blocking problems of the phase were open when it was completed (risk accepted). */
  blockingOpen: number;
  /** The coordinator's comment accepting that risk ('' when none was open). */
  riskComment: string;
}

/** Jira's status categories by key (`new` is To Do, `indeterminate` In Progress). */
export type StatusCategory = 'new' | 'indeterminate' | 'done' | 'undefined';

export function lifecycleOf(
  rollout: Pick<Rollout, 'approvalState' | 'startedAt' | 'completedAt'>,
): Lifecycle {
  if ((rollout.completedAt ?? '') !== '') return 'completed';
  if ((rollout.startedAt ?? '') !== '') return 'in-progress';
  return rollout.approvalState;
}

/**
 * The start to record, if the anchor issue moved past "Start rollout": the workflow gate lets
 * that transition through only once the rollout is approved, so an anchor out of To Do on an
 * approved rollout means it started. Undefined when there is nothing to record.
 */
export function startToRecord(
  rollout: Pick<Rollout, 'approvalState' | 'approvedAt' | 'startedAt' | 'completedAt'>,
  anchorCategory: StatusCategory | undefined,
  now: Date,
): { startedAt: string } | undefined {
  if ((rollout.startedAt ?? '') !== '' || (rollout.completedAt ?? '') !== '') return undefined;
  if (anchorCategory !== 'indeterminate' && anchorCategory !== 'done') return undefined;
  if (!everApproved(rollout)) return undefined;
  return { startedAt: now.toISOString() };
}

/** The event recording a start. */
export function startedEvent(rolloutId: string, at: string): AuditEvent {
  return auditEvent({ rolloutId, at, type: 'rollout-started' }, 'started');
}

export function completionOf(
  rollout: Pick<Rollout, 'phaseCompletions'>,
  phaseId: string,
): PhaseCompletion | undefined {
  return (rollout.phaseCompletions ?? []).find((c) => c.phaseId === phaseId);
}

/** Where the current phase sits against its dates (`today` is YYYY-MM-DD). */
export type PhaseTiming = 'upcoming' | 'running' | 'late';

export function phaseTiming(phase: Pick<Phase, 'start' | 'end'>, today: string): PhaseTiming {
  if (today < phase.start) return 'upcoming';
  return today > phase.end ? 'late' : 'running';
}

/**
 * The phase the rollout is in, from its dates and completions: the first phase of the plan not
 * yet complete (phases run in order, so a later one cannot be current while an earlier one is
 * open); undefined when every phase is complete or the plan has none.
 */
export function currentPhase(
  rollout: Pick<Rollout, 'phases' | 'phaseCompletions'>,
  today: string,
): { phase: RolloutPhase; index: number; timing: PhaseTiming } | undefined {
  const index = rollout.phases.findIndex((phase) => !completionOf(rollout, phase.id));
  const phase = rollout.phases[index];
  if (!phase) return undefined;
  return { phase, index, timing: phaseTiming(phase, today) };
}

/** Who may mark phases complete: the rollout's coordinator (its creator) or a Jira admin. */
export function canCompletePhases(
  rollout: Pick<Rollout, 'createdBy'>,
  actor: { accountId: string; isJiraAdmin: boolean },
): boolean {
  return rollout.createdBy === actor.accountId || actor.isJiraAdmin;
}

export type PhaseCompletionRefusal =
  'forbidden' | 'unknown-phase' | 'not-started' | 'blocking-open' | 'already-completed';

export type PhaseCompletionOutcome =
  | { kind: 'completed'; rollout: Rollout; events: AuditEvent[] }
  | { kind: 'refused'; reason: PhaseCompletionRefusal };

/**
 * Marks `phaseId` complete. Refused unless the actor may, the rollout has started, and no
 * blocking problem of the phase is open, or the risk is accepted with a comment. A phase already
 * complete is refused as such (the caller answers it as done: completing is idempotent). The
 * last phase completes the rollout.
 */
export function completePhase(
  rollout: Rollout,
  request: {
    phaseId: string;
    actor: { accountId: string; isJiraAdmin: boolean };
    blockingOpen: number;
    riskComment: string;
    at: string;
  },
): PhaseCompletionOutcome {
  if (!canCompletePhases(rollout, request.actor)) return { kind: 'refused', reason: 'forbidden' };
  const phase = rollout.phases.find((p) => p.id === request.phaseId);
  if (!phase) return { kind: 'refused', reason: 'unknown-phase' };
  if (completionOf(rollout, phase.id)) return { kind: 'refused', reason: 'already-completed' };
  if (lifecycleOf(rollout) !== 'in-progress') return { kind: 'refused', reason: 'not-started' };
  const riskComment = request.riskComment.trim();
  if (request.blockingOpen > 0 && riskComment === '') {
    return { kind: 'refused', reason: 'blocking-open' };
  }
  const completion: PhaseCompletion = {
    phaseId: phase.id,
    completedBy: request.actor.accountId,
    completedAt: request.at,
    blockingOpen: request.blockingOpen,
    riskComment: request.blockingOpen > 0 ? riskComment : '',
  };
  const completions = [...(rollout.phaseCompletions ?? []), completion];
  const done = rollout.phases.every((p) => completions.some((c) => c.phaseId === p.id));
  const next: Rollout = {
    ...rollout,
    phaseCompletions: completions,
    ...(done ? { completedAt: request.at } : {}),
    updatedAt: request.at,
    version: rollout.version + 1,
  };
  const events = [
    auditEvent(
      {
        rolloutId: rollout.id,
        at: request.at,
        type: completion.blockingOpen > 0 ? 'phase-completed-with-risk' : 'phase-completed',
        actorAccountId: request.actor.accountId,
        detail: phase.name,
        comment: completion.riskComment,
      },
      `phase:${phase.id}`,
    ),
  ];
  if (done) {
    events.push(
      auditEvent(
        {
          rolloutId: rollout.id,
          at: new Date(Date.parse(request.at) + 1).toISOString(),
          type: 'rollout-completed',
          actorAccountId: request.actor.accountId,
        },
        'completed',
      ),
    );
  }
  return { kind: 'completed', rollout: next, events };
}

/** How many bytes a value takes in storage: its JSON text in UTF-8. */
export function storedBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** The fields people fill in, by the payload path that names them (largest first when too big). */
const SIZED_FIELDS: readonly { field: keyof Rollout; path: string }[] = [
  { field: 'title', path: 'title' },
  { field: 'objective', path: 'objective' },
  { field: 'departments', path: 'departments' },
  { field: 'phases', path: 'plan.phases' },
  { field: 'sessions', path: 'plan.sessions' },
  { field: 'targets', path: 'plan.targets' },
];

export interface SizeIssue {
  /** The payload path of the field that takes the most room. */
  path: string;
  bytes: number;
  max: number;
}

/**
 * Whether the rollout, as stored, would exceed `ROLLOUT_BYTES_MAX`; if so, which field to
 * shorten (the one that takes the most room). Forge refuses a larger value outright, so this
 * is checked before anything of the rollout is written.
 */
export function rolloutSizeIssue(rollout: Rollout): SizeIssue | undefined {
  const bytes = storedBytes(rollout);
  if (bytes <= ROLLOUT_BYTES_MAX) return undefined;
  const largest = SIZED_FIELDS.map(({ field, path }) => ({
    path,
    size: storedBytes(rollout[field]),
  })).reduce((a, b) => (b.size > a.size ? b : a));
  return { path: largest.path, bytes, max: ROLLOUT_BYTES_MAX };
}
