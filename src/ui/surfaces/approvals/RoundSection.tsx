/**
 * The current round's approvals, stage by stage: who approves, their delegate today, the
 * decision and its comment, and, for the approver or their delegate, the decision controls.
 */
import { useState } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, ApprovalView, Decision, RoundView } from '../../../contract';
import { COMMENT_MAX } from '../../../domain/limits';
import { commentIssues } from '../../../domain/rules/approvals';
import { issuesAt } from '../../../domain/rules/issue';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { inOrder, useFieldErrors } from '../../components/Field';
import { byPath } from '../../components/issues';
import { TextArea } from '../../components/TextArea';
import type { PanelActions } from './ApprovalsPanel';
import { blockText, personName, statusOf } from '../../components/words';
import { WeightedText } from '../../components/WeightedText';

const DECISION_BUTTONS: readonly {
  decision: Decision;
  label: string;
  appearance: 'primary' | 'default' | 'danger';
}[] = [
  { decision: 'approved', label: 'approvals.decide.approve', appearance: 'primary' },
  {
    decision: 'changes-requested',
    label: 'approvals.decide.requestChanges',
    appearance: 'default',
  },
  { decision: 'rejected', label: 'approvals.decide.reject', appearance: 'danger' },
];

const place = byPath(['comment'] as const);

function DecisionForm(props: { approval: ApprovalView; actions: PanelActions }) {
  const { t } = useTranslator();
  const { approval } = props;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<Decision | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const commentId = `decision-comment-${approval.id}`;
  const fields = useFieldErrors(inOrder(['comment'] as const, () => commentId));
  const commentError = fields.errors.comment;
  const selfBlocked = approval.blockedBecause === 'self-approval';

  const decide = async (decision: Decision): Promise<void> => {
    setError(null);
    if (fields.showIssues(issuesAt('comment', commentIssues(decision, comment)), place)) return;
    setBusy(decision);
    const answer = await call('approvals/decide', {
      approvalId: approval.id,
      version: approval.version,
      decision,
      comment,
    });
    setBusy(null);
    if (answer.ok) {
      props.actions.onView(
        answer.data,
        t(`approvals.decide.done.${decision}`, { department: approval.departmentName }),
      );
      return;
    }
    if (answer.error.code === 'CONFLICT' || answer.error.code === 'NOT_FOUND') {
      await props.actions.onStale(answer.error);
      return;
    }
    if (!fields.showAnswer(answer.error, place)) setError(answer.error);
  };

  return (
    <div className="rc-ap-decision">
      <fieldset className="rc-fieldset" aria-busy={busy !== null}>
        <legend className="rc-legend">
          {approval.decidesOnBehalfOf
            ? t('approvals.decide.legendOnBehalf', {
                department: approval.departmentName,
                approver: personName(t, approval.decidesOnBehalfOf),
              })
            : t('approvals.decide.legend', { department: approval.departmentName })}
        </legend>
        <Stack space="space.150">
          <TextArea
            id={commentId}
            label={t('approvals.decide.comment')}
            help={t('approvals.decide.commentHelp')}
            value={comment}
            onChange={(value) => {
              setComment(value);
              if (commentError) fields.show({});
            }}
            max={COMMENT_MAX}
            error={commentError}
            disabled={busy !== null}
          />
          {selfBlocked ? (
            <Text size="small" color="color.text.warning">
              {blockText(t, 'self-approval', approval)}
            </Text>
          ) : null}
          <Inline space="space.100" shouldWrap>
            {DECISION_BUTTONS.map((button) => (
              <Button
                key={button.decision}
                appearance={button.appearance}
                isLoading={busy === button.decision}
                isDisabled={
                  (busy !== null && busy !== button.decision) ||
                  (selfBlocked && button.decision === 'approved')
                }
                onClick={() => {
                  if (busy === null) void decide(button.decision);
                }}
              >
                {t(button.label)}
              </Button>
            ))}
          </Inline>
          <Text size="small" color="color.text.subtlest">
            {t('approvals.decide.final')}
          </Text>
          {error ? <ErrorMessage error={error} /> : null}
        </Stack>
      </fieldset>
    </div>
  );
}

