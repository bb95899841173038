/**
 * The Rollout panel on a rollout's anchor issue: the rollout at a glance (current phase, each
 * phase's work by department, upcoming and flagged sessions, trained %, open problems,
 * suggestions, feedback, approvals, links into Jira and Confluence).
 */
import { lazy, Suspense } from 'react';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type {
  AnchorPanelView,
  AppError,
  PanelPhaseView,
  RolloutPanelView,
} from '../../../contract';
import { useTranslator } from '../../i18n';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import { formatDay } from '../../components/dates';
import { STATE_APPEARANCE, stateLabel } from '../../components/words';
import { WeightedText } from '../../components/WeightedText';
import { RolloutTitle } from '../../components/RolloutTitle';
import { ApprovalBottlenecks } from '../bottlenecks/ApprovalBottlenecks';
import { TrainedList } from './Trained';
import { PhaseSection } from './PhaseSection';
import { RaiseInPanel } from './RaiseInPanel';
import { DigestDisclosure } from './DigestDisclosure';
import { searchUrl } from './links';

/**
 * The triage list brings the user picker (the select chunk, about 45 KiB gzipped): it loads
 * after the panel has drawn, so its first render does not wait for it.
 */
const ProblemsSection = lazy(() =>
  import('../problems/ProblemList').then((module) => ({ default: module.ProblemsSection })),
);
// Loaded after the panel draws, for the coordinator only: the signals take their own call.
const SuggestionsSection = lazy(() =>
  import('./Suggestions').then((module) => ({ default: module.SuggestionsSection })),
);
const FeedbackSection = lazy(() =>
  import('../pulses/FeedbackSection').then((module) => ({ default: module.FeedbackSection })),
);

/** Most severe first, as the panel lists them. */
const SEVERITIES = ['blocking', 'high', 'medium', 'low'] as const;

