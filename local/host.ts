/**
 * The local Forge host: the app's real backend with the real @forge/* packages, its storage and
 * product emulators on one SQLite database, and the HTTP server that plays Jira and Confluence.
 * `npm start`, the integration tests, the e2e tests and the benchmarks all start it from here.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { AppFunctions, type InvocationOutcome } from './app';
import { bundleAppCode } from './app-code';
import { EventsEmulator, EventsLimits, type ConsumerSpec } from './events';
import { ProductEventDelivery, type TriggerSpec } from './events/product-events';
import { startHttpServer, type HttpServerHandle } from './http/server';
import { entityDefsFromManifest, KvsEmulator, kvsBackend } from './kvs';
import { loadManifest, type LoadedManifest } from './manifest';
import {
  ProductEmulator,
  type IndexedPropertyValue,
  type Persona,
  type ValidatorHook,
  type ValidatorRun,
} from './products';
import {
  BOTH_PRODUCTS,
  CLOUD_ID,
  installedIn,
  installForgeRuntime,
  setInstalledProducts,
  type ProductName,
} from './runtime';
import { seedDemoCompany } from './seed';
import { ensureDemoWorkflow, PERSONAS } from './seed/jira';

/** Forge's limit for scheduled trigger functions without `timeoutSeconds`. */
const SCHEDULED_TIMEOUT_MS = 55_000;

export interface LocalHostOptions {
  /** The app's root (manifest.yml, src/, static/). Default: this repository. */
  root?: string;
  /** Folder of the SQLite file; ignored when `memory` is set. Default `<root>/.local-data`. */
  dataDir?: string;
  /** Keep everything in memory (tests, benchmarks). */
  memory?: boolean;
  /** Start over: delete the data folder's database first. */
  reset?: boolean;
  /** Seed the demo company when the database is new. Default true. */
  seed?: boolean;
  /**
   * With the seed, also seed the demo rollout in progress (`npm start` does). Default false:
   * tests start from the company alone, so their issue keys and counts are their own.
   */
  rolloutInProgress?: boolean;
  /** TCP port on 127.0.0.1; 0 picks a free one. Omit to start no HTTP server. */
  port?: number;
  /**
   * The Atlassian apps the installation is in, the required one first. Default: Jira and
   * Confluence, one installation. `['confluence']` plays the app opened in Confluence before it
   * was ever installed in Jira.
   */
  installedIn?: readonly ProductName[];
  /** The longest wait before a product event's retry (the function's `retryAfter` otherwise). */
  productEventRetryMaxMs?: number;
  /** First retry delay after a consumer fails (doubling up to 15 min); 10 s by default. */
  eventsBackoffBaseMs?: number;
}

export interface InvokeAs {
  moduleKey: string;
  functionKey: string;
  payload?: unknown;
  /** Persona key (`coordinator`) or account id; omitted runs as nobody. */
  as?: string;
  extension?: Record<string, unknown>;
  locale?: string;
}

export interface LocalHost {
  readonly app: LoadedManifest;
  readonly functions: AppFunctions;
  readonly kvs: KvsEmulator;
  readonly products: ProductEmulator;
  /** Async events: queues and deliveries to the manifest's consumers. */
  readonly events: EventsEmulator;
  /** Product events (Jira's issue events) and their deliveries to the manifest's triggers. */
  readonly productEvents: ProductEventDelivery;
  readonly personas: readonly Persona[];
  /** Base URL of the HTTP server, when one was started. */
  readonly url: string | undefined;
  persona(keyOrAccountId: string): Persona | undefined;
  invoke(request: InvokeAs): Promise<InvocationOutcome>;
  /** The Atlassian apps the installation is in now, the required one first. */
  installedIn(): readonly ProductName[];
  /** Connects or disconnects Atlassian apps (as a site admin would in Connected apps). */
  setInstalledIn(products: readonly ProductName[]): void;
  /**
   * Runs a `scheduledTrigger` module's function now, as the platform does on its interval: as
   * the app (no user), with the event Forge sends and the 55 s limit. `at` runs it as the
   * platform would have on that day: the function's clock reads `at` (the seed's past week).
   */
  runScheduled(moduleKey: string, options?: { at?: Date }): Promise<InvocationOutcome>;
  close(): Promise<void>;
}

