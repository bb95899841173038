import { personDepartments } from '../../src/domain/departments';

const dept = (
  id: string,
  groupId: string,
  head: string,
  extra: Partial<{ delegate: string; supervisors: string[] }> = {},
) => ({
  id,
  groupId,
  headAccountId: head,
  delegateAccountId: extra.delegate ?? '',
  supervisorAccountIds: extra.supervisors ?? [],
});

describe('a person’s departments', () => {
  const directory = [
    dept('sales', 'g-sales', 'ann'),
    dept('support', '', 'bob', { delegate: 'cat', supervisors: ['dan'] }),
    dept('finance', 'g-fin', 'eve', { supervisors: ['dan'] }),
  ];
  it('are those whose group holds them, then those the directory names them in', () => {
    expect(personDepartments(directory, new Set(['g-fin']), 'zed', 3)).toEqual(['finance']);
    expect(personDepartments(directory, new Set(), 'bob', 3)).toEqual(['support']);
    expect(personDepartments(directory, new Set(), 'cat', 3)).toEqual(['support']);
    expect(personDepartments(directory, new Set(['g-fin']), 'dan', 3)).toEqual([
      'finance',
      'support',
    ]);
    expect(personDepartments(directory, new Set(['g-fin']), 'dan', 1)).toEqual(['finance']);
    expect(personDepartments(directory, new Set(), '', 3)).toEqual([]);
  });
});
