/**
 * Raising a problem on the issue in the context, from wherever it is hosted (the issue action's
 * dialog, the Rollout panel): loads the form's data for the issue (one invoke), hosts the form,
 * then says which issue was made and offers to raise another or close.
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import type { AppError, ProblemFormView, ProblemView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { RaiseProblemForm } from './RaiseProblemForm';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; form: ProblemFormView }
  | { status: 'raised'; form: ProblemFormView; problem: ProblemView };

export function RaiseProblem(props: {
  onClose: () => void;
  /** Each problem once raised (the panel refreshes its counts). */
  onRaised?: (problem: ProblemView) => void;
}) {
  const { t } = useTranslator();
  const { onRaised } = props;
  const [state, setState] = useState<State>({ status: 'loading' });

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('problems/form', {});
    setState(
      answer.ok
        ? { status: 'ready', form: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (state.status === 'loading') return <Loading label={t('problems.form.loading')} />;
  if (state.status === 'failed') {
    return (
      <ErrorMessage
        title={t('problems.form.loadFailed')}
        error={state.error}
        onRetry={() => {
          setState({ status: 'loading' });
          void load();
        }}
      />
    );
  }
  if (state.status === 'ready') {
    return (
      <RaiseProblemForm
        form={state.form}
        onRaised={(problem) => {
          setState({ status: 'raised', form: state.form, problem });
          onRaised?.(problem);
        }}
        onCancel={props.onClose}
      />
    );
  }
  return (
    <Stack space="space.200">
      <div role="status">
        <SectionMessage appearance="success">
          {t('problems.form.raised', { issueKey: state.problem.issueKey })}
        </SectionMessage>
      </div>
      <Inline space="space.100">
        <Button
          appearance="primary"
          onClick={() => {
            setState({ status: 'ready', form: state.form });
          }}
        >
          {t('problems.form.another')}
        </Button>
        <Button appearance="subtle" onClick={props.onClose}>
          {t('problems.form.close')}
        </Button>
      </Inline>
    </Stack>
  );
}
