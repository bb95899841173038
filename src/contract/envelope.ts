/**
 * The response envelope every resolver answers, and the stable error codes.
 * Shared by the backend and the UI: no Forge or DOM imports here.
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

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

export function fail(error: AppError): Envelope<never> {
  return { ok: false, error };
}

/** Thrown inside handlers to leave early with a coded error; the resolver edge turns it into an envelope. */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
  }
}

export function appError(
  code: ErrorCode,
  messageKey: string,
  message: string,
  extra: { params?: Record<string, string | number>; details?: AppError['details'] } = {},
): AppError {
  return {
    code,
    messageKey,
    message,
    ...(extra.params ? { params: extra.params } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  };
}

export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const candidate = value as { ok: unknown; data?: unknown; error?: unknown };
  if (candidate.ok === true) return 'data' in candidate;
  if (candidate.ok !== false || typeof candidate.error !== 'object' || candidate.error === null)
    return false;
  const error = candidate.error as Partial<AppError>;
  return typeof error.code === 'string' && typeof error.message === 'string';
}
