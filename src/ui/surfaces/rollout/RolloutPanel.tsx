/**
 * Jira issue panel "Rollout": on the rollout's anchor issue, the rollout at a glance (current
 * phase, each phase's work by department, upcoming sessions, open problems, approvals, links into
 * Jira and Confluence) and completing a phase; on an issue the plan created, where it sits in the
 * rollout. One invoke loads it; completing a phase answers the panel as it now is.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type {
  AnchorPanelView,
  AppError,
  MemberPanelView,
  PanelPhaseView,
  RolloutPanelView,
} from '../../../contract';
import { COMMENT_MAX } from '../../../domain/limits';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import { SessionPlace } from '../../components/SessionPlace';
import { TextArea } from '../../components/TextArea';
import { formatDay, formatDayRange } from '../../components/dates';
import { STATE_APPEARANCE, stateLabel } from '../../components/words';
import { TrainedList } from './Trained';
import '../../components/form.css';
import './rollout.css';
import { confirmWithFlag } from '../../components/flags';
import { WeightedText } from '../../components/WeightedText';
import { ApprovalBottlenecks } from '../bottlenecks/ApprovalBottlenecks';

/**
 * The triage list brings the user picker (the select chunk, about 45 KiB gzipped) and the raise
 * form is opened on demand: both load after the panel has drawn, so its first render does not
 * wait for them.
 */
// Loaded after the panel draws: the attendance form brings the user picker (react-select).
const AttendanceSection = lazy(() =>
  import('./Attendance').then((module) => ({ default: module.AttendanceSection })),
);
const ProblemsSection = lazy(() =>
  import('../problems/ProblemList').then((module) => ({ default: module.ProblemsSection })),
);
// Loaded after the panel draws, for the coordinator only: the signals take their own call.
const SuggestionsSection = lazy(() =>
  import('./Suggestions').then((module) => ({ default: module.SuggestionsSection })),
);
// The weekly digest's settings load when someone opens them (their own invoke): the panel's
// first load stays one call.
const DigestSection = lazy(() =>
  import('./DigestSection').then((module) => ({ default: module.DigestSection })),
);
const FeedbackSection = lazy(() =>
  import('../pulses/FeedbackSection').then((module) => ({ default: module.FeedbackSection })),
);
const PulseForm = lazy(() =>
  import('../pulses/PulseForm').then((module) => ({ default: module.PulseForm })),
);
const RaiseProblem = lazy(() =>
  import('../problems/RaiseProblem').then((module) => ({ default: module.RaiseProblem })),
);

type State =
  | { status: 'loading' }
  | { status: 'hidden' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: RolloutPanelView };

/** Most severe first, as the panel lists them. */
const SEVERITIES = ['blocking', 'high', 'medium', 'low'] as const;

function searchUrl(base: string, jql: string): string {
  return `${base.replace(/\/+$/u, '')}/issues/?jql=${encodeURIComponent(jql)}`;
}

function issueUrl(base: string, key: string): string {
  return `${base.replace(/\/+$/u, '')}/browse/${encodeURIComponent(key)}`;
}

