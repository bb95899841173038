/**
 * Accessibility checked by a machine: axe-core (through @axe-core/playwright, which analyses the
 * host page and every app iframe in it) on every surface of the app, in English and French, in
 * the light and the dark theme, against the demo company with its rollouts (the `npm start`
 * seed, so every surface shows real data). The bar is the issue's: no serious or critical
 * violation of WCAG 2.1 A and AA. What a violation names (rule, impact, the element) is in the
 * failure message, so a regression says where it is.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { DEMO_ROLLOUT_TITLE } from '../../local/seed/rollout';
import { browserSession } from './support/session';

const e2e = browserSession({
  viewport: { width: 1280, height: 900 },
  host: { rolloutInProgress: true },
  context: true,
  setUpTimeout: 120_000,
});

interface Surface {
  name: string;
  path: () => string;
  as: string;
  /** What to do once the page is there (open a disclosure…), before the check. */
  prepare?: (page: Page) => Promise<void>;
}

function strategyPageId(): number {
  const store = e2e.host.products.confluence;
  const space = store.spaces.getSpaceByKey('ROLL');
  const found = store.pages
    .listPages({ spaceIds: space ? [space.id] : [], statuses: ['current'], limit: 250 })
    .find((candidate) => candidate.title.includes(DEMO_ROLLOUT_TITLE));
  if (!found) throw new Error('The seeded strategy page is missing');
  return found.id;
}

function policyPageId(): number {
  const store = e2e.host.products.confluence;
  const space = store.spaces.getSpaceByKey('ROLL');
  const found = store.pages
    .listPages({ spaceIds: space ? [space.id] : [], statuses: ['current'], limit: 250 })
    .find((candidate) => candidate.title === 'Expense policy 2026');
  if (!found) throw new Error('The seeded policy page is missing');
  return found.id;
}

/** Opens the policy byline's dialog and waits for its heading. */
async function openPolicyByline(p: Page): Promise<void> {
  await p.locator('.host-byline-item[data-byline-key="rollout-policy-byline"]').click();
  await p.frameLocator('.host-macro-dialog iframe').getByRole('heading').first().waitFor();
}

const SURFACES: readonly Surface[] = [
  { name: 'Jira admin page', path: () => '/jira/admin', as: 'admin' },
  // As an employee of Finance: its sessions, the open pulse and the policy fill the sections.
  { name: 'Jira Apps › My rollouts', path: () => '/jira/apps/my-rollouts', as: 'employee' },
  {
    name: 'Approvals panel of an approved rollout (ROLL-1)',
    path: () => '/jira/issue/ROLL-1',
    as: 'coordinator',
  },
  {
    name: 'Rollout and Approvals panels of the rollout in progress (ROLL-2)',
    path: () => '/jira/issue/ROLL-2',
    as: 'coordinator',
  },
  {
    name: 'a session’s Rollout panel and "Raise a problem" (ROLL-11)',
    path: () => '/jira/issue/ROLL-11',
    as: 'employee',
    prepare: async (p) => {
      await p.locator('[data-module-key="rollout-raise-problem"] summary').click();
      await p
        .frameLocator('[data-module-key="rollout-raise-problem"] iframe')
        .getByRole('heading')
        .first()
        .waitFor();
    },
  },
  {
    name: 'dashboard with the Rollout progress gadget',
    path: () => '/jira/dashboard',
    as: 'coordinator',
  },
  {
    name: 'Confluence space page',
    path: () => '/confluence/space/ROLL/rollouts',
    as: 'coordinator',
  },
  {
    // As an employee of an asked department: the pulse macro shows its questions (the
    // coordinator, in no asked department's group, reads only why they are not asked).
    name: 'strategy page with its macros',
    path: () => `/confluence/page/${String(strategyPageId())}`,
    as: 'employee',
  },
  {
    name: 'policy page’s byline, as someone asked to acknowledge',
    path: () => `/confluence/page/${String(policyPageId())}`,
    as: 'head-sales',
    prepare: openPolicyByline,
  },
  {
    name: 'policy page’s byline, as the coordinator',
    path: () => `/confluence/page/${String(policyPageId())}`,
    as: 'coordinator',
    prepare: openPolicyByline,
  },
  { name: 'space settings', path: () => '/confluence/space/ROLL/settings', as: 'coordinator' },
  { name: 'Confluence settings', path: () => '/confluence/settings', as: 'admin' },
];

const VARIANTS = [
  { locale: 'en-US', theme: 'light' },
  { locale: 'fr-FR', theme: 'light' },
  { locale: 'en-US', theme: 'dark' },
  { locale: 'fr-FR', theme: 'dark' },
] as const;

/**
 * Waits until every visible app iframe on the page has drawn its content: a heading, which each
 * surface shows once its first answer is in (its loading state has none), or a link (the
 * Approvals panel of an issue that is not a rollout's anchor points to the anchor, with no
 * heading of its own).
 */
async function settled(p: Page): Promise<void> {
  const frames = p.locator('iframe[src^="/app/"]');
  const count = await frames.count();
  for (let i = 0; i < count; i += 1) {
    const frame = frames.nth(i);
    if (!(await frame.isVisible())) continue;
    await frame
      .contentFrame()
      .locator('h1, h2, h3, h4, h5, h6, [role="heading"], a[href]')
      .first()
      .waitFor({ timeout: 20_000 });
  }
  // Let React draw what the last answers brought.
  await p.waitForTimeout(300);
}

interface Found {
  rule: string;
  impact: string;
  where: string[];
  help: string;
}

async function seriousViolations(p: Page): Promise<Found[]> {
  const results = await new AxeBuilder({ page: p })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      where: v.nodes.slice(0, 5).map((n) => `${n.target.join(' >> ')}: ${n.failureSummary ?? ''}`),
    }));
}

describe('axe-core on every surface, in both languages and both themes', () => {
  const cases = SURFACES.flatMap((surface) => VARIANTS.map((variant) => ({ surface, ...variant })));
  it.each(cases.map((c) => [`${c.surface.name}, ${c.locale}, ${c.theme}`, c] as const))(
    '%s: no serious or critical violation',
    async (_label, { surface, locale, theme }) => {
      const query = new URLSearchParams({ as: surface.as, locale, theme });
      await e2e.page.goto(`${e2e.url}${surface.path()}?${query.toString()}`);
      await settled(e2e.page);
      await surface.prepare?.(e2e.page);
      await settled(e2e.page);
      // Each app frame checked is one that drew: the check is not run on an empty page.
      expect(await e2e.page.locator('iframe[src^="/app/"]').count()).toBeGreaterThan(0);
      expect(await seriousViolations(e2e.page)).toEqual([]);
    },
    120_000,
  );
});
