/**
 * The schema of one text field under the text rules (domain/rules/text.ts): it answers the
 * normalised text, or the field's message keys (refused characters first, then empty, then too
 * long).
 */
import { z } from 'zod';
import { byRule } from './refine';
import { normaliseText, textIssues, type TextRules } from './rules/text';

export {
  CONTROL_MESSAGES,
  hasForbiddenCharacters,
  normaliseText,
  type TextRules,
} from './rules/text';

export function textSchema(rules: TextRules) {
  const multiline = rules.multiline === true;
  return z
    .string({ error: rules.required ?? 'errors.field.invalid' })
    .transform((value) => normaliseText(value, multiline))
    .pipe(z.string().superRefine(byRule((value: string) => textIssues(value, rules))));
}
