/**
 * "Make this issue a rollout", and "Edit plan" with the same form: title, objective, target
 * date, and the affected departments with their heads and stages.
 */
import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type {
  AppError,
  DepartmentOption,
  IssueRef,
  PayloadIn,
  RolloutSummary,
} from '../../../contract';
import {
  ROLLOUT_DEPARTMENTS_MAX,
  ROLLOUT_OBJECTIVE_MAX,
  ROLLOUT_STAGES_MAX,
  ROLLOUT_TITLE_MAX,
} from '../../../domain/limits';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { describedBy, FieldError, FieldLabel, focusFirst } from '../../components/Field';
import { TextArea } from '../../components/TextArea';
import type { PanelActions } from './ApprovalsPanel';
import { chooserIds, DepartmentChooser, type Choices } from '../../components/DepartmentChooser';

export type FormMode =
  | { kind: 'create'; issue: IssueRef; options: DepartmentOption[] }
  | { kind: 'edit'; rollout: RolloutSummary; options: DepartmentOption[]; onCancel: () => void };

type Departments = PayloadIn<'rollouts/create'>['departments'];

const ids = {
  title: 'rollout-title',
  objective: 'rollout-objective',
  targetDate: 'rollout-target-date',
};

function initialChoices(mode: FormMode): Choices {
  if (mode.kind === 'create') return {};
  const choices: Choices = {};
  for (const department of mode.rollout.departments) {
    choices[department.departmentId] = {
      head: {
        accountId: department.head.accountId,
        displayName: department.head.displayName,
      },
      stage: String(department.stage),
    };
  }
  return choices;
}

/** Where each error key's field is, to move focus to the first one. */
function fieldId(key: string): string {
  if (key === 'title' || key === 'objective' || key === 'targetDate') return ids[key];
  if (key === 'departments') return chooserIds.list;
  const [kind = '', id = ''] = key.split(':');
  if (kind === 'stage') return chooserIds.stage(id);
  if (kind === 'head') return chooserIds.changeHead(id);
  return chooserIds.checkbox(id);
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
  const [choices, setChoices] = useState<Choices>(() => initialChoices(mode));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const showErrors = (found: Record<string, string>): void => {
    setErrors(found);
    const keys = Object.keys(found);
    // Let the error lines render first, so the focused field reads its error too.
    requestAnimationFrame(() => {
      focusFirst(keys.map(fieldId));
    });
  };

  const chosen = (): Departments =>
    mode.options.flatMap((option) => {
      const choice = choices[option.id];
      if (!choice) return [];
      return [
        {
          departmentId: option.id,
          headAccountId: choice.head.accountId,
          stage: Number(choice.stage),
        },
      ];
    });

  const check = (departments: Departments): Record<string, string> => {
    const found: Record<string, string> = {};
    if (title.trim() === '') found.title = t('errors.rollout.titleRequired');
    else if (title.trim().length > ROLLOUT_TITLE_MAX)
      found.title = t('errors.rollout.titleTooLong');
    if (objective.trim() === '') found.objective = t('errors.rollout.objectiveRequired');
    else if (objective.trim().length > ROLLOUT_OBJECTIVE_MAX)
      found.objective = t('errors.rollout.objectiveTooLong');
    if (targetDate === '') found.targetDate = t('approvals.form.dateRequired');
    else if (!/^\d{4}-\d{2}-\d{2}$/u.test(targetDate)) found.targetDate = t('errors.field.date');
    if (departments.length === 0) found.departments = t('errors.rollout.departmentsRequired');
    if (departments.length > ROLLOUT_DEPARTMENTS_MAX)
      found.departments = t('errors.rollout.tooManyDepartments');
    for (const department of departments) {
      if (
        !Number.isInteger(department.stage) ||
        department.stage < 1 ||
        department.stage > ROLLOUT_STAGES_MAX
      ) {
        found[`stage:${department.departmentId}`] = t('errors.rollout.stage');
      }
    }
    return found;
  };

  /** The answer's field paths (`departments.2.stage`) mapped onto this form's fields. */
  const fromAnswer = (failure: AppError, sent: Departments): Record<string, string> => {
    const found: Record<string, string> = {};
    for (const issue of failure.details?.fields ?? []) {
      const text = t(issue.messageKey, issue.params ?? failure.params);
      const match = /^departments\.(\d+)(?:\.(\w+))?/u.exec(issue.path);
      if (match) {
        const id = sent[Number(match[1])]?.departmentId;
        if (!id) continue;
        const kind =
          match[2] === 'stage' ? 'stage' : match[2] === 'headAccountId' ? 'head' : 'department';
        found[`${kind}:${id}`] = text;
      } else if (['title', 'objective', 'targetDate', 'departments'].includes(issue.path)) {
        found[issue.path] = text;
      }
    }
    return found;
  };

  const submit = async (): Promise<void> => {
    const departments = chosen();
    setError(null);
    const found = check(departments);
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    const plan = { title, objective, targetDate, departments };
    const answer = editing
      ? await call('rollouts/update', { version: editing.version, ...plan })
      : await call('rollouts/create', { requestId, ...plan });
    setBusy(false);
    if (answer.ok) {
      props.actions.onView(
        answer.data,
        t(editing ? 'approvals.form.saved' : 'approvals.form.created', { title: title.trim() }),
      );
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
    const fields = fromAnswer(answer.error, departments);
    if (Object.keys(fields).length > 0) showErrors(fields);
    else setError(answer.error);
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
        <Stack space="space.050">
          <FieldLabel htmlFor={ids.title}>{t('approvals.form.title')}</FieldLabel>
          <Textfield
            id={ids.title}
            value={title}
            maxLength={ROLLOUT_TITLE_MAX}
            isInvalid={Boolean(errors.title)}
            aria-describedby={describedBy(errors.title && `${ids.title}-error`)}
            placeholder={t('approvals.form.titlePlaceholder')}
            onChange={(event) => {
              setTitle(event.currentTarget.value);
            }}
          />
          <FieldError id={`${ids.title}-error`} text={errors.title} />
        </Stack>
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
            <Textfield
              id={ids.targetDate}
              type="date"
              value={targetDate}
              isInvalid={Boolean(errors.targetDate)}
              aria-describedby={describedBy(errors.targetDate && `${ids.targetDate}-error`)}
              onChange={(event) => {
                setTargetDate(event.currentTarget.value);
              }}
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
