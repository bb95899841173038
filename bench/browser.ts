/**
 * What a user's browser gets, measured in Chromium through the local host's own pages (the issue
 * view, the Confluence pages, the dashboard, the admin page), as the e2e tests drive them:
 *
 * - per surface, the bytes its frame fetched before the surface first rendered: the HTML, the
 *   entry and everything it preloads, the surface's chunks and CSS, the translations and the
 *   theme's CSS, each gzipped as a server would send it. Judged against absolute budgets.
 *   Vite's manifest names each file and must agree: a file the surface needs that the frame did
 *   not fetch before its first render fails the bench (the measurement would be wrong).
 * - per frame, the invokes a load makes, counted in the frame (its `fetch` to the bridge).
 *   Judged where a load must cost one round trip.
 * - under a 4× CPU throttle, a page with one Rollout status macro and one with five: first
 *   contentful paint, data shown and main-thread script time. Printed only: this machine is
 *   shared and its timings move.
 *
 * "First render" is the first time the frame's root holds something other than the entry's
 * start-up message (src/ui/components/StartupMessage, class `startup`): the surface's own first
 * commit. "Data shown" is the first change to the frame's DOM after its last bridge data call
 * (invoke, product request) answered.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { startLocalHost, type LocalHost } from '../local/host';
import { saveGadgetConfig, dashboardGadgets } from '../local/http/dashboard';
import { closeOpened, launchBrowser } from '../test/support/browser';
import { accountIdOf } from '../test/support/host';
import { forgeMacro } from '../test/support/confluence';
import { approveAll } from '../test/support/rollouts';
import { makeStrategy, pushPlan } from '../test/support/strategy';
import { z } from 'zod';
import { readBuild, type Build } from './bundle';
import { table } from './measure';

/**
 * kB = 1000 bytes, gzip level 9: issue 11's unit, the stricter reading of "KB".
 *
 * `surfaceKB` is what each surface's first load (entry included) may weigh, absolute, and fails
 * the bench when exceeded: issue 11's goal (`targetKB`: 120 kB, 90 for the surfaces a page may
 * hold several times), or less where a surface is well under it (decisions 0026, 0033, 0034, 0043).
 * A surface over its target gets its measured size with about 3 kB of room until its work lands,
 * so a regression cannot land meanwhile; the target is printed beside it.
 */
export const BROWSER_BUDGETS = {
  surfaceKB: {
    AdminPage: 120,
    ApprovalsPanel: 120,
    RaiseProblemAction: 120,
    StrategyPage: 120,
    TemplateSettings: 120,
    MacroStatus: 90,
    MacroConfig: 90,
    RolloutGadget: 90,
    GadgetEdit: 90,
    RolloutPanel: 120,
    PulseMacro: 90,
    MyRollouts: 90,
    PolicyByline: 90,
  } as Partial<Record<string, number>>,
  targetKB: {
    everySurface: 120,
    /** Surfaces a page may hold several times (a frame each). */
    repeated: {
      MacroStatus: 90,
      MacroConfig: 90,
      PulseMacro: 90,
      RolloutGadget: 90,
      GadgetEdit: 90,
    } as Partial<Record<string, number>>,
  },
  /** Invokes one load of these surfaces may make: one round trip before the data shows. */
  invokesPerLoad: {
    ApprovalsPanel: 1,
    RolloutPanel: 1,
    MacroStatus: 1,
    RolloutGadget: 1,
    StrategyPage: 1,
    TemplateSettings: 1,
  },
} as const;

/**
 * The app's languages (a French user's first load fetches its own translations) and the
 * product's themes: in dark, the host serves the dark theme's CSS (its own size) and the app
 * draws with the same files. Measured in the heavier language only, to keep the bench's time.
 */
const VARIANTS = [
  { locale: 'en-US', theme: 'light' },
  { locale: 'fr-FR', theme: 'light' },
  { locale: 'fr-FR', theme: 'dark' },
] as const;
type Variant = (typeof VARIANTS)[number];
const variantName = (variant: { locale: string; theme: string }): string =>
  `${variant.locale} ${variant.theme}`;
