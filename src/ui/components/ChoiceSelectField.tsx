/**
 * ChoiceSelect's select, in a chunk of its own that ChoiceSelect.tsx loads when a form first
 * shows it (the chunk the other pickers share carries @atlaskit/select).
 */
import Select from '@atlaskit/select';
import { useTranslator } from '../i18n';
import type { Choice, ChoiceSelectProps } from './ChoiceSelect';
import { selectLiveMessages } from './select-live';

export default function ChoiceSelectField(props: ChoiceSelectProps) {
  const { t } = useTranslator();
  const chosen = props.options.find((option) => option.value === props.value) ?? null;
  return (
    <Select<Choice>
      inputId={props.inputId}
      label={props.label}
      {...(props.describedBy ? { descriptionId: props.describedBy } : {})}
      options={props.options}
      value={chosen}
      onChange={(option) => {
        if (option) props.onChange(option.value);
      }}
      isInvalid={props.invalid ?? false}
      isDisabled={props.disabled ?? false}
      {...(props.compact ? { spacing: 'compact' as const } : {})}
      placeholder={props.placeholder ?? t('choices.placeholder')}
      noOptionsMessage={({ inputValue }) => t('choices.noMatch', { query: inputValue })}
      {...selectLiveMessages(t)}
      {...(props.menuInPortal ? { menuPortalTarget: document.body } : {})}
    />
  );
}
