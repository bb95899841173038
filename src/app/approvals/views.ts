/**
 * The Approvals panel's views, built from a loaded rollout and one user look-up. Pure: every
 * use case answers through these, so the UI always gets the same shapes.
 */
import type {
  ApprovalView,
  ApprovalsPanelView,
  RolloutSummary,
  AuditEventView,
  DelegationView,
  DepartmentOption,
  HistoryPage,
  IssueRef,
  MyDelegations,
  RoundView,
} from '../../contract';
import type { IssueAccess } from '../../atlassian/jira/port';
import { decisionRight, type Approval } from '../../domain/approvals';
import type { AuditEvent } from '../../domain/audit';
import {
  currentDelegations,
  standInFor,
  today,
  type DelegationRecord,
} from '../../domain/delegation';
import { sortDepartments, type Department } from '../../domain/departments';
import { canRequestApproval, isEditable } from '../../domain/rollout';
import { defaultLanguage, type Language } from '../../i18n';
import { describeChanges } from '../../notifications/plan-changes';
import { lifecycleOf, type Rollout } from '../../domain/rollout';
import type { RolloutState } from './state';
import { nameOf, optionalUser, userSummary, type Users } from '../users';

export function issueRef(issue: IssueAccess): IssueRef {
  return { id: issue.id, key: issue.key, summary: issue.summary };
}

export function departmentOptions(
  directory: readonly Department[],
  users: Users,
): DepartmentOption[] {
  return sortDepartments(directory).map((department) => ({
    id: department.id,
    name: department.name,
    head: userSummary(department.headAccountId, users),
    delegate: optionalUser(department.delegateAccountId, users),
  }));
}

/** Everyone a set-up view names. */
export function setupPeople(directory: readonly Department[]): string[] {
  return directory.flatMap((d) => [d.headAccountId, d.delegateAccountId]);
}

export function setupView(
  issue: IssueAccess,
  directory: readonly Department[],
  users: Users,
): ApprovalsPanelView {
  return {
    kind: 'setup',
    issue: issueRef(issue),
    canSetUp: issue.canEdit,
    departments: departmentOptions(directory, users),
  };
}

/** One approval as `actor` sees it: may they decide it, and if not, why. */
export function approvalView(
  approval: Approval,
  state: RolloutState,
  actor: string,
  users: Users,
  now: Date,
  language: Language = defaultLanguage(),
): ApprovalView {
  const standIn = standInFor(approval, state, now);
  const right = decisionRight({
    approval,
    rollout: state.rollout,
    summary: state.summary,
    actor: { accountId: actor },
    // Approving is what the self-approval rule restricts: the view answers for it.
    decision: 'approved',
    activeDelegate: standIn,
    allowSelfApproval: state.settings.allowSelfApproval,
  });
  const involved = actor === approval.approverAccountId || (standIn !== '' && actor === standIn);
  return {
    id: approval.id,
    departmentId: approval.departmentId,
    departmentName: approval.departmentName,
    stage: approval.stage,
    approver: userSummary(approval.approverAccountId, users),
    activeDelegate: optionalUser(standIn, users),
    status: approval.status,
    open: approval.round === state.rollout.round && approval.stage === state.summary.openStage,
    comment: approval.comment,
    decidedBy: optionalUser(approval.decidedBy, users),
    decidedOnBehalfOf: optionalUser(approval.decidedOnBehalfOf, users),
    decidedAt: approval.decidedAt || null,
    remindersSent: approval.remindersSent,
    version: approval.version,
    canDecide: right.allowed,
    blockedBecause: !right.allowed && involved ? right.reason : null,
    decidesOnBehalfOf: right.allowed ? optionalUser(right.onBehalfOf, users) : null,
    changes: describeChanges(approval.changes, language),
    carriedOver: approval.carriedOver === true,
  };
}

function roundView(
  state: RolloutState,
  actor: string,
  users: Users,
  now: Date,
  language: Language,
): RoundView | null {
  const { rollout, summary } = state;
  if (rollout.round < 1) return null;
  const approvals = [...state.round].sort(
    (a, b) => a.stage - b.stage || a.departmentName.localeCompare(b.departmentName),
  );
  return {
    number: rollout.round,
    state: summary.state,
    openStage: summary.openStage,
    requestedBy: userSummary(rollout.roundRequestedBy, users),
    requestedAt: rollout.roundRequestedAt,
    approvals: approvals.map((approval) =>
      approvalView(approval, state, actor, users, now, language),
    ),
    waitingFor: [...summary.waitingFor]
      .sort((a, b) => a.departmentName.localeCompare(b.departmentName))
      .map((approval) => ({
        departmentName: approval.departmentName,
        approver: userSummary(approval.approverAccountId, users),
      })),
  };
}

