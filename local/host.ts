/**
 * The local Forge host: the app's real backend with the real @forge/* packages, its storage and
 * product emulators on one SQLite database, and the HTTP server that plays Jira and Confluence.
 * `npm start`, the integration tests, the e2e tests and the benchmarks all start it from here.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AppFunctions, type InvocationOutcome } from './app';
import { startHttpServer, type HttpServerHandle } from './http/server';
import { entityDefsFromManifest, KvsEmulator, kvsBackend } from './kvs';
import { loadManifest, type LoadedManifest } from './manifest';
import { ProductEmulator, type Persona } from './products';
import { installForgeRuntime } from './runtime';
import { seedDemoCompany } from './seed';
import { PERSONAS } from './seed/jira';

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
  /** TCP port on 127.0.0.1; 0 picks a free one. Omit to start no HTTP server. */
  port?: number;
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
  readonly personas: readonly Persona[];
  /** Base URL of the HTTP server, when one was started. */
  readonly url: string | undefined;
  persona(keyOrAccountId: string): Persona | undefined;
  invoke(request: InvokeAs): Promise<InvocationOutcome>;
  close(): Promise<void>;
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
  installForgeRuntime({ kvs: kvsBackend(kvs), product: (request) => products.handle(request) });
  const functions = new AppFunctions(app);

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

  let server: HttpServerHandle | undefined;
  const host: LocalHost = {
    app,
    functions,
    kvs,
    products,
    personas: PERSONAS,
    get url() {
      return server?.url;
    },
    persona,
    invoke,
    async close() {
      await server?.close();
      db.close();
    },
  };

  if (options.seed !== false) {
    const seeded = db.prepare('SELECT value FROM host_meta WHERE key = ?').get('seeded');
    if (!seeded) {
      await seedDemoCompany(host);
      db.prepare('INSERT INTO host_meta (key, value) VALUES (?, ?)').run(
        'seeded',
        new Date().toISOString(),
      );
    }
  }
  if (options.port !== undefined) server = await startHttpServer(host, options.port);
  return host;
}
