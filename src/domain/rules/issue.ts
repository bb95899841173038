/**
 * What a rule finds wrong. The rules in this folder are plain functions with no zod and no I/O,
 * so the browser runs the very checks the server's schemas run (domain/refine.ts wires them into
 * zod); both sides translate the same message key.
 */
export interface RuleIssue {
  messageKey: string;
  /** Where, relative to the value checked (`end`, `phases.1.start`); absent: the value itself. */
  path?: string;
  /** Values the message may name, such as a limit. */
  params?: Record<string, string | number>;
}

/** How many items a list may hold, and what to say otherwise. */
export interface CountRules {
  max: number;
  /** Message key for an empty list; omitted, the list may be empty. */
  required?: string;
  /** Message key for a list over `max` items. */
  tooMany: string;
}

export function countIssue(count: number, rules: CountRules): RuleIssue | undefined {
  if (rules.required !== undefined && count === 0) return { messageKey: rules.required };
  return count > rules.max ? { messageKey: rules.tooMany, params: { max: rules.max } } : undefined;
}

/** A number's bounds, both ends included, and what to say outside them. */
export interface RangeRules {
  min: number;
  max: number;
  /** Only whole numbers. */
  whole?: boolean;
  messageKey: string;
}

export function rangeIssue(value: number, rules: RangeRules): RuleIssue | undefined {
  const inRange =
    (rules.whole !== true || Number.isInteger(value)) && value >= rules.min && value <= rules.max;
  return inRange
    ? undefined
    : { messageKey: rules.messageKey, params: { min: rules.min, max: rules.max } };
}

/** A rule's issue at a payload path (`plan.phases.1.start`). */
export interface PathIssue extends RuleIssue {
  path: string;
}

/**
 * What a rule found about the value at `path`, as issues at payload paths (a rule's own path,
 * such as a phase's `end`, goes below `path`).
 */
export function issuesAt(
  path: string,
  found: RuleIssue | readonly RuleIssue[] | undefined,
): PathIssue[] {
  const issues = found === undefined ? [] : 'messageKey' in found ? [found] : found;
  return issues.map((issue) => ({
    ...issue,
    path: issue.path === undefined ? path : path === '' ? issue.path : `${path}.${issue.path}`,
  }));
}
