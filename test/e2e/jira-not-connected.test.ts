/**
 * The app opened in Confluence before it reaches Jira, in Chromium: the installation is switched
 * to Confluence only (`POST /__forge/installation`, as `npm start -- --installed-in confluence`),
 * and every Confluence surface says, in the user's language, that Jira must be connected first:
 * no stack trace, no empty frame. Connecting Jira again brings the page back.
 */
import type { FrameLocator } from 'playwright-core';
import { browserSession } from './support/session';
import { makeStrategy } from '../support/strategy';

let strategyPageId: string;

const ENGLISH = {
  title: 'Rollout Coordinator is not connected to Jira yet',
  body: 'Ask a site administrator to install Rollout Coordinator in Jira, then to connect Confluence to it',
};
const FRENCH = {
  title: "Rollout Coordinator n'est pas encore connecté à Jira",
  body: "Demandez à un administrateur du site d'installer Rollout Coordinator dans Jira",
};

const e2e = browserSession({
  viewport: { width: 1280, height: 900 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    // A strategy page with the Rollout status macro, made while Jira was still connected.
    strategyPageId = (await makeStrategy(host, { title: 'Travel policy' })).page?.id ?? '';
  },
});

beforeEach(async () => {
  await setInstalledIn(['confluence']);
});

async function setInstalledIn(products: string[]): Promise<void> {
  const response = await fetch(`${e2e.url}/__forge/installation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ installedIn: products }),
  });
  expect(response.status).toBe(200);
}

async function expectNotConnected(app: FrameLocator, words: typeof ENGLISH): Promise<void> {
  const heading = app.getByText(words.title, { exact: true });
  await heading.waitFor();
  await expect(app.getByText(words.body, { exact: false }).isVisible()).resolves.toBe(true);
  await expect(app.locator('body').innerText()).resolves.not.toMatch(/\bat \w+ \(|Error:/u);
}

describe('Confluence before Jira is connected', () => {
  it('the Rollouts page says so, in English', async () => {
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/rollouts?as=coordinator&locale=en-US`);
    await expectNotConnected(e2e.page.frameLocator('iframe.host-frame'), ENGLISH);
  });

  it('the template settings say so, in French', async () => {
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/settings?as=coordinator&locale=fr-FR`);
    await expectNotConnected(e2e.page.frameLocator('iframe.host-frame'), FRENCH);
  });

  it('the Rollout status macro on a strategy page says so, and recovers once Jira is connected', async () => {
    await e2e.page.goto(`${e2e.url}/confluence/page/${strategyPageId}?as=coordinator&locale=en-US`);
    const macro = e2e.page.frameLocator('iframe.host-macro-frame');
    await expectNotConnected(macro, ENGLISH);

    await setInstalledIn(['jira', 'confluence']);
    await macro.getByRole('button', { name: 'Try again' }).click();
    await macro.getByText('Travel policy').first().waitFor();
    await expect(macro.getByText(ENGLISH.title).count()).resolves.toBe(0);
  });
});
