/**
 * Approval bottlenecks through the local host: the progress gadget and the anchor's Rollout panel
 * show the round's pending approvals by stage and by department head (named) with their age, overdue past
 * the admin's reminder cadence, the oldest highlighted; read from the round's index, so the
 * storage calls do not grow with the number of departments.
 */
import type { LocalHost } from '../../local/host';
import { gadget } from '../support/gadget';
import { call, hostPerTest, ok } from '../support/host';
import {
  TWO_STAGES,
  addDepartments,
  addIssue,
  addPeople,
  backdateRound,
  decideAs,
  issuePanel,
  makeRollout,
  requestApproval,
  rolloutOn,
} from '../support/rollouts';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

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
    const large = await call(issuePanel(host, second), 'coordinator', 'rolloutPanel/load', {});
    if (!large.envelope.ok || large.envelope.data.kind !== 'anchor') throw new Error('no view');
    expect(large.envelope.data.approvals.bottlenecks.pending).toHaveLength(40);
    expect(large.counters.storage).toBe(small.counters.storage);
    // The 40 heads' names come in the same one look-up as the 4.
    expect(large.counters.product).toBe(small.counters.product);
    expect(large.envelope.data.approvals.bottlenecks.pending.map((p) => p.approverName)).toEqual(
      expect.arrayContaining(['Person 000', 'Person 039']),
    );
  });
});
