/**
 * A number as typed: a decimal comma or point, spaces around it. Undefined while the field is
 * empty; NaN when it is not a number (the rules then refuse it).
 */
export function typedNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? undefined : Number(trimmed);
}
