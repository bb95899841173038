/**
 * Dates as their readers write them, in the browser and in the functions alike. Intl writes the
 * first of the month as "1 janv." in French, where French typography writes the ordinal "1er
 * janv." (Imprimerie nationale; Jira and Confluence write it too): the day part "1" followed by a
 * month in words becomes "1er". Numeric dates ("01/01/2027") are left as they are.
 */

function isFrench(locale: string): boolean {
  return locale.toLowerCase().startsWith('fr');
}

function joined(locale: string, parts: readonly Intl.DateTimeFormatPart[]): string {
  if (!isFrench(locale)) return parts.map((part) => part.value).join('');
  const monthInWords = parts.some((part) => part.type === 'month' && !/^\d+$/u.test(part.value));
  return parts
    .map((part) => (monthInWords && part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** `date` formatted by `format` (made for `locale`), with the French ordinal for the 1st. */
export function formatDate(format: Intl.DateTimeFormat, locale: string, date: Date): string {
  return joined(locale, format.formatToParts(date));
}

/** A range formatted by `format` (made for `locale`), with the French ordinal for the 1st. */
export function formatDateRange(
  format: Intl.DateTimeFormat,
  locale: string,
  start: Date,
  end: Date,
): string {
  return joined(locale, format.formatRangeToParts(start, end));
}
