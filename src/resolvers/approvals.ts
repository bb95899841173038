/**
 * The Approvals panel: the view, requesting a round, deciding, the audit trail and its export.
 * Every handler starts by asking Jira, as the acting user, whether they may browse the issue in
 * the platform context; whoever may not gets NOT_FOUND and learns nothing of the rollout.
 */
import {
  AppFailure,
  appError,
  type ApprovalsPanelView,
  type ApprovalView,
  type DecisionBlock,
} from '../contract';
import {
  commentRequired,
  decide,
  decisionEvent,
  decisionRight,
  openRound,
  summariseRound,
  type Approval,
} from '../domain/approvals';
import { CSV_COLUMNS, csvRow, eventCsvRow, eventTime } from '../domain/audit';
import { AUDIT_EXPORT_PAGE, AUDIT_PAGE } from '../domain/limits';
import { canRequestApproval, type Rollout } from '../domain/rollout';
import { isBadRequest } from '../storage/kvs-errors';
import { languageOf } from '../i18n';
import { decisionRecordedMail } from '../notifications/decision-recorded';
import { browseIssue, requireEdit, staleRollout } from './access';
import { discardRight } from './discard';
import type { CallContext, Handler } from './edge';
import type { Ports } from './ports';
import {
  deliver,
  loadState,
  mailRecipients,
  setPropertySafely,
  settle,
  stageOpenedMail,
  standInFor,
  type PendingMail,
  type RolloutState,
} from './rollout-state';
import { lookUpUsers, lookUpUsersAfterWrite, nameOf } from './users';
import {
  approvalView,
  eventPeople,
  historyPage,
  rolloutPeople,
  rolloutView,
  setupPeople,
  setupView,
} from './views';

export function rolloutNotFound(): AppFailure {
  return new AppFailure(
    appError('NOT_FOUND', 'errors.rollout.notFound', 'This issue is not a rollout.'),
  );
}

/** The rollout anchored on the issue the acting user browses; NOT_FOUND when there is none. */
async function rolloutOf(ports: Ports, issueId: string): Promise<Rollout> {
  const rollout = await ports.rollouts.findByIssue(issueId);
  if (!rollout) throw rolloutNotFound();
  return rollout;
}

/**
 * Answers the panel from a state: reads the newest events again when this call wrote some, looks
 * every person up once, sends the e-mails owed, and builds the view. `afterWrite`: a change is
 * already stored, so nothing here may fail the call (it degrades to names missing instead).
 */
export async function answerPanel(
  ports: Ports,
  call: CallContext,
  start: RolloutState,
  options: { wrote: boolean; mails: readonly PendingMail[]; afterWrite: boolean },
): Promise<ApprovalsPanelView> {
  let state = start;
  if (options.wrote) {
    try {
      state = {
        ...state,
        history: await ports.audit.page(state.rollout.id, AUDIT_PAGE, undefined),
      };
    } catch (error) {
      if (!options.afterWrite) throw error;
      console.warn('[rollout-coordinator] newest events not re-read after a write');
    }
  }
  const now = ports.now();
  const people = [...rolloutPeople(state, call.accountId, now), ...mailRecipients(options.mails)];
  const [users, discardable] = await Promise.all([
    options.afterWrite
      ? lookUpUsersAfterWrite(ports.jira, people)
      : lookUpUsers(ports.jira, people),
    discardRight(ports, call, state.rollout, state.issue),
  ]);
  await deliver(ports, state.rollout.anchorIssueId, options.mails, users);
  return rolloutView(state, call.accountId, users, now, languageOf(call.locale), discardable);
}

/** The whole panel for the state's issue as it is now in storage (for CONFLICT answers). */
async function currentPanel(
  ports: Ports,
  call: CallContext,
  state: RolloutState,
): Promise<ApprovalsPanelView> {
  const rollout = await rolloutOf(ports, state.issue.id);
  const fresh = await loadState(ports, state.issue, rollout);
  return answerPanel(ports, call, fresh, { wrote: false, mails: [], afterWrite: false });
}