const CPU_THROTTLE = 4;
const TIMED_RUNS = 3;
/** How long a frame must stay quiet (no DOM change, no request) to count as loaded. */
const QUIET_MS = 1500;
/** Generous: on this shared machine a throttled page of five macros takes tens of seconds. */
const SETTLE_TIMEOUT_MS = 120_000;

/** The probe each frame runs before its own scripts (see the file). */
const PROBE = join(__dirname, 'browser-frame.js');

const frameStateSchema = z.object({
  url: z.string(),
  origin: z.number(),
  firstRender: z.number().nullable(),
  changes: z.array(z.number()),
  calls: z.array(
    z.object({
      cmd: z.string(),
      functionKey: z.string().nullable(),
      start: z.number(),
      end: z.number().nullable(),
    }),
  ),
  pending: z.number(),
  idleFor: z.number(),
  fcp: z.number().nullable(),
  resources: z.array(z.object({ name: z.string(), startTime: z.number() })),
});
type FrameState = z.infer<typeof frameStateSchema>;

/** What the probe saw in `frame`; undefined while the frame has not run it yet. */
async function frameState(frame: Frame): Promise<FrameState | undefined> {
  const raw: unknown = await frame
    .evaluate('globalThis.__rcBenchState ? globalThis.__rcBenchState() : null')
    .catch(() => null);
  return raw === null ? undefined : frameStateSchema.parse(raw);
}

/**
 * The app frames that have loaded (their probe answers): after `page.goto`, which waits for the
 * page's load event, every frame but a lazy one (an issue action's, until it opens).
 */
async function loadedFrames(page: Page): Promise<Frame[]> {
  const frames = page
    .frames()
    .filter((frame) => new URL(frame.url(), 'http://x').pathname.startsWith('/app/'));
  const states = await Promise.all(frames.map(frameState));
  return frames.filter((_, i) => states[i] !== undefined);
}

/**
 * The page's requests in flight and when the last one started or ended, for every frame: a
 * chunk loaded by `import()` is no `fetch`, so the probe alone would call a frame quiet while a
 * section's code is still on its way (and its invoke still to come).
 */
const network = new WeakMap<Page, { inFlight: number; last: number }>();

