/**
 * One strategy after its creation: where it lives (the Confluence page, the Jira issue that
 * anchors approvals), whether heads are re-confirming a changed plan and what changed for them,
 * pushing the plan to Jira, editing the plan (after saying first, for an approved plan, that the
 * heads concerned will be asked to confirm again), and the plan itself.
 *
 * The strategy list loads it as a chunk when a strategy opens, with its own texts (the line
 * below), so the list's first load carries neither.
 */
// @ui-messages surfaces/strategy/StrategyDetailView
import { useState } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { RolloutTitle } from '../../components/RolloutTitle';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, CreationSteps, DiscardOutcome, StrategyDetail } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DiscardRollout } from '../../components/DiscardRollout';
import { InputField } from '../../components/InputField';
import { byPath, placeAnswer } from '../../components/issues';
import { ROLLOUT_TITLE_MAX } from '../../../domain/limits';
import { formatDay, formatDayRange } from '../../components/dates';
import { ProductLink } from '../../components/ProductLink';
import { SessionPlace } from '../../components/SessionPlace';
import { personName } from '../../components/words';
import { PushSection } from './PushSection';
import { WeightedText } from '../../components/WeightedText';
import { issueUrl } from './links';

function Reconfirmation(props: { reconfirmation: NonNullable<StrategyDetail['reconfirmation']> }) {
  const { t, locale } = useTranslator();
  const { reconfirmation } = props;
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  return (
    <SectionMessage
      appearance="information"
      title={t('strategy.detail.reconfirmTitle', { round: reconfirmation.round })}
    >
      <Stack space="space.100">
        <p>{t('strategy.detail.reconfirmIntro')}</p>
        <ul className="rc-st-list" aria-label={t('strategy.detail.reconfirmLabel')}>
          {reconfirmation.departments.map((department) => (
            <li key={department.name}>
              <WeightedText weight="medium">{department.name}</WeightedText>
              {department.changes.length > 0 ? `: ${list.format(department.changes)}` : ''}
            </li>
          ))}
        </ul>
      </Stack>
    </SectionMessage>
  );
}

