/** Test builders over the local Forge host: one in-memory host per test file, typed calls. */
import type { Envelope, FunctionKey, PayloadIn, ResultOf } from '../../src/contract';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../local/host';
import type { InvocationOutcome } from '../../local/app';
import { STORAGE_RETRY } from '../../src/storage/client';

export const ADMIN_MODULE = 'rollout-admin';

export function memoryHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  return startLocalHost({ memory: true, ...options });
}

export interface CallOutcome<K extends FunctionKey> {
  envelope: Envelope<ResultOf<K>>;
  counters: InvocationOutcome['counters'];
  /** Time spent in the handler, as the host measured it. */
  ms: number;
}

/** Calls a resolver as a persona, through the host, exactly as the bridge would. */
export async function callAs<K extends FunctionKey>(
  host: LocalHost,
  as: string | undefined,
  key: K,
  payload: PayloadIn<K> | Record<string, unknown>,
  moduleKey: string = ADMIN_MODULE,
): Promise<CallOutcome<K>> {
  const outcome = await host.invoke({
    moduleKey,
    functionKey: key,
    payload,
    ...(as ? { as } : {}),
  });
  return {
    envelope: outcome.body as Envelope<ResultOf<K>>,
    counters: outcome.counters,
    ms: outcome.ms,
  };
}

/** Like callAs, but the call must succeed: answers its data. */
export async function okAs<K extends FunctionKey>(
  host: LocalHost,
  as: string,
  key: K,
  payload: PayloadIn<K> | Record<string, unknown>,
  moduleKey: string = ADMIN_MODULE,
): Promise<ResultOf<K>> {
  const { envelope } = await callAs(host, as, key, payload, moduleKey);
  if (!envelope.ok) {
    throw new Error(`${key} as ${as} failed: ${envelope.error.code} ${envelope.error.message}`);
  }
  return envelope.data;
}

export function accountIdOf(host: LocalHost, persona: string): string {
  const found = host.persona(persona);
  if (!found) throw new Error(`No persona ${persona}`);
  return found.accountId;
}

/**
 * Makes the next storage call on `pathPrefix` fail with a 500 on every attempt the app's storage
 * client makes (src/storage/client.ts retries 429 and 5xx): a failure for good, part-way.
 */
export function failStorageForGood(host: LocalHost, pathPrefix: string): void {
  host.kvs.failNext(pathPrefix, STORAGE_RETRY.maxAttempts, 500, 'INTERNAL_SERVER_ERROR');
}