/**
 * The event Forge passes to a function-based `jira:workflowValidator`. The documented fields
 * are `issue.key` and `transition.from.id`/`to.id` (Forge manifest reference, "Jira workflow
 * validator"); the issue id, the transition's id and name, the workflow and the context are
 * what Jira also knows at that point and are sent too, but the app must not rely on them.
 */
export interface ValidatorEvent {
  issue: { id: string; key: string };
  transition: { id: string; name: string; from: { id: string }; to: { id: string } };
  workflow: { name: string };
  configuration?: Record<string, unknown>;
  context: { cloudId: string; moduleKey: string };
}

export function validatorEvent(run: ValidatorRun): ValidatorEvent {
  return {
    issue: { id: String(run.issue.id), key: run.issue.key },
    transition: {
      id: run.transition.id,
      name: run.transition.name,
      from: { id: run.from.id },
      to: { id: run.to.id },
    },
    workflow: { name: run.workflowName },
    ...(run.rule.configuration ? { configuration: run.rule.configuration } : {}),
    context: { cloudId: CLOUD_ID, moduleKey: run.rule.moduleKey },
  };
}

/** A validator function answers `{ result, errorMessage? }` (the message shows when false). */
const validatorResultSchema = z.object({
  result: z.boolean(),
  errorMessage: z.string().optional(),
});

const projectTypesSchema = z
  .array(z.enum(['company-managed', 'team-managed']))
  .default(['company-managed']);

/** The project types a workflow rule module declares (Forge's default: company-managed only). */
function projectTypesOf(module: Record<string, unknown>): string[] {
  return projectTypesSchema.parse(module.projectTypes);
}

/**
 * Runs the app's validator functions for the Jira emulator, as Jira runs a Forge validator: the
 * function of the `jira:workflowValidator` module, as the transitioning user. Whatever is not a
 * clear `result: true` (false, a malformed answer, an exception, a missing module) blocks the
 * transition, as Jira fails closed.
 */
function validatorHook(app: LoadedManifest, functions: AppFunctions): ValidatorHook {
  return async (run) => {
    const module = app.modules.find(
      (candidate) =>
        candidate.type === 'jira:workflowValidator' && candidate.key === run.rule.moduleKey,
    );
    if (!module?.function) {
      return {
        ok: false,
        message: `The transition is blocked: the app provides no validator "${run.rule.moduleKey}".`,
      };
    }
    // `projectTypes` says where Jira offers the rule (company-managed projects only by default).
    // Jira would not let an admin attach it elsewhere at all; blocking here makes a missing
    // declaration show in tests instead of a gate that silently never runs.
    const projectType = run.project.style === 'next-gen' ? 'team-managed' : 'company-managed';
    if (!projectTypesOf(module).includes(projectType)) {
      return {
        ok: false,
        message: `The transition is blocked: "${module.key}" is not available in ${projectType} projects (manifest projectTypes).`,
      };
    }
    let outcome: InvocationOutcome;
    try {
      outcome = await functions.invokeFunction(
        module.function,
        module.key,
        validatorEvent(run),
        run.accountId,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `The transition is blocked: the validator failed (${reason}).` };
    }
    const answer = validatorResultSchema.safeParse(outcome.body);
    if (!answer.success) {
      return { ok: false, message: 'The transition is blocked: the validator gave no verdict.' };
    }
    if (answer.data.result) return { ok: true };
    return {
      ok: false,
      message: answer.data.errorMessage ?? `The transition is blocked by "${module.key}".`,
    };
  };
}

