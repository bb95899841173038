/**
 * How the e2e support (test/support/browser.ts) picks its Chromium, and how it fails when none
 * starts: at once, naming each place it looked and how to fix it, never by running into a timeout.
 * Stand-in browsers are shell scripts that fail the way real ones do (a missing shared library).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOnPath, launchBrowser, type BrowserSources } from '../support/browser';

/**
 * Each failure below comes from a process that exits at once; the tests must fail rather than
 * wait on Playwright's launch timeout (15 s per try, test/support/browser.ts). The bound sits
 * under one such wait yet leaves room for a loaded machine, where a launch that exits at once
 * took over 5 s.
 */
const NO_WAITING = 12_000;

const MISSING_LIBRARY =
  'error while loading shared libraries: libnss3.so: cannot open shared object file';

let dir: string;

function script(relative: string, body: string, mode = 0o755): string {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, mode);
  return file;
}

/** A Chromium that cannot load a library, as on a machine missing its dependencies. */
function brokenChromium(relative: string): string {
  return script(relative, `echo "${relative}: ${MISSING_LIBRARY}" >&2\nexit 127`);
}

const noPackage = () => Promise.reject(new Error("Cannot find module '@sparticuz/chromium'"));

async function launchFailure(sources: BrowserSources): Promise<string> {
  const error: unknown = await launchBrowser(sources).then(
    () => new Error('a browser started'),
    (failure: unknown) => failure,
  );
  if (!(error instanceof Error)) throw new Error(`not an Error: ${String(error)}`);
  expect(error.message).not.toMatch(/timeout/i);
  return error.message;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'browser-support-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('findOnPath', () => {
  it('finds the first executable file of that name, in PATH order', () => {
    script('a/chromium', 'exit 0', 0o644);
    mkdirSync(path.join(dir, 'b', 'chromium'), { recursive: true });
    const found = script('c/chromium', 'exit 0');
    script('d/chromium', 'exit 0');
    const searchPath = ['a', 'b', '', 'c', 'd'].map((d) => path.join(dir, d)).join(path.delimiter);

    expect(findOnPath('chromium', searchPath)).toBe(found);
    expect(findOnPath('chromium-browser', searchPath)).toBeUndefined();
    expect(findOnPath('chromium', undefined)).toBeUndefined();
  });
});

describe('launchBrowser when no Chromium starts', () => {
  it(
    'names every place it looked and how to fix it',
    async () => {
      const message = await launchFailure({
        env: { PATH: path.join(dir, 'empty') },
        packaged: noPackage,
      });

      expect(message).toContain('found no Chromium that starts');
      expect(message).toContain('chromium on PATH: not found');
      expect(message).toContain('chromium-browser on PATH: not found');
      expect(message).toContain(
        "the packaged build (@sparticuz/chromium): Cannot find module '@sparticuz/chromium'",
      );
      expect(message).toContain('`npm install`');
      expect(message).toContain('`apt-get install -y chromium`');
      expect(message).toContain('set CHROMIUM_PATH');
    },
    NO_WAITING,
  );

  it(
    "tries each Chromium on PATH, then the packaged build, and quotes each one's error",
    async () => {
      const onPath = brokenChromium('bin/chromium');
      const otherOnPath = brokenChromium('other/chromium-browser');
      const packaged = brokenChromium('cache/chromium');

      const message = await launchFailure({
        env: { PATH: [path.join(dir, 'bin'), path.join(dir, 'other')].join(path.delimiter) },
        packaged: () => Promise.resolve(packaged),
      });

      const tried = [
        `chromium on PATH: ${onPath} did not start`,
        `bin/chromium: ${MISSING_LIBRARY}`,
        `chromium-browser on PATH: ${otherOnPath} did not start`,
        `other/chromium-browser: ${MISSING_LIBRARY}`,
        `the packaged build (@sparticuz/chromium): ${packaged} did not start`,
        `cache/chromium: ${MISSING_LIBRARY}`,
      ];
      const positions = tried.map((text) => message.indexOf(text));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      // The cause is cut to its first line and the browser's stderr, not Playwright's call log.
      expect(message).not.toContain('--remote-debugging-pipe');
    },
    NO_WAITING,
  );

  it(
    'reports a CHROMIUM_PATH that does not start instead of falling back',
    async () => {
      const override = brokenChromium('override/chromium');
      brokenChromium('bin/chromium');
      let packagedAsked = false;

      const message = await launchFailure({
        env: { CHROMIUM_PATH: override, PATH: path.join(dir, 'bin') },
        packaged: () => {
          packagedAsked = true;
          return noPackage();
        },
      });

      expect(message).toContain(`CHROMIUM_PATH: ${override} did not start`);
      expect(message).toContain(`override/chromium: ${MISSING_LIBRARY}`);
      // Only the override was tried.
      expect(message.match(/^ {2}- /gm)).toHaveLength(1);
      expect(packagedAsked).toBe(false);
      expect(message).toContain(
        'point CHROMIUM_PATH at a Chromium binary that starts, or unset it',
      );
    },
    NO_WAITING,
  );

  it(
    'reports a CHROMIUM_PATH that does not exist',
    async () => {
      const missing = path.join(dir, 'nowhere', 'chromium');

      const message = await launchFailure({
        env: { CHROMIUM_PATH: missing, PATH: '' },
        packaged: noPackage,
      });

      expect(message).toContain(`CHROMIUM_PATH: ${missing} did not start`);
      expect(message).toContain("executable doesn't exist");
    },
    NO_WAITING,
  );
});
