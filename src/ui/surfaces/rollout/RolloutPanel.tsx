/**
 * Jira issue panel "Rollout": on the rollout's anchor issue, the rollout at a glance (current
 * phase, each phase's work by department, upcoming sessions, open problems, approvals, links into
 * Jira and Confluence) and completing a phase; on an issue the plan created, where it sits in the
 * rollout. One invoke loads it; completing a phase answers the panel as it now is.
 */
import { useCallback, useEffect, useState } from 'react';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, PanelPhaseView, RolloutPanelView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import '../../components/form.css';
import './rollout.css';
import { confirmWithFlag } from '../../components/flags';
import { AnchorView } from './AnchorView';
import { MemberView } from './MemberView';

type State =
  | { status: 'loading' }
  | { status: 'hidden' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: RolloutPanelView };

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
