/**
 * Which Atlassian apps the app's installation reaches, read from what the platform says about it.
 *
 * The manifest makes Jira the required app and Confluence an optional one (`app.compatibility`):
 * one installation, made in Jira and then connected to Confluence. Rollouts live in Jira (their
 * issue, approvals, the gate), so a Confluence surface of an installation that does not reach
 * Jira cannot do anything useful and must say so instead of failing on its first Jira call.
 * See docs/decisions/0006-one-installation-for-jira-and-confluence.md.
 */
import { RequestProductNotAllowedError } from '@forge/api';
import { refuse } from '../app/failures';
import type { AppFailure } from '../contract';

/**
 * The Atlassian apps named by an installation summary (`context.installation`): each context is
 * a site ARI (`ari:cloud:jira::site/<cloudId>`), given as an object whose `toString()` answers it
 * (as `@forge/api` types it), as the string itself, or as `{ name: 'jira' }` (the Forge remote
 * contract's form). Undefined when the platform sent no summary or nothing readable in it.
 */
export function installedApps(installation: unknown): ReadonlySet<string> | undefined {
  if (typeof installation !== 'object' || installation === null) return undefined;
  const contexts = (installation as { contexts?: unknown }).contexts;
  if (!Array.isArray(contexts)) return undefined;
  const apps = new Set<string>();
  for (const context of contexts) {
    const app = appOfContext(context);
    if (app !== undefined) apps.add(app);
  }
  return apps.size > 0 ? apps : undefined;
}

function appOfContext(context: unknown): string | undefined {
  if (typeof context === 'string') return appOfAri(context);
  if (typeof context !== 'object' || context === null) return undefined;
  const named = (context as { name?: unknown }).name;
  if (typeof named === 'string' && named !== '') return named.toLowerCase();
  // Only an own `toString` says anything: Object's default answers "[object Object]".
  if (Object.prototype.hasOwnProperty.call(context, 'toString')) {
    const ari: unknown = (context as { toString: () => unknown }).toString();
    return typeof ari === 'string' ? appOfAri(ari) : undefined;
  }
  return undefined;
}

function appOfAri(ari: string): string | undefined {
  return /^ari:cloud:([a-z-]+):/u.exec(ari)?.[1];
}

/**
 * Whether the installation is known NOT to reach Jira: the platform listed where it is installed
 * and Jira is not among them. Without a summary nothing is assumed (the first Jira call decides).
 */
export function jiraNotConnected(context: Record<string, unknown>): boolean {
  const apps = installedApps(context.installation);
  return apps !== undefined && !apps.has('jira');
}

/** The SDK's refusal of a Jira call from an installation that does not reach Jira. */
export function isJiraRefused(error: unknown): boolean {
  // The SDK words it "Request jira is not allowed from confluence context." and keeps no field.
  return (
    error instanceof RequestProductNotAllowedError && error.message.startsWith('Request jira ')
  );
}

export function jiraNotConnectedFailure(): AppFailure {
  return refuse('errors.jira.notConnected');
}
