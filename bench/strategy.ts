/**
 * Strategy: pushing plans of 10, 100 and 500 sessions to Jira as a background job (the resolver
 * queues it, the `push-plan` consumer creates the issues in bulk, ≤ 50 a call), then pushing
 * again (creates nothing), then as if the push had been made before work issues were children of
 * the anchor (each moved once) and again: bulk calls, edits, link removals, permission checks, REST
 * and storage calls of the resolver and of the consumer, with their transactions apart, each
 * against an absolute budget. The Rollout status
 * macro's load is measured in bench/macro.ts.
 */
import { performance } from 'node:perf_hooks';
import { startLocalHost } from '../local/host';
import { call } from '../test/support/host';
import { uuid } from '../test/support/rollouts';
import { asEarlierPush, confluenceModule, makeStrategy } from '../test/support/strategy';
import { table } from './measure';

const PUSH_SIZES = [10, 100, 500] as const;

interface PushBudget {
  /** Bulk creates (`POST /rest/api/3/issue/bulk`, 50 issues each) over the whole push. */
  bulk: number;
  /** REST and storage calls of the consumer's deliveries, together. */
  consumerRest: number;
  consumerStorage: number;
  /** Of the consumer's storage calls, the transactions: the job's conditional progress writes. */
  consumerTransactions: number;
}

/**
 * Absolute budgets, by plan size. A first push makes one bulk call per 50 issues and nothing
 * else that grows with the plan but its progress writes; a repeat push creates nothing and reads
 * what exists in one search (a page per 100 issues).
 */
const FIRST_PUSH: Record<(typeof PUSH_SIZES)[number], PushBudget> = {
  10: { bulk: 1, consumerRest: 6, consumerStorage: 8, consumerTransactions: 4 },
  100: { bulk: 2, consumerRest: 7, consumerStorage: 9, consumerTransactions: 5 },
  500: { bulk: 10, consumerRest: 15, consumerStorage: 17, consumerTransactions: 13 },
};
const REPEAT_PUSH: Record<(typeof PUSH_SIZES)[number], PushBudget> = {
  10: { bulk: 0, consumerRest: 2, consumerStorage: 5, consumerTransactions: 3 },
  100: { bulk: 0, consumerRest: 2, consumerStorage: 5, consumerTransactions: 3 },
  500: { bulk: 0, consumerRest: 6, consumerStorage: 5, consumerTransactions: 3 },
};
/**
 * The push after one made before work issues were children of the anchor: the repeat push's
 * calls, a look at the anchor, then one edit and one link removal per earlier issue, once; a
 * progress write per 50 moves. The push after it is a plain repeat push again.
 */
function migrateBudget(sessions: (typeof PUSH_SIZES)[number]): PushBudget {
  const repeat = REPEAT_PUSH[sessions];
  return {
    bulk: 0,
    consumerRest: repeat.consumerRest + 1 + 2 * sessions,
    consumerStorage: repeat.consumerStorage + Math.ceil(sessions / 50),
    consumerTransactions: repeat.consumerTransactions + Math.ceil(sessions / 50),
  };
}
/**
 * The resolver only queues: the anchor and one permission check (edit it, create in its
 * project), a count; the rollout, the job and its write (a transaction once a job exists).
 */
const START_BUDGET = { rest: 3, storage: 3, transactions: 1 };
/** `mypermissions` once to start and once in the consumer, whatever the plan's size. */
const PERMISSION_CHECKS = 2;
function within(actual: number, budget: number): string {
  return actual <= budget
    ? `${String(actual)} ≤ ${String(budget)}`
    : `${String(actual)} > ${String(budget)} OVER`;
}

