/**
 * Step 2: run @forge/lint's client-side linters, the ones `forge lint` runs locally, without the
 * Forge CLI, a login or the network.
 *
 * Entry point: `lint(files, manifest, environment, logger, statsig, { linter: { mode:
 * 'client-side' }, linters })` from @forge/lint (out/lint/lint.js), with the linter list from its
 * `getClientSideLintersOnly()`. What would otherwise reach the network or the user's account:
 * - mode 'server-side'/'both' adds ServerSideLinter, which needs the CLI's authenticated GraphQL
 *   client: never requested here;
 * - the manifest linters ask a StatsigService for deprecated runtimes (HTTP + Forge login): an
 *   OfflineStatsigService is passed instead (see offline-statsig.ts);
 * - PermissionLinter downloads the product OpenAPI specs unless USE_LOCAL_SWAGGER and all six
 *   LOCAL_*_SWAGGER variables are set (see specs.ts), and opens a `conf` cache in the user's config
 *   directory (creating it) even when it then reads the local files: CachedConf.getCache is
 *   pointed at an in-memory cache for the duration of the run.
 * As a safety net, global fetch is replaced while the linters run: any attempt is refused and
 * reported as an error, so a future @forge/lint that grows a new network call fails loudly here
 * instead of hanging or silently depending on the network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CachedConf, FileSystemReader, listTSConfigIncludeExclude } from '@forge/cli-shared';
import { getClientSideLintersOnly, lint, type LintResult, type LintResultRule } from '@forge/lint';
// Deep import: @forge/lint does not re-export its linter classes, and this one is singled out.
import { FullManifestLinter } from '@forge/lint/out/lint/linters/manifest-linter/full-manifest-linter';
import {
  getHandlersDirectory,
  ManifestParserBuilder,
  MANIFEST_FILE,
  type ManifestSchema,
} from '@forge/manifest';
import type { Finding, Severity } from './findings';
import { OfflineStatsigService } from './offline-statsig';
import { describeCrash } from './validate-manifest';

/** `forge lint` lints against an environment; the default one ("development") is used. */
const ENVIRONMENT = 'default';

/** Extensions @forge/lint parses (lint.js: /jsx?$/ and /tsx?$/ on the extension). */
const SOURCE_FILE = /\.(?:[cm]?jsx?|tsx?)$/;
const TS_FILE = /\.tsx?$/;

export interface ClientLintOptions {
  /** Prefix for the paths printed in findings (the app directory seen from the user's cwd). */
  displayDir: string;
  /** Variables for PermissionLinter (USE_LOCAL_SWAGGER, LOCAL_*_SWAGGER). */
  specsEnv: Readonly<Record<string, string>>;
}

export interface ClientLintResult {
  findings: Finding[];
  /** Lines @forge/lint logged through the logger it was given (normally none). */
  notes: string[];
  /** Number of source files handed to @forge/lint. */
  filesLinted: number;
  /** Of those, the TypeScript files tsconfig.json's "exclude" keeps @forge/lint from parsing. */
  excludedByTsconfig: number;
}

/**
 * Must be called with the app directory as the process's cwd: @forge/lint reads ./tsconfig.json,
 * resolves the files it is given against '.', and its manifest linters read ./manifest.yml.
 */
export async function runClientLinters(options: ClientLintOptions): Promise<ClientLintResult> {
  const notes: string[] = [];
  const display = (file: string): string => path.join(options.displayDir, file);
  const errorFinding = (file: string, message: string): Finding => ({
    step: 'linters',
    severity: 'error',
    file: display(file),
    line: 0,
    column: 0,
    message,
  });

  const offline = enterOfflineMode(options.specsEnv);
  try {
    let manifest: ManifestSchema;
    try {
      // Parsed the way the Forge CLI reads it (ConfigFile.readConfig), with ${...} interpolation.
      manifest = new ManifestParserBuilder()
        .withInterpolators()
        .build()
        .parseManifest({
          content: fs.readFileSync(MANIFEST_FILE, 'utf8'),
          filePath: MANIFEST_FILE,
        });
    } catch (error: unknown) {
      return {
        findings: [
          errorFinding(
            MANIFEST_FILE,
            `the linters did not run: the manifest cannot be read (${describeCrash(error)})`,
          ),
        ],
        notes,
        filesLinted: 0,
        excludedByTsconfig: 0,
      };
    }

    const sourceDir = getHandlersDirectory(manifest);
    const files = listSourceFiles(sourceDir);
    const coverage = await checkTsconfigCoverage(files, display);
    const findings = coverage.hidden;
    const counts = { filesLinted: files.length, excludedByTsconfig: coverage.excluded };
    const logger = { info: (message: string) => notes.push(message) };
    const statsig = new OfflineStatsigService();

    let results: LintResult[];
    try {
      // FullManifestLinter re-runs the FULL manifest validation that step 1 already ran and
      // reported (with a crash on the same manifests): dropped to avoid reporting it twice.
      const linters = (
        await getClientSideLintersOnly(manifest, ENVIRONMENT, logger, statsig)
      ).filter((linter) => !(linter instanceof FullManifestLinter));
      results = await lint(files, manifest, ENVIRONMENT, logger, statsig, {
        linter: { mode: 'client-side' },
        linters,
      });
    } catch (error: unknown) {
      findings.push(errorFinding('.', `@forge/lint crashed: ${describeCrash(error)}`));
      return { findings, notes, ...counts };
    }
    for (const url of offline.refusedRequests) {
      findings.push(
        errorFinding('.', `@forge/lint tried to reach the network (${url}) and was refused`),
      );
    }

    for (const result of results) {
      const file = display(path.relative('.', result.file) || result.file);
      const toFinding =
        (severity: Severity) =>
        (rule: LintResultRule): Finding => ({
          step: 'linters',
          severity,
          file,
          line: rule.line,
          column: rule.column,
          message: rule.message,
          reference: rule.reference,
        });
      findings.push(...result.errors.map(toFinding('error')));
      findings.push(...result.warnings.map(toFinding('warning')));
      // Approvals come from the server-side linter only; if one ever shows up it blocks a
      // deploy, so it counts as an error.
      findings.push(...result.approvals.map(toFinding('error')));
    }
    return { findings, notes, ...counts };
  } finally {
    offline.restore();
  }
}

