/**
 * Contract tests of the storage emulator, written from Atlassian's storage reference pages
 * (kvs, secrets, query, limits, handling-errors-kvs) and run
 * through the REAL `@forge/kvs` SDK: if the emulator answered a shape the SDK does not expect,
 * these tests would see what an app would see.
 *
 * Batches and transactions: kvs-transactions.test.ts. Custom entities and index queries:
 * kvs-entities.test.ts. Persistence: kvs-persistence.test.ts.
 */
import Database from 'better-sqlite3';
import { kvs, MetadataField, WhereConditions } from '@forge/kvs';
import { entityDefsFromManifest, KvsEmulator } from '../../local/kvs';
import { expectError, rawCall, START, START_SECONDS, storageEmulator } from '../support/kvs';

let clock = START;
let emulator: KvsEmulator;

beforeEach(() => {
  clock = START;
  emulator = storageEmulator(() => clock);
});

const raw = (path: string, body: unknown): { status: number; body: unknown } =>
  rawCall(emulator, path, body);

describe('entityDefsFromManifest', () => {
  it('reads bare-name and full index definitions', () => {
    expect(
      entityDefsFromManifest({
        app: {
          id: 'ari:cloud:ecosystem::app/x',
          storage: {
            entities: [
              {
                name: 'employee',
                attributes: { surname: { type: 'string' }, age: { type: 'integer' } },
                indexes: ['surname', { name: 'by-age', partition: ['surname'], range: ['age'] }],
              },
            ],
          },
        },
      }),
    ).toEqual([
      {
        name: 'employee',
        attributes: { surname: { type: 'string' }, age: { type: 'integer' } },
        indexes: [
          { name: 'surname', range: ['surname'] },
          { name: 'by-age', partition: ['surname'], range: ['age'] },
        ],
      },
    ]);
  });

  it('answers no entities for a manifest without storage, and throws on a malformed one', () => {
    expect(entityDefsFromManifest({ app: { id: 'x' } })).toEqual([]);
    expect(() =>
      entityDefsFromManifest({
        app: { storage: { entities: [{ name: 'x', attributes: { a: { type: 'date' } } }] } },
      }),
    ).toThrow(/app\.storage\.entities/);
  });

  it('refuses definitions the platform would refuse', () => {
    const entity = (indexes: unknown[]): unknown => ({
      app: {
        storage: {
          entities: [{ name: 'employee', attributes: { age: { type: 'integer' } }, indexes }],
        },
      },
    });
    const open = (manifest: unknown): KvsEmulator =>
      new KvsEmulator(new Database(':memory:'), entityDefsFromManifest(manifest));
    expect(() => open(entity(['by-key']))).toThrow(/reserved/);
    expect(() => open(entity([{ name: 'x', range: ['missing'] }]))).toThrow(/undeclared/);
    expect(() =>
      open({ app: { storage: { entities: [{ name: 'ab', attributes: {} }] } } }),
    ).toThrow(/at least 3/);
  });
});

