/**
 * Forge's documented storage limits (developer.atlassian.com/platform/forge/limits-kvs-ce,
 * …/storage-reference/handling-errors-kvs, …/handling-errors-customentities, batch and
 * transaction pages) and the checks that enforce them.
 */
import { badRequest, ErrorCode } from './errors';
import { utf8Length, type JsonValue } from './json';

export const MAX_KEY_LENGTH = 500;
/** The documented key regex, verbatim: `[\s-#]` is whitespace, '-' and '#' (not a range). */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;
export const MAX_VALUE_BYTES = 240 * 1024;
/** "Object depth 31: maximum object depth permitted"; the error text says deeper than that (32) fails. */
export const MAX_OBJECT_DEPTH = 31;
export const MIN_ENTITY_NAME_LENGTH = 3;
export const MAX_ENTITY_NAME_LENGTH = 60;
/** The manifest schema's pattern for entity names (`@forge/manifest` schema, `app.storage.entities`). */
export const ENTITY_NAME_PATTERN = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;
export const MAX_OPERATIONS_PER_CALL = 25;
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
export const PLAIN_QUERY_MAX_LIMIT = 20;
/** Not documented: a plain query without `limit` gets a full page. */
export const PLAIN_QUERY_DEFAULT_LIMIT = 20;
export const ENTITY_QUERY_MIN_LIMIT = 1;
export const ENTITY_QUERY_MAX_LIMIT = 100;
/** Not documented: an entity query without `limit` answers 10 results, like the docs' examples. */
export const ENTITY_QUERY_DEFAULT_LIMIT = 10;

/** Which store a key belongs to; the two error pages name the empty-key error differently. */
export type KeySpace = 'kvs' | 'entity';

export function validateKey(key: string, space: KeySpace): void {
  if (key.length === 0) {
    throw space === 'entity'
      ? badRequest(ErrorCode.EMPTY_KEY, 'Key cannot be empty.')
      : badRequest(ErrorCode.KEY_TOO_SHORT, 'The provided key needs to be at least one character.');
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw badRequest(
      ErrorCode.KEY_TOO_LONG,
      `The provided key has exceeded the maximum ${MAX_KEY_LENGTH} characters.`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw badRequest(
      ErrorCode.INVALID_KEY,
      `The provided key does not match the regex: ${KEY_PATTERN.source}`,
    );
  }
}

export function validateEntityName(entityName: string): void {
  if (entityName.length < MIN_ENTITY_NAME_LENGTH) {
    throw badRequest(
      ErrorCode.ENTITY_TYPE_TOO_SHORT,
      `The entity name needs to be at least ${MIN_ENTITY_NAME_LENGTH} characters.`,
    );
  }
  if (entityName.length > MAX_ENTITY_NAME_LENGTH) {
    throw badRequest(
      ErrorCode.ENTITY_TYPE_TOO_LARGE,
      `The entity name has exceeded the maximum ${MAX_ENTITY_NAME_LENGTH} characters.`,
    );
  }
  if (!ENTITY_NAME_PATTERN.test(entityName)) {
    throw badRequest(
      ErrorCode.INVALID_ENTITY_TYPE,
      `The entity name does not match the regex: ${ENTITY_NAME_PATTERN.source}`,
    );
  }
}

/** Nesting depth of a value: a scalar is 0, `{}` and `[]` are 1, `{a: {}}` is 2. */
export function objectDepth(value: JsonValue): number {
  // An explicit stack: a hostile body nested thousands deep must not overflow the JS stack.
  let deepest = 0;
  const stack: { value: JsonValue; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > deepest) deepest = depth;
    const children = Array.isArray(item.value) ? item.value : Object.values(item.value);
    for (const child of children) stack.push({ value: child, depth });
  }
  return deepest;
}

/** Returns the value's stored JSON text once it passes the depth and size limits. */
export function validateValue(value: JsonValue): string {
  if (objectDepth(value) > MAX_OBJECT_DEPTH) {
    throw badRequest(
      ErrorCode.MAX_DEPTH,
      `The provided value has exceeded the maximum object depth (${MAX_OBJECT_DEPTH}).`,
    );
  }
  const text = JSON.stringify(value);
  if (utf8Length(text) > MAX_VALUE_BYTES) {
    throw badRequest(
      ErrorCode.MAX_SIZE,
      `The provided value has exceeded the maximum size limit (${MAX_VALUE_BYTES} bytes).`,
    );
  }
  return text;
}

export function validateRequestSize(body: string): void {
  if (utf8Length(body) > MAX_REQUEST_BYTES) {
    throw badRequest(
      ErrorCode.MAX_SIZE,
      `The request payload has exceeded the maximum size limit (${MAX_REQUEST_BYTES} bytes).`,
    );
  }
}

export function validateOperationCount(count: number, what: string): void {
  if (count > MAX_OPERATIONS_PER_CALL) {
    throw badRequest(
      ErrorCode.BAD_REQUEST,
      `A ${what} can contain at most ${MAX_OPERATIONS_PER_CALL} operations (got ${count}).`,
    );
  }
}
