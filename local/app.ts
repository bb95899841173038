/**
 * Loads the app's Forge function handlers from src/ (as the platform would from the deployed
 * bundle) and invokes them the way the platform does: one invocation each, with the acting user
 * in the platform principal, never in the payload.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoadedManifest } from './manifest';
import {
  CLOUD_ID,
  installContext,
  installationSummary,
  installedIn,
  runInvocation,
  type CallCounters,
  type ProductName,
} from './runtime';

type ForgeHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface ResolverInvocation {
  moduleKey: string;
  functionKey: string;
  payload: unknown;
  /** Undefined runs as nobody, as for an anonymous viewer. */
  accountId: string | undefined;
  extension?: Record<string, unknown>;
  locale?: string;
  timezone?: string;
  /** The module instance's id (a macro's local id); `<moduleKey>-local` when absent. */
  localId?: string;
}

export interface InvocationOutcome {
  /** What the handler answered, JSON round-tripped as the platform does. */
  body: unknown;
  counters: CallCounters;
  /** How many of `counters.storage` were transactions. */
  transactions: number;
  ms: number;
}

/** The Atlassian app a module lives in (undefined for modules of the whole installation). */
export function productOf(moduleType: string): ProductName | undefined {
  if (moduleType.startsWith('jira:')) return 'jira';
  if (moduleType.startsWith('confluence:') || moduleType === 'macro') return 'confluence';
  return undefined;
}

/** What Forge passes every function beside its event: who, and which installation. */
function platformPayload(accountId: string | undefined): Record<string, unknown> {
  return {
    principal: accountId ? { accountId } : undefined,
    installContext: installContext(),
    installation: installationSummary(),
  };
}

export class AppFunctions {
  private readonly cache = new Map<string, ForgeHandler>();
  /** The site's address as the context reports it (the host's own URL once it listens). */
  siteUrl = 'http://127.0.0.1';

  constructor(private readonly app: LoadedManifest) {}

  /** The handler behind a manifest function key ("resolver" → src/index.ts `handler`). */
  handler(functionKey: string): ForgeHandler {
    const cached = this.cache.get(functionKey);
    if (cached) return cached;
    const spec = this.app.functions.get(functionKey);
    if (!spec) throw new Error(`manifest.yml declares no function "${functionKey}"`);
    const dot = spec.lastIndexOf('.');
    const file = spec.slice(0, dot);
    const exportName = spec.slice(dot + 1);
    // Loaded by the manifest's path, as the platform does. A plain require on purpose: under tsx
    // and under Jest it is the loader that compiles TypeScript (createRequire would bypass Jest).
    const loaded = require(join(this.app.root, 'src', file)) as Record<string, unknown>;
    const found = loaded[exportName];
    if (typeof found !== 'function') {
      throw new Error(`src/${file} does not export a function "${exportName}"`);
    }
    const handler = found as ForgeHandler;
    this.cache.set(functionKey, handler);
    return handler;
  }

  /** Runs a Custom UI resolver call as `accountId` through the module's resolver function. */
  async invokeResolver(request: ResolverInvocation): Promise<InvocationOutcome> {
    const module = this.app.module(request.moduleKey);
    const functionKey = module?.resolver?.function;
    if (!module || !functionKey) {
      throw new Error(`module "${request.moduleKey}" has no resolver in manifest.yml`);
    }
    this.requireInstalled(module.type, request.moduleKey);
    const handler = this.handler(functionKey);
    const context = {
      moduleKey: request.moduleKey,
      cloudId: CLOUD_ID,
      localId: request.localId ?? `${request.moduleKey}-local`,
      siteUrl: this.siteUrl,
      extension: { type: module.type, ...(request.extension ?? {}) },
      ...(request.locale ? { locale: request.locale } : {}),
      ...(request.timezone ? { timezone: request.timezone } : {}),
    };
    return this.run(request.moduleKey, request.accountId, () =>
      handler(
        { call: { functionKey: request.functionKey, payload: request.payload }, context },
        { ...platformPayload(request.accountId), license: { isActive: true } },
      ),
    );
  }

  /**
   * Runs a non-resolver function (trigger, validator, scheduled job) with the platform's event.
   * `timeoutMs` is the platform's limit for that kind of function (55 s for scheduled triggers),
   * which is what `getAppContext().invocationRemainingTimeInMillis()` counts down from.
   * `at` runs it with the clock at that instant (local/runtime.ts, `installInvocationClock`).
   */
  async invokeFunction(
    functionKey: string,
    moduleKey: string,
    event: unknown,
    accountId: string | undefined,
    options: { timeoutMs?: number; at?: Date } = {},
  ): Promise<InvocationOutcome> {
    const type = this.app.module(moduleKey)?.type;
    if (type !== undefined) this.requireInstalled(type, moduleKey);
    const handler = this.handler(functionKey);
    return this.run(
      moduleKey,
      accountId,
      () => handler(event, platformPayload(accountId)),
      options.timeoutMs,
      options.at,
    );
  }

  /** A product never runs the modules of an app that is not installed in it. */
  private requireInstalled(moduleType: string, moduleKey: string): void {
    const product = productOf(moduleType);
    if (product !== undefined && !installedIn().includes(product)) {
      throw new Error(`module "${moduleKey}" is in ${product}, where the app is not installed`);
    }
  }

  private async run(
    moduleKey: string,
    accountId: string | undefined,
    fn: () => Promise<unknown>,
    timeoutMs?: number,
    at?: Date,
  ): Promise<InvocationOutcome> {
    const options = {
      accountId,
      moduleKey,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(at === undefined ? {} : { at }),
    };
    return runInvocation(options, async (invocation) => {
      const started = performance.now();
      const result = await fn();
      const ms = performance.now() - started;
      // The platform serialises results: Dates become strings, undefined fields vanish.
      const body: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
      return {
        body,
        counters: { ...invocation.counters },
        transactions: invocation.transactions,
        ms,
      };
    });
  }
}
