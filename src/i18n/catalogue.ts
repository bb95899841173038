/**
 * The app's words in every language it ships, built from the locale files alone: one file per
 * language, the default language's file standing in for any message another one lacks. Pure:
 * `bundle.ts` reads the files.
 */
import { languagePart, pickLanguage, type Language } from '../domain/language';
import { formatMessage, lookup, type MessageParams, type MessageTree } from './format';

/** One locale file: its Forge locale key ("fr-FR") and its messages. */
export interface LocaleFile {
  locale: string;
  messages: MessageTree;
}

export interface Catalogue {
  /** The languages shipped, the default first. */
  readonly languages: readonly Language[];
  /** The language of the manifest's default locale: what anyone else reads. */
  readonly defaultLanguage: Language;
  /** The language for a reader of `locale` (their Jira or Confluence locale). */
  languageOf(locale: string | undefined): Language;
  /** The message at `key` in `language`, formatted with `params`. */
  message(language: Language, key: string, params?: MessageParams): string;
  /** The BCP 47 locale dates, lists and numbers of `language` are written in. */
  intlLocale(language: Language): string;
}

interface Entry {
  file: LocaleFile;
  intlLocale: string;
}

/**
 * A file may say in which locale its dates and numbers are written (`language.intlLocale`, its
 * own locale by default: en-US.json writes them as en-GB does, day first).
 */
function entryOf(file: LocaleFile): Entry {
  return { file, intlLocale: lookup(file.messages, 'language.intlLocale') ?? file.locale };
}

export function createCatalogue(files: readonly LocaleFile[], defaultLocale: string): Catalogue {
  const entries = new Map<Language, Entry>();
  for (const file of files) {
    const language = languagePart(file.locale);
    if (entries.has(language)) {
      throw new Error(`Two locale files for the language "${language}": keep one per language.`);
    }
    entries.set(language, entryOf(file));
  }
  const defaultLanguage = languagePart(defaultLocale);
  const fallback = entries.get(defaultLanguage);
  if (!fallback) throw new Error(`No locale file for the default locale ${defaultLocale}.`);
  const languages = [defaultLanguage, ...[...entries.keys()].filter((l) => l !== defaultLanguage)];
  const entry = (language: Language): Entry => entries.get(language) ?? fallback;

  return {
    languages,
    defaultLanguage,
    languageOf: (locale) => pickLanguage(locale, languages, defaultLanguage),
    message(language, key, params) {
      const own = entry(language);
      const text = lookup(own.file.messages, key);
      if (text !== undefined) return formatMessage(text, own.intlLocale, params);
      const standIn = lookup(fallback.file.messages, key);
      // Plural rules are the text's own language's: an English stand-in counts in English.
      return standIn === undefined ? key : formatMessage(standIn, fallback.intlLocale, params);
    },
    intlLocale: (language) => entry(language).intlLocale,
  };
}
