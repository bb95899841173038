/**
 * Approval bottlenecks through the local host: the progress gadget and the anchor's Rollout panel
 * show the round's pending approvals by stage and by department head (named) with their age, overdue past
 * the admin's reminder cadence, the oldest highlighted, and on the open stage's rows who may
 * decide in the head's place today (decision 0059); read from the round's index and one batch, so
 * the storage calls do not grow with the number of departments.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { DelegationRecord } from '../../src/domain/delegation';
import { gadget } from '../support/gadget';
import { call, hostPerTest, ok } from '../support/host';
import {
  TWO_STAGES,
  accountOf,
  addDepartments,
  addIssue,
  addPeople,
  backdateRound,
  day,
  decideAs,
  issuePanel,
  makeRollout,
  requestApproval,
  rolloutOn,
  uuid,
} from '../support/rollouts';

const CHLOE = 'rc-demo-user-chloe-dubois';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

/** A head's delegation record as stored, written directly (the app refuses dates past). */
async function storeDelegation(head: string, delegate: string, from: string, to: string) {
  const record: DelegationRecord = {
    headAccountId: head,
    delegations: [
      { id: uuid(700), delegateAccountId: delegate, from, to, createdAt: new Date().toISOString() },
    ],
    lastDay: to,
    version: 1,
  };
  await kvs.entity<DelegationRecord>('delegation').set(head, record);
}

async function panelBottlenecks(as = 'coordinator') {
  const view = await ok(call(issuePanel(host), as, 'rolloutPanel/load', {}));
  if (view.kind !== 'anchor') throw new Error('Expected the anchor view');
  return view.approvals.bottlenecks;
}