const entityPropertySchema = z.object({
  entityType: z.string().default('issue'),
  propertyKey: z.string(),
  values: z.array(
    z.object({
      path: z.string(),
      type: z.enum(['string', 'text', 'number', 'date', 'user']),
      searchAlias: z.string().optional(),
    }),
  ),
});

/** The issue-property values the app's `jira:entityProperty` modules ask Jira to index. */
function indexedPropertyValues(app: LoadedManifest): IndexedPropertyValue[] {
  return app.modules
    .filter((module) => module.type === 'jira:entityProperty')
    .map((module) => entityPropertySchema.parse(module))
    .filter((module) => module.entityType === 'issue')
    .flatMap((module) =>
      module.values.map((value) => ({
        propertyKey: module.propertyKey,
        path: value.path,
        type: value.type,
        searchAlias: value.searchAlias,
      })),
    );
}

/**
 * The manifest's `consumer` modules (the `function` form of @forge/events 2+), each with its
 * function's `timeoutSeconds` (55 s when absent).
 */
function consumerSpecs(app: LoadedManifest): ConsumerSpec[] {
  return app.modules
    .filter((module) => module.type === 'consumer')
    .map((module) => {
      if (!module.queue || !module.function) {
        throw new Error(
          `consumer "${module.key}" needs a queue and a function (the local host runs @forge/events 2 consumers)`,
        );
      }
      return {
        moduleKey: module.key,
        queue: module.queue,
        functionKey: module.function,
        timeoutSeconds:
          app.functionTimeouts.get(module.function) ?? EventsLimits.DEFAULT_TIMEOUT_SECONDS,
      };
    });
}

const triggerSchema = z.object({
  events: z.array(z.string()).min(1),
  filter: z
    .object({
      ignoreSelf: z.boolean().optional(),
      expression: z.string().optional(),
      onError: z.enum(['IGNORE', 'IGNORE_AND_LOG', 'RECEIVE', 'RECEIVE_AND_LOG']).optional(),
    })
    .optional(),
});

/** The manifest's `trigger` modules bound to a function (remote endpoints are not emulated). */
function triggerSpecs(app: LoadedManifest): TriggerSpec[] {
  return app.modules
    .filter((module) => module.type === 'trigger')
    .flatMap((module) => {
      if (!module.function) return [];
      const { events, filter } = triggerSchema.parse(module);
      return [
        {
          moduleKey: module.key,
          functionKey: module.function,
          events,
          ...(filter ? { filter } : {}),
        },
      ];
    });
}

export const REPO_ROOT = resolve(__dirname, '..');

