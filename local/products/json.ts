/** JSON values as the emulators store and answer them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Parses JSON text that the emulator itself wrote with `JSON.stringify` (a stored column), so
 * its shape is known to be a JSON value; request bodies go through schemas instead.
 */
export function parseStoredJson(text: string): JsonValue {
  const value: unknown = JSON.parse(text);
  return value as JsonValue;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The strings of a JSON array (anything else in it, or a non-array, gives none). */
export function stringArray(value: JsonValue): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