/** The risk a coordinator accepts to complete a phase with blocking problems open. */
function RiskForm(props: {
  phase: PanelPhaseView;
  busy: boolean;
  onSubmit: (comment: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslator();
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const blank = comment.trim() === '';
  return (
    <SectionMessage
      appearance="warning"
      title={t('rolloutPanel.riskTitle', { name: props.phase.name })}
    >
      <Stack space="space.100">
        <p>{t('rolloutPanel.riskHint')}</p>
        <TextArea
          id={`risk-${props.phase.id}`}
          label={t('rolloutPanel.riskLabel')}
          value={comment}
          onChange={setComment}
          max={COMMENT_MAX}
          error={tried && blank ? t('rolloutPanel.riskRequired') : undefined}
        />
        <Inline space="space.100">
          <Button
            appearance="warning"
            isDisabled={props.busy}
            onClick={() => {
              setTried(true);
              if (!blank) props.onSubmit(comment);
            }}
          >
            {props.busy ? t('rolloutPanel.completing') : t('rolloutPanel.acceptRisk')}
          </Button>
          <Button appearance="subtle" onClick={props.onCancel} isDisabled={props.busy}>
            {t('rolloutPanel.cancel')}
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}

function PhaseSection(props: {
  view: AnchorPanelView;
  phase: PanelPhaseView;
  onComplete: (phase: PanelPhaseView, riskComment: string) => Promise<AppError | null>;
}) {
  const { t, locale, formatDate } = useTranslator();
  const { view, phase } = props;
  const [busy, setBusy] = useState(false);
  const [askRisk, setAskRisk] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const current = view.currentPhase?.id === phase.id;
  const headingId = `phase-${phase.id}`;

  const complete = async (riskComment: string) => {
    setBusy(true);
    setError(null);
    const failure = await props.onComplete(phase, riskComment);
    setBusy(false);
    if (failure?.messageKey === 'errors.rolloutPanel.blockingOpen') {
      setAskRisk(true);
    } else if (failure) {
      setError(failure);
    } else {
      setAskRisk(false);
    }
  };

  return (
    <section className="rc-rp-phase" aria-labelledby={headingId}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h4" id={headingId}>
            {phase.name}
          </Heading>
          {current ? (
            <Lozenge appearance="inprogress">{t('rolloutPanel.currentBadge')}</Lozenge>
          ) : null}
          {phase.completion ? (
            <Lozenge appearance="success">
              {t('rolloutPanel.completedOn', { date: formatDate(phase.completion.completedAt) })}
            </Lozenge>
          ) : null}
          <Text size="small" color="color.text.subtle">
            {formatDayRange(locale, phase.start, phase.end)}
          </Text>
        </Inline>
        {phase.completion && phase.completion.blockingOpen > 0 ? (
          <Text size="small">
            {t('rolloutPanel.riskAccepted', {
              count: phase.completion.blockingOpen,
              comment: phase.completion.riskComment,
            })}
          </Text>
        ) : null}
        <table className="rc-rp-grid">
          <caption className="rc-visually-hidden">
            {t('rolloutPanel.searchPhase', { name: phase.name })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('rolloutPanel.column.department')}</th>
              <th scope="col">{t('rolloutPanel.column.open')}</th>
              <th scope="col">{t('rolloutPanel.column.done')}</th>
              <th scope="col">{t('rolloutPanel.column.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {phase.departments.map((cell) => {
              const name =
                cell.departmentId === ''
                  ? t('rolloutPanel.wholePhase')
                  : cell.name || t('rolloutPanel.unknownDepartment');
              return (
                <tr key={cell.departmentId}>
                  <th scope="row">
                    <ProductLink
                      href={searchUrl(view.jiraBaseUrl, cell.jql)}
                      newTab
                      aria-label={t('rolloutPanel.searchCell', {
                        name: phase.name,
                        department: name,
                      })}
                    >
                      {name}
                    </ProductLink>
                  </th>
                  <td>{cell.open}</td>
                  <td>{cell.done}</td>
                  <td className={cell.overdue > 0 ? 'rc-rp-overdue' : undefined}>{cell.overdue}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <ProductLink href={searchUrl(view.jiraBaseUrl, phase.jql)} newTab>
            {t('rolloutPanel.searchPhase', { name: phase.name })}
          </ProductLink>
          {view.canComplete &&
          !phase.completion &&
          view.rollout.lifecycle === 'in-progress' &&
          !askRisk ? (
            <Button
              appearance={current ? 'primary' : 'default'}
              isDisabled={busy}
              onClick={() => {
                void complete('');
              }}
            >
              {busy
                ? t('rolloutPanel.completing')
                : t('rolloutPanel.complete', { name: phase.name })}
            </Button>
          ) : null}
        </Inline>
        {askRisk ? (
          <RiskForm
            phase={phase}
            busy={busy}
            onSubmit={(comment) => {
              void complete(comment);
            }}
            onCancel={() => {
              setAskRisk(false);
            }}
          />
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </Stack>
    </section>
  );
}

/**
 * "Raise a problem" on the issue the panel is on: the same flow as the issue action, opened in
 * place (its data loads when opened, so the panel's own load stays as it is).
 */
function RaiseInPanel(props: { onRaised: () => void }) {
  const { t } = useTranslator();
  const [open, setOpen] = useState(false);
  return (
    <section className="rc-rp-raise" aria-label={t('rolloutPanel.raise')}>
      {open ? (
        <Suspense fallback={<Loading label={t('problems.form.loading')} />}>
          <RaiseProblem
            onRaised={props.onRaised}
            onClose={() => {
              setOpen(false);
            }}
          />
        </Suspense>
      ) : (
        <Button
          onClick={() => {
            setOpen(true);
          }}
        >
          {t('rolloutPanel.raise')}
        </Button>
      )}
    </section>
  );
}

function AnchorView(props: {
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
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="small" as="h2">
            {rollout.title}
          </Heading>
          <Lozenge appearance={STATE_APPEARANCE[rollout.lifecycle]}>
            {stateLabel(t, rollout.lifecycle)}
          </Lozenge>
        </Inline>
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

function MemberView(props: {
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

export default function RolloutPanel() {
  const { t } = useTranslator();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [announcement, setAnnouncement] = useState('');
  const [problemsKey, setProblemsKey] = useState(0);

  // The first load carries the sections' answers (one invoke); a refresh after an action does
  // not: each section keeps what it shows and refreshes itself.
  const load = useCallback(async (sections = true): Promise<void> => {
    const answer = await call('rolloutPanel/load', { sections });
    if (answer.ok) setState({ status: 'ready', view: answer.data });
    else if (answer.error.code === 'NOT_FOUND') setState({ status: 'hidden' });
    else setState({ status: 'failed', error: answer.error });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const onComplete = useCallback(
    async (phase: PanelPhaseView, riskComment: string): Promise<AppError | null> => {
      const answer = await call('rolloutPanel/completePhase', { phaseId: phase.id, riskComment });
      if (!answer.ok) return answer.error;
      setAnnouncement(t('rolloutPanel.completed', { name: phase.name }));
      confirmWithFlag(t('rolloutPanel.completed', { name: phase.name }));
      setState({ status: 'ready', view: answer.data });
      return null;
    },
    [t],
  );

  // The counts follow a raise or a triage step; the view stays on screen while they reload.
  const refresh = (): void => {
    void load(false);
  };
  const onRaised = (): void => {
    setProblemsKey((key) => key + 1);
    refresh();
  };

  if (state.status === 'loading') return <Loading label={t('rolloutPanel.loading')} />;
  if (state.status === 'hidden') {
    return (
      <div className="rc-inset-200">
        <Text color="color.text.subtle">{t('rolloutPanel.notVisible')}</Text>
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="rc-inset-200">
        <ErrorMessage
          title={t('rolloutPanel.loadFailed')}
          error={state.error}
          onRetry={() => {
            setState({ status: 'loading' });
            void load();
          }}
        />
      </div>
    );
  }
  const { view } = state;
  return (
    <div className="rc-inset-200">
      {view.kind === 'anchor' ? (
        <AnchorView
          view={view}
          onComplete={onComplete}
          onProblemsChanged={refresh}
          problemsKey={problemsKey}
          onRaised={onRaised}
          onView={(next) => {
            setAnnouncement(t('rolloutPanel.trained.saved'));
            confirmWithFlag(t('rolloutPanel.trained.saved'));
            setState({ status: 'ready', view: next });
          }}
        />
      ) : view.kind === 'member' ? (
        <MemberView
          view={view}
          onChanged={(next, said) => {
            setAnnouncement(said);
            confirmWithFlag(said);
            setState({ status: 'ready', view: next });
          }}
          onRaised={onRaised}
        />
      ) : (
        <p className="rc-rp-none">{t('rolloutPanel.none')}</p>
      )}
      <div aria-live="polite" role="status" className="rc-visually-hidden">
        {announcement}
      </div>
    </div>
  );
}

/**
 * "Weekly digest", closed: its settings (and their call) load when it is opened. Shown only to
 * those it concerns: its recipients and whoever manages it.
 */
function DigestDisclosure({ digest }: { digest: AnchorPanelView['digest'] }) {
  const { t } = useTranslator();
  const [open, setOpen] = useState(false);
  if (!digest.isRecipient && !digest.canManage) return null;
  return (
    <details
      className="rc-digest-disclosure"
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
      }}
    >
      <summary>{t('digest.title')}</summary>
      {open ? (
        <Suspense fallback={<Loading label={t('digest.loading')} />}>
          <DigestSection />
        </Suspense>
      ) : null}
    </details>
  );
}
