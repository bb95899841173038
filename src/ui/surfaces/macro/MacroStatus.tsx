/**
 * The "Rollout status" macro on a Confluence page: compact enough to sit in a page. The rollout
 * and its approval state; its phases on a timeline (bars from start to end within the rollout's
 * span, today's marker) with open and done Jira work per phase and a link to that work in Jira;
 * each department's approval; the totals. The counts come from Jira's approximate count on the
 * indexed issue property, as the viewing user may see them. One invoke per view. Drawn without
 * Atlaskit's runtime (components/light, decision 0033): a page may hold several of these frames.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ThemeAppearance } from '@atlaskit/lozenge';
import type { AppError, ApprovalStatus, MacroView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { LazyErrorMessage as ErrorMessage } from '../../components/LazyErrorMessage';
import { Lozenge } from '../../components/light/Lozenge';
import { Loading } from '../../components/light/Spinner';
import { Inline, Stack, Text } from '../../components/light/Text';
import { ProductLink } from '../../components/ProductLink';
import { ProgressBar } from '../../components/ProgressBar';
import { daysBetween, formatDay, formatDayRange, todayUtc } from '../../components/dates';
import { personName, STATE_APPEARANCE, stateLabel } from '../../components/words';
import '../../components/form.css';
import './macro.css';

type Status = Extract<MacroView, { kind: 'status' }>;

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: MacroView };

const DEPARTMENT_STATUS: Record<
  ApprovalStatus | 'not-requested',
  { key: string; appearance: ThemeAppearance }
> = {
  approved: { key: 'approvals.status.approved', appearance: 'success' },
  pending: { key: 'approvals.status.pending', appearance: 'inprogress' },
  'changes-requested': { key: 'approvals.status.changes-requested', appearance: 'moved' },
  rejected: { key: 'approvals.status.rejected', appearance: 'removed' },
  'not-requested': { key: 'macro.notRequested', appearance: 'default' },
};

export function searchUrl(jiraBaseUrl: string, jql: string): string {
  return `${jiraBaseUrl.replace(/\/+$/u, '')}/issues/?jql=${encodeURIComponent(jql)}`;
}

/** Where a day falls in the span, in percent from its start (each day one equal slot). */
function position(spanStart: string, spanDays: number, day: string): number {
  return (Math.min(Math.max(daysBetween(spanStart, day), 0), spanDays) / spanDays) * 100;
}

