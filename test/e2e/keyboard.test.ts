/**
 * The main flows with the keyboard alone, in Chromium on the local host: a head approves and
 * another rejects on the Approvals panel, the coordinator goes through the first steps of the
 * "New rollout strategy" flow, and an employee answers the readiness pulse from the macro on the
 * strategy page. Nothing is clicked: focus moves with Tab from the top of the host page into the
 * app's iframe, controls are used with Enter, Space, arrows and typing, so a control the
 * keyboard cannot reach or use fails the test.
 */
import type { FrameLocator, Locator } from 'playwright-core';
import { DEMO_ROLLOUT_TITLE } from '../../local/seed/rollout';
import { chosenIn } from '../support/browser';
import { browserSession } from './support/session';
import { addIssue, makeRollout, requestApproval } from '../support/rollouts';

const e2e = browserSession({
  viewport: { width: 1280, height: 900 },
  host: { rolloutInProgress: true },
  setUpTimeout: 120_000,
});

/** Whether `target` has the keyboard focus (in its own document, and that document has focus). */
function focused(target: Locator): Promise<boolean> {
  // The tests compile without the DOM library: the element's shape, as far as this needs it.
  type Focusable = { ownerDocument: { hasFocus(): boolean; activeElement: unknown } };
  return target.evaluate(
    (element: Focusable) =>
      element.ownerDocument.hasFocus() && element.ownerDocument.activeElement === element,
  );
}

/** Presses Tab (Shift+Tab backwards) until `target` has the focus; fails past `max` presses. */
async function tabTo(target: Locator, max = 120, backwards = false): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < max; i += 1) {
    await e2e.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await focused(target)) return;
  }
  throw new Error(`${String(max)} presses of Tab never reached ${target.toString()}`);
}

async function openApprovals(issueKey: string, as: string): Promise<FrameLocator> {
  await e2e.page.goto(`${e2e.url}/jira/issue/${issueKey}?as=${as}&locale=en-US`);
  const app = e2e.page.frameLocator(
    '[data-module-key="rollout-approvals"] iframe.host-panel-frame',
  );
  await app.getByRole('heading', { level: 2 }).first().waitFor();
  return app;
}

function card(app: FrameLocator, department: string): Locator {
  return app.getByRole('listitem').filter({
    has: app.getByRole('heading', { name: department, exact: true }),
  });
}

