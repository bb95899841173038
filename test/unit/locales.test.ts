/**
 * The locale files: one message source for the UI and the functions. Each file in locales/ is
 * listed in the manifest (Forge ships only those), every shipped language says every message the
 * default one says, with the same arguments, and every message is valid ICU MessageFormat.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { APP_ROOT } from '../../local/app-code';
import { loadManifest } from '../../local/manifest';
import { formatMessage, type MessageTree } from '../../src/i18n/format';

const manifest = loadManifest(APP_ROOT).manifest;
const translations = manifest.translations ?? { resources: [], fallback: { default: '' } };

function messagesOf(file: string): Map<string, string> {
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

/** The arguments a message uses, by name (plural and select branches included). */
function argumentsOf(text: string, locale: string): string[] {
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

const files = translations.resources.map((resource) => ({
  locale: resource.key,
  messages: messagesOf(resource.path),
}));
const fallback = files.find((file) => file.locale === translations.fallback.default);

describe('the locale files', () => {
  it('are each listed in manifest.yml, the default one included', () => {
    const onDisk = readdirSync(join(APP_ROOT, 'locales'))
      .filter((name) => name.endsWith('.json'))
      .map((name) => `locales/${name}`)
      .sort();
    expect(translations.resources.map((resource) => resource.path).sort()).toEqual(onDisk);
    expect(translations.resources.map((r) => `locales/${r.key}.json`).sort()).toEqual(onDisk);
    expect(fallback).toBeDefined();
  });

  it.each(files.map((file) => [file.locale, file] as const))(
    '%s is valid ICU MessageFormat, message by message',
    (locale, file) => {
      const broken = [...file.messages].filter(([, text]) => {
        try {
          argumentsOf(text, locale);
          return false;
        } catch {
          return true;
        }
      });
      expect(broken).toEqual([]);
    },
  );

  it.each(files.filter((file) => file !== fallback).map((file) => [file.locale, file] as const))(
    '%s says every message of the default language, with the same arguments, and no other',
    (locale, file) => {
      const base = fallback?.messages ?? new Map<string, string>();
      // `language.*` are a file's own settings (its date locale), not messages.
      const keys = (messages: Map<string, string>) =>
        [...messages.keys()].filter((key) => !key.startsWith('language.')).sort();
      expect(keys(file.messages)).toEqual(keys(base));
      const differing = [...base].filter(
        ([key, text]) =>
          !key.startsWith('language.') &&
          JSON.stringify(argumentsOf(text, 'en-US')) !==
            JSON.stringify(argumentsOf(file.messages.get(key) ?? '', locale)),
      );
      expect(differing.map(([key]) => key)).toEqual([]);
    },
  );

  it('format a message without plural, select or number as plain {name} replacement did', () => {
    for (const file of files) {
      for (const [key, text] of file.messages) {
        if (/\{\s*\w+\s*,/u.test(text)) continue;
        const params = Object.fromEntries(
          argumentsOf(text, file.locale).map((name) => [name, `<${name}>`]),
        );
        const replaced = text.replace(/\{(\w+)\}/gu, (_, name: string) => `<${name}>`);
        expect([key, formatMessage(text, file.locale, params)]).toEqual([key, replaced]);
      }
    }
  });
});
