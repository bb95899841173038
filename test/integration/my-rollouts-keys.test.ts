/**
 * "My rollouts" finding the viewer's departments and the heads they stand in for by key
 * (decision 0058), through the local host: by the department's Jira group, by the people the
 * directory names (head, default delegate, supervisors), by a head's planned delegation; keys
 * that no longer match their record show nothing; before the one-time backfill has gone through,
 * the page reads the whole directory and every current delegation, with the same answers.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { runInvocation } from '../../local/runtime';
import type { Department } from '../../src/domain/departments';
import {
  accountIdOf,
  adminPage,
  call,
  hostPerTest,
  ok,
  reportOf,
  type From,
} from '../support/host';
import { openPulseTo } from '../support/pulses';
import {
  day,
  ISSUE,
  issueExtension,
  issuePanel,
  makeRollout,
  requestApproval,
  uuid,
} from '../support/rollouts';

const CHLOE = 'rc-demo-user-chloe-dubois';
const NATHAN = 'rc-demo-user-nathan-roux';
const SCHEDULE = 'daily-progress-snapshots';

let host: LocalHost;
let id: (persona: string) => string;

hostPerTest((started) => {
  host = started;
  id = (persona) => accountIdOf(host, persona);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

const mine = (): From => ({ host, moduleKey: 'rollout-mine' });
const rolloutPanel = (): From => ({
  host,
  moduleKey: 'rollout-panel',
  extension: issueExtension(host, ISSUE),
});
const load = (as: string) => ok(call(mine(), as, 'mine/load', {}));
const pulsesOf = async (as: string) => (await load(as)).pulses.map((p) => p.id);
const onBehalfOf = async (as: string) =>
  (await load(as)).approvals.map((a) => [a.departmentName, a.onBehalfOf?.accountId]);

function inStorage<T>(work: () => Promise<T>): Promise<T> {
  return runInvocation({ accountId: undefined, moduleKey: 'test' }, work);
}

async function keysStartingWith(prefix: string): Promise<string[]> {
  const rows = await inStorage(() =>
    kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(20).getMany(),
  );
  return rows.results.map((row) => row.key).sort();
}

/** Every "My rollouts" key, as storage holds them. */
async function mineKeys(): Promise<string[]> {
  return [
    ...(await keysStartingWith('department-group:')),
    ...(await keysStartingWith('department-person:')),
    ...(await keysStartingWith('delegation-delegate:')),
  ];
}

async function department(name: string): Promise<Department> {
  const directory = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
  const found = directory.departments.find((d) => d.name === name);
  if (!found) throw new Error(`no department ${name}`);
  const stored = await inStorage(() => kvs.entity<Department>('department').get(found.id));
  if (!stored) throw new Error(`${name} is not stored`);
  return stored;
}

async function update(name: string, change: Partial<Department>): Promise<void> {
  const d = await department(name);
  const next = { ...d, ...change };
  await ok(
    call(adminPage(host), 'admin', 'directory/update', {
      id: d.id,
      version: d.version,
      name: d.name,
      headAccountId: next.headAccountId,
      delegateAccountId: next.delegateAccountId,
      supervisorAccountIds: next.supervisorAccountIds ?? [],
      groupId: next.groupId,
      groupName: next.groupName,
    }),
  );
}

/** Runs the daily job; answers what its "My rollouts" backfill reported. */
async function backfill(): Promise<unknown> {
  return (reportOf(await host.runScheduled(SCHEDULE)) as { mineKeys: unknown }).mineKeys;
}

async function put(key: string, value: unknown): Promise<void> {
  await inStorage(() => kvs.set(key, value));
}

