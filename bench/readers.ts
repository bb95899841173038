/**
 * Readers of the directory and of delegations outside the Approvals panel (decisions 0056 and
 * 0060): adding and removing a delegation as a head, and the daily approval reminders' run with
 * reminders due on a rollout of 4 departments; then, on a host of their own (so their pulses and
 * policies give the reminder run nothing new to do), the calls that know which departments they
 * need: setting a rollout up with 4 departments chosen, creating a strategy of 4 departments,
 * accepting a suggestion, opening a pulse to 4 departments, loading the feedback section as the
 * coordinator, answering the pulse, naming a policy page.
 * Storage and REST calls of each are counted with the directory at 4 departments, then 100, then
 * 500 (past its cap of 300, as storage could hold) with 1,000 other heads delegating
 * company-wide; they are judged against absolute budgets and must not move between those sizes.
 * Times are printed only.
 */
import { kvs } from '@forge/kvs';
import { startLocalHost, type LocalHost } from '../local/host';
import type { Approval } from '../src/domain/approvals';
import { approvalRepository } from '../src/storage/approvals';
import { storageClient } from '../src/storage/client';
import { accountIdOf, call, type CallOutcome } from '../test/support/host';
import { policyByline } from '../test/support/policies';
import {
  ALL_FOUR,
  addDepartments,
  addIssue,
  addPeople,
  backdateRound,
  day,
  demoDepartment,
  issueExtension,
  issuePanel,
  makeRollout,
  plan,
  requestApproval,
  rolloutOn,
  uuid,
} from '../test/support/rollouts';
import { confluenceModule, makeStrategy, spaceOf, strategyPayload } from '../test/support/strategy';
import { growDirectory, trainedBelowTarget } from './fixtures';
import { runAlone, table } from './measure';

interface Budget {
  storage: number;
  product: number;
}

/**
 * delegations/add: the head's keys by head (one page) beside the backfill's progress, their
 * departments by key (1 batch), their record, its conditional write, their pending approvals,
 * the rollouts those are on and the events (the demo head waits on one rollout); REST: the
 * delegate's look-up and the view's.
 * delegations/remove: the same reads of the directory and the record, the write.
 * Reminder run (4 reminders due): the settings, a page of rollouts awaiting approval, the round,
 * by key the due approvals' departments and approvers (1 batch per 25), and per reminder its
 * claim; plus the trigger's other rounds (problems, attendance, policies, pulses), which find
 * nothing to do here. REST: one user look-up and one e-mail per reminder.
 */
export const READER_BUDGETS: Record<'add' | 'remove' | 'reminders', Budget> = {
  add: { storage: 8, product: 2 },
  remove: { storage: 5, product: 1 },
  reminders: { storage: 13, product: 5 },
};
/**
 * A head's first delegation creates their record: one call more than `add`, the record's key by
 * delegate written just before it (decision 0058; a transaction takes no FAIL_IF_EXISTS, so the
 * key cannot go in the create's own write). Measured once, apart from the sizes compared.
 */
export const FIRST_ADD_BUDGET: Budget = { storage: 9, product: 2 };

const MID_DIRECTORY = 100;
const LARGE_DIRECTORY = 500;
const OTHER_DELEGATIONS = 1_000;

/** Makes every approval of the open round due again (never reminded), as days passing would. */
async function dueAgain(host: LocalHost): Promise<void> {
  const rollout = await rolloutOn(host);
  const round = await approvalRepository(storageClient(() => 25_000)).listRound(
    rollout.id,
    rollout.round,
  );
  for (const approval of round) {
    await kvs
      .entity<Approval>('approval')
      .set(approval.id, { ...approval, remindersSent: 0, lastRemindedAt: '' });
  }
}

async function measureStage(
  host: LocalHost,
  stage: number,
): Promise<Record<keyof typeof READER_BUDGETS, Budget & { ms: number; ok: boolean }>> {
  const month = String(stage + 1).padStart(2, '0');
  const added = await call(issuePanel(host), 'head-finance', 'delegations/add', {
    requestId: uuid(90_000 + stage),
    delegateAccountId: accountIdOf(host, 'head-sales'),
    from: `2098-${month}-01`,
    to: `2098-${month}-10`,
  });
  if (!added.envelope.ok) throw new Error(added.envelope.error.message);
  const removed = await call(issuePanel(host), 'head-finance', 'delegations/remove', {
    id: uuid(90_000 + stage),
    version: added.envelope.data.version,
  });
  await dueAgain(host);
  const run = await host.runScheduled('approval-reminders');
  const body = JSON.parse(String((run.body as { body?: string }).body)) as { reminded?: number };
  return {
    add: { ...added.counters, ms: added.ms, ok: true },
    remove: { ...removed.counters, ms: removed.ms, ok: removed.envelope.ok },
    reminders: { ...run.counters, ms: run.ms, ok: (body.reminded ?? 0) > 0 },
  };
}

