/** The admin's approval settings: reminder cadence and count, and whether self-approval is allowed. */
import { z } from 'zod';
import { byRule } from './refine';
import { SETTING_BOUNDS, settingIssue, type NumberSetting } from './rules/approvals';

export interface ApprovalSettings {
  reminderCadenceDays: number;
  maxReminders: number;
  allowSelfApproval: boolean;
  version: number;
}

export const DEFAULT_SETTINGS: ApprovalSettings = {
  reminderCadenceDays: 2,
  maxReminders: 3,
  allowSelfApproval: false,
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
    /** The version the admin edited: a stale one answers CONFLICT. */
    version: z.number().int().min(0),
  })
  .strict();
