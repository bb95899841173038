/**
 * Storage errors as the platform answers them: an HTTP status and a `{code, message}` body, the
 * shape `checkResponseError` in `@forge/kvs` turns into a `ForgeKvsAPIError`.
 *
 * Codes come from Atlassian's pages "Error handling for the Key-Value Store" and "… for the Custom
 * Entity Store", or from the SDK itself (`KEY_NOT_FOUND`, which the SDK turns into `undefined`;
 * `BAD_REQUEST`, which its tests show for an invalid body). The few the docs do not name are marked.
 */

export const ErrorCode = {
  // Keys (KVS page uses KEY_TOO_SHORT for an empty key, the Custom Entity page EMPTY_KEY).
  KEY_TOO_SHORT: 'KEY_TOO_SHORT',
  EMPTY_KEY: 'EMPTY_KEY',
  KEY_TOO_LONG: 'KEY_TOO_LONG',
  INVALID_KEY: 'INVALID_KEY',
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  KEY_CONFLICT: 'KEY_CONFLICT',
  // Values.
  MAX_SIZE: 'MAX_SIZE',
  MAX_DEPTH: 'MAX_DEPTH',
  // Custom entities.
  ENTITY_TYPE_TOO_SHORT: 'ENTITY_TYPE_TOO_SHORT',
  ENTITY_TYPE_TOO_LARGE: 'ENTITY_TYPE_TOO_LARGE',
  INVALID_ENTITY_TYPE: 'INVALID_ENTITY_TYPE',
  INVALID_ENTITY_VALUE: 'INVALID_ENTITY_VALUE',
  INVALID_ENTITY_INDEX: 'INVALID_ENTITY_INDEX',
  // Queries.
  LIST_QUERY_LIMIT_EXCEEDED: 'LIST_QUERY_LIMIT_EXCEEDED',
  QUERY_WHERE_INVALID: 'QUERY_WHERE_INVALID',
  QUERY_WHERE_FIELD_INVALID: 'QUERY_WHERE_FIELD_INVALID',
  INVALID_FILTER_CONDITION: 'INVALID_FILTER_CONDITION',
  INVALID_FILTER_VALUES: 'INVALID_FILTER_VALUES',
  COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
  EMPTY_FILTER_OPERATOR: 'EMPTY_FILTER_OPERATOR',
  INVALID_FILTER_OPERATORS_COMBINATION: 'INVALID_FILTER_OPERATORS_COMBINATION',
  INSUFFICIENT_FILTER_VALUES: 'INSUFFICIENT_FILTER_VALUES',
  /**
   * Not named in the docs: a transaction whose entity condition does not hold. The docs only say
   * the whole transaction is rolled back. One constant so app code and tests can match it.
   */
  CONDITION_FAILED: 'CONDITION_FAILED',
  // Generic.
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  code: string;
  message: string;
}

/** A storage call that the platform would refuse; `handle` turns it into an HTTP answer. */
export class KvsError extends Error {
  override readonly name = 'KvsError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function badRequest(code: ErrorCodeName, message: string): KvsError {
  return new KvsError(400, code, message);
}

export function keyNotFound(): KvsError {
  return new KvsError(404, ErrorCode.KEY_NOT_FOUND, 'Provided key does not exist');
}

export function keyConflict(key: string): KvsError {
  return new KvsError(409, ErrorCode.KEY_CONFLICT, `Key "${key}" already exists`);
}

export function invalidBody(detail: string): KvsError {
  return badRequest(ErrorCode.BAD_REQUEST, `Provided request body is invalid: ${detail}`);
}
