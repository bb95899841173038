/**
 * A round nobody could finish, and a round that asks nothing new: both refused before anything
 * is written, through the local host with the personas' Jira permissions (the outsider, Riley
 * Stone, may not browse ROLL). A first round of many departments: one request asks Jira about at
 * most 50 people, and past that opens nothing and asks to be sent again.
 */
import type { LocalHost } from '../../local/host';
import { BROWSE_CHECKS_PER_REQUEST } from '../../src/app/approvals/reach';
import { adminPage, call, hostPerTest, ok } from '../support/host';
import {
  ISSUE,
  addDepartments,
  addPeople,
  approvalIn,
  asRollout,
  decideAs,
  demoDepartment,
  editPlan,
  editPlanForm,
  issuePanel,
  makeRollout,
  panelAs,
  requestApproval,
  stored,
} from '../support/rollouts';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

async function request(as = 'coordinator') {
  const before = asRollout(await panelAs(host, as));
  return call(issuePanel(host), as, 'approvals/request', { version: before.rollout.version });
}

describe('a head or delegate who may not browse the rollout issue', () => {
  it('refuses the round, naming the head and their department, and opens nothing', async () => {
    await makeRollout(host, {
      departments: [{ department: 'Sales' }, { department: 'Finance', head: 'outsider' }],
    });
    const { envelope } = await request();
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rollout.decidersCannotBrowse',
        params: { people: 'Riley Stone (Finance)', issue: ISSUE },
      },
    });
    const after = asRollout(await panelAs(host, 'coordinator'));
    expect(after.rollout).toMatchObject({ approvalState: 'draft', round: 0 });
  });

  it("refuses it for a department's default delegate who may not browse, in French too", async () => {
    const directory = await ok(call(adminPage(host), 'admin', 'directory/list', {}));
    const finance = directory.departments.find((d) => d.id === demoDepartment('Finance'));
    if (!finance) throw new Error('No Finance');
    await ok(
      call(adminPage(host), 'admin', 'directory/update', {
        id: finance.id,
        version: finance.version,
        name: finance.name,
        headAccountId: finance.head.accountId,
        delegateAccountId: host.persona('outsider')?.accountId ?? '',
      }),
    );
    await makeRollout(host);
    const before = asRollout(await panelAs(host, 'coordinator'));
    const { envelope } = await call(
      { ...issuePanel(host), locale: 'fr-FR' },
      'coordinator',
      'approvals/request',
      { version: before.rollout.version },
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: { messageKey: 'errors.rollout.decidersCannotBrowse' },
    });
    if (envelope.ok) throw new Error('expected a refusal');
    expect(envelope.error.params).toEqual({ people: 'Riley Stone (Finance)', issue: ISSUE });
  });

  it('lets the round open once the head can browse the project', async () => {
    await makeRollout(host, {
      departments: [{ department: 'Sales' }, { department: 'Finance', head: 'outsider' }],
    });
    const riley = host.persona('outsider')?.accountId ?? '';
    host.products.jira.permissions.addRoleActor('ROLL', 'Viewer', {
      type: 'user',
      accountId: riley,
    });
    const opened = await requestApproval(host);
    expect(opened.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 1 });
  });
});

