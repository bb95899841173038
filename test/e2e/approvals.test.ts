/**
 * The Approvals panel in Chromium, on the local host's Jira issue page with the real @forge/bridge:
 * the coordinator makes ROLL-1 a rollout and asks four department heads; two approve, one asks
 * for changes in French; the workflow gate blocks "Start rollout" naming who is pending; a new
 * round, every head approves (stage 2 after stage 1), the gate lets it through; an outsider sees
 * nothing; the audit trail downloads as CSV. Then the approval settings on the admin page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { encodeFrame } from '../../local/http/frame';
import { fillDate } from '../support/browser';
import { browserSession } from './support/session';

const TITLE = 'New CRM for every team';

const e2e = browserSession({
  viewport: { width: 1100, height: 1000 },
  page: { acceptDownloads: true },
  actionTimeout: 10_000,
});

/** Opens ROLL-1 as a persona; English unless told otherwise, so that locators stay readable. */
async function openIssue(as: string, locale = 'en-US'): Promise<FrameLocator> {
  await e2e.page.goto(`${e2e.url}/jira/issue/ROLL-1?as=${as}&locale=${locale}`);
  const app = e2e.page.frameLocator(
    '[data-module-key="rollout-approvals"] iframe.host-panel-frame',
  );
  // The panel has drawn once it shows its top heading (the rollout's title, or the set-up form's).
  await app.getByRole('heading', { level: 2 }).first().waitFor();
  return app;
}

/**
 * Clicks a transition on the host's issue view, which runs it through the Jira emulator
 * (validators included), and answers the message the view then shows.
 */
async function transition(name: string): Promise<string> {
  const message = e2e.page.getByTestId('transition-message');
  await e2e.page.getByRole('button', { name, exact: true }).click();
  await message.filter({ hasNotText: /^Running/u }).waitFor();
  return (await message.textContent()) ?? '';
}

function issueStatus(): Promise<string | null> {
  return e2e.page.getByTestId('issue-status').textContent();
}

async function decide(
  app: FrameLocator,
  department: string,
  button: string,
  comment = '',
): Promise<void> {
  const card = app.getByRole('listitem').filter({
    has: app.getByRole('heading', { name: department, exact: true }),
  });
  if (comment) await card.getByRole('textbox').fill(comment);
  await card.getByRole('button', { name: button, exact: true }).click();
  await card.getByRole('group').waitFor({ state: 'detached' });
}

