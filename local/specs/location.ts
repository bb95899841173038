/**
 * Where Atlassian's OpenAPI descriptions are read from: the one place that knows. The project
 * carries them gzipped in `vendor/atlassian-openapi/`; readers that need a plain file (the Forge
 * linter takes file paths) get one unpacked once into `node_modules/.cache/atlassian-openapi/`.
 * `ATLASSIAN_SPECS_DIR` (a folder of plain `.json` files, relative to the project root) wins.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export const SPECS_DIR_ENV = 'ATLASSIAN_SPECS_DIR';

export const SPEC_FILES = [
  'jira-platform.v3.json',
  'confluence-v1.json',
  'confluence-v2.json',
] as const;
export type SpecFileName = (typeof SPEC_FILES)[number];

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const VENDORED_SPECS_DIR = path.join(PROJECT_ROOT, 'vendor', 'atlassian-openapi');
const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'atlassian-openapi');

/** The folder named by `ATLASSIAN_SPECS_DIR`, if set (relative to `root`). */
export function overrideDir(
  env: NodeJS.ProcessEnv,
  root: string = PROJECT_ROOT,
): string | undefined {
  const value = env[SPECS_DIR_ENV];
  return value !== undefined && value !== '' ? path.resolve(root, value) : undefined;
}

function unpacked(name: SpecFileName): string | undefined {
  const packed = path.join(VENDORED_SPECS_DIR, `${name}.gz`);
  if (!existsSync(packed)) return undefined;
  const gz = readFileSync(packed);
  // Named by content: a refreshed spec is unpacked again, never served stale from the cache.
  const digest = createHash('sha256').update(gz).digest('hex').slice(0, 16);
  const target = path.join(CACHE_DIR, digest, name);
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${String(process.pid)}.partial`;
    writeFileSync(partial, gunzipSync(gz));
    renameSync(partial, target); // atomic: parallel test workers never read half a file
  }
  return target;
}

/**
 * The plain JSON file of one spec: from `ATLASSIAN_SPECS_DIR` when set, else unpacked from the
 * vendored copy. The path may not exist (an override pointing at nothing): callers report it.
 */
export function specFile(
  name: SpecFileName,
  env: NodeJS.ProcessEnv = process.env,
  root: string = PROJECT_ROOT,
): string {
  const override = overrideDir(env, root);
  if (override !== undefined) return path.join(override, name);
  return unpacked(name) ?? path.join(VENDORED_SPECS_DIR, `${name}.gz`);
}
