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
 * shared domain code it imports, lazily loaded parts included) is one of its text keys, or the
 * start of some (`textKeysNamed`): a data path such as `'plan.phases.0.start'` names no text. The
 * catalogue of errors (`errors`, about 5 KB gzip) is not in a surface's module: only the error
 * keys its code names, and `errorCodes`' short text per code. The whole catalogue, which any
 * answer of the backend may name, is its own module per locale, fetched when a screen meets an
 * error (`loadErrorMessages(locale)`).
 *
 * `virtual:ui-messages` exports `LOCALES` (the files, default first), `FALLBACK_LOCALE` and
 * `loadMessages(surface, locale)`; the surface `startup` has only the groups every surface has,
 * for the entry's own messages (a frame no surface is made for).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { parse as parseMessage, TYPE } from '@formatjs/icu-messageformat-parser';

const VIRTUAL = 'virtual:ui-messages';
const RESOLVED = '\0ui-messages';
const PART = 'virtual:ui-messages/';
const STARTUP = 'startup';
const ALWAYS = ['common', 'errors', 'errorCodes', 'language', 'formats'];
/** The catalogue of errors, loaded on demand; a surface's module has only the keys it names. */
const ERRORS = 'errors';
const ERRORS_PART = '__errors';
/**
 * Groups taken per second-level key (`strategy.list`, `strategy.push`) rather than whole: those
 * of a surface whose parts load their own texts (the strategy page and its wizard), so the
 * surface's first load carries only the keys its own modules name. Only the UI may name such a
 * group (the build checks it): a key the backend makes and sends (`progress.reason.*`) is named
 * nowhere in the UI, and would be cut away.
 */
const BY_KEY = ['strategy'];
/**
 * Marks a module whose texts load with it when it opens (see `groupsOf`): another surface's, or
 * its own when the line names the module itself (a part of a surface in a chunk of its own).
 */
const OWN_MESSAGES = /^\/\/ @ui-messages (surfaces\/[\w/]+)$/mu;

/**
 * A string that may be a text key: a quote, then dot-separated names, then the string's end (a
 * whole key, or one that ends in a dot and is completed by concatenation) or an interpolation
 * (`` `plan.kind.${kind}` ``). Anything else after the names (a space, a slash) is prose or a URL.
 * The value of a `path` property is a payload path (`{ path: 'plan.targets.by', messageKey }`,
 * the field a rule's issue is about), whatever text key it happens to spell.
 */
