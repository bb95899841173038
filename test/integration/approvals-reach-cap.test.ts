/**
 * A first round of many departments: one request asks Jira about at most 50 people, and past
 * that opens nothing and asks to be sent again, which checks the next ones. Through the local
 * host, whose Jira answers `permissions/check` per person.
 */
import type { LocalHost } from '../../local/host';
import { BROWSE_CHECKS_PER_REQUEST } from '../../src/app/approvals/reach';
import { call, memoryHost } from '../support/host';
import {
  ISSUE,
  addDepartments,
  addPeople,
  asRollout,
  issuePanel,
  makeRollout,
  panelAs,
} from '../support/rollouts';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

const DEPARTMENTS = BROWSE_CHECKS_PER_REQUEST + 10;

async function request() {
  const before = asRollout(await panelAs(host, 'coordinator'));
  return call(issuePanel(host), 'coordinator', 'approvals/request', {
    version: before.rollout.version,
  });
}

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