/** The directory's sizes compared: each step grows it (and the delegations elsewhere) further. */
function directoryStages(host: LocalHost): [string, () => Promise<void>][] {
  return [
    ['4 dept., 0 other delegations', () => Promise.resolve()],
    [
      `${String(MID_DIRECTORY)} dept., 0 other delegations`,
      async () => {
        await addDepartments(addPeople(host, MID_DIRECTORY - 4, 'rc-bench-readers-head'), 10_000);
      },
    ],
    [
      `${String(LARGE_DIRECTORY)} dept., ${String(OTHER_DELEGATIONS)} other delegations`,
      async () => {
        await growDirectory(
          host,
          LARGE_DIRECTORY - MID_DIRECTORY,
          'rc-bench-readers-filler',
          OTHER_DELEGATIONS,
        );
      },
    ],
  ];
}

type Measured<K extends string> = Record<K, Budget & { ms: number; ok: boolean }>;

/**
 * Measures each stage of the directory with `measure`, judges every call against `budgets` and
 * answers the table's rows, whether all fit, and whether the counts stayed the same at every size.
 */
async function overStages<K extends string>(
  host: LocalHost,
  budgets: Record<K, Budget>,
  measure: (stage: number) => Promise<Measured<K>>,
): Promise<{ rows: (string | number)[][]; ok: boolean; unmoved: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  const samples: Record<string, Budget>[] = [];
  for (const [n, [label, grow]] of directoryStages(host).entries()) {
    await grow();
    const measured = await measure(n);
    const sample: Record<string, Budget> = {};
    for (const name of Object.keys(budgets) as K[]) {
      const got = measured[name];
      const budget = budgets[name];
      const within = got.storage <= budget.storage && got.product <= budget.product;
      ok &&= within && got.ok;
      sample[name] = { storage: got.storage, product: got.product };
      rows.push([
        label,
        name,
        `${String(got.storage)} / ${String(budget.storage)}`,
        `${String(got.product)} / ${String(budget.product)}`,
        Math.round(got.ms),
        !got.ok ? 'FAILED' : within ? 'ok' : 'OVER BUDGET',
      ]);
    }
    samples.push(sample);
  }
  // The counts must not move with the directory or the delegations elsewhere.
  const unmoved = new Set(samples.map((sample) => JSON.stringify(sample))).size === 1;
  return { rows, ok: ok && unmoved, unmoved };
}

async function benchDelegationReaders(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  let result: Awaited<ReturnType<typeof overStages>>;
  let firstRow: (string | number)[] = [];
  let firstWithin = false;
  try {
    // The seed's directory (4 departments); the daily job gives them their keys by head.
    await host.runScheduled('daily-progress-snapshots');
    await makeRollout(host);
    await requestApproval(host);
    await backdateRound(host, 30);
    // A first run does the one-time work (the pulse rows' backfill), so the runs compared do not.
    await host.runScheduled('approval-reminders');
    // The head's first delegation (the create path), then only adds to an existing record.
    const first = (await measureStage(host, 9)).add;
    firstWithin =
      first.ok &&
      first.storage <= FIRST_ADD_BUDGET.storage &&
      first.product <= FIRST_ADD_BUDGET.product;
    firstRow = [
      '4 dept., the head’s first delegation',
      'add',
      `${String(first.storage)} / ${String(FIRST_ADD_BUDGET.storage)}`,
      `${String(first.product)} / ${String(FIRST_ADD_BUDGET.product)}`,
      Math.round(first.ms),
      firstWithin ? 'ok' : 'OVER BUDGET',
    ];
    result = await overStages(host, READER_BUDGETS, (stage) => measureStage(host, stage));
  } finally {
    await host.close();
  }
  return {
    report: [
      'Directory and delegation readers: a head adds and removes a delegation; a daily reminder run with reminders due (storage / REST calls per call against absolute budgets, ms)',
      table(['directory', 'call', 'storage', 'REST', 'ms', 'budget'], [firstRow, ...result.rows]),
      `calls ${result.unmoved ? 'the same' : 'MOVED'} at every size of directory and delegations`,
    ].join('\n'),
    ok: result.ok && firstWithin,
  };
}

