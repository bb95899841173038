// @ts-check
/**
 * The UI's translations, per surface, made at build time (decision 0026). For each surface the
 * entry can load (`import('./surfaces/…')` in src/ui/main.tsx) and each locale file of the
 * manifest's `translations`, one module holds the message groups (top-level keys of the locale
 * files) that the surface's code names, with the default locale's text merged in where the file
 * lacks a key. So a screen fetches one small file in its reader's language, in parallel with its
 * code, instead of the whole file and the English one as well.
 *
 * A group counts as named when a string of the surface's modules (its own, the components and the
 * shared domain code it imports, lazily loaded parts included) starts with `<group>.`. The error
 * groups come with every surface: the backend may answer any error of the catalogue.
 *
 * `virtual:ui-messages` exports `LOCALES` (the files, default first), `FALLBACK_LOCALE` and
 * `loadMessages(surface, locale)`; the surface `startup` has only the groups every surface has,
 * for the entry's own messages (a frame no surface is made for).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { parse as parseMessage, TYPE } from '@formatjs/icu-messageformat-parser';

const VIRTUAL = 'virtual:ui-messages';
const RESOLVED = '\0ui-messages';
const PART = 'virtual:ui-messages/';
const STARTUP = 'startup';
const ALWAYS = ['common', 'errors', 'errorCodes', 'language', 'formats'];

/**
 * @typedef {{ [key: string]: string | Tree }} Tree
 * @param {{ root: string; ui: string }} options the repository root and the UI's source folder
 * @returns {import('vite').Plugin}
 */
export function uiMessages(options) {
  const manifest =
    /** @type {{ translations: { resources: { key: string; path: string }[]; fallback: { default: string } } }} */ (
      parse(readFileSync(join(options.root, 'manifest.yml'), 'utf8'))
    );
  const fallback = manifest.translations.fallback.default;
  const resources = [...manifest.translations.resources].sort(
    (a, b) => Number(b.key === fallback) - Number(a.key === fallback),
  );
  /** @type {(key: string) => Tree} */
  const file = (key) => {
    const resource = resources.find((r) => r.key === key);
    if (!resource) throw new Error(`No locale file ${key}`);
    return JSON.parse(readFileSync(join(options.root, resource.path), 'utf8'));
  };
  const main = join(options.ui, 'main.tsx');

  /** The surfaces main.tsx loads, as written there: 'surfaces/macro/MacroStatus'. */
  const surfaces = () => [
    ...new Set(
      [...readFileSync(main, 'utf8').matchAll(/import\(\s*'\.\/(surfaces\/[^']+)'\s*\)/gu)].map(
        (m) => m[1] ?? '',
      ),
    ),
  ];

  /** @type {(from: string, spec: string) => string | undefined} */
  const resolveSource = (from, spec) => {
    const base = resolve(dirname(from), spec);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
      if (/\.(ts|tsx)$/u.test(candidate) && existsSync(candidate)) return candidate;
    }
    return undefined;
  };

  /** The message groups the modules reachable from `start` name. */
  const groupsOf = (/** @type {string} */ start, /** @type {Set<string>} */ known) => {
    const groups = new Set(ALWAYS.filter((g) => known.has(g)));
    const seen = new Set();
    const queue = [start];
    while (queue.length > 0) {
      const path = queue.pop();
      if (path === undefined || seen.has(path)) continue;
      seen.add(path);
      const source = readFileSync(path, 'utf8');
      for (const m of source.matchAll(/(?:from\s*|import\(\s*)'(\.{1,2}\/[^']+)'/gu)) {
        const next = resolveSource(path, m[1] ?? '');
        if (next) queue.push(next);
      }
      for (const m of source.matchAll(/['"`]([a-zA-Z][a-zA-Z0-9]*)\./gu)) {
        if (m[1] && known.has(m[1])) groups.add(m[1]);
      }
    }
    return groups;
  };

  /** @type {(primary: Tree, standIn: Tree) => Tree} */
  const merge = (primary, standIn) => {
    /** @type {Tree} */
    const out = { ...standIn };
    for (const [key, value] of Object.entries(primary)) {
      const under = out[key];
      out[key] =
        typeof value === 'object' && typeof under === 'object' ? merge(value, under) : value;
    }
    return out;
  };

  /**
   * Each message parsed now, so the browser formats without the ICU parser: a message with no
   * argument becomes its final text (quotes resolved), any other its syntax tree.
   * @type {(tree: Tree) => unknown}
   */
  const parsed = (tree) =>
    Object.fromEntries(
      Object.entries(tree).map(([key, value]) => {
        if (typeof value !== 'string') return [key, parsed(value)];
        const ast = parseMessage(value, { ignoreTag: true });
        const literal = ast.every((element) => element.type === TYPE.literal);
        return [key, literal ? ast.map((element) => element.value).join('') : ast];
      }),
    );

  return {
    name: 'rollout-coordinator:ui-messages',
    resolveId(id) {
      if (id === VIRTUAL) return RESOLVED;
      if (id.startsWith(PART)) return `\0${id.slice('virtual:'.length)}`;
      return null;
    },
    load(id) {
      if (id === RESOLVED) {
        const cases = [...surfaces(), STARTUP].flatMap((surface) =>
          resources.map(
            (r) =>
              `    case ${JSON.stringify(`${surface}|${r.key}`)}: return import(${JSON.stringify(`${PART}${surface.replace(/^surfaces\//u, '')}.${r.key}`)}).then((m) => m.default);`,
          ),
        );
        return [
          `export const LOCALES = ${JSON.stringify(resources.map((r) => r.key))};`,
          `export const FALLBACK_LOCALE = ${JSON.stringify(fallback)};`,
          'export function loadMessages(surface, locale) {',
          '  switch (`${surface}|${locale}`) {',
          ...cases,
          '    default: return Promise.reject(new Error(`No messages for ${surface} in ${locale}`));',
          '  }',
          '}',
        ].join('\n');
      }
      if (id.startsWith('\0ui-messages/')) {
        const name = id.slice('\0ui-messages/'.length);
        const dot = name.lastIndexOf('.');
        const part = name.slice(0, dot);
        const surface = part === STARTUP ? STARTUP : `surfaces/${part}`;
        const locale = name.slice(dot + 1);
        const english = file(fallback);
        const known = new Set(Object.keys(english));
        const entry = surface === STARTUP ? undefined : resolveSource(main, `./${surface}`);
        if (surface !== STARTUP && !entry) throw new Error(`No source for ${surface}`);
        const groups = entry ? groupsOf(entry, known) : new Set(ALWAYS.filter((g) => known.has(g)));
        const whole = locale === fallback ? english : merge(file(locale), english);
        /** @type {Tree} */
        const picked = {};
        for (const group of [...groups].sort()) {
          const value = whole[group];
          if (value !== undefined) picked[group] = value;
        }
        this.addWatchFile(join(options.root, 'locales'));
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(parsed(picked)))});`;
      }
      return null;
    },
  };
}
