/**
 * Index queries on custom entities: partition equality, a range condition on the first range
 * attribute, filters on any attribute, ASC/DESC order on (range attributes…, key), and cursors.
 * The partition, range and cursor are SQL constraints on `kvs_entity_index`'s ordered index, so
 * a page costs a seek and a short scan however many rows the entity holds; filters run on the
 * scanned rows until the page is full.
 */
import type { Database } from 'better-sqlite3';
import {
  meetsGroup,
  validateGroup,
  validateRangeClause,
  type Condition,
  type ConditionGroup,
  type RangeConditionName,
  type Scalar,
} from './conditions';
import { decodeCursor, encodeCursor, type SortValue } from './cursor';
import { badRequest, ErrorCode } from './errors';
import { isJsonObject, parseStored, prefixUpperBound } from './json';
import type { EntityCatalog } from './entities';
import { partitionText, toSortValue } from './entities';
import {
  ENTITY_QUERY_DEFAULT_LIMIT,
  ENTITY_QUERY_MAX_LIMIT,
  ENTITY_QUERY_MIN_LIMIT,
} from './limits';
import { itemBody, type ItemBody } from './metadata';
import type { EntityQueryRequest } from './requests';
import { RANGE_COLUMNS, type StoredRow } from './schema';

interface QueryRow extends StoredRow {
  r0: SortValue;
  r1: SortValue;
  r2: SortValue;
  r3: SortValue;
}

export interface QueryPage {
  data: ItemBody[];
  cursor?: string;
}

/**
 * SQL for the range condition on column r0. Values of another kind than the condition's never
 * match, as in the filters: SQLite orders every number before every text, so `r0 < ''` keeps
 * numbers (and booleans, stored as 0/1) and `r0 >= ''` keeps text.
 */
function rangeSql(range: Condition<RangeConditionName>): { sql: string; params: SortValue[] } {
  const sortable = (value: Scalar): SortValue => toSortValue(value) ?? String(value);
  const [first, second] = range.values.map(sortable);
  if (first === undefined) return { sql: '', params: [] };
  const kind = typeof first === 'number' ? "i.r0 < ''" : "i.r0 >= ''";
  switch (range.condition) {
    case 'EQUAL_TO':
      return { sql: 'i.r0 = ?', params: [first] };
    case 'BEGINS_WITH': {
      const prefix = String(range.values[0]);
      const upper = prefixUpperBound(prefix);
      return upper === undefined
        ? {
            sql: "i.r0 >= ? AND substr(i.r0, 1, length(?)) = ? AND typeof(i.r0) = 'text'",
            params: [prefix, prefix, prefix],
          }
        : { sql: 'i.r0 >= ? AND i.r0 < ?', params: [prefix, upper] };
    }
    case 'BETWEEN': {
      if (second === undefined || typeof second !== typeof first) {
        throw badRequest(
          ErrorCode.INVALID_FILTER_VALUES,
          'The two values of BETWEEN must be of the same type.',
        );
      }
      return { sql: `${kind} AND i.r0 >= ? AND i.r0 <= ?`, params: [first, second] };
    }
    case 'GREATER_THAN':
      return { sql: `${kind} AND i.r0 > ?`, params: [first] };
    case 'GREATER_THAN_EQUAL_TO':
      return { sql: `${kind} AND i.r0 >= ?`, params: [first] };
    case 'LESS_THAN':
      return { sql: `${kind} AND i.r0 < ?`, params: [first] };
    case 'LESS_THAN_EQUAL_TO':
      return { sql: `${kind} AND i.r0 <= ?`, params: [first] };
  }
}

export class EntityQuery {
  constructor(
    private readonly db: Database,
    private readonly catalog: EntityCatalog,
  ) {}

  run(request: EntityQueryRequest, now: number): QueryPage {
    const def = this.catalog.entity(request.entityName);
    const index = this.catalog.index(def, request.indexName);

    const limit = request.limit ?? ENTITY_QUERY_DEFAULT_LIMIT;
    if (limit < ENTITY_QUERY_MIN_LIMIT || limit > ENTITY_QUERY_MAX_LIMIT) {
      throw badRequest(
        ErrorCode.COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE,
        `The page limit must be set between ${ENTITY_QUERY_MIN_LIMIT} and ${ENTITY_QUERY_MAX_LIMIT}.`,
      );
    }

    const expected = index.partition?.length ?? 0;
    const partition = request.partition ?? [];
    if (partition.length !== expected) {
      throw badRequest(
        ErrorCode.BAD_REQUEST,
        `Index "${index.name}" of entity "${def.name}" takes ${expected} partition value(s) (${(index.partition ?? []).join(', ')}), got ${partition.length}.`,
      );
    }

    const range = request.range ? validateRangeClause(request.range) : undefined;
    const filters: ConditionGroup | undefined = request.filters
      ? validateGroup(request.filters)
      : undefined;
    const descending = request.sort === 'DESC';
    const scope = `${def.name}/${index.name}/${descending ? 'DESC' : 'ASC'}`;
    const after = request.cursor
      ? decodeCursor(request.cursor, scope, RANGE_COLUMNS.length + 1)
      : undefined;

    const where = [
      'i.entity = ?',
      'i.idx = ?',
      'i.part = ?',
      '(e.expires_at IS NULL OR e.expires_at > ?)',
    ];
    const params: (SortValue | null)[] = [def.name, index.name, partitionText(partition), now];
    if (range) {
      const { sql, params: rangeParams } = rangeSql(range);
      where.push(sql);
      params.push(...rangeParams);
    }
    const tuple = `(${RANGE_COLUMNS.map((c) => `i.${c}`).join(', ')}, i.key)`;
    if (after) {
      where.push(`${tuple} ${descending ? '<' : '>'} (${after.map(() => '?').join(', ')})`);
      params.push(...after);
    }
    const direction = descending ? 'DESC' : 'ASC';
    const order = [...RANGE_COLUMNS.map((c) => `i.${c}`), 'i.key'].map((c) => `${c} ${direction}`);
    const statement = this.db.prepare<(SortValue | null)[], QueryRow>(
      `SELECT e.key, e.value, e.created_at, e.updated_at, e.expires_at, i.r0, i.r1, i.r2, i.r3
       FROM kvs_entity_index i JOIN kvs_entity e ON e.entity = i.entity AND e.key = i.key
       WHERE ${where.join(' AND ')}
       ORDER BY ${order.join(', ')}`,
    );

    const fields = request.options?.metadataFields ?? request.metadataFields;
    const page: QueryRow[] = [];
    let more = false;
    // Rows stream from SQLite: a page stops reading as soon as it has one row past the limit.
    for (const row of statement.iterate(...params)) {
      if (filters) {
        const value = parseStored(row.value);
        if (!meetsGroup(isJsonObject(value) ? value : undefined, filters)) continue;
      }
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(row);
    }
    const last = page[page.length - 1];
    const result: QueryPage = { data: page.map((row) => itemBody(row, fields)) };
    if (more && last)
      result.cursor = encodeCursor(scope, [last.r0, last.r1, last.r2, last.r3, last.key]);
    return result;
  }
}
