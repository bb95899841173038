/**
 * What every part of the Jira client shares: who it calls as (the acting user, or the app), the
 * headers, and the retry policy for the invocation's remaining time.
 */
import api from '@forge/api';
import { retryPolicy, type RetryPolicy } from '../retry';

export interface JiraClientOptions {
  /** The invocation's time left, which no retry waits past. */
  remainingMs: () => number;
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

export function jiraRequests(options: JiraClientOptions): JiraRequests {
  return {
    asUser: api.asUser(options.actingAs),
    asApp: api.asApp(),
    headers: { Accept: 'application/json' },
    retry: () => retryPolicy(options.remainingMs),
    handBackThrottling: options.handBackThrottling === true,
  };
}
