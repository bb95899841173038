/**
 * Jira issue panel "Approvals": makes the issue a rollout, asks the affected department heads for
 * their green light, lets each head (or their delegate) decide, and keeps the audit trail.
 * It opens with one invoke; every change answers the panel as it now is, and the panel re-renders
 * from that answer. The issue comes from the platform's context on the backend, never from here.
 */
import { useCallback, useEffect, useState } from 'react';
import { SectionMessage } from '../../components/SectionMessage';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, ApprovalsPanelView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import type { AppContext } from '../../context';
import { SetupView } from './SetupView';
import { RolloutView } from './RolloutView';
import './approvals.css';
import { confirmWithFlag } from '../../components/flags';

type State =
  | { status: 'loading' }
  /** The user cannot see the issue: the panel says so, and nothing else. */
  | { status: 'hidden'; error: AppError }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: ApprovalsPanelView };

/** What a part of the panel hands back after a call: the fresh view, or a reason to reload. */
export interface PanelActions {
  /** A mutation answered the panel as it is now; `message` is announced to screen readers. */
  onView: (view: ApprovalsPanelView, message: string) => void;
  /** Someone else changed it first (CONFLICT, NOT_FOUND): say so, then show it as it is now. */
  onStale: (error: AppError) => Promise<void>;
  /** Something changed that the panel shows elsewhere: load it again without a spinner. */
  refresh: () => Promise<void>;
  /** The rollout was discarded: say so (`message`), and show the issue as it now is. */
  onDiscarded: (message: string) => Promise<void>;
  /** Saved elsewhere than through the panel's own view (the plan's form): say so, then reload. */
  onChanged: (message: string) => Promise<void>;
}

/** On an issue of a rollout that is not its anchor: the approvals are the anchor's. */
function MemberNotice(props: {
  view: Extract<ApprovalsPanelView, { kind: 'member' }>;
  siteUrl: string;
}) {
  const { t } = useTranslator();
  const { anchor } = props.view;
  if (!anchor) return <Text color="color.text.subtle">{t('approvals.member.hidden')}</Text>;
  return (
    <Stack space="space.100">
      <Text as="p">{t('approvals.member.intro', { title: anchor.title, key: anchor.key })}</Text>
      <ProductLink
        href={`${props.siteUrl}/browse/${encodeURIComponent(anchor.key)}`}
        to={{ target: 'issue', issueKey: anchor.key }}
      >
        {t('approvals.member.open', { key: anchor.key })}
      </ProductLink>
    </Stack>
  );
}

export default function ApprovalsPanel(props: { context: AppContext }) {
  const { t } = useTranslator();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [notice, setNotice] = useState<AppError | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [done, setDone] = useState('');

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('approvals/panel', {});
    if (answer.ok) setState({ status: 'ready', view: answer.data });
    else if (answer.error.code === 'NOT_FOUND') setState({ status: 'hidden', error: answer.error });
    else setState({ status: 'failed', error: answer.error });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const refresh = useCallback(async (): Promise<void> => {
    setRefreshing(true);
    await load();
    setRefreshing(false);
  }, [load]);

  /** Done, with `message` to show; the panel reloads to show the issue as it now is. */
  const changed = async (message: string): Promise<void> => {
    setNotice(null);
    setDone(message);
    setAnnouncement(message);
    confirmWithFlag(message);
    await refresh();
  };

  const actions: PanelActions = {
    onView: (view, message) => {
      setNotice(null);
      setDone('');
      setAnnouncement(message);
      confirmWithFlag(message);
      setState({ status: 'ready', view });
    },
    onStale: async (error) => {
      setNotice(error);
      await refresh();
    },
    refresh,
    onDiscarded: (message) => changed(message),
    onChanged: (message) => changed(message),
  };

  if (state.status === 'loading') return <Loading label={t('approvals.loading')} />;
  if (state.status === 'hidden') {
    return (
      <div className="rc-inset-200">
        <Text color="color.text.subtle">{t('approvals.notVisible')}</Text>
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="rc-inset-200">
        <ErrorMessage
          title={t('approvals.loadFailed')}
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
      <Stack space="space.200">
        {notice ? <ErrorMessage error={notice} title={t('approvals.changedMeanwhile')} /> : null}
        {done ? (
          <SectionMessage appearance="success">
            <p>{done}</p>
          </SectionMessage>
        ) : null}
        {refreshing ? (
          <Text size="small" color="color.text.subtlest">
            {t('approvals.refreshing')}
          </Text>
        ) : null}
        {view.kind === 'setup' ? (
          <SetupView view={view} actions={actions} />
        ) : view.kind === 'member' ? (
          <MemberNotice view={view} siteUrl={props.context.siteUrl} />
        ) : (
          <RolloutView view={view} actions={actions} />
        )}
        <div aria-live="polite" role="status" className="rc-visually-hidden">
          {announcement}
        </div>
      </Stack>
    </div>
  );
}
