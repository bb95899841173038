/**
 * Failures as the UI and the job records carry them: coded `AppError`s of the error catalogue
 * (domain/errors.ts), built here and nowhere else. A use case throws `refuse(kind, …)`; the
 * adapters throw their own errors (a REST client's `UpstreamError`, the storage client's
 * `StorageBusyError`), which are mapped here, once, for every edge (the resolver envelope, the
 * push consumer's job record). An error's `message` is its English text from the locale files,
 * for logs and scripts; readers see it translated by its key.
 */
import { UpstreamError } from '../atlassian/errors';
import { AppFailure, type AppError, type FieldIssue } from '../contract/envelope';
import { errorOf, type ErrorExtraArg, type ErrorKind } from '../domain/errors';
import { message } from '../i18n';
import { StorageBusyError } from '../storage/errors';

/** The language of `AppError.message`, as logs and scripts read it. */
const LOG_LANGUAGE = 'en';

/** The coded error of `kind`, with its English message. */
export function failure<K extends ErrorKind>(kind: K, ...extra: ErrorExtraArg<K>): AppError {
  const error = errorOf(kind, ...extra);
  return { ...error, message: message(LOG_LANGUAGE, kind, error.params) };
}

/** The failure of `kind`, to throw: the edges answer its error. */
export function refuse<K extends ErrorKind>(kind: K, ...extra: ErrorExtraArg<K>): AppFailure {
  return new AppFailure(failure(kind, ...extra));
}

/**
 * VALIDATION for invalid fields, told by the first field's message (the form shows each field's);
 * `errors.validation` when there is none.
 */
export function invalidFields(fields: FieldIssue[]): AppFailure {
  const error = failure('errors.validation', { details: { fields } });
  const [first] = fields;
  if (!first) return new AppFailure(error);
  return new AppFailure({
    ...error,
    messageKey: first.messageKey,
    message: message(LOG_LANGUAGE, first.messageKey, first.params),
  });
}

/**
 * VALIDATION for a payload the contract refuses: `errors.validation`, its message naming each
 * field and its message key for whoever reads the logs.
 */
export function invalidPayload(fields: FieldIssue[]): AppFailure {
  const error = failure('errors.validation', { details: { fields } });
  const summary = fields.map((field) => `${field.path}: ${field.messageKey}`).join('; ');
  return new AppFailure({ ...error, message: `${error.message} (${summary})` });
}

/** The coded error a failure stands for; undefined for anything unexpected (a bug: INTERNAL). */
export function appErrorOf(error: unknown): AppError | undefined {
  if (error instanceof AppFailure) return error.error;
  if (error instanceof UpstreamError) {
    return failure('errors.upstream', {
      params: { product: error.product, status: error.status },
    });
  }
  if (error instanceof StorageBusyError) {
    return failure('errors.storageBusy', { params: { status: error.status } });
  }
  return undefined;
}

/** What the UI shows for anything unexpected; the cause goes to the log, never to the user. */
export function internalError(): AppError {
  return failure('errors.internal');
}
