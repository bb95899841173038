/**
 * Stands in for `@atlaskit/platform-feature-flags` in the browser build (vite.config.mjs aliases
 * it here). Atlaskit components ask it for platform flags; the real package answers through a
 * Statsig client (`@atlaskit/feature-gate-js-client`, about 30 KB gzip on every surface) that only
 * Atlassian's own products initialise. In a Forge iframe nothing does, so every flag already
 * resolved to false, after a "Client must be initialized" warning in the console. This answers
 * false at once, as the package does when its client is not ready: components keep their
 * default (published) behaviour. Decision 0026.
 */

/** Whether the platform feature flag named by its caller is on: never, in a Forge app. */
export function fg(): boolean {
  return false;
}

/** The older name of `fg`. */
export function getBooleanFF(): boolean {
  return false;
}

/** Products install their own flag resolver; an app has none to install. */
export function setBooleanFeatureFlagResolver(): void {
  // Nothing to keep: every flag is off.
}
