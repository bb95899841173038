/**
 * Suggested adjustments on the anchor's Rollout panel, in Chromium on the local host's issue
 * page: the coordinator reads why a phase of an approved plan behind it calls for a change, dismisses one with a
 * reason and accepts the other in one click, in English and in French; an employee sees none.
 */
import type { FrameLocator } from 'playwright-core';
import { kvs } from '@forge/kvs';
import type { StrategyDetail } from '../../src/contract';
import type { Rollout } from '../../src/domain/rollout';
import { approveAll } from '../support/rollouts';
import { browserSession } from './support/session';
import { makeStrategy } from '../support/strategy';

let detail: StrategyDetail;

function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const e2e = browserSession({
  viewport: { width: 1100, height: 1600 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    // One phase started 20 days ago, none of its work done: behind plan.
    detail = await makeStrategy(host, {
      phases: 1,
      sessions: 2,
      tasksPerPhase: 2,
      start: daysFromToday(-20),
    });
    // Approved by every head: a draft is behind nothing.
    const anchor = detail.rollout.issue.key;
    await approveAll(host, anchor);
  },
  setUpTimeout: 60_000,
});

async function openAnchor(as: string, locale = 'en-US'): Promise<FrameLocator> {
  await e2e.page.goto(
    `${e2e.url}/jira/issue/${detail.rollout.issue.key}?as=${as}&locale=${locale}`,
  );
  const panel = e2e.page.frameLocator('[data-module-key="rollout-panel"] iframe.host-panel-frame');
  await panel.getByRole('heading', { level: 2 }).first().waitFor();
  return panel;
}

it('dismisses one suggestion with a reason and accepts another, which extends the phase', async () => {
  let panel = await openAnchor('coordinator');
  await panel.getByRole('heading', { name: 'Suggested adjustments' }).waitFor();
  await panel
    .getByText(/Pilot: 0% done, \d+% expected by today\./u)
    .first()
    .waitFor();

  await panel.getByRole('button', { name: 'Dismiss: Add support hours' }).click();
  await panel.getByRole('button', { name: 'Dismiss with this reason' }).click();
  await panel.getByText('Give a reason: it is kept in the history.').waitFor();
  await panel.getByLabel('Why dismiss it?').fill('The team lead already runs support.');
  await panel.getByRole('button', { name: 'Dismiss with this reason' }).click();
  await panel.getByRole('status').filter({ hasText: 'Suggestion dismissed' }).waitFor();
  await panel.getByText(/Dismissed by .*: The team lead already runs support\./u).waitFor();

  const endBefore = (await kvs.entity<Rollout>('rollout').get(detail.rollout.id))?.phases[0]?.end;
  await panel.getByRole('button', { name: 'Accept: Extend the phase' }).click();
  await panel.getByRole('status').filter({ hasText: 'Suggestion accepted' }).waitFor();
  await panel.getByText(/Accepted by /u).waitFor();
  const endAfter = (await kvs.entity<Rollout>('rollout').get(detail.rollout.id))?.phases[0]?.end;
  expect(endAfter).not.toBe(endBefore);

  // In French, the answers of the week read in French.
  panel = await openAnchor('coordinator', 'fr-FR');
  await panel.getByRole('heading', { name: 'Ajustements suggérés' }).waitFor();
  await panel.getByText(/Ignorée par .*: The team lead already runs support\./u).waitFor();

  // An employee sees the rollout, not its suggestions.
  panel = await openAnchor('employee');
  await panel.getByRole('heading', { name: 'Approvals' }).waitFor();
  await expect(panel.getByRole('heading', { name: 'Suggested adjustments' }).count()).resolves.toBe(
    0,
  );
}, 120_000);
