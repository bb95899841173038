/** `kvs.query()`: plain keys in key order, optionally `where('key', beginsWith(...))`, paged. */
import type { Database, Statement } from 'better-sqlite3';
import { decodeCursor, encodeCursor } from './cursor';
import { badRequest, ErrorCode } from './errors';
import { prefixUpperBound } from './json';
import { PLAIN_QUERY_DEFAULT_LIMIT, PLAIN_QUERY_MAX_LIMIT } from './limits';
import { itemBody, type ItemBody } from './metadata';
import type { QueryRequest } from './requests';
import type { StoredRow } from './schema';

const CURSOR_SCOPE = 'kvs';

export interface PlainPage {
  data: ItemBody[];
  cursor?: string;
}

/** The documented rules: one `where`, on `key`, with BEGINS_WITH and one string value. */
function keyPrefix(where: QueryRequest['where']): string {
  if (where === undefined || where.length === 0) return '';
  const [clause, ...rest] = where;
  if (!clause || rest.length > 0) {
    throw badRequest(
      ErrorCode.QUERY_WHERE_INVALID,
      'KVS queries should contain only a single "where" clause.',
    );
  }
  if (clause.property !== 'key') {
    throw badRequest(
      ErrorCode.QUERY_WHERE_FIELD_INVALID,
      `The field "${clause.property}" is not supported for filters.`,
    );
  }
  if (clause.condition !== 'BEGINS_WITH') {
    throw badRequest(
      ErrorCode.INVALID_FILTER_CONDITION,
      `The condition ${clause.condition} is not supported for filters.`,
    );
  }
  const [value, ...extra] = clause.values;
  if ((typeof value !== 'string' && typeof value !== 'number') || extra.length > 0) {
    throw badRequest(
      ErrorCode.INVALID_FILTER_VALUES,
      'BEGINS_WITH takes exactly one string value.',
    );
  }
  return String(value);
}

export class PlainQuery {
  private readonly all: Statement<[string, number, number], StoredRow>;
  private readonly prefixed: Statement<[string, string, string, number, number], StoredRow>;

  constructor(db: Database) {
    const columns = 'SELECT key, value, created_at, updated_at, expires_at FROM kvs_plain';
    const live = '(expires_at IS NULL OR expires_at > ?)';
    this.all = db.prepare(`${columns} WHERE key > ? AND ${live} ORDER BY key LIMIT ?`);
    // [prefix, successor-of-prefix) bounds the primary-key scan to exactly the matching keys.
    this.prefixed = db.prepare(
      `${columns} WHERE key > ? AND key >= ? AND key < ? AND ${live} ORDER BY key LIMIT ?`,
    );
  }

  run(request: QueryRequest, now: number): PlainPage {
    const limit = request.limit ?? PLAIN_QUERY_DEFAULT_LIMIT;
    if (limit < 1 || limit > PLAIN_QUERY_MAX_LIMIT) {
      throw badRequest(
        ErrorCode.LIST_QUERY_LIMIT_EXCEEDED,
        `Limit for list query should be between 1 and ${PLAIN_QUERY_MAX_LIMIT}.`,
      );
    }
    const prefix = keyPrefix(request.where);
    const [afterKey] = request.after ? decodeCursor(request.after, CURSOR_SCOPE, 1) : [''];
    const after = String(afterKey ?? '');
    const upper = prefixUpperBound(prefix);
    let rows: StoredRow[];
    if (prefix === '') rows = this.all.all(after, now, limit + 1);
    else if (upper === undefined)
      rows = []; // only a prefix ending in U+10FFFF, which no key holds
    else rows = this.prefixed.all(after, prefix, upper, now, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const result: PlainPage = {
      data: page.map((row) => itemBody(row, request.options?.metadataFields)),
    };
    if (rows.length > limit && last) result.cursor = encodeCursor(CURSOR_SCOPE, [last.key]);
    return result;
  }
}
