/**
 * The organisation's department directory: pure rules, no I/O.
 * Every rollout reuses these departments and their heads.
 */
import { z } from 'zod';
import { accountIdSchema } from './ids';
import { DEPARTMENT_NAME_TEXT } from './rules/directory';
import { normaliseText, textSchema } from './text';

export { DEPARTMENT_NAME_MAX, DIRECTORY_MAX } from './limits';

export interface Department {
  id: string;
  name: string;
  /** Case- and accent-folded name: the uniqueness and sort key. */
  nameKey: string;
  headAccountId: string;
  /** Default delegate who may decide for the head when they are away; '' when none. */
  delegateAccountId: string;
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

export const optionalDelegateSchema = z
  .union([accountIdSchema, z.literal(''), z.null()])
  .optional();

/** Which account ids a department names (head and, if any, delegate). */
export function accountIdsOf(
  department: Pick<Department, 'headAccountId' | 'delegateAccountId'>,
): string[] {
  return department.delegateAccountId
    ? [department.headAccountId, department.delegateAccountId]
    : [department.headAccountId];
}

export function sortDepartments<T extends Pick<Department, 'nameKey'>>(
  departments: readonly T[],
): T[] {
  return [...departments].sort((a, b) => a.nameKey.localeCompare(b.nameKey, 'en-US'));
}
