/** Calendar days as the app stores them: YYYY-MM-DD, whole days in UTC. */
import type { RuleIssue } from './issue';

export const DATE_MESSAGE = 'errors.field.date';

/** Whether `value` is a real calendar day written YYYY-MM-DD (not 2027-02-30). */
export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function dateIssue(value: string): RuleIssue | undefined {
  return isIsoDay(value) ? undefined : { messageKey: DATE_MESSAGE };
}
