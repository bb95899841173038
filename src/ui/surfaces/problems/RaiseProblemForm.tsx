/**
 * The "Raise a problem" form: category, severity, department and phase (the issue's own
 * preselected), a one-line summary and a description. The issue action's dialog hosts it, and
 * so can the Rollout panel: it takes the form's data and answers the raised problem.
 */
import { useRef, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, ProblemFormView, ProblemView } from '../../../contract';
import type { ProblemCategory, ProblemSeverity } from '../../../domain/problems';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SEVERITIES,
  PROBLEM_TEXT,
} from '../../../domain/rules/problems';
import { textIssues } from '../../../domain/rules/text';
import { issuesAt } from '../../../domain/rules/issue';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import {
  describedBy,
  FieldError,
  FieldLabel,
  useFieldErrors,
  formFields,
} from '../../components/Field';
import { InputField } from '../../components/InputField';
import { TextArea } from '../../components/TextArea';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import './problems.css';

/** Each field's element id, in the form's order. */
const ids = {
  category: 'problem-category',
  severity: 'problem-severity',
  departmentId: 'problem-department',
  phaseId: 'problem-phase',
  summary: 'problem-summary',
  description: 'problem-description',
} as const;
type Field = keyof typeof ids;
const { place, order } = formFields(ids);

export function RaiseProblemForm(props: {
  form: ProblemFormView;
  onRaised: (problem: ProblemView) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslator();
  const { form } = props;
  const [category, setCategory] = useState<ProblemCategory>('training-material');
  const [severity, setSeverity] = useState<ProblemSeverity>('medium');
  const [departmentId, setDepartmentId] = useState(form.departmentId);
  const [phaseId, setPhaseId] = useState(form.phaseId);
  const [summary, setSummary] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const fields = useFieldErrors(order);
  const { errors } = fields;
  // One request id per problem: a repeated click or a retry after a failure creates one issue.
  const requestId = useRef(crypto.randomUUID());

  const submit = async (): Promise<void> => {
    setError(null);
    const issues = [
      ...issuesAt('summary', textIssues(summary, PROBLEM_TEXT.summary)),
      ...issuesAt('description', textIssues(description, PROBLEM_TEXT.description)),
    ];
    if (fields.showIssues(issues, place)) return;
    setBusy(true);
    const answer = await call('problems/raise', {
      requestId: requestId.current,
      issueKey: form.issueKey,
      category,
      severity,
      departmentId,
      phaseId,
      summary,
      description,
    });
    setBusy(false);
    if (answer.ok) {
      requestId.current = crypto.randomUUID();
      props.onRaised(answer.data);
      return;
    }
    if (!fields.showAnswer(answer.error, place)) setError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy) void submit();
  };

  const select = (
    field: Field,
    value: string,
    set: (value: string) => void,
    options: { value: string; label: string }[],
  ) => {
    const label = t(
      `problems.form.${field === 'departmentId' ? 'department' : field === 'phaseId' ? 'phase' : field}`,
    );
    return (
      <Stack space="space.050">
        <FieldLabel htmlFor={ids[field]}>{label}</FieldLabel>
        <ChoiceSelect
          inputId={ids[field]}
          label={label}
          options={options}
          value={value}
          onChange={set}
          disabled={busy}
          invalid={Boolean(errors[field])}
          describedBy={describedBy(errors[field] && `${ids[field]}-error`)}
        />
        <FieldError id={`${ids[field]}-error`} text={errors[field]} />
      </Stack>
    );
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="problem-form-title"
      className="rc-problem-form"
    >
      <Stack space="space.200">
        <Stack space="space.050">
          <h2 id="problem-form-title" className="rc-problem-title">
            {t('problems.form.title')}
          </h2>
          <Text color="color.text.subtle">
            {t('problems.form.rollout', { title: form.rollout.title })}
          </Text>
          <Text color="color.text.subtle">{t('problems.form.intro')}</Text>
        </Stack>
        {error ? <ErrorMessage error={error} /> : null}
        <div className="rc-problem-grid">
          {select(
            'category',
            category,
            (value) => {
              setCategory(value as ProblemCategory);
            },
            PROBLEM_CATEGORIES.map((value) => ({
              value,
              label: t(`problems.categories.${value}`),
            })),
          )}
          {select(
            'severity',
            severity,
            (value) => {
              setSeverity(value as ProblemSeverity);
            },
            PROBLEM_SEVERITIES.map((value) => ({
              value,
              label: t(`problems.severities.${value}`),
            })),
          )}
          {select('departmentId', departmentId, setDepartmentId, [
            { value: '', label: t('problems.form.noDepartment') },
            ...form.departments.map((d) => ({ value: d.id, label: d.name })),
          ])}
          {select('phaseId', phaseId, setPhaseId, [
            { value: '', label: t('problems.form.noPhase') },
            ...form.phases.map((p) => ({ value: p.id, label: p.name })),
          ])}
        </div>
        <InputField
          id={ids.summary}
          label={t('problems.form.summary')}
          help={t('problems.form.summaryHelp')}
          value={summary}
          onChange={setSummary}
          error={errors.summary}
          disabled={busy}
        />
        <TextArea
          id={ids.description}
          label={t('problems.form.description')}
          help={t('problems.form.descriptionHelp')}
          value={description}
          onChange={setDescription}
          max={PROBLEM_TEXT.description.max}
          error={errors.description}
          rows={5}
          disabled={busy}
        />
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" type="submit" isLoading={busy}>
            {t('problems.form.submit')}
          </Button>
          {props.onCancel ? (
            <Button appearance="subtle" onClick={props.onCancel} isDisabled={busy}>
              {t('problems.list.cancel')}
            </Button>
          ) : null}
          {busy ? (
            <Text size="small" color="color.text.subtlest">
              {t('problems.form.raising')}
            </Text>
          ) : null}
        </Inline>
      </Stack>
    </form>
  );
}
