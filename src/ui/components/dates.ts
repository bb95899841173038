/**
 * Calendar days (YYYY-MM-DD, whole days in UTC as the backend stores them) in the user's language.
 * Formatted in UTC so that a day never shifts by the viewer's time zone.
 */
import { formatDate, formatDateRange } from '../../i18n/dates';

function asDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function formatDay(locale: string, day: string): string {
  const date = asDate(day);
  if (Number.isNaN(date.getTime())) return day;
  return formatDate(
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    locale,
    date,
  );
}

export function formatDayRange(locale: string, from: string, to: string): string {
  const start = asDate(from);
  const end = asDate(to);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${from} – ${to}`;
  return formatDateRange(
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    locale,
    start,
    end,
  );
}

/** Today as the backend counts days (UTC). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((asDate(to).getTime() - asDate(from).getTime()) / 86_400_000);
}