function trackNetwork(page: Page): void {
  const state = { inFlight: 0, last: Date.now() };
  network.set(page, state);
  page.on('request', () => {
    state.inFlight += 1;
    state.last = Date.now();
  });
  const done = () => {
    state.inFlight -= 1;
    state.last = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

function networkQuiet(page: Page): boolean {
  const state = network.get(page);
  if (!state) throw new Error('The page was not opened by openPage: its requests are not tracked');
  return state.inFlight <= 0 && Date.now() - state.last >= QUIET_MS;
}

/** Waits until each of `frames` has rendered and it and the page stayed quiet; their states. */
async function settle(page: Page, frames: Frame[]): Promise<FrameState[]> {
  if (frames.length === 0) throw new Error(`${page.url()} has no app frame`);
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const states = await Promise.all(frames.map(frameState));
    const settled = states.filter(
      (state): state is FrameState =>
        state !== undefined &&
        state.firstRender !== null &&
        state.pending === 0 &&
        state.idleFor >= QUIET_MS,
    );
    if (settled.length === frames.length && networkQuiet(page)) return settled;
    if (Date.now() > deadline) {
      throw new Error(
        `The app frames of ${page.url()} did not settle in ${String(SETTLE_TIMEOUT_MS)} ms: ${JSON.stringify(
          states.map(
            (state) =>
              state && { url: state.url, firstRender: state.firstRender, pending: state.pending },
          ),
        )}`,
      );
    }
    await page.waitForTimeout(200);
  }
}

/** When the data showed: the first DOM change after the last data call answered. */
function dataShown(state: FrameState): number | undefined {
  const answered = state.calls
    .filter((call) => call.cmd === 'invoke' || call.cmd === 'fetchProduct')
    .map((call) => call.end ?? Number.POSITIVE_INFINITY);
  if (answered.length === 0) return state.firstRender ?? undefined;
  const last = Math.max(...answered);
  return state.changes.find((at) => at >= last);
}

// ---- bytes ---------------------------------------------------------------------------------

type Part = 'entry' | 'surface' | 'translations' | 'theme CSS' | 'other';

interface SurfaceLoad {
  surface: string;
  scene: string;
  locale: string;
  theme: string;
  parts: Record<Part, number>;
  total: number;
  invokes: string[];
  missing: string[];
  files: number;
}

const gzipped = new Map<string, number>();

async function gzipBytes(url: string): Promise<number> {
  const known = gzipped.get(url);
  if (known !== undefined) return known;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${String(response.status)}`);
  const size = gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length;
  gzipped.set(url, size);
  return size;
}

/** A resource URL's file as the manifest names it (`assets/x.js`, `index.html`), if an app one. */
function appFile(url: URL): string | undefined {
  const match = /^\/app\/[^/]+\/(.*)$/u.exec(url.pathname);
  if (!match) return undefined;
  const rest = decodeURIComponent(match[1] ?? '');
  return rest === '' ? 'index.html' : rest;
}

async function surfaceLoad(
  build: Build,
  scene: string,
  variant: Variant,
  state: FrameState,
): Promise<SurfaceLoad> {
  const before = state.resources.filter(
    (resource) => state.firstRender !== null && resource.startTime < state.firstRender,
  );
  const counted = new Map<string, Part>();
  let surface: string | undefined;
  for (const resource of before) {
    const url = new URL(resource.name);
    const file = appFile(url);
    if (file !== undefined) {
      surface ??= build.surfaceOfFile.get(file);
      counted.set(url.href, file.startsWith('__LOCALES__/') ? 'translations' : 'other');
    } else if (url.pathname === '/__forge/theme.css') {
      counted.set(url.href, 'theme CSS');
    }
    // Otherwise the host's own: its bridge script and the bridge calls (data, not the app).
  }
  if (surface === undefined) {
    throw new Error(`${scene}: the frame ${state.url} fetched no surface chunk before it rendered`);
  }
  const needs = build.surfaces.get(surface) ?? new Set<string>();
  const fetched = new Set<string>();
  for (const [href, part] of counted) {
    const file = appFile(new URL(href));
    if (file === undefined || part !== 'other') continue;
    fetched.add(file);
    if (build.entry.has(file)) counted.set(href, 'entry');
    else if (needs.has(file)) counted.set(href, 'surface');
  }
  const missing = [...build.entry, ...needs].filter(
    (file) => file !== 'index.html' && !fetched.has(file),
  );
  const parts: Record<Part, number> = {
    entry: 0,
    surface: 0,
    translations: 0,
    'theme CSS': 0,
    other: 0,
  };
  for (const [href, part] of counted) parts[part] += await gzipBytes(href);
  return {
    surface,
    scene,
    locale: variant.locale,
    theme: variant.theme,
    parts,
    total: Object.values(parts).reduce((sum, bytes) => sum + bytes, 0),
    invokes: state.calls
      .filter((call) => call.cmd === 'invoke')
      .map((call) => call.functionKey ?? '?'),
    missing,
    files: counted.size,
  };
}

// ---- the pages -----------------------------------------------------------------------------

interface Fixture {
  host: LocalHost;
  base: string;
  anchor: string;
  onePage: string;
  fivePage: string;
  strategyPage: string;
  gadgetId: string;
}

function createPage(host: LocalHost, title: string, body: string): string {
  const space = host.products.confluence.spaces.getSpaceByKey('ROLL');
  if (!space) throw new Error('No space ROLL in the demo company');
  return String(
    host.products.confluence.pages.createPage({
      spaceId: space.id,
      title,
      body,
      authorId: accountIdOf(host, 'coordinator'),
    }).id,
  );
}

async function fixture(): Promise<Fixture> {
  const host = await startLocalHost({ memory: true, port: 0 });
  const today = new Date().toISOString().slice(0, 10);
  const detail = await makeStrategy(host, {
    phases: 3,
    sessions: 12,
    tasksPerPhase: 1,
    start: today,
  });
  await pushPlan(host, detail.rollout.id);
  const anchor = detail.rollout.issue.key;
  await approveAll(host, anchor);
  const id = detail.rollout.id;
  const macros = (count: number) =>
    Array.from(
      { length: count },
      (_, i) =>
        `<p>Status ${String(i + 1)}</p>${forgeMacro(`bench-${String(count)}-${String(i)}`, id)}`,
    ).join('');
  const onePage = createPage(host, 'Bench: one status macro', macros(1));
  const fivePage = createPage(host, 'Bench: five status macros', macros(5));
  const strategyPage = detail.page?.id;
  if (strategyPage === undefined) throw new Error('The strategy has no page');
  const strategy = host.products.confluence.pages.requirePage(Number(strategyPage));
  const saved = await host.products.handle({
    product: 'confluence',
    actor: { kind: 'user', accountId: accountIdOf(host, 'coordinator') },
    method: 'PUT',
    path: `/wiki/api/v2/pages/${strategyPage}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: strategyPage,
      status: 'current',
      title: strategy.title,
      body: {
        representation: 'storage',
        value: `${strategy.version.body}<ac:structured-macro ac:name="rollout-pulse" ac:macro-id="bench-pulse"></ac:structured-macro>`,
      },
      version: { number: strategy.version.number + 1, message: 'Pulse macro added' },
    }),
  });
  if (saved.status !== 200)
    throw new Error(`The pulse macro was not saved: ${String(saved.status)}`);
  const gadget = dashboardGadgets(host)[0];
  if (!gadget) throw new Error('The dashboard has no gadget');
  saveGadgetConfig(host, gadget.id, { rolloutIds: [id], view: 'overview', refresh: 0 });
  return {
    host,
    base: host.url ?? '',
    anchor,
    onePage,
    fivePage,
    strategyPage,
    gadgetId: gadget.id,
  };
}

