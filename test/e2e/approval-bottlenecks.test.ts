/**
 * Approval bottlenecks in Chromium, on the local host's Jira with the real @forge/bridge: a round
 * in two stages was requested five days ago and Sales approved the first stage four days ago.
 * The anchor's Rollout panel and the progress gadget show the pending approvals by stage and by
 * department, with its head by name, and how long each has waited; Customer Support, waiting past
 * the two-day reminder cadence, is the oldest overdue and highlighted, the second stage not open
 * yet. In French on the panel. Once the first stage is approved, the second stage's clock starts: a day
 * in, nothing is overdue and nothing is highlighted. Customer Support's head is away this week:
 * their row names Chloé Dubois, who decides in their place (a planned delegation); once the second
 * stage opens, Finance's row names its default delegate, Julien Mercier (decision 0059).
 */
import type { FrameLocator, Locator } from 'playwright-core';
import { call, ok } from '../support/host';
import { openRolloutPanel } from '../support/browser';
import { browserSession } from './support/session';
import {
  TWO_STAGES,
  backdateRound,
  day,
  decideAs,
  issuePanel,
  makeRollout,
  requestApproval,
  uuid,
} from '../support/rollouts';

const e2e = browserSession({
  viewport: { width: 1100, height: 1400 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    await makeRollout(host, { departments: TWO_STAGES });
    await requestApproval(host);
    await ok(decideAs(host, 'head-sales', 'Sales', 'approved'));
    await backdateRound(host, 5, { Sales: 4 });
    await ok(
      call(issuePanel(host), 'head-support', 'delegations/add', {
        requestId: uuid(801),
        delegateAccountId: 'rc-demo-user-chloe-dubois',
        from: day(-1),
        to: day(3),
      }),
    );
  },
  setUpTimeout: 60_000,
});

/** An element as the page's window styles it (the tests' TypeScript has no DOM types). */
interface Styled {
  ownerDocument: {
    defaultView: { getComputedStyle(element: Styled): { backgroundColor: string } } | null;
  };
}

/** The highlight is a background of its own: the oldest row's, where the others have none. */
const background = (row: Locator): Promise<string> =>
  row.evaluate(
    (element: Styled) =>
      element.ownerDocument.defaultView?.getComputedStyle(element).backgroundColor ?? 'no window',
  );
const NONE = 'rgba(0, 0, 0, 0)';

/** What a row of the bottlenecks table says, cell by cell. */
async function cells(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allTextContents()).map((text) => text.trim());
}

/** Checks the round as set up: stage 1 waits on Customer Support for 5 days, stage 2 not open. */
async function expectStuckOnSupport(within: FrameLocator): Promise<void> {
  const region = within.getByRole('region', { name: 'Approval bottlenecks' });
  await region.getByRole('heading', { name: 'Approval bottlenecks' }).waitFor();
  await region.getByText('Stage 1: 1 waiting, the oldest for 5 days').waitFor();
  await region.getByText('Stage 2: 2 approvals after the stages before it').waitFor();
  await region
    .getByText('Overdue: waiting 2 days or more, the reminder cadence.', { exact: false })
    .waitFor();

  const rows = region.getByTestId('bottleneck-row');
  await expect(rows.count()).resolves.toBe(3);
  // Each department with its head by name, and who decides in the head's place today.
  await expect(cells(rows.nth(0))).resolves.toEqual([
    'Customer Support',
    'Daniel OkaforStand-in today: Chloé Dubois',
    '1',
    '5 daysOldest, overdue',
  ]);
  await expect(cells(rows.nth(1))).resolves.toEqual([
    'Finance',
    'Élodie Lefèvre',
    '2',
    'Not open yet',
  ]);
  await expect(cells(rows.nth(2))).resolves.toEqual([
    'Operations',
    'Marcus Chen',
    '2',
    'Not open yet',
  ]);
  await region.getByRole('columnheader', { name: 'Department head' }).waitFor();
  // Sales approved: it waits on nobody and is not listed.
  await expect(region.getByRole('rowheader', { name: 'Sales' }).count()).resolves.toBe(0);

  const oldest = region.getByRole('row', { name: /Customer Support/u });
  await expect(oldest.getAttribute('class')).resolves.toContain('rc-bn-oldest');
  await expect(background(oldest)).resolves.not.toBe(NONE);
  await expect(background(rows.nth(1))).resolves.toBe(NONE);
}

