/**
 * The probe's side in the bench: each frame runs browser-frame.js before its own scripts and
 * records when it first rendered, its DOM changes, its bridge calls and its resources; the bench
 * reads those states, tracks the page's requests, and waits until every frame stayed quiet.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { z } from 'zod';

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
export type FrameState = z.infer<typeof frameStateSchema>;

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
export async function loadedFrames(page: Page): Promise<Frame[]> {
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
export async function settle(page: Page, frames: Frame[]): Promise<FrameState[]> {
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
export function dataShown(state: FrameState): number | undefined {
  const answered = state.calls
    .filter((call) => call.cmd === 'invoke' || call.cmd === 'fetchProduct')
    .map((call) => call.end ?? Number.POSITIVE_INFINITY);
  if (answered.length === 0) return state.firstRender ?? undefined;
  const last = Math.max(...answered);
  return state.changes.find((at) => at >= last);
}

/**
 * A fresh context (an empty cache, as a first visit) and page whose frames run the probe, its
 * requests tracked, not yet navigated.
 */
export async function probedPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  await context.addInitScript({ path: PROBE });
  const page = await context.newPage();
  page.setDefaultTimeout(SETTLE_TIMEOUT_MS);
  trackNetwork(page);
  return { context, page };
}
