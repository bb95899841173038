import { z } from 'zod';

/** Atlassian account ids: opaque, at most 128 characters (Jira's `User.accountId`). */
export const accountIdSchema = z
  .string({ error: 'errors.field.accountId' })
  .trim()
  .min(1, { error: 'errors.field.accountId' })
  .max(128, { error: 'errors.field.accountId' })
  .regex(/^[A-Za-z0-9:_-]+$/, { error: 'errors.field.accountId' });

/** Ids the app generates (and idempotency keys the UI sends): UUIDs. */
export const uuidSchema = z.uuid({ error: 'errors.field.id' });
