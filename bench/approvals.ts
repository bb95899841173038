/**
 * Approvals panel: storage calls (transactions apart), REST calls and time per panel load and
 * per decision, for rollouts of 4, 20 and 100 departments (distinct heads), and the workflow gate
 * that blocks a rollout awaiting approval; measured with the directory at 124 departments and no
 * other delegations, then at 300 departments (the directory's cap) with 150 other heads
 * delegating company-wide. Every count is judged against an absolute budget.
 */
import type { InvocationOutcome } from '../local/app';
import { startLocalHost, type LocalHost } from '../local/host';
import { ROLL_TRANSITIONS } from '../local/seed/jira';
import {
  addDepartments,
  addIssue,
  addPeople,
  asRollout,
  issuePanel,
  makeRollout,
  panelAs,
  plan,
  requestApproval,
  uuid,
  type RolloutPanel,
} from '../test/support/rollouts';
import { kvs } from '@forge/kvs';
import type { DelegationRecord } from '../src/domain/delegation';
import { call } from '../test/support/host';
import { median, table } from './measure';

const SIZES = [4, 20, 100] as const;
const PANEL_RUNS = 15;
/** The directory's cap (DIRECTORY_MAX), and heads delegating elsewhere in the company. */
const LARGE_DIRECTORY = 300;
const OTHER_DELEGATIONS = 150;

interface Counted {
  storage: number;
  transactions: number;
  product: number;
  ms: number;
}
type Budget = Omit<Counted, 'ms'>;

/**
 * Absolute budgets, whatever the rollout's size, the directory's or the delegations elsewhere.
 * Panel load: the rollout, its round, the settings, the newest events (4), the directory
 * (⌈300 / 100⌉ pages at most) and the delegations of its heads and the viewer (1 call, at most
 * 1 + ⌈101 / 25⌉ when more than 100 heads delegate company-wide); REST: the issue and the rights
 * (2) and one user look-up. A decision adds the approval, its conditional write (1 transaction)
 * and the event; the last one settles the rollout (a second transaction), sets the issue
 * property and e-mails the requester.
 */
const BUDGETS: Record<'panel' | 'gate' | 'decide' | 'closing', Budget> = {
  panel: { storage: 13, transactions: 0, product: 3 },
  gate: { storage: 2, transactions: 0, product: 1 },
  decide: { storage: 16, transactions: 1, product: 4 },
  closing: { storage: 17, transactions: 2, product: 6 },
};

/**
 * A round request (approvals/request), at 4 and 100 departments. Its storage work is bounded
 * (the rollout, its round and plan, the settings, the directory's pages, the delegations, the
 * kept browse answers; the round's rows in ⌈n/25⌉ transactions, 4 at 100 departments, and the
 * rollout's own). Its Jira work is the issue, the
 * rights, the property, the e-mails and one permission check per head or stand-in Jira has not
 * said "yes" for within a day: all of them on a rollout's first round (2 × 100 departments at
 * most), none on a later round of the same people ('repeat' below, which must not grow).
 */
