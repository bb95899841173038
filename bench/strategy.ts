/**
 * Strategy: REST calls and time to push plans of 10, 100 and 500 sessions to Jira (bulk create,
 * ≤ 50 a call), a repeated push (creates nothing), and the Rollout status macro's load for a
 * rollout with 10, 1,000 and 10,000 issues (counts from approximate-count, never paging).
 */
import { startLocalHost, type LocalHost } from '../local/host';
import type { StrategyDetail } from '../src/contract';
import { uuid } from '../test/support/rollouts';
import { confluenceCall, macroExtension, makeStrategy, MACRO } from '../test/support/strategy';
import { table } from './measure';

const PUSH_SIZES = [10, 100, 500] as const;
const ISSUE_COUNTS = [10, 1_000, 10_000] as const;

function addWork(host: LocalHost, detail: StrategyDetail, count: number, from: number): void {
  const phases = detail.plan.phases;
  for (let i = 0; i < count; i += 1) {
    const issue = host.products.jira.createIssue({
      projectKey: 'ROLL',
      issueType: 'Task',
      summary: `Extra work ${String(from + i)}`,
    });
    host.products.jira.setIssueProperty(issue.id, 'rollout-coordinator', {
      rolloutId: detail.rollout.id,
      role: 'work',
      planItemId: `extra:${String(from + i)}`,
      phaseId: phases[i % phases.length]?.id ?? '',
      departmentId: '',
      kind: 'task',
    });
  }
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
    for (const round of ['push', 'repeat push'] as const) {
      const outcome = await confluenceCall(host, 'coordinator', 'strategy/push', {
        rolloutId: detail.rollout.id,
      });
      if (!outcome.envelope.ok) throw new Error(outcome.envelope.error.message);
      const push = outcome.envelope.data.push;
      rows.push([
        `${String(sessions)} sessions`,
        round,
        outcome.counters.product,
        outcome.counters.storage,
        outcome.ms,
        `${String(push.inJira)}/${String(push.total)} in Jira, ${String(push.created)} created`,
      ]);
      ok &&=
        push.inJira === push.total &&
        (round === 'push' ? push.created === sessions : push.created === 0);
    }
    await host.close();
  }

  const host = await startLocalHost({ memory: true });
  const detail = await makeStrategy(host, { sessions: 12, phases: 3 });
  const pageId = detail.page?.id ?? '';
  let added = 0;
  const macroRows: (string | number)[][] = [];
  const counts: string[] = [];
  for (const issues of ISSUE_COUNTS) {
    addWork(host, detail, issues - added, added);
    added = issues;
    const outcome = await confluenceCall(
      host,
      'coordinator',
      'macro/status',
      {},
      {
        moduleKey: MACRO,
        extension: macroExtension(host, pageId),
      },
    );
    if (!outcome.envelope.ok || outcome.envelope.data.kind !== 'status') {
      throw new Error('macro did not load');
    }
    const totals = outcome.envelope.data.totals;
    ok &&= totals.open + totals.done === issues;
    counts.push(JSON.stringify(outcome.counters));
    macroRows.push([issues, outcome.counters.product, outcome.counters.storage, outcome.ms]);
  }
  await host.close();
  const flat = new Set(counts).size === 1;
  ok &&= flat;
  return {
    report: [
      'Push plan to Jira (REST and storage calls, ms)',
      table(['plan', 'call', 'REST', 'storage', 'ms', 'result'], rows),
      '',
      'Rollout status macro, 3 phases (REST and storage calls, ms)',
      table(['issues', 'REST', 'storage', 'ms'], macroRows),
      `macro round trips ${flat ? 'do not grow' : 'GROW'} with the number of issues`,
    ].join('\n'),
    ok,
  };
}
