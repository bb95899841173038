/**
 * `items` in consecutive slices of at most `size`, in order: how a batch call's limit (25 keys
 * per storage batch, N people per look-up) is kept whatever the number of items.
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size ${String(size)}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
