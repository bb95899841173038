/**
 * The Rollout progress gadget in Chromium, on the local host's Jira dashboard with the real
 * @forge/bridge: the coordinator adds it (it opens in its edit view), chooses the rollout and the
 * view and saves; the gadget shows the rollout's status with its reason, its charts and their
 * figures; "Refresh" reloads it in place after work moved; the by-department view; French and
 * dark. An outsider is offered no rollout.
 */
import type { FrameLocator } from 'playwright-core';
import type { StrategyDetail } from '../../src/contract';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import { chooseByKeyboard } from '../support/browser';
import { accountIdOf } from '../support/host';
import { browserSession } from './support/session';
import { approveAll } from '../support/rollouts';
import { jiraIssues, makeStrategy, pushPlan } from '../support/strategy';

let detail: StrategyDetail;

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const e2e = browserSession({
  viewport: { width: 1100, height: 1400 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    const today = new Date().toISOString().slice(0, 10);
    detail = await makeStrategy(host, {
      phases: 3,
      sessions: 12,
      tasksPerPhase: 1,
      start: addDays(today, -40),
    });
    await pushPlan(host, detail.rollout.id);
    const anchor = detail.rollout.issue.key;
    await approveAll(host, anchor);
  },
  setUpTimeout: 60_000,
});

async function doneInJira(summary: string): Promise<void> {
  const issue = jiraIssues(
    e2e.host,
    `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`,
  ).find((candidate) =>
    e2e.host.products.jira.issues.getIssue(candidate.key)?.summary.endsWith(summary),
  );
  if (!issue) throw new Error(`No work issue "${summary}"`);
  for (const id of [ROLL_TRANSITIONS.start, ROLL_TRANSITIONS.complete]) {
    const response = await e2e.host.products.handle({
      product: 'jira',
      actor: { kind: 'user', accountId: accountIdOf(e2e.host, 'coordinator') },
      method: 'POST',
      path: `/rest/api/3/issue/${issue.key}/transitions`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transition: { id } }),
    });
    expect(response.status).toBe(204);
  }
  await e2e.host.productEvents.idle();
}

function gadgetFrame(): FrameLocator {
  return e2e.page.locator('.host-gadget iframe').first().contentFrame();
}

describe('the Rollout progress gadget', () => {
  it('is configured in its edit view, then shows the rollout against its plan and refreshes', async () => {
    await e2e.page.goto(`${e2e.url}/jira/dashboard?as=coordinator`);
    let gadget = gadgetFrame();
    await gadget.getByRole('heading', { name: 'Rollout progress settings' }).waitFor();
    await gadget.getByRole('checkbox', { name: /New CRM/u }).check();
    await gadget.getByRole('radio', { name: 'Overview' }).check();
    await chooseByKeyboard(gadget.getByRole('combobox', { name: 'Refresh' }), 'Every 15 minutes');
    await gadget.getByRole('button', { name: 'Save' }).click();

    // The dashboard's address does not change on save: wait for the page it reloads into, which
    // carries the saved refresh interval (the edit view has none).
    await e2e.page.waitForURL(/\/jira\/dashboard\?as=coordinator$/u);
    await e2e.page.locator('.host-gadget[data-refresh-minutes="15"]').waitFor();
    gadget = gadgetFrame();
    await gadget.getByRole('heading', { name: /New CRM/u }).waitFor();
    await gadget.getByText('Off track', { exact: true }).first().waitFor();
    await gadget
      .getByText(/Pilot in .*: 0 % done, 100 % expected by today/u)
      .first()
      .waitFor();
    await gadget.getByRole('img', { name: /Phases of New CRM on a timeline/u }).waitFor();
    await gadget.getByRole('img', { name: /Burn-up of New CRM: 0 % done/u }).waitFor();
    await gadget.getByText('Show the figures').first().click();
    await gadget.getByRole('table', { name: 'Phases, their dates and their work done' }).waitFor();

    // A session is held in Jira; Refresh reloads the figures in place (the frame stays).
    const done = gadget.locator('.rc-gd-summary dd').first();
    await expect(done.textContent()).resolves.toMatch(/^0 %/u);
    await doneInJira('Session 1');
    await e2e.page.getByRole('button', { name: 'Refresh' }).click();
    await done.filter({ hasNotText: /^0 %/u }).waitFor();
  });

  it('shows the rollout by department, in French and dark', async () => {
    await e2e.page.goto(`${e2e.url}/jira/dashboard?as=coordinator&edit=1&locale=fr-FR&theme=dark`);
    let gadget = gadgetFrame();
    await gadget.getByRole('radio', { name: 'Par service' }).check();
    await gadget.getByRole('button', { name: 'Enregistrer' }).click();
    await e2e.page.waitForURL(/theme=dark$/u);
    gadget = gadgetFrame();
    const table = gadget.getByRole('table', { name: 'New CRM par service' });
    await table.getByRole('rowheader', { name: 'Sales' }).waitFor();
    await gadget.getByText('En retard', { exact: true }).first().waitFor();
    await expect(gadget.locator('html').getAttribute('data-color-mode')).resolves.toBe('dark');
  });

  it('offers an outsider no rollout to follow', async () => {
    await e2e.page.goto(`${e2e.url}/jira/dashboard?as=outsider&edit=1`);
    await gadgetFrame()
      .getByText('No rollout you can see is awaiting approval or under way.')
      .waitFor();
  });
});
