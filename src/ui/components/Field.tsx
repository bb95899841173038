/**
 * Form pieces shared by the surfaces: a label, a help line and an error line, wired together by
 * ids so a screen reader reads the help and the error with the field.
 */
import { useState, type ReactNode } from 'react';
import { Text } from '@atlaskit/primitives';
import './form.css';

export function FieldLabel(props: { htmlFor: string; children: ReactNode; optional?: string }) {
  return (
    <label htmlFor={props.htmlFor} className="rc-field-label">
      {props.children}
      {props.optional ? ` (${props.optional})` : ''}
    </label>
  );
}

export function FieldHelp(props: { id: string; children: ReactNode }) {
  return (
    <Text id={props.id} size="small" color="color.text.subtlest">
      {props.children}
    </Text>
  );
}

/** Renders nothing without a message, so `aria-describedby` may always point at its id. */
export function FieldError(props: { id: string; text: string | undefined }) {
  if (!props.text) return null;
  return (
    <Text id={props.id} size="small" color="color.text.danger">
      {props.text}
    </Text>
  );
}

/** The ids a field's `aria-describedby` should list: only those whose text is shown. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const shown = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return shown.length > 0 ? shown.join(' ') : undefined;
}

/** Moves focus to the first element of `ids` that exists, e.g. the first invalid field. */
export function focusFirst(ids: readonly string[]): void {
  for (const id of ids) {
    const element = document.getElementById(id);
    if (element) {
      element.focus();
      return;
    }
  }
}

/**
 * A form's field errors: `show` sets them and moves focus to the first invalid field, in the
 * order of `fieldIds` (field name → element id), after the errors have rendered.
 */
export function useFieldErrors<F extends string>(
  fieldIds: Readonly<Record<F, string>>,
): [Partial<Record<F, string>>, (found: Partial<Record<F, string>>) => void] {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const show = (found: Partial<Record<F, string>>): void => {
    setErrors(found);
    const first = (Object.keys(fieldIds) as F[]).filter((field) => found[field]);
    requestAnimationFrame(() => {
      focusFirst(first.map((field) => fieldIds[field]));
    });
  };
  return [errors, show];
}
