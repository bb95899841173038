/**
 * Approvals panel: storage calls (transactions apart), REST calls and time per panel load and
 * per decision, for rollouts of 4, 20 and 100 departments (distinct heads), and the workflow gate
 * that blocks a rollout awaiting approval; measured with the directory at 4 departments, then 100,
 * then 500 (past its cap of 300, as storage could hold) with 0 and then 1,000 other heads
 * delegating company-wide, and once as a viewer who heads 40 departments outside the round.
 * Every count is judged against an absolute budget that none of these may move (decision 0047).
 */
import type { InvocationOutcome } from '../local/app';
import { startLocalHost, type LocalHost } from '../local/host';
import { ROLL_TRANSITIONS } from '../local/seed/jira';
import {
  addDepartments,
  addIssue,
  addPeople,
  asRollout,
  editPlan,
  editPlanForm,
  issuePanel,
  makeRollout,
  panelAs,
  requestApproval,
  uuid,
  type RolloutPanel,
} from '../test/support/rollouts';
import { call } from '../test/support/host';
import { growDirectory } from './fixtures';
import { median, table } from './measure';

const SIZES = [4, 20, 100] as const;
const PANEL_RUNS = 15;
/** Directory sizes measured (the demo's 4 first), and heads delegating elsewhere at the largest. */
const MID_DIRECTORY = 100;
const LARGE_DIRECTORY = 500;
const OTHER_DELEGATIONS = 1_000;
/** Departments each filler head heads in the largest directory (the head viewer's count). */

interface Counted {
  storage: number;
  transactions: number;
  product: number;
  ms: number;
}
type Budget = Omit<Counted, 'ms'>;

/**
 * Absolute budgets, whatever the rollout's size, the directory's or the delegations elsewhere.
 * Panel load: the rollout, its round, the settings, the newest events (4); by key, the round's
 * departments, its heads' and the viewer's delegation records and the backfill's progress, in
 * batches of 25 (1 at 4 departments, ⌈202 / 25⌉ = 9 at the rollout's cap of 100), beside one page
 * of the viewer's keys by head; a viewer heading departments outside the round adds a second
 * page and their departments (at most 40: 2 batches). REST: the issue and the rights (2) and one
 * user look-up. A decision adds the approval, its conditional write (1 transaction) and the
 * event; the last one settles the rollout (a second transaction), sets the issue property and
 * e-mails the requester. The batches go out together: one round trip, whatever their number.
 */
const BUDGETS: Record<'panel' | 'head' | 'gate' | 'decide' | 'closing', Budget> = {
  panel: { storage: 14, transactions: 0, product: 3 },
  head: { storage: 17, transactions: 0, product: 3 },
  gate: { storage: 2, transactions: 0, product: 1 },
  decide: { storage: 18, transactions: 1, product: 4 },
  closing: { storage: 19, transactions: 2, product: 6 },
};

/**
 * A round request (approvals/request), at 4 and 100 departments. Its storage work is bounded
 * (the rollout, its round and plan, the settings, the round's departments and delegations by key
 * as the panel reads them (9 batches at 100 departments), the kept browse answers; the round's rows in ⌈n/25⌉ transactions, 4 at 100 departments, and the
 * rollout's own). Its Jira work is the issue, the
 * rights, the property, the e-mails and one permission check per head or stand-in Jira has not
 * said "yes" for within a day: all of them on a rollout's first round (2 × 100 departments at
 * most), none on a later round of the same people ('repeat' below, which must not grow).
 */
const REQUEST_BUDGETS: Record<'first' | 'repeat', Budget> = {
  first: { storage: 23, transactions: 5, product: 60 },
  repeat: { storage: 23, transactions: 5, product: 7 },
};
const REQUEST_SIZES = [4, 100] as const;
/** Requests a first round may take at 100 departments, each checking at most 50 people. */
const REQUEST_ATTEMPTS_MAX = 4;

function judged(actual: number, budget: number): string {
  return actual <= budget
    ? `${String(actual)} ≤ ${String(budget)}`
    : `${String(actual)} > ${String(budget)} OVER`;
}

function fits(sample: Counted, budget: Budget): boolean {
  return (
    sample.storage <= budget.storage &&
    sample.transactions <= budget.transactions &&
    sample.product <= budget.product
  );
}

async function rollout(
  host: LocalHost,
  departments: readonly string[],
  n: number,
): Promise<RolloutPanel> {
  const issueKey = addIssue(host, `Rollout of ${String(departments.length)} departments`);
  await makeRollout(host, {
    issueKey,
    requestId: uuid(n),
    departments: departments.map((department) => ({ department })),
  });
  return requestApproval(host, issueKey);
}

function counted(
  outcomes: { counters: { storage: number; product: number }; transactions: number; ms: number }[],
): Counted {
  return {
    storage: Math.max(...outcomes.map((o) => o.counters.storage)),
    transactions: Math.max(...outcomes.map((o) => o.transactions)),
    product: Math.max(...outcomes.map((o) => o.counters.product)),
    ms: median(outcomes.map((o) => o.ms)),
  };
}

