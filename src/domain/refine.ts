/**
 * Runs a rule of domain/rules/ inside a zod schema: each issue the rule finds becomes a zod issue
 * whose message is the rule's message key, at the rule's path. The schemas check with the very
 * functions the browser runs, so the two cannot drift apart.
 */
import { z } from 'zod';
import type { CountRules, RuleIssue } from './rules/issue';

export function byRule<T>(rule: (value: T) => RuleIssue | readonly RuleIssue[] | undefined) {
  return (value: T, ctx: z.RefinementCtx<T>): void => {
    const found = rule(value);
    const issues = found === undefined ? [] : 'messageKey' in found ? [found] : found;
    for (const issue of issues) {
      ctx.addIssue({
        code: 'custom',
        message: issue.messageKey,
        ...(issue.path === undefined ? {} : { path: issue.path.split('.') }),
      });
    }
  };
}

/**
 * A list under count rules. The bounds go through zod's own `min` and `max` (with the rules'
 * numbers and messages) because zod refuses a list over its `max` before it parses a single
 * item: a payload of a million sessions costs one length check, not a million item checks.
 */
export function countedArray<T extends z.ZodType>(item: T, rules: CountRules) {
  const list = z.array(item);
  const filled = rules.required === undefined ? list : list.min(1, { error: rules.required });
  return filled.max(rules.max, { error: rules.tooMany });
}
