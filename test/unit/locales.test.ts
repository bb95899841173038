/**
 * The locale files: one message source for the UI and the functions. Each file in locales/ is
 * listed in the manifest (Forge ships only those), every shipped language says every message the
 * default one says, with the same arguments, and every message is valid ICU MessageFormat.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT } from '../../local/app-code';
import { formatMessage } from '../../src/i18n/format';
import { argumentsOf, localeFiles as files, translations } from '../support/locales';

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
