/**
 * The department directory through the local Forge host: the real @forge/resolver, @forge/kvs and
 * @forge/api, the storage and Jira emulators, and personas with their Jira permissions.
 */
import { kvs, Sort } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { DEMO_DEPARTMENTS } from '../../local/seed';
import type { Department } from '../../src/domain/departments';
import { accountIdOf, adminPage, call, callRaw, memoryHost, ok } from '../support/host';
import { makeRollout } from '../support/rollouts';

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function storedDepartments(): Promise<Department[]> {
  const page = await kvs
    .entity<Department>('department')
    .query()
    .index('by-name')
    .sort(Sort.ASC)
    .limit(100)
    .getMany();
  return page.results.map((row) => row.value);
}

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

describe('reading the directory', () => {
  it('lists the seeded departments by name with their heads, for an admin who may manage it', async () => {
    const directory = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
    expect(directory.canManage).toBe(true);
    expect(
      directory.departments.map((d) => [
        d.name,
        d.head.displayName,
        d.delegate?.displayName ?? null,
      ]),
    ).toEqual([
      ['Customer Support', 'Daniel Okafor', null],
      ['Finance', 'Élodie Lefèvre', 'Julien Mercier'],
      ['Operations', 'Marcus Chen', null],
      ['Sales', 'Sophie Bernard', null],
    ]);
    expect(directory.departments.map((d) => d.id).sort()).toEqual(
      DEMO_DEPARTMENTS.map((d) => d.requestId).sort(),
    );
  });

  it('lets every signed-in user read it but not manage it', async () => {
    for (const persona of ['coordinator', 'employee', 'outsider']) {
      const directory = await ok(call(adminPage(host), persona, 'directory/list', {}));
      expect(directory.canManage).toBe(false);
      expect(directory.departments).toHaveLength(4);
    }
  });

  it('refuses a caller without an account (anonymous) before doing anything', async () => {
    const { envelope, counters } = await call(adminPage(host), undefined, 'directory/list', {});
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.signedOut' },
    });
    expect(counters).toEqual({ storage: 0, product: 0 });
  });

  it('lists in a fixed number of round trips, whatever the size of the directory', async () => {
    const small = await call(adminPage(host), 'admin', 'directory/list', {});
    for (let i = 0; i < 40; i += 1) {
      await ok(
        call(adminPage(host), 'admin', 'directory/create', {
          requestId: uuid(100 + i),
          name: `Region ${String(i).padStart(2, '0')}`,
          headAccountId: accountIdOf(host, 'head-sales'),
        }),
      );
    }
    const large = await call(adminPage(host), 'admin', 'directory/list', {});
    expect(large.envelope.ok && large.envelope.data.departments).toHaveLength(44);
    expect(large.counters).toEqual(small.counters);
  });
});

