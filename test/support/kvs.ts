/**
 * The storage emulator as the storage contract tests drive it: an in-memory emulator on a clock
 * the test controls, behind the REAL `@forge/kvs` SDK, with the entity the tests store, and the
 * checks they share (the SDK's API error with its status and code; a raw call for requests the
 * SDK cannot produce).
 */
import Database from 'better-sqlite3';
import { ForgeKvsAPIError } from '@forge/kvs';
import { installForgeRuntime } from '../../local/runtime';
import { entityDefsFromManifest, KvsEmulator, kvsBackend } from '../../local/kvs';

export const START = Date.UTC(2026, 0, 15, 9, 0, 0);
export const START_SECONDS = START / 1000;

export const defs = entityDefsFromManifest({
  app: {
    storage: {
      entities: [
        {
          name: 'approval',
          attributes: {
            rolloutId: { type: 'string' },
            decision: { type: 'string' },
            version: { type: 'integer' },
          },
          indexes: [{ name: 'by-rollout', partition: ['rolloutId'], range: ['decision'] }],
        },
      ],
    },
  },
});

export interface Approval {
  rolloutId: string;
  decision: string;
  version: number;
}

/** A fresh in-memory storage emulator on `now`, answering the SDK's calls. */
export function storageEmulator(now: () => number): KvsEmulator {
  const emulator = new KvsEmulator(new Database(':memory:'), defs, { now });
  installForgeRuntime({
    kvs: kvsBackend(emulator),
    product: () => Promise.resolve(new Response(null, { status: 501 })),
  });
  return emulator;
}

/** Awaits a rejection and checks it is the SDK's API error with this status and code. */
export async function rejection(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ForgeKvsAPIError) return error;
    throw error;
  }
  throw new Error('expected the storage call to fail');
}

export async function expectError(
  promise: Promise<unknown>,
  status: number,
  code: string,
): Promise<void> {
  const error = await rejection(promise);
  expect({ status: error.responseDetails.status, code: error.code }).toEqual({ status, code });
}

/** A raw call, for requests the SDK cannot produce (malformed bodies, two where clauses…). */
export function rawCall(
  emulator: KvsEmulator,
  path: string,
  body: unknown,
): { status: number; body: unknown } {
  return emulator.handle(path, typeof body === 'string' ? body : JSON.stringify(body));
}
