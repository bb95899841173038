/**
 * Trained % through the local Forge host: attendance recorded on a training session counts the
 * members of the Jira group the directory links to a department; a department without a group
 * falls back to the head-count the coordinator enters on the anchor's Rollout panel. The figure
 * is stored when attendance or people change, so the anchor still loads within its REST and
 * storage budgets. Also: sessions flagged on the anchor's list, and attendance changes in the
 * audit trail.
 */
import type { LocalHost } from '../../local/host';
import type { AnchorPanelView, MemberPanelView, RolloutPanelView } from '../../src/contract';
import { accountIdOf, adminPage, call, memoryHost, ok, type From } from '../support/host';
import { addPeople, demoDepartment, issueExtension } from '../support/rollouts';
import { jiraIssues, makeStrategy, planIds, pushPlan } from '../support/strategy';
import { refreshTrained } from '../../src/app/trained';
import { productionPorts } from '../../src/wiring';

const PANEL = 'rollout-panel';
/** Session 0: a training for Sales, held ten days ago. Session 1: a seminar, ahead. */
const HELD = planIds.session(0);

let host: LocalHost;
let rolloutId: string;
let anchorKey: string;
let heldKey: string;
let salesGroup: { groupId: string; name: string };
let salesPeople: string[];

function addDays(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function panelOn(issueKey: string): From {
  return { host, moduleKey: PANEL, extension: issueExtension(host, issueKey) };
}

function anchorOf(view: RolloutPanelView): AnchorPanelView {
  if (view.kind !== 'anchor') throw new Error(`Not the anchor's view: ${view.kind}`);
  return view;
}

function sessionOf(view: RolloutPanelView): NonNullable<MemberPanelView['session']> {
  if (view.kind !== 'member' || !view.session) throw new Error(`No session view: ${view.kind}`);
  return view.session;
}

function trainedOf(view: AnchorPanelView, name: string) {
  const found = view.trained.departments.find((d) => d.name === name);
  if (!found) throw new Error(`No trained % for ${name}`);
  return found;
}

const loadAnchor = async (as = 'coordinator') =>
  anchorOf(await ok(call(panelOn(anchorKey), as, 'rolloutPanel/load', {})));

function record(accountIds: string[], version: number) {
  return call(panelOn(heldKey), 'coordinator', 'attendance/record', {
    sessionId: HELD,
    attendeeAccountIds: accountIds,
    version,
  });
}

async function linkSales(groupId: string, groupName: string) {
  const directory = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
  const sales = directory.departments.find((d) => d.name === 'Sales');
  if (!sales) throw new Error('No Sales');
  return call(adminPage(host), 'admin', 'directory/update', {
    id: sales.id,
    version: sales.version,
    name: sales.name,
    headAccountId: sales.head.accountId,
    delegateAccountId: sales.delegate?.accountId ?? null,
    groupId,
    groupName,
  });
}

beforeEach(async () => {
  host = await memoryHost();
  salesPeople = addPeople(host, 8, 'rc-test-sales');
  for (const accountId of salesPeople)
    host.products.jira.users.addGroupMember('rc-test-sales-group', accountId);
  const group = host.products.jira.users.getGroup('rc-test-sales-group');
  if (!group) throw new Error('no group');
  salesGroup = group;
  const detail = await makeStrategy(host, { phases: 2, sessions: 2, start: addDays(-10) });
  rolloutId = detail.rollout.id;
  anchorKey = detail.rollout.issue.key;
  await pushPlan(host, rolloutId);
  const [issue] = jiraIssues(
    host,
    `rolloutId = "${rolloutId}" AND rolloutPlanItem = "session:${HELD}"`,
  );
  if (!issue) throw new Error('no session issue');
  heldKey = issue.key;
});

afterEach(async () => {
  await host.close();
});

describe('trained %', () => {
  it('counts the group’s members who attended, on the anchor and on the session issue', async () => {
    await ok(linkSales(salesGroup.groupId, 'rc-test-sales-group'));
    // Linking rebuilt the figure: nobody trained yet.
    expect(trainedOf(await loadAnchor(), 'Sales')).toMatchObject({ trained: 0, percent: 0 });

    const outsider = accountIdOf(host, 'employee');
    const attendees = [...salesPeople.slice(0, 6), outsider];
    const view = sessionOf(await ok(record(attendees, 0)));
    expect(view.trained).toEqual([
      expect.objectContaining({
        name: 'Sales',
        trained: 6,
        people: 8,
        percent: 75,
        source: 'group',
      }),
    ]);
    const anchor = await loadAnchor('head-sales');
    expect(trainedOf(anchor, 'Sales')).toMatchObject({ trained: 6, people: 8, percent: 75 });
    expect(trainedOf(anchor, 'Customer Support')).toMatchObject({ percent: null, source: 'none' });
  });

  it('falls back to the head-count the coordinator enters, and refuses others', async () => {
    // The demo company links Sales to its group: unlinked, Sales has only a head-count.
    await ok(linkSales('', ''));
    await ok(record(salesPeople.slice(0, 3), 0));
    const set = (as: string, headCount: number) =>
      call(panelOn(anchorKey), as, 'rolloutPanel/setHeadCount', {
        departmentId: demoDepartment('Sales'),
        headCount,
      });
    const refused = await set('head-sales', 12);
    expect(refused.envelope.ok ? null : refused.envelope.error.messageKey).toBe(
      'errors.headCount.forbidden',
    );
    const view = anchorOf(await ok(set('coordinator', 12)));
    expect(trainedOf(view, 'Sales')).toMatchObject({
      trained: 3,
      people: 12,
      percent: 25,
      source: 'headCount',
    });
    // The same figure again changes nothing; a bad one is refused before any write.
    expect(trainedOf(anchorOf(await ok(set('coordinator', 12))), 'Sales').people).toBe(12);
    const bad = await set('coordinator', -1);
    expect(bad.envelope.ok ? null : bad.envelope.error.code).toBe('VALIDATION');
    // Linking a group in the directory rebuilds the figure at once: the group takes over.
    await ok(linkSales(salesGroup.groupId, 'rc-test-sales-group'));
    expect(trainedOf(await loadAnchor(), 'Sales')).toMatchObject({
      trained: 3,
      people: 8,
      source: 'group',
    });
  });

  it('keeps the attendance when reading the group fails, and the daily job rebuilds the figure', async () => {
    await ok(linkSales(salesGroup.groupId, 'rc-test-sales-group'));
    host.products.faults.add({ pathPattern: '/group/member$', kind: 'status500' });
    const view = sessionOf(await ok(record(salesPeople.slice(0, 2), 0)));
    expect(view.attendance.count).toBe(2);
    // The figure stays as it was until a rebuild succeeds.
    expect(trainedOf(await loadAnchor(), 'Sales')).toMatchObject({ trained: 0, percent: 0 });
    host.products.faults.clear();
    // The daily job rebuilds approved rollouts; this one is a draft, so rebuild it as it would.
    const ports = productionPorts(() => 50_000);
    const rollout = await ports.rollouts.get(rolloutId);
    if (!rollout) throw new Error('no rollout');
    await refreshTrained(ports, rollout);
    expect(trainedOf(await loadAnchor(), 'Sales')).toMatchObject({ trained: 2, percent: 25 });
  });

  it('keeps the anchor’s load within 6 REST and 3 storage calls', async () => {
    await ok(linkSales(salesGroup.groupId, 'rc-test-sales-group'));
    await ok(record(salesPeople, 0));
    const outcome = await call(panelOn(anchorKey), 'coordinator', 'rolloutPanel/load', {});
    expect(outcome.envelope.ok).toBe(true);
    expect(outcome.counters.product).toBeLessThanOrEqual(6);
    expect(outcome.counters.storage).toBeLessThanOrEqual(3);
  });
});

describe('sessions flagged on the anchor', () => {
  it('lists a held session with nothing recorded, then one over capacity', async () => {
    const first = await loadAnchor();
    expect(first.sessions.flagged.map((s) => [s.id, s.flag])).toEqual([[HELD, 'not-recorded']]);
    expect(first.sessions.flaggedTotal).toBe(1);
    const crowd = addPeople(host, 21, 'rc-test-crowd');
    await ok(record(crowd, 0));
    const after = await loadAnchor();
    expect(after.sessions.flagged).toEqual([
      expect.objectContaining({ id: HELD, flag: 'over-capacity', count: 21, capacity: 20 }),
    ]);
  });
});

describe('the audit trail', () => {
  it('keeps who recorded and who confirmed attendance, and head-count changes, newest first', async () => {
    await ok(record([accountIdOf(host, 'employee')], 0));
    await ok(call(panelOn(heldKey), 'head-sales', 'attendance/confirm', { sessionId: HELD }));
    await ok(
      call(panelOn(anchorKey), 'coordinator', 'rolloutPanel/setHeadCount', {
        departmentId: demoDepartment('Finance'),
        headCount: 30,
      }),
    );
    const history = await ok(
      call(
        { host, moduleKey: 'rollout-approvals', extension: issueExtension(host, anchorKey) },
        'coordinator',
        'approvals/history',
        {},
      ),
    );
    const lines = history.events
      .filter((e) => e.type.startsWith('attendance') || e.type === 'head-count-set')
      .map((e) => [e.type, e.actor?.accountId, e.detail]);
    expect(lines).toEqual([
      ['head-count-set', accountIdOf(host, 'coordinator'), '30'],
      ['attendance-confirmed', accountIdOf(host, 'head-sales'), 'Session 1'],
      ['attendance-recorded', accountIdOf(host, 'coordinator'), 'Session 1'],
    ]);
  });
});
