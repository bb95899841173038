/**
 * Confirmations a sighted user sees: the app's `showFlag` (the real @forge/bridge) shows a flag in
 * the host page's flag group, as Jira and Confluence do, with its title, its type, a dismiss
 * button, its actions (whose callbacks run back in the app's frame) and auto-dismissal.
 */
import type { Frame } from 'playwright-core';
import { browserSession } from './support/session';

const e2e = browserSession({
  viewport: { width: 1200, height: 900 },
});

/** The app's frame on the page (the admin page has one). */
function appFrame(): Frame {
  const frame = e2e.page.frames().find((candidate) => candidate !== e2e.page.mainFrame());
  if (!frame) throw new Error('No app frame on the page');
  return frame;
}

describe('flags', () => {
  it('confirms a saved change with a visible flag the user can dismiss', async () => {
    await e2e.page.goto(`${e2e.url}/jira/admin?as=admin`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    await app.getByRole('heading', { name: 'Approval settings' }).waitFor();
    await app.getByLabel('Remind after (days)').fill('4');
    await app.getByRole('button', { name: 'Save settings' }).click();

    const flags = e2e.page.getByRole('region', { name: 'Notifications' });
    const flag = flags.getByRole('group', { name: 'The approval settings were saved.' });
    await flag.waitFor();
    await expect(flag.getAttribute('data-flag-type')).resolves.toBe('success');
    // In view, at the bottom left of the page, outside the app's frame.
    const box = await flag.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.x ?? -1).toBeLessThan(100);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeGreaterThan(900 - 100);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(900);

    await flag.getByRole('button', { name: 'Dismiss' }).click();
    await flag.waitFor({ state: 'detached' });
  });

  it('shows a department added on the admin page, in French too', async () => {
    await e2e.page.goto(`${e2e.url}/jira/admin?as=admin&locale=fr-FR`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    await app.getByRole('table').waitFor();
    await app.getByLabel('Nom du service').fill('Juridique');
    await app.getByLabel('Responsable', { exact: true }).fill('riley');
    await app.getByRole('option', { name: 'Riley Stone' }).click();
    await app.getByRole('button', { name: 'Ajouter le service' }).click();
    const flag = e2e.page
      .getByRole('region', { name: 'Notifications' })
      .getByRole('group', { name: /Juridique/ });
    await flag.waitFor();
    await flag.getByRole('button', { name: 'Fermer' }).waitFor();
  });

  it('runs a flag action in the app, closes it from the app, and auto-dismisses', async () => {
    await e2e.page.goto(`${e2e.url}/jira/admin?as=admin`);
    await e2e.page.frameLocator('iframe.host-frame').getByRole('table').waitFor();
    const frame = appFrame();
    // The app's own @forge/bridge calls window.__bridge.callBridge the same way.
    await frame.evaluate(() => {
      const bridge = (
        globalThis as unknown as {
          __bridge: { callBridge: (cmd: string, payload: unknown) => Promise<unknown> };
        }
      ).__bridge;
      const said: string[] = [];
      (globalThis as unknown as { said: string[] }).said = said;
      void bridge.callBridge('showFlag', {
        id: 'undo',
        title: 'Moved',
        description: 'The phase moved a week.',
        type: 'info',
        appearance: 'warning',
        actions: [{ text: 'Undo', onClick: () => said.push('undo') }],
      });
      void bridge.callBridge('showFlag', { id: 7, title: 'Goes away', isAutoDismiss: true });
    });
    const flags = e2e.page.getByRole('region', { name: 'Notifications' });
    const bold = flags.getByRole('group', { name: 'Moved' });
    await bold.getByText('The phase moved a week.').waitFor();
    await expect(bold.getAttribute('data-flag-type')).resolves.toBe('warning');
    // A bold flag has no dismiss button: its actions or the app close it.
    await expect(bold.getByRole('button', { name: 'Dismiss' }).count()).resolves.toBe(0);
    await bold.getByRole('button', { name: 'Undo' }).click();
    await frame.waitForFunction(
      () => (globalThis as unknown as { said: string[] }).said.length > 0,
    );
    await expect(
      frame.evaluate(() => (globalThis as unknown as { said: string[] }).said),
    ).resolves.toEqual(['undo']);
    await frame.evaluate(() =>
      (
        globalThis as unknown as {
          __bridge: { callBridge: (cmd: string, payload: unknown) => Promise<unknown> };
        }
      ).__bridge.callBridge('closeFlag', { id: 'undo' }),
    );
    await bold.waitFor({ state: 'detached' });
    // Auto-dismissed after 8 seconds, once the pointer is off the flags (it holds a flag).
    await e2e.page.mouse.move(600, 10);
    const auto = flags.getByRole('group', { name: 'Goes away' });
    await auto.waitFor({ state: 'detached', timeout: 12_000 });
  }, 30_000);
});
