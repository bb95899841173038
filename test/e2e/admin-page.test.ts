/**
 * The admin page in Chromium, through the local host's Jira page and the real @forge/bridge:
 * an admin adds, validates and removes departments; anyone else meets Jira's no-permission
 * page (and the app, loaded anyway, is read-only); French; dark.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { encodeFrame } from '../../local/http/frame';
import { browserSession } from './support/session';

const e2e = browserSession({
  viewport: { width: 1200, height: 900 },
});

async function openAdmin(query: string): Promise<FrameLocator> {
  await e2e.page.goto(`${e2e.url}/jira/admin?${query}`);
  const app = e2e.page.frameLocator('iframe.host-frame');
  await app.getByRole('table').waitFor();
  return app;
}

async function pickUser(app: FrameLocator, field: string, search: string, name: string) {
  const input = app.getByLabel(field, { exact: true });
  await input.fill(search);
  await app.getByRole('option', { name }).click();
}

describe('admin page', () => {
  it('lets an admin add a department with a head, refuse bad input, and remove it', async () => {
    const app = await openAdmin('as=admin');
    await expect(app.getByRole('row').count()).resolves.toBe(5);

    await app.getByRole('button', { name: 'Add department' }).click();
    await app.getByText("Enter the department's name.").waitFor();
    await app.getByText('Choose the head of the department.').waitFor();

    await app.getByLabel('Department name').fill('sales');
    await pickUser(app, 'Head', 'riley', 'Riley Stone');
    await app.getByRole('button', { name: 'Add department' }).click();
    await app.getByText('A department named “sales” already exists.').waitFor();

    await app.getByLabel('Department name').fill('Legal');
    await pickUser(app, 'Default delegate', 'marc', 'Marcus Chen');
    await app.getByRole('button', { name: 'Add department' }).click();
    const legal = app.getByRole('row', { name: /Legal/ });
    await legal.waitFor();
    await expect(legal.getByRole('cell').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['Riley Stone', 'Marcus Chen']),
    );
    await app.getByRole('status').filter({ hasText: 'Legal was added.' }).waitFor();
    mkdirSync('test-results', { recursive: true });
    await e2e.page.screenshot({ path: join('test-results', 'admin-page.png') });

    await app.getByRole('button', { name: 'Remove Legal' }).click();
    await app.getByRole('button', { name: 'Yes, remove Legal' }).click();
    await legal.waitFor({ state: 'detached' });
    await expect(app.getByRole('row').count()).resolves.toBe(5);
  });

  it('gives a coordinator Jira’s no-permission page, and the app read-only if loaded anyway', async () => {
    // Jira's administration is for Jira administrators: no app iframe for anyone else…
    await e2e.page.goto(`${e2e.url}/jira/admin?as=coordinator`);
    await e2e.page.getByTestId('no-permission').waitFor();
    await e2e.page.getByRole('heading', { name: 'You don’t have access to this page' }).waitFor();
    await expect(e2e.page.locator('iframe').count()).resolves.toBe(0);
    // …and the admin page itself, loaded for them anyway, lets them change nothing.
    await e2e.page.goto(
      `${e2e.url}/app/main/index.html?frame=${encodeFrame({ moduleKey: 'rollout-admin', as: 'coordinator', theme: 'light', extension: {} })}`,
    );
    await e2e.page
      .getByText('Only Jira administrators can change the directory.', { exact: false })
      .waitFor();
    await expect(e2e.page.getByRole('row').count()).resolves.toBe(5);
    await expect(
      e2e.page.getByRole('button', { name: /Edit|Remove|Add department/ }).count(),
    ).resolves.toBe(0);
  });

  it('speaks French when the context says fr-FR', async () => {
    const app = await openAdmin('as=admin&locale=fr-FR');
    await app.getByRole('heading', { name: 'Services et responsables' }).waitFor();
    await app.getByRole('columnheader', { name: 'Responsable' }).waitFor();
    await expect(app.locator('html').getAttribute('lang')).resolves.toBe('fr');
  });

  it('follows the dark theme with design tokens', async () => {
    await openAdmin('as=admin&theme=dark');
    const frame = e2e.page.frames().find((candidate) => candidate.url().includes('/app/'));
    if (!frame) throw new Error('no app frame');
    await expect(
      frame.evaluate<string | undefined>('document.documentElement.dataset.colorMode'),
    ).resolves.toBe('dark');
    const background = await frame.evaluate<string>(
      'getComputedStyle(document.body).backgroundColor',
    );
    const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
    // Dark surface: every channel well below mid-grey.
    expect(Math.max(r, g, b)).toBeLessThan(80);
  });
});