export async function benchStrategy(): Promise<{ report: string; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const [n, sessions] of PUSH_SIZES.entries()) {
    const host = await startLocalHost({ memory: true });
    const detail = await makeStrategy(host, {
      sessions,
      phases: 3,
      requestId: uuid(800 + n),
      title: `Rollout of ${String(sessions)} sessions`,
    });
    for (const round of ['push', 'repeat push', 'migrate push', 'repeat push'] as const) {
      if (round === 'migrate push')
        asEarlierPush(host, detail.rollout.id, detail.rollout.issue.key);
      const budget =
        round === 'push'
          ? FIRST_PUSH[sessions]
          : round === 'migrate push'
            ? migrateBudget(sessions)
            : REPEAT_PUSH[sessions];
      // Jira's events about the new issues go to another function (work-events): held during
      // the push, so its seeding of their states never contends with them here.
      host.productEvents.pause();
      host.products.resetStats();
      const deliveriesBefore = host.events.deliveries.length;
      const started = performance.now();
      const outcome = await call(confluenceModule(host), 'coordinator', 'strategy/push', {
        rolloutId: detail.rollout.id,
      });
      if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
      await host.events.drain(120_000);
      const ms = performance.now() - started;
      // Read before the status call below, which checks access on its own.
      const checks = host.products.stats.byRoute['GET /rest/api/3/mypermissions'] ?? 0;
      host.productEvents.release();
      await host.productEvents.idle();
      const status = await call(confluenceModule(host), 'coordinator', 'strategy/push-status', {
        rolloutId: detail.rollout.id,
      });
      if (!status.envelope.ok) throw new Error(status.envelope.error.message);
      const { job, inJira, total } = status.envelope.data;
      const deliveries = host.events.deliveries.slice(deliveriesBefore);
      const rest = deliveries.reduce((sum, d) => sum + (d.counters?.product ?? 0), 0);
      const storage = deliveries.reduce((sum, d) => sum + (d.counters?.storage ?? 0), 0);
      const transactions = deliveries.reduce((sum, d) => sum + (d.transactions ?? 0), 0);
      const bulk = host.products.stats.byRoute['POST /rest/api/3/issue/bulk'] ?? 0;
      const edits = host.products.stats.byRoute['PUT /rest/api/3/issue/{issueIdOrKey}'] ?? 0;
      const unlinks = host.products.stats.byRoute['DELETE /rest/api/3/issueLink/{linkId}'] ?? 0;
      const moves = round === 'migrate push' ? sessions : 0;
      rows.push([
        `${String(sessions)} sessions`,
        round,
        within(bulk, budget.bulk),
        within(outcome.counters.product, START_BUDGET.rest),
        within(outcome.counters.storage, START_BUDGET.storage),
        within(outcome.transactions, START_BUDGET.transactions),
        within(rest, budget.consumerRest),
        within(storage, budget.consumerStorage),
        within(transactions, budget.consumerTransactions),
        within(checks, PERMISSION_CHECKS),
        deliveries.length,
        ms,
        `${String(edits)}/${String(moves)}`,
        `${String(unlinks)}/${String(moves)}`,
        `${String(inJira)}/${String(total)} in Jira, ${String(job?.created ?? 0)} created, ${String(job?.moved ?? 0)} moved`,
      ]);
      ok &&=
        bulk <= budget.bulk &&
        outcome.counters.product <= START_BUDGET.rest &&
        outcome.counters.storage <= START_BUDGET.storage &&
        outcome.transactions <= START_BUDGET.transactions &&
        rest <= budget.consumerRest &&
        storage <= budget.consumerStorage &&
        transactions <= budget.consumerTransactions &&
        checks <= PERMISSION_CHECKS &&
        job?.state === 'done' &&
        inJira === total &&
        job.created === (round === 'push' ? sessions : 0) &&
        job.moved === moves &&
        edits === moves &&
        unlinks === moves;
    }
    await host.close();
  }

  return {
    report: [
      'Push plan to Jira, as a background job (calls against their absolute budgets, transactions counted apart among storage calls; ms until done)',
      table(
        [
          'plan',
          'call',
          'bulk calls',
          'start REST',
          'start storage',
          'start transactions',
          'consumer REST',
          'consumer storage',
          'consumer transactions',
          'permission checks',
          'deliveries',
          'ms',
          'edits',
          'unlinks',
          'result',
        ],
        rows,
      ),
    ].join('\n'),
    ok,
  };
}
