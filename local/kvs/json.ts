/** JSON values as stored: whatever `JSON.parse` can give back. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = Record<string, JsonValue>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses text that this module wrote itself (stored values), so a failure is a bug, not input. */
export function parseStored(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Compares strings by Unicode code point, which is the order SQLite's BINARY collation gives UTF-8
 * text; JS `<` compares UTF-16 units and would disagree for characters outside the BMP.
 */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done === true) return y.done === true ? 0 : -1;
    if (y.done === true) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** Structural equality for JSON values (object key order ignored). */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => jsonEquals(item, b[i] ?? null))
    );
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && jsonEquals(a[key] ?? null, b[key] ?? null));
  }
  return false;
}

/** The end of the text range whose members all begin with `prefix`; undefined when unbounded. */
export function prefixUpperBound(prefix: string): string | undefined {
  if (prefix.length === 0) return undefined;
  // Code points, not UTF-16 units: a trailing surrogate pair is one character.
  const pairStart = prefix.length >= 2 ? prefix.codePointAt(prefix.length - 2) : undefined;
  const width = pairStart !== undefined && pairStart > 0xffff ? 2 : 1;
  const code = prefix.codePointAt(prefix.length - width) ?? 0;
  if (code >= 0x10ffff) return undefined;
  // Skip the surrogate block: a lone surrogate is not text SQLite can compare.
  const next = code === 0xd7ff ? 0xe000 : code + 1;
  return prefix.slice(0, prefix.length - width) + String.fromCodePoint(next);
}