export function eventView(event: AuditEvent, users: Users): AuditEventView {
  return {
    id: event.id,
    at: event.at,
    type: event.type,
    actor: optionalUser(event.actorAccountId, users),
    onBehalfOf: optionalUser(event.onBehalfOfAccountId, users),
    departmentName: event.departmentName,
    round: event.round,
    stage: event.stage,
    detail: event.type === 'delegated' && event.detail ? nameOf(event.detail, users) : event.detail,
    comment: event.comment,
  };
}

export function historyPage(
  page: { events: readonly AuditEvent[]; nextCursor: string | undefined },
  users: Users,
): HistoryPage {
  return {
    events: page.events.map((event) => eventView(event, users)),
    nextCursor: page.nextCursor ?? null,
  };
}

/** Everyone events name. */
export function eventPeople(events: readonly AuditEvent[]): string[] {
  return events.flatMap((event) => [
    event.actorAccountId,
    event.onBehalfOfAccountId,
    event.type === 'delegated' ? event.detail : '',
  ]);
}

/** The departments `accountId` heads in the directory, by name. */
export function headedBy(directory: readonly Department[], accountId: string): Department[] {
  return sortDepartments(directory.filter((d) => d.headAccountId === accountId));
}

/** The acting user's delegations, when they head a department of the directory (else null). */
export function myDelegationsView(
  directory: readonly Department[],
  record: DelegationRecord | undefined,
  actor: string,
  users: Users,
  now: Date,
): MyDelegations | null {
  return headedBy(directory, actor).length > 0
    ? delegationsView(directory, record, actor, users, now)
    : null;
}

/** The acting user's delegations (`headOf` empty when they no longer head a department). */
export function delegationsView(
  directory: readonly Department[],
  record: DelegationRecord | undefined,
  actor: string,
  users: Users,
  now: Date,
): MyDelegations {
  const headOf = headedBy(directory, actor);
  const day = today(now);
  const defaultDelegate = headOf.find((d) => d.delegateAccountId !== '')?.delegateAccountId ?? '';
  return {
    headOf: headOf.map((d) => d.name),
    delegations: currentDelegations(record, now).map((d): DelegationView => ({
      id: d.id,
      delegate: userSummary(d.delegateAccountId, users),
      from: d.from,
      to: d.to,
      active: d.from <= day && day <= d.to,
    })),
    defaultDelegate: optionalUser(defaultDelegate, users),
    version: record?.version ?? 0,
  };
}

/** Everyone `myDelegationsView` names. */
export function delegationPeople(
  directory: readonly Department[],
  record: DelegationRecord | undefined,
  actor: string,
): string[] {
  return [
    ...headedBy(directory, actor).map((d) => d.delegateAccountId),
    ...(record?.delegations ?? []).map((d) => d.delegateAccountId),
  ];
}

/** Everyone the rollout view names: one user look-up covers them all. */
export function rolloutPeople(state: RolloutState, actor: string, now: Date): string[] {
  const { rollout } = state;
  return [
    rollout.createdBy,
    rollout.roundRequestedBy,
    ...rollout.departments.map((d) => d.headAccountId),
    ...state.round.flatMap((a) => [
      a.approverAccountId,
      a.decidedBy,
      a.decidedOnBehalfOf,
      standInFor(a, state, now),
    ]),
    ...eventPeople(state.history.events),
    ...delegationPeople(state.directory, state.delegations.get(actor), actor),
  ];
}

/** The rollout as its summary shows it (the Approvals panel and the strategy view). */
export function rolloutSummary(rollout: Rollout, issue: IssueRef, users: Users): RolloutSummary {
  return {
    id: rollout.id,
    title: rollout.title,
    objective: rollout.objective,
    targetDate: rollout.targetDate,
    issue,
    approvalState: rollout.approvalState,
    lifecycle: lifecycleOf(rollout),
    startedAt: rollout.startedAt ?? null,
    completedAt: rollout.completedAt ?? null,
    round: rollout.round,
    version: rollout.version,
    departments: rollout.departments.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      head: userSummary(d.headAccountId, users),
      stage: d.stage,
    })),
    createdBy: userSummary(rollout.createdBy, users),
    createdAt: rollout.createdAt,
  };
}

export function rolloutView(
  state: RolloutState,
  actor: string,
  users: Users,
  now: Date,
  language: Language = defaultLanguage(),
  /** The acting user may discard the rollout (see `discardRight`). */
  discardable = false,
): ApprovalsPanelView {
  const { rollout, issue } = state;
  return {
    kind: 'rollout',
    rollout: rolloutSummary(rollout, issueRef(issue), users),
    round: roundView(state, actor, users, now, language),
    canManage: issue.canEdit,
    canRequest: issue.canEdit && canRequestApproval(rollout),
    canEditPlan: issue.canEdit && isEditable(rollout),
    canDiscard: discardable,
    history: historyPage(state.history, users),
    myDelegations: myDelegationsView(
      state.directory,
      state.delegations.get(actor),
      actor,
      users,
      now,
    ),
  };
}
