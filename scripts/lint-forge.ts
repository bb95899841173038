/**
 * `npm run lint:forge`: the checks of `forge lint`, run offline (no Forge login, no network).
 *
 *   1. manifest.yml is validated by @forge/manifest's validate() against its shipped schema;
 *   2. @forge/lint's client-side linters run on the sources (handlers exist, scopes match the REST
 *      routes and trigger events, deprecated APIs...), with the product specs read from
      vendor/atlassian-openapi (or $ATLASSIAN_SPECS_DIR) instead of developer.atlassian.com.
 *
 * Warnings fail the run as errors do: @forge/lint reports as mere warnings problems such as a
 * handler the source does not export (the function fails at run time) or an API Atlassian has
 * deprecated for removal. Exit code: 0 clean, 1 findings, 2 bad usage.
 *
 * Usage: tsx scripts/lint-forge.ts [--dir <app directory>]   (default: the current directory)
 */
import fs from 'node:fs';
import path from 'node:path';
import { runClientLinters } from './forge-lint/client-linters';
import {
  type Finding,
  formatFinding,
  formatSummary,
  summarize,
  type Summary,
} from './forge-lint/findings';
import { shareCompiledManifestSchema } from './forge-lint/shared-schema';
import { resolveSpecs, SPECS_DIR_ENV } from './forge-lint/specs';
import { validateManifest } from './forge-lint/validate-manifest';

/** The repository root: the shared specs are found relative to it, not to the linted app. */
const PROJECT_ROOT = path.resolve(__dirname, '..');

export interface LintForgeOptions {
  /** App directory to lint (absolute, or relative to `cwd`). */
  dir: string;
  /** Directory paths are printed relative to (the user's cwd). */
  cwd: string;
  /** Environment to read ATLASSIAN_SPECS_DIR from. */
  env: NodeJS.ProcessEnv;
  /** Receives each output line. */
  print: (line: string) => void;
}

export interface LintForgeResult extends Summary {
  exitCode: 0 | 1;
  findings: Finding[];
}

export async function lintForge(options: LintForgeOptions): Promise<LintForgeResult> {
  const { print } = options;
  const appDir = path.resolve(options.cwd, options.dir);
  const displayDir = path.relative(options.cwd, appDir);
  const manifestDisplay = path.join(displayDir, 'manifest.yml');
  print(`forge lint (offline): ${displayDir === '' ? '.' : displayDir}`);

  const previousCwd = process.cwd();
  // Both tools resolve the files they read against the process's cwd (see their modules).
  process.chdir(appDir);
  const restoreSchemaValidator = shareCompiledManifestSchema();
  const findings: Finding[] = [];
  try {
    print('[1/2] manifest validation (@forge/manifest validate)');
    const validation = await validateManifest(manifestDisplay);
    printStep(validation.findings, print);
    findings.push(...validation.findings);

    const specs = resolveSpecs(PROJECT_ROOT, options.env);
    if (specs.missing.length > 0) {
      print('[2/2] @forge/lint client-side linters: not run, product specs missing');
      const missing = specs.missing.map((spec): Finding => ({
        step: 'linters',
        severity: 'error',
        file: spec.file,
        line: 0,
        column: 0,
        message: `${spec.product} spec not found (for ${spec.envVar}): @forge/lint would download it; set ${SPECS_DIR_ENV} to the directory holding jira-platform.v3.json, confluence-v1.json and confluence-v2.json`,
      }));
      printStep(missing, print);
      findings.push(...missing);
    } else {
      const linted = await runClientLinters({ displayDir, specsEnv: specs.env });
      const excluded =
        linted.excludedByTsconfig > 0
          ? `, ${linted.excludedByTsconfig} of them excluded by tsconfig.json`
          : '';
      const files = `${linted.filesLinted} source ${linted.filesLinted === 1 ? 'file' : 'files'}${excluded}`;
      const specsFrom = path.relative(options.cwd, specs.specsDir) || '.';
      print(`[2/2] @forge/lint client-side linters (${files}, specs from ${specsFrom})`);
      // Some manifest linters re-run validators step 1 ran (e.g. the egress permissions one):
      // a problem step 1 already printed is not printed and counted again.
      const seen = new Set(validation.findings.map(findingKey));
      const fresh = linted.findings.filter((finding) => !seen.has(findingKey(finding)));
      linted.notes.forEach((note) => {
        print(`  note: ${note}`);
      });
      printStep(fresh, print);
      findings.push(...fresh);
    }
  } finally {
    restoreSchemaValidator();
    process.chdir(previousCwd);
  }

  const summary = summarize(findings);
  print(formatSummary(summary));
  const clean = summary.errors === 0 && summary.warnings === 0;
  return { ...summary, exitCode: clean ? 0 : 1, findings };
}

function printStep(findings: readonly Finding[], print: (line: string) => void): void {
  if (findings.length === 0) print('  no problems');
  findings.forEach((finding) => {
    print(formatFinding(finding));
  });
}

function findingKey(finding: Finding): string {
  return [finding.file, finding.line, finding.column, finding.message].join('\u0000');
}

export type ParsedArgs =
  { kind: 'run'; dir: string } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let dir = '.';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--dir') {
      i += 1;
      dir = argv[i] ?? '';
    } else if (arg.startsWith('--dir=')) {
      dir = arg.slice('--dir='.length);
    } else {
      return { kind: 'error', message: `unknown argument: ${arg}` };
    }
    if (dir === '') return { kind: 'error', message: '--dir needs a path' };
  }
  return { kind: 'run', dir };
}

const USAGE = 'usage: tsx scripts/lint-forge.ts [--dir <app directory>]';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.kind === 'error') {
    console.error(`lint:forge: ${args.message}\n${USAGE}`);
    return 2;
  }
  const appDir = path.resolve(args.dir);
  if (!fs.statSync(appDir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`lint:forge: ${args.dir} is not a directory`);
    return 2;
  }
  const result = await lintForge({
    dir: appDir,
    cwd: process.cwd(),
    env: process.env,
    print: (line) => {
      console.log(line);
    },
  });
  return result.exitCode;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Only a bug in this script gets here (both steps turn tool crashes into findings).
      console.error('lint:forge failed:', error);
      process.exitCode = 1;
    },
  );
}
