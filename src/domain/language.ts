/**
 * The languages the app speaks. A language is one of the locale files the app ships
 * (`locales/<Forge locale>.json`, listed under the manifest's `translations`), named by the
 * language part of that file's locale: 'en' for en-US.json, 'fr' for fr-FR.json. The files
 * decide which languages exist, so nothing in code lists them; adding German is adding
 * `locales/de-DE.json`. Pure and zod-free: the UI imports it too.
 */

/** A language code ('en', 'fr'): the language part of a shipped locale file's name. */
export type Language = string;

/** The language part of a locale, lower case: 'fr' for "fr-FR", "fr_CA" or "FR". */
export function languagePart(locale: string | undefined): string {
  return (locale ?? '').split(/[-_]/u)[0]?.toLowerCase() ?? '';
}

/** A language's name in itself, as a list of choices shows it: "English", "Français". */
export function languageName(language: Language): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

/**
 * The language of `available` that a reader of `locale` reads (French for fr-*), or `fallback`
 * when the app does not speak theirs.
 */
export function pickLanguage(
  locale: string | undefined,
  available: readonly Language[],
  fallback: Language,
): Language {
  const wanted = languagePart(locale);
  return available.find((language) => language === wanted) ?? fallback;
}