describe('the main flows by keyboard alone', () => {
  it('approves and rejects on the Approvals panel', async () => {
    const key = addIssue(e2e.host, 'Roll out the new intranet');
    await makeRollout(e2e.host, {
      issueKey: key,
      title: 'Roll out the new intranet',
      departments: [{ department: 'Sales' }, { department: 'Customer Support' }],
    });
    await requestApproval(e2e.host, key);

    let app = await openApprovals(key, 'head-sales');
    const approve = card(app, 'Sales').getByRole('button', { name: 'Approve', exact: true });
    await tabTo(approve);
    await e2e.page.keyboard.press('Enter');
    await app.getByText('You approved for Sales.').waitFor({ state: 'attached' });

    app = await openApprovals(key, 'head-support');
    const support = card(app, 'Customer Support');
    await tabTo(support.getByRole('textbox'));
    await e2e.page.keyboard.type('The help desk is short of people until March.');
    await tabTo(support.getByRole('button', { name: 'Reject', exact: true }), 10);
    await e2e.page.keyboard.press('Space');
    await app.getByText('You rejected for Customer Support.').waitFor({ state: 'attached' });
    await app.getByText('Rejected', { exact: true }).first().waitFor();
  }, 120_000);

  it('goes through the strategy flow’s steps', async () => {
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/rollouts?as=coordinator&locale=en-US`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    await tabTo(app.getByRole('button', { name: 'New rollout strategy' }));
    await e2e.page.keyboard.press('Enter');
    await app.getByRole('heading', { name: 'Step 1 of 6: What and when' }).waitFor();

    // "Next" with nothing filled in says what is missing, and the keyboard gets there.
    const next = app.getByRole('button', { name: 'Next', exact: true });
    await tabTo(next);
    await e2e.page.keyboard.press('Enter');
    await app.getByText('Give the rollout a title.').waitFor();

    await tabTo(app.getByLabel('Title', { exact: true }), 120, true);
    await e2e.page.keyboard.type('Roll out the new intranet');
    await tabTo(app.getByLabel('Objective'), 5);
    await e2e.page.keyboard.type('Every team finds its procedures on the new intranet.');
    const goLive = app.getByLabel('Go-live date');
    await tabTo(goLive, 10);
    // A date typed as the reader writes it (month/day/year in en-US), confirmed with Enter.
    await e2e.page.keyboard.type('9/30/2030');
    await e2e.page.keyboard.press('Enter');
    await app.getByText('9/30/2030', { exact: true }).waitFor();
    const project = app.getByLabel('Jira project for the work');
    await tabTo(project, 10);
    // Typing narrows Atlaskit's select to the project; Enter picks it.
    await e2e.page.keyboard.type('Company');
    await e2e.page.keyboard.press('Enter');
    await chosenIn(project, 'Company rollouts (ROLL)').waitFor();
    await tabTo(next, 20);
    await e2e.page.keyboard.press('Enter');
    await app.getByRole('heading', { name: 'Step 2 of 6: Departments' }).waitFor();

    const sales = app.getByRole('checkbox', { name: 'Sales', exact: true });
    await tabTo(sales, 20, true);
    await e2e.page.keyboard.press('Space');
    await expect(sales.isChecked()).resolves.toBe(true);
    await tabTo(next, 40);
    await e2e.page.keyboard.press('Enter');
    await app.getByRole('heading', { name: 'Step 3 of 6: Phases' }).waitFor();
  }, 120_000);

  it('answers the readiness pulse from the strategy page’s macro', async () => {
    const store = e2e.host.products.confluence;
    const space = store.spaces.getSpaceByKey('ROLL');
    const strategy = store.pages
      .listPages({ spaceIds: space ? [space.id] : [], statuses: ['current'], limit: 250 })
      .find((candidate) => candidate.title.includes(DEMO_ROLLOUT_TITLE));
    if (!strategy) throw new Error('The seeded strategy page is missing');
    await e2e.page.goto(
      `${e2e.url}/confluence/page/${String(strategy.id)}?as=employee&locale=en-US`,
    );
    const frameElement = e2e.page.locator(
      '[data-macro-key="rollout-pulse"] iframe.host-macro-frame',
    );
    const form: FrameLocator = frameElement.contentFrame();
    await form.getByRole('heading', { name: /How ready are you/u }).waitFor();

    // The employee's Jira group (finance-team) says which department the answer counts for.
    await expect(form.getByLabel('Your department').textContent()).resolves.toBe('Finance');
    await form.getByText('Your department comes from your Jira group.').waitFor();

    const role = form.getByRole('radio', { name: 'Employee' });
    await tabTo(role, 20);
    await e2e.page.keyboard.press('Space');
    await expect(role.isChecked()).resolves.toBe(true);

    for (const element of ['Awareness', 'Desire', 'Knowledge', 'Ability', 'Reinforcement']) {
      const group = form.getByRole('group', { name: new RegExp(`^${element}`, 'u') });
      await tabTo(group.getByRole('radio').first(), 10);
      await e2e.page.keyboard.press('Space');
      // Arrows move the choice within the group, as in any radio group: 1 → 4.
      for (let i = 0; i < 3; i += 1) await e2e.page.keyboard.press('ArrowRight');
      await expect(group.getByRole('radio').nth(3).isChecked()).resolves.toBe(true);
    }
    await tabTo(form.getByRole('button', { name: 'Send my answer' }), 20);
    await e2e.page.keyboard.press('Enter');
    await form.getByText('Thank you: your answer is in.').waitFor();
  }, 120_000);
});
