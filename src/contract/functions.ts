/**
 * The one contract between the UI and the backend: for each function key, the zod schema of its
 * payload and the type of its result. The backend validates with it; the UI's client is typed from it.
 * Keys are route-like (`area/action`).
 */
import { z } from 'zod';
import { accountIdSchema, uuidSchema } from '../domain/ids';
import { departmentNameSchema, optionalDelegateSchema } from '../domain/departments';
import {
  commentSchema,
  decisionSchema,
  type ApprovalStatus,
  type Decision,
} from '../domain/approvals';
import type { AuditEventType } from '../domain/audit';
import { delegationInputSchema } from '../domain/delegation';
import { rolloutInputSchema, type ApprovalState } from '../domain/rollout';
import { settingsInputSchema } from '../domain/settings';

/** A phantom marker carrying a result type; it has no runtime content. */
export interface Returns<T> {
  readonly __result?: T;
}
function returns<T>(): Returns<T> {
  return {};
}

export interface UserSummary {
  accountId: string;
  displayName: string;
  avatarUrl: string | null;
  active: boolean;
}

export interface DepartmentView {
  id: string;
  name: string;
  head: UserSummary;
  delegate: UserSummary | null;
  version: number;
  updatedAt: string;
}

export interface DirectoryView {
  departments: DepartmentView[];
  /** Whether the acting user may change the directory (Jira administrators only). */
  canManage: boolean;
  limit: number;
}

/** A department as the rollout set-up form offers it: from the directory, head pre-filled. */
export interface DepartmentOption {
  id: string;
  name: string;
  head: UserSummary;
  delegate: UserSummary | null;
}

export interface IssueRef {
  id: string;
  key: string;
  summary: string;
}

export interface RolloutSummary {
  id: string;
  title: string;
  objective: string;
  targetDate: string;
  issue: IssueRef;
  approvalState: ApprovalState;
  round: number;
  version: number;
  departments: { departmentId: string; name: string; head: UserSummary; stage: number }[];
  createdBy: UserSummary;
  createdAt: string;
}

/** Why the acting user cannot decide an approval (the UI says it in their language). */
export type DecisionBlock =
  'not-approver' | 'already-decided' | 'stage-not-open' | 'self-approval' | 'round-closed';

export interface ApprovalView {
  id: string;
  departmentId: string;
  departmentName: string;
  stage: number;
  approver: UserSummary;
  /** Who may decide for the approver today, if anyone. */
  activeDelegate: UserSummary | null;
  status: ApprovalStatus;
  /** Whether this approval's stage is open for decisions. */
  open: boolean;
  comment: string;
  decidedBy: UserSummary | null;
  decidedOnBehalfOf: UserSummary | null;
  decidedAt: string | null;
  remindersSent: number;
  version: number;
  /** For the acting user: may they decide it, and if not (while it is pending), why. */
  canDecide: boolean;
  /** Set when the acting user is the approver or their delegate but may not decide. */
  blockedBecause: DecisionBlock | null;
  /** When the acting user decides as a delegate: on whose behalf. */
  decidesOnBehalfOf: UserSummary | null;
}

export interface RoundView {
  number: number;
  state: ApprovalState;
  openStage: number;
  requestedBy: UserSummary;
  requestedAt: string;
  approvals: ApprovalView[];
  /** Who the round is waiting for (pending approvals of the open stage). */
  waitingFor: { departmentName: string; approver: UserSummary }[];
}

export interface AuditEventView {
  id: string;
  at: string;
  type: AuditEventType;
  actor: UserSummary | null;
  onBehalfOf: UserSummary | null;
  departmentName: string;
  round: number;
  stage: number;
  /** For decisions: the decision; for delegations: the delegate's name. */
  detail: string;
  comment: string;
}

export interface HistoryPage {
  events: AuditEventView[];
  nextCursor: string | null;
}

export interface DelegationView {
  id: string;
  delegate: UserSummary;
  from: string;
  to: string;
  active: boolean;
}

export interface MyDelegations {
  /** Departments the acting user heads (in the directory): delegation applies to all of them. */
  headOf: string[];
  delegations: DelegationView[];
  defaultDelegate: UserSummary | null;
  version: number;
}

export type ApprovalsPanelView =
  | {
      kind: 'setup';
      issue: IssueRef;
      /** Whether the acting user may make this issue a rollout (they may edit it). */
      canSetUp: boolean;
      departments: DepartmentOption[];
    }
  | {
      kind: 'rollout';
      rollout: RolloutSummary;
      round: RoundView | null;
      /** The acting user may edit the issue: set up, change the plan, request approval. */
      canManage: boolean;
      canRequest: boolean;
      /** The acting user may change the plan now (manages it, and no round is deciding or approved it). */
      canEditPlan: boolean;
      history: HistoryPage;
      myDelegations: MyDelegations | null;
    };

export interface SettingsView {
  reminderCadenceDays: number;
  maxReminders: number;
  allowSelfApproval: boolean;
  version: number;
  canManage: boolean;
}

const empty = z.object({}).strict();

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
        query: z
          .string()
          .trim()
          .min(1, { error: 'errors.users.queryRequired' })
          .max(100, { error: 'errors.users.queryTooLong' }),
      })
      .strict(),
    result: returns<{ users: UserSummary[] }>(),
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
  /** Changes the plan while no round is awaiting decisions. */
  'rollouts/update': {
    payload: z
      .object({ version: z.number().int().min(1) })
      .extend(rolloutInputSchema.shape)
      .strict(),
    result: returns<ApprovalsPanelView>(),
  },
  /** Opens a new approval round: one approval per department, stage by stage. */
  'approvals/request': {
    payload: z.object({ version: z.number().int().min(1) }).strict(),
    result: returns<ApprovalsPanelView>(),
  },
  'approvals/decide': {
    payload: z
      .object({
        approvalId: z.string().min(1).max(200),
        version: z.number().int().min(1),
        decision: decisionSchema,
        comment: commentSchema.default(''),
      })
      .strict(),
    result: returns<ApprovalsPanelView>(),
  },
  'approvals/history': {
    payload: z.object({ cursor: z.string().min(1).max(2000).optional() }).strict(),
    result: returns<HistoryPage>(),
  },
  /** One page of the audit trail as CSV (the first page starts with the header row). */
  'approvals/export': {
    payload: z.object({ cursor: z.string().min(1).max(2000).optional() }).strict(),
    result: returns<{ csv: string; nextCursor: string | null }>(),
  },
  'delegations/add': {
    payload: delegationInputSchema,
    result: returns<MyDelegations>(),
  },
  'delegations/remove': {
    payload: z
      .object({ id: z.string().min(1).max(100), version: z.number().int().min(1) })
      .strict(),
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
} as const;

export type { ApprovalState, ApprovalStatus, AuditEventType, Decision };

export type Contract = typeof contract;
export type FunctionKey = keyof Contract;
/** What the UI sends (before the schema's transforms). */
export type PayloadIn<K extends FunctionKey> = z.input<Contract[K]['payload']>;
/** What a handler receives (after validation and transforms). */
export type PayloadOut<K extends FunctionKey> = z.output<Contract[K]['payload']>;
export type ResultOf<K extends FunctionKey> =
  Contract[K]['result'] extends Returns<infer T> ? T : never;

export const FUNCTION_KEYS = Object.keys(contract) as FunctionKey[];