function ApprovalCard(props: {
  approval: ApprovalView;
  round: RoundView;
  actions: PanelActions;
  /** One level below the stage heading when there is one. */
  headingLevel: 'h4' | 'h5';
}) {
  const { t, formatDate } = useTranslator();
  const { approval } = props;
  const status = statusOf(approval, props.round);
  const showControls = approval.canDecide || approval.blockedBecause === 'self-approval';
  const decidedBy = approval.decidedBy ? personName(t, approval.decidedBy) : '';
  return (
    <li
      className={showControls ? 'rc-ap-card rc-ap-card-yours' : 'rc-ap-card'}
      aria-labelledby={`approval-${approval.id}`}
    >
      <Stack space="space.100">
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <Heading size="xxsmall" as={props.headingLevel} id={`approval-${approval.id}`}>
            {approval.departmentName}
          </Heading>
          <Lozenge appearance={status.appearance}>{t(status.key)}</Lozenge>
        </Inline>
        <Text size="small" color="color.text.subtle">
          {t('approvals.card.approver', { approver: personName(t, approval.approver) })}
          {approval.approver.active ? '' : ` (${t('approvals.inactive')})`}
          {approval.activeDelegate
            ? ` · ${t('approvals.card.delegate', { delegate: personName(t, approval.activeDelegate) })}`
            : ''}
        </Text>
        {approval.decidedAt ? (
          <Text size="small">
            {approval.decidedOnBehalfOf
              ? t('approvals.card.decidedOnBehalf', {
                  by: decidedBy,
                  onBehalfOf: personName(t, approval.decidedOnBehalfOf),
                  date: formatDate(approval.decidedAt),
                })
              : t('approvals.card.decided', {
                  by: decidedBy,
                  date: formatDate(approval.decidedAt),
                })}
          </Text>
        ) : null}
        {approval.changes.length > 0 ? (
          <div className="rc-ap-changes">
            <WeightedText size="small" weight="semibold" id={`approval-${approval.id}-changes`}>
              {t('approvals.card.changesSince')}
            </WeightedText>
            <ul aria-labelledby={`approval-${approval.id}-changes`}>
              {approval.changes.map((change) => (
                <li key={change}>
                  <Text size="small">{change}</Text>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {approval.comment ? (
          <blockquote className="rc-ap-comment" aria-label={t('approvals.card.commentLabel')}>
            {approval.comment}
          </blockquote>
        ) : null}
        {approval.remindersSent > 0 ? (
          <Text size="small" color="color.text.subtlest">
            {t('approvals.card.reminders', { count: approval.remindersSent })}
          </Text>
        ) : null}
        {showControls ? (
          <DecisionForm approval={approval} actions={props.actions} />
        ) : approval.blockedBecause && approval.blockedBecause !== 'already-decided' ? (
          <Text size="small" color="color.text.subtle">
            {blockText(t, approval.blockedBecause, approval)}
          </Text>
        ) : null}
      </Stack>
    </li>
  );
}

export function RoundSection(props: { round: RoundView; actions: PanelActions }) {
  const { t } = useTranslator();
  const { round } = props;
  const stages = [...new Set(round.approvals.map((approval) => approval.stage))].sort(
    (a, b) => a - b,
  );
  return (
    <section aria-labelledby="round-title" className="rc-ap-section">
      <Stack space="space.150">
        <Heading size="xsmall" as="h3" id="round-title">
          {t('approvals.round.title', { round: round.number })}
        </Heading>
        {stages.map((stage) => {
          const approvals = round.approvals.filter((approval) => approval.stage === stage);
          const open = approvals.some((approval) => approval.open);
          const waiting =
            round.state === 'awaiting-approval' &&
            !open &&
            approvals.every((approval) => approval.status === 'pending');
          return (
            <Stack space="space.100" key={stage}>
              {stages.length > 1 ? (
                <Stack space="space.025">
                  <Heading size="xxsmall" as="h4">
                    {t('approvals.round.stage', { stage })}
                  </Heading>
                  {waiting && stage > 1 ? (
                    <Text size="small" color="color.text.subtlest">
                      {t('approvals.round.opensWhen', { previous: stage - 1 })}
                    </Text>
                  ) : null}
                </Stack>
              ) : null}
              <ul className="rc-ap-cards">
                {approvals.map((approval) => (
                  <ApprovalCard
                    key={approval.id}
                    approval={approval}
                    round={round}
                    actions={props.actions}
                    headingLevel={stages.length > 1 ? 'h5' : 'h4'}
                  />
                ))}
              </ul>
            </Stack>
          );
        })}
      </Stack>
    </section>
  );
}
