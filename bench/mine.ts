/**
 * "My rollouts": REST and storage calls of one load for a head who has something in every
 * rollout (an approval waiting, a problem they own, a session they run), at 1, 50 and 500
 * rollouts. Both counts must stay within absolute budgets whatever the number of rollouts (the
 * page lists the first 100 things per kind and says when there are more); times are printed,
 * not judged. Rollouts past the first are copies written straight to storage and Jira's store,
 * so the bench measures the load, not the set-up.
 */
import { kvs } from '@forge/kvs';
import { startLocalHost, type LocalHost } from '../local/host';
import { runInvocation } from '../local/runtime';
import type { Approval } from '../src/domain/approvals';
import type { Problem } from '../src/domain/problems';
import type { Rollout } from '../src/domain/rollout';
import { storageClient } from '../src/storage/client';
import {
  personIndexRepository,
  problemIndexChanges,
  sessionIndexChanges,
} from '../src/storage/person-index';
import { accountIdOf, call } from '../test/support/host';
import { addIssue, makeRollout, requestApproval, uuid } from '../test/support/rollouts';
import { runAlone, table } from './measure';

/**
 * Jira calls of one load: the person's groups (their departments, for sessions they attend,
 * pulses and policies asking them) and the bulk browse check; the names of heads stood in for
 * when they stand in.
 */
export const MINE_REST_BUDGET = 2;
/**
 * Storage calls of one load: the approvals index, ≤ 3 pages of each kind of the person index,
 * delegations, the directory, per department of theirs (≤ 3) a page of its sessions' and of its
 * pulses' index rows, the policy index, ⌈60 / 25⌉ problems, the rollouts a batch per 25, the
 * listed pulses and their receipts (≤ 10), and the rounds of ≤ 10 rollouts waiting at a later
 * stage.
 */
export const MINE_STORAGE_BUDGET = 40;
const SIZES = [1, 50, 500] as const;
const BATCH = 25;

async function putAll(items: { key: string; value: unknown; entityName: string }[]) {
  for (let i = 0; i < items.length; i += BATCH) {
    await kvs.batchSet(items.slice(i, i + BATCH));
  }
}

/** Copies the template rollout until there are `total`, each with the viewer in it three ways. */
async function growTo(
  host: LocalHost,
  template: Rollout,
  approval: Approval,
  viewer: string,
  from: number,
  total: number,
): Promise<void> {
  const storage = storageClient(() => 25_000);
  await runInvocation({ accountId: undefined, moduleKey: 'bench' }, async () => {
    const rollouts: { key: string; value: unknown; entityName: string }[] = [];
    const approvals: { key: string; value: unknown; entityName: string }[] = [];
    const problems: { key: string; value: unknown; entityName: string }[] = [];
    const index = [];
    for (let n = from; n < total; n += 1) {
      const id = uuid(200_000 + n);
      const anchorKey = addIssue(host, `Rollout ${String(n)}`);
      const anchor = host.products.jira.issues.getIssue(anchorKey);
      const problemIssue = host.products.jira.issues.createIssue({
        projectKey: 'ROLL',
        issueType: 'Task',
        summary: `Problem ${String(n)}`,
      });
      const rollout: Rollout = {
        ...template,
        id,
        title: `Rollout ${String(n)}`,
        anchorIssueId: String(anchor?.id ?? ''),
        anchorIssueKey: anchorKey,
        sessions: [
          {
            id: uuid(300_000 + n),
            kind: 'training',
            title: `Training ${String(n)}`,
            phaseId: uuid(1),
            ownerAccountId: viewer,
            date: '2099-01-01',
            startTime: '09:00',
            durationMinutes: 60,
            place: 'Room 1',
            capacity: 10,
            departmentIds: [],
            allDepartments: true,
            audience: '',
          },
        ],
      };
      const copy: Approval = {
        ...approval,
        id: `${id}:${String(approval.round)}:${approval.departmentId}`,
        rolloutId: id,
      };
      const problem: Problem = {
        id: uuid(400_000 + n),
        rolloutId: id,
        issueId: String(problemIssue.id),
        issueKey: problemIssue.key,
        raisedOnIssueKey: anchorKey,
        category: 'technical',
        severity: 'medium',
        departmentId: '',
        phaseId: '',
        summary: `Problem ${String(n)}`,
        description: '',
        raisedBy: viewer,
        raisedAt: new Date().toISOString(),
        status: 'acknowledged',
        ownerAccountId: viewer,
        acknowledgedAt: new Date().toISOString(),
        closedAt: '',
        closedBy: '',
        closingComment: '',
        fixLink: '',
        remindersSent: 0,
        lastRemindedAt: '',
        version: 1,
      } as Problem;
      rollouts.push({ key: id, value: rollout, entityName: 'rollout' });
      approvals.push({ key: copy.id, value: copy, entityName: 'approval' });
      problems.push({ key: problem.id, value: problem, entityName: 'problem' });
      index.push(
        ...problemIndexChanges(undefined, problem),
        ...sessionIndexChanges(undefined, rollout),
      );
    }
    await putAll(rollouts);
    await putAll(approvals);
    await putAll(problems);
    await personIndexRepository(storage).apply(index);
  });
}

export async function benchMine(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  const rows: (string | number)[][] = [];
  let ok = true;
  try {
    await makeRollout(host, { departments: [{ department: 'Finance', stage: 1 }] });
    const view = await requestApproval(host);
    const viewer = accountIdOf(host, 'head-finance');
    const template = await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
      kvs.entity<Rollout>('rollout').get(view.rollout.id),
    );
    const approval = await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
      kvs.entity<Approval>('approval').get(view.round?.approvals[0]?.id ?? ''),
    );
    if (!template || !approval) throw new Error('the template rollout was not stored');
    let have = 1;
    for (const size of SIZES) {
      await growTo(host, template, approval, viewer, have, size);
      have = size;
      const outcome = await call(
        { host, moduleKey: 'rollout-mine' },
        'head-finance',
        'mine/load',
        {},
      );
      const { product, storage } = outcome.counters;
      const within = product <= MINE_REST_BUDGET && storage <= MINE_STORAGE_BUDGET;
      ok &&= within && outcome.envelope.ok;
      const data = outcome.envelope.ok ? outcome.envelope.data : undefined;
      rows.push([
        size,
        `${String(product)} / ${String(MINE_REST_BUDGET)}`,
        `${String(storage)} / ${String(MINE_STORAGE_BUDGET)}`,
        data
          ? `${String(data.approvals.length)} / ${String(data.problems.length)} / ${String(data.sessions.length)}${data.more ? ' (more)' : ''}`
          : '',
        Math.round(outcome.ms),
        outcome.envelope.ok ? (within ? 'ok' : 'OVER BUDGET') : outcome.envelope.error.code,
      ]);
    }
  } finally {
    await host.close();
  }
  return {
    report: [
      'My rollouts: one load for a head in every rollout (REST and storage calls / budget, ms)',
      table(
        ['rollouts', 'REST', 'storage', 'approvals / problems / sessions', 'ms', 'budget'],
        rows,
      ),
    ].join('\n'),
    ok,
  };
}

if (require.main === module) runAlone(benchMine);
