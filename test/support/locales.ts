/** The shipped locale files as tests read them: flat messages by dotted key, and their arguments. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { APP_ROOT } from '../../local/app-code';
import { loadManifest } from '../../local/manifest';
import type { MessageTree } from '../../src/i18n/format';

/** The messages of a locale file (a path under the app's root), by dotted key. */
export function messagesOf(file: string): Map<string, string> {
  const flat = new Map<string, string>();
  const walk = (tree: MessageTree, prefix: string): void => {
    for (const [key, value] of Object.entries(tree)) {
      if (typeof value === 'string') flat.set(prefix + key, value);
      else walk(value, `${prefix}${key}.`);
    }
  };
  walk(JSON.parse(readFileSync(join(APP_ROOT, file), 'utf8')) as MessageTree, '');
  return flat;
}

/** The arguments a message uses, by name (plural and select branches included), sorted. */
export function argumentsOf(text: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: readonly unknown[]): void => {
    for (const element of elements) {
      const node = element as {
        type: number;
        value?: unknown;
        options?: Record<string, { value: unknown[] }>;
      };
      // 1 to 6: argument, number, date, time, select, plural (formatjs' TYPE).
      if (node.type >= 1 && node.type <= 6 && typeof node.value === 'string') names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

export const translations = loadManifest(APP_ROOT).manifest.translations ?? {
  resources: [],
  fallback: { default: '' },
};

/** Every locale file the manifest ships, with its messages. */
export const localeFiles = translations.resources.map((resource) => ({
  locale: resource.key,
  path: resource.path,
  messages: messagesOf(resource.path),
}));
