/**
 * Field errors from issues at payload paths. The server's answer and a form's own checks (the
 * shared rules of domain/rules/, run on what the form is about to send) both name a field by its
 * payload path; each form says which of its fields a path is, and this places the messages. One
 * mapping, so a form shows an error the same way whoever found it.
 */
import type { AppError, FieldIssue } from '../../contract/envelope';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The field of a form a payload path names (`departments.2.stage` → `stage:<id>`), if any. */
export type Place<F extends string> = (path: string) => F | undefined;

export interface Placed<F extends string> {
  /** One message per field: the first issue found for it. */
  errors: Partial<Record<F, string>>;
  /** The messages of issues no field of the form takes, for a line above the form. */
  unplaced: string[];
}

export function placeIssues<F extends string>(
  issues: readonly FieldIssue[],
  place: Place<F>,
  t: Translate,
  params?: Record<string, string | number>,
): Placed<F> {
  const errors: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const message = t(issue.messageKey, issue.params ?? params);
    const field = place(issue.path);
    if (field === undefined) unplaced.push(message);
    else errors[field] ??= message;
  }
  return { errors, unplaced };
}

/** The field issues of a refused call, placed (the error's params fill in for an issue's own). */
export function placeAnswer<F extends string>(
  error: AppError,
  place: Place<F>,
  t: Translate,
): Placed<F> {
  return placeIssues(error.details?.fields ?? [], place, t, error.params);
}

/** Fields named by their payload path; `renamed` gives the field of a path that differs. */
export function byPath<F extends string>(
  fields: readonly F[],
  renamed: Readonly<Partial<Record<string, F>>> = {},
): Place<F> {
  return (path) => renamed[path] ?? fields.find((field) => field === path);
}

/** Whether any field has an error. */
export function hasErrors(errors: Readonly<Partial<Record<string, string>>>): boolean {
  return Object.keys(errors).length > 0;
}