describe('changing the directory', () => {
  it('adds a department with a head and a default delegate, stored as entered', async () => {
    const created = await ok(
      call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(1),
        name: '  Legal   Affairs ',
        headAccountId: accountIdOf(host, 'coordinator'),
        delegateAccountId: accountIdOf(host, 'employee'),
      }),
    );
    expect(created).toMatchObject({
      id: uuid(1),
      name: 'Legal Affairs',
      head: {
        accountId: accountIdOf(host, 'coordinator'),
        displayName: 'Camille Martin',
        active: true,
      },
      delegate: { accountId: accountIdOf(host, 'employee'), displayName: 'Lucas Petit' },
      version: 1,
    });
    const stored = (await storedDepartments()).find((d) => d.id === uuid(1));
    expect(stored).toEqual({
      id: uuid(1),
      name: 'Legal Affairs',
      nameKey: 'legal affairs',
      headAccountId: accountIdOf(host, 'coordinator'),
      delegateAccountId: accountIdOf(host, 'employee'),
      supervisorAccountIds: [],
      groupId: '',
      groupName: '',
      createdAt: created.updatedAt,
      updatedAt: created.updatedAt,
      version: 1,
    });
  });

  it('answers FORBIDDEN to non-admins for every change, and changes nothing', async () => {
    const before = await storedDepartments();
    const sales = before.find((d) => d.name === 'Sales');
    if (!sales) throw new Error('seed has no Sales');
    const attempts = [
      call(adminPage(host), 'coordinator', 'directory/create', {
        requestId: uuid(2),
        name: 'Legal',
        headAccountId: accountIdOf(host, 'coordinator'),
      }),
      call(adminPage(host), 'head-sales', 'directory/update', {
        id: sales.id,
        version: sales.version,
        name: 'Sales & Marketing',
        headAccountId: sales.headAccountId,
      }),
      call(adminPage(host), 'outsider', 'directory/remove', {
        id: sales.id,
        version: sales.version,
      }),
    ];
    for (const { envelope } of await Promise.all(attempts)) {
      expect(envelope).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', messageKey: 'errors.directory.adminOnly' },
      });
    }
    expect(await storedDepartments()).toEqual(before);
  });

  it('refuses a payload failing its schema with VALIDATION, before any storage or Jira call', async () => {
    const { envelope, counters } = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: 'not-a-uuid',
      name: '   ',
      headAccountId: '',
    });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('VALIDATION');
    expect(envelope.error.details?.fields).toEqual([
      { path: 'requestId', messageKey: 'errors.field.id' },
      { path: 'name', messageKey: 'errors.department.nameRequired' },
      { path: 'headAccountId', messageKey: 'errors.field.accountId' },
    ]);
    expect(counters).toEqual({ storage: 0, product: 0 });
  });

  it('never takes the acting user from the payload', async () => {
    const { envelope, counters } = await callRaw(
      adminPage(host),
      'coordinator',
      'directory/create',
      {
        requestId: uuid(3),
        name: 'Legal',
        headAccountId: accountIdOf(host, 'coordinator'),
        accountId: accountIdOf(host, 'admin'),
      },
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(counters.storage).toBe(0);
  });

  it('refuses duplicate names, ignoring case, accents and spacing', async () => {
    for (const name of ['sales', 'SALES ', 'Opérations', 'customer  support']) {
      const { envelope } = await call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(10),
        name,
        headAccountId: accountIdOf(host, 'head-sales'),
      });
      expect(envelope).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION',
          messageKey: 'errors.department.nameTaken',
          params: { name: name.replace(/\s+/g, ' ').trim() },
        },
      });
    }
    expect(await storedDepartments()).toHaveLength(4);
  });

  it('refuses unknown and deactivated users as head or delegate, naming the field', async () => {
    const unknown = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: uuid(11),
      name: 'Legal',
      headAccountId: 'rc-nobody-at-all',
    });
    expect(unknown.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          fields: [{ path: 'headAccountId', messageKey: 'errors.department.unknownUser' }],
        },
      },
    });
    const inactive = host.products.jira.users.listUsers().find((user) => !user.active);
    if (!inactive) throw new Error('the demo company has no deactivated user');
    const deactivated = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: uuid(12),
      name: 'Legal',
      headAccountId: accountIdOf(host, 'coordinator'),
      delegateAccountId: inactive.accountId,
    });
    expect(deactivated.envelope).toMatchObject({
      ok: false,
      error: {
        details: {
          fields: [{ path: 'delegateAccountId', messageKey: 'errors.department.inactiveUser' }],
        },
      },
    });
    const self = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: uuid(13),
      name: 'Legal',
      headAccountId: accountIdOf(host, 'coordinator'),
      delegateAccountId: accountIdOf(host, 'coordinator'),
    });
    expect(self.envelope).toMatchObject({
      ok: false,
      error: { messageKey: 'errors.department.delegateIsHead' },
    });
    expect(await storedDepartments()).toHaveLength(4);
  });

  it('names supervisors who may check in, keeps them through edits that leave them out, and refuses unknown ones', async () => {
    const supervisor = accountIdOf(host, 'employee');
    const second = accountIdOf(host, 'coordinator');
    const created = await ok(
      call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(14),
        name: 'Legal',
        headAccountId: accountIdOf(host, 'head-sales'),
        supervisorAccountIds: [supervisor, supervisor],
      }),
    );
    expect(created.supervisors.map((s) => s.accountId)).toEqual([supervisor]);
    expect(created.supervisors[0]?.displayName).not.toBe('');
    const stored = async () =>
      (await storedDepartments()).find((d) => d.id === uuid(14))?.supervisorAccountIds;
    expect(await stored()).toEqual([supervisor]);

    const edited = await ok(
      call(adminPage(host), 'admin', 'directory/update', {
        id: uuid(14),
        version: created.version,
        name: 'Legal',
        headAccountId: accountIdOf(host, 'head-sales'),
        supervisorAccountIds: [supervisor, second],
      }),
    );
    expect(edited.supervisors.map((s) => s.accountId)).toEqual([supervisor, second]);
    // A client that sends no supervisors leaves them as they are.
    const renamed = await ok(
      call(adminPage(host), 'admin', 'directory/update', {
        id: uuid(14),
        version: edited.version,
        name: 'Legal & Compliance',
        headAccountId: accountIdOf(host, 'head-sales'),
      }),
    );
    expect(renamed.supervisors).toHaveLength(2);
    const listed = await ok(call(adminPage(host), 'employee', 'directory/list', {}));
    expect(listed.departments.find((d) => d.id === uuid(14))?.supervisors).toHaveLength(2);

    const unknown = await call(adminPage(host), 'admin', 'directory/update', {
      id: uuid(14),
      version: renamed.version,
      name: 'Legal & Compliance',
      headAccountId: accountIdOf(host, 'head-sales'),
      supervisorAccountIds: ['rc-nobody-at-all'],
    });
    expect(unknown.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          fields: [{ path: 'supervisorAccountIds', messageKey: 'errors.department.unknownUser' }],
        },
      },
    });
    const tooMany = await call(adminPage(host), 'admin', 'directory/update', {
      id: uuid(14),
      version: renamed.version,
      name: 'Legal & Compliance',
      headAccountId: accountIdOf(host, 'head-sales'),
      supervisorAccountIds: Array.from({ length: 11 }, (_v, i) => `rc-someone-${String(i)}`),
    });
    expect(tooMany.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          fields: [
            { path: 'supervisorAccountIds', messageKey: 'errors.department.tooManySupervisors' },
          ],
        },
      },
    });
    expect(await stored()).toEqual([supervisor, second]);
  });

  it('answers a repeated create (same request id) with the same department, added once', async () => {
    const payload = {
      requestId: uuid(20),
      name: 'Legal',
      headAccountId: accountIdOf(host, 'coordinator'),
    };
    const [first, second] = await Promise.all([
      ok(call(adminPage(host), 'admin', 'directory/create', payload)),
      ok(call(adminPage(host), 'admin', 'directory/create', payload)),
    ]);
    const third = await ok(call(adminPage(host), 'admin', 'directory/create', payload));
    expect(second.id).toBe(first.id);
    expect(third).toEqual(first);
    expect((await storedDepartments()).filter((d) => d.name === 'Legal')).toHaveLength(1);
  });

  it('lets exactly one of many concurrent creates of the same name win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(adminPage(host), 'admin', 'directory/create', {
          requestId: uuid(30 + i),
          name: i % 2 === 0 ? 'Legal' : 'LEGAL',
          headAccountId: accountIdOf(host, 'coordinator'),
        }),
      ),
    );
    const winners = attempts.filter(({ envelope }) => envelope.ok);
    expect(winners).toHaveLength(1);
    for (const { envelope } of attempts.filter(({ envelope: e }) => !e.ok)) {
      expect(envelope).toMatchObject({
        ok: false,
        error: { messageKey: 'errors.department.nameTaken' },
      });
    }
    expect((await storedDepartments()).filter((d) => d.nameKey === 'legal')).toHaveLength(1);
  });

  it('renames a department, frees the old name and bumps the version', async () => {
    const sales = (await storedDepartments()).find((d) => d.name === 'Sales');
    if (!sales) throw new Error('seed has no Sales');
    const renamed = await ok(
      call(adminPage(host), 'admin', 'directory/update', {
        id: sales.id,
        version: sales.version,
        name: 'Sales & Marketing',
        headAccountId: accountIdOf(host, 'head-operations'),
        delegateAccountId: null,
      }),
    );
    expect(renamed).toMatchObject({
      name: 'Sales & Marketing',
      version: 2,
      head: { displayName: 'Marcus Chen' },
    });
    const reused = await ok(
      call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(40),
        name: 'Sales',
        headAccountId: accountIdOf(host, 'head-sales'),
      }),
    );
    expect(reused.name).toBe('Sales');
    const taken = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: uuid(41),
      name: 'sales & marketing',
      headAccountId: accountIdOf(host, 'head-sales'),
    });
    expect(taken.envelope).toMatchObject({
      ok: false,
      error: { messageKey: 'errors.department.nameTaken' },
    });
  });

  it('answers CONFLICT with the current department to an edit based on a stale version', async () => {
    const finance = (await storedDepartments()).find((d) => d.name === 'Finance');
    if (!finance) throw new Error('seed has no Finance');
    const edit = {
      id: finance.id,
      version: finance.version,
      name: 'Finance',
      headAccountId: finance.headAccountId,
    };
    const results = await Promise.all([
      call(adminPage(host), 'admin', 'directory/update', { ...edit, name: 'Finance & Accounting' }),
      call(adminPage(host), 'admin', 'directory/update', { ...edit, name: 'Group Finance' }),
    ]);
    const oks = results.filter(({ envelope }) => envelope.ok);
    const conflicts = results.filter(({ envelope }) => !envelope.ok);
    expect(oks).toHaveLength(1);
    expect(conflicts).toHaveLength(1);
    const winner = oks[0]?.envelope;
    expect(conflicts[0]?.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.department.stale',
        details: {
          current: { id: finance.id, version: 2, name: winner?.ok ? winner.data.name : '' },
        },
      },
    });
    const names = (await storedDepartments()).map((d) => d.name);
    expect(names.filter((n) => n.includes('Finance'))).toHaveLength(1);
  });

  it('removes a department and frees its name', async () => {
    const ops = (await storedDepartments()).find((d) => d.name === 'Operations');
    if (!ops) throw new Error('seed has no Operations');
    expect(
      await ok(
        call(adminPage(host), 'admin', 'directory/remove', { id: ops.id, version: ops.version }),
      ),
    ).toEqual({ id: ops.id });
    expect((await storedDepartments()).map((d) => d.name)).toEqual([
      'Customer Support',
      'Finance',
      'Sales',
    ]);
    const again = await call(adminPage(host), 'admin', 'directory/remove', {
      id: ops.id,
      version: ops.version,
    });
    expect(again.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await ok(
      call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(50),
        name: 'Operations',
        headAccountId: accountIdOf(host, 'head-operations'),
      }),
    );
  });

  it('refuses to remove a department that a rollout still uses, saying why', async () => {
    const support = (await storedDepartments()).find((d) => d.name === 'Customer Support');
    if (!support) throw new Error('seed has no Customer Support');
    await makeRollout(host, { departments: [{ department: 'Customer Support' }] });
    const { envelope } = await call(adminPage(host), 'admin', 'directory/remove', {
      id: support.id,
      version: support.version,
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.department.inUse',
        params: { name: 'Customer Support' },
      },
    });
    expect((await storedDepartments()).some((d) => d.id === support.id)).toBe(true);
  });
});

