/**
 * Prints the path of the Chromium shipped inside the @sparticuz/chromium devDependency, unpacked,
 * so the e2e tests can run where no Chromium is installed:
 *
 *   CHROMIUM_PATH="$(npx tsx scripts/packaged-chromium.ts)" npx jest --selectProjects e2e
 *
 * The package keeps a headless-shell build brotli-compressed and unpacks it, with its SwiftShader
 * libraries and fonts, into the OS temp directory as `/tmp/chromium`, which it then reuses as it
 * finds it: whichever version wrote it, half-written if another process is still unpacking. Here
 * each package version is unpacked once into node_modules/.cache, in a fresh folder that is renamed
 * into place only when complete, so parallel test workers, other checkouts of the project and
 * upgrades never run a partial or foreign binary, and `npm ci` clears it with the package.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

const PACKAGE = '@sparticuz/chromium';

/** The installed package's folder and version (its package.json is not in its exports). */
function installedPackage(): { dir: string; version: string } {
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch {
    throw new Error(`${PACKAGE} is not installed: run \`npm install\`.`);
  }
  // The entry point is build/index.js.
  const dir = path.resolve(path.dirname(entry), '..');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir, version: manifest.version };
}

/** Unpacks the packaged Chromium unless this version already is, and returns its binary's path. */
export async function packagedChromium(): Promise<string> {
  const { dir, version } = installedPackage();
  const cache = path.resolve(dir, '..', '..', '.cache', 'packaged-chromium');
  const target = path.join(cache, version);
  const binary = path.join(target, 'chromium');
  if (existsSync(binary)) return binary;

  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(path.join(cache, `${version}.partial-`));
  const tmpdir = process.env.TMPDIR;
  try {
    // The package unpacks into os.tmpdir(), which TMPDIR sets.
    process.env.TMPDIR = staging;
    const { default: Chromium } = await import('@sparticuz/chromium');
    const unpacked = await Chromium.executablePath();
    if (unpacked !== path.join(staging, 'chromium')) {
      throw new Error(`${PACKAGE} ${version} unpacked its binary to ${unpacked}, not ${staging}.`);
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process unpacked the same version first: use its copy.
      if (!existsSync(binary)) throw error;
    }
    return binary;
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  packagedChromium().then(
    (binary) => {
      process.stdout.write(`${binary}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
