/**
 * The weekly digest: who receives it (each head of the rollout, each sponsor the coordinator
 * names), on which day, and the ISO week that makes each e-mail unique per rollout and person.
 * Pure: no I/O.
 */
import { z } from 'zod';
import { accountIdSchema } from './ids';
import { DIGEST_SPONSORS_MAX } from './limits';
import type { Rollout } from './rollout';

/** ISO weekday: 1 Monday … 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export { DIGEST_SPONSORS_MAX };

export interface DigestSettings {
  rolloutId: string;
  enabled: boolean;
  weekday: Weekday;
  sponsorAccountIds: string[];
  /** The site the links point at, as the coordinator's last save saw it ('' before any save). */
  siteUrl: string;
  version: number;
}

/** A rollout's digest before its coordinator changed anything: on, on Mondays, no sponsors. */
export function defaultDigestSettings(rolloutId: string): DigestSettings {
  return { rolloutId, enabled: true, weekday: 1, sponsorAccountIds: [], siteUrl: '', version: 0 };
}

export const digestSettingsInputSchema = z
  .object({
    enabled: z.boolean({ error: 'errors.field.invalid' }),
    weekday: z
      .number({ error: 'errors.digest.weekday' })
      .int({ error: 'errors.digest.weekday' })
      .min(1, { error: 'errors.digest.weekday' })
      .max(7, { error: 'errors.digest.weekday' })
      .transform((day) => day as Weekday),
    sponsorAccountIds: z
      .array(accountIdSchema, { error: 'errors.field.invalid' })
      .max(DIGEST_SPONSORS_MAX, { error: 'errors.digest.tooManySponsors' })
      .transform((ids) => [...new Set(ids)]),
    /** The version the coordinator edited: a stale one answers CONFLICT. */
    version: z.number().int().min(0),
  })
  .strict();

export const digestSubscriptionSchema = z
  .object({ subscribed: z.boolean({ error: 'errors.field.invalid' }) })
  .strict();

/** The ISO weekday of `at` in UTC (the scheduled trigger's clock). */
export function isoWeekday(at: Date): Weekday {
  const day = at.getUTCDay();
  return (day === 0 ? 7 : day) as Weekday;
}

/** The ISO 8601 week of `at` in UTC, as `2026-W49`: the week a digest is sent for. */
export function isoWeek(at: Date): string {
  const date = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  // The week belongs to the year of its Thursday.
  date.setUTCDate(date.getUTCDate() + 4 - isoWeekday(date));
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${String(date.getUTCFullYear())}-W${String(week).padStart(2, '0')}`;
}

/**
 * Whether this week's digest is due at `at`: on the chosen day or later in the same week, so a
 * day the job did not run is caught up the next day (the per-person claim keeps it to one).
 */
export function digestDue(
  settings: Pick<DigestSettings, 'enabled' | 'weekday'>,
  at: Date,
): boolean {
  return settings.enabled && isoWeekday(at) >= settings.weekday;
}

/** Who gets a rollout's digest: each head (with the departments they head) and each sponsor. */
export interface DigestRecipient {
  accountId: string;
  /** The departments of the rollout this person heads (empty for a sponsor who heads none). */
  departmentIds: string[];
}

export function digestRecipients(
  rollout: Pick<Rollout, 'departments'>,
  sponsorAccountIds: readonly string[],
  optedOut: ReadonlySet<string>,
): DigestRecipient[] {
  const byPerson = new Map<string, string[]>();
  for (const department of rollout.departments) {
    if (department.headAccountId === '') continue;
    byPerson.set(department.headAccountId, [
      ...(byPerson.get(department.headAccountId) ?? []),
      department.departmentId,
    ]);
  }
  for (const sponsor of sponsorAccountIds) {
    if (!byPerson.has(sponsor)) byPerson.set(sponsor, []);
  }
  return [...byPerson]
    .filter(([accountId]) => !optedOut.has(accountId))
    .map(([accountId, departmentIds]) => ({ accountId, departmentIds }));
}
