/**
 * Switchable faults for tests and demos: a rate limit (429), a server error (500) or extra
 * latency on the product calls (or, with `product: 'storage'`, the Forge storage calls) whose
 * path matches a pattern, for a number of calls or until cleared. This is how the app's retry
 * policy (honour Retry-After, never retry unsafe writes) is exercised without a real site.
 */
import type { ProductName } from '../runtime';
import { jiraError } from './http';

/** What a rule can target: a product's REST API, or Forge storage (the KVS emulator). */
export type FaultTarget = ProductName | 'storage';

export interface FaultRule {
  product?: FaultTarget;
  /** Any method when absent; compared case-insensitively. */
  method?: string;
  /** A RegExp source matched against the path without query, e.g. `^/rest/api/3/issue/`. */
  pathPattern: string;
  kind: 'status429' | 'status500' | 'latency';
  /** For `status429`; 1 second when absent. */
  retryAfterSeconds?: number;
  /** For `latency`. */
  latencyMs?: number;
  /** How many matching calls the rule affects; until cleared when absent. */
  times?: number;
  /**
   * How many matching calls go through untouched before the rule acts: `skip: 2, times: 1`
   * fails the third bulk create and only that one.
   */
  skip?: number;
  /**
   * For `status429`/`status500`: the call is carried out first and only its answer is replaced,
   * as when a connection drops after the product committed. The client cannot tell what happened.
   */
  afterHandling?: boolean;
}

export interface FaultController {
  /** Adds a rule and answers its id (for `clear`). Throws on an invalid `pathPattern`. */
  add(rule: FaultRule): string;
  /** Removes one rule, or all rules without an id. */
  clear(id?: string): void;
  /** The active rules, `times` showing what is left of each. */
  list(): FaultRule[];
}

/** What the matching rules do to one call. */
export interface FaultOutcome {
  delayMs: number;
  /** A rule that replaces the answer, if any. */
  answer: FaultRule | undefined;
}

interface ActiveRule {
  id: string;
  rule: FaultRule;
  pattern: RegExp;
  remaining: number | undefined;
  /** Matching calls still to let through before acting. */
  toSkip: number;
}

export class FaultRegistry implements FaultController {
  private readonly rules: ActiveRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): string {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new Error(`Fault "times" must be a positive integer, got ${rule.times}`);
    }
    if (rule.kind === 'latency' && (rule.latencyMs ?? -1) < 0) {
      throw new Error('A latency fault needs a non-negative "latencyMs"');
    }
    if (rule.skip !== undefined && (!Number.isInteger(rule.skip) || rule.skip < 0)) {
      throw new Error(`Fault "skip" must be a non-negative integer, got ${rule.skip}`);
    }
    if (rule.afterHandling && rule.kind === 'latency') {
      throw new Error('"afterHandling" applies to status faults only');
    }
    const id = `fault-${this.nextId++}`;
    // Compiled here so a typo in a test fails at `add`, not silently at match time.
    this.rules.push({
      id,
      rule: { ...rule },
      pattern: new RegExp(rule.pathPattern),
      remaining: rule.times,
      toSkip: rule.skip ?? 0,
    });
    return id;
  }

  clear(id?: string): void {
    if (id === undefined) {
      this.rules.length = 0;
      return;
    }
    const index = this.rules.findIndex((active) => active.id === id);
    if (index >= 0) this.rules.splice(index, 1);
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule, remaining, toSkip }) => {
      const listed: FaultRule =
        remaining === undefined ? { ...rule } : { ...rule, times: remaining };
      if (rule.skip !== undefined) listed.skip = toSkip;
      return listed;
    });
  }

  /**
   * Applies the rules to one call and consumes one `times` of each rule that acts on it (or one
   * `skip` of a rule still letting calls through): every matching latency rule adds its delay
   * (so "slow and then rate-limited" can be composed), and the first matching status rule, in
   * the order added, replaces the answer.
   */
  take(product: FaultTarget, method: string, pathname: string): FaultOutcome {
    const outcome: FaultOutcome = { delayMs: 0, answer: undefined };
    for (const active of [...this.rules]) {
      const { rule } = active;
      if (rule.product !== undefined && rule.product !== product) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!active.pattern.test(pathname)) continue;
      if (active.toSkip > 0) {
        active.toSkip -= 1;
        continue;
      }
      if (rule.kind === 'latency') {
        outcome.delayMs += rule.latencyMs ?? 0;
      } else if (outcome.answer === undefined) {
        outcome.answer = rule;
      } else {
        continue;
      }
      this.consume(active);
    }
    return outcome;
  }

  private consume(active: ActiveRule): void {
    if (active.remaining === undefined) return;
    active.remaining -= 1;
    if (active.remaining <= 0) this.clear(active.id);
  }
}

/**
 * Jira Cloud's rate-limit answer (developer.atlassian.com/cloud/jira/platform/rate-limiting/):
 * `Retry-After` in seconds, `X-RateLimit-Reset` as an ISO 8601 instant (`yyyy-MM-ddTHH:mmZ`),
 * the budget headers and the reason. The body is Jira's usual `ErrorCollection`.
 */
export function rateLimitedResponse(retryAfterSeconds: number, now: Date = new Date()): Response {
  const reset = new Date(now.getTime() + retryAfterSeconds * 1000).toISOString().slice(0, 16) + 'Z';
  return jiraError(
    429,
    ['Rate limit exceeded.'],
    {},
    {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': reset,
      'ratelimit-reason': 'jira-burst-based',
    },
  );
}

export function serverErrorResponse(): Response {
  return jiraError(500, ['Internal server error']);
}

/**
 * Confluence's error body (v2: `{errors: [{status, code, title, detail}]}`), with the same
 * rate-limit headers as Jira: both sit behind the same Atlassian edge.
 */
function confluenceFault(rule: FaultRule): Response {
  const rateLimited = rule.kind === 'status429';
  const status = rateLimited ? 429 : 500;
  const headers = rateLimited
    ? Object.fromEntries(rateLimitedResponse(rule.retryAfterSeconds ?? 1).headers.entries())
    : {};
  const title = rateLimited ? 'Too Many Requests' : 'Internal Server Error';
  return new Response(
    JSON.stringify({
      errors: [{ status, code: title.toUpperCase().replace(/ /g, '_'), title, detail: null }],
    }),
    { status, headers: { ...headers, 'content-type': 'application/json;charset=UTF-8' } },
  );
}

/** The answer a status rule stands for, in the product's own error shape. */
export function faultResponse(product: ProductName, rule: FaultRule): Response {
  if (product === 'confluence') return confluenceFault(rule);
  return rule.kind === 'status429'
    ? rateLimitedResponse(rule.retryAfterSeconds ?? 1)
    : serverErrorResponse();
}
