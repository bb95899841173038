/**
 * The rules of deciding and delegating, and the bounds of the approval settings: what the
 * Approvals panel and the admin page check before sending, and what the server's schemas check.
 */
import { COMMENT_MAX } from '../limits';
import { isIsoDay } from './dates';
import { rangeIssue, type RangeRules, type RuleIssue } from './issue';
import { textIssues, textLength, type TextRules } from './text';

export const DECISIONS = ['approved', 'changes-requested', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Decision comments: long enough for a reason, short enough for an e-mail and the audit trail. */
export const COMMENT_TEXT = {
  max: COMMENT_MAX,
  tooLong: 'errors.approval.commentTooLong',
  multiline: true,
} as const satisfies TextRules;

/** Approving may be silent; asking for changes or rejecting must say why. */
export function commentRequired(decision: Decision): boolean {
  return decision !== 'approved';
}

/** What is wrong with a decision's comment (measured as stored). */
export function commentIssues(decision: Decision, comment: string): RuleIssue[] {
  const issues = textIssues(comment, COMMENT_TEXT);
  if (commentRequired(decision) && textLength(comment, true) === 0) {
    issues.push({ messageKey: 'errors.approval.commentRequired' });
  }
  return issues;
}

/** A delegation runs from its first day to its last, both included (the issue is on `to`). */
export function delegationDatesIssue(period: { from: string; to: string }): RuleIssue | undefined {
  return isIsoDay(period.from) && isIsoDay(period.to) && period.to < period.from
    ? { messageKey: 'errors.delegation.datesOrder', path: 'to' }
    : undefined;
}

/** The approval settings' bounds. */
export const SETTING_BOUNDS = {
  reminderCadenceDays: { min: 1, max: 30, whole: true, messageKey: 'errors.settings.cadence' },
  maxReminders: { min: 0, max: 10, whole: true, messageKey: 'errors.settings.maxReminders' },
  /** Days a new problem may wait unacknowledged before the coordinator is reminded. */
  problemReminderDays: {
    min: 1,
    max: 30,
    whole: true,
    messageKey: 'errors.settings.problemCadence',
  },
  /** Percentage points behind plan from which a phase or department is at risk. */
  atRiskGap: { min: 1, max: 100, whole: true, messageKey: 'errors.settings.gap' },
  /** Percentage points behind plan from which it is off track. */
  offTrackGap: { min: 1, max: 100, whole: true, messageKey: 'errors.settings.gap' },
} as const satisfies Record<string, RangeRules>;
export type NumberSetting = keyof typeof SETTING_BOUNDS;

export function settingIssue(setting: NumberSetting, value: number): RuleIssue | undefined {
  return rangeIssue(value, SETTING_BOUNDS[setting]);
}

/** "Off track" must start further behind plan than "at risk". */
export function thresholdsIssue(thresholds: {
  atRiskGap: number;
  offTrackGap: number;
}): RuleIssue | undefined {
  return thresholds.offTrackGap > thresholds.atRiskGap
    ? undefined
    : { messageKey: 'errors.settings.gapOrder', path: 'offTrackGap' };
}
