/**
 * Contract tests of the storage emulator's batch operations and transactions (conditions,
 * entity checks, limits), written from Atlassian's "Batch operations" and "Transactions" pages
 * and run through the REAL `@forge/kvs` SDK: what these tests receive is what an app receives.
 */
import { kvs } from '@forge/kvs';
import { runInvocation } from '../../local/runtime';
import { ErrorCode, type KvsEmulator } from '../../local/kvs';
import {
  expectError,
  rawCall,
  rejection,
  START,
  START_SECONDS,
  storageEmulator,
  type Approval,
} from '../support/kvs';

let emulator: KvsEmulator;

beforeEach(() => {
  emulator = storageEmulator(() => START);
});

const raw = (path: string, body: unknown): { status: number; body: unknown } =>
  rawCall(emulator, path, body);

describe('batch operations', () => {
  it('sets plain keys and entities, reporting failed items without failing the batch', async () => {
    const result = await kvs.batchSet<unknown>([
      { key: 'plain-1', value: 'one' },
      {
        key: 'a-1',
        value: { rolloutId: 'r1', decision: 'pending', version: 1 },
        entityName: 'approval',
      },
      { key: 'bad/key', value: 'x' },
      { key: 'a-2', value: { rolloutId: 'r1', decision: 7 }, entityName: 'approval' },
      { key: 'plain-2', value: 'two', options: { ttl: { value: 1, unit: 'MINUTES' } } },
    ]);
    expect(result).toEqual({
      successfulKeys: [
        { key: 'plain-1' },
        { key: 'a-1', entityName: 'approval' },
        { key: 'plain-2' },
      ],
      failedKeys: [
        { key: 'bad/key', error: { code: 'INVALID_KEY', message: expect.any(String) as string } },
        {
          key: 'a-2',
          entityName: 'approval',
          error: { code: 'INVALID_ENTITY_VALUE', message: expect.any(String) as string },
        },
      ],
    });
    expect(await kvs.get('plain-1')).toBe('one');
    expect(await kvs.entity<Approval>('approval').get('a-1')).toEqual({
      rolloutId: 'r1',
      decision: 'pending',
      version: 1,
    });
    expect(await kvs.entity<Approval>('approval').get('a-2')).toBeUndefined();
  });

  it('gets many keys with metadata; a missing key is a failed KEY_NOT_FOUND item', async () => {
    await kvs.set('k1', 'v1');
    await kvs
      .entity<Approval>('approval')
      .set('a-1', { rolloutId: 'r', decision: 'approved', version: 2 });
    expect(
      await kvs.batchGet([
        { key: 'k1' },
        { key: 'a-1', entityName: 'approval' },
        { key: 'missing' },
        { key: 'missing', entityName: 'approval' },
      ]),
    ).toEqual({
      successfulKeys: [
        { key: 'k1', value: 'v1' },
        {
          key: 'a-1',
          entityName: 'approval',
          value: { rolloutId: 'r', decision: 'approved', version: 2 },
        },
      ],
      failedKeys: [
        { key: 'missing', error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } },
        {
          key: 'missing',
          entityName: 'approval',
          error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' },
        },
      ],
    });
    expect(
      raw('/api/v1/batch/get', [{ key: 'k1', options: { metadataFields: ['CREATED_AT'] } }]),
    ).toEqual({
      status: 200,
      body: {
        successfulKeys: [{ key: 'k1', value: 'v1', createdAt: START_SECONDS }],
        failedKeys: [],
      },
    });
  });

  it('deletes many keys; a missing key is a failed KEY_NOT_FOUND item', async () => {
    await kvs.set('k1', 'v1');
    await kvs
      .entity<Approval>('approval')
      .set('a-1', { rolloutId: 'r', decision: 'approved', version: 2 });
    expect(
      await kvs.batchDelete([{ key: 'k1' }, { key: 'a-1', entityName: 'approval' }, { key: 'k2' }]),
    ).toEqual({
      successfulKeys: [{ key: 'k1' }, { key: 'a-1', entityName: 'approval' }],
      failedKeys: [{ key: 'k2', error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } }],
    });
    expect(await kvs.get('k1')).toBeUndefined();
    const left = await kvs
      .entity('approval')
      .query()
      .index('by-rollout', { partition: ['r'] })
      .getMany();
    expect(left.results).toEqual([]);
  });

  it('allows 25 items and refuses 26, an empty batch, and setting one key twice', async () => {
    const items = (n: number): { key: string; value: number }[] =>
      Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: i }));
    expect((await kvs.batchSet(items(25))).successfulKeys).toHaveLength(25);
    await expectError(kvs.batchSet(items(26)), 400, 'BAD_REQUEST');
    await expectError(kvs.batchGet(items(26)), 400, 'BAD_REQUEST');
    await expectError(kvs.batchDelete(items(26)), 400, 'BAD_REQUEST');
    await expectError(kvs.batchSet([]), 400, 'BAD_REQUEST');
    await expectError(
      kvs.batchSet([
        { key: 'x', value: 1 },
        { key: 'x', value: 2 },
      ]),
      400,
      'BAD_REQUEST',
    );
    // The same key in two stores is two different items.
    const twoStores = await kvs.batchSet<unknown>([
      { key: 'x', value: 1 },
      { key: 'x', value: { rolloutId: 'r', decision: 'd', version: 1 }, entityName: 'approval' },
    ]);
    expect(twoStores.failedKeys).toEqual([]);
  });

  it('refuses a batch over 4 MB as a whole (MAX_SIZE) and writes nothing', async () => {
    const big = 'x'.repeat(200 * 1024);
    const items = Array.from({ length: 21 }, (_, i) => ({ key: `big-${i}`, value: big }));
    await expectError(kvs.batchSet(items), 400, 'MAX_SIZE');
    expect(await kvs.get('big-0')).toBeUndefined();
  });
});