export const approvalsPanel: Handler<'approvals/panel', Ports> = async (_payload, call, ports) => {
  const issue = await browseIssue(ports, call);
  const rollout = await ports.rollouts.findByIssue(issue.id);
  if (!rollout) {
    const directory = await ports.departments.list();
    const users = await lookUpUsers(ports.jira, setupPeople(directory));
    return setupView(issue, directory, users);
  }
  // Settling here finishes what an interrupted decision left (the rollout's state, its e-mails):
  // it writes only when the stored rollout lags behind its round.
  const settled = await settle(ports, await loadState(ports, issue, rollout));
  return answerPanel(ports, call, settled.state, {
    wrote: settled.wrote,
    mails: settled.mails,
    // Once settling wrote, the e-mails it owes must go out even if Jira fails the names.
    afterWrite: settled.wrote,
  });
};

export const requestApproval: Handler<'approvals/request', Ports> = async (
  payload,
  call,
  ports,
) => {
  const issue = await browseIssue(ports, call);
  requireEdit(issue);
  const rollout = await rolloutOf(ports, issue.id);
  const state = await loadState(ports, issue, rollout);
  if (rollout.version !== payload.version)
    throw staleRollout(await currentPanel(ports, call, state));
  if (!canRequestApproval(rollout)) {
    throw new AppFailure(
      appError(
        'CONFLICT',
        'errors.rollout.cannotRequest',
        'Approval can be requested only for a draft, or after changes were requested or a rejection.',
      ),
    );
  }
  const now = ports.now();
  const opened = openRound(rollout, call.accountId, eventTime(now, state.history.events[0]?.at));
  // ⌈n/25⌉ transactions by nature (25 operations each). A failure part-way leaves rows nobody
  // sees (the rollout still points at the previous round); a retry with the same version
  // rewrites them and goes on.
  if ((await ports.approvals.putRound(opened.approvals)) === 'stale') {
    throw staleRollout(await currentPanel(ports, call, state));
  }
  if ((await ports.rollouts.update(rollout, opened.rollout, opened.events)) === 'stale') {
    throw staleRollout(await currentPanel(ports, call, state));
  }
  const next: RolloutState = {
    ...state,
    rollout: opened.rollout,
    round: opened.approvals,
    summary: summariseRound(opened.approvals),
  };
  await setPropertySafely(ports.jira, next.rollout);
  return answerPanel(ports, call, next, {
    wrote: true,
    mails: [stageOpenedMail(next, next.summary.openStage, now)],
    afterWrite: true,
  });
};

const BLOCK_KEYS: Record<DecisionBlock, string> = {
  'not-approver': 'errors.approval.notApprover',
  'already-decided': 'errors.approval.alreadyDecided',
  'stage-not-open': 'errors.approval.stageNotOpen',
  'self-approval': 'errors.approval.selfApproval',
  'round-closed': 'errors.approval.roundClosed',
};

const BLOCK_MESSAGES: Record<DecisionBlock, string> = {
  'not-approver': 'Only the approver or their active delegate can decide.',
  'already-decided': 'This approval is already decided; a decision is final for the round.',
  'stage-not-open': 'This approval belongs to a stage that is not open yet.',
  'self-approval': 'Whoever requested the round cannot approve it, unless an admin allows it.',
  'round-closed': 'This round is closed; a newer round replaced it.',
};

async function decisionForbidden(
  ports: Ports,
  approval: Approval,
  reason: DecisionBlock,
): Promise<AppFailure> {
  const users = await lookUpUsers(ports.jira, [approval.approverAccountId]);
  return new AppFailure(
    appError('FORBIDDEN', BLOCK_KEYS[reason], BLOCK_MESSAGES[reason], {
      params: {
        approver: nameOf(approval.approverAccountId, users),
        department: approval.departmentName,
        stage: approval.stage,
      },
    }),
  );
}

