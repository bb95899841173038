/**
 * The Rollout progress gadget: one `gadget/load` at 10, 1,000 and 10,000 rollout issues and with
 * 4 and 100 departments, against absolute budgets of REST and storage calls (decision 0020:
 * nothing it reads grows with the issues or the departments); and its edit view's
 * `gadget/options`, paged through 10, 250 and 2,000 rollouts, every page against absolute
 * budgets. Times are printed, not judged.
 */
import { kvs } from '@forge/kvs';
import { startLocalHost } from '../local/host';
import { gadget } from '../test/support/gadget';
import { call } from '../test/support/host';
import { requestApproval, uuid } from '../test/support/rollouts';
import { addIssues, rolloutWith } from './fixtures';
import { table } from './measure';

const ISSUE_COUNTS = [10, 1_000, 10_000] as const;
const DEPARTMENT_COUNTS = [4, 100] as const;
/**
 * The anchors' visibility, for every rollout the gadget follows at once, whether the viewer is a
 * Jira admin (who may see readiness), and the pending approvers' names for the bottleneck tables
 * (one bulk look-up for every rollout, decision 0055).
 */
const REST_BUDGET = 4;
/**
 * The settings (1), and per rollout: the rollout, its current round, its work states, its trained
 * record, its trend, its policy record (decision 0038; one read each), one page of open problems
 * per open status (2), and for a viewer who may see readiness its pulses and recent check-ins
 * (one page each); and once the round is read, one batch by key of the departments and the heads'
 * delegation records of the open stage's first 12 rows (≤ 24 keys, one call at any number of
 * departments), for the stand-ins the bottleneck table names (+1, decision 0059).
 */
const STORAGE_BUDGET = 1 + 11;
const SEED = { people: 'rc-bench-gadget-head', departments: 5000, request: 9000 };

/** Rollouts the edit view pages through (approved, plus the one awaiting approval). */
const OPTION_ROLLOUT_COUNTS = [10, 250, 2_000] as const;
/** Per page of options: one bulk visibility check of the page's anchors. */
const OPTIONS_REST_BUDGET = 1;
/** Per page: one storage page per state it reads (approved, then awaiting approval). */
const OPTIONS_STORAGE_BUDGET = 2;
/** Options per page (a storage page): the pages a size takes are bounded by it. */
const OPTIONS_PAGE = 100;

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
  const options = await benchOptions();
  return {
    report: [
      'Rollout progress gadget, one rollout (one invoke; REST and storage calls against absolute budgets, ms)',
      table(['departments', 'issues', 'REST', 'storage', 'cells', 'ms'], rows),
      '',
      options.report,
    ].join('\n'),
    ok: fine && options.ok,
  };
}

/**
 * The edit view's options, paged to the end at each size: every page within its budgets, every
 * rollout offered once, and no more pages than the size calls for.
 */
async function benchOptions(): Promise<{ report: string; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let fine = true;
  const host = await startLocalHost({ memory: true });
  const detail = await rolloutWith(host, 4, { ...SEED, request: SEED.request + 500 });
  await requestApproval(host, detail.rollout.issue.key);
  const stored = kvs.entity<Record<string, unknown>>('rollout');
  const original = await stored.get(detail.rollout.id);
  if (!original) throw new Error('the rollout is not stored');
  let made = 0;
  for (const count of OPTION_ROLLOUT_COUNTS) {
    // Approved rollouts on the same anchor, written straight to storage (no push, no approval).
    for (; made < count; made += 1) {
      await stored.set(uuid(900_000 + made), {
        ...original,
        id: uuid(900_000 + made),
        title: `Rollout ${String(made).padStart(5, '0')}`,
        approvalState: 'approved',
      });
    }
    let cursor: string | null | undefined;
    let pages = 0;
    let maxRest = 0;
    let maxStorage = 0;
    let ms = 0;
    const seen = new Set<string>();
    do {
      const outcome = await call(
        gadget(host),
        'coordinator',
        'gadget/options',
        cursor ? { cursor } : {},
      );
      if (!outcome.envelope.ok) throw new Error('the options did not load');
      for (const option of outcome.envelope.data.rollouts) seen.add(option.id);
      maxRest = Math.max(maxRest, outcome.counters.product);
      maxStorage = Math.max(maxStorage, outcome.counters.storage);
      ms = Math.max(ms, outcome.ms);
      pages += 1;
      cursor = outcome.envelope.data.nextCursor;
    } while (cursor !== null && pages <= count);
    const offered = count + 1;
    const pagesAllowed = Math.ceil(offered / OPTIONS_PAGE);
    const fits =
      maxRest <= OPTIONS_REST_BUDGET &&
      maxStorage <= OPTIONS_STORAGE_BUDGET &&
      pages <= pagesAllowed &&
      seen.size === offered;
    fine &&= fits;
    rows.push([
      offered,
      `${String(pages)} ≤ ${String(pagesAllowed)}${pages > pagesAllowed ? ' OVER' : ''}`,
      `${String(maxRest)} ≤ ${String(OPTIONS_REST_BUDGET)}${maxRest > OPTIONS_REST_BUDGET ? ' OVER' : ''}`,
      `${String(maxStorage)} ≤ ${String(OPTIONS_STORAGE_BUDGET)}${maxStorage > OPTIONS_STORAGE_BUDGET ? ' OVER' : ''}`,
      `${String(seen.size)}${seen.size === offered ? '' : ' WRONG'}`,
      ms,
    ]);
  }
  await host.close();
  return {
    report: [
      "The gadget's edit view, gadget/options paged to the end (per page: REST and storage calls against absolute budgets; slowest page ms)",
      table(['rollouts', 'pages', 'REST/page', 'storage/page', 'offered', 'ms'], rows),
    ].join('\n'),
    ok: fine,
  };
}
