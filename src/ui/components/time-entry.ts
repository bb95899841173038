/**
 * Reading a typed start time for the time picker (TimePickerField.tsx). Kept apart from the
 * picker so that it is unit-tested, and so that only the picker's chunk carries it.
 */

const TYPED = /^\s*(\d{1,2})(?:\s*[:h.]\s*(\d{2})?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*$/iu;

/**
 * A typed time of day as `HH:mm`, or null when it is not one. Takes how people write it in
 * either language: 24-hour (14:30, 14h30, 14h, 14.30, 9) and 12-hour with am/pm (2:30 pm, 2 PM).
 */
export function parseTypedTime(text: string): string | null {
  const match = TYPED.exec(text);
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.toLowerCase().replace(/\./gu, '');
  if (minutes > 59) return null;
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hours > 23) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** `HH:mm` as a Date today at that time, what the picker's `parseInputValue` answers. */
export function timeAsDate(hhmm: string): Date {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const date = new Date();
  date.setHours(hours, minutes, 0, 0);
  return date;
}
