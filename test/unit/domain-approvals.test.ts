/** The approval rules, pure: round state, who may decide, opening rounds and stages, reminders. */
import {
  commentSchema,
  decide,
  decisionRight,
  openRound,
  progressRollout,
  reminderDue,
  summariseRound,
  type Approval,
  type ApprovalStatus,
  type Decision,
} from '../../src/domain/approvals';
import type { Rollout } from '../../src/domain/rollout';
import { aDecidedApproval, anApproval, aRollout } from '../support/mother';

const AT = '2030-01-10T09:00:00.000Z';

function approval(department: string, stage: number, status: ApprovalStatus = 'pending'): Approval {
  return status === 'pending'
    ? anApproval(department, stage)
    : aDecidedApproval(department, stage, status, AT);
}

function rollout(overrides: Partial<Rollout> = {}): Rollout {
  return aRollout({
    departments: [
      { departmentId: 'finance', name: 'Finance', headAccountId: 'head-finance', stage: 1 },
      { departmentId: 'ops', name: 'Operations', headAccountId: 'head-ops', stage: 1 },
      { departmentId: 'sales', name: 'Sales', headAccountId: 'head-sales', stage: 2 },
    ],
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  });
}

describe('summariseRound', () => {
  it('is a draft without approvals', () => {
    expect(summariseRound([])).toEqual({
      state: 'draft',
      openStage: 0,
      waitingFor: [],
      stages: [],
    });
  });

  it('awaits the first stage with pending approvals, waiting for exactly those', () => {
    const round = [approval('sales', 2), approval('finance', 1), approval('ops', 1, 'approved')];
    const summary = summariseRound(round);
    expect(summary.state).toBe('awaiting-approval');
    expect(summary.openStage).toBe(1);
    expect(summary.waitingFor.map((a) => a.departmentId)).toEqual(['finance']);
    expect(summary.stages).toEqual([1, 2]);
  });

  it('opens stage 2 only once every approval of stage 1 is approved', () => {
    const summary = summariseRound([
      approval('finance', 1, 'approved'),
      approval('ops', 1, 'approved'),
      approval('sales', 2),
    ]);
    expect(summary.openStage).toBe(2);
    expect(summary.waitingFor.map((a) => a.departmentId)).toEqual(['sales']);
  });

  it('is approved when everything is', () => {
    expect(
      summariseRound([approval('finance', 1, 'approved'), approval('sales', 2, 'approved')]),
    ).toMatchObject({ state: 'approved', openStage: 0, waitingFor: [] });
  });

  it('is sent back by a request for changes, and a rejection outweighs it', () => {
    const changes = [approval('finance', 1, 'changes-requested'), approval('ops', 1)];
    expect(summariseRound(changes)).toMatchObject({ state: 'changes-requested', openStage: 0 });
    expect(summariseRound([...changes, approval('sales', 2, 'rejected')])).toMatchObject({
      state: 'rejected',
      openStage: 0,
    });
  });
});

