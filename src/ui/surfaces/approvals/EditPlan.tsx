/**
 * "Edit plan" on the Jira issue: the strategy flow's own form (StrategyWizard), so a plan is
 * edited with the same fields, counters, checks and confirmation in Jira and in Confluence.
 * The panel loads this module as a chunk when the user opens the form (its first load does not
 * carry the form).
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppError, DepartmentOption, StrategyDetail } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { mergeOptions } from '../../components/rollout';
import { StrategyWizard } from '../strategy/StrategyWizard';
import '../../components/form.css';
import '../strategy/strategy.css';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | {
      status: 'ready';
      detail: StrategyDetail;
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
  const { t } = useTranslator();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const { rolloutId } = props;

  const fetchPlan = useCallback(async (): Promise<void> => {
    setLoad({ status: 'loading' });
    // The plan and the directory are independent reads: one round trip's wait, not two.
    const [plan, directory] = await Promise.all([
      call('strategy/get', { rolloutId }),
      call('directory/list', {}),
    ]);
    if (!plan.ok) {
      setLoad({ status: 'failed', error: plan.error });
      return;
    }
    const own = plan.data.rollout.departments;
    setLoad({
      status: 'ready',
      detail: plan.data,
      options: mergeOptions(directory.ok ? directory.data.departments : [], own),
      directoryError: directory.ok ? null : directory.error,
    });
  }, [rolloutId]);

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
      />
    </>
  );
}
