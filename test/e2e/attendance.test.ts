/**
 * Attendance in Chromium, on a held session's Jira issue with the real @forge/bridge: the
 * coordinator (who runs the session) sees it flagged as not recorded, picks an attendee with the
 * user picker and saves; the attendee confirms their own attendance in French.
 */
import type { FrameLocator } from 'playwright-core';
import { openRolloutPanel } from '../support/browser';
import { browserSession } from './support/session';
import { jiraIssues, makeStrategy, planIds, pushPlan } from '../support/strategy';

let sessionKey: string;

function daysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const e2e = browserSession({
  viewport: { width: 1100, height: 1400 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    const detail = await makeStrategy(host, { phases: 2, sessions: 2, start: daysFromToday(-10) });
    await pushPlan(host, detail.rollout.id);
    const [issue] = jiraIssues(
      host,
      `rolloutId = "${detail.rollout.id}" AND rolloutPlanItem = "session:${planIds.session(0)}"`,
    );
    if (!issue) throw new Error('no session issue');
    sessionKey = issue.key;
  },
  setUpTimeout: 60_000,
});

const openIssue = (key: string, as: string, locale?: string): Promise<FrameLocator> =>
  openRolloutPanel(e2e.page, e2e.url, key, as, locale);

describe('attendance on a session issue', () => {
  it('is recorded by the owner with the user picker and confirmed by the attendee', async () => {
    let panel = await openIssue(sessionKey, 'coordinator');
    const section = panel.getByRole('region', { name: 'Attendance' });
    await section.getByText('0 of 20 seats').waitFor();
    await section.getByText('its attendance is not recorded yet', { exact: false }).waitFor();

    await section.getByRole('button', { name: 'Record attendance' }).click();
    await section.getByLabel('Add an attendee', { exact: true }).fill('lucas');
    await panel.getByRole('option', { name: 'Lucas Petit' }).click();
    await section.getByRole('button', { name: 'Remove Lucas Petit' }).waitFor();
    await section.getByRole('button', { name: 'Save attendance' }).click();
    await section.getByText('1 of 20 seats').waitFor();
    await panel.getByRole('status').filter({ hasText: 'Attendance saved.' }).waitFor();
    await expect(section.getByRole('listitem').allInnerTexts()).resolves.toEqual(['Lucas Petit']);
    await expect(
      section.getByText('its attendance is not recorded yet', { exact: false }).count(),
    ).resolves.toBe(0);

    panel = await openIssue(sessionKey, 'employee', 'fr-FR');
    const présences = panel.getByRole('region', { name: 'Présences' });
    await présences.getByText('1 sur 20 places').waitFor();
    await présences.getByRole('button', { name: 'J’ai participé à cette session' }).click();
    await présences.getByText('Vous avez confirmé votre présence.').waitFor();
    await présences.getByText('Confirmé', { exact: true }).waitFor();
  });
});
