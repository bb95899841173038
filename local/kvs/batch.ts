/**
 * `kvs.batchSet/batchGet/batchDelete`: up to 25 items mixing plain keys and entities, 4 MB at
 * most. Each item succeeds or fails on its own (`successfulKeys` / `failedKeys`); the whole call
 * fails only when it is malformed, empty, too large, or sets the same key twice (batch page:
 * "fail entirely if it doesn't contain any set requests / multiple requests to set the same key").
 */
import { badRequest, ErrorCode, KvsError, type ErrorBody } from './errors';
import { validateOperationCount, validateRequestSize } from './limits';
import { itemBody, type ItemBody } from './metadata';
import { batchDeleteRequest, batchGetRequest, batchSetRequest, parseBody } from './requests';
import type { Reply } from './items';
import type { Store } from './store';

interface BatchKey {
  key: string;
  entityName?: string;
}

interface BatchFailure extends BatchKey {
  error: ErrorBody;
}

type BatchGetSuccess = ItemBody & { entityName?: string };

function itemKey(item: { key: string; entityName?: string | undefined }): BatchKey {
  return item.entityName === undefined
    ? { key: item.key }
    : { key: item.key, entityName: item.entityName };
}

function failure(item: BatchKey, error: unknown): BatchFailure {
  if (error instanceof KvsError) return { ...item, error: error.toBody() };
  throw error;
}

function checkShape(body: string, count: number, what: string): void {
  validateRequestSize(body);
  if (count === 0) throw badRequest(ErrorCode.BAD_REQUEST, `A ${what} needs at least one item.`);
  validateOperationCount(count, what);
}

const NOT_FOUND: ErrorBody = { code: ErrorCode.KEY_NOT_FOUND, message: 'Key does not exist' };

export function batchSet(store: Store, body: string, now: number): Reply {
  const items = parseBody(batchSetRequest, body);
  checkShape(body, items.length, 'batch set');
  const seen = new Set<string>();
  for (const item of items) {
    const identity = `${item.entityName ?? ''}\u0000${item.key}`;
    if (seen.has(identity)) {
      throw badRequest(ErrorCode.BAD_REQUEST, `The batch sets key "${item.key}" more than once.`);
    }
    seen.add(identity);
  }
  const successfulKeys: BatchKey[] = [];
  const failedKeys: BatchFailure[] = [];
  for (const item of items) {
    try {
      const prepared = store.prepareWrite(store.target(item.entityName), item.key, item.value);
      store.write(prepared, item.options, now);
      successfulKeys.push(itemKey(item));
    } catch (error) {
      failedKeys.push(failure(itemKey(item), error));
    }
  }
  return { status: 200, body: { successfulKeys, failedKeys } };
}

export function batchGet(store: Store, body: string, now: number): Reply {
  const items = parseBody(batchGetRequest, body);
  checkShape(body, items.length, 'batch get');
  const successfulKeys: BatchGetSuccess[] = [];
  const failedKeys: BatchFailure[] = [];
  for (const item of items) {
    try {
      const target = store.target(item.entityName);
      const row = store.read(target, store.ref(target, item.key), now);
      if (!row) {
        failedKeys.push({ ...itemKey(item), error: NOT_FOUND });
        continue;
      }
      const found = itemBody(row, item.options?.metadataFields);
      successfulKeys.push(
        item.entityName === undefined ? found : { ...found, entityName: item.entityName },
      );
    } catch (error) {
      failedKeys.push(failure(itemKey(item), error));
    }
  }
  return { status: 200, body: { successfulKeys, failedKeys } };
}

export function batchDelete(store: Store, body: string, now: number): Reply {
  const items = parseBody(batchDeleteRequest, body);
  checkShape(body, items.length, 'batch delete');
  const successfulKeys: BatchKey[] = [];
  const failedKeys: BatchFailure[] = [];
  for (const item of items) {
    try {
      const target = store.target(item.entityName);
      if (store.remove(target, store.ref(target, item.key), now))
        successfulKeys.push(itemKey(item));
      else failedKeys.push({ ...itemKey(item), error: NOT_FOUND });
    } catch (error) {
      failedKeys.push(failure(itemKey(item), error));
    }
  }
  return { status: 200, body: { successfulKeys, failedKeys } };
}