interface Scene {
  name: string;
  path: string;
  /**
   * A frame the page opens only on demand (an issue action, a macro's config dialog): where its
   * frame's address is written on the page. It is loaded on a page of its own, fresh, as the
   * dialog would load it (Chromium runs no init script in a lazy iframe opened later).
   */
  onDemand?: { name: string; selector: string; attribute: string };
}

/** The pages the bench opens, in a language and theme (the host's `locale` and `theme`). */
function scenes(f: Fixture, variant: Variant): Scene[] {
  const scenes: Scene[] = [
    { name: 'Jira admin page', path: '/jira/admin?as=admin' },
    { name: 'Jira Apps › My rollouts', path: '/jira/apps/my-rollouts?as=head-finance' },
    {
      name: 'Jira issue view',
      path: `/jira/issue/${f.anchor}?as=coordinator`,
      onDemand: {
        name: 'Jira issue view, "Raise a problem" action',
        selector: 'details[data-module-key="rollout-raise-problem"] iframe',
        attribute: 'src',
      },
    },
    { name: 'Confluence space page', path: '/confluence/space/ROLL/rollouts?as=coordinator' },
    { name: 'Confluence space settings', path: '/confluence/space/ROLL/settings?as=coordinator' },
    {
      name: 'Confluence page, one status macro',
      path: `/confluence/page/${f.onePage}?as=coordinator`,
      onDemand: {
        name: 'Confluence page, status macro config dialog',
        selector: '.host-macro-edit[data-config-src]',
        attribute: 'data-config-src',
      },
    },
    {
      name: 'Confluence page, five status macros',
      path: `/confluence/page/${f.fivePage}?as=coordinator`,
    },
    {
      name: 'Strategy page with a pulse macro',
      path: `/confluence/page/${f.strategyPage}?as=employee`,
      onDemand: {
        name: 'Confluence page, policy byline item',
        selector: '.host-byline-item',
        attribute: 'data-frame-src',
      },
    },
    { name: 'Jira dashboard', path: '/jira/dashboard?as=coordinator' },
    {
      name: 'Jira dashboard, gadget edit view',
      path: `/jira/dashboard?as=coordinator&edit=${f.gadgetId}`,
    },
  ];
  return scenes.map((scene) => ({
    ...scene,
    path: `${scene.path}&locale=${variant.locale}&theme=${variant.theme}`,
  }));
}

