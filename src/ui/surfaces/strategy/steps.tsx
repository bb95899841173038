/**
 * The first, second and fifth steps of the strategy flow: what the rollout is (title, objective,
 * target date, Jira project), who is affected (the directory's departments with their heads and
 * approval stages), and the success targets. Phases and sessions have their own modules.
 */
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { DepartmentOption } from '../../../contract';
import {
  ROLLOUT_DEPARTMENTS_MAX,
  ROLLOUT_OBJECTIVE_MAX,
  ROLLOUT_TITLE_MAX,
} from '../../../domain/limits';
import { TARGET_BOUNDS } from '../../../domain/rules/plan';
import { useTranslator } from '../../i18n';
import { describedBy, FieldError, FieldHelp, FieldLabel } from '../../components/Field';
import { InputField } from '../../components/InputField';
import { TextArea } from '../../components/TextArea';
import { DepartmentChooser } from '../../components/DepartmentChooser';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { fieldIds, type Draft, type Errors } from './draft';
import { WeightedText } from '../../components/WeightedText';

export interface StepProps {
  draft: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  errors: Errors;
}

export function BasicsStep(
  props: StepProps & {
    /** Projects to choose from when creating; null when editing (the project stays). */
    projects: readonly { key: string; name: string }[] | null;
  },
) {
  const { t } = useTranslator();
  const { draft, errors, update, projects } = props;
  const set = (field: 'title' | 'objective' | 'targetDate' | 'projectKey') => (value: string) => {
    update((current) => ({ ...current, [field]: value }));
  };
  const projectError = errors.projectKey;
  return (
    <div className="rc-st-narrow">
      <Stack space="space.200">
        <InputField
          id={fieldIds.title}
          label={t('strategy.form.title')}
          value={draft.title}
          onChange={set('title')}
          error={errors.title}
          maxLength={ROLLOUT_TITLE_MAX}
          placeholder={t('strategy.form.titlePlaceholder')}
        />
        <TextArea
          id={fieldIds.objective}
          label={t('strategy.form.objective')}
          help={t('strategy.form.objectiveHelp')}
          value={draft.objective}
          onChange={set('objective')}
          max={ROLLOUT_OBJECTIVE_MAX}
          error={errors.objective}
          rows={4}
        />
        <InputField
          id={fieldIds.targetDate}
          label={t('strategy.form.targetDate')}
          help={t('strategy.form.targetDateHelp')}
          type="date"
          size="date"
          value={draft.targetDate}
          onChange={set('targetDate')}
          error={errors.targetDate}
        />
        {projects ? (
          <Stack space="space.050">
            <FieldLabel htmlFor={fieldIds.projectKey}>{t('strategy.form.project')}</FieldLabel>
            <FieldHelp id={`${fieldIds.projectKey}-help`}>
              {t('strategy.form.projectHelp')}
            </FieldHelp>
            {projects.length === 0 ? (
              <Text color="color.text.warning">{t('strategy.form.noProjects')}</Text>
            ) : null}
            <div className="rc-input rc-input-full">
              <ChoiceSelect
                inputId={fieldIds.projectKey}
                label={t('strategy.form.project')}
                options={projects.map((project) => ({
                  value: project.key,
                  label: t('strategy.form.projectOption', { name: project.name, key: project.key }),
                }))}
                value={draft.projectKey}
                placeholder={t('strategy.form.projectPlaceholder')}
                invalid={Boolean(projectError)}
                describedBy={describedBy(
                  `${fieldIds.projectKey}-help`,
                  projectError && `${fieldIds.projectKey}-error`,
                )}
                onChange={set('projectKey')}
              />
            </div>
            <FieldError id={`${fieldIds.projectKey}-error`} text={projectError} />
          </Stack>
        ) : (
          <Stack space="space.050">
            <WeightedText size="small" weight="semibold" color="color.text.subtle">
              {t('strategy.form.project')}
            </WeightedText>
            <Text>{draft.projectKey}</Text>
            <Text size="small" color="color.text.subtlest">
              {t('strategy.form.projectFixed')}
            </Text>
          </Stack>
        )}
      </Stack>
    </div>
  );
}

export function DepartmentsStep(props: StepProps & { options: DepartmentOption[] }) {
  const { t } = useTranslator();
  if (props.options.length === 0) {
    return (
      <div className="rc-st-empty">
        <Stack space="space.100">
          <WeightedText weight="bold">{t('strategy.departments.emptyTitle')}</WeightedText>
          <Text>{t('strategy.departments.empty')}</Text>
        </Stack>
      </div>
    );
  }
  return (
    <Stack space="space.100">
      <Text color="color.text.subtle">{t('strategy.departments.intro')}</Text>
      <DepartmentChooser
        options={props.options}
        choices={props.draft.choices}
        onChange={(choices) => {
          props.update((current) => ({ ...current, choices }));
        }}
        errors={props.errors}
        max={ROLLOUT_DEPARTMENTS_MAX}
      />
    </Stack>
  );
}

export function TargetsStep(props: StepProps) {
  const { t } = useTranslator();
  const { draft, errors, update } = props;
  const set =
    (field: 'adoptionPercent' | 'readinessScore' | 'targetsBy') =>
    (value: string): void => {
      update((current) => ({ ...current, [field]: value }));
    };
  return (
    <Stack space="space.200">
      <Text color="color.text.subtle">{t('strategy.targets.intro')}</Text>
      <InputField
        id={fieldIds.adoptionPercent}
        label={t('strategy.targets.adoption')}
        help={t('strategy.targets.adoptionHelp')}
        type="number"
        size="number"
        inputMode="decimal"
        min={TARGET_BOUNDS.adoptionPercent.min}
        max={TARGET_BOUNDS.adoptionPercent.max}
        step="any"
        optional
        value={draft.adoptionPercent}
        onChange={set('adoptionPercent')}
        error={errors.adoptionPercent}
      />
      <InputField
        id={fieldIds.readinessScore}
        label={t('strategy.targets.readiness')}
        help={t('strategy.targets.readinessHelp')}
        type="number"
        size="number"
        inputMode="decimal"
        min={TARGET_BOUNDS.readinessScore.min}
        max={TARGET_BOUNDS.readinessScore.max}
        step={0.1}
        optional
        value={draft.readinessScore}
        onChange={set('readinessScore')}
        error={errors.readinessScore}
      />
      <InputField
        id={fieldIds.targetsBy}
        label={t('strategy.targets.by')}
        help={t('strategy.targets.byHelp')}
        type="date"
        size="date"
        optional
        value={draft.targetsBy}
        onChange={set('targetsBy')}
        error={errors.targetsBy}
      />
    </Stack>
  );
}
