/**
 * The three item stores behind one interface: plain KVS keys, secrets, and custom entities
 * (whose writes also maintain the index rows). Single calls, batches and transactions all go
 * through here, so every path validates and writes the same way.
 */
import type { Database } from 'better-sqlite3';
import { EntityCatalog, EntityIndexer } from './entities';
import { ItemTable, type ItemRef, type Written } from './items';
import type { JsonObject, JsonValue } from './json';
import { validateKey, validateValue } from './limits';
import type { EntityDef } from './manifest';
import type { SetOptions } from './requests';
import type { StoredRow } from './schema';

export type Target = { kind: 'kvs' } | { kind: 'secret' } | { kind: 'entity'; def: EntityDef };

/** A set that passed every check and only has to be written. */
export interface PreparedWrite {
  target: Target;
  ref: ItemRef;
  valueText: string;
  entityValue: JsonObject | undefined;
}

export class Store {
  readonly catalog: EntityCatalog;
  private readonly indexer: EntityIndexer;
  private readonly plain: ItemTable;
  private readonly secret: ItemTable;
  private readonly entity: ItemTable;

  constructor(db: Database, defs: readonly EntityDef[]) {
    this.catalog = new EntityCatalog(defs);
    this.indexer = new EntityIndexer(db, this.catalog);
    this.plain = new ItemTable(db, 'kvs_plain');
    this.secret = new ItemTable(db, 'kvs_secret');
    this.entity = new ItemTable(db, 'kvs_entity');
    this.indexer.reindexChanged();
  }

  /** The plain store, or the declared entity (checking its name) when `entityName` is given. */
  target(entityName: string | undefined): Target {
    return entityName === undefined
      ? { kind: 'kvs' }
      : { kind: 'entity', def: this.catalog.entity(entityName) };
  }

  ref(target: Target, key: string): ItemRef {
    validateKey(key, target.kind === 'entity' ? 'entity' : 'kvs');
    return { entity: target.kind === 'entity' ? target.def.name : '', key };
  }

  prepareWrite(target: Target, key: string, value: JsonValue): PreparedWrite {
    const ref = this.ref(target, key);
    const valueText = validateValue(value);
    const entityValue =
      target.kind === 'entity' ? this.catalog.validateValue(target.def, value) : undefined;
    return { target, ref, valueText, entityValue };
  }

  write(
    prepared: PreparedWrite,
    options: Pick<SetOptions, 'ttl' | 'keyPolicy'> | undefined,
    now: number,
  ): Written {
    const { target, ref } = prepared;
    const written = this.table(target).write(ref, prepared.valueText, options, now);
    if (target.kind === 'entity' && prepared.entityValue) {
      this.indexer.replace(target.def, ref.key, prepared.entityValue);
    }
    return written;
  }

  read(target: Target, ref: ItemRef, now: number): StoredRow | undefined {
    return this.table(target).read(ref, now);
  }

  remove(target: Target, ref: ItemRef, now: number): boolean {
    const existed = this.table(target).remove(ref, now);
    if (target.kind === 'entity') this.indexer.remove(target.def.name, ref.key);
    return existed;
  }

  private table(target: Target): ItemTable {
    switch (target.kind) {
      case 'kvs':
        return this.plain;
      case 'secret':
        return this.secret;
      case 'entity':
        return this.entity;
    }
  }
}
