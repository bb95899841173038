/**
 * The response envelope every resolver answers, with the stable error codes (declared in
 * domain/errors.ts, where the job records that keep an error find them too).
 * Shared by the backend and the UI: no Forge or DOM imports here.
 */
import type { AppError } from '../domain/errors';

export { ERROR_CODES } from '../domain/errors';
export type { AppError, ErrorCode, FieldIssue, ReconfirmItem } from '../domain/errors';

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

export function fail(error: AppError): Envelope<never> {
  return { ok: false, error };
}

/**
 * Thrown by use cases to leave early with a coded error; the edges turn it into an envelope.
 * Built by src/app/failures.ts from the error catalogue (domain/errors.ts), nowhere else.
 */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
  }
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
