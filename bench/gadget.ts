/**
 * The Rollout progress gadget: one `gadget/load` at 10, 1,000 and 10,000 rollout issues and with
 * 4 and 100 departments, against absolute budgets of REST and storage calls (decision 0020:
 * nothing it reads grows with the issues or the departments). Times are printed, not judged.
 */
import { startLocalHost } from '../local/host';
import { gadget } from '../test/support/gadget';
import { call } from '../test/support/host';
import { requestApproval } from '../test/support/rollouts';
import { addIssues, rolloutWith } from './fixtures';
import { table } from './measure';

const ISSUE_COUNTS = [10, 1_000, 10_000] as const;
const DEPARTMENT_COUNTS = [4, 100] as const;
/**
 * The anchors' visibility, for every rollout the gadget follows at once, and whether the viewer is
 * a Jira admin (who may see readiness).
 */
const REST_BUDGET = 4;
/**
 * The settings (1), and per rollout: the rollout, its current round, its work states, its trained
 * record, its trend (one read each), one page of open problems per open status (2), and for a
 * viewer who may see readiness its pulses and recent check-ins (one page each).
 */
const STORAGE_BUDGET = 1 + 9;
const SEED = { people: 'rc-bench-gadget-head', departments: 5000, request: 9000 };

export async function benchGadget(): Promise<{ report: string; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let fine = true;
  for (const departments of DEPARTMENT_COUNTS) {
    const host = await startLocalHost({ memory: true });
    const detail = await rolloutWith(host, departments, SEED);
    await requestApproval(host, detail.rollout.issue.key);
    let added = 0;
    for (const issues of ISSUE_COUNTS) {
      addIssues(host, detail, issues - added, added);
      added = issues;
      const rolloutIds = [detail.rollout.id];
      const outcome = await call(
        gadget(host, { rolloutIds, view: 'overview' }),
        'coordinator',
        'gadget/load',
        { rolloutIds },
      );
      if (!outcome.envelope.ok) throw new Error('the gadget did not load');
      const [rollout] = outcome.envelope.data.rollouts;
      const { product, storage } = outcome.counters;
      const fits = product <= REST_BUDGET && storage <= STORAGE_BUDGET;
      const right =
        rollout?.departments.length === departments && rollout.approvals.total === departments;
      fine &&= fits && right;
      rows.push([
        departments,
        issues,
        `${String(product)} ≤ ${String(REST_BUDGET)}${product > REST_BUDGET ? ' OVER' : ''}`,
        `${String(storage)} ≤ ${String(STORAGE_BUDGET)}${storage > STORAGE_BUDGET ? ' OVER' : ''}`,
        rollout?.cells.length ?? 0,
        outcome.ms,
      ]);
    }
    await host.close();
  }
  return {
    report: [
      'Rollout progress gadget, one rollout (one invoke; REST and storage calls against absolute budgets, ms)',
      table(['departments', 'issues', 'REST', 'storage', 'cells', 'ms'], rows),
    ].join('\n'),
    ok: fine,
  };
}
