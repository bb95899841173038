/**
 * Headless Chromium for e2e tests, driven by playwright-core. The browser is, in this order:
 *   1. CHROMIUM_PATH, when set, and nothing else (a broken override is reported, not bypassed);
 *   2. `chromium`, then `chromium-browser`, on PATH (Debian's and Ubuntu's packages);
 *   3. the build shipped inside the @sparticuz/chromium devDependency, so `npm install` is all
 *      the set-up a machine needs (scripts/packaged-chromium.ts unpacks it once).
 * The first that starts is used. When none does, the error says what was tried and how to fix it.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  chromium,
  type Browser,
  type FrameLocator,
  type Locator,
  type Page,
} from 'playwright-core';
import type { AdkarScores } from '../../src/domain/readiness';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGED_SCRIPT = path.join('scripts', 'packaged-chromium.ts');

/**
 * Our own flags, not @sparticuz/chromium's serverless defaults: those run the renderer inside the
 * browser process (`--single-process`), turn site isolation off and disable web security, which
 * would hide from the tests the cross-frame and CSP behaviour of a real Chrome.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A browser that cannot start fails within a second (missing binary or library, bad architecture);
 * this bounds one that hangs instead, well under the tests' hook timeout.
 */
const LAUNCH_TIMEOUT_MS = 15_000;

const HOW_TO_FIX = [
  'To fix, any one of:',
  '  - `npm install` (the packaged build comes with the devDependency @sparticuz/chromium);',
  '  - install Chromium (`apt-get install -y chromium` on Debian/Ubuntu);',
  '  - set CHROMIUM_PATH to a Chromium binary.',
].join('\n');

const HOW_TO_FIX_OVERRIDE =
  'To fix, point CHROMIUM_PATH at a Chromium binary that starts, or unset it to use `chromium` ' +
  'on PATH or else the packaged build.';

export interface BrowserSources {
  /** Read for CHROMIUM_PATH and PATH. */
  env: NodeJS.ProcessEnv;
  /** Resolves to the packaged build's binary, unpacking it if need be. */
  packaged: () => Promise<string>;
}

/** Unpacks the packaged build in a child process: the package is an ES module, the tests are not. */
async function packagedChromium(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', PACKAGED_SCRIPT],
      { cwd: ROOT },
    );
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(
      typeof stderr === 'string' && stderr.trim() ? stderr.trim() : errorMessage(error),
    );
  }
}

const defaultSources: BrowserSources = { env: process.env, packaged: packagedChromium };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where `name` is on the search path, as a shell would find it. */
export function findOnPath(name: string, searchPath: string | undefined): string | undefined {
  return (searchPath ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, name))
    .find(isExecutableFile);
}

/**
 * Playwright's launch error, cut to what tells the cause: its first line and what the browser
 * wrote to stderr, without the command line and call log that bury them (and that Jest would
 * repeat under every test of the file).
 */
function launchFailure(error: unknown): string {
  const message = errorMessage(error);
  const lines = message.split('\n');
  const stderr = lines
    .map((line) => /^\[pid=\d+\]\[err\] (.*)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined && line.trim() !== '')
    .slice(0, 5);
  return [lines[0] ?? message, ...stderr].join('\n      ');
}

/** Starts the first Chromium that will start; see the module comment for the order. */
export async function launchBrowser(sources: BrowserSources = defaultSources): Promise<Browser> {
  const tried: string[] = [];

  const attempt = async (executablePath: string, source: string) => {
    try {
      return await chromium.launch({
        executablePath,
        args: CHROMIUM_ARGS,
        timeout: LAUNCH_TIMEOUT_MS,
      });
    } catch (error) {
      tried.push(`${source}: ${executablePath} did not start: ${launchFailure(error)}`);
      return undefined;
    }
  };

  const override = sources.env.CHROMIUM_PATH;
  if (override) {
    const browser = await attempt(override, 'CHROMIUM_PATH');
    if (browser) return browser;
  } else {
    for (const name of ['chromium', 'chromium-browser']) {
      const found = findOnPath(name, sources.env.PATH);
      if (!found) {
        tried.push(`${name} on PATH: not found`);
        continue;
      }
      const browser = await attempt(found, `${name} on PATH`);
      if (browser) return browser;
    }
    let packaged: string | undefined;
    try {
      packaged = await sources.packaged();
    } catch (error) {
      tried.push(`the packaged build (@sparticuz/chromium): ${errorMessage(error)}`);
    }
    if (packaged !== undefined) {
      const browser = await attempt(packaged, 'the packaged build (@sparticuz/chromium)');
      if (browser) return browser;
    }
  }

  throw new Error(
    ['The e2e tests found no Chromium that starts. Tried:', ...tried.map((t) => `  - ${t}`)]
      .concat(override ? HOW_TO_FIX_OVERRIDE : HOW_TO_FIX)
      .join('\n'),
  );
}

