/**
 * Translations through Forge i18n: the manifest's `translations` resources, served to the iframe
 * by the platform and read with @forge/bridge `i18n`. The locale is the user's, from the context.
 * `{name}` placeholders are filled from params; missing keys fall back to English, then the key.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { i18n } from '@forge/bridge';
import { ensureLocale } from '@forge/i18n';

type Params = Record<string, string | number>;
type Tree = { [key: string]: string | Tree };

export interface Translator {
  locale: string;
  t: (key: string, params?: Params) => string;
  formatDate: (iso: string) => string;
}

function lookup(tree: Tree | null, key: string): string | undefined {
  let node: string | Tree | undefined = tree ?? undefined;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function interpolate(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/gu, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function makeTranslator(
  locale: string,
  primary: Tree | null,
  fallback: Tree | null,
): Translator {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    t: (key, params) => interpolate(lookup(primary, key) ?? lookup(fallback, key) ?? key, params),
    formatDate: (iso) => dates.format(new Date(iso)),
  };
}

/** Loads the user's translations and the English fallback. */
export async function loadTranslator(rawLocale: string): Promise<Translator> {
  // Forge knows a fixed set of locales; an unknown one falls back to English.
  const locale = ensureLocale(rawLocale) ?? 'en-US';
  const [primary, fallback] = await Promise.all([
    i18n.getTranslations(locale),
    locale === 'en-US' ? Promise.resolve(null) : i18n.getTranslations('en-US'),
  ]);
  return makeTranslator(primary.locale, primary.translations, fallback?.translations ?? null);
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
