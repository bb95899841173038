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
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeOpened, launchBrowser } from '../test/support/browser';
import { readBuild, type Build } from './bundle';
import { surfaceLoad, type SurfaceLoad } from './browser-bytes';
import { fixture, scenes, type Fixture, type Scene } from './browser-fixture';
import { dataShown, loadedFrames, probedPage, settle, type FrameState } from './browser-probe';
import { table } from './measure';

/**
 * kB = 1000 bytes, gzip level 9: issue 11's unit, the stricter reading of "KB".
 *
 * `surfaceKB` is what each surface's first load (entry included) may weigh, absolute, and fails
 * the bench when exceeded: issue 11's goal (`targetKB`: 120 kB, 90 for the surfaces a page may
 * hold several times), or less where a surface is well under it (decisions 0026, 0033, 0034, 0040).
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
async function openPage(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await probedPage(browser);
  await opened.page.goto(url);
  return opened;
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
  const { context, page } = await probedPage(browser);
  try {
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
