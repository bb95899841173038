/**
 * SQLite tables of the emulator. Everything the platform would persist lives here (nothing in JS
 * memory), so a file-backed database survives a restart of the local host.
 */
import type { Database } from 'better-sqlite3';

/** Range attributes an index may have: one column each in `kvs_entity_index`. */
export const MAX_RANGE_ATTRIBUTES = 4;
export const RANGE_COLUMNS = ['r0', 'r1', 'r2', 'r3'] as const;

/** One row of `kvs_plain`, `kvs_secret` or `kvs_entity` (times in epoch milliseconds). */
export interface StoredRow {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

export function createSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS kvs_plain (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      expires_at INTEGER
    );
    -- Secrets apart from plain keys: the same key may exist in both, and query never sees these.
    CREATE TABLE IF NOT EXISTS kvs_secret (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      expires_at INTEGER
    );
    CREATE TABLE IF NOT EXISTS kvs_entity (
      entity TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      expires_at INTEGER,
      PRIMARY KEY (entity, key)
    );
    -- One row per entity row per index it belongs to, holding the index's computed columns, so an
    -- index query is a seek on (entity, index, partition, range…, key) instead of a scan of JSON.
    -- 'part' is the JSON text of the partition values; unused range columns hold 0, never NULL,
    -- because row-value comparisons (the cursor) treat NULL as unknown.
    CREATE TABLE IF NOT EXISTS kvs_entity_index (
      entity TEXT NOT NULL,
      idx TEXT NOT NULL,
      part TEXT NOT NULL,
      r0 NOT NULL,
      r1 NOT NULL,
      r2 NOT NULL,
      r3 NOT NULL,
      key TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS kvs_entity_index_order
      ON kvs_entity_index (entity, idx, part, r0, r1, r2, r3, key);
    CREATE INDEX IF NOT EXISTS kvs_entity_index_row ON kvs_entity_index (entity, key);
    -- The index definitions each entity's index rows were computed with: when the manifest
    -- changes, the rows of that entity are re-indexed at start-up.
    CREATE TABLE IF NOT EXISTS kvs_entity_schema (
      entity TEXT PRIMARY KEY,
      signature TEXT NOT NULL
    );
  `);
}
