/**
 * Translations through Forge i18n: the manifest's `translations` resources, served to the iframe
 * by the platform and read with @forge/bridge `i18n`. The locale is the user's, from the context.
 * Messages are ICU MessageFormat, formatted as the functions format them (`src/i18n/format.ts`):
 * `{name}` is filled from params, `{count, plural, …}` picks the language's plural form. Missing
 * keys fall back to English, then the key.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { i18n } from '@forge/bridge';
import { ensureLocale, I18N_BUNDLE_FOLDER_NAME, I18N_INFO_FILE_NAME } from '@forge/i18n';
import { languagePart, type Language } from '../domain/language';
import { formatDate } from '../i18n/dates';
import { formatMessage, lookup, type MessageParams, type MessageTree } from '../i18n/format';

export interface Translator {
  locale: string;
  t: (key: string, params?: MessageParams) => string;
  formatDate: (iso: string) => string;
  /** The languages the app ships (one per locale file), the default first. */
  languages: readonly Language[];
}

export function makeTranslator(
  locale: string,
  primary: MessageTree | null,
  fallback: MessageTree | null,
  languages: readonly Language[] = [],
): Translator {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    t: (key, params) => {
      const own = lookup(primary, key);
      if (own !== undefined) return formatMessage(own, locale, params);
      // An English stand-in counts in English.
      const standIn = lookup(fallback, key);
      return standIn === undefined ? key : formatMessage(standIn, 'en-US', params);
    },
    formatDate: (iso) => formatDate(dates, locale, new Date(iso)),
    languages,
  };
}

/**
 * The languages of the locale files Forge serves beside the app (the list @forge/bridge reads
 * before any translation), the default first; none when it cannot be read, and screens offer
 * what they know.
 */
async function shippedLanguages(): Promise<Language[]> {
  try {
    const response = await fetch(`./${I18N_BUNDLE_FOLDER_NAME}/${I18N_INFO_FILE_NAME}`);
    const info = (await response.json()) as {
      config?: { locales?: unknown; fallback?: { default?: unknown } };
    };
    const locales = Array.isArray(info.config?.locales) ? info.config.locales.map(String) : [];
    const fallback = info.config?.fallback?.default;
    const first = typeof fallback === 'string' ? fallback : '';
    const ordered = [...locales.filter((l) => l === first), ...locales.filter((l) => l !== first)];
    return [...new Set(ordered.map(languagePart))];
  } catch {
    return [];
  }
}

/** Loads the user's translations and the English fallback. */
export async function loadTranslator(rawLocale: string): Promise<Translator> {
  // Forge knows a fixed set of locales; an unknown one falls back to English.
  const locale = ensureLocale(rawLocale) ?? 'en-US';
  const [primary, fallback, languages] = await Promise.all([
    i18n.getTranslations(locale),
    locale === 'en-US' ? Promise.resolve(null) : i18n.getTranslations('en-US'),
    shippedLanguages(),
  ]);
  return makeTranslator(
    primary.locale,
    primary.translations,
    fallback?.translations ?? null,
    languages,
  );
}

const TranslatorContext = createContext<Translator>(makeTranslator('en-US', null, null));

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
