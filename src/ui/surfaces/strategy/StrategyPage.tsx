/**
 * Confluence space page "Rollouts": the space's rollout strategies, the "New rollout strategy"
 * flow, and each strategy's detail (links, push to Jira, edit plan). A space page rather than a
 * content action: creating a strategy makes a new page (a content action hangs off an existing
 * one), and the space's list of rollouts needs a home of its own anyway.
 */
import { Suspense, useCallback, useEffect, useState } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { SectionMessage } from '../../components/SectionMessage';
import type {
  AppError,
  DiscardOutcome,
  StrategyDetail,
  StrategySpaceView,
  StrategySummary,
} from '../../../contract';
import type { AppContext } from '../../context';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DiscardConfirm, useDiscardedText } from '../../components/DiscardRollout';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import { formatDay } from '../../components/dates';
import { STATE_APPEARANCE, stateLabel } from '../../components/words';
import { mergeOptions } from '../../components/department-options';
import { lazyPart } from '../../components/lazyPart';
import { issueUrl, pageUrl } from './links';
import './strategy.css';

/**
 * The create and edit flow, with its form controls (the sessions step's selects among them) and
 * its texts, in a chunk of its own: fetched when someone starts or edits a strategy, not before
 * the list draws.
 */
/** One strategy, opened from the list: its chunk and texts come while its data does. */
const StrategyDetailView = lazyPart('surfaces/strategy/StrategyDetailView', () =>
  import('./StrategyDetailView').then((module) => module.StrategyDetailView),
);

const StrategyWizard = lazyPart('surfaces/strategy/StrategyWizard', () =>
  import('./StrategyWizard').then((module) => module.StrategyWizard),
);

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: StrategySpaceView };

type Screen =
  | { kind: 'list' }
  | { kind: 'create' }
  | { kind: 'detail'; rolloutId: string; detail: StrategyDetail | null }
  | { kind: 'edit'; detail: StrategyDetail };

function EmptyState(props: { canCreate: boolean; onCreate: () => void }) {
  const { t } = useTranslator();
  return (
    <div className="rc-st-empty">
      <Stack space="space.150">
        <Heading size="small" as="h2">
          {t('strategy.list.emptyTitle')}
        </Heading>
        <Text as="p">{t('strategy.list.whatIs')}</Text>
        <Text as="p">{t('strategy.list.whatHappens')}</Text>
        {props.canCreate ? (
          <div>
            <Button appearance="primary" onClick={props.onCreate}>
              {t('strategy.list.new')}
            </Button>
          </div>
        ) : (
          <Text as="p" color="color.text.subtle">
            {t('strategy.list.cannotCreate')}
          </Text>
        )}
      </Stack>
    </div>
  );
}

