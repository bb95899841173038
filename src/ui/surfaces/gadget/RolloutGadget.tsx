/**
 * The Rollout progress gadget on a Jira dashboard: each rollout it follows, seen as an overview,
 * by department or by phase (the edit view's choice, read from
 * `context.extension.gadgetConfiguration`). Jira's refresh (the JIRA_DASHBOARD_GADGET_REFRESH
 * event; the module is not `refreshable`, so the frame stays) reloads the figures in place.
 * Light: no Atlaskit component, design tokens only, so a dashboard of several gadgets stays quick.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { events, router } from '@forge/bridge';
import type { AppError, GadgetLoadView, GadgetRollout, GadgetView } from '../../../contract';
import type { TrackStatus } from '../../../domain/plan-vs-actual';
import type { AppContext } from '../../context';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { formatDay } from '../../components/dates';
import { BurnUp, PhaseTimeline, ReadinessChart } from './charts';
import { readConfig } from './config';
import { ApprovalBottlenecks } from '../bottlenecks/ApprovalBottlenecks';
import './gadget.css';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; data: GadgetLoadView; refreshing: boolean };

function StatusBadge(props: { status: TrackStatus }) {
  const { t } = useTranslator();
  return (
    <span className={`rc-gd-status rc-gd-status-${props.status}`}>
      {t(`progress.status.${props.status}`)}
    </span>
  );
}

function percent(
  value: number | null,
  t: (key: string, p?: Record<string, string | number>) => string,
) {
  return value === null ? t('gadget.unknown') : t('gadget.percent', { value });
}

function Summary(props: { rollout: GadgetRollout }) {
  const { t } = useTranslator();
  const { rollout } = props;
  const held = rollout.phases.reduce((sum, p) => sum + p.sessionsHeld, 0);
  const sessions = rollout.phases.reduce((sum, p) => sum + p.sessions, 0);
  const { bySeverity, capped } = rollout.problems;
  const more = capped ? '+' : '';
  return (
    <dl className="rc-gd-summary">
      <div>
        <dt>{t('gadget.done')}</dt>
        <dd>
          {t('gadget.doneVsPlanned', {
            actual: rollout.actualPercent,
            planned: rollout.plannedPercent,
          })}
        </dd>
      </div>
      <div>
        <dt>{t('gadget.sessionsHeld')}</dt>
        <dd>{t('gadget.doneOf', { done: held, total: sessions })}</dd>
      </div>
      <div>
        <dt>{t('gadget.approvals')}</dt>
        <dd>
          {t('gadget.approvalsCount', {
            approved: rollout.approvals.approved,
            total: rollout.approvals.total,
          })}
        </dd>
      </div>
      <div>
        <dt>{t('gadget.problems')}</dt>
        <dd>
          {t('gadget.problemsBySeverity', {
            blocking: `${String(bySeverity.blocking)}${more}`,
            high: `${String(bySeverity.high)}${more}`,
            medium: `${String(bySeverity.medium)}${more}`,
            low: `${String(bySeverity.low)}${more}`,
          })}
        </dd>
      </div>
    </dl>
  );
}

function Behind(props: { rollout: GadgetRollout }) {
  const { t } = useTranslator();
  const behind = [...props.rollout.cells, ...props.rollout.targets]
    .filter((item) => item.status !== 'on-track')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'off-track' ? -1 : 1))
    .slice(0, 5);
  if (behind.length === 0) return null;
  return (
    <section aria-label={t('gadget.behindTitle')}>
      <h4 className="rc-gd-subtitle">{t('gadget.behindTitle')}</h4>
      <ul className="rc-gd-list">
        {behind.map((item, i) => (
          <li key={i}>
            <StatusBadge status={item.status} /> {t(item.reason.key, item.reason.params)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ByDepartment(props: { rollout: GadgetRollout }) {
  const { t } = useTranslator();
  const { rollout } = props;
  const worst = (departmentId: string): TrackStatus => {
    const statuses = [...rollout.cells, ...rollout.targets]
      .filter((c) => c.departmentId === departmentId)
      .map((c) => c.status);
    if (statuses.includes('off-track')) return 'off-track';
    return statuses.includes('at-risk') ? 'at-risk' : 'on-track';
  };
  // The policy column shows only for a rollout that names a policy (a figure on some department).
  const hasPolicy = rollout.departments.some((d) => d.acknowledgedPercent !== null);
  if (rollout.departments.length === 0)
    return <p className="rc-gd-muted">{t('gadget.noDepartments')}</p>;
  return (
    <div className="rc-gd-scroll">
      <table className="rc-gd-table">
        <caption className="rc-visually-hidden">
          {t('gadget.byDepartmentCaption', { title: rollout.title })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('gadget.department')}</th>
            <th scope="col">{t('gadget.status')}</th>
            <th scope="col">{t('gadget.work')}</th>
            <th scope="col">{t('gadget.sessionsHeld')}</th>
            <th scope="col">{t('gadget.trained')}</th>
            {hasPolicy ? <th scope="col">{t('gadget.acknowledged')}</th> : null}
            <th scope="col">{t('gadget.readiness')}</th>
            <th scope="col">{t('gadget.approval')}</th>
          </tr>
        </thead>
        <tbody>
          {rollout.departments.map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.name}</th>
              <td>
                <StatusBadge status={worst(d.id)} />
              </td>
              <td>{t('gadget.doneOf', { done: d.done, total: d.total })}</td>
              <td>{t('gadget.doneOf', { done: d.sessionsHeld, total: d.sessions })}</td>
              <td>{percent(d.trainedPercent, t)}</td>
              {hasPolicy ? <td>{percent(d.acknowledgedPercent, t)}</td> : null}
              <td>
                {d.readiness === null
                  ? t(`gadget.readinessState.${d.readinessState}`)
                  : t('gadget.readinessScore', { score: d.readiness.toFixed(1) })}
                {d.barrier
                  ? ` · ${t('gadget.barrier', { element: t(`gadget.adkar.${d.barrier}`) })}`
                  : ''}
              </td>
              <td>{t(`gadget.approvalStatus.${d.approval}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ByPhase(props: { rollout: GadgetRollout }) {
  const { t, locale } = useTranslator();
  const { rollout } = props;
  const names = new Map(rollout.departments.map((d) => [d.id, d.name]));
  return (
    <ol className="rc-gd-phases">
      {rollout.phases.map((phase) => {
        const cells = rollout.cells.filter((c) => c.phaseId === phase.id);
        return (
          <li key={phase.id}>
            <h4 className="rc-gd-subtitle">
              {phase.name}{' '}
              <span className="rc-gd-muted">
                {formatDay(locale, phase.start)} – {formatDay(locale, phase.end)}
                {phase.completed ? ` · ${t('gadget.completed')}` : ''}
              </span>
            </h4>
            <p className="rc-gd-muted">
              {t('gadget.phaseLine', {
                done: phase.done,
                total: phase.total,
                held: phase.sessionsHeld,
                sessions: phase.sessions,
              })}
            </p>
            {cells.length > 0 ? (
              <table className="rc-gd-table">
                <caption className="rc-visually-hidden">
                  {t('gadget.byPhaseCaption', { phase: phase.name })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('gadget.department')}</th>
                    <th scope="col">{t('gadget.actual')}</th>
                    <th scope="col">{t('gadget.expected')}</th>
                    <th scope="col">{t('gadget.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cells.map((cell) => (
                    <tr key={cell.departmentId}>
                      <th scope="row">
                        {cell.departmentId === ''
                          ? t('gadget.phaseTasks')
                          : (names.get(cell.departmentId) ?? '')}
                      </th>
                      <td>
                        <span className="rc-gd-meter" aria-hidden="true">
                          <span style={{ inlineSize: `${String(cell.actualPercent)}%` }} />
                          <span
                            className="rc-gd-meter-expected"
                            style={{ insetInlineStart: `${String(cell.expectedPercent)}%` }}
                          />
                        </span>
                        {t('gadget.percent', { value: cell.actualPercent })}
                      </td>
                      <td>{t('gadget.percent', { value: cell.expectedPercent })}</td>
                      <td>
                        <StatusBadge status={cell.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function RolloutCard(props: { rollout: GadgetRollout; view: GadgetView; today: string }) {
  const { t } = useTranslator();
  const { rollout, view, today } = props;
  return (
    <article className="rc-gd-rollout" aria-labelledby={`rc-gd-${rollout.id}`}>
      <header className="rc-gd-head">
        <h3 id={`rc-gd-${rollout.id}`} className="rc-gd-title">
          <a
            href={rollout.url}
            onClick={(event) => {
              event.preventDefault();
              void router.navigate(rollout.url);
            }}
          >
            {rollout.title}
          </a>{' '}
          <span className="rc-gd-muted">{rollout.issueKey}</span>
        </h3>
        <StatusBadge status={rollout.status} />
      </header>
      <p className="rc-gd-reason">{t(rollout.reason.key, rollout.reason.params)}</p>
      {view === 'overview' ? (
        <>
          <Summary rollout={rollout} />
          <PhaseTimeline phases={rollout.phases} today={today} title={rollout.title} />
          <div className="rc-gd-charts">
            <BurnUp
              planned={rollout.trend.planned}
              actual={rollout.trend.actual}
              today={today}
              title={rollout.title}
            />
            <ReadinessChart
              pulses={rollout.trend.readiness}
              departments={rollout.departments}
              title={rollout.title}
            />
          </div>
          <Behind rollout={rollout} />
          <ApprovalBottlenecks bottlenecks={rollout.bottlenecks} />
        </>
      ) : null}
      {view === 'department' ? <ByDepartment rollout={rollout} /> : null}
      {view === 'phase' ? <ByPhase rollout={rollout} /> : null}
    </article>
  );
}

export default function RolloutGadget(props: { context: AppContext }) {
  const { t } = useTranslator();
  const config = readConfig(props.context.extension.gadgetConfiguration);
  const [state, setState] = useState<State>({ status: 'loading' });
  const rolloutIds = config?.rolloutIds.join(',') ?? '';
  const latest = useRef(0);

  const load = useCallback(async (): Promise<void> => {
    if (rolloutIds === '') return;
    const ticket = (latest.current += 1);
    const answer = await call('gadget/load', { rolloutIds: rolloutIds.split(',') });
    if (ticket !== latest.current) return;
    setState(
      answer.ok
        ? { status: 'ready', data: answer.data, refreshing: false }
        : { status: 'failed', error: answer.error },
    );
  }, [rolloutIds]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const subscription = events.on('JIRA_DASHBOARD_GADGET_REFRESH', () => {
      setState((current) =>
        current.status === 'ready' ? { ...current, refreshing: true } : { status: 'loading' },
      );
      void load();
    });
    return () => {
      void subscription.then((s) => {
        s.unsubscribe();
      });
    };
  }, [load]);

  if (!config) {
    return (
      <div className="rc-gd rc-gd-empty">
        <p>{t('gadget.notConfigured')}</p>
      </div>
    );
  }
  if (state.status === 'loading') {
    return (
      <div className="rc-gd" role="status" aria-live="polite">
        <p className="rc-gd-muted">{t('gadget.loading')}</p>
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="rc-gd" role="alert">
        <p>{t('gadget.loadFailed')}</p>
        <p className="rc-gd-muted">{t(state.error.messageKey, state.error.params ?? {})}</p>
        <button
          type="button"
          className="rc-gd-button"
          onClick={() => {
            setState({ status: 'loading' });
            void load();
          }}
        >
          {t('gadget.retry')}
        </button>
      </div>
    );
  }
  const { data, refreshing } = state;
  return (
    <div className="rc-gd" aria-busy={refreshing}>
      <p className="rc-gd-muted rc-gd-status-line" role="status" aria-live="polite">
        {refreshing ? t('gadget.refreshing') : ''}
      </p>
      {data.rollouts.map((rollout) => (
        <RolloutCard key={rollout.id} rollout={rollout} view={config.view} today={data.today} />
      ))}
      {data.unavailable > 0 ? (
        <p className="rc-gd-muted">{t('gadget.unavailable', { count: data.unavailable })}</p>
      ) : null}
    </div>
  );
}
