/**
 * The `jira:issueAction` "Raise a problem": a dialog on any issue of a rollout. It loads the
 * form's data for the issue in the context (one invoke), then hosts the form; once raised it says
 * which issue was made and offers to raise another or close the dialog.
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { Box, Inline, Stack } from '@atlaskit/primitives';
import { view } from '@forge/bridge';
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

function close(): void {
  // Outside a dialog (a host page without one) closing does nothing, which is fine.
  view.close().catch(() => undefined);
}

export default function RaiseProblemAction() {
  const { t } = useTranslator();
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

  let body;
  if (state.status === 'loading') body = <Loading label={t('problems.form.loading')} />;
  else if (state.status === 'failed') {
    body = (
      <ErrorMessage
        title={t('problems.form.loadFailed')}
        error={state.error}
        onRetry={() => {
          setState({ status: 'loading' });
          void load();
        }}
      />
    );
  } else if (state.status === 'ready') {
    body = (
      <RaiseProblemForm
        form={state.form}
        onRaised={(problem) => {
          setState({ status: 'raised', form: state.form, problem });
        }}
        onCancel={close}
      />
    );
  } else {
    body = (
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
          <Button appearance="subtle" onClick={close}>
            {t('problems.form.close')}
          </Button>
        </Inline>
      </Stack>
    );
  }
  return <Box padding="space.200">{body}</Box>;
}
