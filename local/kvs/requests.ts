/**
 * Request bodies of every storage REST call, as `@forge/kvs` 1.6 sends them (see its
 * `interfaces/kvs-api.d.ts` and `__test__`). A body that does not fit answers 400 `BAD_REQUEST`,
 * as the SDK's tests show the platform doing for an invalid body.
 */
import { z } from 'zod';
import { invalidBody } from './errors';
import type { JsonValue } from './json';

const metadataField = z.enum(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME']);
const metadataFields = z.array(metadataField);

const getOptions = z.object({ metadataFields: metadataFields.optional() });

const ttl = z.object({
  value: z.number().int().positive(),
  unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']),
});

const setOptions = z.object({
  ttl: ttl.optional(),
  keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
  returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
  returnMetadataFields: metadataFields.optional(),
});

/** Any JSON value, but present: a set without `value` is malformed, not a set of `undefined`. */
const jsonValue = z.custom<JsonValue>((value) => value !== undefined, 'value is required');

/** Conditions stay loosely typed here: their codes (INVALID_FILTER_*) are checked in conditions.ts. */
const clause = z.object({ condition: z.string(), values: z.array(z.custom<JsonValue>()) });
const filterItem = clause.extend({ property: z.string() });
export const filterGroupSchema = z.object({
  and: z.array(filterItem).optional(),
  or: z.array(filterItem).optional(),
});

export const getRequest = z.object({ key: z.string(), options: getOptions.optional() });
export const setRequest = z.object({
  key: z.string(),
  value: jsonValue,
  options: setOptions.optional(),
});
export const deleteRequest = z.object({ key: z.string() });

export const queryRequest = z.object({
  limit: z.number().int().optional(),
  after: z.string().optional(),
  where: z.array(filterItem).optional(),
  options: getOptions.optional(),
});

export const entityGetRequest = getRequest.extend({ entityName: z.string() });
export const entitySetRequest = setRequest.extend({ entityName: z.string() });
export const entityDeleteRequest = deleteRequest.extend({ entityName: z.string() });

export const entityQueryRequest = z.object({
  entityName: z.string(),
  indexName: z.string(),
  partition: z.array(z.custom<JsonValue>()).optional(),
  range: clause.optional(),
  filters: filterGroupSchema.optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
  // The SDK sends `options.metadataFields`; its request type also declares a top-level field.
  options: getOptions.optional(),
  metadataFields: metadataFields.optional(),
});

export const batchSetRequest = z.array(
  z.object({
    key: z.string(),
    value: jsonValue,
    entityName: z.string().optional(),
    options: z.object({ ttl: ttl.optional() }).optional(),
  }),
);
export const batchGetRequest = z.array(
  z.object({ key: z.string(), entityName: z.string().optional(), options: getOptions.optional() }),
);
export const batchDeleteRequest = z.array(
  z.object({ key: z.string(), entityName: z.string().optional() }),
);

export const transactionRequest = z.object({
  set: z
    .array(
      z.object({
        key: z.string(),
        value: jsonValue,
        entityName: z.string().optional(),
        conditions: filterGroupSchema.optional(),
        options: setOptions.pick({ ttl: true, keyPolicy: true }).optional(),
      }),
    )
    .optional(),
  delete: z
    .array(
      z.object({
        key: z.string(),
        entityName: z.string().optional(),
        conditions: filterGroupSchema.optional(),
      }),
    )
    .optional(),
  check: z
    .array(z.object({ key: z.string(), entityName: z.string(), conditions: filterGroupSchema }))
    .optional(),
});

export type FilterGroup = z.infer<typeof filterGroupSchema>;
export type FilterItem = z.infer<typeof filterItem>;
export type Clause = z.infer<typeof clause>;
export type SetOptions = z.infer<typeof setOptions>;
export type TransactionRequest = z.infer<typeof transactionRequest>;
export type EntityQueryRequest = z.infer<typeof entityQueryRequest>;
export type QueryRequest = z.infer<typeof queryRequest>;

/** Parses JSON text against a schema, or throws the platform's 400 for a malformed body. */
export function parseBody<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidBody('not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw invalidBody(`${path}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
