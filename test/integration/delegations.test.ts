/**
 * Delegation through the local host: a head names someone to decide for them over a date range;
 * while it is active the delegate decides, recorded on the head's behalf.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { Approval } from '../../src/domain/approvals';
import type { AuditEvent } from '../../src/domain/audit';
import type { DelegationRecord } from '../../src/domain/delegation';
import { accountIdOf, call, memoryHost, ok } from '../support/host';
import {
  accountOf,
  addIssue,
  approvalIn,
  asRollout,
  day,
  decideAs,
  issuePanel,
  mailsSince,
  makeRollout,
  outboxSize,
  panelAs,
  requestApproval,
  uuid,
} from '../support/rollouts';

const CHLOE = 'rc-demo-user-chloe-dubois';
const THOMAS_WHO_LEFT = 'rc-demo-user-thomas-girard';

let host: LocalHost;
let id: (persona: string) => string;

beforeEach(async () => {
  host = await memoryHost();
  id = (persona) => accountIdOf(host, persona);
});

afterEach(async () => {
  await host.close();
});

function delegate(as: string, n: number, delegateAccountId: string, from: string, to: string) {
  return call(issuePanel(host), as, 'delegations/add', {
    requestId: uuid(n),
    delegateAccountId,
    from,
    to,
  });
}

async function eventsOf(rolloutId: string): Promise<AuditEvent[]> {
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [rolloutId] })
    .where(WhereConditions.greaterThan(''))
    .limit(100)
    .getMany();
  return page.results.map((row) => row.value);
}

describe('planning a delegation', () => {
  it('stores it for the head and shows it in their panel', async () => {
    const { envelope } = await delegate('head-finance', 1, CHLOE, day(0), day(6));
    expect(envelope).toMatchObject({
      ok: true,
      data: {
        headOf: ['Finance'],
        delegations: [
          {
            id: uuid(1),
            delegate: { accountId: CHLOE, displayName: 'Chloé Dubois', active: true },
            from: day(0),
            to: day(6),
            active: true,
          },
        ],
        defaultDelegate: { displayName: 'Julien Mercier' },
        version: 1,
      },
    });
    expect(envelope.ok && envelope.data.delegations).toHaveLength(1);
    const record = await kvs.entity<DelegationRecord>('delegation').get(id('head-finance'));
    const createdAt = record?.delegations[0]?.createdAt ?? '';
    expect(Date.parse(createdAt)).not.toBeNaN();
    expect(record).toEqual({
      headAccountId: id('head-finance'),
      delegations: [
        {
          id: uuid(1),
          delegateAccountId: CHLOE,
          from: day(0),
          to: day(6),
          createdAt,
        },
      ],
      lastDay: day(6),
      version: 1,
    });
    await makeRollout(host);
    const panel = asRollout(await panelAs(host, 'head-finance'));
    expect(panel.myDelegations).toMatchObject({
      headOf: ['Finance'],
      version: 1,
      delegations: [{ id: uuid(1) }],
    });
    expect(asRollout(await panelAs(host, 'coordinator')).myDelegations).toBeNull();
  });

  it('answers a retried submission with the same delegation', async () => {
    await delegate('head-sales', 1, CHLOE, day(1), day(2));
    const again = await delegate('head-sales', 1, CHLOE, day(1), day(2));
    expect(again.envelope.ok && again.envelope.data.delegations).toHaveLength(1);
  });

  it('refuses whoever heads no department of the directory', async () => {
    const { envelope } = await delegate('employee', 1, CHLOE, day(0), day(1));
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.delegation.notHead' },
    });
  });

  it.each([
    ['themself', 'head-sales', day(0), day(1), 'errors.delegation.self', 'delegateAccountId'],
    [
      'someone who left',
      THOMAS_WHO_LEFT,
      day(0),
      day(1),
      'errors.delegation.unknownUser',
      'delegateAccountId',
    ],
    [
      'someone unknown',
      'rc-nobody',
      day(0),
      day(1),
      'errors.delegation.unknownUser',
      'delegateAccountId',
    ],
    ['a period that ended', CHLOE, day(-5), day(-1), 'errors.delegation.past', 'to'],
    ['dates in the wrong order', CHLOE, day(3), day(1), 'errors.delegation.datesOrder', 'to'],
  ])('refuses %s', async (_what, who, from, to, messageKey, path) => {
    const { envelope } = await delegate('head-sales', 1, accountOf(host, who), from, to);
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ path, messageKey }] } },
    });
    expect(await kvs.entity<DelegationRecord>('delegation').get(id('head-sales'))).toBeUndefined();
  });

  it('refuses overlapping periods and more than 10 planned delegations', async () => {
    await delegate('head-sales', 1, CHLOE, day(1), day(3));
    const overlap = await delegate('head-sales', 2, id('employee'), day(3), day(4));
    expect(overlap.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { fields: [{ path: 'from', messageKey: 'errors.delegation.overlap' }] },
      },
    });
    for (let i = 1; i < 10; i += 1) {
      const { envelope } = await delegate(
        'head-sales',
        10 + i,
        CHLOE,
        day(10 * i),
        day(10 * i + 1),
      );
      expect(envelope.ok).toBe(true);
    }
    const tooMany = await delegate('head-sales', 99, CHLOE, day(200), day(201));
    expect(tooMany.envelope).toMatchObject({
      ok: false,
      error: { code: 'LIMIT', messageKey: 'errors.delegation.tooMany', params: { max: 10 } },
    });
  });

  it('records one delegated event on each rollout where the head is waiting to decide', async () => {
    // Finance's head waits on two rollouts, and has already decided on a third.
    const first = await makeRollout(host, {
      departments: [{ department: 'Finance' }, { department: 'Sales' }],
    });
    await requestApproval(host);
    const secondIssue = addIssue(host, 'New expense policy');
    const second = await makeRollout(host, {
      issueKey: secondIssue,
      requestId: uuid(902),
      departments: [{ department: 'Finance' }, { department: 'Operations', head: 'head-finance' }],
    });
    await requestApproval(host, secondIssue);
    const thirdIssue = addIssue(host, 'Travel policy');
    const third = await makeRollout(host, {
      issueKey: thirdIssue,
      requestId: uuid(903),
      departments: [{ department: 'Finance' }, { department: 'Sales' }],
    });
    await requestApproval(host, thirdIssue);
    await decideAs(host, 'head-finance', 'Finance', 'approved', '', thirdIssue);

    await delegate('head-finance', 1, CHLOE, day(0), day(6));
    const delegated = async (rolloutId: string) =>
      (await eventsOf(rolloutId)).filter((e) => e.type === 'delegated');
    expect(await delegated(first.rollout.id)).toEqual([
      expect.objectContaining({
        actorAccountId: id('head-finance'),
        departmentName: 'Finance',
        round: 1,
        stage: 1,
        detail: CHLOE,
        comment: `${day(0)}/${day(6)}`,
      }),
    ]);
    expect((await delegated(second.rollout.id)).map((e) => e.departmentName)).toEqual([
      'Finance, Operations',
    ]);
    expect(await delegated(third.rollout.id)).toEqual([]);
    const history = await ok(call(issuePanel(host), 'coordinator', 'approvals/history', {}));
    expect(history.events[0]).toMatchObject({
      type: 'delegated',
      actor: { displayName: 'Élodie Lefèvre' },
      detail: 'Chloé Dubois',
    });
  });
});

describe('deciding as a delegate', () => {
  beforeEach(async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }, { department: 'Sales' }] });
  });

  it('lets the planned delegate decide on the head’s behalf, in place of the default delegate', async () => {
    await delegate('head-finance', 1, CHLOE, day(0), day(2));
    const since = outboxSize(host);
    await requestApproval(host);
    // Chloé is told with the head; Julien, the default delegate, is not while Chloé stands in.
    const invited = mailsSince(host, since).flatMap((m) => m.to);
    expect(invited).toContain(CHLOE);
    expect(invited).not.toContain(id('delegate-finance'));
    const byDefault = await decideAs(host, 'delegate-finance', 'Finance', 'approved');
    expect(byDefault.envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.approval.notApprover' },
    });
    const view = asRollout(await panelAs(host, CHLOE));
    expect(approvalIn(view, 'Finance')).toMatchObject({
      activeDelegate: { displayName: 'Chloé Dubois' },
      canDecide: true,
      decidesOnBehalfOf: { displayName: 'Élodie Lefèvre' },
    });
    expect(approvalIn(view, 'Sales')).toMatchObject({ canDecide: false, blockedBecause: null });
    const decided = await decideAs(
      host,
      CHLOE,
      'Finance',
      'changes-requested',
      'Élodie veut un calendrier.',
    );
    expect(decided.envelope.ok).toBe(true);
    const stored = await kvs.entity<Approval>('approval').get(approvalIn(view, 'Finance').id);
    expect(stored).toMatchObject({
      status: 'changes-requested',
      decidedBy: CHLOE,
      decidedOnBehalfOf: id('head-finance'),
    });
  });

  it('uses the directory’s default delegate when no planned delegation is active', async () => {
    await delegate('head-finance', 1, CHLOE, day(1), day(2));
    await requestApproval(host);
    expect((await decideAs(host, CHLOE, 'Finance', 'approved')).envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const byDefault = await decideAs(host, 'delegate-finance', 'Finance', 'approved');
    expect(byDefault.envelope.ok).toBe(true);
  });

  it('gives a head chosen for this rollout alone no default delegate they did not name', async () => {
    const issueKey = addIssue(host, 'Finance tools');
    await makeRollout(host, {
      issueKey,
      requestId: uuid(904),
      departments: [{ department: 'Finance', head: 'head-operations' }],
    });
    await requestApproval(host, issueKey);
    const view = asRollout(await panelAs(host, 'employee', issueKey));
    expect(approvalIn(view, 'Finance')).toMatchObject({ activeDelegate: null, canDecide: false });
    expect(
      (await decideAs(host, 'employee', 'Finance', 'approved', '', issueKey)).envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.approval.notApprover' },
    });
  });

  it('stops a removed delegation from deciding, and refuses a stale removal', async () => {
    const added = await ok(
      call(issuePanel(host), 'head-sales', 'delegations/add', {
        requestId: uuid(1),
        delegateAccountId: CHLOE,
        from: day(0),
        to: day(3),
      }),
    );
    await requestApproval(host);
    const stale = await call(issuePanel(host), 'head-sales', 'delegations/remove', {
      id: uuid(1),
      version: added.version + 1,
    });
    expect(stale.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.delegation.stale',
        details: { current: { version: 1 } },
      },
    });
    const removed = await ok(
      call(issuePanel(host), 'head-sales', 'delegations/remove', {
        id: uuid(1),
        version: added.version,
      }),
    );
    expect(removed).toMatchObject({ delegations: [], version: 2 });
    expect((await decideAs(host, CHLOE, 'Sales', 'approved')).envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.approval.notApprover' },
    });
    const gone = await call(issuePanel(host), 'head-sales', 'delegations/remove', {
      id: uuid(1),
      version: 2,
    });
    expect(gone.envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.delegation.notFound' },
    });
    // Nobody reaches another head's delegations: the record is the acting user's.
    const other = await call(issuePanel(host), 'head-finance', 'delegations/remove', {
      id: uuid(1),
      version: 1,
    });
    expect(other.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