function Timeline(props: { view: Status }) {
  const { t, locale } = useTranslator();
  const { view } = props;
  const today = todayUtc();
  const starts = view.phases.map((phase) => phase.start).sort();
  const ends = [...view.phases.map((phase) => phase.end), view.rollout.targetDate].sort();
  const spanStart = starts[0] ?? view.rollout.targetDate;
  const spanEnd = ends[ends.length - 1] ?? view.rollout.targetDate;
  // Whole days, the end day included, so a one-day phase still has a visible bar.
  const spanDays = Math.max(daysBetween(spanStart, spanEnd) + 1, 1);
  const todayIn = today >= spanStart && today <= spanEnd;
  const todayAt = position(spanStart, spanDays, today);

  return (
    <section aria-labelledby="macro-phases-title">
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="baseline" spread="space-between" shouldWrap>
          <Text weight="semibold" id="macro-phases-title">
            {t('macro.phases')}
          </Text>
          <Text size="small" color="color.text.subtle">
            {formatDayRange(locale, spanStart, spanEnd)}
            {todayIn ? ` · ${t('macro.today', { date: formatDay(locale, today) })}` : ''}
          </Text>
        </Inline>
        <ol className="rc-mc-phases">
          {view.phases.map((phase) => {
            const total = phase.open + phase.done;
            const state = phase.end < today ? 'past' : phase.start > today ? 'future' : 'current';
            const left = position(spanStart, spanDays, phase.start);
            const width = Math.max(
              ((daysBetween(phase.start, phase.end) + 1) / spanDays) * 100,
              0.5,
            );
            return (
              <li key={phase.id} className="rc-mc-phase">
                <div className="rc-mc-phase-label">
                  <Text weight="medium">{phase.name}</Text>
                  <Text size="small" color="color.text.subtle">
                    {formatDayRange(locale, phase.start, phase.end)}
                    <span className="rc-visually-hidden">
                      {`, ${t(`macro.phaseState.${state}`)}`}
                    </span>
                  </Text>
                </div>
                <div className="rc-mc-track" aria-hidden="true">
                  <span
                    className={`rc-mc-bar rc-mc-bar-${state}`}
                    style={{
                      insetInlineStart: `${String(left)}%`,
                      inlineSize: `${String(width)}%`,
                    }}
                  />
                  {todayIn ? (
                    <span
                      className="rc-mc-today"
                      style={{ insetInlineStart: `${String(todayAt)}%` }}
                    />
                  ) : null}
                </div>
                <div className="rc-mc-counts">
                  <Text size="small">
                    {total === 0
                      ? t('macro.noWork')
                      : t('macro.counts', {
                          open: phase.open,
                          done: phase.done,
                        })}
                  </Text>
                  {total > 0 ? <ProgressBar done={phase.done} total={total} /> : null}
                  {total > 0 ? (
                    <ProductLink
                      href={searchUrl(view.jiraBaseUrl, phase.jql)}
                      newTab
                      aria-label={t('macro.viewPhaseInJira', { phase: phase.name })}
                    >
                      {t('macro.viewInJira')}
                    </ProductLink>
                  ) : null}
                  {phase.blocking > 0 ? (
                    <ProductLink
                      href={searchUrl(view.jiraBaseUrl, phase.blockingJql)}
                      newTab
                      aria-label={t('macro.blockingInPhase', {
                        count: phase.blocking,
                        phase: phase.name,
                      })}
                    >
                      <span className="rc-mc-blocking">
                        {t('macro.blocking', { count: phase.blocking })}
                      </span>
                    </ProductLink>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      </Stack>
    </section>
  );
}

function StatusView(props: { view: Status }) {
  const { t, locale } = useTranslator();
  const { view } = props;
  const { rollout, totals } = view;
  const total = totals.open + totals.done;
  return (
    <Stack space="space.150">
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <h2 className="rc-mc-title">{rollout.title}</h2>
          <Lozenge appearance={STATE_APPEARANCE[rollout.lifecycle]}>
            {stateLabel(t, rollout.lifecycle)}
          </Lozenge>
          {totals.blocking > 0 ? (
            <Lozenge appearance="removed">
              {t('macro.blockingTotal', { count: totals.blocking })}
            </Lozenge>
          ) : null}
        </Inline>
        <Text size="small" color="color.text.subtle">
          {t('macro.meta', {
            date: formatDay(locale, rollout.targetDate),
            key: rollout.issueKey,
          })}
        </Text>
      </Stack>
      {view.phases.length > 0 ? <Timeline view={view} /> : null}
      <section aria-labelledby="macro-departments-title">
        <Stack space="space.075">
          <Text weight="semibold" id="macro-departments-title">
            {t('macro.departments')}
          </Text>
          <ul className="rc-mc-departments">
            {view.departments.map((department) => {
              const status = DEPARTMENT_STATUS[department.status];
              return (
                <li key={department.name}>
                  <Inline space="space.075" alignBlock="center" shouldWrap>
                    <Text weight="medium">{department.name}</Text>
                    <Text size="small" color="color.text.subtle">
                      {personName(t, department.head)}
                    </Text>
                    <Lozenge appearance={status.appearance}>{t(status.key)}</Lozenge>
                  </Inline>
                </li>
              );
            })}
          </ul>
        </Stack>
      </section>
      <section aria-labelledby="macro-totals-title" className="rc-mc-totals">
        <Inline space="space.150" alignBlock="center" shouldWrap>
          <Text weight="semibold" id="macro-totals-title">
            {t('macro.totals')}
          </Text>
          <Text>
            {total === 0
              ? t('macro.noWorkYet')
              : t('macro.totalCounts', {
                  open: totals.open,
                  done: totals.done,
                  percent: new Intl.NumberFormat(locale, { style: 'percent' }).format(
                    totals.done / total,
                  ),
                })}
          </Text>
          {total > 0 ? (
            <span className="rc-mc-total-bar">
              <ProgressBar done={totals.done} total={total} />
            </span>
          ) : null}
          {total > 0 ? (
            <ProductLink href={searchUrl(view.jiraBaseUrl, view.jql)} newTab>
              {t('macro.viewAllInJira')}
            </ProductLink>
          ) : null}
        </Inline>
      </section>
    </Stack>
  );
}

export default function MacroStatus() {
  const { t } = useTranslator();
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchStatus = useCallback(async (): Promise<void> => {
    const answer = await call('macro/status', {});
    setLoad(
      answer.ok
        ? { status: 'ready', view: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void fetchStatus();
  }, [fetchStatus]);

  let body;
  if (load.status === 'loading') body = <Loading label={t('macro.loading')} />;
  else if (load.status === 'failed') {
    body = (
      <ErrorMessage
        title={t('macro.loadFailed')}
        error={load.error}
        onRetry={() => {
          setLoad({ status: 'loading' });
          void fetchStatus();
        }}
      />
    );
  } else {
    const { view } = load;
    switch (view.kind) {
      case 'hidden':
        // Nothing of the rollout, not even a frame around the line.
        return (
          <div className="rc-mc-frame">
            <Text color="color.text.subtle">{t('macro.hidden')}</Text>
          </div>
        );
      case 'unbound':
        body = (
          <Stack space="space.050">
            <Text weight="semibold">{t('macro.unboundTitle')}</Text>
            <Text color="color.text.subtle">{t('macro.unbound')}</Text>
            {view.canConfigure ? (
              <Text size="small" color="color.text.subtlest">
                {t('macro.unboundConfigure')}
              </Text>
            ) : null}
          </Stack>
        );
        break;
      case 'status':
        body = <StatusView view={view} />;
        break;
    }
  }
  return (
    <div className="rc-mc-frame">
      <div className="rc-mc">{body}</div>
    </div>
  );
}