function PlanSummary(props: { detail: StrategyDetail }) {
  const { t, locale } = useTranslator();
  const { plan, rollout } = props.detail;
  const number = new Intl.NumberFormat(locale);
  const departmentName = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  const ownerName = new Map(
    plan.owners.flatMap((owner) =>
      owner.displayName === '' ? [] : [[owner.accountId, owner.displayName] as const],
    ),
  );
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  const targets = [
    plan.targets.adoptionPercent === undefined
      ? null
      : t('plan.targets.adoption', { value: number.format(plan.targets.adoptionPercent) }),
    plan.targets.readinessScore === undefined
      ? null
      : t('plan.targets.readiness', { value: number.format(plan.targets.readinessScore) }),
    plan.targets.by === undefined
      ? null
      : t('plan.targets.by', { date: formatDay(locale, plan.targets.by) }),
  ].filter((line): line is string => line !== null);
  return (
    <section className="rc-st-section" aria-labelledby="plan-title">
      <Stack space="space.200">
        <Heading size="small" as="h2" id="plan-title">
          {t('strategy.detail.planTitle')}
        </Heading>
        <Stack space="space.100">
          <Heading size="xsmall" as="h3">
            {t('strategy.step.departments')}
          </Heading>
          <ul className="rc-st-list">
            {rollout.departments.map((department) => (
              <li key={department.departmentId}>
                {t('strategy.review.department', {
                  department: department.name,
                  head: personName(t, department.head),
                  stage: department.stage,
                })}
              </li>
            ))}
          </ul>
        </Stack>
        <Stack space="space.100">
          <Heading size="xsmall" as="h3">
            {t('strategy.step.phases')}
          </Heading>
          <table className="rc-st-table rc-st-table-read">
            <thead>
              <tr>
                <th scope="col">{t('strategy.phases.name')}</th>
                <th scope="col">{t('strategy.detail.dates')}</th>
                <th scope="col">{t('strategy.detail.sessions')}</th>
                <th scope="col">{t('strategy.phases.tasks')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.phases.map((phase) => {
                const sessions = plan.sessions.filter((session) => session.phaseId === phase.id);
                return (
                  <tr key={phase.id}>
                    <th scope="row">{phase.name}</th>
                    <td>{formatDayRange(locale, phase.start, phase.end)}</td>
                    <td>{number.format(sessions.length)}</td>
                    <td>
                      {phase.tasks.length === 0
                        ? '—'
                        : phase.tasks.map((task) => task.title).join(' · ')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Stack>
        {plan.sessions.length > 0 ? (
          <Stack space="space.100">
            <Heading size="xsmall" as="h3">
              {t('strategy.step.sessions')}
            </Heading>
            <div className="rc-st-stacking">
              <table className="rc-st-table rc-st-table-read">
                <thead>
                  <tr>
                    <th scope="col">{t('strategy.sessions.date')}</th>
                    <th scope="col">{t('strategy.sessions.title')}</th>
                    <th scope="col">{t('strategy.sessions.kind')}</th>
                    <th scope="col">{t('strategy.sessions.owner')}</th>
                    <th scope="col">{t('strategy.sessions.duration')}</th>
                    <th scope="col">{t('strategy.sessions.place')}</th>
                    <th scope="col">{t('strategy.sessions.capacity')}</th>
                    <th scope="col">{t('strategy.sessions.departments')}</th>
                    <th scope="col">{t('strategy.sessions.audience')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...plan.sessions]
                    .sort(
                      (a, b) =>
                        a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime),
                    )
                    .map((session) => (
                      <tr key={session.id}>
                        <td data-label={t('strategy.sessions.date')}>
                          {formatDay(locale, session.date)} {session.startTime}
                        </td>
                        <th scope="row">{session.title}</th>
                        <td data-label={t('strategy.sessions.kind')}>
                          {t(`plan.kind.${session.kind}`)}
                        </td>
                        <td data-label={t('strategy.sessions.owner')}>
                          {ownerName.get(session.ownerAccountId) ?? t('approvals.unknownUser')}
                        </td>
                        <td data-label={t('strategy.sessions.duration')}>
                          {number.format(session.durationMinutes)}
                        </td>
                        <td data-label={t('strategy.sessions.place')}>
                          <SessionPlace place={session.place} />
                        </td>
                        <td data-label={t('strategy.sessions.capacity')}>
                          {number.format(session.capacity)}
                        </td>
                        <td data-label={t('strategy.sessions.departments')}>
                          {session.allDepartments
                            ? t('strategy.sessions.allDepartments')
                            : list.format(
                                session.departmentIds.map((id) => departmentName.get(id) ?? '—'),
                              )}
                        </td>
                        <td data-label={t('strategy.sessions.audience')}>
                          {session.audience || '—'}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </Stack>
        ) : null}
        <Stack space="space.100">
          <Heading size="xsmall" as="h3">
            {t('strategy.step.targets')}
          </Heading>
          {targets.length === 0 ? (
            <Text color="color.text.subtle">{t('strategy.review.noTargets')}</Text>
          ) : (
            <ul className="rc-st-list">
              {targets.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </Stack>
      </Stack>
    </section>
  );
}

function missingSteps(steps: CreationSteps): (keyof CreationSteps)[] {
  return (['rollout', 'page', 'issue', 'linked'] as const).filter((step) => !steps[step]);
}

/**
 * A creation that stopped halfway, and the way to finish it: the rollout's id is the request id
 * it was created with, so creating again with it continues (and creates nothing twice).
 */
function Unfinished(props: {
  detail: StrategyDetail;
  missing: (keyof CreationSteps)[];
  onChanged: (detail: StrategyDetail, message: string) => void;
}) {
  const { t, locale } = useTranslator();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const { detail } = props;
  const { rollout, plan } = detail;
  // Until its page exists, the draft may be finished under another title (one may be taken).
  const renamable = !detail.steps.page;
  const [title, setTitle] = useState(rollout.title);
  const titleError = error ? placeAnswer(error, byPath(['title']), t).errors.title : undefined;

  const finish = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const answer = await call('strategy/create', {
      requestId: rollout.id,
      projectKey: detail.projectKey,
      title: renamable ? title : rollout.title,
      objective: rollout.objective,
      targetDate: rollout.targetDate,
      departments: rollout.departments.map((department) => ({
        departmentId: department.departmentId,
        headAccountId: department.head.accountId,
        stage: department.stage,
      })),
      plan: { phases: plan.phases, sessions: plan.sessions, targets: plan.targets },
    });
    setBusy(false);
    if (answer.ok) {
      props.onChanged(
        answer.data,
        t('strategy.create.created', { title: answer.data.rollout.title }),
      );
    } else setError(answer.error);
  };

  return (
    <SectionMessage appearance="warning" title={t('strategy.detail.incompleteTitle')}>
      <Stack space="space.100">
        <p>
          {t('strategy.detail.incomplete', {
            missing: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
              props.missing.map((step) => t(`strategy.create.step.${step}`)),
            ),
          })}
        </p>
        {detail.canManage && renamable ? (
          <InputField
            id="rc-st-finish-title"
            label={t('strategy.detail.finishTitle')}
            help={t('strategy.detail.finishTitleHelp')}
            value={title}
            error={titleError}
            disabled={busy}
            maxLength={ROLLOUT_TITLE_MAX}
            onChange={(value) => {
              setTitle(value);
            }}
          />
        ) : null}
        {detail.canManage ? (
          <div>
            <Button
              appearance="primary"
              isLoading={busy}
              onClick={() => {
                if (!busy) void finish();
              }}
            >
              {t('strategy.detail.finish')}
            </Button>
          </div>
        ) : null}
        {error && !titleError ? <ErrorMessage error={error} /> : null}
      </Stack>
    </SectionMessage>
  );
}

export function StrategyDetailView(props: {
  detail: StrategyDetail;
  siteUrl: string;
  onBack: () => void;
  onEdit: () => void;
  onChanged: (detail: StrategyDetail, message: string) => void;
  onDiscarded: (outcome: DiscardOutcome) => void;
  onStale: (error: AppError) => void;
}) {
  const { t, locale } = useTranslator();
  const [confirmingEdit, setConfirmingEdit] = useState(false);
  const { detail } = props;
  const { rollout } = detail;
  const state = rollout.approvalState;
  const missing = missingSteps(detail.steps);
  const deciding = state === 'awaiting-approval';

  return (
    <Stack space="space.300">
      <div>
        <Button appearance="subtle" onClick={props.onBack}>
          {t('strategy.detail.back')}
        </Button>
      </div>
      <Stack space="space.100">
        <RolloutTitle title={rollout.title} lifecycle={rollout.lifecycle} level={1} />
        <Text color="color.text.subtle">
          {t('strategy.detail.meta', {
            date: formatDay(locale, rollout.targetDate),
            project: detail.projectKey,
            space: detail.space.name,
          })}
        </Text>
        <Inline space="space.200" shouldWrap>
          {detail.page ? (
            <ProductLink
              href={detail.page.url}
              to={{ target: 'contentView', contentId: detail.page.id }}
            >
              {t('strategy.detail.openPage', { title: detail.page.title })}
            </ProductLink>
          ) : null}
          {rollout.issue.key && props.siteUrl ? (
            <ProductLink href={issueUrl(props.siteUrl, rollout.issue.key)} newTab>
              {t('strategy.detail.openIssue', { key: rollout.issue.key })}
            </ProductLink>
          ) : null}
        </Inline>
      </Stack>
      <p className="rc-st-prose">{rollout.objective}</p>
      {missing.length > 0 ? (
        <Unfinished detail={detail} missing={missing} onChanged={props.onChanged} />
      ) : null}
      {detail.reconfirmation ? <Reconfirmation reconfirmation={detail.reconfirmation} /> : null}
      {detail.canManage ? (
        <Stack space="space.100">
          {confirmingEdit ? (
            <SectionMessage appearance="warning" title={t('strategy.edit.approvedTitle')}>
              <Stack space="space.100">
                <p>{t('strategy.edit.approvedWarning')}</p>
                <Inline space="space.100">
                  <Button appearance="primary" onClick={props.onEdit}>
                    {t('strategy.edit.continue')}
                  </Button>
                  <Button
                    appearance="subtle"
                    onClick={() => {
                      setConfirmingEdit(false);
                    }}
                  >
                    {t('common.cancel')}
                  </Button>
                </Inline>
              </Stack>
            </SectionMessage>
          ) : (
            <div>
              <Button
                appearance="default"
                isDisabled={deciding}
                onClick={() => {
                  // An approved plan changes only with the heads' renewed consent: say so first.
                  if (state === 'approved') setConfirmingEdit(true);
                  else props.onEdit();
                }}
              >
                {t('strategy.detail.edit')}
              </Button>
            </div>
          )}
          {deciding ? (
            <Text size="small" color="color.text.subtle">
              {t('strategy.detail.editWhileDeciding')}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      {detail.canDiscard ? (
        <DiscardRollout
          target={{
            id: rollout.id,
            version: rollout.version,
            title: rollout.title,
            issueKey: rollout.issue.key,
            pageTitle: detail.page?.title ?? '',
          }}
          onDiscarded={props.onDiscarded}
          onStale={props.onStale}
        />
      ) : null}
      <PushSection detail={detail} siteUrl={props.siteUrl} onPushed={props.onChanged} />
      <PlanSummary detail={detail} />
    </Stack>
  );
}
