/**
 * "Make this issue a rollout": title, objective, go-live date, and the affected departments with
 * their heads and stages. Changing the plan afterwards goes through the strategy flow's form
 * (EditPlan), the same in Jira and in Confluence.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/light/Button';
import { DateInput } from '../../components/DateInput';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, DepartmentOption, IssueRef } from '../../../contract';
import {
  ROLLOUT_DEPARTMENTS_MAX,
  ROLLOUT_OBJECTIVE_MAX,
  ROLLOUT_TITLE_MAX,
} from '../../../domain/limits';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { describedBy, FieldError, FieldLabel, useFieldErrors } from '../../components/Field';
import type { Place } from '../../components/issues';
import {
  departmentField,
  departmentsPayload,
  rolloutIssues,
  type Choices,
  type DepartmentsPayload,
} from '../../components/rollout';
import { InputField } from '../../components/InputField';
import { TextArea } from '../../components/TextArea';
import { chooserFieldId, DepartmentChooser } from '../../components/DepartmentChooser';
import type { PanelActions } from './ApprovalsPanel';

export interface FormMode {
  issue: IssueRef;
  options: DepartmentOption[];
}

const ids = {
  title: 'rollout-title',
  objective: 'rollout-objective',
  targetDate: 'rollout-target-date',
};
const OWN_FIELDS = ['title', 'objective', 'targetDate'] as const;

/** The field a payload path names: one of the form's own, or a department's control. */
function placeIn(sent: DepartmentsPayload): Place<string> {
  return (path) => OWN_FIELDS.find((field) => field === path) ?? departmentField(path, sent);
}

/** Where each error key's field is, to move focus to the first one. */
function fieldIds(errors: Partial<Record<string, string>>): string[] {
  return Object.keys(errors).flatMap((key) => {
    const own = OWN_FIELDS.find((field) => field === key);
    return own ? [ids[own]] : (chooserFieldId(key) ?? []);
  });
}

export function RolloutForm(props: { mode: FormMode; actions: PanelActions }) {
  const { t } = useTranslator();
  const { mode } = props;
  // One id per submission: a retried or double-clicked create reuses it and cannot create twice.
  const [requestId] = useState(() => crypto.randomUUID());
  const [title, setTitle] = useState('');
  const [objective, setObjective] = useState('');
  const [targetDate, setTargetDate] = useState('');
  const [choices, setChoices] = useState<Choices>({});
  const fields = useFieldErrors<string>(fieldIds);
  const { errors } = fields;
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setError(null);
    const departments = departmentsPayload(mode.options, choices);
    const place = placeIn(departments);
    const plan = { title, objective, targetDate, departments };
    if (fields.showIssues(rolloutIssues(plan, 'approvals.form.dateRequired'), place)) return;
    setBusy(true);
    const answer = await call('rollouts/create', { requestId, ...plan });
    setBusy(false);
    if (answer.ok) {
      props.actions.onView(answer.data, t('approvals.form.created', { title: title.trim() }));
      return;
    }
    if (
      answer.error.code === 'CONFLICT' ||
      answer.error.code === 'NOT_FOUND' ||
      // The create went through earlier but its answer was lost: the panel now shows the rollout.
      answer.error.messageKey === 'errors.request.reused'
    ) {
      await props.actions.onStale(answer.error);
      return;
    }
    if (!fields.showAnswer(answer.error, place)) setError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy) void submit();
  };

  return (
    <form
      className="rc-ap-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={t('approvals.form.createLabel')}
    >
      <Stack space="space.200">
        {error ? <ErrorMessage error={error} /> : null}
        <InputField
          id={ids.title}
          label={t('approvals.form.title')}
          value={title}
          maxLength={ROLLOUT_TITLE_MAX}
          error={errors.title}
          placeholder={t('approvals.form.titlePlaceholder')}
          onChange={setTitle}
        />
        <TextArea
          id={ids.objective}
          label={t('approvals.form.objective')}
          help={t('approvals.form.objectiveHelp')}
          value={objective}
          onChange={setObjective}
          max={ROLLOUT_OBJECTIVE_MAX}
          error={errors.objective}
          rows={4}
        />
        <Stack space="space.050">
          <FieldLabel htmlFor={ids.targetDate}>{t('approvals.form.targetDate')}</FieldLabel>
          <div className="rc-ap-date">
            <DateInput
              id={ids.targetDate}
              value={targetDate}
              invalid={Boolean(errors.targetDate)}
              describedBy={describedBy(errors.targetDate && `${ids.targetDate}-error`)}
              onChange={setTargetDate}
            />
          </div>
          <FieldError id={`${ids.targetDate}-error`} text={errors.targetDate} />
        </Stack>
        <DepartmentChooser
          options={mode.options}
          choices={choices}
          onChange={setChoices}
          errors={errors}
          max={ROLLOUT_DEPARTMENTS_MAX}
        />
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" type="submit" isLoading={busy}>
            {t('approvals.form.create')}
          </Button>
          {busy ? (
            <Text size="small" color="color.text.subtlest">
              {t('common.saving')}
            </Text>
          ) : null}
        </Inline>
      </Stack>
    </form>
  );
}