async function openPage(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  // A fresh context per page: an empty cache, as a first visit.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  await context.addInitScript({ path: PROBE });
  const page = await context.newPage();
  page.setDefaultTimeout(SETTLE_TIMEOUT_MS);
  trackNetwork(page);
  await page.goto(url);
  return { context, page };
}

async function measureScene(
  browser: Browser,
  build: Build,
  f: Fixture,
  variant: Variant,
  scene: { name: string; path: string; onDemand?: Scene['onDemand'] },
): Promise<SurfaceLoad[]> {
  const { context, page } = await openPage(browser, `${f.base}${scene.path}`);
  let onDemand: { name: string; path: string } | undefined;
  const loads: SurfaceLoad[] = [];
  try {
    const states = await settle(page, await loadedFrames(page));
    for (const state of states) loads.push(await surfaceLoad(build, scene.name, variant, state));
    if (scene.onDemand) {
      const src = await page
        .locator(scene.onDemand.selector)
        .first()
        .getAttribute(scene.onDemand.attribute);
      if (!src) throw new Error(`${scene.name}: no ${scene.onDemand.selector}`);
      onDemand = {
        name: scene.onDemand.name,
        path: new URL(src, page.url()).pathname + new URL(src, page.url()).search,
      };
    }
  } finally {
    await closeOpened(context);
  }
  if (onDemand) loads.push(...(await measureScene(browser, build, f, variant, onDemand)));
  return loads;
}

// ---- timings -------------------------------------------------------------------------------

interface Timing {
  fcp: number;
  shown: number;
  scriptMs: number;
}