interface OfflineMode {
  /** URLs @forge/lint tried to fetch while the guard was in place. */
  refusedRequests: readonly string[];
  restore: () => void;
}

/**
 * Sets the spec variables, the in-memory conf cache and the fetch guard. Every refused request
 * is recorded: PermissionLinter does not catch a failed fetch (lint() then throws with the URL in
 * the message), but code that swallows it, as StatsigService does, would otherwise go unnoticed.
 */
function enterOfflineMode(specsEnv: Readonly<Record<string, string>>): OfflineMode {
  const undo: (() => void)[] = [];
  const refusedRequests: string[] = [];

  for (const [name, value] of Object.entries(specsEnv)) {
    const previous = process.env[name];
    process.env[name] = value;
    undo.push(() => {
      if (previous === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = previous;
    });
  }

  const getCache = Object.getOwnPropertyDescriptor(CachedConf, 'getCache');
  CachedConf.getCache = () => CachedConf.memoryCache();
  undo.push(() => {
    if (getCache) Object.defineProperty(CachedConf, 'getCache', getCache);
  });

  const realFetch = globalThis.fetch;
  const refusedFetch: typeof fetch = (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    refusedRequests.push(url);
    return Promise.reject(
      new Error(
        `lint:forge runs offline but @forge/lint tried to fetch ${url}; find the code path that reaches the network and set it up to read local data instead`,
      ),
    );
  };
  globalThis.fetch = refusedFetch;
  undo.push(() => {
    globalThis.fetch = realFetch;
  });

  return {
    refusedRequests,
    restore: () => {
      undo.reverse().forEach((step) => {
        step();
      });
    },
  };
}

/** Source files under the handlers directory, relative and with `/` (HandlerLinter expects that). */
function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // no handlers directory: the manifest validation reports the missing handlers.
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(child);
    }
  };
  walk(root.split(path.sep).join('/'));
  return files.sort();
}

/**
 * @forge/lint only lints a .ts/.tsx file if tsconfig.json's include globs match the file itself
 * (it expands them and compares file paths), so `"include": ["src"]` silently turns the whole
 * lint into a no-op for TypeScript. Such files are reported as warnings (so the run fails);
 * files matched by "exclude" were left out on purpose (e.g. a Custom UI frontend with its own
 * tsconfig) and are only counted.
 */
async function checkTsconfigCoverage(
  files: readonly string[],
  display: (file: string) => string,
): Promise<{ hidden: Finding[]; excluded: number }> {
  const { include, exclude } = await listTSConfigIncludeExclude(new FileSystemReader());
  if (include.length === 0 && exclude.length === 0) return { hidden: [], excluded: 0 };
  const included = new Set(include);
  const excluded = new Set(exclude);
  const tsFiles = files.filter((file) => TS_FILE.test(file));
  const hidden = tsFiles
    .filter((file) => {
      const absolute = path.resolve(file);
      return !included.has(absolute) && !excluded.has(absolute);
    })
    .map((file): Finding => ({
      step: 'linters',
      severity: 'warning',
      file: display(file),
      line: 0,
      column: 0,
      message:
        'not matched by the "include" globs of tsconfig.json, so @forge/lint skips this file; it matches files, not directories: write "src/**/*.ts" rather than "src"',
    }));
  return {
    hidden,
    excluded: tsFiles.filter((file) => excluded.has(path.resolve(file))).length,
  };
}
