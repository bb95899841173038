/**
 * Failures as the UI and the job records carry them: coded `AppError`s. Use cases throw
 * `AppFailure`; the adapters throw their own errors (a REST client's `UpstreamError`), which are
 * mapped here, once, for every edge (the resolver envelope, the push consumer's job record).
 */
import { UpstreamError } from '../atlassian/errors';
import { AppFailure, appError, type AppError } from '../contract/envelope';

/** The coded error a failure stands for; undefined for anything unexpected (a bug: INTERNAL). */
export function appErrorOf(error: unknown): AppError | undefined {
  if (error instanceof AppFailure) return error.error;
  if (error instanceof UpstreamError) {
    return appError('UPSTREAM', 'errors.upstream', error.message, {
      params: { product: error.product, status: error.status },
    });
  }
  return undefined;
}

/** What the UI shows for anything unexpected; the cause goes to the log, never to the user. */
export function internalError(): AppError {
  return appError('INTERNAL', 'errors.internal', 'Something went wrong on our side. Try again.');
}
