/**
 * The built UI as Vite describes it in static/.vite/manifest.json: the entry, the surfaces it
 * loads on demand, and for each chunk the chunks and CSS it imports statically (what must arrive
 * before it runs). The browser bench (bench/browser.ts) names the chunks a frame fetched with it
 * and checks that none of what a surface needs went unseen; the sizes it judges are what Chromium
 * fetched, not this list.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

const STATIC = join(__dirname, '..', 'static');
const MANIFEST = join(STATIC, '.vite', 'manifest.json');

const chunkSchema = z.object({
  file: z.string(),
  src: z.string().optional(),
  isEntry: z.boolean().optional(),
  imports: z.array(z.string()).optional(),
  dynamicImports: z.array(z.string()).optional(),
  css: z.array(z.string()).optional(),
});
const manifestSchema = z.record(z.string(), chunkSchema);
type Manifest = z.infer<typeof manifestSchema>;

export interface Build {
  /** Files (as `assets/x.js`) the entry needs before it runs: its chunk, static imports, CSS. */
  entry: ReadonlySet<string>;
  /** Per surface (the chunk's name, e.g. `MacroStatus`): the files it needs before it runs. */
  surfaces: ReadonlyMap<string, ReadonlySet<string>>;
  /** Which surface a surface chunk's file is (`assets/MacroStatus-x.js` → `MacroStatus`). */
  surfaceOfFile: ReadonlyMap<string, string>;
}

function readManifest(): Manifest {
  let text: string;
  try {
    text = readFileSync(MANIFEST, 'utf8');
  } catch {
    throw new Error(
      'static/.vite/manifest.json is missing: run `npm run build` first (npm run bench does).',
    );
  }
  return manifestSchema.parse(JSON.parse(text));
}

/** A chunk's file, its static imports' files (transitively) and every CSS file among them. */
function closure(manifest: Manifest, key: string): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const queue = [key];
  while (queue.length > 0) {
    const next = queue.pop();
    if (next === undefined || seen.has(next)) continue;
    seen.add(next);
    const chunk = manifest[next];
    if (!chunk) throw new Error(`The Vite manifest names "${next}" but has no entry for it`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    queue.push(...(chunk.imports ?? []));
  }
  return files;
}

/** The surfaces are the entry's dynamic imports under `surfaces/` (src/ui/main.tsx's tables). */
export function readBuild(): Build {
  const manifest = readManifest();
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry === true);
  const [entryKey, entryChunk] = entries[0] ?? [];
  if (entries.length !== 1 || entryKey === undefined || entryChunk === undefined) {
    throw new Error(`The Vite manifest has ${String(entries.length)} entries; the UI has one`);
  }
  const entry = closure(manifest, entryKey);
  entry.add(entryKey);
  const surfaces = new Map<string, Set<string>>();
  const surfaceOfFile = new Map<string, string>();
  for (const key of entryChunk.dynamicImports ?? []) {
    if (!key.startsWith('surfaces/')) continue;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The Vite manifest has no entry for "${key}"`);
    const name = basename(key).replace(/\.[jt]sx?$/u, '');
    surfaces.set(name, closure(manifest, key));
    surfaceOfFile.set(chunk.file, name);
  }
  if (surfaces.size === 0) throw new Error('The Vite manifest names no surface chunk');
  return { entry, surfaces, surfaceOfFile };
}
