/**
 * Custom entities through the REAL `@forge/kvs`, against the emulator: values checked against the
 * declared attributes, and index queries (partition, range `where`, filters, sort, cursor, limit)
 * as Atlassian's "Custom entities", "Querying the Custom Entity Store" and
 * "Error handling for the Custom Entity Store" pages describe them.
 */
import Database from 'better-sqlite3';
import {
  Filter,
  FilterConditions,
  ForgeKvsAPIError,
  kvs,
  MetadataField,
  Sort,
  WhereConditions,
  type ListResult,
} from '@forge/kvs';
import { installForgeRuntime } from '../../local/runtime';
import { entityDefsFromManifest, KvsEmulator, kvsBackend } from '../../local/kvs';

const START = Date.UTC(2026, 0, 15, 9, 0, 0);
let clock = START;
let emulator: KvsEmulator;

const defs = entityDefsFromManifest({
  app: {
    storage: {
      entities: [
        {
          name: 'employee',
          attributes: {
            surname: { type: 'string' },
            age: { type: 'integer' },
            salary: { type: 'float' },
            active: { type: 'boolean' },
            department: { type: 'string' },
            startYear: { type: 'integer' },
            tags: { type: 'any' },
          },
          indexes: [
            'surname',
            { name: 'by-department-age', partition: ['department'], range: ['age'] },
            {
              name: 'by-active-department',
              partition: ['active', 'department'],
              range: ['startYear'],
            },
          ],
        },
      ],
    },
  },
});

interface Employee {
  surname: string;
  age?: number;
  salary?: number;
  active?: boolean;
  department?: string;
  startYear?: number;
  tags?: unknown;
}

const employees = (): ReturnType<typeof kvs.entity<Employee>> => kvs.entity<Employee>('employee');

beforeEach(() => {
  clock = START;
  emulator = new KvsEmulator(new Database(':memory:'), defs, { now: () => clock });
  installForgeRuntime({
    kvs: kvsBackend(emulator),
    product: () => Promise.resolve(new Response(null, { status: 501 })),
  });
});

async function expectError(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ForgeKvsAPIError)) throw error;
    expect({ status: error.responseDetails.status, code: error.code }).toEqual({ status, code });
    return;
  }
  throw new Error(`expected the storage call to fail with ${code}`);
}

function raw(path: string, body: unknown): { status: number; body: unknown } {
  return emulator.handle(path, JSON.stringify(body));
}

const keys = (page: ListResult<Employee>): string[] => page.results.map((result) => result.key);

