/**
 * The resolver edge: turns the contract into Forge resolver definitions. For every call it
 * validates the payload with the contract's schema (a bad payload never reaches a use case),
 * takes the acting user and what the module was opened on from the platform context (never from
 * the payload), runs the use case, and answers the envelope. Coded failures become their error
 * (src/app/failures.ts); anything else is INTERNAL, logged without payloads or personal data.
 */
import type { z } from 'zod';
import { appErrorOf, failure, internalError, invalidPayload } from '../app/failures';
import type { Caller, UseCase } from '../app/ports';
import {
  contract,
  FUNCTION_KEYS,
  fail,
  ok,
  type Envelope,
  type FieldIssue,
  type FunctionKey,
  type PayloadOut,
  type ResultOf,
} from '../contract';
import { moduleContext } from './context';
import { isJiraRefused, jiraNotConnected, jiraNotConnectedFailure } from './installation';

/** What serves a contract key: a use case of the application layer. */
export type Handler<K extends FunctionKey, Ports> = UseCase<K, Ports>;

export type Handlers<Ports> = { [K in FunctionKey]: Handler<K, Ports> };

/** Maps zod issues to field issues whose messages are translation keys: one per field, the first. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '(payload)';
    if (byPath.has(path)) continue;
    byPath.set(path, {
      path,
      messageKey: issue.message.startsWith('errors.') ? issue.message : 'errors.field.invalid',
    });
  }
  return [...byPath.values()];
}

function validationFailure(error: z.ZodError): Envelope<never> {
  return fail(invalidPayload(fieldIssues(error)).error);
}

interface ResolverRequest {
  payload: unknown;
  context: Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Runs one call of `key` through validation, identity and the handler. */
export async function runCall<K extends FunctionKey, Ports>(
  key: K,
  handler: Handler<K, Ports>,
  request: ResolverRequest,
  makePorts: () => Ports,
): Promise<Envelope<ResultOf<K>>> {
  const accountId = request.context.accountId;
  if (typeof accountId !== 'string' || accountId === '') {
    return fail(failure('errors.signedOut'));
  }
  // Every surface needs Jira (rollouts live there): say so before anything else fails on it.
  if (jiraNotConnected(request.context)) return fail(jiraNotConnectedFailure().error);
  const parsed = contract[key].payload.safeParse(request.payload);
  if (!parsed.success) return validationFailure(parsed.error);
  const call: Caller = {
    accountId,
    locale: typeof request.context.locale === 'string' ? request.context.locale : undefined,
    siteUrl:
      typeof request.context.siteUrl === 'string'
        ? request.context.siteUrl.replace(/\/+$/u, '')
        : '',
    ...moduleContext(asRecord(request.context.extension)),
  };
  try {
    return ok(await handler(parsed.data as PayloadOut<K>, call, makePorts()));
  } catch (error) {
    const coded = appErrorOf(error);
    if (coded) return fail(coded);
    if (isJiraRefused(error)) return fail(jiraNotConnectedFailure().error);
    // Log what helps an operator, never the payload: it can hold names and comments.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
    console.error(`[rollout-coordinator] ${key} failed: ${reason}`);
    return fail(internalError());
  }
}

/** What the platform hands the resolver function for one call (only `call.functionKey` is read here). */
export type DefinitionsHandler = (
  request: unknown,
  runtime?: Record<string, unknown>,
) => Promise<unknown>;

const OWN_KEYS: ReadonlySet<string> = new Set(FUNCTION_KEYS);

/** The call's function key when it is one of the contract's own keys; undefined otherwise. */
export function contractKeyOf(request: unknown): FunctionKey | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const call: unknown = (request as { call?: unknown }).call;
  if (typeof call !== 'object' || call === null) return undefined;
  const key: unknown = (call as { functionKey?: unknown }).functionKey;
  return typeof key === 'string' && OWN_KEYS.has(key) ? (key as FunctionKey) : undefined;
}

/**
 * Dispatches only the contract's own function keys. `@forge/resolver` looks a key up with `in`
 * on a plain object, so `constructor` would run Object's constructor on the raw request (and
 * answer it, bypassing the envelope) and `__proto__`, `hasOwnProperty` or `valueOf` would throw
 * a TypeError, which the platform answers as a 500. Any other key gets a clean NOT_FOUND envelope
 * before the resolver sees it.
 */
export function ownKeysOnly(definitions: DefinitionsHandler): DefinitionsHandler {
  return async (request, runtime) => {
    if (contractKeyOf(request) === undefined) {
      return fail(failure('errors.unknownFunction'));
    }
    return definitions(request, runtime);
  };
}
