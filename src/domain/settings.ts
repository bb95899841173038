/** The admin's approval settings: reminder cadence and count, and whether self-approval is allowed. */
import { z } from 'zod';

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

export const settingsInputSchema = z
  .object({
    reminderCadenceDays: z
      .number({ error: 'errors.settings.cadence' })
      .int({ error: 'errors.settings.cadence' })
      .min(1, { error: 'errors.settings.cadence' })
      .max(30, { error: 'errors.settings.cadence' }),
    maxReminders: z
      .number({ error: 'errors.settings.maxReminders' })
      .int({ error: 'errors.settings.maxReminders' })
      .min(0, { error: 'errors.settings.maxReminders' })
      .max(10, { error: 'errors.settings.maxReminders' }),
    allowSelfApproval: z.boolean({ error: 'errors.field.invalid' }),
    /** The version the admin edited: a stale one answers CONFLICT. */
    version: z.number().int().min(0),
  })
  .strict();
