/**
 * The pulse form's department as Atlaskit's select, for a longer list of ungrouped departments
 * than radio buttons serve (DepartmentChoice.tsx): in a chunk of its own, so the pulse macro's
 * first load carries none of it.
 */
import type { ReactNode } from 'react';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { Stack, Text } from '../../components/light/Text';
import { useTranslator } from '../../i18n';

export default function DepartmentSelect(props: {
  legend: string;
  departments: readonly { id: string; name: string }[];
  value: string;
  onChange: (departmentId: string) => void;
  invalid: boolean;
  describedBy: string;
  error: ReactNode;
}) {
  const { t } = useTranslator();
  return (
    <Stack space="space.050">
      <label htmlFor="pulse-department" className="rc-field-label">
        {props.legend}
      </label>
      <ChoiceSelect
        inputId="pulse-department"
        label={props.legend}
        options={props.departments.map((department) => ({
          value: department.id,
          label: department.name,
        }))}
        value={props.value}
        onChange={props.onChange}
        placeholder={t('pulses.form.chooseDepartment')}
        invalid={props.invalid}
        describedBy={props.describedBy}
      />
      <Text size="small" color="color.text.subtle" id="pulse-department-source">
        {t('pulses.form.pick')}
      </Text>
      {props.error}
    </Stack>
  );
}
