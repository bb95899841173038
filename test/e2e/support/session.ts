/**
 * The set-up every e2e file shares: Chromium and a local host for the file (or a fresh host per
 * test), a page per test watched for CSP violations and uncaught errors, which must be none when
 * the test ends. `browserSession` registers the hooks; the test reads the browser, the host and
 * the page of the moment from what it answers.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { LocalHost, LocalHostOptions } from '../../../local/host';
import { memoryHost } from '../../support/host';
import { closeOpened, launchBrowser, watchForViolations } from '../../support/browser';

export interface SessionOptions {
  /** The page's size (tall pages show a whole flow in the screenshots). */
  viewport: { width: number; height: number };
  /** The local host's options; it listens on a free port unless told otherwise. */
  host?: LocalHostOptions;
  /** A fresh host for each test instead of one for the file. */
  hostPerTest?: boolean;
  /** Run once the file's host is up, before any test (a strategy, a rollout, approvals...). */
  setUp?: (host: LocalHost) => Promise<void>;
  /** The set-up hook's timeout, when the file's set-up is slower than Jest's default. */
  setUpTimeout?: number;
  /**
   * Playwright's default timeout for each action on the page: a test then fails at the step that
   * hangs, well within its own time.
   */
  actionTimeout?: number;
  /**
   * A browser context per test, its page in it: axe's Playwright binding opens a page of its own
   * in the context. Else a page of the browser.
   */
  context?: boolean;
  /** The page's options besides the viewport (downloads). */
  page?: Omit<BrowserContextOptions, 'viewport'>;
}

export interface BrowserSession {
  readonly browser: Browser;
  readonly host: LocalHost;
  readonly page: Page;
  /** The host's address, for `page.goto`. */
  readonly url: string;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`No ${what}: the e2e set-up has not run`);
  return value;
}

export function browserSession(options: SessionOptions): BrowserSession {
  let browser: Browser | undefined;
  let host: LocalHost | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let violations: string[] = [];
  const startHost = () => memoryHost({ port: 0, ...options.host });

  beforeAll(async () => {
    // Chromium first: on a machine without one the file fails at once and leaves nothing running.
    browser = await launchBrowser();
    if (options.hostPerTest) return;
    host = await startHost();
    await options.setUp?.(host);
  }, options.setUpTimeout);

  afterAll(async () => {
    await closeOpened(browser, options.hostPerTest ? undefined : host);
  });

  beforeEach(async () => {
    if (options.hostPerTest) host = await startHost();
    const opened = started(browser, 'browser');
    const pageOptions = { viewport: options.viewport, ...options.page };
    if (options.context) {
      context = await opened.newContext(pageOptions);
      page = await context.newPage();
    } else {
      page = await opened.newPage(pageOptions);
    }
    if (options.actionTimeout !== undefined) page.setDefaultTimeout(options.actionTimeout);
    violations = watchForViolations(page);
  });

  afterEach(async () => {
    await closeOpened(page, context, options.hostPerTest ? host : undefined);
    // The app runs under Forge's CSP and must not break it, nor throw.
    expect(violations).toEqual([]);
  });

  return {
    get browser() {
      return started(browser, 'browser');
    },
    get host() {
      return started(host, 'host');
    },
    get page() {
      return started(page, 'page');
    },
    get url() {
      return started(host, 'host').url ?? '';
    },
  };
}
