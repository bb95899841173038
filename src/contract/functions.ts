/**
 * The one contract between the UI and the backend: for each function key, the zod schema of its
 * payload and the type of its result. The backend validates with it; the UI's client is typed from it.
 * Keys are route-like (`area/action`).
 */
import { z } from 'zod';
import { accountIdSchema, approvalIdSchema, cursorSchema, uuidSchema } from '../domain/ids';
import {
  departmentNameSchema,
  groupIdSchema,
  optionalDelegateSchema,
  supervisorsSchema,
} from '../domain/departments';
import { HEAD_COUNT_MAX } from '../domain/trained';
import {
  commentSchema,
  decisionSchema,
  type ApprovalStatus,
  type Decision,
} from '../domain/approvals';
import type { AuditEventType } from '../domain/audit';
import { delegationInputSchema } from '../domain/delegation';
import { rolloutInputSchema, rolloutTitleSchema, type ApprovalState } from '../domain/rollout';
import { settingsInputSchema } from '../domain/settings';
import { digestSettingsInputSchema, digestSubscriptionSchema } from '../domain/digest';
import { textSchema } from '../domain/text';
import { planEditSchema, type SessionKind } from '../domain/plan';
import { PROBLEM_CATEGORIES, PROBLEM_SEVERITIES } from '../domain/problems';
import { PROBLEM_TEXT, fixLinkIssue } from '../domain/rules/problems';
import { byRule } from '../domain/refine';
import { MAX_ATTENDEES } from '../domain/attendance';
import { COMMENT_MAX, SCORE_MAX, SCORE_MIN } from '../domain/limits';
import {
  adkarScoresSchema,
  checkInNoteSchema,
  pulseCommentSchema,
  pulseInputSchema,
  pulseRoleSchema,
} from '../domain/pulses';
import {
  gadgetLoadSchema,
  gadgetOptionsSchema,
  type GadgetLoadView,
  type GadgetOptionsPage,
} from './gadget';
import { mineDecideSchema, type MyRolloutsView } from './mine';
import {
  empty,
  confirmSchema,
  policyPageIdSchema,
  strategyInputSchema,
  problemRef,
  optionalRefId,
  problemComment,
  suggestionIdSchema,
  returns,
  type Returns,
} from './payloads';
import type { UserSummary, DepartmentView, GroupRef, DirectoryView } from './directory';
import type {
  HistoryPage,
  MyDelegations,
  ApprovalsPanelView,
  SettingsView,
  DigestView,
} from './approvals';
import type {
  PushStatus,
  StrategySummary,
  TitleCheck,
  DiscardOutcome,
  StrategySpaceView,
  StrategyDetail,
} from './strategy';
import type { MacroView, RolloutPanelView, TemplateStatus } from './rollout-panel';
import type { ProblemView, ProblemFormView, ProblemListView, SuggestionsView } from './problems';
import type { FeedbackView, PulseFormView } from './feedback';
import type { PolicyItem, PolicyBylineView } from './policies';

/** How many strategy pages one registration re-keys (each is a page write). */
export const STALE_PAGES_PER_CALL = 20;

