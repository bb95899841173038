/**
 * Refusals and discards in Chromium, on the local host's pages with the real @forge/bridge: the
 * strategy flow refuses a title whose page exists as soon as its first step is left; a strategy
 * is discarded from the Rollouts list, and a rollout from the Approvals panel, each after a
 * question that says what is kept.
 */
import type { FrameLocator } from 'playwright-core';
import { call, ok } from '../support/host';
import { chooseByKeyboard, fillDate } from '../support/browser';
import { browserSession } from './support/session';
import { spaceExtension, strategyPayload } from '../support/strategy';
import { plan, ALL_FOUR, uuid } from '../support/rollouts';

const e2e = browserSession({
  viewport: { width: 1280, height: 1400 },
  actionTimeout: 10_000,
});

function url(path: string): string {
  return `${e2e.url}${path}`;
}

async function openRollouts(): Promise<FrameLocator> {
  await e2e.page.goto(url('/confluence/space/ROLL/rollouts?as=coordinator&locale=en-US'));
  const app = e2e.page.frameLocator('iframe.host-frame');
  await app.getByRole('heading', { level: 1 }).first().waitFor();
  return app;
}

describe('the strategy flow', () => {
  it('refuses a title whose page exists when its first step is left', async () => {
    const space = e2e.host.products.confluence.spaces.getSpaceByKey('ROLL');
    e2e.host.products.confluence.pages.createPage({
      spaceId: space?.id ?? 0,
      title: 'Rollout strategy: Taken title',
      body: '<p>Someone else’s notes</p>',
      authorId: 'rc-demo-admin',
    });
    const app = await openRollouts();
    await app.getByRole('button', { name: 'New rollout strategy' }).click();
    await app.getByLabel('Title', { exact: true }).fill('Taken title');
    await app.getByLabel('Objective').fill('Everyone uses the new CRM.');
    await fillDate(app.getByLabel('Go-live date'), '2031-03-01');
    await chooseByKeyboard(app.getByLabel('Jira project for the work'), 'Company rollouts (ROLL)');
    await app.getByRole('button', { name: 'Next', exact: true }).click();
    await app
      .getByText(
        'A page titled “Rollout strategy: Taken title” already exists in this space. Give the rollout another title.',
      )
      .waitFor();
    await app.getByRole('heading', { name: 'Step 1 of 6: What and when' }).waitFor();
    await app.getByLabel('Title', { exact: true }).fill('Free title');
    await app.getByRole('button', { name: 'Next', exact: true }).click();
    await app.getByRole('heading', { name: 'Step 2 of 6: Departments' }).waitFor();
  });
});

describe('discarding', () => {
  it('a strategy from the Rollouts list, after saying what is kept', async () => {
    await ok(
      call(
        { host: e2e.host, moduleKey: 'rollout-strategies', extension: spaceExtension(e2e.host) },
        'coordinator',
        'strategy/create',
        strategyPayload({ requestId: uuid(880), title: 'Pilot to drop' }),
      ),
    );
    const app = await openRollouts();
    await app.getByRole('button', { name: 'Discard the rollout Pilot to drop' }).click();
    await app.getByRole('heading', { name: 'Discard “Pilot to drop”?' }).waitFor();
    await app
      .getByText(
        'The Jira issue ROLL-2 and the Confluence page “Rollout strategy: Pilot to drop” are kept, with any work already pushed to Jira. Delete them yourself if nobody needs them any more.',
      )
      .waitFor();
    await app.getByRole('button', { name: 'Discard', exact: true }).click();
    await app.locator('p', { hasText: '“Pilot to drop” was discarded.' }).waitFor();
    await app.getByRole('heading', { name: 'No rollout strategy in this space yet' }).waitFor();
    expect(e2e.host.products.jira.issues.getIssue('ROLL-2')?.summary).toBe('Pilot to drop');
  });

  it('a rollout from the Approvals panel, which then offers to set the issue up again', async () => {
    await ok(
      call(
        {
          host: e2e.host,
          moduleKey: 'rollout-approvals',
          extension: {
            issue: {
              id: String(e2e.host.products.jira.issues.getIssue('ROLL-1')?.id),
              key: 'ROLL-1',
            },
          },
        },
        'coordinator',
        'rollouts/create',
        {
          requestId: uuid(881),
          title: 'Expense policy',
          objective: 'Everyone files expenses the new way.',
          targetDate: '2031-03-01',
          departments: plan(e2e.host, ALL_FOUR),
        },
      ),
    );
    await e2e.page.goto(url('/jira/issue/ROLL-1?as=coordinator&locale=en-US'));
    const app = e2e.page.frameLocator(
      '[data-module-key="rollout-approvals"] iframe.host-panel-frame',
    );
    await app.getByRole('heading', { level: 2, name: 'Expense policy' }).waitFor();
    await app.getByRole('button', { name: 'Discard the rollout Expense policy' }).click();
    await app.getByText('The Jira issue ROLL-1 is kept', { exact: false }).first().waitFor();
    await app.getByRole('button', { name: 'Keep it' }).click();
    await app.getByRole('button', { name: 'Discard the rollout Expense policy' }).click();
    await app.getByRole('button', { name: 'Discard', exact: true }).click();
    await app.locator('p', { hasText: '“Expense policy” was discarded.' }).waitFor();
    await app.getByRole('heading', { level: 2, name: 'Make this issue a rollout' }).waitFor();
  });
});
