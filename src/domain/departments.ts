/**
 * The organisation's department directory: pure rules, no I/O.
 * Every rollout reuses these departments and their heads.
 */
import { z } from 'zod';
import { accountIdSchema } from './ids';
import { SUPERVISORS_MAX } from './limits';
import { DEPARTMENT_NAME_TEXT } from './rules/directory';
import { normaliseText, textSchema } from './text';

export { DEPARTMENT_NAME_MAX, DIRECTORY_MAX, SUPERVISORS_MAX } from './limits';

export interface Department {
  id: string;
  name: string;
  /** Case- and accent-folded name: the uniqueness and sort key. */
  nameKey: string;
  headAccountId: string;
  /** Default delegate who may decide for the head when they are away; '' when none. */
  delegateAccountId: string;
  /**
   * Supervisors who may give the department's check-in besides its head and the head's delegate
   * (absent on departments stored before they could be named: none).
   */
  supervisorAccountIds?: string[];
  /** The Jira group of the department's people ('' when none is linked): its id and its name. */
  groupId: string;
  groupName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * The text rules of every name (NFC, invisible characters stripped, spaces collapsed, trimmed),
 * so "  Customer   Support " is "Customer Support" and "Sales\u200B" is "Sales".
 */
export function normaliseDepartmentName(name: string): string {
  return normaliseText(name);
}

/** "Opérations" and "operations" are the same department: fold case and accents. */
export function departmentNameKey(name: string): string {
  return normaliseDepartmentName(name)
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('en-US');
}

/** The name's uniqueness fold (`departmentNameKey`) runs on what this schema answers. */
export const departmentNameSchema = textSchema(DEPARTMENT_NAME_TEXT);

/** A Jira group id as Jira answers it (a UUID on Cloud; kept loose, checked against Jira). */
export const groupIdSchema = z
  .string({ error: 'errors.department.unknownGroup' })
  .max(128, { error: 'errors.department.unknownGroup' })
  .regex(/^[A-Za-z0-9:._-]*$/u, { error: 'errors.department.unknownGroup' });

/** Records stored before groups could be linked read as linked to none. */
export function withGroupDefaults(department: Department): Department {
  return {
    ...department,
    groupId: typeof department.groupId === 'string' ? department.groupId : '',
    groupName: typeof department.groupName === 'string' ? department.groupName : '',
  };
}

export const optionalDelegateSchema = z
  .union([accountIdSchema, z.literal(''), z.null()])
  .optional();

/** The supervisors an admin names on a department: distinct people, at most SUPERVISORS_MAX. */
export const supervisorsSchema = z
  .array(accountIdSchema, { error: 'errors.department.supervisors' })
  .max(SUPERVISORS_MAX, { error: 'errors.department.tooManySupervisors' })
  .transform((ids) => [...new Set(ids)])
  .optional();

/** Which account ids a department names (head, delegate and supervisors, when any). */
export function accountIdsOf(
  department: Pick<Department, 'headAccountId' | 'delegateAccountId' | 'supervisorAccountIds'>,
): string[] {
  return [
    department.headAccountId,
    ...(department.delegateAccountId ? [department.delegateAccountId] : []),
    ...(department.supervisorAccountIds ?? []),
  ];
}

/**
 * The people a department names (head, default delegate, supervisors), each once: whom its
 * keys by person point from (decision 0058).
 */
export function peopleOf(
  department: Pick<Department, 'headAccountId' | 'delegateAccountId' | 'supervisorAccountIds'>,
): string[] {
  return [...new Set(accountIdsOf(department).filter((id) => id !== ''))];
}

/**
 * The departments a person belongs to for what their department is asked (sessions it attends,
 * pulses it answers): those whose linked Jira group holds them, then those whose directory entry
 * names them as head, default delegate or supervisor (a department without a group has no other
 * way to know its people); at most `max`, in the directory's order.
 */
export function personDepartments(
  directory: readonly Pick<
    Department,
    'id' | 'groupId' | 'headAccountId' | 'delegateAccountId' | 'supervisorAccountIds'
  >[],
  groupIds: ReadonlySet<string>,
  accountId: string,
  max: number,
): string[] {
  const byGroup = directory.filter((d) => d.groupId !== '' && groupIds.has(d.groupId));
  const named = directory.filter(
    (d) => !byGroup.includes(d) && accountId !== '' && accountIdsOf(d).includes(accountId),
  );
  return [...byGroup, ...named].map((d) => d.id).slice(0, max);
}

export function sortDepartments<T extends Pick<Department, 'nameKey'>>(
  departments: readonly T[],
): T[] {
  return [...departments].sort((a, b) => a.nameKey.localeCompare(b.nameKey, 'en-US'));
}