const REQUEST_BUDGETS: Record<'first' | 'repeat', Budget> = {
  first: { storage: 17, transactions: 5, product: 60 },
  repeat: { storage: 17, transactions: 5, product: 7 },
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

/** Heads elsewhere in the company with a delegation that has not ended. */
async function delegateElsewhere(count: number): Promise<void> {
  const records: DelegationRecord[] = Array.from({ length: count }, (_, i) => ({
    headAccountId: `rc-bench-elsewhere-${String(i).padStart(3, '0')}`,
    delegations: [
      {
        id: uuid(50_000 + i),
        delegateAccountId: 'rc-bench-elsewhere-delegate',
        from: '2020-01-01',
        to: '2099-12-31',
        createdAt: '2020-01-01T00:00:00.000Z',
      },
    ],
    lastDay: '2099-12-31',
    version: 1,
  }));
  for (let i = 0; i < records.length; i += 25) {
    await kvs.batchSet(
      records
        .slice(i, i + 25)
        .map((value) => ({ key: value.headAccountId, value, entityName: 'delegation' })),
    );
  }
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

/** Loads each rollout's panel, blocks its gate, then approves it department by department. */
async function measure(
  host: LocalHost,
  views: ReadonlyMap<number, RolloutPanel>,
  label: string,
): Promise<{ rows: (string | number)[][]; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const size of SIZES) {
    const view = views.get(size);
    if (!view) throw new Error('missing rollout');
    const issueKey = view.rollout.issue.key;
    const panels: InvocationOutcome[] = [];
    for (let run = 0; run < PANEL_RUNS; run += 1) {
      const outcome = await call(issuePanel(host, issueKey), 'coordinator', 'approvals/panel', {});
      if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
      panels.push({ body: undefined, ...outcome });
    }
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
      panel: counted(panels),
      gate: blocked,
      decide: counted(decisions.slice(0, -1)),
      closing: counted(decisions.slice(-1)),
    };
    for (const [call, name] of [
      ['panel', 'panel load'],
      ['gate', 'gate (blocked)'],
      ['decide', 'decision'],
      ['closing', 'last decision'],
    ] as const) {
      const sample = samples[call];
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
  return { rows, ok };
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
    const before = asRollout(await panelAs(host, 'coordinator', issueKey));
    const edited = await call(issuePanel(host, issueKey), 'coordinator', 'rollouts/update', {
      version: before.rollout.version,
      title: before.rollout.title,
      objective: before.rollout.objective,
      targetDate: '2031-06-30',
      departments: plan(
        host,
        names.map((department) => ({ department })),
      ),
    });
    if (!edited.envelope.ok) throw new Error(edited.envelope.error.message);
    const again = asRollout(edited.envelope.data);
    const repeat = await request(again.rollout.version);
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
  const people = addPeople(host, 100, 'rc-bench-head');
  // The departments of every size are made first (124 in all), and rollouts of the same
  // departments twice: once measured as the directory is, once after it grew to its cap and
  // other heads delegated.
  const departments = new Map<number, string[]>();
  for (const [n, size] of SIZES.entries()) {
    departments.set(size, await addDepartments(people.slice(0, size), 10_000 * (n + 1)));
  }
  const made = async (offset: number): Promise<Map<number, RolloutPanel>> => {
    const views = new Map<number, RolloutPanel>();
    for (const [n, size] of SIZES.entries()) {
      views.set(size, await rollout(host, departments.get(size) ?? [], offset + n + 1));
    }
    return views;
  };
  const small = await measure(host, await made(0), '124 dept., 0 other delegations');
  const requests = await measureRequests(host, departments);
  const filler = addPeople(host, 10, 'rc-bench-filler');
  await addDepartments(
    Array.from({ length: LARGE_DIRECTORY - 124 }, (_, i) => filler[i % filler.length] ?? ''),
    80_000,
  );
  await delegateElsewhere(OTHER_DELEGATIONS);
  const large = await measure(
    host,
    await made(100),
    `${String(LARGE_DIRECTORY)} dept., ${String(OTHER_DELEGATIONS)} other delegations`,
  );
  await host.close();
  const ok = small.ok && large.ok && requests.ok;
  return {
    report: [
      'Approvals panel (median ms; storage calls, transactions among them and REST calls per call, max over runs, against absolute budgets)',
      table(
        ['directory', 'departments', 'call', 'storage', 'transactions', 'REST', 'ms'],
        [...small.rows, ...large.rows],
      ),
      'Round request (approvals/request; storage calls, transactions, REST calls, ms)',
      table(['departments', 'request', 'storage', 'transactions', 'REST', 'ms'], requests.rows),
      `round trips ${ok ? 'within' : 'OVER'} their budgets at every size of rollout, directory and delegations`,
    ].join('\n'),
    ok,
  };
}
