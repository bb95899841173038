/**
 * Opaque page cursors: base64url of the last returned row's sort tuple, plus what it was issued
 * for, so a cursor handed to a different query is refused instead of silently skipping rows.
 * Like the platform's, they are not meant to be persisted; unlike it, they stay valid forever.
 */
import { badRequest, ErrorCode } from './errors';

export type SortValue = string | number;

interface CursorPayload {
  /** What the cursor pages through: 'kvs' or `entity/index/sort`. */
  scope: string;
  tuple: SortValue[];
}

export function encodeCursor(scope: string, tuple: SortValue[]): string {
  const payload: CursorPayload = { scope, tuple };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function isSortValue(value: unknown): value is SortValue {
  return typeof value === 'string' || typeof value === 'number';
}

export function decodeCursor(cursor: string, scope: string, length: number): SortValue[] {
  const invalid = badRequest(ErrorCode.BAD_REQUEST, 'Provided cursor is invalid for this query');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof payload !== 'object' || payload === null) throw invalid;
  const record = payload as Record<string, unknown>;
  const tuple = record.tuple;
  if (
    record.scope !== scope ||
    !Array.isArray(tuple) ||
    tuple.length !== length ||
    !tuple.every(isSortValue)
  ) {
    throw invalid;
  }
  return tuple;
}
