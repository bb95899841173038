/**
 * Errors as values: a stable code and a message key (with its parameters) that each reader sees
 * in their own language. Pure: the UI envelope (contract/envelope.ts) carries them, and so do
 * records that remember why something failed (a push job).
 */
export const ERROR_CODES = [
  'VALIDATION',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LIMIT',
  'UPSTREAM',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field of a payload: where it is and which message key explains it. */
export interface FieldIssue {
  path: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

/**
 * An error as a value. `message` is English, for logs and scripts; the UI translates with
 * `messageKey` (and `params`) so each user reads it in their own language.
 */
export interface AppError {
  code: ErrorCode;
  message: string;
  messageKey: string;
  params?: Record<string, string | number>;
  details?: { fields?: FieldIssue[]; current?: unknown };
}
