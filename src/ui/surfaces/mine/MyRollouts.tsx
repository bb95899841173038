/**
 * "My rollouts" (Jira's Apps menu): what waits for the user across rollouts, in one call, with
 * the decision on an approval taken in place (the Approvals panel's rules, on the server). Light:
 * design tokens and native controls only, as the gadget, so the page opens fast.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type {
  AppError,
  Decision,
  MineApproval,
  MinePolicy,
  MineRollout,
  MyRolloutsView,
} from '../../../contract';
import type { AppContext } from '../../context';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { formatDay } from '../../components/dates';
import { LazyErrorMessage } from '../../components/LazyErrorMessage';
import { ProductLink } from '../../components/ProductLink';
import './mine.css';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; data: MyRolloutsView; done: string };

const DECISIONS: readonly { decision: Decision; key: string }[] = [
  { decision: 'approved', key: 'approvals.decide.approve' },
  { decision: 'changes-requested', key: 'approvals.decide.requestChanges' },
  { decision: 'rejected', key: 'approvals.decide.reject' },
];

function issueUrl(siteUrl: string, key: string): string {
  return `${siteUrl}/browse/${encodeURIComponent(key)}`;
}

function RolloutLink(props: { siteUrl: string; rollout: MineRollout }) {
  const { t } = useTranslator();
  const { rollout } = props;
  return (
    <ProductLink
      href={issueUrl(props.siteUrl, rollout.issueKey)}
      aria-label={t('mine.approvals.openIssue', {
        issueKey: rollout.issueKey,
        rollout: rollout.title,
      })}
    >
      {rollout.issueKey}: {rollout.title}
    </ProductLink>
  );
}

/** One kind of thing waiting: a heading with its count, then its list or what its absence means. */
function Section<T>(props: {
  id: string;
  heading: string;
  empty: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  children: (item: T) => React.ReactNode;
}) {
  return (
    <section className="rc-mine-section" aria-labelledby={props.id}>
      <h2 id={props.id} className="rc-mine-heading">
        {props.heading} <span className="rc-mine-count">{props.items.length}</span>
      </h2>
      {props.items.length === 0 ? (
        <p className="rc-mine-muted">{props.empty}</p>
      ) : (
        <ul className="rc-mine-list">
          {props.items.map((item) => (
            <li key={props.keyOf(item)} className="rc-mine-item">
              {props.children(item)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DecideForm(props: {
  approval: MineApproval;
  onDecided: (data: MyRolloutsView, done: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslator();
  const { approval } = props;
  const ids = useId();
  const [decision, setDecision] = useState<Decision>('approved');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const legend = approval.onBehalfOf
    ? t('approvals.decide.legendOnBehalf', {
        department: approval.departmentName,
        approver: approval.onBehalfOf.displayName,
      })
    : t('approvals.decide.legend', { department: approval.departmentName });
  return (
    <form
      className="rc-mine-decide"
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        void call('mine/decide', {
          approvalId: approval.id,
          version: approval.version,
          decision,
          comment,
        }).then((answer) => {
          setBusy(false);
          if (answer.ok) {
            props.onDecided(
              answer.data,
              t('mine.approvals.done', {
                department: approval.departmentName,
                rollout: approval.rollout.title,
              }),
            );
          } else {
            setError(answer.error);
          }
        });
      }}
    >
      <fieldset disabled={busy}>
        <legend>{legend}</legend>
        <div className="rc-mine-choices">
          {DECISIONS.map((choice) => (
            <label key={choice.decision} className="rc-mine-choice">
              <input
                type="radio"
                name={`${ids}-decision`}
                value={choice.decision}
                checked={decision === choice.decision}
                onChange={() => {
                  setDecision(choice.decision);
                }}
              />
              {t(choice.key)}
            </label>
          ))}
        </div>
        <label className="rc-mine-label" htmlFor={`${ids}-comment`}>
          {t('approvals.decide.comment')}
        </label>
        <textarea
          id={`${ids}-comment`}
          className="rc-mine-textarea"
          aria-describedby={`${ids}-help`}
          value={comment}
          rows={3}
          onChange={(event) => {
            setComment(event.target.value);
          }}
        />
        <p id={`${ids}-help`} className="rc-mine-muted">
          {t('approvals.decide.commentHelp')} {t('approvals.decide.final')}
        </p>
        {error ? <LazyErrorMessage error={error} /> : null}
        <div className="rc-mine-actions">
          <button type="submit" className="rc-mine-button rc-mine-primary">
            {busy ? t('mine.approvals.deciding') : t('mine.approvals.decide')}
          </button>
          <button type="button" className="rc-mine-button" onClick={props.onCancel}>
            {t('mine.approvals.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** Acknowledges a policy page in place, as its byline on the page does (`policy/acknowledge`). */
function Acknowledge(props: { policy: MinePolicy; onDone: (message: string) => void }) {
  const { t } = useTranslator();
  const { policy } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  return (
    <div className="rc-mine-actions">
      <button
        type="button"
        className="rc-mine-button rc-mine-primary"
        aria-busy={busy}
        disabled={busy}
        aria-label={`${t('policy.acknowledge')}: ${policy.title}`}
        onClick={() => {
          setBusy(true);
          setError(null);
          void call('policy/acknowledge', {
            rolloutId: policy.rollout.id,
            pageId: policy.id,
          }).then((answer) => {
            setBusy(false);
            if (answer.ok) props.onDone(t('policy.done', { version: answer.data.version }));
            else setError(answer.error);
          });
        }}
      >
        {busy ? t('policy.acknowledging') : t('policy.acknowledge')}
      </button>
      {error ? <LazyErrorMessage error={error} /> : null}
    </div>
  );
}

function Approvals(props: {
  siteUrl: string;
  approvals: MineApproval[];
  onDecided: (data: MyRolloutsView, done: string) => void;
}) {
  const { t } = useTranslator();
  const [open, setOpen] = useState('');
  return (
    <Section
      id="rc-mine-approvals"
      heading={t('mine.approvals.heading')}
      empty={t('mine.approvals.empty')}
      items={props.approvals}
      keyOf={(approval) => approval.id}
    >
      {(approval) => (
        <>
          <div className="rc-mine-row">
            <div>
              <RolloutLink siteUrl={props.siteUrl} rollout={approval.rollout} />
              <p className="rc-mine-line">
                {t('mine.approvals.item', {
                  department: approval.departmentName,
                  stage: approval.stage,
                })}
                {approval.onBehalfOf
                  ? ` · ${t('mine.approvals.onBehalf', { approver: approval.onBehalfOf.displayName })}`
                  : ''}
              </p>
              <p className="rc-mine-muted">
                {t('mine.approvals.age', { days: approval.ageDays })}
                {approval.changes > 0
                  ? ` · ${t('mine.approvals.changes', { count: approval.changes })}`
                  : ''}
              </p>
            </div>
            {open === approval.id ? null : (
              <button
                type="button"
                className="rc-mine-button rc-mine-primary"
                aria-label={`${t('mine.approvals.decide')}: ${approval.departmentName}, ${approval.rollout.title}`}
                onClick={() => {
                  setOpen(approval.id);
                }}
              >
                {t('mine.approvals.decide')}
              </button>
            )}
          </div>
          {open === approval.id ? (
            <DecideForm
              approval={approval}
              onDecided={(data, done) => {
                setOpen('');
                props.onDecided(data, done);
              }}
              onCancel={() => {
                setOpen('');
              }}
            />
          ) : null}
        </>
      )}
    </Section>
  );
}

export default function MyRollouts(props: { context: AppContext }) {
  const { t, locale } = useTranslator();
  const { siteUrl } = props.context;
  const [state, setState] = useState<State>({ status: 'loading' });

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('mine/load', {});
    setState(
      answer.ok
        ? { status: 'ready', data: answer.data, done: '' }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (state.status === 'loading') {
    return (
      <main className="rc-mine" aria-busy="true">
        <h1 className="rc-mine-title">{t('mine.title')}</h1>
        <p className="rc-mine-muted" role="status">
          {t('mine.loading')}
        </p>
      </main>
    );
  }
  if (state.status === 'failed') {
    return (
      <main className="rc-mine">
        <h1 className="rc-mine-title">{t('mine.title')}</h1>
        <LazyErrorMessage
          error={state.error}
          title={t('mine.loadFailed')}
          onRetry={() => {
            setState({ status: 'loading' });
            void load();
          }}
        />
      </main>
    );
  }
  const { data, done } = state;
  return (
    <main className="rc-mine">
      <h1 className="rc-mine-title">{t('mine.title')}</h1>
      <p className="rc-mine-muted">{t('mine.intro')}</p>
      <p className="rc-mine-done" role="status" aria-live="polite">
        {done}
      </p>
      {data.more ? <p className="rc-mine-muted">{t('mine.more')}</p> : null}
      <Approvals
        siteUrl={siteUrl}
        approvals={data.approvals}
        onDecided={(next, message) => {
          setState({ status: 'ready', data: next, done: message });
        }}
      />
      <Section
        id="rc-mine-policies"
        heading={t('mine.policies.heading')}
        empty={t('mine.policies.empty')}
        items={data.policies}
        keyOf={(policy) => `${policy.id}:${String(policy.version)}`}
      >
        {(policy) => (
          <>
            <ProductLink href={policy.url} newTab>
              {policy.title}
            </ProductLink>
            <p className="rc-mine-muted">
              {t('mine.policies.version', { version: policy.version })} ·{' '}
              <RolloutLink siteUrl={siteUrl} rollout={policy.rollout} />
            </p>
            <Acknowledge
              policy={policy}
              onDone={(message) => {
                setState({
                  status: 'ready',
                  data: {
                    ...data,
                    policies: data.policies.filter(
                      (other) => other.id !== policy.id || other.rollout.id !== policy.rollout.id,
                    ),
                  },
                  done: message,
                });
              }}
            />
          </>
        )}
      </Section>
      <Section
        id="rc-mine-problems"
        heading={t('mine.problems.heading')}
        empty={t('mine.problems.empty')}
        items={data.problems}
        keyOf={(problem) => problem.id}
      >
        {(problem) => (
          <>
            <ProductLink href={issueUrl(siteUrl, problem.issueKey)}>
              {problem.issueKey}: {problem.summary}
            </ProductLink>
            <p className="rc-mine-line">
              <span className={`rc-mine-severity rc-mine-severity-${problem.severity}`}>
                {t(`problems.severities.${problem.severity}`)}
              </span>{' '}
              {t(`problems.statuses.${problem.status}`)} ·{' '}
              {t('mine.problems.age', { days: problem.ageDays })}
            </p>
            <p className="rc-mine-muted">
              <RolloutLink siteUrl={siteUrl} rollout={problem.rollout} />
            </p>
          </>
        )}
      </Section>
      <Section
        id="rc-mine-sessions"
        heading={t('mine.sessions.heading')}
        empty={t('mine.sessions.empty')}
        items={data.sessions}
        keyOf={(session) => `${session.rollout.id}:${session.id}`}
      >
        {(session) => (
          <>
            <p className="rc-mine-line rc-mine-strong">
              {session.title} · {t(`plan.kind.${session.kind}`)}
            </p>
            <p className="rc-mine-line">
              {t('mine.sessions.when', {
                date: formatDay(locale, session.date),
                time: session.startTime,
              })}
              {session.place === '' ? '' : ` · ${session.place}`}
            </p>
            <p className="rc-mine-muted">
              <RolloutLink siteUrl={siteUrl} rollout={session.rollout} />
            </p>
          </>
        )}
      </Section>
      <Section
        id="rc-mine-pulses"
        heading={t('mine.pulses.heading')}
        empty={t('mine.pulses.empty')}
        items={data.pulses}
        keyOf={(pulse) => pulse.id}
      >
        {(pulse) => (
          <>
            <ProductLink href={issueUrl(siteUrl, pulse.rollout.issueKey)}>
              {t('mine.pulses.answer', { issueKey: pulse.rollout.issueKey })}
            </ProductLink>
            <p className="rc-mine-muted">
              {pulse.rollout.title} ·{' '}
              {t('mine.pulses.until', { date: formatDay(locale, pulse.to) })}
            </p>
          </>
        )}
      </Section>
    </main>
  );
}
