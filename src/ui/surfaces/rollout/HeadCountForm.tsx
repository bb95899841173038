/** The coordinator's head-count of one department, entered on the anchor's Rollout panel. */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import type { AppError, RolloutPanelView, TrainedView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { InputField } from '../../components/InputField';
import { typedNumber } from '../../components/numbers';

export function HeadCountForm(props: {
  department: TrainedView;
  onSaved: (view: RolloutPanelView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslator();
  const { department } = props;
  const [text, setText] = useState(
    department.source === 'headCount' ? String(department.people) : '',
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const value = typedNumber(text) ?? 0;
  const valid = Number.isInteger(value) && value >= 0 && value <= 1_000_000;
  const save = async () => {
    setBusy(true);
    setError(null);
    const answer = await call('rolloutPanel/setHeadCount', {
      departmentId: department.departmentId,
      headCount: value,
    });
    setBusy(false);
    if (answer.ok) props.onSaved(answer.data);
    else setError(answer.error);
  };
  return (
    <Stack space="space.100">
      <InputField
        id={`head-count-${department.departmentId}`}
        label={t('rolloutPanel.trained.headCountLabel', { name: department.name })}
        help={t('rolloutPanel.trained.headCountHelp')}
        value={text}
        onChange={setText}
        type="number"
        size="number"
        min={0}
        max={1_000_000}
        step={1}
        inputMode="numeric"
        error={valid ? undefined : t('errors.headCount.invalid')}
      />
      {error ? <ErrorMessage title={t('rolloutPanel.trained.saveFailed')} error={error} /> : null}
      <Inline space="space.100">
        <Button
          appearance="primary"
          isDisabled={!valid}
          isLoading={busy}
          onClick={() => void save()}
        >
          {t('rolloutPanel.trained.save')}
        </Button>
        <Button appearance="subtle" onClick={props.onCancel}>
          {t('rolloutPanel.trained.cancel')}
        </Button>
      </Inline>
    </Stack>
  );
}
