/**
 * "My rollouts": REST and storage calls of one load for a head who has something in every
 * rollout (an approval waiting, a problem they own, a session they run), at 1, 50 and 500
 * rollouts. Both counts must stay within absolute budgets whatever the number of rollouts (the
 * page lists the first 100 things per kind and says when there are more); times are printed,
 * not judged. Rollouts past the first are copies written straight to storage and Jira's store,
 * so the bench measures the load, not the set-up.
 *
 * Then the directory and the delegations elsewhere (decision 0058): the load of four viewers
 * (found by group, by name, as default delegate, by a planned delegation) with the seed's 4
 * departments and no other delegation, then with 300 departments and 1,000 other heads
 * delegating, read by key (after the one-time backfill) and, for comparison, from the whole
 * directory and delegations (before it). By key the counts must not move with the directory.
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
import {
  addIssue,
  day,
  issuePanel,
  makeRollout,
  requestApproval,
  uuid,
} from '../test/support/rollouts';
import { growDirectory } from './fixtures';
import { runAlone, table } from './measure';

/**
 * Jira calls of one load: the person's groups (their departments, for sessions they attend,
 * pulses and policies asking them) and the bulk browse check; the names of heads stood in for
 * when they stand in.
 */
export const MINE_REST_BUDGET = 2;
/**
 * The same for someone standing in for a head: one more, the names of the heads they stand in
 * for (lookUpUsers). As it was before decision 0058; this bench is the first to measure it.
 */
export const MINE_STAND_IN_REST_BUDGET = 3;
/**
 * Storage calls of one load: the approvals index, ≤ 3 pages of each kind of the person index,
 * the keys' backfill progress, a page of the person's keys by person and by delegate, a page of
 * keys per group of theirs (each also read once by the policy index), the departments and
 * delegation records they point at (a batch per 25; one more for a default delegate's heads),
 * per department of theirs (≤ 3) a page of its sessions' and of its pulses' index rows,
 * ⌈60 / 25⌉ problems, the rollouts a batch per 25, the listed pulses and their receipts (≤ 10),
 * and the rounds of ≤ 10 rollouts waiting at a later stage. Unchanged by decision 0058: the
 * keys' reads (3 + a page per group + 1–2 batches) replace the directory's pages (≤ 3) and the
 * current delegations' (one per 100 heads delegating, unbounded), and the heaviest load measured
 * (a head in 500 rollouts) stays under it; a person in many Jira groups pays a page per group
 * twice (policies and departments), up to POLICY_GROUPS_MAX each, which no bench person reaches.
 */
export const MINE_STORAGE_BUDGET = 40;
/** The seed's directory, then the directory at its cap with heads delegating elsewhere. */
const SMALL_DIRECTORY = 4;
const LARGE_DIRECTORY = 300;
const OTHER_DELEGATIONS = 1_000;
/** Who is measured: found by group, named head, default delegate, planned stand-in (and group). */
const VIEWERS = [
  ['employee', 'by group', MINE_REST_BUDGET],
  ['head-support', 'head, no group', MINE_REST_BUDGET],
  ['delegate-finance', 'default delegate', MINE_STAND_IN_REST_BUDGET],
  ['rc-demo-user-chloe-dubois', 'planned delegate', MINE_STAND_IN_REST_BUDGET],
] as const;
const PROGRESS_KEY = 'mine-keys-backfill';
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
    // The directory's keys: the seed's departments, given them by the daily job's backfill.
    await host.runScheduled('daily-progress-snapshots');
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

interface Load {
  product: number;
  storage: number;
  ok: boolean;
}

async function loadAs(host: LocalHost, persona: string): Promise<Load> {
  const outcome = await call({ host, moduleKey: 'rollout-mine' }, persona, 'mine/load', {});
  return { ...outcome.counters, ok: outcome.envelope.ok };
}

