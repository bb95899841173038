import { delegatesOf } from '../../src/domain/delegation';
import { peopleOf } from '../../src/domain/departments';
import {
  delegationPointers,
  departmentPointers,
  pointerChanges,
} from '../../src/storage/mine-pointers';

const department = (
  extra: Partial<{ groupId: string; delegate: string; supervisors: string[] }> = {},
) => ({
  id: 'd1',
  groupId: extra.groupId ?? '',
  headAccountId: 'ann',
  delegateAccountId: extra.delegate ?? '',
  supervisorAccountIds: extra.supervisors ?? [],
});

const delegation = (id: string, delegateAccountId: string) => ({
  id,
  delegateAccountId,
  from: '2031-01-01',
  to: '2031-01-02',
  createdAt: '2030-12-01T00:00:00.000Z',
});

describe('the people a department names', () => {
  it('are its head, default delegate and supervisors, each once, none empty', () => {
    expect(peopleOf(department())).toEqual(['ann']);
    expect(peopleOf(department({ delegate: 'bob', supervisors: ['cat', 'bob', 'ann'] }))).toEqual([
      'ann',
      'bob',
      'cat',
    ]);
  });
});

describe('the delegates a head’s record names', () => {
  it('are each planned delegate once', () => {
    expect(delegatesOf({ delegations: [] })).toEqual([]);
    expect(
      delegatesOf({
        delegations: [delegation('1', 'bob'), delegation('2', 'cat'), delegation('3', 'bob')],
      }),
    ).toEqual(['bob', 'cat']);
  });
});

describe('the keys pointing at a department', () => {
  it('are one for its group (when linked) and one per person it names', () => {
    expect(departmentPointers(department()).map((p) => p.key)).toEqual([
      'department-person:ann:d1',
    ]);
    expect(
      departmentPointers(department({ groupId: 'g1', delegate: 'bob', supervisors: ['cat'] })),
    ).toEqual([
      { key: 'department-group:g1:d1', value: { departmentId: 'd1' } },
      { key: 'department-person:ann:d1', value: { departmentId: 'd1' } },
      { key: 'department-person:bob:d1', value: { departmentId: 'd1' } },
      { key: 'department-person:cat:d1', value: { departmentId: 'd1' } },
    ]);
  });
});

describe('the keys pointing at a delegation record', () => {
  it('are one per delegate, none without a record', () => {
    expect(delegationPointers(undefined)).toEqual([]);
    expect(
      delegationPointers({
        headAccountId: 'ann',
        delegations: [delegation('1', 'bob'), delegation('2', 'bob')],
      }),
    ).toEqual([{ key: 'delegation-delegate:bob:ann', value: { headAccountId: 'ann' } }]);
  });
});

describe('what a write changes of the keys', () => {
  it('sets the new ones and deletes the gone ones, leaving the kept ones alone', () => {
    const before = departmentPointers(department({ groupId: 'g1', supervisors: ['cat'] }));
    const after = departmentPointers(department({ groupId: 'g2', delegate: 'bob' }));
    expect(pointerChanges(before, after)).toEqual({
      added: [
        { key: 'department-group:g2:d1', value: { departmentId: 'd1' } },
        { key: 'department-person:bob:d1', value: { departmentId: 'd1' } },
      ],
      removed: ['department-group:g1:d1', 'department-person:cat:d1'],
    });
    expect(pointerChanges(after, after)).toEqual({ added: [], removed: [] });
  });
});