describe('decisionRight', () => {
  const finance = approval('finance', 1);
  const sales = approval('sales', 2);
  const round = [finance, sales];
  const requested = rollout({ round: 1, roundRequestedBy: 'coordinator' });
  const right = (
    target: Approval,
    actor: string,
    options: {
      decision?: Decision;
      delegate?: string;
      selfApproval?: boolean;
      roll?: Rollout;
    } = {},
  ) =>
    decisionRight({
      approval: target,
      rollout: options.roll ?? requested,
      summary: summariseRound(round.map((a) => (a.id === target.id ? target : a))),
      actor: { accountId: actor },
      decision: options.decision ?? 'approved',
      activeDelegate: options.delegate ?? '',
      allowSelfApproval: options.selfApproval ?? false,
    });

  it('lets the approver decide for themself', () => {
    expect(right(finance, 'head-finance')).toEqual({ allowed: true, onBehalfOf: '' });
  });

  it('lets the active delegate decide on the approver’s behalf', () => {
    expect(right(finance, 'lucas', { delegate: 'lucas' })).toEqual({
      allowed: true,
      onBehalfOf: 'head-finance',
    });
  });

  it('refuses anyone else, the inactive delegate included', () => {
    expect(right(finance, 'lucas')).toEqual({ allowed: false, reason: 'not-approver' });
    expect(right(finance, 'head-sales', { delegate: 'lucas' })).toEqual({
      allowed: false,
      reason: 'not-approver',
    });
  });

  it('refuses a stage that is not open yet', () => {
    expect(right(sales, 'head-sales')).toEqual({ allowed: false, reason: 'stage-not-open' });
  });

  it('refuses a second decision: a decision is final for the round', () => {
    expect(right({ ...finance, status: 'approved', version: 2 }, 'head-finance')).toEqual({
      allowed: false,
      reason: 'already-decided',
    });
  });

  it('refuses an approval of an earlier round', () => {
    expect(right(finance, 'head-finance', { roll: { ...requested, round: 2 } })).toEqual({
      allowed: false,
      reason: 'round-closed',
    });
  });

  it('refuses the requester approving for a department they head, unless allowed', () => {
    const own = { ...finance, approverAccountId: 'coordinator' };
    expect(right(own, 'coordinator')).toEqual({ allowed: false, reason: 'self-approval' });
    expect(right(own, 'coordinator', { selfApproval: true })).toEqual({
      allowed: true,
      onBehalfOf: '',
    });
    // Asking for changes or rejecting one's own request is not self-approval.
    expect(right(own, 'coordinator', { decision: 'rejected' })).toEqual({
      allowed: true,
      onBehalfOf: '',
    });
  });

  it('applies the same rule to a requester standing in as delegate', () => {
    expect(right(finance, 'coordinator', { delegate: 'coordinator' })).toEqual({
      allowed: false,
      reason: 'self-approval',
    });
  });
});

describe('decide', () => {
  it('records who decided, on whose behalf, when, and bumps the version', () => {
    expect(
      decide(approval('finance', 1), 'rejected', 'Too early', 'lucas', 'head-finance', AT),
    ).toMatchObject({
      status: 'rejected',
      comment: 'Too early',
      decidedBy: 'lucas',
      decidedOnBehalfOf: 'head-finance',
      decidedAt: AT,
      version: 2,
    });
  });
});

describe('commentSchema', () => {
  it('trims, normalises and limits comments to 1,000 characters', () => {
    expect(commentSchema.parse('  Cafe\u0301 ')).toBe('Café');
    expect(commentSchema.safeParse('x'.repeat(1000)).success).toBe(true);
    const tooLong = commentSchema.safeParse('x'.repeat(1001));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toBe('errors.approval.commentTooLong');
  });
});

describe('openRound', () => {
  it('opens round 1: one pending approval per department, stage 1 open, requested + stage-opened', () => {
    const opened = openRound(rollout(), 'coordinator', AT);
    expect(
      opened.approvals.map((a) => [a.id, a.stage, a.approverAccountId, a.status, a.version]),
    ).toEqual([
      ['r1:1:finance', 1, 'head-finance', 'pending', 1],
      ['r1:1:ops', 1, 'head-ops', 'pending', 1],
      ['r1:1:sales', 2, 'head-sales', 'pending', 1],
    ]);
    expect(opened.rollout).toMatchObject({
      approvalState: 'awaiting-approval',
      round: 1,
      roundRequestedBy: 'coordinator',
      roundRequestedAt: AT,
      openedStage: 1,
      version: 2,
    });
    expect(opened.events.map((e) => [e.type, e.round, e.stage, e.actorAccountId])).toEqual([
      ['requested', 1, 0, 'coordinator'],
      ['stage-opened', 1, 1, ''],
    ]);
    // Written together, they keep their order in a trail sorted by time.
    expect(opened.events.map((e) => e.at)).toEqual([AT, '2030-01-10T09:00:00.001Z']);
  });

  it('records a new round, and the state the previous one ended in', () => {
    const opened = openRound(
      rollout({ round: 1, approvalState: 'changes-requested', version: 4 }),
      'coordinator',
      AT,
    );
    expect(opened.approvals[0]?.id).toBe('r1:2:finance');
    expect(opened.events.map((e) => [e.type, e.detail])).toEqual([
      ['new-round', 'changes-requested'],
      ['requested', ''],
      ['stage-opened', ''],
    ]);
  });
});

