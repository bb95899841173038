/**
 * The UI's only way to call the backend: typed from the contract, so a wrong key or payload is a
 * compile error. Transport failures become envelopes too, so screens handle one shape; their
 * errors come from the catalogue, translated by their key like any other (their `message` is the
 * key: the browser carries no English copy of the locale files).
 */
import { invoke } from '@forge/bridge';
import { fail, isEnvelope, type Envelope } from '../contract/envelope';
import { callError } from '../domain/errors';
import { loadErrorTexts } from './i18n';
import type { FunctionKey, PayloadIn, ResultOf } from '../contract/functions';

/** Calls started before their screen's code ran (`preload`), each taken once by `call`. */
const started = new Map<string, Promise<Envelope<unknown>>>();

const callId = (key: string, payload: unknown): string => `${key} ${JSON.stringify(payload)}`;

/**
 * Starts a screen's first call while its code and messages are still loading (decision 0026: no
 * waterfall); the screen's own `call` with the same function and payload takes this answer.
 */
export function preload<K extends FunctionKey>(key: K, payload: PayloadIn<K>): void {
  started.set(callId(key, payload), invokeOnce(key, payload));
}

export function call<K extends FunctionKey>(
  key: K,
  payload: PayloadIn<K>,
): Promise<Envelope<ResultOf<K>>> {
  const id = callId(key, payload);
  const early = started.get(id);
  if (early) {
    started.delete(id);
    return early as Promise<Envelope<ResultOf<K>>>;
  }
  return invokeOnce(key, payload);
}

async function invokeOnce<K extends FunctionKey>(
  key: K,
  payload: PayloadIn<K>,
): Promise<Envelope<ResultOf<K>>> {
  try {
    const answer: unknown = await invoke(key, payload as Record<string, unknown>);
    if (isEnvelope(answer)) {
      // A failure is shown in the user's words: the catalogue of errors comes with it.
      if (!answer.ok) await loadErrorTexts();
      return answer as Envelope<ResultOf<K>>;
    }
    await loadErrorTexts();
    return fail(callError('errors.internal'));
  } catch {
    // The bridge throws when the function could not run at all (network, timeout, rate limit).
    await loadErrorTexts();
    return fail(callError('errors.network'));
  }
}
