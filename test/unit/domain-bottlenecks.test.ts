/**
 * The bottleneck table's stand-ins, pure (decision 0059): which rows are read for them (the open
 * stage's, oldest first, at most STAND_IN_ROWS_MAX), and who each of those rows names by the
 * delegation rule: a planned delegation in force, else the directory's default delegate.
 */
import type { Approval } from '../../src/domain/approvals';
import { approvalBottlenecks, pendingApprovers, standInRows } from '../../src/domain/bottlenecks';
import { standInsOf, type DelegationRecord } from '../../src/domain/delegation';
import { STAND_IN_ROWS_MAX } from '../../src/domain/limits';
import { anApproval } from '../support/mother';
import type { Department } from '../../src/domain/departments';

const NOW = new Date('2030-03-10T12:00:00.000Z');
const ROLLOUT = { roundRequestedAt: '2030-03-05T12:00:00.000Z' };

/** The pending (or `status`) approval of department d<n> at `stage`, headed by head-<n>. */
function approval(n: number, stage: number, status: Approval['status'] = 'pending'): Approval {
  const id = String(n).padStart(3, '0');
  return anApproval(`d${id}`, stage, { status, approverAccountId: `head-${id}` });
}

function department(n: number, delegate: string): Department {
  const id = String(n).padStart(3, '0');
  return {
    id: `d${id}`,
    name: `Department ${id}`,
    nameKey: `department ${id}`,
    headAccountId: `head-${id}`,
    delegateAccountId: delegate,
    groupId: '',
    groupName: '',
    createdAt: '',
    updatedAt: '',
    version: 1,
  };
}

function planned(head: string, delegate: string, from: string, to: string): DelegationRecord {
  return {
    headAccountId: head,
    delegations: [{ id: `${head}-1`, delegateAccountId: delegate, from, to, createdAt: '' }],
    lastDay: to,
    version: 1,
  };
}

describe('standInRows', () => {
  it('is the open stage’s pending rows only, in the table’s order', () => {
    const round = [approval(3, 1), approval(1, 1), approval(2, 1, 'approved'), approval(4, 2)];
    expect(standInRows(ROLLOUT, round, NOW)).toEqual([
      { departmentId: 'd001', approverAccountId: 'head-001' },
      { departmentId: 'd003', approverAccountId: 'head-003' },
    ]);
  });

  it('stops at STAND_IN_ROWS_MAX rows, so their keys fit one storage batch of 25', () => {
    const round = Array.from({ length: 40 }, (_, n) => approval(n, 1));
    const rows = standInRows(ROLLOUT, round, NOW);
    expect(rows).toHaveLength(STAND_IN_ROWS_MAX);
    expect(rows.length * 2).toBeLessThanOrEqual(25);
    expect(rows[0]?.departmentId).toBe('d000');
    expect(rows.at(-1)?.departmentId).toBe(`d0${String(STAND_IN_ROWS_MAX - 1)}`);
  });

  it('is empty while the round is blocked (no stage open)', () => {
    expect(standInRows(ROLLOUT, [approval(1, 1), approval(2, 1, 'rejected')], NOW)).toEqual([]);
  });
});

describe('approvalBottlenecks with stand-ins', () => {
  const round = [approval(1, 1), approval(2, 1), approval(3, 1), approval(4, 2)];
  const found = standInsOf(
    [department(1, ''), department(2, 'deputy-002'), department(3, ''), department(4, 'dep-4')],
    [
      planned('head-001', 'chloe', '2030-03-09', '2030-03-11'),
      planned('head-003', 'gone', '2030-03-01', '2030-03-09'),
    ],
  );
  const names = new Map([
    ['head-001', 'Head One'],
    ['chloe', 'Chloé Dubois'],
    ['deputy-002', 'Julien Mercier'],
  ]);

  it('names the planned delegate in force, else the default delegate, else nobody', () => {
    const { pending } = approvalBottlenecks(ROLLOUT, round, NOW, 2, names, found);
    expect(
      pending.map((p) => [p.departmentId, p.approverName, p.standInAccountId, p.standInName]),
    ).toEqual([
      ['d001', 'Head One', 'chloe', 'Chloé Dubois'],
      ['d002', '', 'deputy-002', 'Julien Mercier'],
      // A delegation that ended yesterday, and no default delegate: nobody stands in.
      ['d003', '', '', ''],
      // Stage 2 is not open: its row names the head only, whatever the directory says.
      ['d004', '', '', ''],
    ]);
  });

  it('names nobody without stand-ins read, and past the first STAND_IN_ROWS_MAX open rows', () => {
    expect(
      approvalBottlenecks(ROLLOUT, round, NOW, 2, names).pending.map((p) => p.standInAccountId),
    ).toEqual(['', '', '', '']);
    const many = Array.from({ length: 14 }, (_, n) => approval(n, 1));
    const everyone = standInsOf(
      many.map((_, n) => department(n, `deputy-${String(n)}`)),
      [],
    );
    const rows = approvalBottlenecks(ROLLOUT, many, NOW, 2, new Map(), everyone).pending;
    expect(rows.filter((p) => p.standInAccountId !== '')).toHaveLength(STAND_IN_ROWS_MAX);
    expect(rows.slice(STAND_IN_ROWS_MAX).map((p) => p.standInAccountId)).toEqual(['', '']);
  });

  it('asks the names of the approvers and of the stand-ins found, in one list', () => {
    expect(pendingApprovers(round, { rollout: ROLLOUT, found, now: NOW })).toEqual([
      'head-001',
      'head-002',
      'head-003',
      'head-004',
      'chloe',
      'deputy-002',
    ]);
    expect(pendingApprovers(round)).toEqual(['head-001', 'head-002', 'head-003', 'head-004']);
  });
});