describe('progressRollout', () => {
  const requested = rollout({
    round: 1,
    approvalState: 'awaiting-approval',
    openedStage: 1,
    roundRequestedBy: 'coordinator',
    version: 2,
  });

  it('does nothing while the stored rollout matches its round', () => {
    expect(
      progressRollout(
        requested,
        summariseRound([approval('finance', 1), approval('sales', 2)]),
        AT,
      ),
    ).toBeUndefined();
    expect(progressRollout(rollout(), summariseRound([]), AT)).toBeUndefined();
  });

  it('opens the next stage once the previous one is approved', () => {
    const progress = progressRollout(
      requested,
      summariseRound([approval('finance', 1, 'approved'), approval('sales', 2)]),
      AT,
    );
    expect(progress?.rollout).toMatchObject({
      openedStage: 2,
      approvalState: 'awaiting-approval',
      version: 3,
    });
    expect(progress?.openedStages).toEqual([2]);
    expect(progress?.outcome).toBeUndefined();
    expect(progress?.events.map((e) => [e.type, e.stage])).toEqual([['stage-opened', 2]]);
  });

  it('approves the rollout when the last approval is in', () => {
    const progress = progressRollout(
      { ...requested, openedStage: 2 },
      summariseRound([approval('finance', 1, 'approved'), approval('sales', 2, 'approved')]),
      AT,
    );
    expect(progress?.rollout.approvalState).toBe('approved');
    expect(progress?.outcome).toBe('approved');
    expect(progress?.events.map((e) => e.type)).toEqual(['approved']);
  });

  it('blocks on a request for changes, saying which', () => {
    const progress = progressRollout(
      requested,
      summariseRound([approval('finance', 1, 'changes-requested'), approval('sales', 2)]),
      AT,
    );
    expect(progress?.rollout.approvalState).toBe('changes-requested');
    expect(progress?.outcome).toBe('blocked');
    expect(progress?.events.map((e) => [e.type, e.detail])).toEqual([
      ['blocked', 'changes-requested'],
    ]);
  });
});

describe('reminderDue', () => {
  const policy = { cadenceDays: 2, maxReminders: 3 };
  const opened = '2030-01-01T08:00:00.000Z';
  const at = (iso: string) => new Date(iso);
  const pending = { status: 'pending' as const, remindersSent: 0, lastRemindedAt: '' };

  it('is due once the approval has waited the cadence since it opened', () => {
    expect(reminderDue(pending, opened, at('2030-01-03T07:59:59.000Z'), policy)).toBe(false);
    expect(reminderDue(pending, opened, at('2030-01-03T08:00:00.000Z'), policy)).toBe(true);
  });

  it('counts from the last reminder, never twice within 24 h, at most maxReminders', () => {
    const reminded = { ...pending, remindersSent: 1, lastRemindedAt: '2030-01-03T08:00:00.000Z' };
    expect(reminderDue(reminded, opened, at('2030-01-04T08:00:00.000Z'), policy)).toBe(false);
    expect(reminderDue(reminded, opened, at('2030-01-05T08:00:00.000Z'), policy)).toBe(true);
    const daily = { cadenceDays: 0, maxReminders: 3 };
    expect(reminderDue(reminded, opened, at('2030-01-04T07:00:00.000Z'), daily)).toBe(false);
    expect(
      reminderDue(
        { ...reminded, remindersSent: 3 },
        opened,
        at('2030-02-01T00:00:00.000Z'),
        policy,
      ),
    ).toBe(false);
  });

  it('never reminds a decided approval', () => {
    expect(
      reminderDue(
        { ...pending, status: 'approved' },
        opened,
        at('2030-02-01T00:00:00.000Z'),
        policy,
      ),
    ).toBe(false);
  });
});