function openDatabase(options: LocalHostOptions, root: string): Database.Database {
  if (options.memory) return new Database(':memory:');
  const dir = options.dataDir ?? join(root, '.local-data');
  const file = join(dir, 'forge.sqlite');
  if (options.reset) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
  mkdirSync(dir, { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return db;
}

export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  const root = options.root ?? REPO_ROOT;
  const app = loadManifest(root);
  const db = openDatabase(options, root);
  db.exec('CREATE TABLE IF NOT EXISTS host_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const kvs = new KvsEmulator(db, entityDefsFromManifest(app.raw));
  // Links in product answers (`self`, `nextPage`) point at the host when its port is known up front.
  const products = new ProductEmulator(
    db,
    options.port ? { origin: `http://127.0.0.1:${options.port}` } : {},
  );
  const functions = new AppFunctions(app);
  const events = new EventsEmulator(db, {
    consumers: consumerSpecs(app),
    // As the platform runs a consumer: as the app (no user), within the function's time limit.
    invoke: async (consumer, event) => {
      const outcome = await functions.invokeFunction(
        consumer.functionKey,
        consumer.moduleKey,
        event,
        undefined,
        { timeoutMs: consumer.timeoutSeconds * 1000 },
      );
      return { body: outcome.body, counters: outcome.counters, transactions: outcome.transactions };
    },
    ...(options.eventsBackoffBaseMs === undefined
      ? {}
      : { backoffBaseMs: options.eventsBackoffBaseMs }),
  });
  // As the platform runs a product trigger: as the app, with the event and the platform's context.
  const productEvents = new ProductEventDelivery(
    triggerSpecs(app),
    async (trigger, event) =>
      (await functions.invokeFunction(trigger.functionKey, trigger.moduleKey, event, undefined))
        .body,
    options.productEventRetryMaxMs === undefined
      ? {}
      : { retryDelayMaxMs: options.productEventRetryMaxMs },
  );
  products.jira.productEvents.listen((event, origin) => {
    productEvents.send(event, origin);
  });
  // Seeding goes through the app's Jira admin page: the installation it asks for comes after.
  installForgeRuntime(
    {
      kvs: kvsBackend(kvs),
      product: (request) => products.handle(request),
      events: (path, body) => events.handle(path, body),
      offlineImpersonation: app.scopes.some((scope) => scope.allowImpersonation),
      appCodeDir: bundleAppCode(app),
    },
    BOTH_PRODUCTS,
  );
  products.jira.search.setIndexedPropertyValues(indexedPropertyValues(app));
  products.setValidatorHook(validatorHook(app, functions));

  const persona = (keyOrAccountId: string): Persona | undefined =>
    PERSONAS.find((p) => p.key === keyOrAccountId || p.accountId === keyOrAccountId);

  const invoke = (request: InvokeAs): Promise<InvocationOutcome> => {
    const who = request.as === undefined ? undefined : persona(request.as);
    if (request.as !== undefined && !who) {
      return Promise.reject(new Error(`Unknown persona "${request.as}"`));
    }
    return functions.invokeResolver({
      moduleKey: request.moduleKey,
      functionKey: request.functionKey,
      payload: request.payload ?? {},
      accountId: who?.accountId,
      ...(request.extension ? { extension: request.extension } : {}),
      ...((request.locale ?? who?.locale)
        ? { locale: request.locale ?? who?.locale ?? 'en-US' }
        : {}),
    });
  };

  const runScheduled = (
    moduleKey: string,
    options: { at?: Date } = {},
  ): Promise<InvocationOutcome> => {
    const module = app.modules.find(
      (candidate) => candidate.type === 'scheduledTrigger' && candidate.key === moduleKey,
    );
    if (!module?.function) {
      return Promise.reject(new Error(`manifest.yml has no scheduledTrigger "${moduleKey}"`));
    }
    // The request Forge sends a scheduled trigger (events reference, "Scheduled trigger events").
    const event = {
      context: { cloudId: CLOUD_ID, moduleKey },
      contextToken: `local-${randomUUID()}`,
    };
    return functions.invokeFunction(module.function, moduleKey, event, undefined, {
      timeoutMs: SCHEDULED_TIMEOUT_MS,
      ...(options.at ? { at: options.at } : {}),
    });
  };

  let server: HttpServerHandle | undefined;
  const host: LocalHost = {
    app,
    functions,
    kvs,
    products,
    events,
    productEvents,
    personas: PERSONAS,
    get url() {
      return server?.url;
    },
    persona,
    invoke,
    installedIn,
    setInstalledIn: setInstalledProducts,
    runScheduled,
    async close() {
      await server?.close();
      await productEvents.close();
      await events.close();
      db.close();
    },
  };

  if (options.seed !== false) {
    // Sites seeded before ROLL had its workflow get it now (never replaced once there).
    ensureDemoWorkflow(products.jira);
    const seeded = db.prepare('SELECT value FROM host_meta WHERE key = ?').get('seeded');
    if (!seeded) {
      await seedDemoCompany(host, { rolloutInProgress: options.rolloutInProgress === true });
      db.prepare('INSERT INTO host_meta (key, value) VALUES (?, ?)').run(
        'seeded',
        new Date().toISOString(),
      );
    }
  }
  if (options.installedIn) setInstalledProducts(options.installedIn);
  if (options.port !== undefined) {
    server = await startHttpServer(host, options.port);
    functions.siteUrl = server.url;
  }
  return host;
}
