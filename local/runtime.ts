/**
 * The Forge runtime shim: the two globals through which the real `@forge/api` and `@forge/kvs`
 * reach the platform (`__forge_runtime__`, `__forge_fetch__`), pointed at the local emulators.
 *
 * The acting user is carried per invocation with AsyncLocalStorage, exactly as the platform
 * carries it per lambda: `asUser()` with no accountId acts as the invocation's user, and two
 * concurrent invocations as two personas never see each other's identity.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { RequestProductNotAllowedError } from '@forge/api';
import { APP_ROOT, appCodeDirOf } from './app-code';

export type ProductName = 'jira' | 'confluence';

/**
 * Who a product request runs as: the app itself, or a user. `viaApp` marks a user's request the
 * app made (asUser), as opposed to one from the product's own UI: the product knows which app a
 * request came through, and a trigger's `filter.ignoreSelf` relies on it.
 */
export type ProductActor = { kind: 'app' } | { kind: 'user'; accountId: string; viaApp?: true };

/** Whether the app made the request (asApp or asUser), as opposed to a person in the product. */
export function madeByApp(actor: ProductActor): boolean {
  return actor.kind === 'app' || actor.viaApp === true;
}

export interface ProductRequest {
  product: ProductName;
  actor: ProductActor;
  method: string;
  /** Path with query string, e.g. `/rest/api/3/myself` or `/wiki/api/v2/pages?limit=5`. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type ProductBackend = (request: ProductRequest) => Promise<Response>;
/** `path` is the KVS REST path the SDK sends (`/api/v1/get`…); `body` its JSON text. */
export type KvsBackend = (path: string, body: string) => Promise<Response>;

/** `path` is the async-events path the SDK sends (`/webhook/queue/publish/…`); `body` its JSON text. */
export type EventsBackend = (path: string, body: string) => Promise<Response>;

export interface RuntimeBackends {
  kvs: KvsBackend;
  product: ProductBackend;
  /** `@forge/events` (Queue.push, job stats and cancel); without it those calls answer 501. */
  events?: EventsBackend;
  /**
   * Whether the manifest allows offline user impersonation (a scope with `allowImpersonation`):
   * `asUser(accountId)` for someone other than the invocation's user. False refuses it, as the
   * platform does for an app that did not declare it; undefined does not check.
   */
  offlineImpersonation?: boolean;
  /**
   * The app's code folder as deployed (`local/app-code.ts`): where the functions find the
   * translations (`__LOCALES__`), as the runtime's `container.appCodeDir` says on Forge.
   * This repository's app when absent.
   */
  appCodeDir?: string;
}

/** Round trips made during one invocation: what benchmarks and budget tests read. */
export interface CallCounters {
  storage: number;
  product: number;
}

export interface Invocation {
  /** The acting user, from the platform; undefined for app-only invocations (scheduled triggers). */
  accountId: string | undefined;
  moduleKey: string;
  invocationId: string;
  counters: CallCounters;
  /**
   * How many of `counters.storage` were transactions (`kvs.transact().execute()`): the writes
   * that cost most, counted apart so a budget can bound them on their own.
   */
  transactions: number;
  /** Deadline in epoch ms, as the lambda's remaining time is derived from. */
  deadline: number;
  /**
   * How far the invocation's clock is from the machine's, in ms: 0 unless the host runs it as on
   * another day (`runScheduled(…, { at })`, see the Date shim below).
   */
  clockOffsetMs: number;
}

export const APP_ID = 'local-rollout-coordinator';
export const ENVIRONMENT_ID = 'local-development';
export const INSTALLATION_ID = 'local-installation';
export const CLOUD_ID = 'local-cloud';

/**
 * The Atlassian apps of the site the app is installed in, the required one first. The manifest's
 * `app.compatibility` makes Jira required and Confluence optional: on a real site both share ONE
 * installation (one id, one storage), installed in Jira and then connected to Confluence. The
 * default is that state; `['confluence']` plays an installation that never reached Jira (see
 * docs/decisions/0006-one-installation-for-jira-and-confluence.md).
 */
export const BOTH_PRODUCTS: readonly ProductName[] = ['jira', 'confluence'];

/** A site context as Forge names it: `ari:cloud:jira::site/<cloudId>`. */
export function siteAri(product: ProductName): string {
  return `ari:cloud:${product}::site/${CLOUD_ID}`;
}

/** The installation's ARI, as `getAppContext().installationAri` prints it. */
export const INSTALLATION_ARI = `ari:cloud:ecosystem::installation/${INSTALLATION_ID}`;

/**
 * The installation summary Forge gives a function (`context.installation` in a resolver,
 * `getAppContext().installation`): the installation's ARI and the contexts it is installed in,
 * each an object whose `toString()` is the context's ARI (`@forge/api` types `ContextAri`).
 */
export interface InstallationSummary {
  ari: { installationId: string; toString: () => string };
  contexts: { cloudId: string; toString: () => string }[];
}

const invocations = new AsyncLocalStorage<Invocation>();
let backends: RuntimeBackends | undefined;
let installedProducts: readonly ProductName[] = BOTH_PRODUCTS;

/** Which Atlassian apps the installation is in now, the required one first. */
export function installedIn(): readonly ProductName[] {
  return installedProducts;
}

/**
 * Connects or disconnects Atlassian apps of the installation (first = the one it was installed
 * in). Throws on an empty or repeated list: an installation is always in at least one app.
 */
export function setInstalledProducts(products: readonly ProductName[]): void {
  if (products.length === 0 || new Set(products).size !== products.length) {
    throw new Error(
      `An installation needs one or more distinct products, got [${products.join(', ')}]`,
    );
  }
  installedProducts = [...products];
}

/** The ARI of the context the installation was made in (its required Atlassian app). */
export function installContext(): string {
  return siteAri(installedProducts[0] ?? 'jira');
}

export function installationSummary(): InstallationSummary {
  return {
    ari: { installationId: INSTALLATION_ID, toString: () => INSTALLATION_ARI },
    contexts: installedProducts.map((product) => ({
      cloudId: CLOUD_ID,
      toString: () => siteAri(product),
    })),
  };
}

interface FetchTarget {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}

function headersToRecord(init: RequestInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(init?.headers).entries());
}

