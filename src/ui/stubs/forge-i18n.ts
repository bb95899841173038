/**
 * `@forge/i18n` in the browser build (vite.config.mjs aliases it here). The bridge's getContext
 * needs only `ensureLocale`; the package's index also loads its translator and lodash. This is
 * the package's own function. Decision 0026.
 */
export { ensureLocale } from '../../../node_modules/@forge/i18n/out/ensureLocale.js';
