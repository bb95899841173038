/**
 * The policy byline item on a Confluence page (decision 0038): what the viewer is asked to
 * acknowledge on this page, and, for a rollout's coordinator, naming the page as its policy,
 * the acknowledged figures per department and asking everyone again after a material change.
 * Light: no Atlaskit component, design tokens only (it opens on every page of a space).
 */
import { useCallback, useEffect, useState } from 'react';
import type {
  AppError,
  Envelope,
  PolicyBylineView,
  PolicyItem,
  PolicyRolloutView,
} from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { LazyErrorMessage } from '../../components/LazyErrorMessage';
import './policy.css';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; data: PolicyBylineView };

function ItemCard(props: {
  item: PolicyItem;
  busy: boolean;
  onAcknowledge: (item: PolicyItem) => void;
}) {
  const { t } = useTranslator();
  const { item } = props;
  const params = { rollout: item.rolloutTitle, version: item.version };
  // No title: they cannot browse the rollout's project, so it is not named (decision 0061).
  const named = item.rolloutTitle !== '';
  const asked = item.state === 'again' ? 'policy.askedAgain' : 'policy.askedBy';
  const askedOfYou = item.state === 'again' ? 'policy.askedAgainOfYou' : 'policy.askedOfYou';
  return (
    <li className={`rc-po-item${item.state === 'again' ? ' rc-po-again' : ''}`}>
      <p>{t(named ? asked : askedOfYou, params)}</p>
      {item.change ? (
        <>
          {item.change.message === '' ? null : (
            <p>{t('policy.whatChanged', { message: item.change.message })}</p>
          )}
          {item.change.compareUrl === '' ? null : (
            <a href={item.change.compareUrl} target="_blank" rel="noreferrer">
              {t('policy.compare', { from: item.change.previousVersion, to: item.version })}
            </a>
          )}
        </>
      ) : null}
      {item.state === 'done' ? (
        <p className="rc-po-done">
          {t('policy.done', { version: item.acknowledgedVersion ?? item.version })}
        </p>
      ) : (
        <button
          type="button"
          className="rc-po-button rc-po-primary"
          disabled={props.busy}
          aria-label={`${t('policy.acknowledge')}: ${named ? t('policy.acknowledgeFor', { rollout: item.rolloutTitle }) : t('policy.acknowledgeThis')}`}
          onClick={() => {
            props.onAcknowledge(item);
          }}
        >
          {props.busy ? t('policy.acknowledging') : t('policy.acknowledge')}
        </button>
      )}
    </li>
  );
}

function RolloutCard(props: {
  rollout: PolicyRolloutView;
  currentVersion: number;
  busy: boolean;
  onName: (rolloutId: string) => void;
  onRevise: (rolloutId: string) => void;
}) {
  const { t } = useTranslator();
  const { rollout } = props;
  return (
    <li className="rc-po-rollout">
      <h3>{rollout.title}</h3>
      {rollout.named ? (
        <>
          <p>{t('policy.named', { version: rollout.version ?? props.currentVersion })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('policy.department')}</th>
                <th scope="col">{t('policy.acknowledgedPercent')}</th>
              </tr>
            </thead>
            <tbody>
              {rollout.departments.map((department) => (
                <tr key={department.departmentId}>
                  <td>{department.name}</td>
                  <td>
                    {department.percent === null
                      ? t('policy.noGroup')
                      : `${String(department.percent)} % (${t('policy.people', {
                          acknowledged: department.acknowledged,
                          people: department.people,
                        })})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rollout.newerVersion ? (
            <>
              <p className="rc-po-muted">{t('policy.newer', { current: props.currentVersion })}</p>
              <button
                type="button"
                className="rc-po-button"
                disabled={props.busy}
                aria-label={`${t('policy.revise', { current: props.currentVersion })}: ${t('policy.reviseFor', { current: props.currentVersion, rollout: rollout.title })}`}
                onClick={() => {
                  props.onRevise(rollout.rolloutId);
                }}
              >
                {t('policy.revise', { current: props.currentVersion })}
              </button>
            </>
          ) : null}
        </>
      ) : (
        <button
          type="button"
          className="rc-po-button"
          disabled={props.busy}
          aria-label={`${t('policy.name')}: ${t('policy.nameFor', { rollout: rollout.title })}`}
          onClick={() => {
            props.onName(rollout.rolloutId);
          }}
        >
          {t('policy.name')}
        </button>
      )}
    </li>
  );
}

export default function PolicyByline() {
  const { t } = useTranslator();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<AppError | null>(null);

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('policy/byline', {});
    setState(
      answer.ok
        ? { status: 'ready', data: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (
    key: string,
    run: () => Promise<Envelope<PolicyBylineView | PolicyItem>>,
  ): Promise<void> => {
    setBusy(key);
    setActionError(null);
    const answer = await run();
    setBusy(null);
    if (!answer.ok) {
      setActionError(answer.error);
      return;
    }
    const data = answer.data;
    if ('items' in data) {
      setState({ status: 'ready', data });
      return;
    }
    setState((current) =>
      current.status === 'ready'
        ? {
            status: 'ready',
            data: {
              ...current.data,
              items: current.data.items.map((item) =>
                item.rolloutId === data.rolloutId && item.pageId === data.pageId ? data : item,
              ),
            },
          }
        : current,
    );
  };

  if (state.status === 'loading') {
    return (
      <div className="rc-po" role="status" aria-live="polite">
        <p className="rc-po-muted">{t('policy.loading')}</p>
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="rc-po">
        <LazyErrorMessage
          error={state.error}
          onRetry={() => {
            setState({ status: 'loading' });
            void load();
          }}
        />
      </div>
    );
  }
  const { data } = state;
  return (
    <div className="rc-po">
      <h2>{t('policy.heading')}</h2>
      {actionError ? <LazyErrorMessage error={actionError} /> : null}
      {data.items.length === 0 && data.rollouts.length === 0 ? (
        <p className="rc-po-muted">{t('policy.nothing')}</p>
      ) : null}
      {data.items.length > 0 ? (
        <ul className="rc-po-list">
          {data.items.map((item) => (
            <ItemCard
              key={`${item.rolloutId}:${item.pageId}`}
              item={item}
              busy={busy === `ack:${item.rolloutId}`}
              onAcknowledge={(chosen) => {
                void act(`ack:${chosen.rolloutId}`, () =>
                  call('policy/acknowledge', {
                    rolloutId: chosen.rolloutId,
                    pageId: chosen.pageId,
                  }),
                );
              }}
            />
          ))}
        </ul>
      ) : null}
      {data.rollouts.length > 0 ? (
        <section aria-label={t('policy.coordinator')}>
          <h3>{t('policy.coordinator')}</h3>
          <ul className="rc-po-list">
            {data.rollouts.map((rollout) => (
              <RolloutCard
                key={rollout.rolloutId}
                rollout={rollout}
                currentVersion={data.currentVersion}
                busy={busy === rollout.rolloutId}
                onName={(rolloutId) => {
                  void act(rolloutId, () => call('policy/name', { rolloutId }));
                }}
                onRevise={(rolloutId) => {
                  void act(rolloutId, () => call('policy/revise', { rolloutId }));
                }}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
