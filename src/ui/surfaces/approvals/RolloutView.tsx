/**
 * An issue that is a rollout: its state and who it waits for, the objective, the coordinator's
 * actions, the current round's approvals by stage, the audit trail and the user's delegations.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { RolloutTitle } from '../../components/RolloutTitle';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, ApprovalsPanelView, RolloutSummary } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatDay } from '../../components/dates';
import { DiscardRollout, useDiscardedText } from '../../components/DiscardRollout';
import { sendUntilChecked } from '../../components/access-checks';
import type { PanelActions } from './ApprovalsPanel';
import { RoundSection } from './RoundSection';
import { HistorySection } from './HistorySection';
import { DelegationsSection } from './DelegationsSection';
import { personName, waitingForText } from '../../components/words';
import { WeightedText } from '../../components/WeightedText';

type RolloutPanel = Extract<ApprovalsPanelView, { kind: 'rollout' }>;

/** "Edit plan": the strategy flow's form, loaded when it opens (see EditPlan). */
const EditPlan = lazy(() => import('./EditPlan'));

function ManagerActions(props: { view: RolloutPanel; actions: PanelActions; onEdit: () => void }) {
  const { t } = useTranslator();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const { rollout } = props.view;
  const state = rollout.approvalState;
  const newRound = state === 'changes-requested' || state === 'rejected';

  const request = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    // A first round of many departments checks their access over a few requests, each bounded;
    // the button stays busy until the last one opens the round or refuses it.
    const answer = await sendUntilChecked(() =>
      call('approvals/request', { version: rollout.version }),
    );
    setBusy(false);
    if (answer.ok) {
      props.actions.onView(
        answer.data,
        t(newRound ? 'approvals.manage.newRoundOpened' : 'approvals.manage.requested'),
      );
    } else if (answer.error.code === 'CONFLICT' || answer.error.code === 'NOT_FOUND') {
      await props.actions.onStale(answer.error);
    } else setError(answer.error);
  };

  const canEdit = props.view.canEditPlan;
  if (!props.view.canRequest && !canEdit) return null;
  return (
    <Stack space="space.100">
      {newRound && props.view.canRequest ? (
        <Text color="color.text.subtle">{t('approvals.manage.afterChanges')}</Text>
      ) : null}
      {state === 'draft' && props.view.canRequest ? (
        <Text color="color.text.subtle">{t('approvals.manage.draftHint')}</Text>
      ) : null}
      <Inline space="space.100" shouldWrap>
        {props.view.canRequest ? (
          <Button
            appearance="primary"
            isLoading={busy}
            onClick={() => {
              void request();
            }}
          >
            {newRound ? t('approvals.manage.newRound') : t('approvals.manage.request')}
          </Button>
        ) : null}
        {canEdit ? (
          <Button appearance="default" isDisabled={busy} onClick={props.onEdit}>
            {t('approvals.manage.edit')}
          </Button>
        ) : null}
      </Inline>
      {error ? <ErrorMessage error={error} /> : null}
    </Stack>
  );
}

/** Before the first request: who will be asked, stage by stage. */
function PlanList(props: { rollout: RolloutSummary }) {
  const { t } = useTranslator();
  const stages = [...new Set(props.rollout.departments.map((d) => d.stage))].sort((a, b) => a - b);
  return (
    <Stack space="space.100">
      <Heading size="xsmall" as="h3">
        {t('approvals.plan.title')}
      </Heading>
      {stages.map((stage) => (
        <Stack space="space.050" key={stage}>
          {stages.length > 1 ? (
            <WeightedText weight="medium">{t('approvals.round.stage', { stage })}</WeightedText>
          ) : null}
          <ul className="rc-ap-plain-list">
            {props.rollout.departments
              .filter((department) => department.stage === stage)
              .map((department) => (
                <li key={department.departmentId}>
                  <Text>
                    {t('approvals.plan.entry', {
                      department: department.name,
                      head: personName(t, department.head),
                    })}
                  </Text>
                </li>
              ))}
          </ul>
        </Stack>
      ))}
    </Stack>
  );
}