export function AnchorView(props: {
  view: AnchorPanelView;
  onComplete: (phase: PanelPhaseView, riskComment: string) => Promise<AppError | null>;
  /** A problem was raised or triaged: the counts are reloaded. */
  onProblemsChanged: () => void;
  /** Changes when a problem was raised here, so the list reloads. */
  problemsKey: number;
  onRaised: () => void;
  onView: (view: RolloutPanelView) => void;
}) {
  const { t, locale } = useTranslator();
  const { view } = props;
  const { rollout } = view;
  const current = view.currentPhase
    ? view.phases.find((phase) => phase.id === view.currentPhase?.id)
    : undefined;
  const openProblems = SEVERITIES.reduce((sum, s) => sum + view.problems.open[s], 0);
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <RolloutTitle title={rollout.title} lifecycle={rollout.lifecycle} level={2} />
        <Text size="small" color="color.text.subtle">
          {t('rolloutPanel.target', { date: formatDay(locale, rollout.targetDate) })}
        </Text>
      </Stack>

      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          {t('rolloutPanel.currentPhase')}
        </Heading>
        {view.phases.length === 0 ? (
          <Text color="color.text.subtle">{t('rolloutPanel.noPlan')}</Text>
        ) : current && view.currentPhase ? (
          <Text as="p">
            {t(`rolloutPanel.timing.${view.currentPhase.timing}`, {
              name: current.name,
              date: formatDay(
                locale,
                view.currentPhase.timing === 'upcoming' ? current.start : current.end,
              ),
            })}
          </Text>
        ) : (
          <Text as="p">{t('rolloutPanel.allDone')}</Text>
        )}
      </Stack>

      {view.phases.length > 0 ? (
        <Stack space="space.150">
          <Heading size="xsmall" as="h3">
            {t('rolloutPanel.phases')}
          </Heading>
          <Text size="small" color="color.text.subtle">
            {t('rolloutPanel.workNote')}
          </Text>
          {view.phases.map((phase) => (
            <PhaseSection key={phase.id} view={view} phase={phase} onComplete={props.onComplete} />
          ))}
        </Stack>
      ) : null}

      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          {t('rolloutPanel.sessions')}
        </Heading>
        {view.sessions.upcoming.length === 0 ? (
          <Text color="color.text.subtle">{t('rolloutPanel.noSessions')}</Text>
        ) : (
          <ul className="rc-rp-list">
            {view.sessions.upcoming.map((session) => (
              <li key={session.id}>
                <WeightedText weight="semibold">{formatDay(locale, session.date)}</WeightedText> ·{' '}
                {session.title}
                <Text size="small" color="color.text.subtle">
                  {' '}
                  · {t(`plan.kind.${session.kind}`)} · {session.phaseName}
                  {session.allDepartments
                    ? ` · ${t('rolloutPanel.allDepartments')}`
                    : session.departments.length > 0
                      ? ` · ${session.departments.join(', ')}`
                      : ''}
                </Text>
              </li>
            ))}
          </ul>
        )}
        <Inline space="space.100" shouldWrap>
          {view.sessions.total > view.sessions.upcoming.length ? (
            <Text size="small">
              {t('rolloutPanel.sessionsTotal', { count: view.sessions.total })}
            </Text>
          ) : null}
          <ProductLink href={searchUrl(view.jiraBaseUrl, view.sessions.jql)} newTab>
            {t('rolloutPanel.allSessions')}
          </ProductLink>
        </Inline>
      </Stack>

      {view.sessions.flaggedTotal > 0 ? (
        <Stack space="space.100">
          <Heading size="xsmall" as="h3">
            {t('rolloutPanel.flagged.title')}
          </Heading>
          <ul className="rc-rp-list" aria-label={t('rolloutPanel.flagged.title')}>
            {view.sessions.flagged.map((session) => (
              <li key={session.id}>
                <Inline space="space.100" alignBlock="center" shouldWrap>
                  <Lozenge appearance={session.flag === 'over-capacity' ? 'moved' : 'removed'}>
                    {t(`rolloutPanel.flagged.${session.flag}`)}
                  </Lozenge>
                  <WeightedText weight="semibold">{formatDay(locale, session.date)}</WeightedText>
                  <Text>{session.title}</Text>
                  <Text size="small" color="color.text.subtle">
                    {session.flag === 'over-capacity'
                      ? t('rolloutPanel.flagged.seats', {
                          count: session.count,
                          capacity: session.capacity,
                        })
                      : t('rolloutPanel.flagged.notRecordedHelp')}
                  </Text>
                </Inline>
              </li>
            ))}
          </ul>
          {view.sessions.flaggedTotal > view.sessions.flagged.length ? (
            <Text size="small">
              {t('rolloutPanel.flagged.more', { count: view.sessions.flaggedTotal })}
            </Text>
          ) : null}
        </Stack>
      ) : null}

      <TrainedList
        departments={view.trained.departments}
        pending={view.trained.updatedAt === ''}
        canEdit={view.trained.canEditHeadCounts}
        onSaved={props.onView}
        headingLevel="h3"
      />

      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          {t('rolloutPanel.problems')}
        </Heading>
        {openProblems === 0 ? (
          <Text color="color.text.subtle">{t('rolloutPanel.noProblems')}</Text>
        ) : (
          <Inline space="space.150" shouldWrap>
            {SEVERITIES.map((severity) => (
              <ProductLink
                key={severity}
                href={searchUrl(view.jiraBaseUrl, view.problems.jqlBySeverity[severity])}
                newTab
              >
                {t(`rolloutPanel.severity.${severity}`)}: {view.problems.open[severity]}
              </ProductLink>
            ))}
          </Inline>
        )}
        <ProductLink href={searchUrl(view.jiraBaseUrl, view.problems.jql)} newTab>
          {t('rolloutPanel.allProblems')}
        </ProductLink>
        <RaiseInPanel onRaised={props.onRaised} />
      </Stack>

      <Suspense fallback={<Loading label={t('problems.list.loading')} />}>
        <ProblemsSection
          key={props.problemsKey}
          siteUrl={view.jiraBaseUrl}
          headingLevel="h3"
          onChanged={props.onProblemsChanged}
          // After a raise the section remounts and reads the list anew.
          initial={props.problemsKey === 0 ? view.sections?.problems : undefined}
        />
      </Suspense>

      {view.canComplete ? (
        <Suspense fallback={<Loading label={t('suggestions.loading')} />}>
          {/* An accepted change is in the plan and on its way to Jira: the panel reloads. */}
          <SuggestionsSection
            onPlanChanged={props.onProblemsChanged}
            initial={view.sections?.suggestions ?? undefined}
          />
        </Suspense>
      ) : null}
      <Suspense fallback={<Loading label={t('pulses.loading')} />}>
        <FeedbackSection initial={view.sections?.feedback} />
      </Suspense>

      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          {t('rolloutPanel.approvals')}
        </Heading>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Lozenge appearance={STATE_APPEARANCE[view.approvals.state]}>
            {stateLabel(t, view.approvals.state)}
          </Lozenge>
          <Text>
            {view.approvals.total === 0
              ? t('rolloutPanel.approvalsNone')
              : t('rolloutPanel.approvalsCount', {
                  round: view.approvals.round,
                  approved: view.approvals.approved,
                  total: view.approvals.total,
                })}
          </Text>
        </Inline>
        <ApprovalBottlenecks bottlenecks={view.approvals.bottlenecks} />
      </Stack>

      <DigestDisclosure digest={view.digest} />

      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          {t('rolloutPanel.links')}
        </Heading>
        <Inline space="space.200" shouldWrap>
          {view.strategyPage ? (
            <ProductLink href={view.strategyPage.url} newTab>
              {t('rolloutPanel.strategyPage')}
            </ProductLink>
          ) : null}
          <ProductLink href={searchUrl(view.jiraBaseUrl, view.workJql)} newTab>
            {t('rolloutPanel.allWork')}
          </ProductLink>
        </Inline>
      </Stack>
    </Stack>
  );
}