function approvalNotFound(): AppFailure {
  return new AppFailure(
    appError('NOT_FOUND', 'errors.approval.notFound', 'This approval no longer exists.'),
  );
}

/** CONFLICT with the approval as it is now, as the acting user sees it. */
async function approvalStale(
  ports: Ports,
  call: CallContext,
  state: RolloutState,
  approvalId: string,
): Promise<AppFailure> {
  const fresh = await ports.approvals.get(approvalId);
  let current: ApprovalView | undefined;
  if (fresh) {
    const now = ports.now();
    const users = await lookUpUsers(ports.jira, [
      fresh.approverAccountId,
      fresh.decidedBy,
      fresh.decidedOnBehalfOf,
      standInFor(fresh, state, now),
    ]);
    const round = state.round.map((a) => (a.id === fresh.id ? fresh : a));
    current = approvalView(
      fresh,
      { ...state, round, summary: summariseRound(round) },
      call.accountId,
      users,
      now,
      languageOf(call.locale),
    );
  }
  return new AppFailure(
    appError(
      'CONFLICT',
      'errors.approval.stale',
      'Someone already decided this approval.',
      current ? { details: { current } } : {},
    ),
  );
}

export const decideApproval: Handler<'approvals/decide', Ports> = async (payload, call, ports) => {
  const issue = await browseIssue(ports, call);
  if (commentRequired(payload.decision) && payload.comment === '') {
    throw new AppFailure(
      appError(
        'VALIDATION',
        'errors.approval.commentRequired',
        'A comment is required to request changes or to reject.',
        {
          details: { fields: [{ path: 'comment', messageKey: 'errors.approval.commentRequired' }] },
        },
      ),
    );
  }
  const [rollout, approval] = await Promise.all([
    rolloutOf(ports, issue.id),
    ports.approvals.get(payload.approvalId),
  ]);
  if (approval?.rolloutId !== rollout.id) throw approvalNotFound();
  const state = await loadState(ports, issue, rollout);
  const now = ports.now();
  const right = decisionRight({
    approval,
    rollout,
    summary: state.summary,
    actor: { accountId: call.accountId },
    decision: payload.decision,
    activeDelegate: standInFor(approval, state, now),
    allowSelfApproval: state.settings.allowSelfApproval,
  });
  if (!right.allowed && right.reason === 'not-approver') {
    throw await decisionForbidden(ports, approval, right.reason);
  }
  // A stale version is a race lost (a second tab, a double click): CONFLICT with what won,
  // before "already decided", so that every loser of a race hears the same thing.
  if (approval.version !== payload.version) {
    throw await approvalStale(ports, call, state, approval.id);
  }
  if (!right.allowed) throw await decisionForbidden(ports, approval, right.reason);

  const at = eventTime(now, state.history.events[0]?.at);
  const decided = decide(
    approval,
    payload.decision,
    payload.comment,
    call.accountId,
    right.onBehalfOf,
    at,
  );
  // The decision and its audit event: one transaction, conditioned on the approval being
  // unchanged (version and pending status), so of racing decisions exactly one is written.
  if (
    (await ports.approvals.replace(approval, decided, [decisionEvent(decided, at)])) === 'stale' &&
    !(await isOwnWrite(ports, decided))
  ) {
    // Finish whatever the winner may have left undone (a retry finishes the job), then answer.
    const fresh = await withFreshRound(ports, state, state.round);
    const settledForLoser = await settle(ports, fresh);
    throw await approvalStale(ports, call, settledForLoser.state, approval.id);
  }

  // From here the decision stands: nothing below may fail the call.
  const known = state.round.map((a) => (a.id === decided.id ? decided : a));
  const settled = await settle(ports, await withFreshRound(ports, state, known), at);
  const toRequester: PendingMail = {
    // Nobody needs an e-mail about their own decision (a requester allowed to self-approve).
    to: rollout.roundRequestedBy === call.accountId ? [] : [rollout.roundRequestedBy],
    build: (language, users) =>
      decisionRecordedMail(language, {
        rolloutTitle: rollout.title,
        issueKey: rollout.anchorIssueKey,
        deciderName: nameOf(decided.decidedBy, users),
        onBehalfOfName: decided.decidedOnBehalfOf ? nameOf(decided.decidedOnBehalfOf, users) : '',
        departmentName: decided.departmentName,
        decision: payload.decision,
        comment: decided.comment,
      }),
  };
  return answerPanel(ports, call, settled.state, {
    wrote: true,
    mails: [toRequester, ...settled.mails],
    afterWrite: true,
  });
};