/**
 * Calls that know which departments they need (decision 0060), each reading those by key (one
 * batch per 25, sent together) where it read the whole directory (⌈n / 100⌉ pages, one after
 * another). Each stage makes a fresh strategy of the 4 demo departments and a fresh issue, so the
 * calls compared do the same work at every size.
 * - rollouts/create (4 departments chosen): the request id, then together the issue's rollout and
 *   the departments by key (1 batch), the issue's claim, the links, the claim of the id, the
 *   rollout's write, the links again (finishing), then the panel's first load (0047: settings,
 *   the round's departments by key, the viewer's keys by head, the events). REST: the issue
 *   and the right to edit it, the heads' look-up, the issue property, the panel's look-up.
 * - strategy/create (4 departments, 2 phases, 4 sessions): the chosen departments by key
 *   (1 batch) for the form's check, then the draft, its issue, its page and the link, and the
 *   detail answered (counted as they are: none of it grows with the directory).
 * - suggestions/accept (an added session, plan not yet sent for approval): the answers, the
 *   signals (7), the answer's write, the rollout's departments by key (1 batch), the plan's
 *   write, the push's job, the view after (the signals again).
 * - pulses/open (4 departments): the rollout, the pulse, the rollout's pulses, a tally per asked
 *   department, the pulse, its rows ("My rollouts"), the asked departments by key (1 batch) for
 *   their groups, then the section as the coordinator sees it (below). REST: the issue, the
 *   e-mail to the groups, the view's.
 * - pulses/load as the coordinator (who heads none of them): the rollout, its pulses and
 *   check-ins, the departments and their heads' delegation records by key (1 batch together),
 *   the receipts' key and the coordinator's receipt.
 * - pulses/answer (an employee in Finance's Jira group, from the anchor's panel): the rollout by
 *   its issue, the pulse, the receipt, the asked departments by key (1 batch) for their groups,
 *   the bucket, the answer's write, then the form after (the receipt and the asked departments
 *   by key again). REST: the issue, the user's groups (in the answer and in the form after).
 * - policy/name: the rollout, its departments by key (1 batch) for their groups, the record, its
 *   write and group rows, the byline's view (4). REST: the page, a page of members per linked
 *   group, the byline's.
 */
export const KNOWN_BUDGETS: Record<
  'create' | 'strategyCreate' | 'accept' | 'pulseOpen' | 'pulseLoad' | 'pulseAnswer' | 'policyName',
  Budget
> = {
  create: { storage: 13, product: 5 },
  strategyCreate: { storage: 15, product: 20 },
  accept: { storage: 24, product: 9 },
  pulseOpen: { storage: 15, product: 3 },
  pulseLoad: { storage: 6, product: 2 },
  pulseAnswer: { storage: 9, product: 4 },
  policyName: { storage: 10, product: 4 },
};

const SALES = demoDepartment('Sales');
const FINANCE = demoDepartment('Finance');

function outcomeOf<T>(outcome: CallOutcome<T>): Budget & { ms: number; ok: boolean } {
  return { ...outcome.counters, ms: outcome.ms, ok: outcome.envelope.ok };
}

interface Prepared {
  issueKey: string;
  rolloutId: string;
  anchorKey: string;
  departmentIds: string[];
}

/**
 * A stage's issue and strategy, made while the directory holds its 4 departments (before 0060's
 * last readers moved, strategy/create stopped before "Sales" past the cap of 300; the strategy
 * created at each size is measured in `measureKnown`).
 */
async function prepareKnown(host: LocalHost, stage: number): Promise<Prepared> {
  const detail = await makeStrategy(host, {
    requestId: uuid(95_000 + stage * 10 + 1),
    title: `New CRM ${String(stage)}`,
    phases: 2,
    sessions: 4,
  });
  await trainedBelowTarget(detail.rollout);
  return {
    issueKey: addIssue(host, `Bench readers ${String(stage)}`),
    rolloutId: detail.rollout.id,
    anchorKey: detail.rollout.issue.key,
    departmentIds: detail.rollout.departments.map((d) => d.departmentId),
  };
}