describe('approval bottlenecks', () => {
  it('lists pending approvals by stage and head with their age, the oldest overdue highlighted', async () => {
    await makeRollout(host, { departments: TWO_STAGES });
    await requestApproval(host);
    await decideAs(host, 'head-sales', 'Sales', 'approved');
    await backdateRound(host, 5, { Sales: 4 });

    const bottlenecks = await panelBottlenecks();
    expect(bottlenecks.cadenceDays).toBe(2);
    expect(
      bottlenecks.pending.map((p) => [
        p.departmentName,
        p.approverName,
        p.stage,
        p.ageDays,
        p.overdue,
        p.oldest,
      ]),
    ).toEqual([
      ['Customer Support', 'Daniel Okafor', 1, 5, true, true],
      ['Finance', 'Élodie Lefèvre', 2, null, false, false],
      ['Operations', 'Marcus Chen', 2, null, false, false],
    ]);
    expect(bottlenecks.byStage).toEqual([
      { stage: 1, pending: 1, oldestAgeDays: 5 },
      { stage: 2, pending: 2, oldestAgeDays: null },
    ]);

    // The second stage opens when the first is approved: its clock starts then (4 days ago here).
    await decideAs(host, 'head-support', 'Customer Support', 'approved');
    await backdateRound(host, 5, { Sales: 4, 'Customer Support': 1 });
    const later = await panelBottlenecks();
    expect(later.pending.map((p) => [p.departmentName, p.ageDays, p.overdue, p.oldest])).toEqual([
      ['Finance', 1, false, false],
      ['Operations', 1, false, false],
    ]);

    // The gadget shows the same, to whoever may browse the rollout.
    const current = await rolloutOn(host);
    const view = await ok(
      call(
        gadget(host, { rolloutIds: [current.id], view: 'overview' }),
        'head-finance',
        'gadget/load',
        {
          rolloutIds: [current.id],
        },
      ),
    );
    expect(view.rollouts[0]?.bottlenecks).toEqual(later);
  });

  it('names who may decide today in the head’s place: a planned delegate, else the default', async () => {
    await makeRollout(host);
    await requestApproval(host);
    // Sales' head is away this week: Chloé Dubois decides for them (a planned delegation).
    await ok(
      call(issuePanel(host), 'head-sales', 'delegations/add', {
        requestId: uuid(701),
        delegateAccountId: CHLOE,
        from: day(-1),
        to: day(3),
      }),
    );
    // Customer Support's head plans one from the day after tomorrow: not in force today.
    await ok(
      call(issuePanel(host), 'head-support', 'delegations/add', {
        requestId: uuid(702),
        delegateAccountId: CHLOE,
        from: day(2),
        to: day(4),
      }),
    );
    // Operations' head had one that ended yesterday, and the directory names no default delegate.
    await storeDelegation(accountOf(host, 'head-operations'), CHLOE, day(-5), day(-1));

    const bottlenecks = await panelBottlenecks();
    expect(
      bottlenecks.pending.map((p) => [
        p.departmentName,
        p.approverName,
        p.standInAccountId,
        p.standInName,
      ]),
    ).toEqual([
      ['Customer Support', 'Daniel Okafor', '', ''],
      // Finance's head has no delegation: the directory's default delegate stands in.
      ['Finance', 'Élodie Lefèvre', accountOf(host, 'delegate-finance'), 'Julien Mercier'],
      ['Operations', 'Marcus Chen', '', ''],
      ['Sales', 'Sophie Bernard', CHLOE, 'Chloé Dubois'],
    ]);

    // The gadget names the same stand-ins.
    const current = await rolloutOn(host);
    const view = await ok(
      call(
        gadget(host, { rolloutIds: [current.id], view: 'overview' }),
        'coordinator',
        'gadget/load',
        { rolloutIds: [current.id] },
      ),
    );
    expect(view.rollouts[0]?.bottlenecks.pending).toEqual(bottlenecks.pending);
  });

  it('names no stand-in on a stage not open yet', async () => {
    await makeRollout(host, { departments: TWO_STAGES });
    await requestApproval(host);
    const stage2 = (await panelBottlenecks()).pending.filter((p) => p.stage === 2);
    expect(stage2.map((p) => [p.departmentName, p.standInName])).toEqual([
      ['Finance', ''],
      ['Operations', ''],
    ]);
  });

  it('follows the admin’s reminder cadence', async () => {
    await makeRollout(host);
    await requestApproval(host);
    await backdateRound(host, 3);
    expect((await panelBottlenecks()).pending.filter((p) => p.overdue)).toHaveLength(4);
    const settings = await ok(call(issuePanel(host), 'admin', 'settings/get', {}));
    await ok(
      call(issuePanel(host), 'admin', 'settings/update', {
        reminderCadenceDays: 4,
        maxReminders: 3,
        allowSelfApproval: false,
        version: settings.version,
      }),
    );
    const bottlenecks = await panelBottlenecks();
    expect(bottlenecks.cadenceDays).toBe(4);
    expect(bottlenecks.pending.filter((p) => p.overdue)).toHaveLength(0);
  });

  it('reads the same number of storage records and Jira calls for 4 and 40 departments', async () => {
    const heads = addPeople(host, 40, 'rc-bottleneck-head');
    const departments = await addDepartments(heads);
    await makeRollout(host);
    await requestApproval(host);
    const small = await call(issuePanel(host), 'coordinator', 'rolloutPanel/load', {});

    const second = addIssue(host, 'Roll out the new ERP');
    await makeRollout(host, {
      issueKey: second,
      requestId: '00000000-0000-4000-8000-000000000901',
      departments: departments.map((department) => ({ department })),
    });
    await requestApproval(host, second);
    // The first head of the 40 is away: their stand-in is named at the same cost.
    await storeDelegation(heads[0] ?? '', CHLOE, day(-1), day(1));
    const large = await call(issuePanel(host, second), 'coordinator', 'rolloutPanel/load', {});
    if (!large.envelope.ok || large.envelope.data.kind !== 'anchor') throw new Error('no view');
    expect(large.envelope.data.approvals.bottlenecks.pending).toHaveLength(40);
    expect(large.counters.storage).toBe(small.counters.storage);
    // The 40 heads' names come in the same one look-up as the 4.
    expect(large.counters.product).toBe(small.counters.product);
    expect(large.envelope.data.approvals.bottlenecks.pending.map((p) => p.approverName)).toEqual(
      expect.arrayContaining(['Person 000', 'Person 039']),
    );
    const rows = large.envelope.data.approvals.bottlenecks.pending;
    expect(rows.find((p) => p.approverAccountId === heads[0])?.standInName).toBe('Chloé Dubois');
    // Past the open stage's first 12 rows, the head only.
    expect(rows.slice(12).every((p) => p.standInAccountId === '')).toBe(true);
    const smallView = small.envelope.ok ? small.envelope.data : undefined;
    if (smallView?.kind !== 'anchor') throw new Error('no view');
    expect(smallView.approvals.bottlenecks.pending.map((p) => p.standInName)).toContain(
      'Julien Mercier',
    );

    // The gadget too: 4 and 40 departments cost the same calls.
    const gadgetOf = async (issueKey?: string) => {
      const rollout = await rolloutOn(host, issueKey);
      return call(
        gadget(host, { rolloutIds: [rollout.id], view: 'overview' }),
        'coordinator',
        'gadget/load',
        { rolloutIds: [rollout.id] },
      );
    };
    const [gadgetSmall, gadgetLarge] = [await gadgetOf(), await gadgetOf(second)];
    expect(gadgetLarge.counters.storage).toBe(gadgetSmall.counters.storage);
    expect(gadgetLarge.counters.product).toBe(gadgetSmall.counters.product);
  });
});
