/**
 * Helpers for the "Push plan to Jira" job's tests, bound to the host of the running test: the
 * push and its status as the Confluence space page asks for them, the bulk creations Jira saw
 * (and failing them part-way), and waiting for the queue.
 */
import type { LocalHost } from '../../local/host';
import type { ProductRequest } from '../../local/runtime';
import type { PushStatus, StrategyDetail } from '../../src/contract';
import { call, ok } from './host';
import {
  confluenceModule,
  makeStrategy,
  pushPlan,
  workProperties,
  type StrategyOptions,
} from './strategy';

export function isBulk(request: ProductRequest): boolean {
  return (
    request.product === 'jira' &&
    request.method === 'POST' &&
    request.path === '/rest/api/3/issue/bulk'
  );
}

export async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The push helpers, each reading the host `current()` answers when it runs. */
export function pushHelpers(current: () => LocalHost) {
  return {
    start: (rolloutId: string, as = 'coordinator') => {
      return call(confluenceModule(current()), as, 'strategy/push', { rolloutId });
    },

    status: (rolloutId: string, as = 'coordinator'): Promise<PushStatus> => {
      return ok(call(confluenceModule(current()), as, 'strategy/push-status', { rolloutId }));
    },

    pushOk: (rolloutId: string): Promise<PushStatus> => {
      return pushPlan(current(), rolloutId);
    },

    /** Each plan item has exactly one issue: no item missing, none twice. */
    expectOneIssuePerItem: (detail: StrategyDetail, expected: number): void => {
      const ids = workProperties(current(), detail.rollout.id).map((p) => p.planItemId);
      expect(ids).toHaveLength(expected);
      expect(new Set(ids).size).toBe(expected);
    },

    bulkCalls: (): number => {
      return current().products.stats.byRoute['POST /rest/api/3/issue/bulk'] ?? 0;
    },

    /** Lets the first `after` bulk calls through, then fails the next `times` with 500. */
    failBulkAfter: (after: number, times: number): void => {
      const host = current();
      let seen = 0;
      const original = host.products.handle.bind(host.products);
      jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
        const response = await original(request);
        if (isBulk(request)) {
          seen += 1;
          if (seen === after) {
            host.products.faults.add({
              pathPattern: '^/rest/api/3/issue/bulk$',
              kind: 'status500',
              times,
            });
          }
        }
        return response;
      });
    },

    strategy: (options: StrategyOptions = {}): Promise<StrategyDetail> => {
      return makeStrategy(current(), options);
    },
  };
}