/**
 * Whether the stored approval is `decided` itself: this call's write committed, but storage's
 * answer was lost and the retried write (storage/client.ts) found its own condition spent. The
 * decision time is this call's own, so no other decision can match it.
 */
async function isOwnWrite(ports: Ports, decided: Approval): Promise<boolean> {
  const stored = await ports.approvals.get(decided.id);
  return (
    stored?.version === decided.version &&
    stored.status === decided.status &&
    stored.decidedBy === decided.decidedBy &&
    stored.decidedAt === decided.decidedAt
  );
}

/**
 * The state with its round read again (other approvals may have been decided meanwhile); with
 * `fallback` when storage fails, since the caller's decision is already stored.
 */
async function withFreshRound(
  ports: Ports,
  state: RolloutState,
  fallback: Approval[],
): Promise<RolloutState> {
  let round = fallback;
  try {
    round = await ports.approvals.listRound(state.rollout.id, state.rollout.round);
  } catch {
    console.warn('[rollout-coordinator] round not re-read after a decision; using what we know');
  }
  return { ...state, round, summary: summariseRound(round) };
}

/** One page of the trail; a cursor storage does not recognise is the caller's mistake. */
async function eventsPage(
  ports: Ports,
  rolloutId: string,
  limit: number,
  cursor: string | undefined,
  order: 'newest-first' | 'oldest-first',
): ReturnType<Ports['audit']['page']> {
  try {
    return await ports.audit.page(rolloutId, limit, cursor, order);
  } catch (error) {
    if (cursor === undefined || !isBadRequest(error)) throw error;
    throw new AppFailure(
      appError('VALIDATION', 'errors.validation', 'This page of the history cannot be found.', {
        details: { fields: [{ path: 'cursor', messageKey: 'errors.field.invalid' }] },
      }),
    );
  }
}

export const approvalHistory: Handler<'approvals/history', Ports> = async (
  payload,
  call,
  ports,
) => {
  const issue = await browseIssue(ports, call);
  const rollout = await rolloutOf(ports, issue.id);
  const page = await eventsPage(ports, rollout.id, AUDIT_PAGE, payload.cursor, 'newest-first');
  const users = await lookUpUsers(ports.jira, eventPeople(page.events));
  return historyPage(page, users);
};

/** The audit trail as CSV, oldest first, 100 events per call; names from one user look-up. */
export const exportHistory: Handler<'approvals/export', Ports> = async (payload, call, ports) => {
  const issue = await browseIssue(ports, call);
  const rollout = await rolloutOf(ports, issue.id);
  const page = await eventsPage(
    ports,
    rollout.id,
    AUDIT_EXPORT_PAGE,
    payload.cursor,
    'oldest-first',
  );
  const users = await lookUpUsers(ports.jira, eventPeople(page.events));
  const rows = page.events.map((event) => eventCsvRow(event, (id) => nameOf(id, users)));
  return {
    csv: (payload.cursor ? '' : csvRow(CSV_COLUMNS)) + rows.join(''),
    nextCursor: page.nextCursor ?? null,
  };
};