describe('approvals panel', () => {
  it('carries ROLL-1 from set-up through two rounds to an open gate, with its audit trail', async () => {
    // The coordinator makes the issue a rollout: Operations decides after the other three.
    let app = await openIssue('coordinator');
    await app.getByRole('heading', { name: 'Make this issue a rollout' }).waitFor();
    await app.getByRole('button', { name: 'Make it a rollout' }).click();
    await app.getByText('Give the rollout a title.').waitFor();
    await app.getByText('Choose at least one department.').waitFor();

    await app.getByLabel('Title').fill(TITLE);
    await app.getByLabel('Objective').fill('Every team moves its customer records to the new CRM.');
    await fillDate(app.getByLabel('Go-live date'), '2027-03-31');
    for (const department of ['Sales', 'Customer Support', 'Finance', 'Operations']) {
      await app.getByRole('checkbox', { name: department, exact: true }).check();
    }
    await app.getByRole('spinbutton', { name: 'Stage of Operations' }).fill('2');
    await app.getByRole('button', { name: 'Make it a rollout' }).click();
    await app.getByRole('heading', { name: TITLE }).waitFor();
    await app.getByText('Draft', { exact: true }).waitFor();

    await app.getByRole('button', { name: 'Request approval' }).click();
    await app.getByText('Awaiting approval', { exact: true }).waitFor();
    await app
      .getByText(
        'Waiting for: Customer Support (Daniel Okafor), Finance (Élodie Lefèvre), and Sales (Sophie Bernard)',
      )
      .waitFor();
    await app.getByText('Opens when stage 1 is approved.').waitFor();

    // Two heads approve.
    for (const [persona, department] of [
      ['head-sales', 'Sales'],
      ['head-support', 'Customer Support'],
    ] as const) {
      app = await openIssue(persona);
      await decide(app, department, 'Approve');
      await app.getByText(`You approved for ${department}.`).waitFor({ state: 'attached' });
    }

    // Finance asks for changes, in French; a comment is required.
    app = await openIssue('head-finance', 'fr-FR');
    await app.getByRole('button', { name: 'Demander des modifications' }).click();
    await app.getByText('un commentaire est obligatoire', { exact: false }).waitFor();
    await decide(
      app,
      'Finance',
      'Demander des modifications',
      'Le budget de formation manque pour la comptabilité.',
    );
    await app.getByText('Modifications demandées', { exact: true }).first().waitFor();

    // The gate blocks the start and names who has not approved.
    app = await openIssue('coordinator');
    const blocked = await transition('Start rollout');
    expect(blocked).toContain('Finance');
    expect(blocked).toContain('Élodie Lefèvre');
    await expect(issueStatus()).resolves.toBe('To Do');

    // The coordinator answers Finance with a later go-live (a round with no change is refused),
    // then asks for a new round; every head approves, Operations once stage 1 is through.
    // "Edit plan" is the strategy flow's form; a rollout set up here may have no phase.
    await app.getByRole('button', { name: 'Edit plan' }).click();
    await app.getByRole('heading', { name: 'Step 1 of 6: What and when' }).waitFor();
    await fillDate(app.getByLabel('Go-live date'), '2027-04-30');
    const steps = app.getByRole('navigation', { name: 'Steps of the rollout strategy' });
    await steps.getByRole('button', { name: 'Phases', exact: false }).click();
    await app
      .getByText('This rollout was set up on its Jira issue: phases are optional.', {
        exact: false,
      })
      .waitFor();
    await steps.getByRole('button', { name: 'Review', exact: false }).click();
    await app.getByRole('heading', { name: 'Step 6 of 6: Review' }).waitFor();
    await app.getByText('Saving updates the rollout on its Jira issue.').waitFor();
    await app.getByRole('button', { name: 'Save the changes' }).click();
    await app.getByText(`The plan of ${TITLE} was saved.`).first().waitFor();
    await app.getByRole('button', { name: 'Request a new round' }).click();
    await app.getByRole('heading', { name: 'Approvals, round 2' }).waitFor();
    for (const [persona, department] of [
      ['head-sales', 'Sales'],
      ['head-support', 'Customer Support'],
      ['head-finance', 'Finance'],
      ['head-operations', 'Operations'],
    ] as const) {
      app = await openIssue(persona);
      await decide(app, department, 'Approve', department === 'Finance' ? 'Budget added.' : '');
    }

    // The gate lets the start through.
    app = await openIssue('coordinator');
    await app.getByText('Every department approved. The rollout can start.').waitFor();
    await expect(transition('Start rollout')).resolves.toContain('In Progress');
    await expect(issueStatus()).resolves.toBe('In Progress');
    mkdirSync('test-results', { recursive: true });
    await e2e.page.screenshot({
      path: join('test-results', 'approvals-panel.png'),
      fullPage: true,
    });

    // The audit trail as CSV.
    const [download] = await Promise.all([
      e2e.page.waitForEvent('download'),
      app.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('rollout-audit-ROLL-1.csv');
    const path = await download.path();
    const csv = readFileSync(path, 'utf8').replace(/^\uFEFF/u, '');
    const rows = csv.trim().split(/\r\n/u);
    expect(rows[0]).toBe('time,event,round,stage,department,by,on behalf of,detail,comment');
    const events = rows.slice(1).map((row) => row.split(',')[1]);
    expect(events.filter((event) => event === 'decided')).toHaveLength(7);
    expect(events).toEqual(
      expect.arrayContaining(['rollout-created', 'requested', 'new-round', 'approved']),
    );
    expect(csv).toContain('Le budget de formation manque pour la comptabilité.');
  }, 120_000);

  it('asks before an edit of the started rollout goes back to a head, then moves the issue back to To Do', async () => {
    let app = await openIssue('coordinator');
    await expect(issueStatus()).resolves.toBe('In Progress');
    await app.getByRole('button', { name: 'Edit plan' }).click();
    const steps = app.getByRole('navigation', { name: 'Steps of the rollout strategy' });
    await steps.getByRole('button', { name: 'Departments', exact: false }).click();
    await app.getByRole('spinbutton', { name: 'Stage of Operations' }).fill('1');
    await steps.getByRole('button', { name: 'Review', exact: false }).click();
    await app.getByText('Every department approved this plan').waitFor();
    await app.getByRole('button', { name: 'Save the changes' }).click();
    // Nothing is saved yet: the form says who approves again and what changed for them.
    const question = app.getByRole('alertdialog');
    await question.getByText('Confirm the change: 1 department approves again').waitFor();
    await question.getByText('Approval asked of: Marcus Chen').waitFor();
    await question.getByText('Approval stage: 2 → 1').waitFor();
    // The question takes the focus, so keyboard and screen-reader users meet it.
    type Focusable = { ownerDocument: { activeElement: unknown } };
    await expect(
      question.evaluate((el: Focusable) => el.ownerDocument.activeElement === el),
    ).resolves.toBe(true);
    await question.getByRole('button', { name: 'Save and ask them again' }).click();
    await app.getByRole('heading', { name: 'Approvals, round 3' }).waitFor();
    // Jira's status tells the same story as the panel.
    app = await openIssue('coordinator');
    await app.getByText('Awaiting approval', { exact: true }).waitFor();
    await expect(issueStatus()).resolves.toBe('To Do');
  }, 120_000);

  it('shows nothing of the rollout to someone who cannot see the issue', async () => {
    // Jira shows no issue view (so no panel) to someone who cannot browse the issue…
    await e2e.page.goto(`${e2e.url}/jira/issue/ROLL-1?as=outsider`);
    await e2e.page.getByTestId('issue-not-found').waitFor();
    await expect(e2e.page.locator('iframe').count()).resolves.toBe(0);
    await expect(e2e.page.getByText(TITLE).count()).resolves.toBe(0);
    // …and the panel itself, loaded for them anyway, shows nothing but a neutral line.
    const issue = (await (
      await fetch(`${e2e.url}/__forge/jira/rest/api/3/issue/ROLL-1?fields=issuetype`)
    ).json()) as { id: string };
    const frame = encodeFrame({
      moduleKey: 'rollout-approvals',
      as: 'outsider',
      theme: 'light',
      extension: { issue: { id: issue.id, key: 'ROLL-1', type: 'Epic' }, isNewToIssue: false },
    });
    await e2e.page.goto(`${e2e.url}/app/main/index.html?frame=${frame}`);
    await e2e.page.getByText('Nothing to show here.').waitFor();
    await expect(e2e.page.locator('body').innerText()).resolves.toBe('Nothing to show here.');
  });

  it('lets an admin change the approval settings and shows them read-only to others', async () => {
    await e2e.page.goto(`${e2e.url}/jira/admin?as=admin`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    await app.getByRole('heading', { name: 'Approval settings' }).waitFor();
    await app.getByLabel('Remind after (days)').fill('0');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app.getByText('Choose a number of days between 1 and 30.').waitFor();
    await app.getByLabel('Remind after (days)').fill('3');
    await app.getByLabel('Allow self-approval').check();
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app
      .getByRole('status')
      .filter({ hasText: 'The approval settings were saved.' })
      .waitFor();

    // Jira shows its administration to administrators only; the app's page, loaded for a
    // coordinator anyway, shows the settings read-only.
    await e2e.page.goto(`${e2e.url}/jira/admin?as=coordinator`);
    await e2e.page.getByTestId('no-permission').waitFor();
    await e2e.page.goto(
      `${e2e.url}/app/main/index.html?frame=${encodeFrame({ moduleKey: 'rollout-admin', as: 'coordinator', theme: 'light', extension: {} })}`,
    );
    await e2e.page.getByText('Only Jira administrators can change these settings.').waitFor();
    await e2e.page.getByText('3 days').waitFor();
    await e2e.page.getByText('Allowed', { exact: true }).waitFor();
    await expect(e2e.page.getByRole('button', { name: 'Save settings' }).count()).resolves.toBe(0);
  });
});
