/**
 * The words of the app's functions (e-mails, the workflow gate, the strategy page and template,
 * Jira issue texts), from the same locale files the UI reads: `message(language, key, params)`.
 * A key missing in a language reads in the default one; a language the app does not ship reads
 * as the default one.
 */
import type { Language } from '../domain/language';
import { readLocaleBundle, forgeLocalesDir } from './bundle';
import { createCatalogue, type Catalogue } from './catalogue';
import type { MessageParams } from './format';

export type { Language } from '../domain/language';
export type { MessageParams } from './format';

/** By bundle folder: one per process on Forge; the local host's tests switch between apps. */
const catalogues = new Map<string, Catalogue>();

/** The catalogue of the running function's locale files. */
export function appCatalogue(): Catalogue {
  const dir = forgeLocalesDir();
  let catalogue = catalogues.get(dir);
  if (!catalogue) {
    const bundle = readLocaleBundle(dir);
    catalogue = createCatalogue(bundle.files, bundle.defaultLocale);
    catalogues.set(dir, catalogue);
  }
  return catalogue;
}

/** The message at `key` (a dotted path in the locale files) in `language`. */
export function message(language: Language, key: string, params?: MessageParams): string {
  return appCatalogue().message(language, key, params);
}

/** The language for a reader of `locale` (French for fr-*, the default language otherwise). */
export function languageOf(locale: string | undefined): Language {
  return appCatalogue().languageOf(locale);
}

/** The language anyone reads whose own the app does not ship. */
export function defaultLanguage(): Language {
  return appCatalogue().defaultLanguage;
}

/** Whether the app ships `value` as a language. */
export function isLanguage(value: string): value is Language {
  return appCatalogue().languages.includes(value);
}

/** Every shipped language, the default first. */
export function languages(): readonly Language[] {
  return appCatalogue().languages;
}

/** The BCP 47 locale `language` writes dates, lists and numbers in. */
export function intlLocale(language: Language): string {
  return appCatalogue().intlLocale(language);
}
