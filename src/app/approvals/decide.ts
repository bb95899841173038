/**
 * Deciding an approval from the Approvals panel: by the approver or their active delegate, once
 * per round, in stage order. Of racing decisions exactly one is written; the others hear what won.
 */
import type { AppFailure, ApprovalView, DecisionBlock } from '../../contract';
import type { ErrorKind } from '../../domain/errors';
import {
  commentRequired,
  decide,
  decisionEvent,
  decisionRight,
  summariseRound,
  type Approval,
} from '../../domain/approvals';
import { eventTime } from '../../domain/audit';
import { standInFor } from '../../domain/delegation';
import { languageOf } from '../../i18n';
import { decisionRecordedMail } from '../../notifications/decision-recorded';
import { browseIssue } from '../access';
import { invalidFields, refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { lookUpUsers, nameOf } from '../users';
import { answerPanel, rolloutOf, type PanelPorts } from './panel';
import { loadState, settle, type PendingMail, type RolloutState } from './state';
import { approvalView } from './views';

const BLOCK_KEYS = {
  'not-approver': 'errors.approval.notApprover',
  'already-decided': 'errors.approval.alreadyDecided',
  'stage-not-open': 'errors.approval.stageNotOpen',
  'self-approval': 'errors.approval.selfApproval',
  'round-closed': 'errors.approval.roundClosed',
} as const satisfies Record<DecisionBlock, ErrorKind>;

async function decisionForbidden(
  ports: PanelPorts,
  approval: Approval,
  reason: DecisionBlock,
): Promise<AppFailure> {
  const users = await lookUpUsers(ports.jira, [approval.approverAccountId]);
  return refuse(BLOCK_KEYS[reason], {
    params: {
      approver: nameOf(approval.approverAccountId, users),
      department: approval.departmentName,
      stage: approval.stage,
    },
  });
}

function approvalNotFound(): AppFailure {
  return refuse('errors.approval.notFound');
}

/** CONFLICT with the approval as it is now, as the acting user sees it. */
async function approvalStale(
  ports: PanelPorts,
  call: Caller,
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
  return refuse('errors.approval.stale', current ? { details: { current } } : {});
}

export const decideApproval: UseCase<'approvals/decide', PanelPorts> = async (
  payload,
  call,
  ports,
) => {
  const issue = await browseIssue(ports, call);
  if (commentRequired(payload.decision) && payload.comment === '') {
    throw invalidFields([{ path: 'comment', messageKey: 'errors.approval.commentRequired' }]);
  }
  const [rollout, approval] = await Promise.all([
    rolloutOf(ports, issue.id),
    ports.approvals.get(payload.approvalId),
  ]);
  if (approval?.rolloutId !== rollout.id) throw approvalNotFound();
  const state = await loadState(ports, issue, rollout, call.accountId);
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
 * answer was lost and the retried write (storage/client.ts) found its own condition spent. Every
 * field the call wrote must match: two racing calls of one person with the same decision can
 * stamp the same millisecond (the time is floored at the last event's), and the one that lost
 * must hear CONFLICT when its comment was not the one kept.
 */
async function isOwnWrite(ports: Pick<Ports, 'approvals'>, decided: Approval): Promise<boolean> {
  const stored = await ports.approvals.get(decided.id);
  return (
    stored?.version === decided.version &&
    stored.status === decided.status &&
    stored.decidedBy === decided.decidedBy &&
    stored.decidedOnBehalfOf === decided.decidedOnBehalfOf &&
    stored.comment === decided.comment &&
    stored.decidedAt === decided.decidedAt
  );
}

/**
 * The state with its round read again (other approvals may have been decided meanwhile); with
 * `fallback` when storage fails, since the caller's decision is already stored.
 */
async function withFreshRound(
  ports: PanelPorts,
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
