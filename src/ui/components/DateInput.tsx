/**
 * A date field that follows the reader's locale (French: dd/mm/yyyy, French month names, weeks
 * from Monday) with Atlassian's look: @atlaskit/datetime-picker's DatePicker, in a chunk of its
 * own (DatePickerField.tsx, with its calendar and date-fns) that loads when a form first shows a
 * date, so no screen's first load carries it. Meanwhile a field of its size stands under the same
 * id, as the pickers do. The value is always an ISO day (YYYY-MM-DD) or ''.
 */
import { lazy, Suspense } from 'react';
import { FieldStandIn } from './PickerLoading';

export interface DateInputProps {
  id: string;
  value: string;
  onChange: (iso: string) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
  disabled?: boolean;
  /** The accessible name, where no visible label names the field (a table's cell). */
  label?: string;
  /** The compact height of a table's cells. */
  compact?: boolean;
  /** Days outside are greyed out in the calendar (typing one stays possible: the form checks). */
  minDate?: string | undefined;
  maxDate?: string | undefined;
}

const DatePickerField = lazy(() => import('./DatePickerField'));

export function DateInput(props: DateInputProps) {
  return (
    <Suspense fallback={<FieldStandIn {...props} />}>
      <DatePickerField {...props} />
    </Suspense>
  );
}
