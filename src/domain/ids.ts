/**
 * The contract's id schemas. Every id a payload carries goes through one of them before any
 * use case runs, so a malformed id is a VALIDATION error with a field, never a storage key error.
 */
import { z } from 'zod';

/** Atlassian account ids: opaque, at most 128 characters (Jira's `User.accountId`). */
export const accountIdSchema = z
  .string({ error: 'errors.field.accountId' })
  .trim()
  .min(1, { error: 'errors.field.accountId' })
  .max(128, { error: 'errors.field.accountId' })
  .regex(/^[A-Za-z0-9:_-]+$/, { error: 'errors.field.accountId' });

/**
 * Ids the app generates (and idempotency keys the UI sends): UUIDs, in lower case as they are
 * stored, so the same id typed in upper case finds the same record (a macro's config compares
 * them in lower case too).
 */
export const uuidSchema = z.uuid({ error: 'errors.field.id' }).transform((id) => id.toLowerCase());

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** An approval's id: `${rolloutId}:${round}:${departmentId}` (see domain/approvals.ts). */
export const approvalIdSchema = z
  .string({ error: 'errors.field.id' })
  .regex(new RegExp(`^${UUID}:[1-9][0-9]{0,8}:${UUID}$`, 'u'), { error: 'errors.field.id' })
  .transform((id) => id.toLowerCase());

/**
 * A page cursor storage handed out: opaque, so only its shape is checked (printable ASCII, no
 * spaces); one storage does not recognise is answered VALIDATION by the use case.
 */
export const cursorSchema = z
  .string({ error: 'errors.field.invalid' })
  .regex(/^[\x21-\x7E]{1,2000}$/u, { error: 'errors.field.invalid' });
