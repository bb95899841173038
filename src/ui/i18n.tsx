/**
 * Translations from the locale files (the manifest's `translations`), cut per surface at build
 * time (scripts/vite-ui-messages.mjs, decision 0026): a surface loads one module with the message
 * groups its code names, in its reader's language with the default locale's text merged in where
 * a key is missing. The locale is the user's, from the context. Messages are ICU MessageFormat,
 * parsed at build time and formatted as the functions format them (`src/i18n/format.ts`): `{name}` is filled from params,
 * `{count, plural, …}` picks the language's plural form. A missing key shows as itself.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { FALLBACK_LOCALE, LOCALES, loadErrorMessages, loadMessages } from 'virtual:ui-messages';
import { languagePart, type Language } from '../domain/language';
import { formatDate } from '../i18n/dates';
import { formatParsed, lookupParsed, type MessageParams, type ParsedTree } from '../i18n/format';

export interface Translator {
  locale: string;
  t: (key: string, params?: MessageParams) => string;
  formatDate: (iso: string) => string;
  /** The languages the app ships (one per locale file), the default first. */
  languages: readonly Language[];
}

/** The languages of the locale files the app ships, the default first. */
const LANGUAGES: readonly Language[] = [...new Set(LOCALES.map(languagePart))];

/**
 * The catalogue of errors (about 5 KB gzip) is not in a surface's messages: it loads when a
 * screen meets an error (`loadErrorTexts`, awaited by `call` before it hands a failure over), in
 * the locale of the surface's messages.
 */
let errorLocale: string | undefined;
let errorTree: ParsedTree | null = null;
let errorLoad: Promise<void> | undefined;

/** Fetches the error texts in the reader's language once; never fails (a key shows instead). */
export function loadErrorTexts(): Promise<void> {
  if (errorLocale === undefined) return Promise.resolve();
  errorLoad ??= loadErrorMessages(errorLocale).then(
    (tree) => {
      errorTree = tree;
    },
    () => {
      errorLoad = undefined;
    },
  );
  return errorLoad;
}

/** Whether the error texts are here; fetches them if not, and re-renders once they are. */
export function useErrorTexts(): boolean {
  const [ready, setReady] = useState(errorTree !== null);
  useEffect(() => {
    if (ready) return;
    let live = true;
    void loadErrorTexts().then(() => {
      if (live) setReady(errorTree !== null);
    });
    return () => {
      live = false;
    };
  }, [ready]);
  return ready;
}

export function makeTranslator(
  locale: string,
  messages: ParsedTree | null,
  languages: readonly Language[] = LANGUAGES,
): Translator {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    t: (key, params) => {
      const message =
        lookupParsed(messages, key) ??
        (key.startsWith('errors.') ? lookupParsed(errorTree, key) : undefined);
      return message === undefined ? key : formatParsed(message, locale, params);
    },
    formatDate: (iso) => formatDate(dates, locale, new Date(iso)),
    languages,
  };
}

/**
 * The shipped locale a reader of `locale` reads: the same locale, else one of their language
 * (fr-CA reads fr-FR), else the default.
 */
export function shippedLocale(locale: string): string {
  const language = languagePart(locale);
  return (
    LOCALES.find((shipped) => shipped.toLowerCase() === locale.toLowerCase()) ??
    LOCALES.find((shipped) => languagePart(shipped) === language) ??
    FALLBACK_LOCALE
  );
}

/** The user's locale as Intl reads it ("en_GB" → "en-GB"), or the default one when invalid. */
function intlLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale.replace(/_/gu, '-'))[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE;
  }
}

/**
 * Loads a surface's translations for the user ('startup' for the entry's own messages): the
 * texts of the file of their language, dates and numbers in their own locale (en-GB reads the
 * English file and sees 1 March).
 */
export async function loadTranslator(rawLocale: string, surface: string): Promise<Translator> {
  const shipped = shippedLocale(rawLocale);
  errorLocale = shipped;
  const messages = await loadMessages(surface, shipped);
  return makeTranslator(intlLocale(rawLocale), messages);
}

const TranslatorContext = createContext<Translator>(makeTranslator(FALLBACK_LOCALE, null));

export function TranslatorProvider(props: { translator: Translator; children: ReactNode }) {
  return (
    <TranslatorContext.Provider value={props.translator}>
      {props.children}
    </TranslatorContext.Provider>
  );
}

export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}
