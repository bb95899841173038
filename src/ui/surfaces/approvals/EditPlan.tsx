/**
 * "Edit plan" on the Jira issue: the strategy flow's own form (StrategyWizard), so a plan is
 * edited with the same fields, counters, checks and confirmation in Jira and in Confluence.
 * The panel loads this module as a chunk when the user opens the form, and the form's texts
 * with it: the strategy flow's own messages (the line below tells the build's message split that
 * this part's texts are those, so the panel's first load does not carry them).
 */
// @ui-messages surfaces/strategy/StrategyWizard
import { useCallback, useEffect, useState } from 'react';
import type { AppError, DepartmentOption, StrategyDetail } from '../../../contract';
import { call } from '../../invoke';
import { loadTranslator, TranslatorProvider, useTranslator, type Translator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { mergeOptions } from '../../components/department-options';
import { StrategyWizard } from '../strategy/StrategyWizard';
import '../../components/form.css';
import '../strategy/strategy.css';

/** The part whose messages the form's texts are (its own marker line names it). */
const WIZARD_PART = 'surfaces/strategy/StrategyWizard';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | {
      status: 'ready';
      detail: StrategyDetail;
      /** The form's texts: the strategy flow's messages in the reader's language. */
      translator: Translator;
      options: DepartmentOption[];
      /** The directory did not answer: only the plan's own departments are offered. */
      directoryError: AppError | null;
    };

export default function EditPlan(props: {
  rolloutId: string;
  /** Saved: `message` says so; the panel shows the rollout as it now is. */
  onSaved: (message: string) => void;
  /** Someone else changed or removed it first: the panel says so and shows it as it is. */
  onStale: (error: AppError) => void;
  onCancel: () => void;
}) {
  const panel = useTranslator();
  const { t, locale } = panel;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const { rolloutId } = props;
  // Fetched once: a retry after a failed read does not fetch the texts again.
  // Texts that did not load leave the panel's: the form still works, some labels show as keys.
  const [texts] = useState(() =>
    loadTranslator(locale, WIZARD_PART).catch((): Translator | null => null),
  );

  const fetchPlan = useCallback(async (): Promise<void> => {
    setLoad({ status: 'loading' });
    // The plan and the directory are independent reads: one round trip's wait, not two.
    const [plan, directory, translator] = await Promise.all([
      call('strategy/get', { rolloutId }),
      call('directory/list', {}),
      texts,
    ]);
    if (!plan.ok) {
      setLoad({ status: 'failed', error: plan.error });
      return;
    }
    const own = plan.data.rollout.departments;
    setLoad({
      status: 'ready',
      detail: plan.data,
      translator: translator ?? panel,
      options: mergeOptions(directory.ok ? directory.data.departments : [], own),
      directoryError: directory.ok ? null : directory.error,
    });
  }, [rolloutId, texts, panel]);

  useEffect(() => {
    void fetchPlan();
  }, [fetchPlan]);

  if (load.status === 'loading') return <Loading label={t('approvals.form.loadingPlan')} />;
  if (load.status === 'failed') {
    return (
      <ErrorMessage
        title={t('approvals.form.planUnavailable')}
        error={load.error}
        onRetry={() => {
          void fetchPlan();
        }}
      />
    );
  }
  return (
    <>
      {load.directoryError ? (
        <ErrorMessage
          error={load.directoryError}
          title={t('approvals.form.directoryUnavailable')}
        />
      ) : null}
      <TranslatorProvider translator={load.translator}>
        <StrategyWizard
          mode={{
            kind: 'edit',
            detail: load.detail,
            options: load.options,
            spaceName: load.detail.space.name,
          }}
          onDone={(_detail, message) => {
            props.onSaved(message);
          }}
          onCancel={props.onCancel}
          onStale={props.onStale}
          nested
        />
      </TranslatorProvider>
    </>
  );
}
