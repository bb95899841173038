/**
 * "Make this issue a rollout", and "Edit plan" with the same form: title, objective, target
 * date, and the affected departments with their heads and stages.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '../../components/light/Button';
import { DateInput } from '../../components/DateInput';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, DepartmentOption, IssueRef, RolloutSummary } from '../../../contract';
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
  choicesOf,
  departmentField,
  departmentsPayload,
  rolloutIssues,
  type Choices,
  type DepartmentsPayload,
} from '../../components/rollout';
import { InputField } from '../../components/InputField';
import { TextArea } from '../../components/TextArea';
import { chooserFieldId, DepartmentChooser } from '../../components/DepartmentChooser';
import { ReconfirmConfirm, reconfirmationAsked } from '../../components/ReconfirmConfirm';
import type { ReconfirmItem } from '../../../contract';
import type { PanelActions } from './ApprovalsPanel';

export type FormMode =
  | { kind: 'create'; issue: IssueRef; options: DepartmentOption[] }
  | { kind: 'edit'; rollout: RolloutSummary; options: DepartmentOption[]; onCancel: () => void };

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
  const editing = mode.kind === 'edit' ? mode.rollout : null;
  // One id per submission: a retried or double-clicked create reuses it and cannot create twice.
  const [requestId] = useState(() => crypto.randomUUID());
  const [title, setTitle] = useState(editing?.title ?? '');
  const [objective, setObjective] = useState(editing?.objective ?? '');
  const [targetDate, setTargetDate] = useState(editing?.targetDate ?? '');
  const [choices, setChoices] = useState<Choices>(() =>
    mode.kind === 'edit' ? choicesOf(mode.rollout.departments) : {},
  );
  const fields = useFieldErrors<string>(fieldIds);
  const { errors } = fields;
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  // The departments the backend said this edit asks again, until the user confirms or goes back.
  const [asking, setAsking] = useState<ReconfirmItem[] | null>(null);
  // What the confirmation lists is what was sent: a change since makes it ask again.
  useEffect(() => {
    setAsking(null);
  }, [title, objective, targetDate, choices]);

  const submit = async (confirmed = false): Promise<void> => {
    setError(null);
    const departments = departmentsPayload(mode.options, choices);
    const place = placeIn(departments);
    const plan = { title, objective, targetDate, departments };
    if (
      fields.showIssues(
        rolloutIssues(plan, 'approvals.form.dateRequired', editing?.targetDate),
        place,
      )
    )
      return;
    setBusy(true);
    const answer = editing
      ? await call('rollouts/update', {
          version: editing.version,
          ...plan,
          ...(confirmed ? { confirmReconfirmation: true } : {}),
        })
      : await call('rollouts/create', { requestId, ...plan });
    setBusy(false);
    setAsking(null);
    if (answer.ok) {
      props.actions.onView(
        answer.data,
        t(editing ? 'approvals.form.saved' : 'approvals.form.created', { title: title.trim() }),
      );
      return;
    }
    const asked = reconfirmationAsked(answer.error);
    if (asked) {
      setAsking(asked);
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
      aria-label={editing ? t('approvals.form.editLabel') : t('approvals.form.createLabel')}
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
        {asking ? (
          <ReconfirmConfirm
            items={asking}
            busy={busy}
            onConfirm={() => {
              if (!busy) void submit(true);
            }}
            onBack={() => {
              setAsking(null);
            }}
          />
        ) : null}
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" type="submit" isLoading={busy} isDisabled={asking !== null}>
            {editing ? t('approvals.form.save') : t('approvals.form.create')}
          </Button>
          {mode.kind === 'edit' ? (
            <Button appearance="subtle" isDisabled={busy} onClick={mode.onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
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
