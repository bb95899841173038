/**
 * Policy read-and-acknowledge through the local Forge host: the coordinator names a Confluence
 * page as a rollout's policy from the page's byline; the members of the departments' Jira groups
 * are asked; an acknowledgement stores the page version read and counts once; a version the
 * coordinator marks as material resets that page's acknowledgements and asks again with what
 * changed; "My rollouts" gets the same items from `policy/mine`.
 */
import type { LocalHost } from '../../local/host';
import type { PolicyBylineView, PolicyRolloutView } from '../../src/contract';
import { accountIdOf, call, memoryHost, ok, type From } from '../support/host';
import { gadget } from '../support/gadget';
import { addPeople } from '../support/rollouts';
import { makeStrategy, spaceOf } from '../support/strategy';

const BYLINE = 'rollout-policy-byline';

let host: LocalHost;
let rolloutId: string;
let pageId: string;
let salesPeople: string[];

function onPage(id = pageId): From {
  const page = host.products.confluence.pages.getPage(Number(id));
  if (!page) throw new Error(`No page ${id}`);
  const space = host.products.confluence.spaces.getSpace(page.spaceId);
  return {
    host,
    moduleKey: BYLINE,
    extension: {
      content: { id, type: 'page' },
      space: { id: String(page.spaceId), key: space?.key ?? '' },
    },
  };
}

function newVersion(message: string, body: string): void {
  const page = host.products.confluence.pages.requirePage(Number(pageId));
  host.products.confluence.pages.updatePage(Number(pageId), {
    title: page.title,
    status: 'current',
    body,
    parentId: undefined,
    authorId: accountIdOf(host, 'coordinator'),
    number: page.version.number + 1,
    message,
  });
}

function rolloutIn(view: PolicyBylineView): PolicyRolloutView {
  const found = view.rollouts.find((r) => r.rolloutId === rolloutId);
  if (!found) throw new Error('The rollout is not offered');
  return found;
}

const sales = (view: PolicyBylineView) => {
  const found = rolloutIn(view).departments.find((d) => d.name === 'Sales');
  if (!found) throw new Error('No Sales');
  return found;
};

const byline = (as: string) => ok(call(onPage(), as, 'policy/byline', {}));
const acknowledgeAs = (as: string) =>
  call(onPage(), as, 'policy/acknowledge', { rolloutId, pageId });

beforeEach(async () => {
  host = await memoryHost();
  salesPeople = addPeople(host, 4, 'rc-test-policy');
  const space = spaceOf(host);
  for (const accountId of salesPeople) {
    host.products.jira.users.addGroupMember('sales-team', accountId);
    // Readers of the page in Confluence too.
    host.products.confluence.users.upsertUser({
      accountId,
      accountType: 'atlassian',
      displayName: accountId,
      email: `${accountId}@example.com`,
      timeZone: 'Europe/Paris',
      locale: 'en-US',
    });
    host.products.confluence.spaces.grantSpacePermission(Number(space.id), accountId, 'view');
  }
  const detail = await makeStrategy(host);
  rolloutId = detail.rollout.id;
  const page = host.products.confluence.pages.createPage({
    spaceId: Number(space.id),
    title: 'Expense policy',
    body: '<p>Receipts within 30 days.</p>',
    authorId: accountIdOf(host, 'coordinator'),
  });
  pageId = String(page.id);
});

afterEach(async () => {
  await host.close();
});