const KEY_LIKE = /(?<!\bpath\s*:\s*)['"`]([a-zA-Z][\w-]*(?:\.[\w-]*)+)(\$\{|['"`])/gu;

/**
 * The text keys a module's source (comments removed) names, each as its group and, when written
 * out, its second-level key (`'strategy.list.title'` → `strategy`, `list`; `` `strategy.${step}` ``
 * → `strategy`, any key). A string counts only where `texts` (the default locale's messages) has
 * what it names: the whole key, a subtree of keys, or, before an interpolation, keys that start
 * with its last name. So a payload path such as `'plan.phases'` or `` `plan.sessions.${i}` `` is
 * no use of the `plan` texts, unless the locale file had a `plan.phases` or `plan.sessions`.
 * @param {string} source
 * @param {Tree} texts
 * @returns {{ group: string; key: string | undefined }[]}
 */
export function textKeysNamed(source, texts) {
  /** @type {{ group: string; key: string | undefined }[]} */
  const named = [];
  for (const m of source.matchAll(KEY_LIKE)) {
    const names = (m[1] ?? '').split('.');
    const interpolated = m[2] === '${';
    // `'plan.kind.' + kind` and `` `plan.kind.${kind}` `` name the subtree; a last name cut by an
    // interpolation (`` `plan.kind${suffix}` ``) names the keys that start with it.
    const last = names.pop() ?? '';
    const partial = interpolated && last !== '' ? last : undefined;
    if (!interpolated && last !== '') names.push(last);
    if (names.some((name) => name === '')) continue;
    /** @type {Tree | string | undefined} */
    let node = texts;
    for (const name of names) node = typeof node === 'object' ? node[name] : undefined;
    if (node === undefined) continue;
    if (partial !== undefined) {
      if (typeof node !== 'object' || !Object.keys(node).some((key) => key.startsWith(partial))) {
        continue;
      }
    } else if (typeof node === 'string' && (interpolated || last === '')) continue;
    const group = names[0];
    if (group === undefined) continue;
    named.push({ group, key: partial === undefined ? names[1] : undefined });
  }
  return named;
}

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
  const catalogue = join(options.root, 'src', 'domain', 'errors.ts');

  /**
   * The surfaces main.tsx loads, as written there ('surfaces/macro/MacroStatus'), and the parts
   * that a marker names ('surfaces/strategy/StrategyWizard'): each has its messages module.
   */
  const surfaces = () => {
    const loaded = [
      ...readFileSync(main, 'utf8').matchAll(/import\(\s*'\.\/(surfaces\/[^']+)'\s*\)/gu),
    ].map((m) => m[1] ?? '');
    const parts = readdirSync(join(options.ui, 'surfaces'), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.tsx?$/u.test(name))
      .map((name) => OWN_MESSAGES.exec(readFileSync(join(options.ui, 'surfaces', name), 'utf8')))
      .map((m) => m?.[1] ?? '')
      .filter((name) => name !== '');
    return [...new Set([...loaded, ...parts])].sort();
  };

  /** @type {(from: string, spec: string) => string | undefined} */
  const resolveSource = (from, spec) => {
    const base = resolve(dirname(from), spec);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
      if (/\.(ts|tsx)$/u.test(candidate) && existsSync(candidate)) return candidate;
    }
    return undefined;
  };

  /**
   * A module's text without its comments, which name keys as examples ("mail.reminder.subject")
   * that the code never asks for: a group named only there would ship to every surface. Block
   * comments, and line comments that start a line (a `//` inside a string, as in a URL, stays).
   * @type {(source: string) => string}
   */
  const withoutComments = (source) =>
    source.replace(/\/\*[\s\S]*?\*\//gu, '').replace(/^\s*\/\/.*$/gmu, '');

  /** A module's type-only imports and exports (`import type { … } from '…'`). */
  const TYPE_IMPORT = /^\s*(?:import|export)\s+type\s[^;]*?from\s*'[^']+';/gmu;
  const IMPORT = /(?:from\s*|import\(\s*)'(\.{1,2}\/[^']+)'/gu;

  /**
   * The message groups the modules reachable from `start` name, and the keys of the errors
   * catalogue they name in full (`'errors.jira.notConnected'`).
   *
   * A module reached only through type-only imports brings no code to the browser, but its
   * groups still count: the backend's answers carry keys it makes (`progress.reason.*`,
   * `suggestions.evidence.*`) for the screen to translate. Its error keys do not: an error
   * shown loads the whole catalogue first (`call`, `useErrorText`), and the contract's schemas
   * would otherwise bring every rule's error texts to every surface.
   */
  const groupsOf = (/** @type {string} */ start, /** @type {Tree} */ texts) => {
    const known = new Set(Object.keys(texts));
    const groups = new Set(ALWAYS.filter((g) => known.has(g) && g !== ERRORS));
    /** @type {Set<string>} */
    const errorKeys = new Set();
    /** @type {Map<string, Set<string> | null>} a `BY_KEY` group's keys named (null: all) */
    const keysOf = new Map();
    /** @type {Map<string, boolean>} whether a module was reached as code (else as types only) */
    const seen = new Map();
    /** @type {{ path: string; code: boolean }[]} */
    const queue = [{ path: start, code: true }];
    while (queue.length > 0) {
      const item = queue.pop();
      if (item === undefined) continue;
      const { path, code } = item;
      const before = seen.get(path);
      if (before === true || (before === false && !code)) continue;
      seen.set(path, code);
      const raw = readFileSync(path, 'utf8');
      // A part loaded lazily that fetches its own or another surface's messages when it opens
      // (its first line after the doc comment: `// @ui-messages surfaces/…`) adds nothing here.
      if (path !== start && OWN_MESSAGES.test(raw)) continue;
      const source = withoutComments(raw);
      const codeOnly = source.replace(TYPE_IMPORT, '');
      for (const m of codeOnly.matchAll(IMPORT)) {
        const next = resolveSource(path, m[1] ?? '');
        if (next) queue.push({ path: next, code });
      }
      for (const m of source.matchAll(TYPE_IMPORT)) {
        for (const spec of m[0].matchAll(IMPORT)) {
          const next = resolveSource(path, spec[1] ?? '');
          if (next) queue.push({ path: next, code: false });
        }
      }
      for (const { group, key } of textKeysNamed(source, texts)) {
        if (group === ERRORS) continue;
        groups.add(group);
        if (!BY_KEY.includes(group)) continue;
        // `'strategy.list.title'` names `list`; `\`strategy.${step}\`` may name any key.
        const keys = keysOf.get(group);
        if (key === undefined) keysOf.set(group, null);
        else if (keys === undefined) keysOf.set(group, new Set([key]));
        else keys?.add(key);
      }
      // The catalogue (src/domain/errors.ts) names every key; only a use of one counts.
      if (path === catalogue || !code) continue;
      for (const m of source.matchAll(/['"`](errors(?:\.[a-zA-Z0-9-]+)+)['"`]/gu)) {
        if (m[1]) errorKeys.add(m[1].slice(ERRORS.length + 1));
      }
    }
    return { groups, errorKeys, keysOf };
  };

  /** @type {(tree: Tree, path: string) => Tree | string | undefined} */
  const at = (tree, path) => {
    /** @type {Tree | string | undefined} */
    let node = tree;
    for (const part of path.split('.')) {
      if (node === undefined || typeof node === 'string') return undefined;
      node = node[part];
    }
    return node;
  };

  /** @type {(tree: Tree, path: string, value: Tree | string) => void} */
  const put = (tree, path, value) => {
    const parts = path.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object') node = next;
      else node = node[part] = {};
    }
    node[parts[parts.length - 1] ?? ''] = value;
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

  /**
   * Fails the build when a module outside the UI (the backend, the domain, the contract) names a
   * `BY_KEY` group: its keys could reach a screen as data, which picking by key would cut away.
   */
  const checkByKey = () => {
    const src = dirname(options.ui);
    const named = new RegExp(`['"\`](?:${BY_KEY.join('|')})\\.`, 'u');
    for (const name of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      const path = join(src, name);
      if (!/\.tsx?$/u.test(name) || path.startsWith(options.ui)) continue;
      if (named.test(withoutComments(readFileSync(path, 'utf8')))) {
        throw new Error(`${path} names a message group picked by key (${BY_KEY.join(', ')})`);
      }
    }
  };

  return {
    name: 'rollout-coordinator:ui-messages',
    buildStart() {
      checkByKey();
    },
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
        const errorCases = resources.map(
          (r) =>
            `    case ${JSON.stringify(r.key)}: return import(${JSON.stringify(`${PART}${ERRORS_PART}.${r.key}`)}).then((m) => m.default);`,
        );
        return [
          'export function loadErrorMessages(locale) {',
          '  switch (locale) {',
          ...errorCases,
          '    default: return Promise.reject(new Error(`No error messages in ${locale}`));',
          '  }',
          '}',
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
        this.addWatchFile(join(options.root, 'locales'));
        if (part === ERRORS_PART) {
          const whole = locale === fallback ? english : merge(file(locale), english);
          const errors = whole[ERRORS];
          const tree = typeof errors === 'object' ? { [ERRORS]: errors } : {};
          return `export default JSON.parse(${JSON.stringify(JSON.stringify(parsed(tree)))});`;
        }
        const known = new Set(Object.keys(english));
        const entry = surface === STARTUP ? undefined : resolveSource(main, `./${surface}`);
        if (surface !== STARTUP && !entry) throw new Error(`No source for ${surface}`);
        const { groups, errorKeys, keysOf } = entry
          ? groupsOf(entry, english)
          : {
              groups: new Set(ALWAYS.filter((g) => known.has(g))),
              errorKeys: new Set(),
              keysOf: new Map(),
            };
        const whole = locale === fallback ? english : merge(file(locale), english);
        /** @type {Tree} */
        const picked = {};
        for (const group of [...groups].sort()) {
          const value = whole[group];
          const keys = keysOf.get(group);
          if (keys && typeof value === 'object') {
            picked[group] = Object.fromEntries(
              Object.entries(value).filter(([key]) => keys.has(key)),
            );
          } else if (value !== undefined) picked[group] = value;
        }
        const errors = whole[ERRORS];
        if (typeof errors === 'object' && !groups.has(ERRORS)) {
          /** @type {Tree} */
          const named = {};
          for (const key of [...errorKeys].sort()) {
            const value = at(errors, key);
            if (value !== undefined) put(named, key, value);
          }
          picked[ERRORS] = named;
        }
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(parsed(picked)))});`;
      }
      return null;
    },
  };
}
