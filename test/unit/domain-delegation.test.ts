/** Delegation rules, pure: who stands in today, what is current, overlaps, the stored record. */
import {
  activeDelegate,
  currentDelegations,
  overlaps,
  standInFor,
  standInsOf,
  withDelegation,
  withoutDelegation,
  type Delegation,
  type DelegationRecord,
} from '../../src/domain/delegation';

const NOW = new Date('2030-03-10T12:00:00.000Z');

function delegation(id: string, delegate: string, from: string, to: string): Delegation {
  return { id, delegateAccountId: delegate, from, to, createdAt: '2030-03-01T00:00:00.000Z' };
}

const record: DelegationRecord = {
  headAccountId: 'head',
  delegations: [
    delegation('past', 'old', '2030-03-01', '2030-03-05'),
    delegation('now', 'lucas', '2030-03-10', '2030-03-12'),
    delegation('later', 'chloe', '2030-04-01', '2030-04-02'),
  ],
  lastDay: '2030-04-02',
  version: 3,
};

describe('activeDelegate', () => {
  it('is the planned delegate whose range covers today, first and last days included', () => {
    expect(activeDelegate(record, 'default', NOW)).toEqual({
      accountId: 'lucas',
      source: 'planned',
    });
    expect(activeDelegate(record, '', new Date('2030-03-12T23:59:59.000Z')).accountId).toBe(
      'lucas',
    );
  });

  it('falls back to the directory’s default delegate, else nobody', () => {
    const later = new Date('2030-03-20T00:00:00.000Z');
    expect(activeDelegate(record, 'default', later)).toEqual({
      accountId: 'default',
      source: 'default',
    });
    expect(activeDelegate(record, '', later)).toEqual({ accountId: '', source: 'none' });
    expect(activeDelegate(undefined, '', NOW)).toEqual({ accountId: '', source: 'none' });
  });
});

describe('standInFor', () => {
  const sales = {
    id: 'sales',
    name: 'Sales',
    nameKey: 'sales',
    headAccountId: 'head',
    delegateAccountId: 'deputy',
    groupId: '',
    groupName: '',
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    version: 1,
  };

  it('is the approver’s planned delegate first, else the department’s default delegate', () => {
    const approval = { approverAccountId: 'head', departmentId: 'sales' };
    expect(standInFor(approval, standInsOf([sales], [record]), NOW)).toBe('lucas');
    expect(standInFor(approval, standInsOf([sales], []), NOW)).toBe('deputy');
  });

  it('gives a head chosen for one rollout no default delegate, and nobody stands in for themself', () => {
    const chosen = { approverAccountId: 'someone-else', departmentId: 'sales' };
    expect(standInFor(chosen, standInsOf([sales], []), NOW)).toBe('');
    const self = { ...record, delegations: [delegation('me', 'head', '2030-03-10', '2030-03-10')] };
    expect(
      standInFor({ approverAccountId: 'head', departmentId: 'x' }, standInsOf([], [self]), NOW),
    ).toBe('');
  });
});

describe('currentDelegations and overlaps', () => {
  it('keeps delegations that have not ended, soonest first', () => {
    expect(currentDelegations(record, NOW).map((d) => d.id)).toEqual(['now', 'later']);
  });

  it('sees shared days as an overlap, touching ranges too', () => {
    expect(
      overlaps({ from: '2030-03-12', to: '2030-03-15' }, { from: '2030-03-10', to: '2030-03-12' }),
    ).toBe(true);
    expect(
      overlaps({ from: '2030-03-13', to: '2030-03-15' }, { from: '2030-03-10', to: '2030-03-12' }),
    ).toBe(false);
  });
});

describe('the stored record', () => {
  it('drops ended delegations, sorts, tracks the last day and bumps the version', () => {
    const next = withDelegation(
      'head',
      record,
      delegation('new', 'hugo', '2030-05-01', '2030-05-03'),
      NOW,
    );
    expect(next.delegations.map((d) => d.id)).toEqual(['now', 'later', 'new']);
    expect(next.lastDay).toBe('2030-05-03');
    expect(next.version).toBe(4);
    const first = withDelegation(
      'head',
      undefined,
      delegation('a', 'hugo', '2030-03-11', '2030-03-11'),
      NOW,
    );
    expect(first).toEqual({
      headAccountId: 'head',
      delegations: [delegation('a', 'hugo', '2030-03-11', '2030-03-11')],
      lastDay: '2030-03-11',
      version: 1,
    });
  });

  it('removes one delegation; an empty record has no last day', () => {
    const next = withoutDelegation(record, 'later', NOW);
    expect(next.delegations.map((d) => d.id)).toEqual(['now']);
    expect(next.lastDay).toBe('2030-03-12');
    expect(withoutDelegation(next, 'now', NOW)).toMatchObject({
      delegations: [],
      lastDay: '',
      version: 5,
    });
  });
});