describe('a new round after a rejection', () => {
  async function rejected(): Promise<void> {
    await makeRollout(host, { departments: [{ department: 'Sales' }, { department: 'Finance' }] });
    await requestApproval(host);
    await ok(decideAs(host, 'head-finance', 'Finance', 'rejected', 'Too early for us.'));
  }

  it('is refused while nothing changed, and says why', async () => {
    await rejected();
    const { envelope } = await request();
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rollout.noChange' },
    });
    const after = asRollout(await panelAs(host, 'coordinator'));
    expect(after.rollout).toMatchObject({ approvalState: 'rejected', round: 1 });
  });

  it('opens once the plan changed, showing each head what changed since they decided', async () => {
    await rejected();
    const { unchanged } = await editPlanForm(host);
    await ok(editPlan(host, { ...unchanged, targetDate: '2030-12-15' }));
    const opened = await requestApproval(host);
    expect(opened.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 2 });
    const finance = approvalIn(asRollout(await panelAs(host, 'head-finance')), 'Finance');
    // The Finance head reads French.
    expect(finance.changes).toEqual(['Mise en service : 30 sept. → 15 déc. 2030']);
    expect(
      await stored<{ changes: unknown[] }>('approval', finance.id).then((a) => a?.changes),
    ).toEqual([{ kind: 'target-date', from: '2030-09-30', to: '2030-12-15' }]);
  });

  it('is not refused for a change of departments alone', async () => {
    await rejected();
    const { unchanged } = await editPlanForm(host);
    await ok(
      editPlan(host, {
        ...unchanged,
        departments: unchanged.departments.filter(
          (d) => d.departmentId === demoDepartment('Sales'),
        ),
      }),
    );
    const opened = await requestApproval(host);
    expect(opened.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 2 });
    expect(opened.round?.approvals.map((a) => a.departmentName)).toEqual(['Sales']);
  });
});

const DEPARTMENTS = BROWSE_CHECKS_PER_REQUEST + 10;

/** Jira calls a request makes besides its permission checks (the anchor, users, the round). */
const OTHER_CALLS = 6;

describe(`a first round of ${String(DEPARTMENTS)} departments`, () => {
  it('checks 50 people, opens nothing and says how many remain; the next request checks the rest and opens it', async () => {
    const heads = addPeople(host, DEPARTMENTS);
    const ids = await addDepartments(heads);
    await makeRollout(host, { departments: ids.map((department) => ({ department })) });

    const { envelope, counters } = await request();
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rollout.browseChecksPending',
        params: { checked: BROWSE_CHECKS_PER_REQUEST, left: 10, issue: ISSUE },
      },
    });
    expect(counters.product).toBeGreaterThanOrEqual(BROWSE_CHECKS_PER_REQUEST);
    expect(counters.product).toBeLessThanOrEqual(BROWSE_CHECKS_PER_REQUEST + OTHER_CALLS);
    const waiting = asRollout(await panelAs(host, 'coordinator'));
    expect(waiting.rollout).toMatchObject({ approvalState: 'draft', round: 0 });
    expect(waiting.round).toBeNull();

    const again = await request();
    expect(again.envelope.ok).toBe(true);
    expect(again.counters.product).toBeGreaterThanOrEqual(DEPARTMENTS - BROWSE_CHECKS_PER_REQUEST);
    expect(again.counters.product).toBeLessThanOrEqual(
      DEPARTMENTS - BROWSE_CHECKS_PER_REQUEST + OTHER_CALLS,
    );
    const opened = asRollout(await panelAs(host, 'coordinator'));
    expect(opened.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 1 });
    expect(opened.round?.approvals).toHaveLength(DEPARTMENTS);
  });

  it('names a head beyond the first 50 who may not browse, once their turn comes', async () => {
    const heads = addPeople(host, DEPARTMENTS - 1);
    const riley = host.persona('outsider')?.accountId ?? '';
    const ids = await addDepartments([...heads, riley]);
    await makeRollout(host, { departments: ids.map((department) => ({ department })) });

    const first = await request();
    expect(first.envelope).toMatchObject({
      ok: false,
      error: { messageKey: 'errors.rollout.browseChecksPending' },
    });
    const second = await request();
    expect(second.envelope).toMatchObject({
      ok: false,
      error: {
        messageKey: 'errors.rollout.decidersCannotBrowse',
        params: { people: expect.stringContaining('Riley Stone') as unknown, issue: ISSUE },
      },
    });
    const after = asRollout(await panelAs(host, 'coordinator'));
    expect(after.rollout).toMatchObject({ approvalState: 'draft', round: 0 });
  });
});