/**
 * Starts the rollout's issue as the coordinator while approvals are pending: Jira runs the app's
 * validator, which blocks it. Answers what that one validator invocation cost.
 */
async function gate(host: LocalHost, issueKey: string): Promise<Counted> {
  const functions = host.functions;
  const invokeFunction = functions.invokeFunction.bind(functions);
  const outcomes: InvocationOutcome[] = [];
  functions.invokeFunction = async (...args) => {
    const outcome = await invokeFunction(...args);
    outcomes.push(outcome);
    return outcome;
  };
  const answer = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: host.persona('coordinator')?.accountId ?? '' },
    method: 'POST',
    path: `/rest/api/3/issue/${issueKey}/transitions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: ROLL_TRANSITIONS.start } }),
  });
  functions.invokeFunction = invokeFunction;
  const [outcome] = outcomes;
  if (answer.status !== 400 || outcomes.length !== 1 || !outcome) {
    throw new Error(`the gate did not block ${issueKey} once (${String(answer.status)})`);
  }
  return { ...outcome.counters, transactions: outcome.transactions, ms: outcome.ms };
}

/**
 * Loads each rollout's panel (as the coordinator, and as `headViewer` when given: someone who
 * heads departments outside the round), blocks its gate, then approves it department by
 * department.
 */
async function measure(
  host: LocalHost,
  views: ReadonlyMap<number, RolloutPanel>,
  label: string,
  headViewer?: string,
): Promise<{ rows: (string | number)[][]; ok: boolean; panels: Map<number, Budget> }> {
  const rows: (string | number)[][] = [];
  const panels = new Map<number, Budget>();
  let ok = true;
  for (const [size, view] of views) {
    const issueKey = view.rollout.issue.key;
    const load = async (as: string): Promise<Counted> => {
      const panels: InvocationOutcome[] = [];
      for (let run = 0; run < PANEL_RUNS; run += 1) {
        const outcome = await call(issuePanel(host, issueKey), as, 'approvals/panel', {});
        if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
        panels.push({ body: undefined, ...outcome });
      }
      return counted(panels);
    };
    const panel = await load('coordinator');
    panels.set(size, panel);
    const head = headViewer ? await load(headViewer) : undefined;
    const blocked = await gate(host, issueKey);
    const decisions: InvocationOutcome[] = [];
    for (const approval of view.round?.approvals ?? []) {
      const outcome = await call(
        issuePanel(host, issueKey),
        approval.approver.accountId,
        'approvals/decide',
        { approvalId: approval.id, version: approval.version, decision: 'approved', comment: '' },
      );
      if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
      decisions.push({ body: undefined, ...outcome });
    }
    // Every decision but the last leaves the round open; the last one approves the rollout, which
    // also settles the rollout, sets the issue property and e-mails the requester.
    const samples = {
      panel,
      head,
      gate: blocked,
      decide: counted(decisions.slice(0, -1)),
      closing: counted(decisions.slice(-1)),
    };
    for (const [call, name] of [
      ['panel', 'panel load'],
      ['head', 'panel load, viewer heads 40 other dept.'],
      ['gate', 'gate (blocked)'],
      ['decide', 'decision'],
      ['closing', 'last decision'],
    ] as const) {
      const sample = samples[call];
      if (!sample) continue;
      const budget = BUDGETS[call];
      ok &&= fits(sample, budget);
      rows.push([
        label,
        size,
        name,
        judged(sample.storage, budget.storage),
        judged(sample.transactions, budget.transactions),
        judged(sample.product, budget.product),
        sample.ms,
      ]);
    }
  }
  return { rows, ok, panels };
}

/** Measures a first round request, and a second one after a rejection and a changed plan. */
async function measureRequests(
  host: LocalHost,
  departments: ReadonlyMap<number, string[]>,
): Promise<{ rows: (string | number)[][]; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const [n, size] of REQUEST_SIZES.entries()) {
    const names = departments.get(size) ?? [];
    const issueKey = addIssue(host, `Round requests, ${String(size)} departments`);
    const made = await makeRollout(host, {
      issueKey,
      requestId: uuid(70_000 + n),
      departments: names.map((department) => ({ department })),
    });
    const request = async (version: number): Promise<Counted> => {
      const outcome = await call(issuePanel(host, issueKey), 'coordinator', 'approvals/request', {
        version,
      });
      if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
      return counted([outcome]);
    };
    // Past BROWSE_CHECKS_PER_REQUEST unknown people a request checks that many and asks to be
    // sent again: each call is bounded, and the calls a first round takes are counted.
    const attempts: Parameters<typeof counted>[0] = [];
    for (;;) {
      const outcome = await call(issuePanel(host, issueKey), 'coordinator', 'approvals/request', {
        version: made.rollout.version,
      });
      attempts.push(outcome);
      if (outcome.envelope.ok) break;
      if (outcome.envelope.error.messageKey !== 'errors.rollout.browseChecksPending') {
        throw new Error(outcome.envelope.error.message);
      }
      if (attempts.length > REQUEST_ATTEMPTS_MAX) throw new Error('the checks never end');
    }
    const first = counted(attempts);
    const opened = asRollout(await panelAs(host, 'coordinator', issueKey));
    const approval = opened.round?.approvals[0];
    if (!approval) throw new Error('no approval to reject');
    const rejected = await call(
      issuePanel(host, issueKey),
      approval.approver.accountId,
      'approvals/decide',
      {
        approvalId: approval.id,
        version: approval.version,
        decision: 'rejected',
        comment: 'Not this quarter.',
      },
    );
    if (!rejected.envelope.ok) throw new Error(rejected.envelope.error.message);
    // "Edit plan" (strategy/update, decision 0048) moves the go-live: the same people, asked again.
    const { unchanged } = await editPlanForm(host, issueKey);
    const edited = await editPlan(host, { ...unchanged, targetDate: '2031-06-30' }, issueKey);
    if (!edited.envelope.ok) throw new Error(edited.envelope.error.message);
    const repeat = await request(edited.envelope.data.rollout.version);
    for (const [name, sample] of [
      ['first', first],
      ['repeat', repeat],
    ] as const) {
      const budget = REQUEST_BUDGETS[name];
      ok &&= fits(sample, budget);
      rows.push([
        size,
        name === 'first'
          ? `first round (${String(attempts.length)} request${attempts.length === 1 ? '' : 's'}, max per call)`
          : 'later round, same people',
        judged(sample.storage, budget.storage),
        judged(sample.transactions, budget.transactions),
        judged(sample.product, budget.product),
        sample.ms,
      ]);
    }
  }
  return { rows, ok };
}

export async function benchApprovals(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  // The seed's directory (4 departments); the daily job gives them their keys by head.
  await host.runScheduled('daily-progress-snapshots');
  const demo = ['Sales', 'Customer Support', 'Finance', 'Operations'];
  const tiny = await measure(
    host,
    new Map([[4, await rollout(host, demo, 1)]]),
    '4 dept., 0 other delegations',
  );
  // 100 departments, rollouts of 4, 20 and 100 of them, measured as the directory grows to 500
  // (each of the 10 filler heads heads 40) and 1,000 other heads delegate.
  const people = addPeople(host, MID_DIRECTORY - demo.length, 'rc-bench-head');
  const added = await addDepartments(people, 10_000);
  const departments = new Map<number, string[]>([
    [4, added.slice(0, 4)],
    [20, added.slice(4, 24)],
    [100, [...demo, ...added]],
  ]);
  const made = async (offset: number): Promise<Map<number, RolloutPanel>> => {
    const views = new Map<number, RolloutPanel>();
    for (const [n, size] of SIZES.entries()) {
      views.set(size, await rollout(host, departments.get(size) ?? [], offset + n + 1));
    }
    return views;
  };
  const mid = await measure(
    host,
    await made(10),
    `${String(MID_DIRECTORY)} dept., 0 other delegations`,
  );
  const requests = await measureRequests(host, departments);
  // Made before the directory grows past its cap (300), which making a rollout reads as a whole.
  const later = await made(100);
  const filler = await growDirectory(
    host,
    LARGE_DIRECTORY - MID_DIRECTORY,
    'rc-bench-filler',
    OTHER_DELEGATIONS,
  );
  const large = await measure(
    host,
    later,
    `${String(LARGE_DIRECTORY)} dept., ${String(OTHER_DELEGATIONS)} other delegations`,
    filler[0],
  );
  await host.close();
  // Counts are deterministic: a panel of the same rollout costs the same whatever the directory
  // and the delegations elsewhere, not merely within a budget.
  const unmoved = [...mid.panels].every(([size, sample]) => {
    const after = large.panels.get(size);
    return (
      after?.storage === sample.storage &&
      after.transactions === sample.transactions &&
      after.product === sample.product
    );
  });
  const ok = tiny.ok && mid.ok && large.ok && requests.ok && unmoved;
  return {
    report: [
      'Approvals panel (median ms; storage calls, transactions among them and REST calls per call, max over runs, against absolute budgets)',
      table(
        ['directory', 'departments', 'call', 'storage', 'transactions', 'REST', 'ms'],
        [...tiny.rows, ...mid.rows, ...large.rows],
      ),
      'Round request (approvals/request; storage calls, transactions, REST calls, ms)',
      table(['departments', 'request', 'storage', 'transactions', 'REST', 'ms'], requests.rows),
      `panel loads ${unmoved ? 'unchanged' : 'CHANGED'} from ${String(MID_DIRECTORY)} to ${String(LARGE_DIRECTORY)} departments and ${String(OTHER_DELEGATIONS)} other delegations`,
      `round trips ${ok ? 'within' : 'OVER'} their budgets at every size of rollout, directory and delegations`,
    ].join('\n'),
    ok,
  };
}
