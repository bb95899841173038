/**
 * The template settings offer one language per locale file the app ships (the list Forge serves
 * beside the UI), each named in itself, the reader's own chosen first; the template is registered
 * in the one chosen.
 */
import type { Browser, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';
import { memoryHost } from '../support/host';
import { launchBrowser, watchForViolations } from '../support/browser';

let host: LocalHost;
let browser: Browser;
let page: Page;
let violations: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
});

beforeEach(async () => {
  host = await memoryHost({ port: 0 });
  page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  page.setDefaultTimeout(10_000);
  violations = watchForViolations(page);
});

afterEach(async () => {
  await page.close();
  await host.close();
  expect(violations).toEqual([]);
});

describe('the template language', () => {
  it('is offered in every shipped language, French chosen for a French reader', async () => {
    await page.goto(`${host.url ?? ''}/confluence/space/ROLL/settings?as=coordinator&locale=fr-FR`);
    const app = page.frameLocator('iframe.host-frame');
    const language = app.getByRole('group', { name: 'Langue du modèle' });
    await language.getByRole('radio').first().waitFor();
    await expect(language.locator('label').allTextContents()).resolves.toEqual([
      'English',
      'Français',
    ]);
    await expect(app.getByRole('radio', { name: 'Français' }).isChecked()).resolves.toBe(true);

    await app.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await app.getByText('Le modèle a été enregistré en Français.').waitFor();
    const confluence = host.products.confluence;
    const space = confluence.spaces.getSpaceByKey('ROLL');
    const { templates } = confluence.templates.listTemplates(space?.id, { start: 0, limit: 10 });
    expect(templates.map((template) => template.name)).toEqual(['Stratégie de déploiement']);
  });

  it('is English for a reader whose language the app does not ship', async () => {
    await page.goto(`${host.url ?? ''}/confluence/space/ROLL/settings?as=coordinator&locale=ja-JP`);
    const app = page.frameLocator('iframe.host-frame');
    await app.getByRole('radio', { name: 'English' }).waitFor();
    await expect(app.getByRole('radio', { name: 'English' }).isChecked()).resolves.toBe(true);
  });
});