function RolloutTable(props: {
  view: StrategySpaceView;
  siteUrl: string;
  onOpen: (rolloutId: string) => void;
  onDiscard: (rollout: StrategySummary) => void;
}) {
  const { t, locale } = useTranslator();
  const actions = props.view.rollouts.some((rollout) => rollout.canDiscard);
  return (
    <table className="rc-st-table rc-st-table-read" aria-label={t('strategy.list.tableLabel')}>
      <thead>
        <tr>
          <th scope="col">{t('strategy.list.rollout')}</th>
          <th scope="col">{t('strategy.list.approval')}</th>
          <th scope="col">{t('strategy.list.page')}</th>
          <th scope="col">{t('strategy.list.issue')}</th>
          <th scope="col">{t('strategy.list.targetDate')}</th>
          {actions ? <th scope="col">{t('strategy.list.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.view.rollouts.map((rollout) => (
          <tr key={rollout.rolloutId}>
            <th scope="row">
              {/* It opens the strategy in this view: a button, drawn as the link it reads as. */}
              <button
                type="button"
                className="rc-st-name"
                aria-label={t('strategy.list.openNamed', { title: rollout.title })}
                onClick={() => {
                  props.onOpen(rollout.rolloutId);
                }}
              >
                {rollout.title}
              </button>
            </th>
            <td>
              <Lozenge appearance={STATE_APPEARANCE[rollout.approvalState]}>
                {stateLabel(t, rollout.approvalState)}
              </Lozenge>
            </td>
            <td>
              {rollout.pageId ? (
                <ProductLink
                  href={pageUrl(props.siteUrl, rollout.pageId)}
                  to={{ target: 'contentView', contentId: rollout.pageId }}
                >
                  {rollout.pageTitle || rollout.title}
                </ProductLink>
              ) : (
                <Text color="color.text.subtlest">{t('strategy.list.noPage')}</Text>
              )}
            </td>
            <td>
              {rollout.issueKey && props.siteUrl ? (
                <ProductLink href={issueUrl(props.siteUrl, rollout.issueKey)} newTab>
                  {rollout.issueKey}
                </ProductLink>
              ) : (
                rollout.issueKey || '—'
              )}
            </td>
            <td>{formatDay(locale, rollout.targetDate)}</td>
            {actions ? (
              <td>
                {rollout.canDiscard ? (
                  <Button
                    appearance="subtle"
                    spacing="compact"
                    aria-label={t('discard.buttonNamed', { title: rollout.title })}
                    onClick={() => {
                      props.onDiscard(rollout);
                    }}
                  >
                    {t('discard.button')}
                  </Button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Loads one strategy unless the screen already holds it (just created, or pushed). */
function DetailScreen(props: {
  rolloutId: string;
  detail: StrategyDetail | null;
  siteUrl: string;
  onLoaded: (detail: StrategyDetail) => void;
  onBack: () => void;
  onEdit: (detail: StrategyDetail) => void;
  onChanged: (detail: StrategyDetail, message: string) => void;
  onDiscarded: (outcome: DiscardOutcome) => void;
  onStale: (error: AppError) => void;
}) {
  const translator = useTranslator();
  const { t } = translator;
  const [error, setError] = useState<AppError | null>(null);
  const { rolloutId, detail, onLoaded } = props;

  useEffect(() => {
    StrategyDetailView.preload(translator);
  }, [translator]);

  const load = useCallback(async (): Promise<void> => {
    setError(null);
    const answer = await call('strategy/get', { rolloutId });
    if (answer.ok) onLoaded(answer.data);
    else setError(answer.error);
  }, [rolloutId, onLoaded]);

  useEffect(() => {
    if (!detail) void load();
  }, [detail, load]);

  if (error) {
    return (
      <Stack space="space.200">
        <div>
          <Button appearance="subtle" onClick={props.onBack}>
            {t('strategy.detail.back')}
          </Button>
        </div>
        <ErrorMessage
          title={t('strategy.detail.loadFailed')}
          error={error}
          onRetry={() => {
            void load();
          }}
        />
      </Stack>
    );
  }
  if (!detail) return <Loading label={t('strategy.detail.loading')} />;
  return (
    <StrategyDetailView
      detail={detail}
      siteUrl={props.siteUrl}
      onBack={props.onBack}
      onEdit={() => {
        props.onEdit(detail);
      }}
      onChanged={props.onChanged}
      onDiscarded={props.onDiscarded}
      onStale={props.onStale}
    />
  );
}

export default function StrategyPage(props: { context: AppContext }) {
  const { t } = useTranslator();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [screen, setScreen] = useState<Screen>({ kind: 'list' });
  const [notice, setNotice] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const [discarding, setDiscarding] = useState<StrategySummary | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const discardedText = useDiscardedText();
  const { siteUrl } = props.context;

  const loadSpace = useCallback(async (): Promise<void> => {
    const answer = await call('strategy/space', {});
    setLoad(
      answer.ok
        ? { status: 'ready', view: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void loadSpace();
  }, [loadSpace]);

  const showDetail = useCallback(
    (detail: StrategyDetail, message: string) => {
      setNotice(null);
      setDone('');
      setAnnouncement(message);
      setScreen({ kind: 'detail', rolloutId: detail.rollout.id, detail });
      // The list shows the new state too when the user goes back to it.
      void loadSpace();
    },
    [loadSpace],
  );

  const onLoaded = useCallback((detail: StrategyDetail) => {
    setScreen((current) =>
      current.kind === 'detail' && current.rolloutId === detail.rollout.id
        ? { ...current, detail }
        : current,
    );
  }, []);

  if (load.status === 'loading') return <Loading label={t('strategy.list.loading')} />;
  if (load.status === 'failed') {
    return (
      <div className="rc-inset-300">
        <ErrorMessage
          title={t('strategy.list.loadFailed')}
          error={load.error}
          onRetry={() => {
            setLoad({ status: 'loading' });
            void loadSpace();
          }}
        />
      </div>
    );
  }
  const { view } = load;

  /** Back to the list, saying what was discarded and what was kept. */
  const discarded = (outcome: DiscardOutcome): void => {
    const message = discardedText(outcome);
    setNotice(null);
    setDiscarding(null);
    setDone(message);
    setAnnouncement(message);
    setScreen({ kind: 'list' });
    void loadSpace();
  };
  /** Changed or gone meanwhile: say so on the list, as it is now. */
  const staleInList = (error: AppError): void => {
    setDiscarding(null);
    setNotice(error);
    setScreen({ kind: 'list' });
    void loadSpace();
  };

  let body;
  switch (screen.kind) {
    case 'create':
      body = (
        <StrategyWizard
          mode={{ kind: 'create', space: view }}
          onDone={showDetail}
          onCancel={() => {
            setScreen({ kind: 'list' });
            void loadSpace();
          }}
          onStale={(error) => {
            setNotice(error);
            setScreen({ kind: 'list' });
          }}
        />
      );
      break;
    case 'edit':
      body = (
        <StrategyWizard
          mode={{
            kind: 'edit',
            detail: screen.detail,
            options: mergeOptions(view.departments, screen.detail.rollout.departments),
            spaceName: view.space.name,
          }}
          onDone={showDetail}
          onCancel={() => {
            setScreen({
              kind: 'detail',
              rolloutId: screen.detail.rollout.id,
              detail: screen.detail,
            });
          }}
          onStale={(error) => {
            setNotice(error);
            setScreen({ kind: 'detail', rolloutId: screen.detail.rollout.id, detail: null });
          }}
        />
      );
      break;
    case 'detail':
      body = (
        <DetailScreen
          key={screen.rolloutId}
          rolloutId={screen.rolloutId}
          detail={screen.detail}
          siteUrl={siteUrl}
          onLoaded={onLoaded}
          onBack={() => {
            setNotice(null);
            setScreen({ kind: 'list' });
          }}
          onEdit={(detail) => {
            setNotice(null);
            setScreen({ kind: 'edit', detail });
          }}
          onChanged={showDetail}
          onDiscarded={discarded}
          onStale={staleInList}
        />
      );
      break;
    case 'list':
      body = (
        <Stack space="space.300">
          <Inline space="space.200" alignBlock="center" spread="space-between" shouldWrap>
            <Stack space="space.050">
              <Heading size="large" as="h1">
                {t('strategy.list.title', { space: view.space.name })}
              </Heading>
              <Text color="color.text.subtle">{t('strategy.list.intro')}</Text>
            </Stack>
            {view.canCreate && view.rollouts.length > 0 ? (
              <Button
                appearance="primary"
                onClick={() => {
                  setScreen({ kind: 'create' });
                }}
              >
                {t('strategy.list.new')}
              </Button>
            ) : null}
          </Inline>
          {view.rollouts.length === 0 ? (
            <EmptyState
              canCreate={view.canCreate}
              onCreate={() => {
                setScreen({ kind: 'create' });
              }}
            />
          ) : (
            <Stack space="space.200">
              {discarding ? (
                <DiscardConfirm
                  key={discarding.rolloutId}
                  target={{
                    id: discarding.rolloutId,
                    version: discarding.version,
                    title: discarding.title,
                    issueKey: discarding.issueKey,
                    pageTitle: discarding.pageId ? discarding.pageTitle : '',
                  }}
                  onDiscarded={discarded}
                  onStale={staleInList}
                  onCancel={() => {
                    setDiscarding(null);
                  }}
                />
              ) : null}
              <RolloutTable
                view={view}
                siteUrl={siteUrl}
                onOpen={(rolloutId) => {
                  setNotice(null);
                  setDone('');
                  setScreen({ kind: 'detail', rolloutId, detail: null });
                }}
                onDiscard={(rollout) => {
                  setDone('');
                  setDiscarding(rollout);
                }}
              />
            </Stack>
          )}
        </Stack>
      );
      break;
  }

  return (
    <div className="rc-inset-300">
      <Stack space="space.200">
        {notice ? <ErrorMessage error={notice} /> : null}
        {done ? (
          <SectionMessage appearance="success">
            <p>{done}</p>
          </SectionMessage>
        ) : null}
        <Suspense fallback={<Loading label={t('common.loading')} />}>{body}</Suspense>
      </Stack>
      <div aria-live="polite" role="status" className="rc-visually-hidden">
        {announcement}
      </div>
    </div>
  );
}