/**
 * Records what must never happen on an app page: a CSP violation (Forge serves Custom UI under a
 * strict CSP) or an uncaught error. Tests assert the list is empty after each test.
 */
export function watchForViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(error.message));
  return violations;
}

/**
 * Closes what the set-up hooks opened, in order. Jest runs the tear-down hooks even when a set-up
 * hook failed, and then what it would have opened is still undefined.
 */
export async function closeOpened(
  ...resources: ({ close: () => Promise<unknown> } | undefined)[]
): Promise<void> {
  for (const resource of resources) await resource?.close();
}

/**
 * Opens the host's Jira issue view of `key` as the persona `as` and answers the app's Rollout
 * panel on it once the panel has drawn its heading.
 */
export async function openRolloutPanel(
  page: Page,
  baseUrl: string,
  key: string,
  as: string,
  locale = 'en-US',
): Promise<FrameLocator> {
  await page.goto(`${baseUrl}/jira/issue/${key}?as=${as}&locale=${locale}`);
  const panel = page.frameLocator('[data-module-key="rollout-panel"] iframe.host-panel-frame');
  await panel.getByRole('heading', { level: 2 }).first().waitFor();
  return panel;
}

/** Runs a workflow transition from the host's issue view, as Jira's own UI does: its message. */
export async function runTransition(page: Page, name: string): Promise<string> {
  const message = page.getByTestId('transition-message');
  await page.getByRole('button', { name, exact: true }).click();
  await message.filter({ hasNotText: /^Running/u }).waitFor();
  return (await message.textContent()) ?? '';
}

/**
 * Types a day into the app's date picker (Atlaskit's, which reads ISO days as well as the reader's
 * format) and confirms it with Enter, as a person does; Enter also closes its calendar.
 */
export async function fillDate(field: Locator, isoDay: string): Promise<void> {
  await field.fill(isoDay);
  await field.press('Enter');
}

/**
 * Picks an option of an Atlaskit select (the app's ChoiceSelect, the sessions table's selects) by
 * the keyboard alone, as a person does: types the option's name, which narrows the list, and
 * confirms with Enter; then waits until the field shows it.
 */
export async function chooseByKeyboard(field: Locator, name: string): Promise<void> {
  await field.focus();
  await field.fill(name);
  await field.press('Enter');
  await chosenIn(field, name).waitFor();
}

/** The option a select shows as chosen, by its name (found only when it is the chosen one). */
export function chosenIn(field: Locator, name: string): Locator {
  return field
    .locator('xpath=ancestor::div[contains(@class, "-control")][1]')
    .getByText(name, { exact: true });
}

/**
 * Checks each readiness element's score on the pulse form; `names` are the elements' names as the
 * form shows them in the reader's language.
 */
export async function checkScores(
  form: FrameLocator,
  names: Record<keyof AdkarScores, string>,
  scores: AdkarScores,
): Promise<void> {
  for (const [element, name] of Object.entries(names) as [keyof AdkarScores, string][]) {
    await form
      .getByRole('group', { name: new RegExp(`^${name}`, 'u') })
      .getByRole('radio', { name: new RegExp(`^${String(scores[element])}`, 'u') })
      .check();
  }
}

/** A department's row in the pulse table of a Rollout panel's feedback section. */
export function feedbackRow(panel: FrameLocator, department: string) {
  return panel
    .locator('table.rc-pulse-table')
    .getByRole('row')
    .filter({ has: panel.getByRole('rowheader', { name: new RegExp(`^${department}`, 'u') }) });
}
