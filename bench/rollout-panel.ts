/**
 * The Rollout panel on a rollout's anchor issue: one invoke with its sections' first answers
 * (problems, suggestions, feedback), at 10, 1,000 and 10,000 rollout issues and with 4 and 100
 * departments, against absolute budgets of REST and storage calls
 * (decision 0012: counts from approximate-count; decision 0014: the phase × department grid from
 * the work issues' states kept in one bounded entity, so nothing grows with the issues or the
 * departments). Times are printed, not judged.
 */
import { startLocalHost } from '../local/host';
import { call } from '../test/support/host';
import { issueExtension, requestApproval } from '../test/support/rollouts';
import { addIssues, rolloutWith } from './fixtures';
import { table } from './measure';

const ISSUE_COUNTS = [10, 1_000, 10_000] as const;
const DEPARTMENT_COUNTS = [4, 100] as const;
/**
 * The issue and the user's rights (2), one approximate count per problem severity (4), the
 * pending approvers' names for the bottleneck table (1, decision 0055); then the sections the
 * load carries (one invoke per panel load), each at most one look-up of names: the problems'
 * reporters and owners, who answered a suggestion this week, who checked in (+3).
 */
const REST_BUDGET = 7 + 3;
/**
 * The rollout (one indexed query), its current round (one query of up to 100 approvals), then the
 * departments and the heads' delegation records of the open stage's first 12 rows, for the
 * stand-ins the bottleneck table names (one batch by key, ≤ 24 keys, at any number of departments:
 * +1, decision 0059), and its work issues' states with the trained record and the attendance
 * summary (one batch read); then
 * the sections (+19 at most): the problems (one page), the suggestions' signals and answers (7, as in
 * bench/suggestions.ts less the rollout the panel already read), the pulses and recent check-ins
 * (one page each), the acting user's receipt when a pulse is open, and where they may check in
 * (the rollout's departments and their heads' delegation records by key, one batch per 25 keys
 * sent together: 1 at 4 departments, 8 at 100 departments each led by its own head, the most a
 * rollout can ask, decision 0060; it was the whole directory, a page per 100 departments read one
 * after another, and the heads' records), and the settings
 * (the reminder cadence that makes a pending approval late, decision 0039).
 */
const STORAGE_BUDGET = 4 + 19;
/** Loading writes nothing: no transaction among those storage calls. */
const TRANSACTION_BUDGET = 0;
const SEED = { people: 'rc-bench-head', departments: 3000, request: 7000 };

export async function benchRolloutPanel(): Promise<{ report: string; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const departments of DEPARTMENT_COUNTS) {
    const host = await startLocalHost({ memory: true });
    // Each department its own head: the check-in rights read every head's delegation record by
    // key, so shared heads would hide batches (decision 0060's worst case).
    const detail = await rolloutWith(host, departments, SEED, 3, departments);
    const anchorKey = detail.rollout.issue.key;
    await requestApproval(host, anchorKey);
    // A head-count stores the trained record and the attendance summary the anchor reads with the
    // work states (decision 0019): the load is measured with all three present.
    const headCount = await call(
      { host, moduleKey: 'rollout-panel', extension: issueExtension(host, anchorKey) },
      'coordinator',
      'rolloutPanel/setHeadCount',
      { departmentId: detail.rollout.departments[0]?.departmentId ?? '', headCount: 40 },
    );
    if (!headCount.envelope.ok) throw new Error('the head-count was not saved');
    let added = 0;
    for (const issues of ISSUE_COUNTS) {
      addIssues(host, detail, issues - added, added, { problems: true });
      added = issues;
      const outcome = await call(
        { host, moduleKey: 'rollout-panel', extension: issueExtension(host, anchorKey) },
        'coordinator',
        'rolloutPanel/load',
        { sections: true },
      );
      if (!outcome.envelope.ok || outcome.envelope.data.kind !== 'anchor') {
        throw new Error('the Rollout panel did not load');
      }
      const sections = outcome.envelope.data.sections;
      if (!sections?.problems.ok || !sections.suggestions?.ok || !sections.feedback.ok) {
        throw new Error("the Rollout panel's sections did not load");
      }
      const view = outcome.envelope.data;
      const { blocking, high, medium, low } = view.problems.open;
      const problems = blocking + high + medium + low;
      const cells = view.phases.reduce((sum, phase) => sum + phase.departments.length, 0);
      const { product, storage } = outcome.counters;
      const { transactions } = outcome;
      const fits =
        product <= REST_BUDGET && storage <= STORAGE_BUDGET && transactions <= TRANSACTION_BUDGET;
      // Every problem added is open: the counts must find them all.
      const right =
        problems === Math.floor(issues / 2) &&
        view.approvals.total === departments &&
        view.trained.departments.length === departments &&
        view.trained.updatedAt !== '';
      ok &&= fits && right;
      rows.push([
        departments,
        issues,
        `${String(product)} ≤ ${String(REST_BUDGET)}${product > REST_BUDGET ? ' OVER' : ''}`,
        `${String(storage)} ≤ ${String(STORAGE_BUDGET)}${storage > STORAGE_BUDGET ? ' OVER' : ''}`,
        `${String(transactions)} ≤ ${String(TRANSACTION_BUDGET)}${transactions > TRANSACTION_BUDGET ? ' OVER' : ''}`,
        cells,
        problems,
        outcome.ms,
      ]);
    }
    await host.close();
  }
  return {
    report: [
      'Rollout panel on the anchor (one invoke; REST and storage calls against absolute budgets, ms)',
      table(
        [
          'departments',
          'issues',
          'REST',
          'storage',
          'transactions',
          'grid cells',
          'open problems',
          'ms',
        ],
        rows,
      ),
    ].join('\n'),
    ok,
  };
}