describe('custom entity get/set/delete', () => {
  it('stores, reads and deletes a value of declared attributes', async () => {
    const jane: Employee = {
      surname: 'Doe',
      age: 41,
      salary: 5200.5,
      active: true,
      department: 'finance',
      tags: { any: ['shape', 1, null] },
    };
    await employees().set('jane', jane);
    expect(await employees().get('jane')).toEqual(jane);
    await employees().delete('jane');
    expect(await employees().get('jane')).toBeUndefined();
    await expect(employees().delete('jane')).resolves.toBeUndefined();
  });

  it('reports metadata, honours TTL, FAIL_IF_EXISTS and returnValue', async () => {
    await employees().set('a', { surname: 'A' }, { ttl: { value: 10, unit: 'SECONDS' } });
    await expectError(
      employees().set('a', { surname: 'B' }, { keyPolicy: 'FAIL_IF_EXISTS' }),
      409,
      'KEY_CONFLICT',
    );
    expect(
      await employees().get('a', {
        metadataFields: [
          MetadataField.CREATED_AT,
          MetadataField.UPDATED_AT,
          MetadataField.EXPIRE_TIME,
        ],
      }),
    ).toEqual({
      key: 'a',
      value: { surname: 'A' },
      createdAt: START / 1000,
      updatedAt: START / 1000,
      expireTime: '2026-01-15T09:00:10Z',
    });
    expect(
      await employees().set(
        'a',
        { surname: 'C' },
        { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' },
      ),
    ).toEqual({ key: 'a', value: { surname: 'A' } });
    clock += 10_000;
    expect(await employees().get('a')).toEqual({ surname: 'C' });
  });

  it('keeps entities apart from plain keys and from other entities', async () => {
    await kvs.set('same', 'plain');
    await employees().set('same', { surname: 'Entity' });
    expect(await kvs.get('same')).toBe('plain');
    expect(await employees().get('same')).toEqual({ surname: 'Entity' });
    expect((await kvs.query().getMany()).results).toEqual([{ key: 'same', value: 'plain' }]);
  });

  it.each([
    ['an unknown attribute', { surname: 'X', nickname: 'Y' }],
    ['a string for an integer', { surname: 'X', age: '41' }],
    ['a fraction for an integer', { surname: 'X', age: 41.5 }],
    ['a string for a float', { surname: 'X', salary: '1.5' }],
    ['a string for a boolean', { surname: 'X', active: 'yes' }],
    ['a number for a string', { surname: 42 }],
    ['null for a typed attribute', { surname: null }],
    ['an array instead of an object', ['surname']],
    ['a scalar instead of an object', 'Doe'],
  ])('refuses %s with INVALID_ENTITY_VALUE', async (_label, value) => {
    await expectError(kvs.entity('employee').set('x', value), 400, 'INVALID_ENTITY_VALUE');
    expect(await employees().get('x')).toBeUndefined();
  });

  it('accepts integers for float attributes', async () => {
    await employees().set('int-salary', { surname: 'X', salary: 5000 });
    expect(await employees().get('int-salary')).toEqual({ surname: 'X', salary: 5000 });
  });

  it.each([
    ['a name of 2 characters', 'ENTITY_TYPE_TOO_SHORT', 'ab'],
    ['a name of 61 characters', 'ENTITY_TYPE_TOO_LARGE', 'e'.repeat(61)],
    ['a name with capitals', 'INVALID_ENTITY_TYPE', 'Employee'],
    ['a name ending with a dot', 'INVALID_ENTITY_TYPE', 'employee.'],
    ['an undeclared entity', 'INVALID_ENTITY_TYPE', 'contractor'],
  ])('refuses %s with %s', async (_label, code, name) => {
    await expectError(kvs.entity(name).set('k', { surname: 'X' }), 400, code);
    await expectError(kvs.entity(name).get('k'), 400, code);
    await expectError(kvs.entity(name).query().index('by-key').getMany(), 400, code);
  });

  it.each([
    ['an empty key', 'EMPTY_KEY', ''],
    ['a key of 501 characters', 'KEY_TOO_LONG', 'k'.repeat(501)],
    ['a key with a slash', 'INVALID_KEY', 'a/b'],
  ])('refuses %s with %s', async (_label, code, key) => {
    await expectError(employees().set(key, { surname: 'X' }), 400, code);
  });

  it('applies the value size and depth limits to entities', async () => {
    await expectError(employees().set('big', { surname: 'x'.repeat(240 * 1024) }), 400, 'MAX_SIZE');
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { n: nest(depth - 1) });
    await employees().set('deep', { surname: 'X', tags: nest(30) });
    await expectError(
      employees().set('deeper', { surname: 'X', tags: nest(31) }),
      400,
      'MAX_DEPTH',
    );
  });
});

