/**
 * The date field's picker (see DateInput.tsx), loaded on demand. It reads typed dates in the
 * reader's format and also as ISO (2027-03-31), and keeps a typed date when focus leaves the
 * field: Atlaskit's picker commits a typed date only on Enter, and a date typed then tabbed past
 * would otherwise be lost without a word.
 */
import { useRef } from 'react';
import DatePicker from '@atlaskit/datetime-picker/date-picker';
import { createLocalizationProvider } from '@atlaskit/locale/localization-provider';
import type { InputActionMeta } from '@atlaskit/select';
import type { DateInputProps } from './DateInput';
import { useTranslator } from '../i18n';
import { datePattern, isoDay, parseTypedDate, weekStart } from './date-entry';

// ChoiceSelect's select shares this chunk (see ChoiceSelect.tsx for why).
export { default as ChoiceSelectField } from './ChoiceSelectField';

export default function DatePickerField(props: DateInputProps) {
  const { t, locale } = useTranslator();
  const typed = useRef('');
  const l10n = createLocalizationProvider(locale);
  const parse = (text: string): Date => parseTypedDate(text, (value) => l10n.parseDate(value));

  return (
    <DatePicker
      id={props.id}
      locale={locale}
      weekStartDay={weekStart(locale)}
      value={props.value}
      onChange={(iso) => {
        typed.current = '';
        props.onChange(iso);
      }}
      onBlur={() => {
        const text = typed.current;
        typed.current = '';
        if (text.trim() === '') return;
        const iso = isoDay(parse(text));
        if (iso !== null && iso !== props.value) props.onChange(iso);
      }}
      parseInputValue={parse}
      isInvalid={props.invalid ?? false}
      isDisabled={props.disabled ?? false}
      {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      {...(props.minDate ? { minDate: props.minDate } : {})}
      {...(props.maxDate ? { maxDate: props.maxDate } : {})}
      {...(props.label ? { label: props.label } : {})}
      spacing={props.compact ? 'compact' : 'default'}
      selectProps={{
        onInputChange: (text: string, meta: InputActionMeta) => {
          if (meta.action === 'input-change') typed.current = text;
        },
      }}
      placeholder={datePattern(locale, {
        day: t('dates.dayLetters'),
        month: t('dates.monthLetters'),
        year: t('dates.yearLetters'),
      })}
      clearControlLabel={t('dates.clear')}
      openCalendarLabel={t('dates.openCalendar')}
      nextMonthLabel={t('dates.nextMonth')}
      previousMonthLabel={t('dates.previousMonth')}
      calendarLabel={t('dates.calendar')}
    />
  );
}
