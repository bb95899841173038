/**
 * `@forge/bridge` in the browser build (vite.config.mjs aliases it here): the same package, its
 * modules the UI calls and no others. The package is CommonJS and its index requires every module
 * (events, realtime, rovo, object store, modal…) with tslib; a bundler cannot drop the
 * unused ones, about 10 KB gzip on every surface. These are the package's own files, so the
 * calls behave exactly as through its index. Decision 0026.
 */
export { view } from '../../../node_modules/@forge/bridge/out/view/view.js';
export { invoke } from '../../../node_modules/@forge/bridge/out/invoke/invoke.js';
export { router } from '../../../node_modules/@forge/bridge/out/router/router.js';
export { events } from '../../../node_modules/@forge/bridge/out/events/events.js';
export { showFlag } from '../../../node_modules/@forge/bridge/out/flag/flag.js';
