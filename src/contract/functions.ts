/**
 * The one contract between the UI and the backend: for each function key, the zod schema of its
 * payload and the type of its result. The backend validates with it; the UI's client is typed from it.
 * Keys are route-like (`area/action`).
 */
import { z } from 'zod';
import { accountIdSchema, uuidSchema } from '../domain/ids';
import { departmentNameSchema, optionalDelegateSchema } from '../domain/departments';

/** A phantom marker carrying a result type; it has no runtime content. */
export interface Returns<T> {
  readonly __result?: T;
}
function returns<T>(): Returns<T> {
  return {};
}

export interface UserSummary {
  accountId: string;
  displayName: string;
  avatarUrl: string | null;
  active: boolean;
}

export interface DepartmentView {
  id: string;
  name: string;
  head: UserSummary;
  delegate: UserSummary | null;
  version: number;
  updatedAt: string;
}

export interface DirectoryView {
  departments: DepartmentView[];
  /** Whether the acting user may change the directory (Jira administrators only). */
  canManage: boolean;
  limit: number;
}

const empty = z.object({}).strict();

export const contract = {
  'directory/list': {
    payload: empty,
    result: returns<DirectoryView>(),
  },
  'directory/create': {
    payload: z
      .object({
        /** Idempotency key chosen by the UI per submission: a retried create never adds a second department. */
        requestId: uuidSchema,
        name: departmentNameSchema,
        headAccountId: accountIdSchema,
        delegateAccountId: optionalDelegateSchema,
      })
      .strict(),
    result: returns<DepartmentView>(),
  },
  'directory/update': {
    payload: z
      .object({
        id: uuidSchema,
        /** The version the user edited: a stale one answers CONFLICT instead of overwriting. */
        version: z.number().int().min(1),
        name: departmentNameSchema,
        headAccountId: accountIdSchema,
        delegateAccountId: optionalDelegateSchema,
      })
      .strict(),
    result: returns<DepartmentView>(),
  },
  'directory/remove': {
    payload: z.object({ id: uuidSchema, version: z.number().int().min(1) }).strict(),
    result: returns<{ id: string }>(),
  },
  'users/search': {
    payload: z
      .object({
        query: z
          .string()
          .trim()
          .min(1, { error: 'errors.users.queryRequired' })
          .max(100, { error: 'errors.users.queryTooLong' }),
      })
      .strict(),
    result: returns<{ users: UserSummary[] }>(),
  },
} as const;

export type Contract = typeof contract;
export type FunctionKey = keyof Contract;
/** What the UI sends (before the schema's transforms). */
export type PayloadIn<K extends FunctionKey> = z.input<Contract[K]['payload']>;
/** What a handler receives (after validation and transforms). */
export type PayloadOut<K extends FunctionKey> = z.output<Contract[K]['payload']>;
export type ResultOf<K extends FunctionKey> =
  Contract[K]['result'] extends Returns<infer T> ? T : never;

export const FUNCTION_KEYS = Object.keys(contract) as FunctionKey[];