async function bodyToText(body: RequestInit['body'] | undefined): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  return new Response(body).text();
}

async function forgeFetch(
  target: FetchTarget,
  path: string,
  init?: RequestInit,
): Promise<Response> {
  if (!backends) throw new Error('Local Forge runtime has no backends installed.');
  const invocation = invocations.getStore();
  const body = await bodyToText(init?.body);
  if (target.type === 'kvs') {
    if (invocation) {
      invocation.counters.storage += 1;
      if (path.endsWith('/transaction')) invocation.transactions += 1;
    }
    return backends.kvs(path, body ?? '{}');
  }
  // `@forge/events` reaches the platform as the app through stargate, on the queue webhooks.
  if (
    target.type === 'fpp' &&
    target.remote === 'stargate' &&
    path.startsWith('/webhook/queue/') &&
    backends.events
  ) {
    return backends.events(path, body ?? '{}');
  }
  if (target.type === 'fpp' && (target.remote === 'jira' || target.remote === 'confluence')) {
    if (invocation) invocation.counters.product += 1;
    if (!installedProducts.includes(target.remote)) {
      // The SDK's own error for a product the installation cannot reach (see decision 0006).
      throw new RequestProductNotAllowedError(target.remote, installedProducts[0] ?? 'jira');
    }
    let actor: ProductActor;
    if (target.provider === 'user') {
      const accountId = target.accountId ?? invocation?.accountId;
      if (!accountId) {
        return new Response(null, {
          status: 401,
          headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
        });
      }
      const offline = target.accountId !== undefined && target.accountId !== invocation?.accountId;
      if (offline && backends.offlineImpersonation === false) {
        return new Response(
          JSON.stringify({
            message: `asUser("${accountId}") is offline user impersonation: declare allowImpersonation on the scopes it needs in manifest.yml.`,
          }),
          { status: 403, headers: { 'forge-proxy-error': 'IMPERSONATION_NOT_ALLOWED' } },
        );
      }
      actor = { kind: 'user', accountId, viaApp: true };
    } else {
      actor = { kind: 'app' };
    }
    return backends.product({
      product: target.remote,
      actor,
      method: (init?.method ?? 'GET').toUpperCase(),
      path,
      headers: headersToRecord(init),
      body,
    });
  }
  return new Response(JSON.stringify({ message: `Unsupported target ${JSON.stringify(target)}` }), {
    status: 501,
    headers: { 'forge-proxy-error': 'UNSUPPORTED_TARGET' },
  });
}

