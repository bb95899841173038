/** Item metadata (created/updated times, TTL expiry) and how the platform reports it. */
import type { StoredRow } from './schema';
import { parseStored, type JsonValue } from './json';

export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';
export type TtlUnit = 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

const UNIT_MS: Record<TtlUnit, number> = {
  SECONDS: 1_000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

export function expiryFor(
  now: number,
  ttl: { value: number; unit: TtlUnit } | undefined,
): number | null {
  return ttl ? now + ttl.value * UNIT_MS[ttl.unit] : null;
}

export function isLive(row: StoredRow, now: number): boolean {
  return row.expires_at === null || row.expires_at > now;
}

export interface ItemBody {
  key: string;
  value: JsonValue;
  createdAt?: number;
  updatedAt?: number;
  expireTime?: string;
}

/**
 * The item as the platform answers it. createdAt/updatedAt are epoch seconds, as in the SDK's own
 * fixtures (1718236800); expireTime is ISO-8601 without milliseconds ('2025-01-12T13:00:00Z').
 * Only the requested fields appear, and expireTime only when the item has a TTL.
 */
export function itemBody(row: StoredRow, fields: readonly MetadataField[] | undefined): ItemBody {
  const body: ItemBody = { key: row.key, value: parseStored(row.value) };
  if (fields?.includes('CREATED_AT')) body.createdAt = Math.floor(row.created_at / 1000);
  if (fields?.includes('UPDATED_AT')) body.updatedAt = Math.floor(row.updated_at / 1000);
  if (fields?.includes('EXPIRE_TIME') && row.expires_at !== null) {
    body.expireTime = new Date(row.expires_at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return body;
}