describe('when Jira misbehaves', () => {
  it('retries a throttled permission check, honouring Retry-After, and succeeds', async () => {
    host.products.faults.add({
      pathPattern: '^/rest/api/3/mypermissions$',
      kind: 'status429',
      retryAfterSeconds: 1,
      times: 1,
    });
    const started = Date.now();
    const created = await ok(
      call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(60),
        name: 'Legal',
        headAccountId: accountIdOf(host, 'coordinator'),
      }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(created.name).toBe('Legal');
  });

  it('answers UPSTREAM when Jira keeps failing, and writes nothing', async () => {
    host.products.faults.add({ pathPattern: '^/rest/api/3/user/bulk$', kind: 'status500' });
    const { envelope } = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: uuid(61),
      name: 'Legal',
      headAccountId: accountIdOf(host, 'coordinator'),
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'UPSTREAM', params: { product: 'Jira', status: 500 } },
    });
    host.products.faults.clear();
    expect((await storedDepartments()).map((d) => d.name)).not.toContain('Legal');
  });
});

describe('searching people', () => {
  it('finds active Jira users by name, accent-insensitively', async () => {
    const { users } = await ok(call(adminPage(host), 'admin', 'users/search', { query: 'elodie' }));
    expect(users.map((u) => u.displayName)).toContain('Élodie Lefèvre');
    expect(users.every((u) => u.active)).toBe(true);
  });

  it('refuses an empty query', async () => {
    const { envelope } = await call(adminPage(host), 'admin', 'users/search', { query: '  ' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('linking a department to a Jira group', () => {
  async function linkSales(groupId: string, groupName: string) {
    const directory = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
    const sales = directory.departments.find((d) => d.name === 'Sales');
    if (!sales) throw new Error('No Sales');
    return call(adminPage(host), 'admin', 'directory/update', {
      id: sales.id,
      version: sales.version,
      name: sales.name,
      headAccountId: sales.head.accountId,
      groupId,
      groupName,
    });
  }

  function salesTeam(): { groupId: string; name: string } {
    host.products.jira.users.addGroupMember('sales-team', accountIdOf(host, 'head-sales'));
    const group = host.products.jira.users.getGroup('sales-team');
    if (!group) throw new Error('no group');
    return group;
  }

  it('finds groups through Jira’s group picker, for Jira admins only', async () => {
    const group = salesTeam();
    const found = await ok(call(adminPage(host), 'admin', 'groups/search', { query: 'SALES' }));
    expect(found.groups).toEqual([{ id: group.groupId, name: 'sales-team' }]);
    const refused = await call(adminPage(host), 'coordinator', 'groups/search', { query: 'sales' });
    expect(refused.envelope.ok ? null : refused.envelope.error.messageKey).toBe(
      'errors.directory.adminOnly',
    );
  });

  it('stores the group as Jira names it, refuses one Jira does not know, and unlinks', async () => {
    const group = salesTeam();
    const linked = await ok(linkSales(group.groupId, 'sales-team'));
    expect(linked.group).toEqual({ id: group.groupId, name: 'sales-team' });
    const bogus = await linkSales('00000000-0000-4000-8000-00000000dead', 'sales-team');
    expect(bogus.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          fields: [{ path: 'groupId', messageKey: 'errors.department.unknownGroup' }],
        },
      },
    });
    // A department stored before groups could be linked (no group fields) reads as linked to none.
    const finance = (await storedDepartments()).find((d) => d.name === 'Finance');
    if (!finance) throw new Error('No Finance');
    const old: Partial<Department> = { ...finance };
    delete old.groupId;
    delete old.groupName;
    await kvs.entity<Partial<Department>>('department').set(finance.id, old);
    const listed = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
    expect(listed.departments.find((d) => d.name === 'Sales')?.group?.name).toBe('sales-team');
    expect(listed.departments.find((d) => d.name === 'Finance')?.group).toBeNull();
    const unlinked = await ok(linkSales('', ''));
    expect(unlinked.group).toBeNull();
  });
});
