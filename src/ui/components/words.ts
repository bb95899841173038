/**
 * How the surfaces say approval states, statuses, blocks and audit events in the user's
 * language, and which Lozenge appearance each state gets. One place, so the Approvals panel, the
 * strategy pages and the status macro agree.
 */
import type { LozengeAppearance } from './Lozenge';
import type { Lifecycle } from '../../domain/rollout';
import type {
  ApprovalState,
  ApprovalView,
  AuditEventView,
  DecisionBlock,
  RoundView,
  UserSummary,
} from '../../contract';
import type { Translator } from '../i18n';
import { formatDayRange } from './dates';

type T = Translator['t'];

export const STATE_APPEARANCE: Record<Lifecycle, LozengeAppearance> = {
  draft: 'default',
  'awaiting-approval': 'inprogress',
  'changes-requested': 'moved',
  rejected: 'removed',
  approved: 'success',
  'in-progress': 'inprogress',
  completed: 'success',
};

/** An approval state, or where the rollout stands once it started (in progress, completed). */
export function stateLabel(t: T, state: ApprovalState | Lifecycle): string {
  return t(`approvals.state.${state}`);
}

export function personName(t: T, user: Pick<UserSummary, 'displayName'> | null): string {
  if (!user || user.displayName === '') return t('approvals.unknownUser');
  return user.displayName;
}

/** A pending approval reads differently while its stage waits, and after the round stopped. */
export function statusOf(
  approval: Pick<ApprovalView, 'status' | 'open'>,
  round: Pick<RoundView, 'state'>,
): { key: string; appearance: LozengeAppearance } {
  switch (approval.status) {
    case 'approved':
      return { key: 'approvals.status.approved', appearance: 'success' };
    case 'changes-requested':
      return { key: 'approvals.status.changes-requested', appearance: 'moved' };
    case 'rejected':
      return { key: 'approvals.status.rejected', appearance: 'removed' };
    case 'pending':
      if (approval.open) return { key: 'approvals.status.pending', appearance: 'inprogress' };
      return round.state === 'awaiting-approval'
        ? { key: 'approvals.status.notOpen', appearance: 'default' }
        : { key: 'approvals.status.noDecision', appearance: 'default' };
  }
}

/** Why the acting user may not decide, in words (the error texts say the same thing). */
export function blockText(t: T, block: DecisionBlock, approval: ApprovalView): string {
  const params = {
    department: approval.departmentName,
    approver: personName(t, approval.approver),
    stage: approval.stage,
  };
  switch (block) {
    case 'not-approver':
      return t('errors.approval.notApprover', params);
    case 'already-decided':
      return t('errors.approval.alreadyDecided', params);
    case 'stage-not-open':
      return t('errors.approval.stageNotOpen', params);
    case 'self-approval':
      return t('errors.approval.selfApproval', params);
    case 'round-closed':
      return t('errors.approval.roundClosed', params);
  }
}

/** "Sales (Sophie Bernard), Finance (Élodie Lefèvre) and …" in the user's language. */
export function waitingForText(t: T, locale: string, round: RoundView): string {
  const names = round.waitingFor.map((entry) =>
    t('approvals.waitingForEntry', {
      department: entry.departmentName,
      approver: personName(t, entry.approver),
    }),
  );
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}

/** A delegation event carries its period as `from/to` in the comment field. */
const PERIOD = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/u;

/**
 * One audit event in words: a sentence saying who (on behalf of whom) did what, and the
 * comment to quote under it (a delegation's period goes into the sentence instead).
 */
export function describeEvent(
  t: T,
  locale: string,
  event: AuditEventView,
): { text: string; comment: string } {
  const period = event.type === 'delegated' ? PERIOD.exec(event.comment) : null;
  if (period?.[1] && period[2]) {
    const params = {
      actor: event.actor ? personName(t, event.actor) : t('history.theApp'),
      detail: event.detail,
      department: event.departmentName,
      period: formatDayRange(locale, period[1], period[2]),
    };
    return {
      text: t(
        event.departmentName ? 'history.delegatedForPeriod' : 'history.delegatedPeriod',
        params,
      ),
      comment: '',
    };
  }
  return { text: eventText(t, event), comment: event.comment };
}

function eventText(t: T, event: AuditEventView): string {
  const actorName = event.actor ? personName(t, event.actor) : t('history.theApp');
  const params = {
    actor: event.onBehalfOf
      ? t('history.onBehalfOf', { actor: actorName, onBehalfOf: personName(t, event.onBehalfOf) })
      : actorName,
    department: event.departmentName,
    round: event.round,
    stage: event.stage,
    detail: event.detail,
  };
  switch (event.type) {
    case 'decided': {
      const decision =
        event.detail === 'approved' ||
        event.detail === 'rejected' ||
        event.detail === 'changes-requested'
          ? event.detail
          : 'other';
      return t(`history.decided.${decision}`, params);
    }
    case 'reminded':
      return t(event.departmentName ? 'history.remindedFor' : 'history.reminded', params);
    case 'stage-opened':
      return t(event.departmentName ? 'history.stageOpenedFor' : 'history.stageOpened', params);
    case 'delegated':
      if (!event.detail) return t('history.delegationRemoved', params);
      return t(event.departmentName ? 'history.delegatedFor' : 'history.delegated', params);
    case 'blocked':
      return t(
        event.detail === 'rejected'
          ? 'history.blockedRejected'
          : event.detail === 'changes-requested'
            ? 'history.blockedChanges'
            : 'history.blocked',
        params,
      );
    case 'rollout-created':
    case 'rollout-updated':
    case 'requested':
    case 'new-round':
    case 'approved':
    case 'discarded':
    case 'rollout-started':
    case 'phase-completed':
    case 'phase-completed-with-risk':
    case 'rollout-completed':
    case 'problem-raised':
    case 'problem-acknowledged':
    case 'problem-assigned':
    case 'problem-resolved':
    case 'problem-accepted':
    case 'problem-reminded':
    case 'problem-escalated':
    case 'attendance-recorded':
    case 'attendance-confirmed':
    case 'head-count-set':
      return t(`history.${event.type}`, params);
    case 'suggestion-accepted':
    case 'suggestion-dismissed':
      return t(`history.${event.type}`, {
        ...params,
        detail: t(`suggestions.kind.${event.detail}`),
      });
  }
}