const noopTimer = { stop: (): void => undefined };
const metrics = {
  counter: () => ({ incr: (): void => undefined, decr: (): void => undefined }),
  timing: () => ({ measure: () => noopTimer }),
  gauge: () => ({ set: (): void => undefined }),
};

function runtimeObject(): unknown {
  return {
    proxy: { token: 'local', url: 'http://127.0.0.1/__forge' },
    tracing: { traceId: randomUUID().replace(/-/g, ''), spanId: randomUUID().slice(0, 16) },
    metrics,
    get container() {
      return { appCodeDir: backends?.appCodeDir ?? appCodeDirOf(APP_ROOT) };
    },
    get appContext() {
      const invocation = invocations.getStore();
      return {
        appId: APP_ID,
        appVersion: '0.1.0',
        environmentId: ENVIRONMENT_ID,
        environmentType: 'DEVELOPMENT',
        invocationId: invocation?.invocationId ?? 'outside-invocation',
        installationId: INSTALLATION_ID,
        installation: installationSummary(),
        moduleKey: invocation?.moduleKey ?? 'local',
        license: { isActive: true },
        permissions: { scopes: [], external: {} },
      };
    },
    get lambdaContext() {
      const invocation = invocations.getStore();
      return {
        getRemainingTimeInMillis: () =>
          invocation ? Math.max(0, invocation.deadline - machineNow()) : 25_000,
      };
    },
  };
}

/**
 * Sets the platform globals. Call before importing `@forge/kvs` (it reads the runtime at import).
 * Calling again swaps the backends (tests use a fresh in-memory store each time).
 */
export function installForgeRuntime(
  next: RuntimeBackends,
  products: readonly ProductName[] = BOTH_PRODUCTS,
): void {
  setInstalledProducts(products);
  backends = next;
  const g = globalThis as Record<string, unknown>;
  g.__forge_runtime__ = runtimeObject();
  g.__forge_fetch__ = forgeFetch;
}

/** Runs `fn` as one platform invocation (a resolver call, a trigger, a validator). */
export function runInvocation<T>(
  options: { accountId: string | undefined; moduleKey: string; timeoutMs?: number; at?: Date },
  fn: (invocation: Invocation) => Promise<T>,
): Promise<T> {
  const started = machineNow();
  if (options.at !== undefined) installInvocationClock();
  const invocation: Invocation = {
    accountId: options.accountId,
    moduleKey: options.moduleKey,
    invocationId: randomUUID(),
    counters: { storage: 0, product: 0 },
    transactions: 0,
    deadline: started + (options.timeoutMs ?? 25_000),
    clockOffsetMs: options.at === undefined ? 0 : options.at.getTime() - started,
  };
  return invocations.run(invocation, () => fn(invocation));
}

/** The machine's clock, whatever clock an invocation runs on. */
const MachineDate = Date;
const machineNow = (): number => MachineDate.now();

/**
 * Lets one invocation run as on another day (the seed's week of daily jobs) without a line of the
 * app knowing: `Date` becomes a proxy of itself whose `new Date()` and `Date.now()` add the
 * current invocation's clock offset. Everything else (dates from a value, `Date.UTC`, `instanceof
 * Date`, the prototype) is the real Date's, and outside such an invocation the offset is 0, so the
 * rest of the host and every other invocation see the machine's clock. Installed on first use only.
 */
function installInvocationClock(): void {
  const g = globalThis as { Date: DateConstructor };
  if (g.Date !== MachineDate) return;
  const offset = (): number => invocations.getStore()?.clockOffsetMs ?? 0;
  const now = (): number => machineNow() + offset();
  g.Date = new Proxy(MachineDate, {
    construct(target, args: unknown[], newTarget: NewableFunction) {
      const values = args.length === 0 ? [now()] : args;
      return Reflect.construct(target, values, newTarget) as object;
    },
    apply(target, thisArg, args: unknown[]) {
      // `Date()` called as a function gives the current time as text.
      return offset() === 0
        ? (Reflect.apply(target, thisArg, args) as string)
        : new MachineDate(now()).toString();
    },
    get(target, key, receiver) {
      if (key === 'now') return now;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

export function currentInvocation(): Invocation | undefined {
  return invocations.getStore();
}