function gadgetFrame(): FrameLocator {
  return e2e.page.locator('.host-gadget iframe').first().contentFrame();
}

describe('approval bottlenecks', () => {
  it('shows on the anchor’s Rollout panel by stage and head, the oldest overdue highlighted', async () => {
    const panel = await openRolloutPanel(e2e.page, e2e.url, 'ROLL-1', 'coordinator');
    await panel.getByRole('heading', { name: 'Roll out the new CRM', level: 2 }).waitFor();
    await expectStuckOnSupport(panel);
  });

  it('shows the same on the progress gadget', async () => {
    await e2e.page.goto(`${e2e.url}/jira/dashboard?as=coordinator`);
    let gadget = gadgetFrame();
    await gadget.getByRole('heading', { name: 'Rollout progress settings' }).waitFor();
    await gadget.getByRole('checkbox', { name: /Roll out the new CRM/u }).check();
    await gadget.getByRole('radio', { name: 'Overview' }).check();
    await gadget.getByRole('button', { name: 'Save' }).click();
    await e2e.page.waitForURL(/\/jira\/dashboard\?as=coordinator$/u);
    gadget = gadgetFrame();
    await gadget.getByRole('heading', { name: /Roll out the new CRM/u }).waitFor();
    await expectStuckOnSupport(gadget);
  });

  it('says it in French', async () => {
    const panel = await openRolloutPanel(e2e.page, e2e.url, 'ROLL-1', 'coordinator', 'fr-FR');
    const region = panel.getByRole('region', { name: 'Validations bloquées' });
    await region.getByText('Étape 1 : 1 en attente, la plus ancienne depuis 5 jours').waitFor();
    await region.getByText('La plus ancienne, en retard').waitFor();
    await region.getByText('Pas encore ouverte').first().waitFor();
    await region.getByRole('columnheader', { name: 'Responsable de service' }).waitFor();
    await region.getByRole('cell', { name: 'Daniel Okafor' }).waitFor();
    await region.getByText('Délégué aujourd’hui : Chloé Dubois', { exact: true }).waitFor();
  });

  it('highlights nothing while the open stage waits less than the cadence', async () => {
    await ok(decideAs(e2e.host, 'head-support', 'Customer Support', 'approved'));
    // The second stage opened when Customer Support approved, a day ago.
    await backdateRound(e2e.host, 5, { Sales: 4, 'Customer Support': 1 });
    const panel = await openRolloutPanel(e2e.page, e2e.url, 'ROLL-1', 'coordinator');
    const region = panel.getByRole('region', { name: 'Approval bottlenecks' });
    await region.getByText('Stage 2: 2 waiting, the oldest for 1 day').waitFor();
    const rows = region.getByTestId('bottleneck-row');
    await expect(rows.count()).resolves.toBe(2);
    // Finance's head planned nothing: the directory's default delegate stands in.
    await expect(cells(rows.nth(0))).resolves.toEqual([
      'Finance',
      'Élodie LefèvreStand-in today: Julien Mercier',
      '2',
      '1 day',
    ]);
    await expect(cells(rows.nth(1))).resolves.toEqual(['Operations', 'Marcus Chen', '2', '1 day']);
    await expect(region.getByText('Overdue', { exact: true }).count()).resolves.toBe(0);
    await expect(region.locator('.rc-bn-oldest').count()).resolves.toBe(0);
  });
});