async function measureKnown(
  host: LocalHost,
  stage: number,
  prepared: Prepared,
): Promise<Measured<keyof typeof KNOWN_BUDGETS>> {
  const { issueKey, rolloutId, anchorKey, departmentIds } = prepared;
  const created = await call(issuePanel(host, issueKey), 'coordinator', 'rollouts/create', {
    requestId: uuid(95_000 + stage * 10),
    title: 'Roll out the new CRM',
    objective: 'Every team works in the new CRM by the autumn.',
    targetDate: '2030-09-30',
    departments: plan(host, ALL_FOUR),
  });

  const strategy = await call(confluenceModule(host), 'coordinator', 'strategy/create', {
    ...strategyPayload({ phases: 2, sessions: 4 }),
    requestId: uuid(95_000 + stage * 10 + 3),
    title: `Bench strategy ${String(stage)}`,
  });

  const anchor = { host, moduleKey: 'rollout-panel', extension: issueExtension(host, anchorKey) };
  const listed = await call(anchor, 'coordinator', 'suggestions/list', {});
  if (!listed.envelope.ok) throw new Error(listed.envelope.error.message);
  const suggestion = listed.envelope.data.suggestions.find(
    (s) => s.kind === 'add-session' && s.departmentId === SALES,
  );
  if (!suggestion) throw new Error('no session suggested for Sales');
  const accepted = await call(anchor, 'coordinator', 'suggestions/accept', {
    suggestionId: suggestion.id,
  });
  await host.events.drain();

  const opened = await call(anchor, 'coordinator', 'pulses/open', {
    requestId: uuid(95_000 + stage * 10 + 2),
    from: day(0),
    to: day(6),
    departmentIds,
  });
  const loaded = await call(anchor, 'coordinator', 'pulses/load', {});
  // The employee is in Finance's Jira group: their answer counts for it.
  const answered = await call(anchor, 'employee', 'pulses/answer', {
    pulseId: uuid(95_000 + stage * 10 + 2),
    departmentId: FINANCE,
    role: 'employee',
    scores: { awareness: 4, desire: 4, knowledge: 3, ability: 3, reinforcement: 3 },
    comment: '',
  });

  const pageId = String(
    host.products.confluence.pages.createPage({
      spaceId: Number(spaceOf(host).id),
      title: `Expenses policy ${String(stage)}`,
      body: '<p>Receipts within 30 days.</p>',
      authorId: accountIdOf(host, 'coordinator'),
    }).id,
  );
  const named = await call(policyByline(host, pageId), 'coordinator', 'policy/name', {
    rolloutId,
  });
  return {
    create: outcomeOf(created),
    strategyCreate: outcomeOf(strategy),
    accept: outcomeOf(accepted),
    pulseOpen: {
      ...outcomeOf(opened),
      ok: opened.envelope.ok && opened.envelope.data.mailed > 0,
    },
    pulseLoad: outcomeOf(loaded),
    pulseAnswer: outcomeOf(answered),
    policyName: outcomeOf(named),
  };
}

async function benchKnownDepartments(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  let result: Awaited<ReturnType<typeof overStages>>;
  try {
    await host.runScheduled('daily-progress-snapshots');
    const stages = directoryStages(host).length;
    // One round first, not compared: the installation's one-time work (the pulse receipts' key).
    await measureKnown(host, stages, await prepareKnown(host, stages));
    const prepared: Prepared[] = [];
    for (let stage = 0; stage < stages; stage += 1) prepared.push(await prepareKnown(host, stage));
    result = await overStages(host, KNOWN_BUDGETS, (stage) => {
      const mine = prepared[stage];
      if (!mine) throw new Error(`nothing prepared for stage ${String(stage)}`);
      return measureKnown(host, stage, mine);
    });
  } finally {
    await host.close();
  }
  return {
    report: [
      'Readers that know their departments: set a rollout up with 4 departments, create a strategy of 4 departments, accept a suggestion, open a pulse to 4 departments, load the feedback section as the coordinator, answer the pulse, name a policy page (storage / REST calls per call against absolute budgets, ms)',
      table(['directory', 'call', 'storage', 'REST', 'ms', 'budget'], result.rows),
      `calls ${result.unmoved ? 'the same' : 'MOVED'} at every size of directory and delegations`,
    ].join('\n'),
    ok: result.ok,
  };
}

export async function benchReaders(): Promise<{ report: string; ok: boolean }> {
  const delegations = await benchDelegationReaders();
  const known = await benchKnownDepartments();
  return {
    report: `${delegations.report}\n\n${known.report}`,
    ok: delegations.ok && known.ok,
  };
}

if (require.main === module) runAlone(benchReaders);
