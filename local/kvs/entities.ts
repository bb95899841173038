/**
 * Custom entities: the declared definitions, validation of names and values against them, and
 * the computed index rows (`kvs_entity_index`) that make index queries seeks.
 */
import type { Database, Statement } from 'better-sqlite3';
import { badRequest, ErrorCode, KvsError } from './errors';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { validateEntityName } from './limits';
import { BY_KEY_INDEX, type AttributeType, type EntityDef, type EntityIndexDef } from './manifest';
import { MAX_RANGE_ATTRIBUTES } from './schema';
import type { SortValue } from './cursor';

/** Filler of unused range columns (never NULL: see schema.ts). */
const UNUSED_RANGE = 0;

/** The index every entity has: range on the key itself. */
const BY_KEY: EntityIndexDef = { name: BY_KEY_INDEX, range: ['key'] };

function matchesType(type: AttributeType, value: JsonValue): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'any':
      return true;
  }
}

/**
 * How a range value sorts in SQLite: numbers as numbers, strings as text, booleans as 0/1.
 * Objects, arrays and null (possible for `any` attributes) have no order: such a row is left out
 * of the index, as is a row missing an index attribute.
 */
export function toSortValue(value: JsonValue | undefined): SortValue | undefined {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** Partition values as stored and matched: their JSON text. */
export function partitionText(values: readonly JsonValue[]): string {
  return JSON.stringify(values);
}

function invalidDefinition(entity: string, detail: string): Error {
  return new Error(`Custom entity "${entity}" in the manifest is invalid: ${detail}`);
}

function checkDefinition(def: EntityDef): void {
  try {
    validateEntityName(def.name);
  } catch (error) {
    throw invalidDefinition(def.name, error instanceof KvsError ? error.message : String(error));
  }
  const names = new Set<string>();
  for (const index of def.indexes) {
    if (index.name === BY_KEY_INDEX)
      throw invalidDefinition(def.name, `index name "${BY_KEY_INDEX}" is reserved`);
    if (names.has(index.name))
      throw invalidDefinition(def.name, `index "${index.name}" is declared twice`);
    names.add(index.name);
    if (index.range.length > MAX_RANGE_ATTRIBUTES) {
      throw invalidDefinition(
        def.name,
        `index "${index.name}" has ${index.range.length} range attributes; the emulator supports ${MAX_RANGE_ATTRIBUTES}`,
      );
    }
    for (const attribute of [...index.range, ...(index.partition ?? [])]) {
      if (!Object.hasOwn(def.attributes, attribute)) {
        throw invalidDefinition(
          def.name,
          `index "${index.name}" uses undeclared attribute "${attribute}"`,
        );
      }
    }
  }
}

export interface IndexRow {
  idx: string;
  part: string;
  range: SortValue[];
}

export class EntityCatalog {
  private readonly defs = new Map<string, EntityDef>();

  constructor(defs: readonly EntityDef[]) {
    for (const def of defs) {
      checkDefinition(def);
      if (this.defs.has(def.name)) throw invalidDefinition(def.name, 'declared twice');
      this.defs.set(def.name, def);
    }
  }

  get all(): EntityDef[] {
    return [...this.defs.values()];
  }

  /** The declared entity, or the platform's error for a bad or undeclared name. */
  entity(entityName: string): EntityDef {
    validateEntityName(entityName);
    const def = this.defs.get(entityName);
    if (!def) {
      throw badRequest(
        ErrorCode.INVALID_ENTITY_TYPE,
        `Entity "${entityName}" is not defined in app.storage.entities of the manifest.`,
      );
    }
    return def;
  }

  index(def: EntityDef, indexName: string): EntityIndexDef {
    if (indexName === BY_KEY_INDEX) return BY_KEY;
    const index = def.indexes.find((candidate) => candidate.name === indexName);
    if (!index) {
      throw badRequest(
        ErrorCode.INVALID_ENTITY_INDEX,
        `Index "${indexName}" is not defined for entity "${def.name}".`,
      );
    }
    return index;
  }

  /** Checks a value against the declared attributes (unknown attribute or wrong type: 400). */
  validateValue(def: EntityDef, value: JsonValue): JsonObject {
    if (!isJsonObject(value)) {
      throw badRequest(
        ErrorCode.INVALID_ENTITY_VALUE,
        `A value of entity "${def.name}" must be an object of its attributes.`,
      );
    }
    for (const [name, attributeValue] of Object.entries(value)) {
      const attribute = def.attributes[name];
      if (!attribute) {
        throw badRequest(
          ErrorCode.INVALID_ENTITY_VALUE,
          `Attribute "${name}" is not defined for entity "${def.name}".`,
        );
      }
      if (!matchesType(attribute.type, attributeValue)) {
        throw badRequest(
          ErrorCode.INVALID_ENTITY_VALUE,
          `Attribute "${name}" of entity "${def.name}" must be of type ${attribute.type}.`,
        );
      }
    }
    return value;
  }

  /** The index rows one entity value belongs to. */
  indexRows(def: EntityDef, key: string, value: JsonObject): IndexRow[] {
    const rows: IndexRow[] = [{ idx: BY_KEY_INDEX, part: partitionText([]), range: [key] }];
    const attribute = (name: string): JsonValue | undefined =>
      Object.hasOwn(value, name) ? value[name] : undefined;
    for (const index of def.indexes) {
      const partition = (index.partition ?? []).map(attribute);
      const range = index.range.map((name) => toSortValue(attribute(name)));
      if (partition.some((v) => v === undefined) || range.some((v) => v === undefined)) continue;
      rows.push({
        idx: index.name,
        part: partitionText(partition.filter((v): v is JsonValue => v !== undefined)),
        range: range.filter((v): v is SortValue => v !== undefined),
      });
    }
    return rows;
  }

  /** A fingerprint of an entity's indexes: when it changes, stored index rows are recomputed. */
  signature(def: EntityDef): string {
    return JSON.stringify(def.indexes.map((i) => [i.name, i.partition ?? [], i.range]));
  }
}

/** Keeps `kvs_entity_index` in step with `kvs_entity`. */
export class EntityIndexer {
  private readonly deleteRows: Statement<[string, string]>;
  private readonly insertRow: Statement<
    [string, string, string, SortValue, SortValue, SortValue, SortValue, string]
  >;

  constructor(
    private readonly db: Database,
    private readonly catalog: EntityCatalog,
  ) {
    this.deleteRows = db.prepare('DELETE FROM kvs_entity_index WHERE entity = ? AND key = ?');
    this.insertRow = db.prepare(
      'INSERT INTO kvs_entity_index (entity, idx, part, r0, r1, r2, r3, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  replace(def: EntityDef, key: string, value: JsonObject): void {
    this.deleteRows.run(def.name, key);
    for (const row of this.catalog.indexRows(def, key, value)) {
      const [r0, r1, r2, r3] = row.range;
      this.insertRow.run(
        def.name,
        row.idx,
        row.part,
        r0 ?? UNUSED_RANGE,
        r1 ?? UNUSED_RANGE,
        r2 ?? UNUSED_RANGE,
        r3 ?? UNUSED_RANGE,
        key,
      );
    }
  }

  remove(entity: string, key: string): void {
    this.deleteRows.run(entity, key);
  }

  /** Re-indexes the stored rows of every entity whose index definitions changed since last run. */
  reindexChanged(): void {
    const stored = this.db.prepare<[string], { signature: string }>(
      'SELECT signature FROM kvs_entity_schema WHERE entity = ?',
    );
    const rows = this.db.prepare<[string], { key: string; value: string }>(
      'SELECT key, value FROM kvs_entity WHERE entity = ?',
    );
    const save = this.db.prepare(
      'INSERT INTO kvs_entity_schema (entity, signature) VALUES (?, ?) ON CONFLICT (entity) DO UPDATE SET signature = excluded.signature',
    );
    const clear = this.db.prepare('DELETE FROM kvs_entity_index WHERE entity = ?');
    this.db.transaction(() => {
      for (const def of this.catalog.all) {
        const signature = this.catalog.signature(def);
        if (stored.get(def.name)?.signature === signature) continue;
        clear.run(def.name);
        for (const row of rows.all(def.name)) {
          const value: unknown = JSON.parse(row.value);
          if (isJsonObject(value)) this.replace(def, row.key, value);
        }
        save.run(def.name, signature);
      }
    })();
  }
}