describe('policy read-and-acknowledge', () => {
  it('lets only the coordinator name the page, and counts the group’s members as people', async () => {
    const before = await byline('coordinator');
    expect(rolloutIn(before)).toMatchObject({ named: false, version: null });
    expect(before.items).toEqual([]);

    const refused = await call(onPage(), 'employee', 'policy/name', { rolloutId });
    expect(refused.envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await byline('employee')).rollouts).toEqual([]);

    const named = await ok(call(onPage(), 'coordinator', 'policy/name', { rolloutId }));
    const groupSize = host.products.jira.users
      .getUsers(
        host.products.jira.users.groupMembers(
          host.products.jira.users.getGroup('sales-team')?.groupId ?? '',
        ),
      )
      .filter((user) => user.active).length;
    expect(rolloutIn(named)).toMatchObject({ named: true, version: 1, newerVersion: false });
    expect(sales(named)).toMatchObject({ acknowledged: 0, people: groupSize, percent: 0 });
    // A department without a group has nobody to ask: its % is unknown, not 0.
    const support = rolloutIn(named).departments.find((d) => d.name === 'Customer Support');
    expect(support).toMatchObject({ people: 0, percent: null });
    // Naming it again changes nothing.
    expect(await ok(call(onPage(), 'coordinator', 'policy/name', { rolloutId }))).toEqual(named);
  });

  it('stores the version read and counts each person once', async () => {
    await ok(call(onPage(), 'coordinator', 'policy/name', { rolloutId }));
    const [first, second] = salesPeople;
    if (!first || !second) throw new Error('no people');

    const asked = await byline(first);
    expect(asked.items).toEqual([
      expect.objectContaining({ rolloutId, pageId, version: 1, state: 'due', change: null }),
    ]);
    const done = await ok(acknowledgeAs(first));
    expect(done).toMatchObject({ state: 'done', acknowledgedVersion: 1 });
    // A repeat (a double click, a retried call) counts nothing more.
    expect(await ok(acknowledgeAs(first))).toMatchObject({ state: 'done', acknowledgedVersion: 1 });
    await ok(acknowledgeAs(second));

    const view = await byline('coordinator');
    const figure = sales(view);
    expect(figure.acknowledged).toBe(2);
    expect(figure.percent).toBe(Math.floor((2 * 100) / figure.people));

    // The gadget shows it next to trained %, and plan-vs-actual judges it.
    const load = await ok(
      call(gadget(host), 'coordinator', 'gadget/load', { rolloutIds: [rolloutId] }),
    );
    const shown = load.rollouts[0];
    expect(shown?.departments.find((d) => d.name === 'Sales')?.acknowledgedPercent).toBe(
      figure.percent,
    );
    expect(
      shown?.departments.find((d) => d.name === 'Customer Support')?.acknowledgedPercent,
    ).toBeNull();

    // Someone outside every department asked is told so, and nothing is counted.
    const outsider = await acknowledgeAs('outsider');
    expect(outsider.envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(sales(await byline('coordinator')).acknowledged).toBe(2);

    // "My rollouts" reads the same item.
    expect(await ok(call(onPage(), first, 'policy/mine', {}))).toEqual([
      expect.objectContaining({ rolloutId, pageId, state: 'done', acknowledgedVersion: 1 }),
    ]);
    expect(await ok(call(onPage(), 'outsider', 'policy/mine', {}))).toEqual([]);
  });

  it('asks again after a material version only, and shows what changed', async () => {
    await ok(call(onPage(), 'coordinator', 'policy/name', { rolloutId }));
    const [reader] = salesPeople;
    if (!reader) throw new Error('no people');
    await ok(acknowledgeAs(reader));

    // A typo fixed: nobody is asked again unless the coordinator says it matters.
    newVersion('Typo', '<p>Receipts within 30 days.</p>');
    const minor = await byline('coordinator');
    expect(rolloutIn(minor)).toMatchObject({ version: 1, newerVersion: true });
    expect(sales(minor).acknowledged).toBe(1);
    expect((await byline(reader)).items[0]).toMatchObject({ state: 'done' });

    newVersion('Receipts now within 10 days', '<p>Receipts within 10 days.</p>');
    const revised = await ok(call(onPage(), 'coordinator', 'policy/revise', { rolloutId }));
    expect(rolloutIn(revised)).toMatchObject({ version: 3, newerVersion: false });
    expect(sales(revised)).toMatchObject({ acknowledged: 0, percent: 0 });

    const again = (await byline(reader)).items[0];
    expect(again).toMatchObject({
      state: 'again',
      version: 3,
      acknowledgedVersion: 1,
      change: { message: 'Receipts now within 10 days', previousVersion: 1 },
    });
    expect(again?.change?.compareUrl).toContain('diffpagesbyversion.action');
    expect(again?.change?.compareUrl).toContain('selectedPageVersions=1&selectedPageVersions=3');

    // Marking the same version again resets nothing more.
    await ok(acknowledgeAs(reader));
    const repeat = await ok(call(onPage(), 'coordinator', 'policy/revise', { rolloutId }));
    expect(sales(repeat).acknowledged).toBe(1);
    expect(await ok(call(onPage(), reader, 'policy/mine', {}))).toEqual([
      expect.objectContaining({ state: 'done', acknowledgedVersion: 3, version: 3 }),
    ]);
  });

  it('asks someone who cannot browse the rollout’s project without naming the rollout', async () => {
    await ok(call(onPage(), 'coordinator', 'policy/name', { rolloutId }));
    const [browser] = salesPeople;
    if (!browser) throw new Error('no people');
    const title = (await ok(acknowledgeAs(browser))).rolloutTitle;
    expect(title).not.toBe('');

    // In Sales' group and a reader of the page, but not of the ROLL project in Jira.
    const reader = 'rc-test-policy-confluence-only';
    host.products.jira.users.upsertUser({
      accountId: reader,
      displayName: 'Confluence reader',
      emailAddress: `${reader}@example.com`,
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
    });
    host.products.jira.users.addGroupMember('sales-team', reader);
    host.products.confluence.users.upsertUser({
      accountId: reader,
      accountType: 'atlassian',
      displayName: 'Confluence reader',
      email: `${reader}@example.com`,
      timeZone: 'Europe/Paris',
      locale: 'fr-FR',
    });
    host.products.confluence.spaces.grantSpacePermission(Number(spaceOf(host).id), reader, 'view');

    const asked = await byline(reader);
    expect(asked.items).toEqual([
      expect.objectContaining({ rolloutId, pageId, rolloutTitle: '', state: 'due' }),
    ]);
    expect(JSON.stringify(asked)).not.toContain(title);
    expect(await ok(call(onPage(), reader, 'policy/mine', {}))).toEqual([
      expect.objectContaining({ rolloutId, pageId, rolloutTitle: '' }),
    ]);
    // They acknowledge it all the same, and it counts; the answer does not name the rollout.
    const done = await ok(acknowledgeAs(reader));
    expect(done).toMatchObject({ state: 'done', acknowledgedVersion: 1, rolloutTitle: '' });
    expect(sales(await byline('coordinator')).acknowledged).toBe(2);
    // "My rollouts", a Jira page of rollouts, lists nothing of a rollout they cannot browse.
    const mine = await ok(call({ host, moduleKey: 'rollout-mine' }, reader, 'mine/load', {}));
    expect(mine.policies).toEqual([]);
    // Someone who can browse it still reads its name.
    expect((await byline(browser)).items).toEqual([
      expect.objectContaining({ rolloutId, rolloutTitle: title }),
    ]);
  });

  it('refuses a page that is not the policy’s, and the coordinator’s calls off a page', async () => {
    const [reader] = salesPeople;
    if (!reader) throw new Error('no people');
    const notNamed = await acknowledgeAs(reader);
    expect(notNamed.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const offPage = await call(
      { host, moduleKey: BYLINE, extension: {} },
      'coordinator',
      'policy/name',
      { rolloutId },
    );
    expect(offPage.envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.policy.noPage' },
    });
  });
});