/** Every viewer's load by key (backfill done) and from the whole reads (progress forgotten). */
async function loadsOf(host: LocalHost): Promise<{ byKey: Load[]; whole: Load[] }> {
  const progress = await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
    kvs.get(PROGRESS_KEY),
  );
  const byKey: Load[] = [];
  for (const [persona] of VIEWERS) byKey.push(await loadAs(host, persona));
  await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () => kvs.delete(PROGRESS_KEY));
  const whole: Load[] = [];
  for (const [persona] of VIEWERS) whole.push(await loadAs(host, persona));
  await runInvocation({ accountId: undefined, moduleKey: 'bench' }, () =>
    kvs.set(PROGRESS_KEY, progress),
  );
  return { byKey, whole };
}

export async function benchMineDirectory(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  const rows: (string | number)[][] = [];
  let ok = true;
  try {
    await makeRollout(host, {
      departments: [
        { department: 'Finance', stage: 1 },
        { department: 'Sales', stage: 1 },
        { department: 'Customer Support', stage: 1 },
      ],
    });
    await requestApproval(host);
    const planned = await call(issuePanel(host), 'head-sales', 'delegations/add', {
      requestId: uuid(600_000),
      delegateAccountId: 'rc-demo-user-chloe-dubois',
      from: day(0),
      to: day(3),
    });
    const report = (await host.runScheduled('daily-progress-snapshots')).body as { body: string };
    const backfilled = (JSON.parse(report.body) as { mineKeys?: { done?: boolean } }).mineKeys;
    if (!planned.envelope.ok || backfilled?.done !== true) throw new Error('set-up failed');
    const small = await loadsOf(host);
    // The directory at its cap (each filler head heads 30) and 1,000 heads delegating elsewhere.
    await runInvocation({ accountId: undefined, moduleKey: 'bench' }, async () => {
      await growDirectory(
        host,
        LARGE_DIRECTORY - SMALL_DIRECTORY,
        'rc-bench-filler',
        OTHER_DELEGATIONS,
      );
    });
    const large = await loadsOf(host);
    for (const [i, [persona, how, restBudget]] of VIEWERS.entries()) {
      const before = [small.whole[i], large.whole[i]];
      const after = [small.byKey[i], large.byKey[i]];
      const within = after.every(
        (load) =>
          load !== undefined &&
          load.ok &&
          load.product <= restBudget &&
          load.storage <= MINE_STORAGE_BUDGET,
      );
      const unmoved =
        after[0]?.storage === after[1]?.storage && after[0]?.product === after[1]?.product;
      ok &&= within && unmoved && before.every((load) => load?.ok === true);
      const cell = (load: Load | undefined) =>
        load ? `${String(load.storage)} (${String(load.product)} REST)` : '';
      rows.push([
        `${persona} (${how})`,
        cell(before[0]),
        cell(before[1]),
        cell(after[0]),
        cell(after[1]),
        !within ? 'OVER BUDGET' : unmoved ? 'ok' : 'MOVES WITH THE DIRECTORY',
      ]);
    }
  } finally {
    await host.close();
  }
  const small = `${String(SMALL_DIRECTORY)} dept.`;
  const large = `${String(LARGE_DIRECTORY)} dept. + ${String(OTHER_DELEGATIONS)} deleg.`;
  return {
    report: [
      `My rollouts by directory size (storage calls of one load; budget ${String(MINE_STORAGE_BUDGET)} storage, ${String(MINE_REST_BUDGET)} REST, ${String(MINE_STAND_IN_REST_BUDGET)} for a stand-in; by key the counts must not move)`,
      table(
        [
          'viewer',
          `whole reads, ${small}`,
          `whole reads, ${large}`,
          `by key, ${small}`,
          `by key, ${large}`,
          'verdict',
        ],
        rows,
      ),
    ].join('\n'),
    ok,
  };
}

async function benchMineAll(): Promise<{ report: string; ok: boolean }> {
  const rollouts = await benchMine();
  const directory = await benchMineDirectory();
  return {
    report: [rollouts.report, directory.report].join('\n\n'),
    ok: rollouts.ok && directory.ok,
  };
}

if (require.main === module) runAlone(benchMineAll);
