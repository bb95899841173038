/**
 * The space's list of rollout strategies in Chromium: one heading (the host does not repeat the
 * page's title above the app's), and a rollout's name that reads as a link and opens it.
 */
import { browserSession } from './support/session';
import { makeStrategy } from '../support/strategy';

/** The browser's getComputedStyle, which the tests' Node types do not declare. */
interface StyleWindow {
  getComputedStyle: (element: unknown) => {
    color: string;
    getPropertyValue: (name: string) => string;
  };
}

const e2e = browserSession({
  viewport: { width: 1200, height: 900 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    await makeStrategy(host, { title: 'New CRM' });
  },
  setUpTimeout: 60_000,
});

describe('the space’s rollout list', () => {
  it('has one heading and names that read as links', async () => {
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/rollouts?as=coordinator&locale=en-US`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    const name = app.getByRole('button', { name: 'Open the strategy New CRM' });
    await name.waitFor();
    await expect(e2e.page.locator('h1').count()).resolves.toBe(0);
    await expect(app.getByRole('heading', { level: 1 }).allTextContents()).resolves.toEqual([
      'Rollouts in Company rollouts',
    ]);

    // Drawn as a link: the link colour, no button box; underlined under the pointer.
    const style = (property: string) =>
      name.evaluate(
        (element, prop) =>
          (globalThis as unknown as StyleWindow).getComputedStyle(element).getPropertyValue(prop),
        property,
      );
    const linkColour = await app
      .locator('html')
      .evaluate((root) =>
        (globalThis as unknown as StyleWindow)
          .getComputedStyle(root)
          .getPropertyValue('--ds-link')
          .trim(),
      );
    expect(linkColour).not.toBe('');
    await expect(style('background-color')).resolves.toBe('rgba(0, 0, 0, 0)');
    const colour = await style('color');
    await name.hover();
    await expect(style('text-decoration-line')).resolves.toBe('underline');
    expect(colour).not.toBe(
      await app
        .locator('body')
        .evaluate((b) => (globalThis as unknown as StyleWindow).getComputedStyle(b).color),
    );

    await name.click();
    await app.getByRole('heading', { name: 'New CRM' }).first().waitFor();
  });
});
