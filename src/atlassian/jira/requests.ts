/**
 * What every part of the Jira client shares: who it calls as (the acting user, or the app), the
 * headers, and the retry policy for the invocation's remaining time.
 */
import api, { getAppContext } from '@forge/api';
import { DEFAULT_RETRY, type RetryPolicy } from '../retry';

export interface JiraClientOptions {
  /**
   * Whom `asUser` calls act as when the invocation has no user of its own (an async event
   * consumer acting for whoever asked for the work); the invocation's user when absent.
   */
  actingAs?: string;
  /**
   * A bulk create that Jira throttles comes back at once, with Jira's Retry-After, instead of
   * being waited out inside the invocation: an async consumer hands the wait to the platform.
   */
  handBackThrottling?: boolean;
}

export interface JiraRequests {
  asUser: ReturnType<typeof api.asUser>;
  asApp: ReturnType<typeof api.asApp>;
  headers: { Accept: string };
  retry: () => RetryPolicy;
  handBackThrottling: boolean;
}

function retryPolicy(): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    remainingMs: () => {
      try {
        return getAppContext().invocationRemainingTimeInMillis();
      } catch {
        return DEFAULT_RETRY.remainingMs();
      }
    },
  };
}

export function jiraRequests(options: JiraClientOptions): JiraRequests {
  return {
    asUser: api.asUser(options.actingAs),
    asApp: api.asApp(),
    headers: { Accept: 'application/json' },
    retry: retryPolicy,
    handBackThrottling: options.handBackThrottling === true,
  };
}
