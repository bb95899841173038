/**
 * Dates, times and the sessions table as a reader sees them, in Chromium on the local host: the
 * date picker follows the reader's language (French: jj/mm/aaaa, French month names, weeks from
 * Monday) and takes a typed date; a session's start shows in the reader's clock (24-hour in
 * French) and takes a typed time; the sessions of the demo rollout (seeded in progress, as
 * `npm start` does) read at a Jira panel's width and at a Confluence page's, with no field cut
 * short.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';
import { memoryHost } from '../support/host';
import { launchBrowser, watchForViolations } from '../support/browser';

let host: LocalHost;
let browser: Browser;
let page: Page;
let violations: string[];

beforeAll(async () => {
  host = await memoryHost({ port: 0, rolloutInProgress: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await host.close();
});

afterEach(async () => {
  await page.close();
  expect(violations).toEqual([]);
});

async function open(width: number, locale: string): Promise<FrameLocator> {
  page = await browser.newPage({ viewport: { width, height: 1000 } });
  page.setDefaultTimeout(10_000);
  violations = watchForViolations(page);
  await page.goto(
    `${host.url ?? ''}/confluence/space/ROLL/rollouts?as=coordinator&locale=${locale}`,
  );
  const app = page.frameLocator('iframe.host-frame');
  await app.getByRole('heading', { level: 1 }).first().waitFor();
  return app;
}

/** The text a date picker shows (its value, or its placeholder when empty). */
function shown(field: ReturnType<FrameLocator['getByLabel']>) {
  return field.locator('xpath=ancestor::div[@role="presentation"][1]');
}

describe('the date picker', () => {
  it('speaks French to a French reader and takes a typed date', async () => {
    const app = await open(1280, 'fr-FR');
    await app.getByRole('button', { name: 'Nouvelle stratégie de déploiement' }).click();
    const goLive = app.getByLabel('Date de mise en service');
    await expect(shown(goLive).textContent()).resolves.toContain('jj/mm/aaaa');

    // The calendar: French month names, Monday first, French button names.
    await goLive.click();
    const months = new Intl.DateTimeFormat('fr-FR', { month: 'long' });
    await app.getByText(months.format(new Date()), { exact: false }).first().waitFor();
    const days = await app.locator('[role="grid"] [role="columnheader"]').allTextContents();
    expect(days[0]?.toLowerCase()).toMatch(/^lun/u);
    await app.getByRole('button', { name: 'Mois suivant', exact: false }).first().waitFor();

    // Day first, as French readers write it.
    await goLive.fill('31/03/2031');
    await goLive.press('Enter');
    await expect(shown(goLive).textContent()).resolves.toContain('31/03/2031');

    // A date typed then left for another field is kept, not lost. Focus moves to the title as
    // a click would move it: the open calendar can cover the title (it opens upwards when the
    // frame has no room below it), and a click there would land on the calendar.
    await goLive.fill('01/04/2031');
    await app.getByLabel('Titre', { exact: true }).focus();
    await expect(shown(goLive).textContent()).resolves.toContain('01/04/2031');
  });

  it('writes month first for an American reader', async () => {
    const app = await open(1280, 'en-US');
    await app.getByRole('button', { name: 'New rollout strategy' }).click();
    const goLive = app.getByLabel('Go-live date');
    await expect(shown(goLive).textContent()).resolves.toContain('mm/dd/yyyy');
    await goLive.fill('3/31/2031');
    await goLive.press('Enter');
    await expect(shown(goLive).textContent()).resolves.toContain('3/31/2031');
  });
});

describe('the time picker', () => {
  /** The text a time picker shows (its value, or its placeholder when empty). */
  function shownTime(field: ReturnType<FrameLocator['getByLabel']>) {
    return field.locator('xpath=ancestor::div[contains(@class, "-control")][1]');
  }

  /** The demo rollout's plan, at the sessions step of "Edit plan". */
  async function sessionsStep(locale: 'en-US' | 'fr-FR'): Promise<FrameLocator> {
    const fr = locale === 'fr-FR';
    const app = await open(1280, locale);
    await app
      .getByRole('button', {
        name: `${fr ? 'Ouvrir la stratégie' : 'Open the strategy'} Roll out the new expense tool`,
      })
      .click();
    await app.getByRole('button', { name: fr ? 'Modifier le plan' : 'Edit plan' }).click();
    // An approved plan warns first; its button goes on to the form.
    await app
      .getByRole('button', { name: fr ? 'Modifier le plan' : 'Edit the plan' })
      .last()
      .click();
    const steps = app.getByRole('navigation', {
      name: fr ? 'Étapes de la stratégie de déploiement' : 'Steps of the rollout strategy',
    });
    await steps.getByRole('button', { name: 'Sessions', exact: false }).click();
    return app;
  }

  it("shows a session's start in 24-hour time to a French reader and takes 14h30", async () => {
    const app = await sessionsStep('fr-FR');
    const start = app.getByLabel('Heure de début de la session 1', { exact: true });
    await expect(shownTime(start).textContent()).resolves.toContain('09:30');
    // The list offers half hours as French readers write them.
    await start.click();
    await app.getByRole('option', { name: '14:00', exact: true }).waitFor();
    await expect(app.getByText(/\b(AM|PM)\b/u).count()).resolves.toBe(0);
    // A time typed as French readers write it, then left for another field, is kept.
    await start.fill('14h30');
    await app.getByLabel('Heure de début de la session 2', { exact: true }).click();
    await expect(shownTime(start).textContent()).resolves.toContain('14:30');
  });

  it('shows the same start in 12-hour time to an American reader', async () => {
    const app = await sessionsStep('en-US');
    const start = app.getByLabel('Start time of session 1', { exact: true });
    await expect(shownTime(start).textContent()).resolves.toContain('9:30 AM');
  });
});

describe('the sessions of a rollout', () => {
  for (const width of [400, 760]) {
    it(`read at ${String(width)} px: every session under its title, nothing cut`, async () => {
      const app = await open(width, 'en-US');
      await app
        .getByRole('button', { name: 'Open the strategy Roll out the new expense tool' })
        .click();
      const table = app.locator('.rc-st-stacking table').first();
      await table.scrollIntoViewIfNeeded();
      // Stacked: each session a column of its fields, none overflowing its cell or the table
      // (a string: the tests' TypeScript has no DOM types).
      const layout = await table.evaluate<{ row: string; cut: string[] }, undefined>(`(() => {
        const table = document.querySelector('.rc-st-stacking table');
        const right = table.getBoundingClientRect().right;
        const cut = [...table.querySelectorAll('tbody th, tbody td')]
          .filter((cell) => cell.scrollWidth > cell.clientWidth + 1 ||
            cell.getBoundingClientRect().right > right + 1)
          .map((cell) => cell.textContent);
        return { row: getComputedStyle(table.querySelector('tbody tr')).display, cut };
      })()`);
      expect(layout).toEqual({ row: 'flex', cut: [] });
      await page.screenshot({ path: `test-results/sessions-${String(width)}.png` });
    });
  }
});
