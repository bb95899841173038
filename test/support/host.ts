/**
 * Test builders over the local Forge host: one in-memory host per test file, and resolver calls
 * as the bridge makes them, `call(from, as, key, payload)`: from a module (`From`: adminPage,
 * issuePanel, confluenceModule), as a persona, the payload last. `call` is typed by the contract
 * (key → payload → result), so a test cannot send a payload the contract does not describe by
 * mistake; `callRaw` takes any key and payload, for the calls whose point is that the contract
 * refuses them.
 */
import { z } from 'zod';
import {
  ERROR_CODES,
  type Envelope,
  type FunctionKey,
  type PayloadIn,
  type ResultOf,
} from '../../src/contract';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../local/host';
import type { InvocationOutcome } from '../../local/app';
import { STORAGE_RETRY } from '../../src/storage/client';

export const ADMIN_MODULE = 'rollout-admin';

export function memoryHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  return startLocalHost({ memory: true, ...options });
}

/** Where a call comes from: a module of the host's app, and the context Forge gives it there. */
export interface From {
  host: LocalHost;
  moduleKey: string;
  extension?: Record<string, unknown>;
  /** Overrides the persona's language. */
  locale?: string;
}

/** The Jira admin page: no extension context beyond the module's type. */
export function adminPage(host: LocalHost): From {
  return { host, moduleKey: ADMIN_MODULE };
}

export interface CallOutcome<T> {
  /** Which call it was, e.g. `approvals/decide as head-sales`, for failure messages. */
  what: string;
  envelope: Envelope<T>;
  counters: InvocationOutcome['counters'];
  /** How many of `counters.storage` were transactions. */
  transactions: number;
  /** Time spent in the handler, as the host measured it. */
  ms: number;
}

/** The envelope every resolver answers (src/contract/envelope.ts), checked, not assumed. */
const envelopeSchema = z.union([
  z.looseObject({ ok: z.literal(true), data: z.unknown() }),
  z.looseObject({
    ok: z.literal(false),
    error: z.looseObject({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      messageKey: z.string(),
    }),
  }),
]);

async function invoke(
  from: From,
  as: string | undefined,
  functionKey: string,
  payload: unknown,
): Promise<InvocationOutcome> {
  const { host, moduleKey, extension, locale } = from;
  if (as === undefined || host.persona(as)) {
    return host.invoke({
      moduleKey,
      functionKey,
      payload,
      ...(as === undefined ? {} : { as }),
      ...(extension ? { extension } : {}),
      ...(locale ? { locale } : {}),
    });
  }
  // Someone the host has no persona for (people added by a test): as the platform calls for them.
  return host.functions.invokeResolver({
    moduleKey,
    functionKey,
    payload,
    accountId: as,
    ...(extension ? { extension } : {}),
    ...(locale ? { locale } : {}),
  });
}

/**
 * Calls any function key with any payload from `from`, as `as` (a persona key or an account id;
 * undefined: nobody), through the host as the bridge would. The answer must be an envelope.
 */
export async function callRaw(
  from: From,
  as: string | undefined,
  functionKey: string,
  payload: unknown,
): Promise<CallOutcome<unknown>> {
  const outcome = await invoke(from, as, functionKey, payload);
  const checked = envelopeSchema.safeParse(outcome.body);
  if (!checked.success) {
    throw new Error(`${functionKey} answered no envelope: ${JSON.stringify(outcome.body)}`);
  }
  // The answer itself, not the parsed copy: tests assert exactly what the resolver answered.
  const envelope = outcome.body as Envelope<unknown>;
  return {
    what: `${functionKey} as ${as ?? 'nobody'}`,
    envelope,
    counters: outcome.counters,
    transactions: outcome.transactions,
    ms: outcome.ms,
  };
}

/** Calls a contract function with a payload of the contract's shape (see `callRaw`). */
export async function call<K extends FunctionKey>(
  from: From,
  as: string | undefined,
  key: K,
  payload: PayloadIn<K>,
): Promise<CallOutcome<ResultOf<K>>> {
  const outcome = await callRaw(from, as, key, payload);
  // The contract types what the key's handler answers; callRaw checked it is an envelope.
  return outcome as CallOutcome<ResultOf<K>>;
}

/** The data of a call that must succeed; otherwise fails with the error it answered. */
export async function ok<T>(outcome: Promise<CallOutcome<T>>): Promise<T> {
  const { what, envelope } = await outcome;
  if (!envelope.ok) {
    throw new Error(`${what} failed: ${envelope.error.code} ${envelope.error.message}`);
  }
  return envelope.data;
}

/** A value the test knows is there (an element found, a next page): fails plainly if not. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}`);
  return value;
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

/**
 * A fresh in-memory host for each test of the file: `setUp` receives it before the test runs
 * (the file keeps it in its own variable); after the test, Jest's spies are restored and the host
 * is closed.
 */
export function hostPerTest(setUp: (host: LocalHost) => void | Promise<void>): void {
  let current: LocalHost | undefined;
  beforeEach(async () => {
    current = await memoryHost();
    await setUp(current);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await current?.close();
    current = undefined;
  });
}

/**
 * The report a scheduled trigger's run answers (the JSON body of its `{ statusCode, body }`
 * response); the test says what it expects it to hold.
 */
export function reportOf(outcome: InvocationOutcome): unknown {
  return JSON.parse(String((outcome.body as { body?: string }).body));
}
