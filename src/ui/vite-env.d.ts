/// <reference types="vite/client" />

/** The UI's translations per surface, made at build time (scripts/vite-ui-messages.mjs). */
declare module 'virtual:ui-messages' {
  /** The locale files the app ships, the default first. */
  export const LOCALES: readonly string[];
  export const FALLBACK_LOCALE: string;
  /**
   * The messages of one surface ('surfaces/macro/MacroStatus' as main.tsx imports it), of one
   * part that loads its own ('surfaces/strategy/StrategyWizard', named by its marker line), or
   * 'startup', in one shipped locale, the default locale's text standing in for missing keys.
   */
  export function loadMessages(
    surface: string,
    locale: string,
  ): Promise<import('../i18n/format').ParsedTree>;
  /** The whole catalogue of errors (`errors.*`) in one shipped locale, loaded on demand. */
  export function loadErrorMessages(locale: string): Promise<import('../i18n/format').ParsedTree>;
}
