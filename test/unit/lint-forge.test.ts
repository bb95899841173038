/**
 * `npm run lint:forge` (scripts/lint-forge.ts) on the fixture apps in test/fixtures/forge-lint.
 *
 * Most cases call lintForge() in-process: @forge/manifest compiles its (large) JSON schema once per
 * validation processor and caches the processors per process, so the first run costs ~15 s and
 * the next ones well under a second. Two runs go through the real command line (`npx tsx ...`),
 * started up front so that they run next to the in-process ones, to check the exit codes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { lintForge, parseArgs, type LintForgeResult } from '../../scripts/lint-forge';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = 'test/fixtures/forge-lint';

/** Generous: the first run compiles the manifest schema, on a machine also running the CLI runs. */
const SLOW = 120_000;

interface Run {
  result: LintForgeResult;
  output: string;
}

async function lintFixture(name: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const lines: string[] = [];
  const result = await lintForge({
    dir: path.join(FIXTURES, name),
    cwd: ROOT,
    env,
    print: (line) => lines.push(line),
  });
  return { result, output: lines.join('\n') };
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/lint-forge.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ATLASSIAN_SPECS_DIR: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

// Started before any test so that the two processes work while the in-process cases run.
// Each promise is given a no-op catch so an early failure is not "unhandled" before awaited.
let cliClean: Promise<CliRun>;
let cliMissingScope: Promise<CliRun>;
beforeAll(() => {
  cliClean = runCli(['--dir', `${FIXTURES}/clean`]);
  cliMissingScope = runCli([`--dir=${FIXTURES}/missing-scope`]);
  cliClean.catch(() => undefined);
  cliMissingScope.catch(() => undefined);
});

describe('lint:forge on fixture apps (in-process)', () => {
  it(
    'passes a clean app: a requestJira call and a trigger whose scopes are declared',
    async () => {
      const { result, output } = await lintFixture('clean');
      expect(result.findings).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(output).toContain('forge lint: 0 errors, 0 warnings');
    },
    SLOW,
  );

  it(
    'fails step 1 on a module naming an undeclared function, with the validator message and line',
    async () => {
      const { result, output } = await lintFixture('undefined-function');
      expect(result.exitCode).toBe(1);
      expect(result.findings).toEqual([
        expect.objectContaining({
          step: 'manifest',
          severity: 'error',
          line: 2,
          message: "trigger references undefined function module with key 'not-declared'",
        }),
      ]);
      expect(output).toContain(
        `${FIXTURES}/undefined-function/manifest.yml:2:3  error  trigger references undefined function module with key 'not-declared'`,
      );
      expect(output).toContain('forge lint: 1 errors, 0 warnings');
    },
    SLOW,
  );

  it(
    'fails step 2 on a requestJira route whose scope is missing, naming the scope',
    async () => {
      const { result, output } = await lintFixture('missing-scope');
      expect(result.exitCode).toBe(1);
      expect(result.findings).toEqual([
        expect.objectContaining({
          step: 'linters',
          severity: 'error',
          file: `${FIXTURES}/missing-scope/src/index.ts`,
          line: 4,
        }),
      ]);
      expect(output).toMatch(
        /missing-scope\/src\/index\.ts:4:\d+ {2}error {2}Jira endpoint: GET \/rest\/api\/3\/issue\/\{issueIdOrKey\} requires "read:jira-work" scope/,
      );
    },
    SLOW,
  );

  it(
    'fails on `storage` imported from @forge/api (a warning: warnings fail)',
    async () => {
      const { result, output } = await lintFixture('removed-storage-api');
      expect(result.exitCode).toBe(1);
      expect(result.findings).toEqual([
        expect.objectContaining({ step: 'linters', severity: 'warning', line: 1 }),
      ]);
      expect(output).toContain(
        'removed-storage-api/src/index.ts:1:10  warning  The "storage" export from "@forge/api" is deprecated',
      );
      expect(output).toContain('forge lint: 0 errors, 1 warnings');
    },
    SLOW,
  );

  it(
    'reports a crash of the manifest validator (misplaced top-level key) as a clear error',
    async () => {
      const { result, output } = await lintFixture('validator-crash');
      expect(result.exitCode).toBe(1);
      expect(result.findings).toEqual([
        expect.objectContaining({ step: 'manifest', severity: 'error' }),
      ]);
      expect(output).toMatch(
        /validator-crash\/manifest\.yml {2}error {2}the manifest validator crashed: TypeError: .*forEach is not a function/,
      );
      expect(output).toContain('a key is at the wrong level');
      expect(output).toContain('forge lint: 1 errors, 0 warnings');
    },
    SLOW,
  );

  it(
    'fails on a warning-only finding: a handler the source does not export',
    async () => {
      const { result, output } = await lintFixture('missing-handler');
      expect(result.errors).toBe(0);
      expect(result.warnings).toBe(1);
      expect(result.exitCode).toBe(1);
      expect(output).toContain(
        'missing-handler/src/index.ts  warning  Cannot find exported function "run", which is required by module "main" handler',
      );
      expect(output).toContain('forge lint: 0 errors, 1 warnings');
    },
    SLOW,
  );

  it(
    'fails when tsconfig.json\'s "include" makes @forge/lint skip the TypeScript sources',
    async () => {
      const { result, output } = await lintFixture('tsconfig-include-dir');
      expect(result.exitCode).toBe(1);
      expect(result.findings).toEqual([
        expect.objectContaining({
          severity: 'warning',
          file: `${FIXTURES}/tsconfig-include-dir/src/index.ts`,
        }),
      ]);
      expect(output).toContain('write "src/**/*.ts" rather than "src"');
    },
    SLOW,
  );

  it(
    'fails, without going online, when the product specs are not where ATLASSIAN_SPECS_DIR says',
    async () => {
      const { result, output } = await lintFixture('clean', {
        ATLASSIAN_SPECS_DIR: '/nonexistent/atlassian-specs',
      });
      expect(result.exitCode).toBe(1);
      expect(result.errors).toBe(3); // Jira platform, Confluence v1 and v2
      expect(output).toContain(
        '/nonexistent/atlassian-specs/jira-platform.v3.json  error  Jira platform spec not found (for LOCAL_JIRA_SWAGGER)',
      );
      expect(output).toContain('set ATLASSIAN_SPECS_DIR');
      expect(output).toContain('[2/2] @forge/lint client-side linters: not run');
    },
    SLOW,
  );

  it('leaves the working directory and the global fetch as they were', async () => {
    const cwd = process.cwd();
    const fetchBefore = globalThis.fetch;
    await lintFixture('clean');
    expect(process.cwd()).toBe(cwd);
    expect(globalThis.fetch).toBe(fetchBefore);
    expect(process.env.USE_LOCAL_SWAGGER).toBeUndefined();
  });
});

describe('lint:forge command line', () => {
  it(
    'exits 0 on the clean fixture',
    async () => {
      const run = await cliClean;
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('forge lint: 0 errors, 0 warnings');
      expect(run.code).toBe(0);
    },
    SLOW,
  );

  it(
    'exits 1 and names the missing scope on the missing-scope fixture',
    async () => {
      const run = await cliMissingScope;
      expect(run.stdout).toContain('requires "read:jira-work" scope');
      expect(run.stdout).toContain('forge lint: 1 errors, 0 warnings');
      expect(run.code).toBe(1);
    },
    SLOW,
  );

  it('parses --dir in both forms and rejects anything else', () => {
    expect(parseArgs([])).toEqual({ kind: 'run', dir: '.' });
    expect(parseArgs(['--dir', 'a/b'])).toEqual({ kind: 'run', dir: 'a/b' });
    expect(parseArgs(['--dir=a/b'])).toEqual({ kind: 'run', dir: 'a/b' });
    expect(parseArgs(['--dir'])).toEqual({ kind: 'error', message: '--dir needs a path' });
    expect(parseArgs(['--dir='])).toEqual({ kind: 'error', message: '--dir needs a path' });
    expect(parseArgs(['--fix'])).toEqual({ kind: 'error', message: 'unknown argument: --fix' });
  });
});
