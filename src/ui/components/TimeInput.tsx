/**
 * A start-time field that follows the reader's locale (24-hour in French, 12-hour in American
 * English) with Atlassian's look: @atlaskit/datetime-picker's TimePicker, in a chunk of its own
 * (TimePickerField.tsx) loaded when a form first shows a time, as the date field does
 * (DateInput.tsx). Meanwhile a field of its size stands under the same id. The value is always
 * `HH:mm` or ''.
 */
import { lazy, Suspense } from 'react';
import { FieldStandIn } from './PickerLoading';

export interface TimeInputProps {
  id: string;
  value: string;
  onChange: (hhmm: string) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
  /** The accessible name, where no visible label names the field (a table's cell). */
  label?: string;
  /** The compact height of a table's cells. */
  compact?: boolean;
}

const TimePickerField = lazy(() => import('./TimePickerField'));

export function TimeInput(props: TimeInputProps) {
  return (
    <Suspense fallback={<FieldStandIn {...props} />}>
      <TimePickerField {...props} />
    </Suspense>
  );
}
