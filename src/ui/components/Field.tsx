/**
 * Form pieces shared by the surfaces: a label, a help line and an error line, wired together by
 * ids so a screen reader reads the help and the error with the field; and a form's field errors.
 */
import { useState, type ReactNode } from 'react';
import { Text } from './light/Text';
import type { AppError, FieldIssue } from '../../contract/envelope';
import { useTranslator } from '../i18n';
import { byPath, hasErrors, placeAnswer, placeIssues, type Place } from './issues';
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

/** Said beside a form's submit button while its save runs. */
export function SavingNote(props: { busy: boolean }) {
  const { t } = useTranslator();
  if (!props.busy) return null;
  return (
    <Text size="small" color="color.text.subtlest">
      {t('common.saving')}
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

/** `focusFirst` once the change being made has rendered (the element may not exist yet). */
export function focusLater(ids: readonly string[]): void {
  requestAnimationFrame(() => {
    focusFirst(ids);
  });
}

export interface FieldErrors<F extends string> {
  errors: Partial<Record<F, string>>;
  /** Sets the errors (none clears them) and, once they have rendered, focuses the first. */
  show: (errors: Partial<Record<F, string>>) => void;
  /**
   * Shows issues at payload paths (a form's own checks) on the fields `place` names; whether
   * any field has an error now.
   */
  showIssues: (issues: readonly FieldIssue[], place: Place<F>) => boolean;
  /**
   * Shows a refused call's field issues on the fields `place` names; false when it names none
   * of them, for the caller to show the error as a whole.
   */
  showAnswer: (error: AppError, place: Place<F>) => boolean;
}

/**
 * A form's field errors, whoever found them: the form's checks before sending, or the server.
 * `focus` lists the elements to try for these errors, the first invalid field first.
 */
export function useFieldErrors<F extends string>(
  focus: (errors: Partial<Record<F, string>>) => readonly string[],
): FieldErrors<F> {
  const { t } = useTranslator();
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const show = (found: Partial<Record<F, string>>): void => {
    setErrors(found);
    // Once the error lines have rendered, so the focused field reads its error too.
    focusLater(focus(found));
  };
  return {
    errors,
    show,
    showIssues: (issues, place) => {
      const { errors: found } = placeIssues(issues, place, t);
      show(found);
      return hasErrors(found);
    },
    showAnswer: (error, place) => {
      const { errors: found } = placeAnswer(error, place, t);
      if (!hasErrors(found)) return false;
      show(found);
      return true;
    },
  };
}

/** Focus in the order of a form's fields, each at the element `id` names. */
export function inOrder<F extends string>(
  fields: readonly F[],
  id: (field: F) => string,
): (errors: Partial<Record<F, string>>) => string[] {
  return (errors) => fields.filter((field) => errors[field] !== undefined).map(id);
}

/**
 * A form's fields from the element id of each, in the form's order: where each payload path
 * lands (`renamed` gives the field of a path that differs), and the ids of the fields with an
 * error in that order, for `useFieldErrors` to focus the first.
 */
export function formFields<F extends string>(
  ids: Readonly<Record<F, string>>,
  renamed: Readonly<Partial<Record<string, NoInfer<F>>>> = {},
): { place: Place<F>; order: (errors: Partial<Record<F, string>>) => string[] } {
  const fields = Object.keys(ids).filter((key): key is F => key in ids);
  return { place: byPath(fields, renamed), order: inOrder(fields, (field) => ids[field]) };
}
