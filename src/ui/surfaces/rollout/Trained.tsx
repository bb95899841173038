/**
 * Trained % per department on the Rollout panel: the share of each department's people who
 * attended a training session of the rollout, with where its people come from (a Jira group, a
 * head-count, or nothing yet). On the anchor, the coordinator enters head-counts for departments
 * without a group; the panel answers as it now is.
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { AppError, RolloutPanelView, TrainedView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { InputField } from '../../components/InputField';
import { ProgressBar } from '../../components/ProgressBar';
import { typedNumber } from '../../components/numbers';

function HeadCountForm(props: {
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

export function TrainedList(props: {
  departments: TrainedView[];
  /** Head-counts may be entered (the anchor, for the coordinator or a Jira admin). */
  canEdit?: boolean;
  onSaved?: (view: RolloutPanelView) => void;
  headingLevel: 'h3' | 'h4';
}) {
  const { t } = useTranslator();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Stack space="space.100">
      <Heading size="xsmall" as={props.headingLevel}>
        {t('rolloutPanel.trained.title')}
      </Heading>
      {props.departments.length === 0 ? (
        <Text color="color.text.subtle">{t('rolloutPanel.trained.none')}</Text>
      ) : (
        <ul className="rc-rp-list" aria-label={t('rolloutPanel.trained.title')}>
          {props.departments.map((department) => (
            <li key={department.departmentId}>
              <Stack space="space.050">
                <Inline space="space.100" alignBlock="center" shouldWrap>
                  <Text weight="semibold">{department.name}</Text>
                  <Text>
                    {department.percent === null
                      ? t('rolloutPanel.trained.unknown', { trained: department.trained })
                      : t('rolloutPanel.trained.share', {
                          percent: department.percent,
                          trained: department.trained,
                          people: department.people,
                        })}
                  </Text>
                  <Text size="small" color="color.text.subtle">
                    {t(`rolloutPanel.trained.source.${department.source}`)}
                  </Text>
                  {props.canEdit && props.onSaved && editing !== department.departmentId ? (
                    <Button
                      appearance="subtle"
                      spacing="compact"
                      aria-label={t('rolloutPanel.trained.editFor', { name: department.name })}
                      onClick={() => {
                        setEditing(department.departmentId);
                      }}
                    >
                      {t('rolloutPanel.trained.edit')}
                    </Button>
                  ) : null}
                </Inline>
                {department.percent !== null ? (
                  <ProgressBar done={department.trained} total={department.people} />
                ) : null}
                {editing === department.departmentId && props.onSaved ? (
                  <HeadCountForm
                    department={department}
                    onSaved={(view) => {
                      setEditing(null);
                      props.onSaved?.(view);
                    }}
                    onCancel={() => {
                      setEditing(null);
                    }}
                  />
                ) : null}
              </Stack>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
