/**
 * The Approvals panel's history in Chromium: the panel opens with the last few events of a
 * rollout that went through several rounds, not the whole trail down the issue; "Show earlier
 * events" reveals more, asking the backend for the next page only past what it has, and moves the
 * focus to the first event it revealed.
 */
import type { FrameLocator } from 'playwright-core';
import { ok } from '../support/host';
import { browserSession } from './support/session';
import {
  addIssue,
  approveAll,
  decideAs,
  makeRollout,
  moveGoLive,
  panelAs,
  requestApproval,
  asRollout,
} from '../support/rollouts';

/** What the panel shows when it opens (HistorySection's RECENT_EVENTS). */
const RECENT_EVENTS = 5;

let issueKey = '';

const e2e = browserSession({
  viewport: { width: 1100, height: 1000 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    issueKey = addIssue(host, 'Roll out the new expense tool');
    await makeRollout(host, { issueKey, title: 'New expense tool' });
    // Four rounds in which Sales asks for changes, then one every head approves.
    for (let round = 0; round < 4; round += 1) {
      // The coordinator answers each request for changes before asking again (a round with no
      // change is refused).
      if (round > 0) await moveGoLive(host, `203${String(round)}-10-31`, issueKey);
      await requestApproval(host, issueKey);
      await ok(
        decideAs(
          host,
          'head-sales',
          'Sales',
          'changes-requested',
          `Round ${String(round)}`,
          issueKey,
        ),
      );
    }
    await moveGoLive(host, '2035-10-31', issueKey);
    await approveAll(host, issueKey);
  },
  setUpTimeout: 60_000,
});

async function openIssue(locale = 'en-US'): Promise<FrameLocator> {
  await e2e.page.goto(`${e2e.url}/jira/issue/${issueKey}?as=coordinator&locale=${locale}`);
  const app = e2e.page.frameLocator(
    '[data-module-key="rollout-approvals"] iframe.host-panel-frame',
  );
  await app.getByRole('heading', { name: 'History' }).waitFor();
  return app;
}

describe('the Approvals panel history', () => {
  it('shows the last few events and earlier ones on demand', async () => {
    const first = asRollout(await panelAs(e2e.host, 'coordinator', issueKey)).history;
    // The trail is longer than one backend page: the last step has to ask for more.
    expect(first.nextCursor).not.toBeNull();

    const app = await openIssue();
    const events = app
      .getByRole('list', { name: 'Audit trail, newest first' })
      .getByRole('listitem');
    await expect(events.count()).resolves.toBe(RECENT_EVENTS);
    // The newest first: the last approval of the current round.
    await expect(events.first().textContent()).resolves.toMatch(/approved/u);
    await app
      .getByText(`The last ${String(RECENT_EVENTS)} of ${String(first.events.length)} events+`)
      .waitFor();

    const earlier = app.getByRole('button', { name: 'Show earlier events' });
    await earlier.click();
    await expect(events.count()).resolves.toBe(first.events.length);
    // The focus moved to the first event revealed.
    await app.locator(`li.rc-ap-event:nth-child(${String(RECENT_EVENTS + 1)}):focus`).waitFor();

    // Past what the panel loaded, the next click asks the backend for the next page.
    await earlier.click();
    await events.nth(first.events.length).waitFor();
    await app
      .locator(`li.rc-ap-event:nth-child(${String(first.events.length + 1)}):focus`)
      .waitFor();
  });
});
