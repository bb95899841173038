/**
 * The product OpenAPI specs that @forge/lint's PermissionLinter reads to map REST routes to scopes.
 *
 * PermissionLinter.bootstrap() (node_modules/@forge/lint/out/lint/linters/permission-linter/
 * permission-linter.js) reads local files only when USE_LOCAL_SWAGGER and ALL six LOCAL_*_SWAGGER
 * variables are set; if a single one is missing it silently downloads the six specs from
 * developer.atlassian.com (and caches them in a `conf` store). So every variable is always set
 * here, each to a file that is checked to exist before the linters run.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  overrideDir,
  specFile,
  VENDORED_SPECS_DIR,
  type SpecFileName,
} from '../../local/specs/location';

/** Directory holding the empty specs kept in the project (products the app does not call). */
const EMPTY_SPECS_DIR = path.join(__dirname, 'empty-specs');

export { SPECS_DIR_ENV } from '../../local/specs/location';

type SpecSource = {
  /** The variable PermissionLinter reads. */
  envVar: string;
  product: string;
} & (
  | {
      /** A real Atlassian spec, vendored in the project. */ origin: 'atlassian';
      file: SpecFileName;
    }
  | {
      /** An empty spec kept here, for products the app does not call. */ origin: 'empty';
      file: string;
    }
);

const SPEC_SOURCES: readonly SpecSource[] = [
  {
    envVar: 'LOCAL_JIRA_SWAGGER',
    product: 'Jira platform',
    origin: 'atlassian',
    file: 'jira-platform.v3.json',
  },
  {
    envVar: 'LOCAL_CONF_SWAGGER',
    product: 'Confluence v1',
    origin: 'atlassian',
    file: 'confluence-v1.json',
  },
  {
    envVar: 'LOCAL_CONF_V2_SWAGGER',
    product: 'Confluence v2',
    origin: 'atlassian',
    file: 'confluence-v2.json',
  },
  {
    envVar: 'LOCAL_JSW_SWAGGER',
    product: 'Jira Software',
    origin: 'empty',
    file: 'jira-software.json',
  },
  {
    envVar: 'LOCAL_JSM_SWAGGER',
    product: 'Jira Service Management',
    origin: 'empty',
    file: 'jira-service-management.json',
  },
  { envVar: 'LOCAL_BB_SWAGGER', product: 'Bitbucket', origin: 'empty', file: 'bitbucket.json' },
];

export interface MissingSpec {
  product: string;
  envVar: string;
  file: string;
}

export interface ResolvedSpecs {
  /** The variables to set before the linters are bootstrapped. */
  env: Record<string, string>;
  /** Spec files that do not exist (the lint cannot run offline without them). */
  missing: MissingSpec[];
  specsDir: string;
}

/**
 * @param projectRoot the repository root: `ATLASSIAN_SPECS_DIR` is taken from it; without it the
 *   specs vendored in `vendor/atlassian-openapi/` are used, whatever app directory is linted.
 * @param env the environment to read the override from (a parameter so tests need not mutate it).
 */
export function resolveSpecs(projectRoot: string, env: NodeJS.ProcessEnv): ResolvedSpecs {
  const specsDir = overrideDir(env, projectRoot) ?? VENDORED_SPECS_DIR;
  const resolved: Record<string, string> = { USE_LOCAL_SWAGGER: '1' };
  const missing: MissingSpec[] = [];
  for (const source of SPEC_SOURCES) {
    const file =
      source.origin === 'atlassian'
        ? specFile(source.file, env, projectRoot)
        : path.join(EMPTY_SPECS_DIR, source.file);
    resolved[source.envVar] = file;
    if (!fs.existsSync(file))
      missing.push({ product: source.product, envVar: source.envVar, file });
  }
  return { env: resolved, missing, specsDir };
}
