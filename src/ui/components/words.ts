/**
 * How the surfaces say approval states, statuses and blocks in the user's language (audit
 * events: event-words.ts), and which Lozenge appearance each state gets. One place, so the Approvals panel, the
 * strategy pages and the status macro agree.
 */
import type { LozengeAppearance } from './Lozenge';
import type { Lifecycle } from '../../domain/rollout';
import type {
  ApprovalState,
  ApprovalView,
  DecisionBlock,
  RoundView,
  UserSummary,
} from '../../contract';
import type { Translator } from '../i18n';

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