export function RolloutView(props: { view: RolloutPanel; actions: PanelActions }) {
  const { t, locale, formatDate } = useTranslator();
  const [editing, setEditing] = useState(false);
  const discarded = useDiscardedText();
  const { view } = props;
  const { rollout, round } = view;
  const close = useCallback(() => {
    setEditing(false);
  }, []);

  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <RolloutTitle title={rollout.title} lifecycle={rollout.lifecycle} level={2} />
        <Text size="small" color="color.text.subtle">
          {t('approvals.header.target', { date: formatDay(locale, rollout.targetDate) })}
          {round
            ? ` · ${t('approvals.header.round', {
                round: round.number,
                requester: personName(t, round.requestedBy),
                date: formatDate(round.requestedAt),
              })}`
            : ''}
        </Text>
        {round && round.waitingFor.length > 0 ? (
          <Text as="p">
            <WeightedText weight="semibold">{t('approvals.header.waitingFor')}</WeightedText>{' '}
            {waitingForText(t, locale, round)}
          </Text>
        ) : null}
        {rollout.lifecycle === 'approved' ? (
          <SectionMessage appearance="success">
            <p>{t('approvals.header.approved')}</p>
          </SectionMessage>
        ) : null}
        {rollout.lifecycle === 'in-progress' && rollout.startedAt ? (
          <SectionMessage appearance="information">
            <p>{t('approvals.header.started', { date: formatDate(rollout.startedAt) })}</p>
          </SectionMessage>
        ) : null}
        {rollout.lifecycle === 'completed' && rollout.completedAt ? (
          <SectionMessage appearance="success">
            <p>{t('approvals.header.completed', { date: formatDate(rollout.completedAt) })}</p>
          </SectionMessage>
        ) : null}
      </Stack>

      <Stack space="space.050">
        <Heading size="xsmall" as="h3">
          {t('approvals.header.objective')}
        </Heading>
        <p className="rc-ap-objective">{rollout.objective}</p>
      </Stack>

      {view.canManage ? (
        editing ? (
          <Suspense fallback={<Loading label={t('approvals.form.loadingPlan')} />}>
            <EditPlan
              rolloutId={rollout.id}
              onSaved={(message) => {
                close();
                void props.actions.onChanged(message);
              }}
              onStale={(error) => {
                close();
                void props.actions.onStale(error);
              }}
              onCancel={close}
            />
          </Suspense>
        ) : (
          <ManagerActions
            view={view}
            actions={props.actions}
            onEdit={() => {
              setEditing(true);
            }}
          />
        )
      ) : null}

      {view.canDiscard && !editing ? (
        <DiscardRollout
          target={{
            id: rollout.id,
            version: rollout.version,
            title: rollout.title,
            issueKey: rollout.issue.key,
            // The panel does not know the strategy page: the question names it in general.
            pageTitle: null,
          }}
          onDiscarded={(outcome) => {
            void props.actions.onDiscarded(discarded(outcome));
          }}
          onStale={(error) => {
            void props.actions.onStale(error);
          }}
        />
      ) : null}

      {round ? (
        <RoundSection round={round} actions={props.actions} />
      ) : (
        <Stack space="space.100">
          <PlanList rollout={rollout} />
          {view.canManage ? null : (
            <Text color="color.text.subtle">{t('approvals.plan.notRequested')}</Text>
          )}
        </Stack>
      )}

      <HistorySection
        key={`${String(rollout.version)}:${view.history.events[0]?.id ?? ''}`}
        issueKey={rollout.issue.key}
        first={view.history}
      />

      {view.myDelegations ? (
        <DelegationsSection mine={view.myDelegations} actions={props.actions} />
      ) : null}
    </Stack>
  );
}
