/**
 * The Rollout progress gadget: one `gadget/load` at 10, 1,000 and 10,000 rollout issues and with
 * 4 and 100 departments, against absolute budgets of REST and storage calls (decision 0020:
 * nothing it reads grows with the issues or the departments). Times are printed, not judged.
 */
import { startLocalHost, type LocalHost } from '../local/host';
import type { StrategyDetail } from '../src/contract';
import { gadget } from '../test/support/gadget';
import { call, ok } from '../test/support/host';
import { addDepartments, addPeople, requestApproval, uuid } from '../test/support/rollouts';
import { confluenceModule, strategyPayload } from '../test/support/strategy';
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

async function rolloutWith(host: LocalHost, departments: number): Promise<StrategyDetail> {
  const heads = addPeople(host, 10, 'rc-bench-gadget-head');
  const ids = await addDepartments(
    Array.from({ length: departments }, (_, i) => heads[i % heads.length] ?? ''),
    5000,
  );
  const payload = strategyPayload({ phases: 3, sessions: 120, departments: [] });
  const plan = {
    ...payload.plan,
    sessions: payload.plan.sessions.map((session, i) => ({
      ...session,
      departmentIds: [ids[i % ids.length] ?? ''],
      allDepartments: false,
    })),
  };
  return ok(
    call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      requestId: uuid(9000 + departments),
      departments: ids.map((departmentId) => ({ departmentId, stage: 1 })),
      plan,
    }),
  );
}

function addIssues(host: LocalHost, detail: StrategyDetail, count: number, from: number): void {
  const { phases } = detail.plan;
  const departments = detail.rollout.departments;
  for (let i = 0; i < count; i += 1) {
    const issue = host.products.jira.issues.createIssue({
      projectKey: 'ROLL',
      issueType: 'Task',
      summary: `Rollout issue ${String(from + i)}`,
    });
    host.products.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', {
      rolloutId: detail.rollout.id,
      role: 'work',
      planItemId: `extra:${String(from + i)}`,
      phaseId: phases[i % phases.length]?.id ?? '',
      departmentId: departments[i % departments.length]?.departmentId ?? '',
      kind: 'task',
    });
  }
}

export async function benchGadget(): Promise<{ report: string; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let fine = true;
  for (const departments of DEPARTMENT_COUNTS) {
    const host = await startLocalHost({ memory: true });
    const detail = await rolloutWith(host, departments);
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
