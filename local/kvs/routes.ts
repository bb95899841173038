/** The storage REST paths `@forge/kvs` calls (all POST), each routed to the operation that answers it. */
import type { Database } from 'better-sqlite3';
import { Router } from '../router';
import { batchDelete, batchGet, batchSet } from './batch';
import { EntityQuery } from './entity-query';
import { keyNotFound } from './errors';
import { EMPTY_REPLY, setReply, type Reply } from './items';
import type { JsonValue } from './json';
import { itemBody, type MetadataField } from './metadata';
import { PlainQuery } from './plain-query';
import {
  deleteRequest,
  entityDeleteRequest,
  entityGetRequest,
  entityQueryRequest,
  entitySetRequest,
  getRequest,
  parseBody,
  queryRequest,
  setRequest,
  type SetOptions,
} from './requests';
import type { Store, Target } from './store';
import { Transactions } from './transaction';

export type Route = (body: string, now: number) => Reply;

const KVS: Target = { kind: 'kvs' };
const SECRET: Target = { kind: 'secret' };

export function buildRoutes(db: Database, store: Store): Router<Route> {
  const plainQuery = new PlainQuery(db);
  const entityQuery = new EntityQuery(db, store.catalog);
  const transactions = new Transactions(db, store);

  const get = (
    target: Target,
    key: string,
    fields: readonly MetadataField[] | undefined,
    now: number,
  ): Reply => {
    const row = store.read(target, store.ref(target, key), now);
    if (!row) throw keyNotFound();
    return { status: 200, body: itemBody(row, fields) };
  };
  const set = (
    target: Target,
    key: string,
    value: JsonValue,
    options: SetOptions | undefined,
    now: number,
  ): Reply => setReply(options, store.write(store.prepareWrite(target, key, value), options, now));
  const remove = (target: Target, key: string, now: number): Reply => {
    if (!store.remove(target, store.ref(target, key), now)) throw keyNotFound();
    return EMPTY_REPLY;
  };

  const router = new Router<Route>();
  const post = (path: string, route: Route): void => {
    router.add('POST', path, route);
  };

  // Plain keys and secrets share request shapes; only the table differs.
  for (const [prefix, target] of [
    ['/api/v1', KVS],
    ['/api/v1/secret', SECRET],
  ] as const) {
    post(`${prefix}/get`, (body, now) => {
      const request = parseBody(getRequest, body);
      return get(target, request.key, request.options?.metadataFields, now);
    });
    post(`${prefix}/set`, (body, now) => {
      const request = parseBody(setRequest, body);
      return set(target, request.key, request.value, request.options, now);
    });
    post(`${prefix}/delete`, (body, now) =>
      remove(target, parseBody(deleteRequest, body).key, now),
    );
  }
  post('/api/v1/query', (body, now) => ({
    status: 200,
    body: plainQuery.run(parseBody(queryRequest, body), now),
  }));
  post('/api/v1/entity/get', (body, now) => {
    const request = parseBody(entityGetRequest, body);
    const target = store.target(request.entityName);
    return get(target, request.key, request.options?.metadataFields, now);
  });
  post('/api/v1/entity/set', (body, now) => {
    const request = parseBody(entitySetRequest, body);
    const target = store.target(request.entityName);
    return set(target, request.key, request.value, request.options, now);
  });
  post('/api/v1/entity/delete', (body, now) => {
    const request = parseBody(entityDeleteRequest, body);
    return remove(store.target(request.entityName), request.key, now);
  });
  post('/api/v1/entity/query', (body, now) => ({
    status: 200,
    body: entityQuery.run(parseBody(entityQueryRequest, body), now),
  }));
  post('/api/v1/batch/set', (body, now) => batchSet(store, body, now));
  post('/api/v1/batch/get', (body, now) => batchGet(store, body, now));
  post('/api/v1/batch/delete', (body, now) => batchDelete(store, body, now));
  post('/api/v1/transaction', (body, now) => transactions.execute(body, now));
  return router;
}
