/**
 * The Rollout panel on an issue the plan created (a session, a task, a problem): where it sits in
 * the rollout, the session's facts and attendance, the problem's triage.
 */
import { lazy, Suspense } from 'react';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { MemberPanelView, RolloutPanelView } from '../../../contract';
import { useTranslator } from '../../i18n';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import { SessionPlace } from '../../components/SessionPlace';
import { formatDay, formatDayRange } from '../../components/dates';
import { STATE_APPEARANCE, stateLabel } from '../../components/words';
import { TrainedList } from './Trained';
import { RaiseInPanel } from './RaiseInPanel';
import { issueUrl, searchUrl } from './links';

// Loaded after the panel draws: the attendance form brings the user picker (react-select).
const AttendanceSection = lazy(() =>
  import('./Attendance').then((module) => ({ default: module.AttendanceSection })),
);
const PulseForm = lazy(() =>
  import('../pulses/PulseForm').then((module) => ({ default: module.PulseForm })),
);

export function MemberView(props: {
  view: MemberPanelView;
  onChanged: (view: RolloutPanelView, announcement: string) => void;
  onRaised: () => void;
}) {
  const { t, locale } = useTranslator();
  const { view } = props;
  if (!view.rollout)
    return <Text color="color.text.subtle">{t('rolloutPanel.hiddenRollout')}</Text>;
  const { rollout, phase, session } = view;
  const kind =
    view.workKind === 'task' || view.workKind === 'problem'
      ? t(`rolloutPanel.kind.${view.workKind}`)
      : view.workKind === ''
        ? ''
        : t(`plan.kind.${view.workKind}`);
  return (
    <Stack space="space.200">
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="small" as="h2">
            {t('rolloutPanel.partOf', { title: rollout.title })}
          </Heading>
          <Lozenge appearance={STATE_APPEARANCE[rollout.lifecycle]}>
            {stateLabel(t, rollout.lifecycle)}
          </Lozenge>
        </Inline>
        <Inline space="space.200" shouldWrap>
          <ProductLink
            href={issueUrl(view.jiraBaseUrl, rollout.issueKey)}
            to={{ target: 'issue', issueKey: rollout.issueKey }}
          >
            {t('rolloutPanel.openAnchor', { key: rollout.issueKey })}
          </ProductLink>
          {rollout.strategyPage ? (
            <ProductLink href={rollout.strategyPage.url} newTab>
              {t('rolloutPanel.strategyPage')}
            </ProductLink>
          ) : null}
        </Inline>
      </Stack>
      <dl className="rc-rp-facts">
        {kind ? (
          <>
            <dt>{t('rolloutPanel.kindLabel')}</dt>
            <dd>{kind}</dd>
          </>
        ) : null}
        <dt>{t('rolloutPanel.departments')}</dt>
        <dd>
          {view.allDepartments
            ? t('rolloutPanel.allDepartments')
            : view.departments.length > 0
              ? view.departments.join(', ')
              : t('rolloutPanel.noDepartment')}
        </dd>
        {session ? (
          <>
            <dt>{t('rolloutPanel.date')}</dt>
            <dd>{formatDay(locale, session.date)}</dd>
            {session.audience ? (
              <>
                <dt>{t('rolloutPanel.audience')}</dt>
                <dd>{session.audience}</dd>
              </>
            ) : null}
            <dt>{t('rolloutPanel.detail.time')}</dt>
            <dd>{session.startTime}</dd>
            <dt>{t('rolloutPanel.detail.duration')}</dt>
            <dd>{t('rolloutPanel.minutes', { minutes: session.durationMinutes })}</dd>
            <dt>{t('rolloutPanel.detail.owner')}</dt>
            <dd>
              {session.owner && session.owner.displayName !== ''
                ? session.owner.displayName
                : t('approvals.unknownUser')}
            </dd>
            <dt>{t('rolloutPanel.detail.place')}</dt>
            <dd>
              <SessionPlace place={session.place} />
            </dd>
            <dt>{t('rolloutPanel.detail.capacity')}</dt>
            <dd>{t('rolloutPanel.seats', { capacity: session.capacity })}</dd>
          </>
        ) : null}
      </dl>
      {session ? (
        <Suspense fallback={<Loading label={t('rolloutPanel.attendanceLoading')} />}>
          <AttendanceSection
            sessionId={session.id}
            date={session.date}
            attendance={session.attendance}
            onChanged={props.onChanged}
          />
        </Suspense>
      ) : null}
      {session && session.trained.length > 0 ? (
        <TrainedList departments={session.trained} headingLevel="h3" />
      ) : null}
      {session ? (
        // Shown only to attendees while a pulse is open (the backend decides).
        <Suspense fallback={null}>
          <PulseForm key={session.attendance.version} quiet />
        </Suspense>
      ) : null}
      {view.problem ? (
        <Stack space="space.100">
          <Heading size="xsmall" as="h3">
            {t('rolloutPanel.problem')}
          </Heading>
          <dl className="rc-rp-facts">
            <dt>{t('problems.form.category')}</dt>
            <dd>
              {view.problem.category ? t(`problems.categories.${view.problem.category}`) : '—'}
            </dd>
            <dt>{t('problems.form.severity')}</dt>
            <dd>
              {view.problem.severity ? t(`problems.severities.${view.problem.severity}`) : '—'}
            </dd>
            <dt>{t('rolloutPanel.problemStatus')}</dt>
            <dd>{view.problem.status ? t(`problems.statuses.${view.problem.status}`) : '—'}</dd>
            <dt>{t('problems.list.ownerLabel')}</dt>
            <dd>
              {view.problem.owner
                ? view.problem.owner.displayName || view.problem.owner.accountId
                : t('rolloutPanel.problemNoOwner')}
            </dd>
            {view.problem.closingComment ? (
              <>
                <dt>{t('problems.list.comment')}</dt>
                <dd>{view.problem.closingComment}</dd>
              </>
            ) : null}
            {view.problem.fixLink ? (
              <>
                <dt>{t('problems.list.fixedBy')}</dt>
                <dd>
                  <ProductLink href={view.problem.fixLink} newTab>
                    {view.problem.fixLink}
                  </ProductLink>
                </dd>
              </>
            ) : null}
          </dl>
        </Stack>
      ) : null}
      {phase ? (
        <Stack space="space.100">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Heading size="xsmall" as="h3">
              {t('rolloutPanel.phasePosition', {
                position: phase.position,
                count: phase.count,
                name: phase.name,
              })}
            </Heading>
            <Lozenge
              appearance={phase.completed ? 'success' : phase.current ? 'inprogress' : 'default'}
            >
              {t(
                `rolloutPanel.phaseState.${phase.completed ? 'completed' : phase.current ? 'current' : 'later'}`,
              )}
            </Lozenge>
          </Inline>
          <Text size="small" color="color.text.subtle">
            {formatDayRange(locale, phase.start, phase.end)}
          </Text>
          <Text>{t('rolloutPanel.phaseProgress', { ...phase.work })}</Text>
          {view.phaseJql ? (
            <ProductLink href={searchUrl(view.jiraBaseUrl, view.phaseJql)} newTab>
              {t('rolloutPanel.phaseSearch')}
            </ProductLink>
          ) : null}
        </Stack>
      ) : null}
      <RaiseInPanel onRaised={props.onRaised} />
    </Stack>
  );
}
