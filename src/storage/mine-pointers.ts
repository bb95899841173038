/**
 * The pointer keys of "My rollouts" (decision 0058; read by storage/mine-keys.ts): which keys a
 * department and a delegation record point at them with, and what a write changes of them.
 * Plain kvs keys, written by storage/departments.ts and storage/delegations.ts.
 */
import { delegatesOf, type DelegationRecord } from '../domain/delegation';
import { peopleOf, type Department } from '../domain/departments';

export const GROUP_PREFIX = 'department-group:';
export const PERSON_PREFIX = 'department-person:';
export const DELEGATE_PREFIX = 'delegation-delegate:';
/** Forge's bound on the items of one batch call and on a transaction's operations. */
export const BATCH_MAX = 25;

export interface PointerKey {
  key: string;
  value: { departmentId: string } | { headAccountId: string };
}

/** The keys a department's group and people point at it with (none for an empty group). */
export function departmentPointers(
  department: Pick<
    Department,
    'id' | 'groupId' | 'headAccountId' | 'delegateAccountId' | 'supervisorAccountIds'
  >,
): PointerKey[] {
  const value = { departmentId: department.id };
  return [
    ...(department.groupId
      ? [{ key: `${GROUP_PREFIX}${department.groupId}:${department.id}`, value }]
      : []),
    ...peopleOf(department).map((person) => ({
      key: `${PERSON_PREFIX}${person}:${department.id}`,
      value,
    })),
  ];
}

/** The keys a head's delegation record points at them with: one per delegate it names. */
export function delegationPointers(
  record: Pick<DelegationRecord, 'headAccountId' | 'delegations'> | undefined,
): PointerKey[] {
  if (!record) return [];
  return delegatesOf(record).map((delegate) => ({
    key: `${DELEGATE_PREFIX}${delegate}:${record.headAccountId}`,
    value: { headAccountId: record.headAccountId },
  }));
}

/** What a write changes of the keys: those to set (new) and those to delete (gone). */
export function pointerChanges(
  previous: readonly PointerKey[],
  next: readonly PointerKey[],
): { added: PointerKey[]; removed: string[] } {
  const before = new Set(previous.map((p) => p.key));
  const after = new Set(next.map((p) => p.key));
  return {
    added: next.filter((p) => !before.has(p.key)),
    removed: [...before].filter((key) => !after.has(key)),
  };
}
