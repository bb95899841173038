/**
 * Reading a typed date and the first day of the week, for the date picker (DatePickerField.tsx).
 * Kept apart from dates.ts so that only the picker's chunk carries it.
 */

const ISO_DAY = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;

/**
 * A typed date as a local calendar day: ISO (2027-03-31) in every language, else as the reader's
 * locale writes it (`byLocale`: 31/03/2027 in French, 3/31/2027 in American English). An
 * impossible day (2027-02-30) is an invalid Date, never the next month's.
 */
export function parseTypedDate(text: string, byLocale: (text: string) => Date): Date {
  const iso = ISO_DAY.exec(text);
  if (!iso) return byLocale(text.trim());
  const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const date = new Date(year, month - 1, day);
  const same =
    date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
  return same ? date : new Date(Number.NaN);
}

/** The Date's local calendar day as YYYY-MM-DD, or null for an invalid Date. */
export function isoDay(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

type WeekDay = 0 | 1 | 2 | 3 | 4 | 5 | 6;

interface WeekInfoLocale {
  getWeekInfo?: () => { firstDay: number };
  weekInfo?: { firstDay: number };
}

/**
 * The first day of the reader's week as the calendar counts it (0 = Sunday): Monday in France,
 * Sunday in the United States. From the browser's locale data (Intl.Locale week info); where the
 * browser has none, Sunday for the United States and Canada, Monday elsewhere.
 */
export function weekStart(locale: string): WeekDay {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(locale);
  } catch {
    return 1;
  }
  const withInfo = tag as Intl.Locale & WeekInfoLocale;
  const info = withInfo.getWeekInfo?.() ?? withInfo.weekInfo;
  if (info) return (info.firstDay % 7) as WeekDay;
  const region = tag.maximize().region;
  return region === 'US' || region === 'CA' ? 0 : 1;
}

/**
 * What an empty date field shows: the reader's order of day, month and year with the letters of
 * their language ('jj/mm/aaaa' in French, 'mm/dd/yyyy' in American English), from Intl's parts.
 */
export function datePattern(
  locale: string,
  letters: { day: string; month: string; year: string },
): string {
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' })
    .formatToParts(new Date(2027, 11, 31))
    .map((part) =>
      part.type === 'day'
        ? letters.day
        : part.type === 'month'
          ? letters.month
          : part.type === 'year'
            ? letters.year
            : part.value,
    )
    .join('');
}