describe('after the backfill, by key', () => {
  it('finds a person’s departments by their Jira group and by the directory naming them', async () => {
    expect(await backfill()).toEqual({ done: true, departments: 4, delegations: 0 });
    await makeRollout(host);
    const finance = await department('Finance');
    const support = await department('Customer Support');
    await ok(
      call(rolloutPanel(), 'coordinator', 'pulses/open', {
        requestId: uuid(8401),
        from: day(0),
        to: day(6),
        departmentIds: [finance.id, support.id],
      }),
    );
    // The employee is in Finance's group; Customer Support has no group, its head is named.
    expect(await pulsesOf('employee')).toEqual([uuid(8401)]);
    expect(await pulsesOf('head-support')).toEqual([uuid(8401)]);
    expect(await pulsesOf(NATHAN)).toEqual([]);

    // Someone of Sales (not asked) named supervisor of Customer Support: their key comes with the update.
    await update('Customer Support', { supervisorAccountIds: [NATHAN] });
    expect(await keysStartingWith(`department-person:${NATHAN}:`)).toEqual([
      `department-person:${NATHAN}:${support.id}`,
    ]);
    expect(await pulsesOf(NATHAN)).toEqual([uuid(8401)]);

    // Named no more: the key goes in the same update, and one put back shows nothing.
    await update('Customer Support', { supervisorAccountIds: [] });
    expect(await keysStartingWith(`department-person:${NATHAN}:`)).toEqual([]);
    await put(`department-person:${NATHAN}:${support.id}`, { departmentId: support.id });
    expect(await pulsesOf(NATHAN)).toEqual([]);
  });

  it('ignores a group key once the department’s group changes, and follows the new group', async () => {
    await backfill();
    await makeRollout(host);
    await openPulseTo(rolloutPanel(), uuid(8410), 'Finance');
    const finance = await department('Finance');
    const sales = await department('Sales');
    const financeGroup = finance.groupId;
    expect(await keysStartingWith(`department-group:${financeGroup}:`)).toEqual([
      `department-group:${financeGroup}:${finance.id}`,
    ]);
    expect(await pulsesOf('employee')).toEqual([uuid(8410)]);

    // Finance now links Sales' group: its key moves; the employee (Finance's group) loses it.
    await update('Finance', { groupId: sales.groupId, groupName: sales.groupName });
    expect(await keysStartingWith(`department-group:${financeGroup}:`)).toEqual([]);
    expect(await keysStartingWith(`department-group:${sales.groupId}:`)).toEqual(
      [
        `department-group:${sales.groupId}:${finance.id}`,
        `department-group:${sales.groupId}:${sales.id}`,
      ].sort(),
    );
    // A key left behind (a backfill racing the update) points at a department that disagrees.
    await put(`department-group:${financeGroup}:${finance.id}`, { departmentId: finance.id });
    expect(await pulsesOf('employee')).toEqual([]);
    // Someone in Sales' group now answers Finance's pulse.
    expect(await pulsesOf(NATHAN)).toEqual([uuid(8410)]);

    // A removed department takes its keys with it.
    const legal = await ok(
      call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(8411),
        name: 'Legal',
        headAccountId: id('outsider'),
        supervisorAccountIds: [CHLOE],
        groupId: financeGroup,
        groupName: finance.groupName,
      }),
    );
    expect(await keysStartingWith(`department-group:${financeGroup}:`)).toEqual(
      [
        `department-group:${financeGroup}:${finance.id}`,
        `department-group:${financeGroup}:${legal.id}`,
      ].sort(),
    );
    expect(await keysStartingWith(`department-person:${CHLOE}:`)).toEqual([
      `department-person:${CHLOE}:${legal.id}`,
    ]);
    await ok(
      call(adminPage(host), 'admin', 'directory/remove', { id: legal.id, version: legal.version }),
    );
    expect(await keysStartingWith(`department-group:${financeGroup}:`)).toEqual([
      `department-group:${financeGroup}:${finance.id}`,
    ]);
    expect(await keysStartingWith(`department-person:${CHLOE}:`)).toEqual([]);
    expect(await keysStartingWith(`department-person:${id('outsider')}:`)).toEqual([]);
  });

  it('finds the heads a person stands in for by their planned delegation and by the directory', async () => {
    await backfill();
    await makeRollout(host, {
      departments: [
        { department: 'Finance', stage: 1 },
        { department: 'Sales', stage: 1 },
      ],
    });
    await requestApproval(host);
    // The directory's default delegate of Finance, through their key by person.
    expect(await onBehalfOf('delegate-finance')).toEqual([['Finance', id('head-finance')]]);
    expect(await onBehalfOf(CHLOE)).toEqual([]);

    const added = await ok(
      call(issuePanel(host), 'head-sales', 'delegations/add', {
        requestId: uuid(8420),
        delegateAccountId: CHLOE,
        from: day(0),
        to: day(3),
      }),
    );
    expect(await keysStartingWith(`delegation-delegate:${CHLOE}:`)).toEqual([
      `delegation-delegate:${CHLOE}:${id('head-sales')}`,
    ]);
    expect(await onBehalfOf(CHLOE)).toEqual([['Sales', id('head-sales')]]);

    // Head of Finance plans Chloé too: their planned delegate overrides the default delegate.
    await ok(
      call(issuePanel(host), 'head-finance', 'delegations/add', {
        requestId: uuid(8421),
        delegateAccountId: CHLOE,
        from: day(0),
        to: day(3),
      }),
    );
    expect((await onBehalfOf(CHLOE)).sort()).toEqual(
      [
        ['Finance', id('head-finance')],
        ['Sales', id('head-sales')],
      ].sort(),
    );
    expect(await onBehalfOf('delegate-finance')).toEqual([]);

    // Removed: the key goes with the record's save; one put back shows nothing.
    await ok(
      call(issuePanel(host), 'head-sales', 'delegations/remove', {
        id: uuid(8420),
        version: added.version,
      }),
    );
    expect(await keysStartingWith(`delegation-delegate:${CHLOE}:`)).toEqual([
      `delegation-delegate:${CHLOE}:${id('head-finance')}`,
    ]);
    await put(`delegation-delegate:${CHLOE}:${id('head-sales')}`, {
      headAccountId: id('head-sales'),
    });
    expect(await onBehalfOf(CHLOE)).toEqual([['Finance', id('head-finance')]]);
  });
});

