/**
 * Rows keyed by (entity?, key) in one of the item tables, with the write semantics the three
 * stores share: TTL expiry, `keyPolicy`, and the `returnValue` answer of a set.
 */
import type { Database, Statement } from 'better-sqlite3';
import { keyConflict } from './errors';
import { expiryFor, isLive, itemBody, type MetadataField } from './metadata';
import type { SetOptions } from './requests';
import type { StoredRow } from './schema';

export type ItemTableName = 'kvs_plain' | 'kvs_secret' | 'kvs_entity';

/** Which row: `entity` is the custom entity name, or '' for the plain and secret tables. */
export interface ItemRef {
  entity: string;
  key: string;
}

export interface Written {
  previous: StoredRow | undefined;
  current: StoredRow;
}

/** What `handle` answers: an HTTP status and a JSON body (undefined for an empty body). */
export interface Reply {
  status: number;
  body: unknown;
}

export const EMPTY_REPLY: Reply = { status: 204, body: undefined };

export class ItemTable {
  private readonly selectRow: Statement<unknown[], StoredRow>;
  private readonly upsertRow: Statement;
  private readonly deleteRow: Statement;
  /** The parameters naming a row: (entity, key) in kvs_entity, (key) elsewhere. */
  private readonly refParams: (ref: ItemRef) => string[];

  constructor(db: Database, table: ItemTableName) {
    if (table === 'kvs_entity') {
      this.refParams = (ref) => [ref.entity, ref.key];
      this.selectRow = db.prepare(
        'SELECT key, value, created_at, updated_at, expires_at FROM kvs_entity WHERE entity = ? AND key = ?',
      );
      this.upsertRow = db.prepare(
        `INSERT INTO kvs_entity (entity, key, value, created_at, updated_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (entity, key) DO UPDATE SET value = excluded.value,
           created_at = excluded.created_at, updated_at = excluded.updated_at,
           expires_at = excluded.expires_at`,
      );
      this.deleteRow = db.prepare('DELETE FROM kvs_entity WHERE entity = ? AND key = ?');
    } else {
      this.refParams = (ref) => [ref.key];
      this.selectRow = db.prepare(
        `SELECT key, value, created_at, updated_at, expires_at FROM ${table} WHERE key = ?`,
      );
      this.upsertRow = db.prepare(
        `INSERT INTO ${table} (key, value, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
      );
      this.deleteRow = db.prepare(`DELETE FROM ${table} WHERE key = ?`);
    }
  }

  /** The live row, or undefined when absent or expired (an expired item no longer exists). */
  read(ref: ItemRef, now: number): StoredRow | undefined {
    const row = this.selectRow.get(...this.refParams(ref));
    return row && isLive(row, now) ? row : undefined;
  }

  write(
    ref: ItemRef,
    valueText: string,
    options: Pick<SetOptions, 'ttl' | 'keyPolicy'> | undefined,
    now: number,
  ): Written {
    const previous = this.read(ref, now);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) throw keyConflict(ref.key);
    const current: StoredRow = {
      key: ref.key,
      value: valueText,
      created_at: previous?.created_at ?? now,
      updated_at: now,
      expires_at: expiryFor(now, options?.ttl),
    };
    this.upsertRow.run(
      ...this.refParams(ref),
      current.value,
      current.created_at,
      current.updated_at,
      current.expires_at,
    );
    return { previous, current };
  }

  /** Deletes the row; false when there was no live row (an expired one is purged all the same). */
  remove(ref: ItemRef, now: number): boolean {
    const existed = this.read(ref, now) !== undefined;
    this.deleteRow.run(...this.refParams(ref));
    return existed;
  }
}

/**
 * The answer of a set: empty unless `returnValue` asks for the previous or the latest item. The
 * SDK's own tests answer 204 for PREVIOUS when there was nothing before.
 */
export function setReply(options: SetOptions | undefined, written: Written): Reply {
  const fields: readonly MetadataField[] | undefined = options?.returnMetadataFields;
  if (options?.returnValue === 'LATEST') {
    return { status: 200, body: itemBody(written.current, fields) };
  }
  if (options?.returnValue === 'PREVIOUS' && written.previous) {
    return { status: 200, body: itemBody(written.previous, fields) };
  }
  return EMPTY_REPLY;
}
