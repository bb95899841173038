/**
 * What a frame fetched before its surface first rendered, gzipped as a server would send it and
 * sorted into the entry, the surface's own chunks, translations, theme CSS and the rest, checked
 * against what Vite's manifest says the surface needs.
 */
import { gzipSync } from 'node:zlib';
import type { Build } from './bundle';
import type { FrameState } from './browser-probe';

export type Part = 'entry' | 'surface' | 'translations' | 'theme CSS' | 'other';

export interface SurfaceLoad {
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

export async function surfaceLoad(
  build: Build,
  scene: string,
  variant: { locale: string; theme: string },
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
