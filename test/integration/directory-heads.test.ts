/**
 * The directory's keys by head (decision 0047) through the local host: the Approvals panel finds
 * the departments its viewer heads through them, every directory change keeps them in step, a key
 * that no longer matches its department shows nothing, and the one-time backfill gives departments
 * stored before the keys theirs, a bounded number of pages per run, resumed where it stopped.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { runInvocation } from '../../local/runtime';
import type { Department } from '../../src/domain/departments';
import { departmentHeadRepository, headKey } from '../../src/storage/department-heads';
import { storageClient } from '../../src/storage/client';
import { standInRepository } from '../../src/storage/stand-ins';
import { accountIdOf, adminPage, call, memoryHost, ok } from '../support/host';
import {
  addIssue,
  asRollout,
  makeRollout,
  panelAs,
  regionDepartment,
  uuid,
} from '../support/rollouts';

const storage = storageClient(() => 25_000);
const DAY = '2031-03-10';

let host: LocalHost;

afterEach(async () => {
  await host.close();
});

async function keysOf(head: string): Promise<string[]> {
  const page = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(`department-head:${head}:`))
    .limit(20)
    .getMany<{ departmentId: string }>();
  return page.results.map((row) => row.value.departmentId).sort();
}

async function department(name: string): Promise<Department> {
  const directory = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
  const found = directory.departments.find((d) => d.name === name);
  if (!found) throw new Error(`no department ${name}`);
  const stored = await kvs.entity<Department>('department').get(found.id);
  if (!stored) throw new Error(`${name} is not stored`);
  return stored;
}

/** The delegation section the Approvals panel shows `persona` on a rollout of Sales alone. */
async function headOf(persona: string, issueKey: string): Promise<string[] | null> {
  return asRollout(await panelAs(host, persona, issueKey)).myDelegations?.headOf ?? null;
}

describe('the departments a viewer heads, by key', () => {
  beforeEach(async () => {
    host = await memoryHost();
  });

  it('are kept in step with every directory change and shown on a rollout outside them', async () => {
    const backfill = await host.runScheduled('daily-progress-snapshots');
    const answer = backfill.body as { statusCode: number; body: string };
    expect(JSON.parse(answer.body)).toMatchObject({ headKeys: { done: true, written: 4 } });
    const issueKey = addIssue(host, 'Sales alone');
    await makeRollout(host, { issueKey, departments: [{ department: 'Sales' }] });

    // The head of Finance opens a rollout Finance is not in: their section still shows.
    const finance = await department('Finance');
    const financeHead = accountIdOf(host, 'head-finance');
    const opsHead = accountIdOf(host, 'head-operations');
    expect(await keysOf(financeHead)).toEqual([finance.id]);
    expect(await headOf('head-finance', issueKey)).toEqual(['Finance']);
    const view = asRollout(await panelAs(host, 'head-finance', issueKey));
    expect(view.myDelegations?.defaultDelegate?.displayName).toBe('Julien Mercier');

    // Finance gets a new head: the key moves with it, in the department's own transaction.
    await ok(
      call(adminPage(host), 'admin', 'directory/update', {
        id: finance.id,
        version: finance.version,
        name: finance.name,
        headAccountId: opsHead,
      }),
    );
    expect(await keysOf(financeHead)).toEqual([]);
    expect((await keysOf(opsHead)).length).toBe(2);
    expect(await headOf('head-finance', issueKey)).toBeNull();
    expect(await headOf('head-operations', issueKey)).toEqual(['Finance', 'Operations']);

    // A new department, then its removal: its key comes and goes with it.
    const legal = await ok(
      call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(4_000),
        name: 'Legal',
        headAccountId: financeHead,
      }),
    );
    expect(await keysOf(financeHead)).toEqual([legal.id]);
    expect(await headOf('head-finance', issueKey)).toEqual(['Legal']);
    await ok(
      call(adminPage(host), 'admin', 'directory/remove', { id: legal.id, version: legal.version }),
    );
    expect(await keysOf(financeHead)).toEqual([]);
    expect(await headOf('head-finance', issueKey)).toBeNull();
  });

  it('shows nothing for a key whose department names someone else or is gone', async () => {
    await host.runScheduled('daily-progress-snapshots');
    const issueKey = addIssue(host, 'Sales alone');
    await makeRollout(host, { issueKey, departments: [{ department: 'Sales' }] });
    const employee = accountIdOf(host, 'employee');
    const finance = await department('Finance');
    // As a create that failed after its key, or a backfill that raced an update, leaves them.
    await kvs.set(headKey({ id: finance.id, headAccountId: employee }), {
      departmentId: finance.id,
    });
    await kvs.set(headKey({ id: uuid(4_001), headAccountId: employee }), {
      departmentId: uuid(4_001),
    });
    expect(await headOf('employee', issueKey)).toBeNull();
  });
});

function stale(n: number, head: string): Department {
  return regionDepartment(20_000 + n, head, '2030-01-01T00:00:00.000Z');
}

/** `work` inside one invocation, with the storage calls it made. */
function counted<T>(work: () => Promise<T>): Promise<{ value: T; calls: number }> {
  return runInvocation({ accountId: undefined, moduleKey: 'test' }, async (invocation) => {
    const value = await work();
    return { value, calls: invocation.counters.storage };
  });
}

describe('the one-time backfill', () => {
  beforeEach(async () => {
    host = await memoryHost({ seed: false });
  });

  it('gives departments stored before the keys theirs, a page per run, and resumes', async () => {
    // 130 departments written as an older version stored them: no keys by head.
    const heads = ['rc-old-head-a', 'rc-old-head-b', 'rc-old-head-c', 'rc-old-head-d'];
    const departments = Array.from({ length: 130 }, (_, i) => stale(i, heads[i % 4] ?? ''));
    for (let i = 0; i < departments.length; i += 25) {
      await kvs.batchSet(
        departments
          .slice(i, i + 25)
          .map((value) => ({ key: value.id, value, entityName: 'department' })),
      );
    }
    const repository = departmentHeadRepository(storage);
    const standIns = standInRepository(storage);
    const read = () =>
      standIns.forRound({ departmentIds: [], people: [], viewer: heads[0] ?? '', day: DAY });

    // Before the backfill, the viewer's departments still come (from the directory itself).
    expect((await counted(read)).value.departments).toHaveLength(33);

    const first = await counted(() => repository.backfill(1));
    expect(first.value).toMatchObject({ done: false, written: 100 });
    // The progress, one page of 100, four batch writes of 25, the progress saved.
    expect(first.calls).toBe(7);
    const second = await repository.backfill(1);
    expect(second).toMatchObject({ done: true, written: 30 });
    for (const d of departments) {
      expect(await kvs.get(headKey(d))).toEqual({ departmentId: d.id });
    }

    // Done: the viewer's departments come through their keys, without the directory.
    const after = await counted(read);
    expect(after.value.departments.map((d) => d.id).sort()).toEqual(
      departments
        .filter((d) => d.headAccountId === heads[0])
        .map((d) => d.id)
        .sort(),
    );
    // A batch (the progress), 2 pages of keys (33 / 20), one batch per 25 departments (2).
    expect(after.calls).toBe(1 + 2 + 2);

    // A repeat writes nothing new and stays done.
    expect(await repository.backfill(1)).toMatchObject({ done: true, written: 0 });
  });
});
