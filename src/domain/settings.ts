/**
 * The admin's settings: approval reminders (cadence and count), whether self-approval is allowed,
 * and how long a new problem waits unacknowledged before reminders start.
 */
import { z } from 'zod';
import { DEFAULT_PROGRESS_THRESHOLDS, type ProgressThresholds } from './plan-vs-actual';
import { byRule } from './refine';
import {
  SETTING_BOUNDS,
  settingIssue,
  thresholdsIssue,
  type NumberSetting,
} from './rules/approvals';

export interface ApprovalSettings {
  reminderCadenceDays: number;
  maxReminders: number;
  allowSelfApproval: boolean;
  /** Days an unacknowledged problem waits before the coordinator is reminded (then the head). */
  problemReminderDays: number;
  /** How far behind plan (percentage points) is at risk, and off track: the progress gadget's rule. */
  progressThresholds: ProgressThresholds;
  version: number;
}

export const DEFAULT_SETTINGS: ApprovalSettings = {
  reminderCadenceDays: 2,
  maxReminders: 3,
  allowSelfApproval: false,
  problemReminderDays: 2,
  progressThresholds: DEFAULT_PROGRESS_THRESHOLDS,
  version: 0,
};

const settingSchema = (setting: NumberSetting) =>
  z
    .number({ error: SETTING_BOUNDS[setting].messageKey })
    .superRefine(byRule((value: number) => settingIssue(setting, value)));

export const settingsInputSchema = z
  .object({
    reminderCadenceDays: settingSchema('reminderCadenceDays'),
    maxReminders: settingSchema('maxReminders'),
    allowSelfApproval: z.boolean({ error: 'errors.field.invalid' }),
    /** Absent (an older form): kept as stored. */
    problemReminderDays: settingSchema('problemReminderDays').optional(),
    /** Absent (an older form): kept as stored. */
    progressThresholds: z
      .object({
        atRiskGap: settingSchema('atRiskGap'),
        offTrackGap: settingSchema('offTrackGap'),
      })
      .strict()
      .superRefine(byRule(thresholdsIssue))
      .optional(),
    /** The version the admin edited: a stale one answers CONFLICT. */
    version: z.number().int().min(0),
  })
  .strict();