describe('a department whose people all change at once', () => {
  it('keeps its keys in step past one transaction’s 25 operations', async () => {
    const { departmentRepository } = await import('../../src/storage/departments');
    const { storageClient } = await import('../../src/storage/client');
    const { regionDepartment } = await import('../support/rollouts');
    const directory = departmentRepository(storageClient(() => 25_000));
    const people = (prefix: string) =>
      Array.from({ length: 10 }, (_, i) => `rc-keys-${prefix}-${String(i)}`);
    const first = {
      ...regionDepartment(8_500, 'rc-keys-head-a', new Date().toISOString()),
      delegateAccountId: 'rc-keys-delegate-a',
      supervisorAccountIds: people('a'),
      groupId: 'group-a',
    };
    expect(await inStorage(() => directory.create(first))).toBe('created');
    expect(await keysStartingWith('department-group:group-a:')).toHaveLength(1);
    // Head, delegate, 10 supervisors and group all replaced: 13 keys gone, 13 new.
    const next = {
      ...first,
      headAccountId: 'rc-keys-head-b',
      delegateAccountId: 'rc-keys-delegate-b',
      supervisorAccountIds: people('b'),
      groupId: 'group-b',
      version: 2,
    };
    expect(await inStorage(() => directory.update(first, next))).toBe('updated');
    expect(await keysStartingWith('department-group:group-a:')).toEqual([]);
    expect(await keysStartingWith('department-group:group-b:')).toHaveLength(1);
    for (const person of ['rc-keys-head-a', 'rc-keys-delegate-a', ...people('a')]) {
      expect(await keysStartingWith(`department-person:${person}:`)).toEqual([]);
    }
    for (const person of ['rc-keys-head-b', 'rc-keys-delegate-b', ...people('b')]) {
      expect(await keysStartingWith(`department-person:${person}:`)).toEqual([
        `department-person:${person}:${first.id}`,
      ]);
    }
    // A stale update (version 1 again) writes nothing the department does not name.
    expect(
      await inStorage(() =>
        directory.update(first, { ...first, supervisorAccountIds: ['rc-keys-late'] }),
      ),
    ).toBe('stale');
    expect(await inStorage(() => directory.remove(next))).toBe('removed');
    for (const person of ['rc-keys-head-b', 'rc-keys-delegate-b', ...people('b')]) {
      expect(await keysStartingWith(`department-person:${person}:`)).toEqual([]);
    }
    expect(await keysStartingWith('department-group:group-b:')).toEqual([]);
  });
});

describe('before the backfill has gone through', () => {
  it('answers from the whole directory and delegations, then from the keys it writes', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales', stage: 1 }] });
    await requestApproval(host);
    await ok(
      call(issuePanel(host), 'head-sales', 'delegations/add', {
        requestId: uuid(8430),
        delegateAccountId: CHLOE,
        from: day(0),
        to: day(3),
      }),
    );
    await openPulseTo(rolloutPanel(), uuid(8431), 'Sales');
    // As records stored before decision 0058 left them: no keys at all.
    const before = await mineKeys();
    expect(before.length).toBeGreaterThan(0);
    await inStorage(async () => {
      for (const key of before) await kvs.delete(key);
    });
    expect(await mineKeys()).toEqual([]);
    expect(await onBehalfOf(CHLOE)).toEqual([['Sales', id('head-sales')]]);
    expect(await pulsesOf(NATHAN)).toEqual([uuid(8431)]);
    expect(await pulsesOf('head-support')).toEqual([]);

    expect(await backfill()).toEqual({ done: true, departments: 4, delegations: 1 });
    expect(await mineKeys()).toEqual(before);
    expect(await onBehalfOf(CHLOE)).toEqual([['Sales', id('head-sales')]]);
    expect(await pulsesOf(NATHAN)).toEqual([uuid(8431)]);

    // Done: the page now reads the keys (a key gone is a department not found), and later
    // runs write nothing.
    const sales = await department('Sales');
    await inStorage(() => kvs.delete(`department-group:${sales.groupId}:${sales.id}`));
    expect(await pulsesOf(NATHAN)).toEqual([]);
    expect(await backfill()).toEqual({ done: true, departments: 0, delegations: 0 });
  });

  it('resumes the directory where the last run stopped, a bounded number of pages per run', async () => {
    const { mineKeyRepository } = await import('../../src/storage/mine-keys');
    const { storageClient } = await import('../../src/storage/client');
    const repository = mineKeyRepository(storageClient(() => 25_000));
    await inStorage(async () => {
      for (const key of await mineKeys()) await kvs.delete(key);
    });
    const first = await inStorage(() => repository.backfill(0, day(0)));
    expect(first).toMatchObject({ done: false, departments: 0, departmentsDone: false });
    const second = await inStorage(() => repository.backfill(1, day(0)));
    expect(second).toMatchObject({ done: true, departments: 4, departmentsDone: true });
    expect((await keysStartingWith('department-person:')).length).toBe(5);
  });
});
