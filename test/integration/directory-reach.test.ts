/**
 * The directory warns, when a department is saved and when an administrator lists it, about its
 * head, delegate or stand-in who cannot open a rollout the department is in (the outsider, Riley
 * Stone, may not browse ROLL).
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { REACH_DEPARTMENTS_PER_LIST, REACH_FRESH_MS } from '../../src/app/directory-reach';
import type { DirectoryView } from '../../src/contract';
import type { ReachChecks } from '../../src/storage/departments';
import { adminPage, call, hostPerTest, ok } from '../support/host';
import {
  ISSUE,
  addDepartments,
  day,
  demoDepartment,
  issuePanel,
  makeRollout,
  uuid,
} from '../support/rollouts';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

async function saveFinance(change: { head?: string; delegate?: string }) {
  const directory = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
  const finance = directory.departments.find((d) => d.id === demoDepartment('Finance'));
  if (!finance) throw new Error('No Finance');
  const accountOf = (persona: string) => host.persona(persona)?.accountId ?? '';
  return call(adminPage(host), 'admin', 'directory/update', {
    id: finance.id,
    version: finance.version,
    name: finance.name,
    headAccountId: change.head ? accountOf(change.head) : finance.head.accountId,
    delegateAccountId: change.delegate ? accountOf(change.delegate) : null,
  });
}

describe('saving a department of a rollout', () => {
  it('names the head who cannot open the rollout issue, with its key, in a bounded number of calls', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }, { department: 'Finance' }] });
    const saved = await saveFinance({ head: 'outsider' });
    expect(saved.envelope).toMatchObject({
      ok: true,
      data: {
        browseWarnings: [{ person: { displayName: 'Riley Stone' }, issueKeys: [ISSUE] }],
      },
    });
    // The save itself, the rollout read and one permission check per person.
    expect(saved.counters.product).toBeLessThanOrEqual(6);
  });

  it('names a delegate who cannot open it, and nobody once they may browse the project', async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }] });
    const warned = await ok(saveFinance({ delegate: 'outsider' }));
    expect(warned.browseWarnings?.map((w) => w.person.displayName)).toEqual(['Riley Stone']);
    host.products.jira.permissions.addRoleActor('ROLL', 'Viewer', {
      type: 'user',
      accountId: host.persona('outsider')?.accountId ?? '',
    });
    const fine = await ok(saveFinance({ delegate: 'outsider' }));
    expect(fine.browseWarnings).toBeUndefined();
  });

  it('warns about nothing for a department no rollout uses', async () => {
    const saved = await ok(saveFinance({ head: 'outsider' }));
    expect(saved.browseWarnings).toBeUndefined();
  });
});

function listAs(persona = 'admin') {
  return call(adminPage(host), persona, 'directory/list', {});
}

function warningsOf(view: DirectoryView) {
  return view.departments.flatMap((d) =>
    (d.browseWarnings ?? []).map((w) => ({
      department: d.name,
      person: w.person.displayName,
      issueKeys: w.issueKeys,
    })),
  );
}

function standIn(head: string, persona: string) {
  return ok(
    call(issuePanel(host), head, 'delegations/add', {
      requestId: uuid(77),
      delegateAccountId: host.persona(persona)?.accountId ?? '',
      from: day(0),
      to: day(5),
    }),
  );
}

describe('a stand-in named in a delegation', () => {
  it('is named when the department is saved and when the directory is listed', async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }] });
    await standIn('head-finance', 'outsider');
    const saved = await ok(saveFinance({}));
    expect(
      saved.browseWarnings?.map((w) => ({ person: w.person.displayName, issueKeys: w.issueKeys })),
    ).toEqual([{ person: 'Riley Stone', issueKeys: [ISSUE] }]);
    // A fresh installation's cache is empty: the list checks again by itself.
    await kvs.delete('directory-reach');
    const listed = await ok(listAs());
    expect(warningsOf(listed)).toEqual([
      { department: 'Finance', person: 'Riley Stone', issueKeys: [ISSUE] },
    ]);
  });
});

describe('listing the directory', () => {
  it('shows an administrator the last check, and checks again once it is old', async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }] });
    await ok(saveFinance({ head: 'outsider' }));
    const outsider = host.persona('outsider')?.accountId ?? '';
    host.products.jira.permissions.addRoleActor('ROLL', 'Viewer', {
      type: 'user',
      accountId: outsider,
    });
    // Within the hour, the list answers from the save's check: no permission call.
    const cached = await listAs();
    expect(cached.counters.product).toBeLessThanOrEqual(2);
    expect(warningsOf(await ok(Promise.resolve(cached))).map((w) => w.department)).toEqual([
      'Finance',
    ]);
    const checks = (await kvs.get<ReachChecks>('directory-reach')) ?? {};
    const finance = demoDepartment('Finance');
    const old = new Date(Date.now() - REACH_FRESH_MS - 1000).toISOString();
    await kvs.set('directory-reach', {
      ...checks,
      [finance]: { ...checks[finance], checkedAt: old },
    });
    const renewed = await ok(listAs());
    expect(warningsOf(renewed)).toEqual([]);
    expect(renewed.reachUnchecked).toBeUndefined();
  });

  it('checks at most a few departments per list, says how many are left, and the next lists finish', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }, { department: 'Finance' }] });
    const outsider = host.persona('outsider')?.accountId ?? '';
    const extra = 2 * REACH_DEPARTMENTS_PER_LIST;
    await addDepartments(Array.from({ length: extra }, () => outsider));
    const total = 4 + extra;
    const seen: (number | undefined)[] = [];
    const products: number[] = [];
    for (let load = 0; load < 4; load += 1) {
      const listed = await listAs();
      seen.push((await ok(Promise.resolve(listed))).reachUnchecked);
      products.push(listed.counters.product);
    }
    expect(seen).toEqual([
      total - REACH_DEPARTMENTS_PER_LIST,
      total - 2 * REACH_DEPARTMENTS_PER_LIST,
      undefined,
      undefined,
    ]);
    // Admin check, user look-up, and per checked department at most 2 permission calls here.
    expect(Math.max(...products)).toBeLessThanOrEqual(2 + 2 * REACH_DEPARTMENTS_PER_LIST);
    // Once all are fresh, a list makes no permission call.
    expect(products[3]).toBeLessThanOrEqual(2);
  });

  it('checks again at once a department a rollout starts naming after its last check', async () => {
    await ok(saveFinance({ head: 'outsider' }));
    // Checked: no rollout names Finance yet.
    expect(warningsOf(await ok(listAs()))).toEqual([]);
    await makeRollout(host, { departments: [{ department: 'Finance' }] });
    expect(warningsOf(await ok(listAs()))).toEqual([
      { department: 'Finance', person: 'Riley Stone', issueKeys: [ISSUE] },
    ]);
    // Its mark is cleared: the next list answers from that check.
    const again = await listAs();
    expect(again.counters.product).toBeLessThanOrEqual(2);
  });

  it('checks nothing for someone who cannot change the directory', async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }] });
    await ok(saveFinance({ head: 'outsider' }));
    const listed = await listAs('coordinator');
    const view = await ok(Promise.resolve(listed));
    expect(view.canManage).toBe(false);
    expect(warningsOf(view)).toEqual([]);
    expect(view.reachUnchecked).toBeUndefined();
  });
});