describe('transactions', () => {
  const approvals = (): ReturnType<typeof kvs.entity<Approval>> => kvs.entity<Approval>('approval');

  it('applies plain sets and deletes together', async () => {
    await kvs.set('old', 'x');
    await kvs.transact().set('new', { a: 1 }).set('other', 2).delete('old').execute();
    expect([await kvs.get('new'), await kvs.get('other'), await kvs.get('old')]).toEqual([
      { a: 1 },
      2,
      undefined,
    ]);
  });

  it('applies entity sets, deletes and checks whose conditions hold', async () => {
    await approvals().set('a-1', { rolloutId: 'r1', decision: 'pending', version: 1 });
    await approvals().set('a-2', { rolloutId: 'r1', decision: 'pending', version: 3 });
    await approvals().set('a-3', { rolloutId: 'r1', decision: 'approved', version: 1 });
    const { Filter, FilterConditions } = await import('@forge/kvs');
    await kvs
      .transact()
      .set<Approval>(
        'a-1',
        { rolloutId: 'r1', decision: 'approved', version: 2 },
        {
          entityName: 'approval',
          conditions: new Filter<Approval>().and('version', FilterConditions.equalTo(1)),
        },
      )
      .delete('a-3', {
        entityName: 'approval',
        conditions: new Filter<Approval>().or('decision', FilterConditions.equalTo('approved')),
      })
      .check('a-2', {
        entityName: 'approval',
        conditions: new Filter<Approval>().and('version', FilterConditions.greaterThan(2)),
      })
      .set('log', 'a-1 approved')
      .execute();
    expect(await approvals().get('a-1')).toEqual({
      rolloutId: 'r1',
      decision: 'approved',
      version: 2,
    });
    expect(await approvals().get('a-3')).toBeUndefined();
    expect(await kvs.get('log')).toBe('a-1 approved');
    const page = await approvals()
      .query()
      .index('by-rollout', { partition: ['r1'] })
      .getMany();
    expect(page.results.map((r) => [r.key, r.value.decision])).toEqual([
      ['a-1', 'approved'],
      ['a-2', 'pending'],
    ]);
  });

  it('rejects the whole transaction when one condition fails, writing nothing', async () => {
    await approvals().set('a-1', { rolloutId: 'r1', decision: 'pending', version: 1 });
    await approvals().set('a-2', { rolloutId: 'r1', decision: 'pending', version: 1 });
    await kvs.set('keep', 'original');
    const { Filter, FilterConditions } = await import('@forge/kvs');
    const stale = new Filter<Approval>().and('version', FilterConditions.equalTo(0));
    const error = await rejection(
      kvs
        .transact()
        .set('keep', 'changed')
        .delete('a-1', { entityName: 'approval' })
        .set<Approval>(
          'a-2',
          { rolloutId: 'r1', decision: 'approved', version: 2 },
          { entityName: 'approval', conditions: stale },
        )
        .execute(),
    );
    expect([error.responseDetails.status, error.code]).toEqual([409, ErrorCode.CONDITION_FAILED]);
    expect(error.message).toContain('"a-2"');
    expect(await kvs.get('keep')).toBe('original');
    expect(await approvals().get('a-1')).toEqual({
      rolloutId: 'r1',
      decision: 'pending',
      version: 1,
    });
    expect(await approvals().get('a-2')).toEqual({
      rolloutId: 'r1',
      decision: 'pending',
      version: 1,
    });
  });

  it('fails a check on a missing entity, and lets notExists guard a create', async () => {
    const { Filter, FilterConditions } = await import('@forge/kvs');
    const absent = new Filter<Approval>().and('version', FilterConditions.notExists());
    await expectError(
      kvs
        .transact()
        .check('ghost', { entityName: 'approval', conditions: absent })
        .set('x', 1)
        .execute(),
      409,
      'CONDITION_FAILED',
    );
    expect(await kvs.get('x')).toBeUndefined();
    const create = (): Promise<void> =>
      kvs
        .transact()
        .set<Approval>(
          'a-9',
          { rolloutId: 'r9', decision: 'pending', version: 1 },
          { entityName: 'approval', conditions: absent },
        )
        .execute();
    await create();
    await expectError(create(), 409, 'CONDITION_FAILED');
  });

  it('honours keyPolicy FAIL_IF_EXISTS inside a transaction', async () => {
    await kvs.set('taken', 'first');
    const body = {
      set: [
        { key: 'fresh', value: 1 },
        { key: 'taken', value: 'second', options: { keyPolicy: 'FAIL_IF_EXISTS' } },
      ],
    };
    expect(raw('/api/v1/transaction', body)).toMatchObject({
      status: 409,
      body: { code: 'KEY_CONFLICT' },
    });
    expect(await kvs.get('fresh')).toBeUndefined();
    expect(await kvs.get('taken')).toBe('first');
    expect(
      raw('/api/v1/transaction', {
        set: [{ key: 'fresh', value: 1, options: { keyPolicy: 'FAIL_IF_EXISTS' } }],
      }),
    ).toEqual({ status: 204, body: undefined });
    expect(await kvs.get('fresh')).toBe(1);
  });

  it('allows 25 operations, refuses 26, a key used twice, and an invalid operation', async () => {
    const build = (n: number): ReturnType<typeof kvs.transact> => {
      const tx = kvs.transact();
      for (let i = 0; i < n; i += 1) tx.set(`t${i}`, i);
      return tx;
    };
    await build(25).execute();
    expect(await kvs.get('t24')).toBe(24);
    await expectError(build(26).set('t99', 1).execute(), 400, 'BAD_REQUEST');
    await expectError(kvs.transact().set('dup', 1).delete('dup').execute(), 400, 'BAD_REQUEST');
    await expectError(
      kvs
        .transact()
        .set('ok-1', 1)
        .set('bad', { rolloutId: 1 }, { entityName: 'approval' })
        .execute(),
      400,
      'INVALID_ENTITY_VALUE',
    );
    expect(await kvs.get('ok-1')).toBeUndefined();
    await expectError(kvs.transact().execute(), 400, 'BAD_REQUEST');
  });

  it('refuses conditions on plain keys and malformed conditions', () => {
    const condition = { and: [{ property: 'version', condition: 'EQUAL_TO', values: [1] }] };
    expect(
      raw('/api/v1/transaction', { set: [{ key: 'k', value: 1, conditions: condition }] }),
    ).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    const check = (conditions: unknown): unknown =>
      raw('/api/v1/transaction', { check: [{ key: 'k', entityName: 'approval', conditions }] });
    expect(check({ and: [] })).toMatchObject({
      status: 400,
      body: { code: 'EMPTY_FILTER_OPERATOR' },
    });
    expect(check({ ...condition, or: condition.and })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_OPERATORS_COMBINATION' },
    });
  });
});

describe('what an invocation is counted for', () => {
  it('counts transactions apart, among its storage calls', async () => {
    const counted = await runInvocation(
      { accountId: undefined, moduleKey: 'bench' },
      async (invocation) => {
        await kvs.set('plain-1', 'one');
        await kvs.get('plain-1');
        await kvs
          .transact()
          .set(
            'a-1',
            { rolloutId: 'r1', decision: 'pending', version: 1 },
            { entityName: 'approval' },
          )
          .execute();
        await kvs.transact().delete('plain-1').execute();
        return { counters: { ...invocation.counters }, transactions: invocation.transactions };
      },
    );
    expect(counted).toEqual({ counters: { storage: 4, product: 0 }, transactions: 2 });
  });
});
