/**
 * Approvals panel: storage calls, REST calls and time per panel load and per decision, for
 * rollouts of 4, 20 and 100 departments (distinct heads), and the workflow gate that blocks a
 * rollout awaiting approval. The counts must not grow with the size.
 */
import type { InvocationOutcome } from '../local/app';
import { startLocalHost, type LocalHost } from '../local/host';
import { ROLL_TRANSITIONS } from '../local/seed/jira';
import {
  addDepartments,
  addIssue,
  addPeople,
  issuePanel,
  makeRollout,
  requestApproval,
  uuid,
  type RolloutPanel,
} from '../test/support/rollouts';
import { call } from '../test/support/host';
import { median, table, type Sample } from './measure';

const SIZES = [4, 20, 100] as const;
const PANEL_RUNS = 15;

async function rollout(
  host: LocalHost,
  heads: readonly string[],
  n: number,
): Promise<RolloutPanel> {
  const ids = await addDepartments(heads, 10_000 * n);
  const issueKey = addIssue(host, `Rollout of ${String(heads.length)} departments`);
  await makeRollout(host, {
    issueKey,
    requestId: uuid(n),
    departments: ids.map((department) => ({ department })),
  });
  return requestApproval(host, issueKey);
}

function counted(
  outcome: { counters: { storage: number; product: number }; ms: number }[],
): Sample {
  return {
    storage: Math.max(...outcome.map((o) => o.counters.storage)),
    product: Math.max(...outcome.map((o) => o.counters.product)),
    ms: median(outcome.map((o) => o.ms)),
  };
}

/**
 * Starts the rollout's issue as the coordinator while approvals are pending: Jira runs the app's
 * validator, which blocks it. Answers what that one validator invocation cost.
 */
async function gate(host: LocalHost, issueKey: string): Promise<Sample> {
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
  return { ...outcome.counters, ms: outcome.ms };
}

export async function benchApprovals(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  const people = addPeople(host, 100, 'rc-bench-head');
  const views = new Map<number, RolloutPanel>();
  // Every rollout is set up before measuring, so the directory (read whole by the panel, at most
  // 3 pages) is the same for each size: only the rollout's size varies.
  for (const [n, size] of SIZES.entries()) {
    views.set(size, await rollout(host, people.slice(0, size), n + 1));
  }
  const rows: (string | number)[][] = [];
  const samples = new Map<
    number,
    { panel: Sample; gate: Sample; decide: Sample; closing: Sample }
  >();
  for (const size of SIZES) {
    const view = views.get(size);
    if (!view) throw new Error('missing rollout');
    const issueKey = view.rollout.issue.key;
    const panels: { counters: { storage: number; product: number }; ms: number }[] = [];
    for (let run = 0; run < PANEL_RUNS; run += 1) {
      const outcome = await call(issuePanel(host, issueKey), 'coordinator', 'approvals/panel', {});
      if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
      panels.push({ counters: outcome.counters, ms: outcome.ms });
    }
    const blocked = await gate(host, issueKey);
    const decisions: { counters: { storage: number; product: number }; ms: number }[] = [];
    for (const approval of view.round?.approvals ?? []) {
      const outcome = await call(
        issuePanel(host, issueKey),
        approval.approver.accountId,
        'approvals/decide',
        { approvalId: approval.id, version: approval.version, decision: 'approved', comment: '' },
      );
      if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
      decisions.push({ counters: outcome.counters, ms: outcome.ms });
    }
    const panel = counted(panels);
    // Every decision but the last leaves the round open; the last one approves the rollout, which
    // also settles the rollout, sets the issue property and e-mails the requester.
    const decide = counted(decisions.slice(0, -1));
    const closing = counted(decisions.slice(-1));
    samples.set(size, { panel, gate: blocked, decide, closing });
    rows.push([size, 'panel load', panel.storage, panel.product, panel.ms]);
    rows.push([size, 'gate (blocked)', blocked.storage, blocked.product, blocked.ms]);
    rows.push([size, 'decision', decide.storage, decide.product, decide.ms]);
    rows.push([size, 'last decision', closing.storage, closing.product, closing.ms]);
  }
  await host.close();
  const base = samples.get(SIZES[0]);
  // The budget: round trips identical at every size (time is reported, not judged: it is this machine's).
  const ok = [...samples.values()].every(
    (s) =>
      s.panel.storage === base?.panel.storage &&
      s.panel.product === base.panel.product &&
      s.gate.storage === base.gate.storage &&
      s.gate.product === base.gate.product &&
      s.decide.storage === base.decide.storage &&
      s.decide.product === base.decide.product &&
      s.closing.storage === base.closing.storage &&
      s.closing.product === base.closing.product,
  );
  return {
    report: [
      'Approvals panel (median ms; storage and REST calls per call, max over runs)',
      table(['departments', 'call', 'storage', 'REST', 'ms'], rows),
      `round trips ${ok ? 'do not grow' : 'GROW'} with the number of departments`,
    ].join('\n'),
    ok,
  };
}
