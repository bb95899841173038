/**
 * A new strategy's page and issue in Chromium, on the local host's pages with the real
 * @forge/bridge: the coordinator creates a strategy from the ROLL space's "Rollouts" page; the
 * first attempt meets Confluence failing to make the page after the Jira issue was made, and the
 * flow says which issue exists and what to do; "Try again" finishes it with that same issue. The
 * page, opened from the strategy, reads "Version 1" (written once, with the issue's key), and the
 * issue's description links the page.
 */
import type { FrameLocator } from 'playwright-core';
import { chooseByKeyboard, fillDate } from '../support/browser';
import { jiraIssues } from '../support/strategy';
import { browserSession } from './support/session';

const e2e = browserSession({
  viewport: { width: 1280, height: 1400 },
  actionTimeout: 10_000,
});

const TITLE = 'Expense tool for every team';

function url(path: string): string {
  return `${e2e.url}${path}`;
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

async function next(app: FrameLocator, heading: string): Promise<void> {
  await app.getByRole('button', { name: 'Next', exact: true }).click();
  await app.getByRole('heading', { name: heading, exact: false }).waitFor();
}

/** The app's anchor issues, as Jira's search finds them by the app's property. */
function anchorKeys(): string[] {
  return jiraIssues(e2e.host, 'rolloutRole = "anchor"').map((issue) => issue.key);
}

describe('a new strategy', () => {
  it('says which issue exists when its page fails, finishes on retry, and its page reads Version 1 with the issue linked', async () => {
    await e2e.page.goto(url('/confluence/space/ROLL/rollouts?as=coordinator&locale=en-US'));
    const app = e2e.page.frameLocator('iframe.host-frame');
    await app.getByRole('button', { name: 'New rollout strategy' }).click();
    await app.getByLabel('Title', { exact: true }).fill(TITLE);
    await app.getByLabel('Objective').fill('Every team files its expenses in the new tool.');
    await fillDate(app.getByLabel('Go-live date'), day(40));
    await chooseByKeyboard(app.getByLabel('Jira project for the work'), 'Company rollouts (ROLL)');
    await next(app, 'Step 2 of 6: Departments');
    await app.getByRole('checkbox', { name: 'Sales', exact: true }).check();
    await next(app, 'Step 3 of 6: Phases');
    await app.getByLabel('Name', { exact: true }).fill('Training');
    await fillDate(app.getByLabel('Start', { exact: true }), day(5));
    await fillDate(app.getByLabel('End', { exact: true }), day(35));
    await next(app, 'Step 4 of 6: Sessions');
    await next(app, 'Step 5 of 6: Targets');
    await next(app, 'Step 6 of 6: Review');

    const before = new Set(anchorKeys());
    // Confluence refuses the next page creation: the issue exists already (it comes first).
    e2e.host.products.faults.add({
      product: 'confluence',
      method: 'POST',
      pathPattern: '^/wiki/api/v2/pages$',
      kind: 'status500',
      times: 1,
    });
    await app.getByRole('button', { name: 'Create the strategy' }).click();
    const made = anchorKeys().filter((key) => !before.has(key));
    expect(made).toHaveLength(1);
    const key = made[0] ?? '';
    await app
      .getByText(
        `Confluence could not create the strategy page. The Jira issue ${key} was created and stays with your draft`,
        { exact: false },
      )
      .waitFor();
    // What exists so far: the rollout and its issue, no page.
    const checklist = app.getByRole('list', { name: 'What exists so far' });
    await checklist.getByText('Strategy page written in Confluence, not yet').waitFor();

    await app.getByRole('button', { name: 'Try again' }).click();
    await app.getByRole('heading', { level: 1, name: TITLE }).waitFor({ timeout: 20_000 });
    // The same issue, not a second one.
    expect(anchorKeys().filter((candidate) => !before.has(candidate))).toEqual([key]);
    await app.getByRole('link', { name: `Open ${key} in Jira` }).waitFor();

    // The page, as Confluence shows it: written once, so at version 1, naming its issue.
    await app
      .getByRole('link', { name: `Open the strategy page “Rollout strategy: ${TITLE}”` })
      .click();
    const page = e2e.page;
    await page.locator('h1.host-page-title', { hasText: `Rollout strategy: ${TITLE}` }).waitFor();
    await expect(page.locator('.host-page-meta').textContent()).resolves.toBe('Version 1');
    await expect(page.locator('.host-page-body').textContent()).resolves.toContain(key);
    const pageId = (await page.locator('main.host-confluence').getAttribute('data-page-id')) ?? '';
    expect(pageId).not.toBe('');

    // The issue, as Jira shows it: its description links the page.
    await page.goto(url(`/jira/issue/${key}?as=coordinator&locale=en-US`));
    const description = page.getByTestId('issue-description');
    await description.getByRole('link', { name: `Rollout strategy: ${TITLE}` }).waitFor();
    await expect(
      description.getByRole('link', { name: `Rollout strategy: ${TITLE}` }).getAttribute('href'),
    ).resolves.toContain(`/pages/${pageId}`);
  });
});
