/**
 * The UI's only way to call the backend: typed from the contract, so a wrong key or payload is a
 * compile error. Transport failures become envelopes too, so screens handle one shape; their
 * errors come from the catalogue, translated by their key like any other (their `message` is the
 * key: the browser carries no English copy of the locale files).
 */
import { invoke } from '@forge/bridge';
import { fail, isEnvelope, type Envelope } from '../contract/envelope';
import { errorOf } from '../domain/errors';
import type { FunctionKey, PayloadIn, ResultOf } from '../contract/functions';

export async function call<K extends FunctionKey>(
  key: K,
  payload: PayloadIn<K>,
): Promise<Envelope<ResultOf<K>>> {
  try {
    const answer: unknown = await invoke(key, payload as Record<string, unknown>);
    if (isEnvelope(answer)) return answer as Envelope<ResultOf<K>>;
    return fail(errorOf('errors.internal'));
  } catch {
    // The bridge throws when the function could not run at all (network, timeout, rate limit).
    return fail(errorOf('errors.network'));
  }
}
