/** Payload schemas that several contract entries share. */
import { z } from 'zod';
import { uuidSchema } from '../domain/ids';
import { rolloutInputSchema } from '../domain/rollout';
import { textSchema } from '../domain/text';
import { planSchema } from '../domain/plan';
import { PROBLEM_TEXT, closingCommentIssues } from '../domain/rules/problems';
import { byRule } from '../domain/refine';
import { SUGGESTION_ID_PATTERN } from '../domain/suggestions';

/** A phantom marker carrying a result type; it has no runtime content. */
export interface Returns<T> {
  readonly __result?: T;
}
export function returns<T>(): Returns<T> {
  return {};
}

export const empty = z.object({}).strict();

/** The user saw which departments an edit asks again, and confirmed it. */
export const confirmSchema = z.boolean().optional();

/** A Confluence page id: digits. */
export const policyPageIdSchema = z
  .string({ error: 'errors.field.id' })
  .max(30, { error: 'errors.field.id' })
  .regex(/^[0-9]+$/u, { error: 'errors.field.id' });

export const strategyInputSchema = z
  .object({
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/u, { error: 'errors.strategy.projectKey' }),
    plan: planSchema,
  })
  .extend(rolloutInputSchema.shape);

export const problemRef = {
  problemId: uuidSchema,
  /** The version the user triaged: a stale one answers CONFLICT (a race lost). */
  version: z.number().int().min(1),
};

export const optionalRefId = z
  .string({ error: 'errors.field.id' })
  .max(100, { error: 'errors.field.id' })
  .regex(/^[A-Za-z0-9_-]*$/u, { error: 'errors.field.id' });

export const problemComment = (action: 'resolve' | 'accept') =>
  z
    .string({ error: 'errors.field.invalid' })
    .default('')
    .pipe(textSchema(PROBLEM_TEXT.comment))
    .superRefine(
      byRule((value: string) =>
        closingCommentIssues(action, value).filter(
          (issue) => issue.messageKey === 'errors.problem.commentRequired',
        ),
      ),
    );

/** A suggestion's id: kind, department, phase and ISO week (domain/suggestions.ts). */
export const suggestionIdSchema = z
  .string({ error: 'errors.field.id' })
  .max(200, { error: 'errors.field.id' })
  .transform((id) => id.toLowerCase().replace(/-w([0-9]{2})$/u, '-W$1'))
  .refine((id) => SUGGESTION_ID_PATTERN.test(id), { error: 'errors.field.id' });