describe('kvs get/set/delete', () => {
  it('round-trips every JSON value type', async () => {
    const values: unknown[] = [
      'text',
      42,
      1.5,
      false,
      [1, 'two', { three: 3 }],
      { a: { b: [true] } },
    ];
    for (const [i, value] of values.entries()) await kvs.set(`value-${i}`, value);
    for (const [i, value] of values.entries()) expect(await kvs.get(`value-${i}`)).toEqual(value);
  });

  it('answers undefined for a missing key and after delete; deleting a missing key succeeds', async () => {
    expect(await kvs.get('nothing')).toBeUndefined();
    await kvs.set('doomed', 'x');
    await kvs.delete('doomed');
    expect(await kvs.get('doomed')).toBeUndefined();
    await expect(kvs.delete('doomed')).resolves.toBeUndefined();
    expect(raw('/api/v1/get', { key: 'nothing' })).toEqual({
      status: 404,
      body: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' },
    });
  });

  it('reports createdAt/updatedAt in epoch seconds; an override keeps createdAt', async () => {
    await kvs.set('meta', 1);
    clock += 60_000;
    await kvs.set('meta', 2);
    expect(
      await kvs.get('meta', {
        metadataFields: [
          MetadataField.CREATED_AT,
          MetadataField.UPDATED_AT,
          MetadataField.EXPIRE_TIME,
        ],
      }),
    ).toEqual({ key: 'meta', value: 2, createdAt: START_SECONDS, updatedAt: START_SECONDS + 60 });
  });

  it('expires a value after its TTL and reports expireTime in ISO-8601', async () => {
    await kvs.set('session', 'token', { ttl: { value: 5, unit: 'MINUTES' } });
    expect(await kvs.get('session', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({
      key: 'session',
      value: 'token',
      expireTime: '2026-01-15T09:05:00Z',
    });
    clock += 5 * 60_000 - 1;
    expect(await kvs.get('session')).toBe('token');
    clock += 1;
    expect(await kvs.get('session')).toBeUndefined();
  });

  it.each([
    ['SECONDS', 30, 30_000],
    ['HOURS', 2, 7_200_000],
    ['DAYS', 1, 86_400_000],
  ] as const)('counts a TTL in %s', async (unit, value, ms) => {
    await kvs.set('ttl', 'v', { ttl: { value, unit } });
    clock += ms - 1;
    expect(await kvs.get('ttl')).toBe('v');
    clock += 1;
    expect(await kvs.get('ttl')).toBeUndefined();
  });

  it('refuses a set with keyPolicy FAIL_IF_EXISTS on an existing key (409 KEY_CONFLICT)', async () => {
    await kvs.set('unique', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    await expectError(
      kvs.set('unique', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }),
      409,
      'KEY_CONFLICT',
    );
    expect(await kvs.get('unique')).toBe('first');
    await kvs.set('unique', 'third', { keyPolicy: 'OVERRIDE' });
    expect(await kvs.get('unique')).toBe('third');
  });

  it('treats an expired key as absent for FAIL_IF_EXISTS', async () => {
    await kvs.set('lease', 'a', { ttl: { value: 1, unit: 'SECONDS' } });
    clock += 1_000;
    await kvs.set('lease', 'b', { keyPolicy: 'FAIL_IF_EXISTS' });
    expect(await kvs.get('lease', { metadataFields: [MetadataField.CREATED_AT] })).toEqual({
      key: 'lease',
      value: 'b',
      createdAt: START_SECONDS + 1,
    });
  });

  it('returns the latest or previous value when asked (returnValue)', async () => {
    expect(
      await kvs.set('counter', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
    ).toBeUndefined();
    clock += 2_000;
    expect(
      await kvs.set('counter', 2, {
        keyPolicy: 'OVERRIDE',
        returnValue: 'PREVIOUS',
        returnMetadataFields: [MetadataField.UPDATED_AT],
      }),
    ).toEqual({ key: 'counter', value: 1, updatedAt: START_SECONDS });
    expect(
      await kvs.set('counter', 3, {
        keyPolicy: 'OVERRIDE',
        returnValue: 'LATEST',
        returnMetadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT],
        ttl: { value: 1, unit: 'DAYS' },
      }),
    ).toEqual({ key: 'counter', value: 3, createdAt: START_SECONDS, updatedAt: START_SECONDS + 2 });
    expect(await kvs.set('counter', 4, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' })).toEqual({
      key: 'counter',
      value: 4,
    });
  });
});

describe('limits and error codes (handling-errors-kvs, limits-kvs-ce)', () => {
  it('accepts keys up to 500 characters from the documented alphabet', async () => {
    const key = 'a:b.c_d-e#f g'.padEnd(500, 'x');
    await kvs.set(key, 'ok');
    expect(await kvs.get(key)).toBe('ok');
  });

  it.each([
    ['an empty key', 'KEY_TOO_SHORT', ''],
    ['a key of 501 characters', 'KEY_TOO_LONG', 'x'.repeat(501)],
    ['a key with a slash', 'INVALID_KEY', 'a/b'],
    ['a key of only spaces', 'INVALID_KEY', '   '],
    ['a key with an accent', 'INVALID_KEY', 'émoji'],
  ])('refuses %s with %s', async (_label, code, key) => {
    await expectError(kvs.set(key, 'v'), 400, code);
    await expectError(kvs.get(key), 400, code);
    await expectError(kvs.delete(key), 400, code);
  });

  it('accepts a value of 240 KiB and refuses one byte more (MAX_SIZE)', async () => {
    const limit = 240 * 1024;
    const fitting = 'x'.repeat(limit - 2); // the JSON quotes count
    await kvs.set('big', fitting);
    expect(await kvs.get('big')).toBe(fitting);
    await expectError(kvs.set('big', `${fitting}x`), 400, 'MAX_SIZE');
    expect(await kvs.get('big')).toBe(fitting);
  });

  it('accepts an object 31 deep and refuses 32 (MAX_DEPTH)', async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { n: nest(depth - 1) });
    await kvs.set('deep', nest(31));
    expect(await kvs.get('deep')).toEqual(nest(31));
    await expectError(kvs.set('deeper', nest(32)), 400, 'MAX_DEPTH');
    await expectError(kvs.set('deeper', [[nest(30)]]), 400, 'MAX_DEPTH');
  });

  it('answers 400 BAD_REQUEST to a malformed body and 404 to an unknown path', () => {
    expect(raw('/api/v1/set', 'not json')).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'Provided request body is invalid: not valid JSON' },
    });
    expect(raw('/api/v1/set', { key: 'k' })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    expect(raw('/api/v1/get', { key: 7 })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    expect(
      raw('/api/v1/get', { key: 'k', options: { metadataFields: ['INVALID_METADATA_FIELD'] } }),
    ).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(
      raw('/api/v1/set', { key: 'k', value: 1, options: { ttl: { value: 0, unit: 'SECONDS' } } }),
    ).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(raw('/api/v1/nothing', {})).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});

describe('kvs.query', () => {
  beforeEach(async () => {
    // Written out of order: the query answers in key order.
    for (let i = 25; i >= 1; i -= 1) await kvs.set(`task:${String(i).padStart(2, '0')}`, { n: i });
    await kvs.set('other:1', 'x');
    await kvs.setSecret('task:secret', 'hidden');
  });

  it('pages through keys beginning with a prefix, in key order, with cursors', async () => {
    const keys: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith('task:')).limit(10);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany<{ n: number }>();
      keys.push(...page.results.map((result) => result.key));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(keys).toEqual(
      Array.from({ length: 25 }, (_, i) => `task:${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('answers values and no cursor on the last page', async () => {
    const page = await kvs.query().where('key', WhereConditions.beginsWith('task:2')).getMany();
    expect(page).toEqual({
      results: [
        { key: 'task:20', value: { n: 20 } },
        { key: 'task:21', value: { n: 21 } },
        { key: 'task:22', value: { n: 22 } },
        { key: 'task:23', value: { n: 23 } },
        { key: 'task:24', value: { n: 24 } },
        { key: 'task:25', value: { n: 25 } },
      ],
    });
  });

  it('answers 20 results by default and refuses a limit above 20 (LIST_QUERY_LIMIT_EXCEEDED)', async () => {
    const page = await kvs.query().getMany();
    expect(page.results).toHaveLength(20);
    expect(page.results[0]?.key).toBe('other:1');
    expect(page.nextCursor).toEqual(expect.any(String));
    await expectError(kvs.query().limit(21).getMany(), 400, 'LIST_QUERY_LIMIT_EXCEEDED');
    await expectError(kvs.query().limit(0).getMany(), 400, 'LIST_QUERY_LIMIT_EXCEEDED');
  });

  it('getOne answers the first key; expired keys and secrets are never listed', async () => {
    expect(await kvs.query().getOne()).toEqual({ key: 'other:1', value: 'x' });
    await kvs.set('aaa', 'short-lived', { ttl: { value: 1, unit: 'SECONDS' } });
    expect(await kvs.query({ metadataFields: [MetadataField.EXPIRE_TIME] }).getOne()).toEqual({
      key: 'aaa',
      value: 'short-lived',
      expireTime: '2026-01-15T09:00:01Z',
    });
    clock += 1_000;
    expect(await kvs.query().getOne()).toEqual({ key: 'other:1', value: 'x' });
    const all = await kvs.query().where('key', WhereConditions.beginsWith('task:s')).getMany();
    expect(all.results).toEqual([]);
  });

  it('refuses where clauses the platform refuses, and foreign cursors', () => {
    const where = (clauses: unknown[]): unknown => raw('/api/v1/query', { where: clauses });
    const beginsWith = { property: 'key', condition: 'BEGINS_WITH', values: ['task:'] };
    expect(where([beginsWith, beginsWith])).toMatchObject({
      status: 400,
      body: { code: 'QUERY_WHERE_INVALID' },
    });
    expect(where([{ ...beginsWith, property: 'value' }])).toMatchObject({
      status: 400,
      body: { code: 'QUERY_WHERE_FIELD_INVALID' },
    });
    expect(where([{ ...beginsWith, condition: 'EQUAL_TO' }])).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_CONDITION' },
    });
    expect(where([{ ...beginsWith, values: ['a', 'b'] }])).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_VALUES' },
    });
    expect(raw('/api/v1/query', { after: 'garbage' })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
  });
});

describe('secrets', () => {
  it('are stored apart from plain keys of the same name', async () => {
    await kvs.set('token', 'plain');
    await kvs.setSecret('token', { apiKey: 's3cr3t' });
    expect(await kvs.get('token')).toBe('plain');
    expect(await kvs.getSecret('token')).toEqual({ apiKey: 's3cr3t' });
    await kvs.deleteSecret('token');
    expect(await kvs.getSecret('token')).toBeUndefined();
    expect(await kvs.get('token')).toBe('plain');
  });

  it('support metadata, TTL, FAIL_IF_EXISTS and the key limits', async () => {
    await kvs.setSecret('s', 'v', {
      ttl: { value: 1, unit: 'HOURS' },
      keyPolicy: 'FAIL_IF_EXISTS',
    });
    await expectError(
      kvs.setSecret('s', 'w', { keyPolicy: 'FAIL_IF_EXISTS' }),
      409,
      'KEY_CONFLICT',
    );
    expect(
      await kvs.getSecret('s', {
        metadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME],
      }),
    ).toEqual({
      key: 's',
      value: 'v',
      createdAt: START_SECONDS,
      expireTime: '2026-01-15T10:00:00Z',
    });
    await expectError(kvs.setSecret('bad/key', 'v'), 400, 'INVALID_KEY');
    clock += 3_600_000;
    expect(await kvs.getSecret('s')).toBeUndefined();
  });
});

describe('fault injection and call counts', () => {
  it('fails the next calls on a path prefix with the given status and code, then recovers', async () => {
    emulator.failNext('/api/v1/get', 2, 500, 'INTERNAL_SERVER_ERROR');
    await kvs.set('k', 'v');
    await expectError(kvs.get('k'), 500, 'INTERNAL_SERVER_ERROR');
    await expectError(kvs.get('k'), 500, 'INTERNAL_SERVER_ERROR');
    expect(await kvs.get('k')).toBe('v');
  });

  it('can answer 429 RATE_LIMIT_EXCEEDED, and clearFaults removes pending faults', async () => {
    emulator.failNext('/api/v1/entity/', 1, 429, 'RATE_LIMIT_EXCEEDED');
    await expectError(kvs.entity('approval').get('a'), 429, 'RATE_LIMIT_EXCEEDED');
    emulator.failNext('/api/v1/', 5, 503, 'SERVICE_UNAVAILABLE');
    emulator.clearFaults();
    expect(await kvs.get('k')).toBeUndefined();
  });

  it('counts calls by path', async () => {
    await kvs.set('a', 1);
    await kvs.get('a');
    await kvs.get('b');
    await kvs.transact().set('c', 1).execute();
    expect(emulator.stats).toEqual({
      calls: 4,
      byPath: { '/api/v1/set': 1, '/api/v1/get': 2, '/api/v1/transaction': 1 },
    });
    emulator.resetStats();
    expect(emulator.stats).toEqual({ calls: 0, byPath: {} });
  });
});
