/**
 * A choice among a short, known list (a project, a severity, a weekday, a refresh interval) with
 * Atlassian's look in both themes: @atlaskit/select, in a chunk of its own (ChoiceSelectField.tsx)
 * loaded when a form first shows it, so no first load carries it. Meanwhile a field of its size
 * stands under the same id, so the field's label still names it. Typing narrows the list and
 * Enter picks, as in Jira's own selects. The value is an option's `value`, or '' for none.
 */
import { lazy, Suspense } from 'react';
import { PickerLoading } from './PickerLoading';

export interface Choice {
  label: string;
  value: string;
}

export interface ChoiceSelectProps {
  inputId: string;
  /** The accessible name: the visible label's text, or the name a table's cell needs. */
  label: string;
  options: readonly Choice[];
  /** The chosen option's value; '' shows the placeholder. */
  value: string;
  onChange: (value: string) => void;
  placeholder?: string | undefined;
  invalid?: boolean | undefined;
  describedBy?: string | undefined;
  disabled?: boolean | undefined;
  /** The compact height of a table's cells and small forms. */
  compact?: boolean | undefined;
  /** Draw the menu over the page (in a scrolling table or a small frame it would be clipped). */
  menuInPortal?: boolean | undefined;
}

/**
 * The select lives in the date picker's chunk, which already carries @atlaskit/select: as a chunk
 * of its own, it made Rolldown split modules that first loads share (Atlaskit's icon, the
 * SectionMessage chunk) into more, smaller chunks, and every page surface's first load grew by
 * 0.2–0.3 kB gzip. Through this chunk no first load grows (decision 0049).
 */
const ChoiceSelectField = lazy(() =>
  import('./DatePickerField').then((module) => ({ default: module.ChoiceSelectField })),
);

export function ChoiceSelect(props: ChoiceSelectProps) {
  return (
    <Suspense
      fallback={
        <PickerLoading
          inputId={props.inputId}
          label={props.label}
          describedBy={props.describedBy}
          compact={props.compact ?? false}
        />
      }
    >
      <ChoiceSelectField {...props} />
    </Suspense>
  );
}