async function timePage(browser: Browser, url: string): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  try {
    await context.addInitScript({ path: PROBE });
    const page = await context.newPage();
    page.setDefaultTimeout(SETTLE_TIMEOUT_MS);
    trackNetwork(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    await cdp.send('Performance.enable');
    await page.goto(url);
    const states = await settle(page, await loadedFrames(page));
    const top = await page.evaluate(() => performance.timeOrigin);
    const at = (state: FrameState, time: number | null | undefined): number =>
      time === null || time === undefined ? Number.NaN : state.origin + time - top;
    const { metrics } = await cdp.send('Performance.getMetrics');
    const script = metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? Number.NaN;
    return {
      // The last frame to paint and to show its data: when the whole page is there.
      fcp: Math.max(...states.map((state) => at(state, state.fcp))),
      shown: Math.max(...states.map((state) => at(state, dataShown(state)))),
      scriptMs: script * 1000,
    };
  } finally {
    await closeOpened(context);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

// ---- the bench -----------------------------------------------------------------------------

const kB = (bytes: number): number => bytes / 1000;

export async function benchBrowser(): Promise<{ report: string; ok: boolean }> {
  const build = readBuild();
  const f = await fixture();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const loads: SurfaceLoad[] = [];
    for (const variant of VARIANTS) {
      for (const scene of scenes(f, variant)) {
        loads.push(...(await measureScene(browser, build, f, variant, scene)));
      }
    }

    const problems: string[] = [];
    const sizeRows: (string | number)[][] = [];
    for (const surface of build.surfaces.keys()) {
      const mine = loads.filter((candidate) => candidate.surface === surface);
      // Its heaviest first load, whatever the language and theme.
      const load = mine.reduce<SurfaceLoad | undefined>(
        (worst, candidate) =>
          worst === undefined || candidate.total > worst.total ? candidate : worst,
        undefined,
      );
      if (!load) continue;
      const target =
        BROWSER_BUDGETS.targetKB.repeated[surface] ?? BROWSER_BUDGETS.targetKB.everySurface;
      const budget = BROWSER_BUDGETS.surfaceKB[surface];
      if (budget === undefined) {
        problems.push(`${surface}: no budget in BROWSER_BUDGETS.surfaceKB`);
        continue;
      }
      const over = kB(load.total) > budget;
      if (over) {
        problems.push(
          `${surface}: ${kB(load.total).toFixed(1)} kB in ${variantName(load)}, over its ${String(budget)} kB`,
        );
      }
      for (const each of mine.filter((candidate) => candidate.missing.length > 0)) {
        problems.push(
          `${surface} (${variantName(each)}): needs ${each.missing.join(', ')} (Vite manifest), not fetched before its first render: the measurement is wrong`,
        );
      }
      const totalIn = (variant: Variant): number | string => {
        const found = mine.find(
          (candidate) => candidate.locale === variant.locale && candidate.theme === variant.theme,
        );
        return found ? kB(found.total) : '-';
      };
      sizeRows.push([
        surface,
        kB(load.parts.entry),
        kB(load.parts.surface),
        kB(load.parts.other),
        kB(load.parts.translations),
        kB(load.parts['theme CSS']),
        ...VARIANTS.map(totalIn),
        budget,
        over ? 'OVER' : 'ok',
        kB(load.total) <= target ? `${String(target)}: met` : `${String(target)}: not yet`,
      ]);
    }
    // A surface the build has that no scene opened is not measured: that is a failure too.
    const measured = new Set(loads.map((load) => load.surface));
    const unmeasured = [...build.surfaces.keys()].filter(
      (surface) => !measured.has(surface) && !LAZY_SURFACES.has(surface),
    );
    for (const surface of unmeasured) problems.push(`${surface}: no page of the bench opens it`);

    const invokeRows: (string | number)[][] = [];
    for (const load of loads) {
      const bound = (BROWSER_BUDGETS.invokesPerLoad as Partial<Record<string, number>>)[
        load.surface
      ];
      const over = bound !== undefined && load.invokes.length > bound;
      if (over) {
        problems.push(
          `${load.surface} on "${load.scene}" (${variantName(load)}): ${String(load.invokes.length)} invokes per load, bound ${String(bound)} (${load.invokes.join(', ')})`,
        );
      }
      // One table, in the first language and theme: the others' counts are judged the same way.
      if (variantName(load) !== variantName(VARIANTS[0])) continue;
      invokeRows.push([
        load.scene,
        load.surface,
        load.invokes.length,
        bound ?? '-',
        load.invokes.join(', ') || '-',
        over ? 'OVER' : 'ok',
      ]);
    }

    const timingRows: (string | number)[][] = [];
    for (const [what, pageId] of [
      ['one status macro', f.onePage],
      ['five status macros', f.fivePage],
    ] as const) {
      const runs: Timing[] = [];
      for (let run = 0; run < TIMED_RUNS; run += 1) {
        runs.push(
          await timePage(
            browser,
            `${f.base}/confluence/page/${pageId}?as=coordinator&locale=en-US`,
          ),
        );
      }
      timingRows.push([
        what,
        median(runs.map((run) => run.fcp)),
        median(runs.map((run) => run.shown)),
        median(runs.map((run) => run.scriptMs)),
      ]);
    }

    return {
      report: [
        'First load per surface in Chromium through the local host: gzipped kB (1000 bytes) fetched before the surface first rendered, in English and French, light and dark (budget, judged on the heaviest; its parts shown)',
        table(
          [
            'surface',
            'entry',
            'its chunks',
            'other JS/CSS',
            'translations',
            'theme CSS',
            ...VARIANTS.map((variant) => `total ${variantName(variant)}`),
            'budget',
            '',
            'issue 11 target',
          ],
          sizeRows,
        ),
        '',
        'Invokes per load, counted in each frame (bound)',
        table(['page', 'surface', 'invokes', 'bound', 'functions', ''], invokeRows),
        '',
        `Confluence page under a ${String(CPU_THROTTLE)}× CPU throttle, median of ${String(TIMED_RUNS)} cold loads, ms from navigation (printed, not judged)`,
        table(['page', 'first contentful paint', 'data shown', 'main-thread script'], timingRows),
        ...(problems.length > 0
          ? ['', 'Broken:', ...problems.map((problem) => `  - ${problem}`)]
          : []),
      ].join('\n'),
      ok: problems.length === 0,
    };
  } finally {
    await closeOpened(browser, f.host);
  }
}

/**
 * Surface chunks the entry may load that are no surface of their own in the host's pages: none
 * today. A chunk listed here is exempt from "no page of the bench opens it".
 */
const LAZY_SURFACES: ReadonlySet<string> = new Set<string>();
