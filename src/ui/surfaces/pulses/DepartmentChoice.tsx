/**
 * Which department a pulse answer counts for. The server decides what may be offered (decision
 * 0032, src/domain/pulses.ts): one Jira group of the asked departments holds the person → shown,
 * nothing to choose; several → the person is asked which one they answer for, among those alone,
 * with nothing chosen for them (an answer counts once, for one department: choosing for them would
 * weigh silently on one department's readiness); in none → they pick among the departments
 * without a group. Radio buttons for the few groups a person is in and for a short list of
 * ungrouped departments; past RADIO_MAX, Atlaskit's select (ChoiceSelect: type to narrow, Enter to
 * pick), loaded with its wrapper only when such a list shows, so the pulse macro's first load
 * carries no select code (decisions 0033, 0053).
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslator } from '../../i18n';
import { FieldError } from '../../components/Field';
import { Stack, Text } from '../../components/light/Text';
import type { PulseFormView } from '../../../contract';

type Open = Extract<PulseFormView, { kind: 'open' }>;

/** Up to this many departments, every one shows as a radio button: nothing to open or type. */
const RADIO_MAX = 6;

const DepartmentSelect = lazy(() => import('./DepartmentSelect'));

export function DepartmentChoice(props: {
  view: Open;
  value: string;
  onChange: (departmentId: string) => void;
  /** The form was sent without a department: say so at the field. */
  missing: boolean;
}) {
  const { t } = useTranslator();
  const { view, value, onChange } = props;
  const invalid = props.missing && value === '';
  const error = (
    <FieldError
      id="pulse-department-missing"
      text={invalid ? t('pulses.form.chooseOne') : undefined}
    />
  );
  const describedBy = invalid
    ? 'pulse-department-source pulse-department-missing'
    : 'pulse-department-source';

  const [only] = view.departments;
  if (view.departmentSource === 'group' && view.departments.length === 1 && only) {
    return (
      <Stack space="space.050">
        <label htmlFor="pulse-department" className="rc-field-label">
          {t('pulses.form.department')}
        </label>
        <output id="pulse-department" aria-describedby="pulse-department-source">
          <Text weight="semibold">{only.name}</Text>
        </output>
        <Text size="small" color="color.text.subtle" id="pulse-department-source">
          {t('pulses.form.fromGroup')}
        </Text>
      </Stack>
    );
  }

  const radios = (legend: string, hint: string): ReactNode => (
    <fieldset className="rc-fieldset" aria-describedby={describedBy} aria-invalid={invalid}>
      {/* A fieldset's name is its first child legend: it stays outside the Stack. */}
      <legend className="rc-field-label">{legend}</legend>
      <Stack space="space.050">
        <div className="rc-pulse-departments">
          {view.departments.map((department) => (
            <label key={department.id} className="rc-pulse-choice">
              <input
                type="radio"
                className="rc-radio"
                name="pulse-department"
                value={department.id}
                checked={value === department.id}
                onChange={() => {
                  onChange(department.id);
                }}
              />
              {department.name}
            </label>
          ))}
        </div>
        <Text size="small" color="color.text.subtle" id="pulse-department-source">
          {hint}
        </Text>
        {error}
      </Stack>
    </fieldset>
  );

  if (view.departmentSource === 'group') {
    return radios(t('pulses.form.whichDepartment'), t('pulses.form.fromGroupSeveral'));
  }
  const legend =
    view.departments.length > 1 ? t('pulses.form.whichDepartment') : t('pulses.form.department');
  if (view.departments.length <= RADIO_MAX) return radios(legend, t('pulses.form.pick'));

  return (
    <Suspense fallback={<Text color="color.text.subtle">{t('common.loading')}</Text>}>
      <DepartmentSelect
        legend={legend}
        departments={view.departments}
        value={value}
        onChange={onChange}
        invalid={invalid}
        describedBy={describedBy}
        error={error}
      />
    </Suspense>
  );
}
