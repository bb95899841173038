/**
 * Suggested adjustments on a rollout's anchor (`suggestions/list`): one invoke at 10, 1,000 and
 * 10,000 rollout issues and with 4 and 100 departments, against absolute budgets of REST and
 * storage calls. The signals are read from bounded records (the work states, the first page of
 * each open problem status, the trained record, this week's answers), so nothing grows with the
 * issues or the departments. Times are printed, not judged.
 */
import { startLocalHost } from '../local/host';
import { call } from '../test/support/host';
import { issueExtension } from '../test/support/rollouts';
import { table } from './measure';
import { addIssues, rolloutWith, trainedBelowTarget } from './fixtures';

const ISSUE_COUNTS = [10, 1_000, 10_000] as const;
const DEPARTMENT_COUNTS = [4, 100] as const;
/** The issue and the user's rights (2); the names of who answered this week (1 when any). */
const REST_BUDGET = 3;
/**
 * The rollout (one indexed query), its work states (one read), open problems (one page per open
 * status: 2), the trained record (one read), this week's answers (one read), and the readiness
 * the pulses keep (the rollout's pulses and recent check-ins, one page each).
 */
const STORAGE_BUDGET = 8;
const SEED = { people: 'rc-bench-head', departments: 3000, request: 7000 };

export async function benchSuggestions(): Promise<{ report: string; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const departments of DEPARTMENT_COUNTS) {
    const host = await startLocalHost({ memory: true });
    const detail = await rolloutWith(host, departments, SEED);
    const anchorKey = detail.rollout.issue.key;
    await trainedBelowTarget(detail.rollout);
    let added = 0;
    for (const issues of ISSUE_COUNTS) {
      addIssues(host, detail, issues - added, added, { problems: true });
      added = issues;
      const outcome = await call(
        { host, moduleKey: 'rollout-panel', extension: issueExtension(host, anchorKey) },
        'coordinator',
        'suggestions/list',
        {},
      );
      if (!outcome.envelope.ok) throw new Error('the suggestions did not load');
      const { product, storage } = outcome.counters;
      const fits = product <= REST_BUDGET && storage <= STORAGE_BUDGET;
      ok &&= fits;
      rows.push([
        departments,
        issues,
        `${String(product)} ≤ ${String(REST_BUDGET)}${product > REST_BUDGET ? ' OVER' : ''}`,
        `${String(storage)} ≤ ${String(STORAGE_BUDGET)}${storage > STORAGE_BUDGET ? ' OVER' : ''}`,
        outcome.envelope.data.suggestions.length,
        outcome.ms,
      ]);
    }
    await host.close();
  }
  return {
    report: [
      'Suggested adjustments on the anchor (one invoke; REST and storage calls against absolute budgets, ms)',
      table(['departments', 'issues', 'REST', 'storage', 'suggestions', 'ms'], rows),
    ].join('\n'),
    ok,
  };
}