export const contract = {
  'directory/list': {
    payload: empty,
    result: returns<DirectoryView>(),
  },
  'directory/create': {
    payload: z
      .object({
        /** Idempotency key chosen by the UI per submission: a retried create never adds a second department. */
        requestId: uuidSchema,
        name: departmentNameSchema,
        headAccountId: accountIdSchema,
        delegateAccountId: optionalDelegateSchema,
        /** Who may check in for it besides its head and stand-in (absent: unchanged, or none). */
        supervisorAccountIds: supervisorsSchema,
        /** The Jira group of its people ('' or absent: none), with the name the picker showed. */
        groupId: groupIdSchema.optional(),
        groupName: z.string().max(255).optional(),
      })
      .strict(),
    result: returns<DepartmentView>(),
  },
  'directory/update': {
    payload: z
      .object({
        id: uuidSchema,
        /** The version the user edited: a stale one answers CONFLICT instead of overwriting. */
        version: z.number().int().min(1),
        name: departmentNameSchema,
        headAccountId: accountIdSchema,
        delegateAccountId: optionalDelegateSchema,
        /** Who may check in for it besides its head and stand-in (absent: unchanged, or none). */
        supervisorAccountIds: supervisorsSchema,
        /** The Jira group of its people ('' or absent: none), with the name the picker showed. */
        groupId: groupIdSchema.optional(),
        groupName: z.string().max(255).optional(),
      })
      .strict(),
    result: returns<DepartmentView>(),
  },
  'directory/remove': {
    payload: z.object({ id: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<{ id: string }>(),
  },
  'users/search': {
    payload: z
      .object({
        query: textSchema({
          max: 100,
          required: 'errors.users.queryRequired',
          tooLong: 'errors.users.queryTooLong',
        }),
      })
      .strict(),
    result: returns<{ users: UserSummary[] }>(),
  },
  /** Jira groups whose names contain the query (Jira administrators, for the directory). */
  'groups/search': {
    payload: z
      .object({
        query: z.string().max(100, { error: 'errors.groups.queryTooLong' }),
      })
      .strict(),
    result: returns<{ groups: GroupRef[] }>(),
  },
  /** Everything the Approvals panel shows for the issue in the context, in one call. */
  'approvals/panel': {
    payload: empty,
    result: returns<ApprovalsPanelView>(),
  },
  /** Makes the context's issue the anchor of a new rollout. */
  'rollouts/create': {
    payload: z.object({ requestId: uuidSchema }).extend(rolloutInputSchema.shape).strict(),
    result: returns<ApprovalsPanelView>(),
  },
  /**
   * Discards a rollout that was never approved, as its creator or a Jira admin: the rollout, its
   * department links and approvals go, the audit trail records it; its Jira issue and Confluence
   * page are kept (the app never deletes people's content).
   */
  'rollouts/discard': {
    payload: z.object({ rolloutId: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<DiscardOutcome>(),
  },
  /** Opens a new approval round: one approval per department, stage by stage. */
  'approvals/request': {
    payload: z.object({ version: z.number().int().min(1) }).strict(),
    result: returns<ApprovalsPanelView>(),
  },
  'approvals/decide': {
    payload: z
      .object({
        approvalId: approvalIdSchema,
        version: z.number().int().min(1),
        decision: decisionSchema,
        comment: commentSchema.default(''),
      })
      .strict(),
    result: returns<ApprovalsPanelView>(),
  },
  'approvals/history': {
    payload: z.object({ cursor: cursorSchema.optional() }).strict(),
    result: returns<HistoryPage>(),
  },
  /** One page of the audit trail as CSV (the first page starts with the header row). */
  'approvals/export': {
    payload: z.object({ cursor: cursorSchema.optional() }).strict(),
    result: returns<{ csv: string; nextCursor: string | null }>(),
  },
  'delegations/add': {
    payload: delegationInputSchema,
    result: returns<MyDelegations>(),
  },
  'delegations/remove': {
    payload: z.object({ id: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<MyDelegations>(),
  },
  'settings/get': {
    payload: empty,
    result: returns<SettingsView>(),
  },
  'settings/update': {
    payload: settingsInputSchema,
    result: returns<SettingsView>(),
  },
  /** confluence:spacePage: the space's rollouts and what the creation flow needs. */
  'strategy/space': {
    payload: empty,
    result: returns<StrategySpaceView>(),
  },
  /**
   * Creates the rollout, its strategy page in the context's space and its anchor Jira issue, linked
   * both ways. Idempotent by requestId: a retry after a failure continues where it stopped.
   */
  'strategy/create': {
    payload: z.object({ requestId: uuidSchema }).extend(strategyInputSchema.shape).strict(),
    result: returns<StrategyDetail>(),
  },
  /**
   * Whether a title is free for a new strategy in the context's space (its page title is not
   * taken). `rolloutId`: the strategy's own page does not count (finishing a half-made one).
   */
  'strategy/checkTitle': {
    payload: z.object({ title: rolloutTitleSchema, rolloutId: uuidSchema.optional() }).strict(),
    result: returns<TitleCheck>(),
  },
  'strategy/get': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<StrategyDetail>(),
  },
  /**
   * Changes the plan while no round is awaiting decisions ("Edit plan", from the strategy page or
   * the Approvals panel) and re-renders the page, if any; on an approved rollout, opens a
   * re-confirmation round for the departments the change concerns, refused first (CONFLICT
   * `errors.rollout.confirmReconfirmation`, with `details.reconfirm`) until it is sent again with
   * `confirmReconfirmation: true`.
   */
  'strategy/update': {
    payload: z
      .object({
        rolloutId: uuidSchema,
        version: z.number().int().min(1),
        plan: planEditSchema,
        confirmReconfirmation: confirmSchema,
      })
      .extend(rolloutInputSchema.shape)
      .strict(),
    result: returns<StrategyDetail>(),
  },
  /**
   * Starts a background push that creates the plan's missing Jira issues (bulk, ≤ 50 a call),
   * never duplicating; while one runs, answers that one.
   */
  'strategy/push': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PushStatus>(),
  },
  /** Where the push stands (polled while one runs). */
  'strategy/push-status': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PushStatus>(),
  },
  'templates/status': {
    payload: z.object({ scope: z.enum(['space', 'global']) }).strict(),
    result: returns<TemplateStatus>(),
  },
  /** Registers (or updates) the native "Rollout strategy" template in the chosen language. */
  'templates/register': {
    payload: z
      // A language code; the resolver refuses one the app does not ship.
      .object({ scope: z.enum(['space', 'global']), language: z.string().regex(/^[a-z]{2,3}$/u) })
      .strict(),
    result: returns<TemplateStatus>(),
  },
  /** The Rollout status macro: bound by its config, or to the rollout whose strategy page holds it. */
  'macro/status': {
    payload: empty,
    result: returns<MacroView>(),
  },
  /** The raise form for the issue in the context: the rollout's departments and phases. */
  'problems/form': {
    payload: empty,
    result: returns<ProblemFormView>(),
  },
  /**
   * Raises a problem from `issueKey` (any issue of a rollout the user may browse): creates its
   * Jira issue, a child of the rollout's anchor, and tells the coordinator (and the department's
   * head for high and blocking ones). Idempotent by requestId: a repeated click creates nothing more.
   */
  'problems/raise': {
    payload: z
      .object({
        requestId: uuidSchema,
        issueKey: z
          .string({ error: 'errors.field.invalid' })
          .regex(/^[A-Z][A-Z0-9_]{0,9}-[1-9][0-9]{0,9}$/u, { error: 'errors.field.invalid' }),
        category: z.enum(PROBLEM_CATEGORIES, { error: 'errors.problem.category' }),
        severity: z.enum(PROBLEM_SEVERITIES, { error: 'errors.problem.severity' }),
        departmentId: optionalRefId.default(''),
        phaseId: optionalRefId.default(''),
        summary: textSchema(PROBLEM_TEXT.summary),
        description: textSchema(PROBLEM_TEXT.description),
      })
      .strict(),
    result: returns<ProblemView>(),
  },
  /** The rollout's problems (the anchor's panel), newest first. */
  'problems/list': {
    payload: empty,
    result: returns<ProblemListView>(),
  },
  'problems/acknowledge': {
    payload: z.object(problemRef).strict(),
    result: returns<ProblemView>(),
  },
  /** Names who works on it (acknowledging a new one). */
  'problems/assign': {
    payload: z.object({ ...problemRef, ownerAccountId: accountIdSchema }).strict(),
    result: returns<ProblemView>(),
  },
  /** Resolved, with an optional comment and what fixed it (a corrected page, an added session…). */
  'problems/resolve': {
    payload: z
      .object({
        ...problemRef,
        comment: problemComment('resolve'),
        fixLink: z
          .string({ error: 'errors.problem.fixLink' })
          .trim()
          .default('')
          .superRefine(byRule(fixLinkIssue)),
      })
      .strict(),
    result: returns<ProblemView>(),
  },
  /** Kept as a known risk: the comment says why, and the audit trail keeps it. */
  'problems/accept': {
    payload: z.object({ ...problemRef, comment: problemComment('accept') }).strict(),
    result: returns<ProblemView>(),
  },
  /** Rollouts the macro's config may bind to (those with a strategy in this space). */
  'macro/options': {
    payload: empty,
    result: returns<{ rollouts: StrategySummary[] }>(),
  },
  /**
   * The Rollout panel of the context's issue: the anchor at a glance, or a work issue's place.
   * With `sections`, the anchor's answer also carries its sections' first answers (the panel's
   * first load: one invoke); without, the panel alone (a refresh after an action).
   */
  'rolloutPanel/load': {
    payload: z.object({ sections: z.boolean().default(false) }).strict(),
    result: returns<RolloutPanelView>(),
  },
  /**
   * Marks a phase of the context's rollout complete (coordinator or Jira admin). Refused while a
   * blocking problem of the phase is open unless `riskComment` accepts the risk. Idempotent.
   */
  'rolloutPanel/completePhase': {
    payload: z
      .object({
        phaseId: uuidSchema,
        riskComment: commentSchema.default(''),
      })
      .strict(),
    result: returns<RolloutPanelView>(),
  },
  /**
   * Records who attended the context's session issue (its owner, the coordinator or a Jira
   * admin): the whole list, replacing the stored one read at `version` (0: none yet). The same
   * list again is a no-op; a list recorded by someone else meanwhile is CONFLICT.
   */
  'attendance/record': {
    payload: z
      .object({
        sessionId: uuidSchema,
        attendeeAccountIds: z
          .array(accountIdSchema)
          .max(MAX_ATTENDEES, { error: 'errors.attendance.tooMany' }),
        version: z.number().int().min(0),
      })
      .strict(),
    result: returns<RolloutPanelView>(),
  },
  /**
   * Enters a department's head-count on the context's rollout (coordinator or Jira admin): its
   * trained % falls back to it when the department has no Jira group. 0 clears it. Idempotent.
   */
  /** The weekly digest of the context issue's rollout: its settings and the viewer's subscription. */
  'digest/get': {
    payload: empty,
    result: returns<DigestView>(),
  },
  /** Changes the digest's day, sponsors or on/off (the coordinator or a Jira admin). */
  'digest/update': {
    payload: digestSettingsInputSchema,
    result: returns<DigestView>(),
  },
  /** The viewer opts out of (or back into) this rollout's digest. Idempotent. */
  'digest/subscribe': {
    payload: digestSubscriptionSchema,
    result: returns<DigestView>(),
  },
  'rolloutPanel/setHeadCount': {
    payload: z
      .object({
        departmentId: uuidSchema,
        headCount: z
          .number({ error: 'errors.headCount.invalid' })
          .int({ error: 'errors.headCount.invalid' })
          .min(0, { error: 'errors.headCount.invalid' })
          .max(HEAD_COUNT_MAX, { error: 'errors.headCount.invalid' }),
      })
      .strict(),
    result: returns<RolloutPanelView>(),
  },
  /** The acting user confirms they attended the context's session issue. Idempotent. */
  'attendance/confirm': {
    payload: z.object({ sessionId: uuidSchema }).strict(),
    result: returns<RolloutPanelView>(),
  },
  /** The context anchor's suggested adjustments (coordinator or Jira admin). */
  'suggestions/list': {
    payload: empty,
    result: returns<SuggestionsView>(),
  },
  /**
   * Accepts a suggestion: the plan changes through the plan-edit rule (re-confirmation where it
   * says so) and the new item's Jira issue is pushed. Idempotent: accepting again changes nothing.
   */
  'suggestions/accept': {
    payload: z.object({ suggestionId: suggestionIdSchema }).strict(),
    result: returns<SuggestionsView>(),
  },
  /** Dismisses a suggestion for this week with a reason the audit trail keeps. Idempotent. */
  'suggestions/dismiss': {
    payload: z
      .object({
        suggestionId: suggestionIdSchema,
        reason: textSchema({
          max: COMMENT_MAX,
          required: 'errors.suggestion.reasonRequired',
          tooLong: 'errors.approval.commentTooLong',
          multiline: true,
        }),
      })
      .strict(),
    result: returns<SuggestionsView>(),
  },
  /** The progress gadget: its rollouts' progress, plan vs actual and trend, for the viewer. */
  'gadget/load': {
    payload: gadgetLoadSchema,
    result: returns<GadgetLoadView>(),
  },
  /**
   * The rollouts the gadget's edit view offers (those the viewer may see), a page at a time:
   * each page at most one storage page of rollouts per approval state offered and one Jira
   * visibility check, whatever the site holds.
   */
  'gadget/options': {
    payload: gadgetOptionsSchema,
    result: returns<GadgetOptionsPage>(),
  },
  /** The feedback section of the context's rollout anchor: pulses, readiness, check-ins. */
  'pulses/load': {
    payload: empty,
    result: returns<FeedbackView>(),
  },
  /**
   * Opens a pulse for the context's rollout (its coordinator or a Jira admin) and e-mails the
   * asked departments' Jira groups a link. Idempotent by requestId (the pulse's id).
   */
  'pulses/open': {
    payload: pulseInputSchema,
    result: returns<FeedbackView & { mailed: number; unmailed: string[] }>(),
  },
  /** Ends a pulse before its period does. */
  'pulses/close': {
    payload: z.object({ pulseId: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<FeedbackView>(),
  },
  /** A supervisor's or head's check-in for one department: named, not anonymous. */
  'pulses/checkIn': {
    payload: z
      .object({
        requestId: uuidSchema,
        departmentId: uuidSchema,
        rating: z
          .number({ error: 'errors.pulse.rating' })
          .int({ error: 'errors.pulse.rating' })
          .min(SCORE_MIN, { error: 'errors.pulse.rating' })
          .max(SCORE_MAX, { error: 'errors.pulse.rating' }),
        note: checkInNoteSchema,
      })
      .strict(),
    result: returns<FeedbackView>(),
  },
  /**
   * One department's comments in a pulse, sorted by text (never by arrival), for the coordinator,
   * Jira admins and that department's head, while its group shows.
   */
  'pulses/comments': {
    payload: z
      .object({
        pulseId: uuidSchema,
        departmentId: uuidSchema,
        /** The first bucket to read (from `nextPage` of the call before). */
        fromPage: z.number().int().min(0).max(1000).default(0),
      })
      .strict(),
    result: returns<{ comments: string[]; nextPage: number | null }>(),
  },
  /** The pulse form where the acting user may answer: the pulse macro, or an issue's panel. */
  'pulses/form': {
    payload: empty,
    result: returns<PulseFormView>(),
  },
  /** The "My rollouts" page: what waits for the acting user across rollouts. */
  'mine/load': {
    payload: empty,
    result: returns<MyRolloutsView>(),
  },
  /**
   * Decides an approval from "My rollouts", with the Approvals panel's use case and rules (as
   * approver or active delegate, stage order, self-approval); answers the page again.
   */
  'mine/decide': {
    payload: mineDecideSchema,
    result: returns<MyRolloutsView>(),
  },
  /** An anonymous answer: once per person per pulse; stored with no one's id and no time. */
  'pulses/answer': {
    payload: z
      .object({
        pulseId: uuidSchema,
        departmentId: uuidSchema,
        role: pulseRoleSchema,
        scores: adkarScoresSchema,
        comment: pulseCommentSchema,
      })
      .strict(),
    result: returns<PulseFormView>(),
  },
  /** The policy byline of the context's Confluence page, for the viewer. */
  'policy/byline': {
    payload: empty,
    result: returns<PolicyBylineView>(),
  },
  /** The coordinator names the context's page as (part of) the rollout's policy. Idempotent. */
  'policy/name': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PolicyBylineView>(),
  },
  /**
   * The coordinator marks the context page's current version as material: that page's
   * acknowledgements reset and its people are asked again. Repeating it changes nothing.
   */
  'policy/revise': {
    payload: z.object({ rolloutId: uuidSchema }).strict(),
    result: returns<PolicyBylineView>(),
  },
  /** The acting user acknowledges a policy page of a rollout (the version they can read). Idempotent. */
  'policy/acknowledge': {
    payload: z.object({ rolloutId: uuidSchema, pageId: policyPageIdSchema }).strict(),
    result: returns<PolicyItem>(),
  },
  /** The policy pages the acting user is asked to acknowledge, across rollouts. */
  'policy/mine': {
    payload: empty,
    result: returns<PolicyItem[]>(),
  },
} as const;

export type { SessionKind, ApprovalState, ApprovalStatus, AuditEventType, Decision };

export type Contract = typeof contract;
export type FunctionKey = keyof Contract;
/** What the UI sends (before the schema's transforms). */
export type PayloadIn<K extends FunctionKey> = z.input<Contract[K]['payload']>;
/** What a use case receives (after validation and transforms). */
export type PayloadOut<K extends FunctionKey> = z.output<Contract[K]['payload']>;
export type ResultOf<K extends FunctionKey> =
  Contract[K]['result'] extends Returns<infer T> ? T : never;

export const FUNCTION_KEYS = Object.keys(contract) as FunctionKey[];
