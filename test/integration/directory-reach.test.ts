/**
 * The directory warns, when a department is saved, about its head or delegate who cannot open a
 * rollout the department is in (the outsider, Riley Stone, may not browse ROLL).
 */
import type { LocalHost } from '../../local/host';
import { adminPage, call, memoryHost, ok } from '../support/host';
import { ISSUE, demoDepartment, makeRollout } from '../support/rollouts';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
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
