/**
 * The built UI's size per surface: the entry chunk every surface loads, plus each surface's own
 * chunks (what loads before the surface can draw), gzipped. Budgets fail the benchmark.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { table } from './measure';

const ASSETS = join(__dirname, '..', 'static', 'assets');

/**
 * Budgets in gzipped KiB: the entry (React + @forge/bridge) and each surface on top of it.
 * Every surface shares one Atlaskit chunk (button, primitives, lozenge, section message,
 * spinner, tokens' CSS: about 116 KiB with its CSS); the form surfaces add the select/textfield
 * chunk (about 44 KiB). Measured: AdminPage 173, ApprovalsPanel 182, StrategyPage 193 (the
 * strategy flow and its sessions table: about 13 of its own), TemplateSettings 123, MacroStatus
 * 125, MacroConfig 123, RolloutPanel 129 (problems and attendance load after it draws),
 * RaiseProblemAction 119, PulseMacro 115
 * (the raise dialog: native selects, no select chunk). Each budget leaves 9 to 17 KiB of room
 * before it asks for a look; the macro's is the one to watch (a page may hold several of them,
 * each in its own iframe).
 */
export const BUDGETS = {
  entry: 80,
  surfaces: {
    AdminPage: 180,
    // 182 measured after the lifecycle and a work issue's view joined the panel (was 171): 3 KiB
    // of room until issue 11's rework brings every surface under 120.
    ApprovalsPanel: 185,
    StrategyPage: 195,
    TemplateSettings: 130,
    MacroStatus: 130,
    MacroConfig: 130,
    RolloutPanel: 135,
    RaiseProblemAction: 130,
    // The progress gadget draws with no Atlaskit component and hand-written SVG (decision 0020),
    // so with the entry it stays within issue 11's 90 KiB target for a surface.
    RolloutGadget: 15,
    GadgetEdit: 15,
    // The pulse macro: the answer form (native controls and the text area, no select chunk).
    PulseMacro: 130,
  },
  /** Issue 11's target for a surface's whole first load (entry included), met by the gadget. */
  withEntry: { RolloutGadget: 90, GadgetEdit: 90 },
} as const;

function gzipKiB(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

function assets(): string[] {
  try {
    return readdirSync(ASSETS).filter((name) => statSync(join(ASSETS, name)).isFile());
  } catch {
    throw new Error('static/ is missing: run `npm run build` first (npm run bench does).');
  }
}

/** Files imported by a chunk (static imports only: what must arrive before it runs). */
function staticImports(file: string): string[] {
  const source = readFileSync(join(ASSETS, file), 'utf8');
  const found = new Set<string>();
  for (const match of source.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+)["']/gu,
  )) {
    if (match[1]) found.add(match[1]);
  }
  return [...found];
}

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const next = queue.pop();
    if (!next || seen.has(next)) continue;
    seen.add(next);
    queue.push(...staticImports(next));
  }
  return seen;
}

/**
 * What the entry preloads together with a surface's chunk: Vite writes every dynamic import as
 * `import("./X.js"), __vite__mapDeps([i, …])` over one list of files, CSS included. That list is
 * what the browser fetches before the surface runs, shared chunks and their CSS too.
 */
function preloaded(entrySource: string, chunk: string): string[] {
  const list = /m\.f\s*\|\|\s*\(m\.f\s*=\s*\[([^\]]*)\]/u.exec(entrySource)?.[1];
  if (list === undefined) return [];
  const files = [...list.matchAll(/["'`]\.\/([^"'`]+)["'`]/gu)].map((match) => match[1] ?? '');
  const quoted = chunk.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const call = new RegExp(
    `import\\(\\s*["'\`]\\./${quoted}["'\`]\\s*\\)\\s*,\\s*__vite__mapDeps\\(\\[([\\d,\\s]*)\\]`,
    'u',
  ).exec(entrySource)?.[1];
  if (call === undefined) return [];
  return call
    .split(',')
    .map((index) => files[Number(index)])
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

export function benchBundle(): { report: string; ok: boolean } {
  const files = assets();
  const entry = files.find((name) => /^index-.*\.js$/u.test(name));
  if (!entry) throw new Error('No entry chunk in static/assets');
  const entryFiles = closure(entry);
  const entrySource = readFileSync(join(ASSETS, entry), 'utf8');
  const entryKiB = [...entryFiles].reduce((sum, name) => sum + gzipKiB(join(ASSETS, name)), 0);
  const rows: (string | number)[][] = [['entry (every surface)', entryKiB, BUDGETS.entry]];
  let ok = entryKiB <= BUDGETS.entry;
  for (const [surface, budget] of Object.entries(BUDGETS.surfaces)) {
    const chunk = files.find((name) => name.startsWith(`${surface}-`) && name.endsWith('.js'));
    if (!chunk) throw new Error(`No chunk for surface ${surface}`);
    const wanted = new Set<string>();
    for (const name of [chunk, ...preloaded(entrySource, chunk)]) {
      if (name.endsWith('.js')) for (const file of closure(name)) wanted.add(file);
      else wanted.add(name);
    }
    // Its own CSS even if the preload list could not be read.
    for (const name of files) {
      if (name.startsWith(`${surface}-`) && name.endsWith('.css')) wanted.add(name);
    }
    const own = [...wanted].filter((name) => !entryFiles.has(name));
    const kib = own.reduce((sum, name) => sum + gzipKiB(join(ASSETS, name)), 0);
    rows.push([`${surface} (+ its chunks and CSS)`, kib, budget]);
    ok &&= kib <= budget;
    const whole = (BUDGETS.withEntry as Partial<Record<string, number>>)[surface];
    if (whole !== undefined) {
      rows.push([`${surface}, entry included`, entryKiB + kib, whole]);
      ok &&= entryKiB + kib <= whole;
    }
  }
  return {
    report: [
      'Built UI, gzipped KiB (budget)',
      table(['what loads', 'KiB gz', 'budget'], rows),
    ].join('\n'),
    ok,
  };
}
