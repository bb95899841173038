/**
 * The start-time field's picker (see TimeInput.tsx), loaded on demand. The list offers every half
 * hour in the reader's format; any other time can be typed (9:15, 14h30, 2:30 pm) and is kept
 * when focus leaves the field, as a typed date is (Atlaskit's picker keeps it only on Enter).
 */
import { useRef } from 'react';
import TimePicker from '@atlaskit/datetime-picker/time-picker';
import type { InputActionMeta } from '@atlaskit/select';
import type { TimeInputProps } from './TimeInput';
import { useTranslator } from '../i18n';
import { parseTypedTime, timeAsDate } from './time-entry';

export default function TimePickerField(props: TimeInputProps) {
  const { t, locale } = useTranslator();
  const typed = useRef('');

  return (
    <TimePicker
      id={props.id}
      locale={locale}
      value={props.value}
      timeIsEditable
      onChange={(hhmm) => {
        typed.current = '';
        props.onChange(hhmm);
      }}
      onBlur={() => {
        const text = typed.current;
        typed.current = '';
        if (text.trim() === '') return;
        const hhmm = parseTypedTime(text);
        if (hhmm !== null && hhmm !== props.value) props.onChange(hhmm);
      }}
      parseInputValue={(text) => {
        const hhmm = parseTypedTime(text);
        // The picker catches this and keeps the field as it was: the form's check says why.
        if (hhmm === null) throw new RangeError('not a time');
        return timeAsDate(hhmm);
      }}
      isInvalid={props.invalid ?? false}
      {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      {...(props.label ? { label: props.label } : {})}
      spacing={props.compact ? 'compact' : 'default'}
      selectProps={{
        onInputChange: (text: string, meta: InputActionMeta) => {
          if (meta.action === 'input-change') typed.current = text;
        },
      }}
      clearControlLabel={t('dates.clearTime')}
    />
  );
}