describe('custom entity queries', () => {
  const staff: [string, Employee][] = [
    [
      'e01',
      {
        surname: 'Martin',
        age: 34,
        department: 'sales',
        active: true,
        startYear: 2019,
        salary: 4100,
      },
    ],
    [
      'e02',
      {
        surname: 'Bernard',
        age: 51,
        department: 'sales',
        active: false,
        startYear: 2001,
        salary: 6100,
      },
    ],
    [
      'e03',
      {
        surname: 'Dubois',
        age: 28,
        department: 'sales',
        active: true,
        startYear: 2022,
        tags: ['crm', 'lead'],
      },
    ],
    ['e04', { surname: 'Thomas', age: 45, department: 'finance', active: true, startYear: 2010 }],
    [
      'e05',
      {
        surname: 'Robert',
        age: 34,
        department: 'sales',
        active: true,
        startYear: 2015,
        tags: 'crm champion',
      },
    ],
    ['e06', { surname: 'Richard', age: 62, department: 'sales', active: true, startYear: 1995 }],
    ['e07', { surname: 'Petit', department: 'sales', active: true }],
    ['e08', { surname: 'Durand', age: 39, department: 'it', active: false, startYear: 2012 }],
    [
      'e09',
      {
        surname: 'Leroy',
        age: 23,
        department: 'sales',
        active: true,
        startYear: 2024,
        salary: 2900.5,
      },
    ],
    ['e10', { surname: 'Moreau', age: 34, department: 'sales', active: false, startYear: 2018 }],
  ];

  beforeEach(async () => {
    // Stored out of key order: results come in index order, never insertion order.
    for (const [key, value] of [...staff].reverse()) await employees().set(key, value);
  });

  const salesByAge = (): ReturnType<ReturnType<ReturnType<typeof employees>['query']>['index']> =>
    employees()
      .query()
      .index('by-department-age', { partition: ['sales'] });

  it('answers a partition in range order, ties broken by key, leaving out rows without the range attribute', async () => {
    const page = await salesByAge().limit(100).getMany();
    expect(keys(page)).toEqual(['e09', 'e03', 'e01', 'e05', 'e10', 'e02', 'e06']);
    expect(page.nextCursor).toBeUndefined();
    expect(page.results[0]).toEqual({ key: 'e09', value: staff[8]?.[1] });
  });

  it('sorts descending', async () => {
    const page = await salesByAge().sort(Sort.DESC).limit(100).getMany();
    expect(keys(page)).toEqual(['e06', 'e02', 'e10', 'e05', 'e01', 'e03', 'e09']);
  });

  it('answers 10 results by default and refuses a limit outside 1..100', async () => {
    for (let i = 0; i < 12; i += 1)
      await employees().set(`x${i}`, { surname: 'Extra', age: 70 + i, department: 'sales' });
    const page = await salesByAge().getMany();
    expect(page.results).toHaveLength(10);
    expect(page.nextCursor).toEqual(expect.any(String));
    await expectError(
      salesByAge().limit(0).getMany(),
      400,
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
    );
    await expectError(
      salesByAge().limit(101).getMany(),
      400,
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
    );
    expect((await salesByAge().limit(100).getMany()).results).toHaveLength(19);
  });

  it('pages with cursors in both directions without losing or repeating rows', async () => {
    for (const sort of [Sort.ASC, Sort.DESC]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        let query = salesByAge().sort(sort).limit(2);
        if (cursor !== undefined) query = query.cursor(cursor);
        const page = await query.getMany();
        expect(page.results.length).toBeLessThanOrEqual(2);
        seen.push(...keys(page));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      const all = keys(await salesByAge().sort(sort).limit(100).getMany());
      expect(seen).toEqual(all);
    }
  });

  it('refuses a cursor issued for another query', async () => {
    const page = await salesByAge().limit(2).getMany();
    const cursor = page.nextCursor ?? '';
    await expectError(salesByAge().sort(Sort.DESC).cursor(cursor).getMany(), 400, 'BAD_REQUEST');
    await expectError(
      employees().query().index('surname').cursor(cursor).getMany(),
      400,
      'BAD_REQUEST',
    );
  });

  it.each([
    ['equalTo', WhereConditions.equalTo(34), ['e01', 'e05', 'e10']],
    ['between (inclusive)', WhereConditions.between(28, 45), ['e03', 'e01', 'e05', 'e10']],
    ['greaterThan', WhereConditions.greaterThan(34), ['e02', 'e06']],
    [
      'greaterThanEqualTo',
      WhereConditions.greaterThanEqualTo(34),
      ['e01', 'e05', 'e10', 'e02', 'e06'],
    ],
    ['lessThan', WhereConditions.lessThan(34), ['e09', 'e03']],
    ['lessThanEqualTo', WhereConditions.lessThanEqualTo(34), ['e09', 'e03', 'e01', 'e05', 'e10']],
  ])(
    'applies the range condition %s to the first range attribute',
    async (_label, where, expected) => {
      expect(keys(await salesByAge().where(where).limit(100).getMany())).toEqual(expected);
    },
  );

  it('applies beginsWith to a string range attribute, and on by-key', async () => {
    const bySurname = await employees()
      .query()
      .index('surname')
      .where(WhereConditions.beginsWith('R'))
      .getMany();
    expect(keys(bySurname)).toEqual(['e06', 'e05']);
    const byKey = await employees()
      .query()
      .index('by-key')
      .where(WhereConditions.beginsWith('e0'))
      .limit(3)
      .getMany();
    expect(keys(byKey)).toEqual(['e01', 'e02', 'e03']);
    const desc = await employees().query().index('by-key').sort(Sort.DESC).getOne();
    expect(desc?.key).toBe('e10');
  });

  it('matches every partition value, typed, in declaration order', async () => {
    const inactiveSales = await employees()
      .query()
      .index('by-active-department', { partition: [false, 'sales'] })
      .getMany();
    expect(keys(inactiveSales)).toEqual(['e02', 'e10']);
    const wrongType = await employees()
      .query()
      .index('by-active-department', { partition: ['false', 'sales'] })
      .getMany();
    expect(keys(wrongType)).toEqual([]);
    await expectError(
      employees()
        .query()
        .index('by-active-department', { partition: [true] })
        .getMany(),
      400,
      'BAD_REQUEST',
    );
    await expectError(employees().query().index('by-department-age').getMany(), 400, 'BAD_REQUEST');
    await expectError(employees().query().index('by-age').getMany(), 400, 'INVALID_ENTITY_INDEX');
  });

  it.each([
    [
      'equalTo',
      new Filter<Employee>().and('age', FilterConditions.equalTo(34)),
      ['e01', 'e05', 'e10'],
    ],
    [
      'notEqualTo (missing attributes included)',
      new Filter<Employee>().and('salary', FilterConditions.notEqualTo(4100)),
      ['e09', 'e03', 'e05', 'e10', 'e02', 'e06'],
    ],
    [
      'exists',
      new Filter<Employee>().and('salary', FilterConditions.exists()),
      ['e09', 'e01', 'e02'],
    ],
    [
      'notExists',
      new Filter<Employee>().and('tags', FilterConditions.notExists()),
      ['e09', 'e01', 'e10', 'e02', 'e06'],
    ],
    [
      'contains (string and array)',
      new Filter<Employee>().and('tags', FilterConditions.contains('crm')),
      ['e03', 'e05'],
    ],
    [
      'notContains',
      new Filter<Employee>().and('surname', FilterConditions.notContains('o')),
      ['e01', 'e02', 'e06'],
    ],
    [
      'beginsWith',
      new Filter<Employee>().and('surname', FilterConditions.beginsWith('M')),
      ['e01', 'e10'],
    ],
    [
      'between',
      new Filter<Employee>().and('startYear', FilterConditions.between(2015, 2019)),
      ['e01', 'e05', 'e10'],
    ],
    [
      'greaterThan',
      new Filter<Employee>().and('salary', FilterConditions.greaterThan(4100)),
      ['e02'],
    ],
    [
      'greaterThanEqualTo',
      new Filter<Employee>().and('salary', FilterConditions.greaterThanEqualTo(4100)),
      ['e01', 'e02'],
    ],
    [
      'lessThan',
      new Filter<Employee>().and('surname', FilterConditions.lessThan('L')),
      ['e03', 'e02'],
    ],
    [
      'lessThanEqualTo',
      new Filter<Employee>().and('startYear', FilterConditions.lessThanEqualTo(2001)),
      ['e02', 'e06'],
    ],
    [
      'and',
      new Filter<Employee>()
        .and('active', FilterConditions.equalTo(true))
        .and('startYear', FilterConditions.greaterThan(2016)),
      ['e09', 'e03', 'e01'],
    ],
    [
      'or',
      new Filter<Employee>()
        .or('age', FilterConditions.greaterThan(60))
        .or('surname', FilterConditions.equalTo('Leroy')),
      ['e09', 'e06'],
    ],
  ])('filters with %s', async (_label, filter, expected) => {
    expect(keys(await salesByAge().filters(filter).limit(100).getMany())).toEqual(expected);
  });

  it('fills filtered pages up to the limit and pages on with the cursor', async () => {
    const active = new Filter<Employee>().and('active', FilterConditions.equalTo(true));
    const first = await salesByAge().filters(active).limit(2).getMany();
    expect(keys(first)).toEqual(['e09', 'e03']);
    const second = await salesByAge()
      .filters(active)
      .limit(2)
      .cursor(first.nextCursor ?? '')
      .getMany();
    expect(keys(second)).toEqual(['e01', 'e05']);
    const third = await salesByAge()
      .filters(active)
      .limit(2)
      .cursor(second.nextCursor ?? '')
      .getMany();
    expect(keys(third)).toEqual(['e06']);
    expect(third.nextCursor).toBeUndefined();
  });

  it('combines range, filters, sort and metadata in one query', async () => {
    await employees().set(
      'e11',
      { surname: 'Simon', age: 30, department: 'sales', active: true },
      { ttl: { value: 1, unit: 'DAYS' } },
    );
    const page = await employees()
      .query({ metadataFields: [MetadataField.EXPIRE_TIME] })
      .index('by-department-age', { partition: ['sales'] })
      .where(WhereConditions.between(25, 40))
      .filters(new Filter<Employee>().and('active', FilterConditions.equalTo(true)))
      .sort(Sort.DESC)
      .getMany();
    expect(page.results).toEqual([
      { key: 'e05', value: staff[4]?.[1] },
      { key: 'e01', value: staff[0]?.[1] },
      {
        key: 'e11',
        value: { surname: 'Simon', age: 30, department: 'sales', active: true },
        expireTime: '2026-01-16T09:00:00Z',
      },
      { key: 'e03', value: staff[2]?.[1] },
    ]);
    clock += 86_400_000;
    expect(keys(await salesByAge().where(WhereConditions.equalTo(30)).getMany())).toEqual([]);
  });

  it('reindexes a row when its index attributes change, and forgets it on delete', async () => {
    await employees().set('e09', { surname: 'Leroy', age: 99, department: 'finance' });
    expect(keys(await salesByAge().where(WhereConditions.lessThan(30)).getMany())).toEqual(['e03']);
    const finance = await employees()
      .query()
      .index('by-department-age', { partition: ['finance'] })
      .getMany();
    expect(keys(finance)).toEqual(['e04', 'e09']);
    await employees().delete('e04');
    expect(
      keys(
        await employees()
          .query()
          .index('by-department-age', { partition: ['finance'] })
          .getMany(),
      ),
    ).toEqual(['e09']);
  });

  it('refuses malformed ranges and filters with the documented codes', () => {
    const query = (extra: Record<string, unknown>): unknown =>
      raw('/api/v1/entity/query', {
        entityName: 'employee',
        indexName: 'by-department-age',
        partition: ['sales'],
        ...extra,
      });
    const item = { property: 'age', condition: 'EQUAL_TO', values: [34] };
    expect(query({ range: { condition: 'CONTAINS', values: ['x'] } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_CONDITION' },
    });
    expect(query({ range: { condition: 'BETWEEN', values: [1] } })).toMatchObject({
      status: 400,
      body: { code: 'INSUFFICIENT_FILTER_VALUES' },
    });
    expect(query({ range: { condition: 'EQUAL_TO', values: [] } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_VALUES' },
    });
    expect(query({ range: { condition: 'BETWEEN', values: [1, 'z'] } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_VALUES' },
    });
    expect(query({ filters: { and: [item], or: [item] } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_OPERATORS_COMBINATION' },
    });
    expect(query({ filters: { or: [] } })).toMatchObject({
      status: 400,
      body: { code: 'EMPTY_FILTER_OPERATOR' },
    });
    expect(query({ filters: { and: [{ ...item, condition: 'MATCHES' }] } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_CONDITION' },
    });
    expect(query({ filters: { and: [{ ...item, values: [{ nested: 1 }] }] } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_FILTER_VALUES' },
    });
    expect(query({ sort: 'SIDEWAYS' })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
  });
});
