/**
 * The admin page in Chromium warns about a head who cannot open a rollout their department is
 * in: an admin makes the outsider (Riley Stone, who may not browse ROLL) head of a new
 * department, Legal; once a rollout names Legal, the directory says so when it is listed again,
 * in English and in French.
 */
import type { FrameLocator } from 'playwright-core';
import { adminPage, call, ok } from '../support/host';
import { addIssue, makeRollout, uuid } from '../support/rollouts';
import { browserSession } from './support/session';

const e2e = browserSession({ viewport: { width: 1200, height: 900 }, actionTimeout: 20_000 });

async function openAdmin(query: string): Promise<FrameLocator> {
  await e2e.page.goto(`${e2e.url}/jira/admin?${query}`);
  const app = e2e.page.frameLocator('iframe.host-frame');
  await app.getByRole('table').waitFor();
  return app;
}

describe('the directory’s access warning', () => {
  it('names a head who cannot open a rollout of their department, when the page lists it', async () => {
    let app = await openAdmin('as=admin');
    await app.getByLabel('Department name').fill('Legal');
    await app.getByLabel('Head', { exact: true }).fill('riley');
    await app.getByRole('option', { name: 'Riley Stone' }).click();
    await app.getByRole('button', { name: 'Add department' }).click();
    await app.getByRole('row', { name: /Legal/ }).waitFor();
    // No rollout names Legal yet: nothing to warn about.
    await expect(app.getByText(/cannot open/).count()).resolves.toBe(0);

    const directory = await ok(call(adminPage(e2e.host), 'admin', 'directory/list', {}));
    const legal = directory.departments.find((d) => d.name === 'Legal');
    if (!legal) throw new Error('Legal was not added');
    const issueKey = addIssue(e2e.host, 'Legal handbook');
    await makeRollout(e2e.host, {
      issueKey,
      requestId: uuid(501),
      departments: [{ department: legal.id }],
    });

    app = await openAdmin('as=admin');
    const warning = app.getByText(
      `Riley Stone cannot open ${issueKey}, a rollout Legal is in, so they could never approve it.`,
      { exact: false },
    );
    await warning.waitFor();

    app = await openAdmin('as=admin&locale=fr-FR');
    await app
      .getByText(
        `Riley Stone ne peut pas ouvrir ${issueKey}, un déploiement dont Legal fait partie`,
        {
          exact: false,
        },
      )
      .waitFor();
  }, 120_000);
});
