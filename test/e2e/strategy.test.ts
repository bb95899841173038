/**
 * The rollout strategy in Chromium, on the local host's Confluence and Jira pages with the real
 * @forge/bridge: the coordinator creates a strategy on the ROLL space's "Rollouts" page (3 phases,
 * 4 departments, 12 sessions) through the step-by-step flow; the created page shows every
 * section and the Rollout status macro; the plan is pushed to Jira in the background (queued, the
 * page reloaded, "Created 0 of 13" while Jira is slow, then the result); after two issues move to
 * Done, the macro's counts match Jira's own approximate count; the four heads approve; a phase
 * date changes in the flow, and the heads are asked to re-confirm (the Approvals panel on the
 * rollout's issue shows the new round with them pending).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { ApprovalsPanelView } from '../../src/contract';
import { call, ok, type From } from '../support/host';
import { chooseByKeyboard, fillDate } from '../support/browser';
import { browserSession } from './support/session';

const TITLE = 'New CRM for every team';
const DEPARTMENTS = ['Sales', 'Customer Support', 'Finance', 'Operations'] as const;
const HEADS: Record<(typeof DEPARTMENTS)[number], string> = {
  Sales: 'head-sales',
  'Customer Support': 'head-support',
  Finance: 'head-finance',
  Operations: 'head-operations',
};

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Around today, so the macro's timeline shows today's marker inside the second phase. */
const PHASES = [
  { name: 'Preparation', start: day(-20), end: day(-1) },
  { name: 'Training', start: day(0), end: day(27) },
  { name: 'Go-live support', start: day(28), end: day(60) },
] as const;
const GO_LIVE = day(45);

function addTo(start: string, days: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const KIND_NAMES = {
  communication: 'Communication',
  training: 'Training',
  'office-hours': 'Office hours',
} as const;

/**
 * 12 sessions: in each phase, one for each department, on the phase's 2nd to 5th day; the very
 * first is the kick-off for all departments, online.
 */
const SESSIONS = PHASES.flatMap((phase, p) =>
  DEPARTMENTS.map((department, d) => ({
    kind: (['communication', 'training', 'office-hours'] as const)[p] ?? 'training',
    title: `${['Kick-off briefing', 'CRM basics', 'Office hours'][p] ?? ''} – ${department}`,
    department: p === 0 && d === 0 ? ('all' as const) : department,
    phase: phase.name,
    date: addTo(phase.start, d + 1),
    audience: d === 0 ? 'Account managers' : '',
  })),
);
const KICK_OFF_LINK = 'https://meet.example.com/crm-kick-off';

const e2e = browserSession({
  viewport: { width: 1280, height: 1600 },
  actionTimeout: 10_000,
});

function url(path: string): string {
  return `${e2e.url}${path}`;
}

/** A REST call to the Jira or Confluence emulator as a persona, as the host's HTTP API offers. */
async function rest<T>(
  product: 'jira' | 'confluence',
  as: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url(`/__forge/${product}${path}`), {
    method,
    headers: { 'x-forge-as': as, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} as ${as}: ${response.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** The Approvals panel of the rollout's issue, where a resolver call from it comes from. */
function approvalsPanel(issue: { id: string; key: string }): From {
  return {
    host: e2e.host,
    moduleKey: 'rollout-approvals',
    extension: { type: 'jira:issuePanel', issue: { id: issue.id, key: issue.key, type: 'Epic' } },
  };
}

/** The ROLL space's "Rollouts" page. */
async function rolloutsPage(): Promise<From> {
  return {
    host: e2e.host,
    moduleKey: 'rollout-strategies',
    extension: { type: 'confluence:spacePage', space: await rollSpace() },
  };
}

async function openRollouts(as = 'coordinator'): Promise<FrameLocator> {
  await e2e.page.goto(url(`/confluence/space/ROLL/rollouts?as=${as}&locale=en-US`));
  const app = e2e.page.frameLocator('iframe.host-frame');
  await app.getByRole('heading', { level: 1 }).first().waitFor();
  return app;
}

async function next(app: FrameLocator, heading: string): Promise<void> {
  await app.getByRole('button', { name: 'Next', exact: true }).click();
  await app.getByRole('heading', { name: heading, exact: false }).waitFor();
}

async function approvalsAs(
  as: string,
  issue: { id: string; key: string },
): Promise<Extract<ApprovalsPanelView, { kind: 'rollout' }>> {
  const view = await ok(call(approvalsPanel(issue), as, 'approvals/panel', {}));
  if (view.kind !== 'rollout') throw new Error('The anchor issue is not a rollout');
  return view;
}

async function approximateCount(jql: string): Promise<number> {
  const answer = await rest<{ count: number }>(
    'jira',
    'coordinator',
    'POST',
    '/rest/api/3/search/approximate-count',
    { jql },
  );
  return answer.count;
}

/** Moves a work issue to Done through the workflow, as someone working on it would. */
async function complete(key: string): Promise<void> {
  for (;;) {
    const { transitions } = await rest<{
      transitions: { id: string; name: string; to: { statusCategory: { key: string } } }[];
    }>('jira', 'coordinator', 'GET', `/rest/api/3/issue/${key}/transitions`);
    const done = transitions.find((candidate) => candidate.to.statusCategory.key === 'done');
    const step =
      done ?? transitions.find((candidate) => candidate.to.statusCategory.key === 'indeterminate');
    if (!step) throw new Error(`No way to Done from ${key}`);
    await rest('jira', 'coordinator', 'POST', `/rest/api/3/issue/${key}/transitions`, {
      transition: { id: step.id },
    });
    if (done) return;
  }
}

describe('rollout strategy', () => {
  it('creates a strategy, pushes it to Jira, counts its work, and asks for re-confirmation after an edit', async () => {
    // ---- The space page: nothing yet; the flow, step by step ----
    let app = await openRollouts();
    await app.getByRole('heading', { name: 'No rollout strategy in this space yet' }).waitFor();
    await app.getByRole('button', { name: 'New rollout strategy' }).click();
    await app.getByRole('heading', { name: 'Step 1 of 6: What and when' }).waitFor();

    // Each step is checked before the next one.
    await app.getByRole('button', { name: 'Next', exact: true }).click();
    await app.getByText('Give the rollout a title.').waitFor();
    await app.getByLabel('Title', { exact: true }).fill(TITLE);
    await app.getByLabel('Objective').fill('Every team moves its customer records to the new CRM.');
    await fillDate(app.getByLabel('Go-live date'), GO_LIVE);
    await chooseByKeyboard(app.getByLabel('Jira project for the work'), 'Company rollouts (ROLL)');
    await next(app, 'Step 2 of 6: Departments');

    for (const department of DEPARTMENTS) {
      await app.getByRole('checkbox', { name: department, exact: true }).check();
    }
    await next(app, 'Step 3 of 6: Phases');

    for (const [index, phase] of PHASES.entries()) {
      if (index > 0) await app.getByRole('button', { name: 'Add a phase' }).click();
      await app.getByLabel('Name', { exact: true }).nth(index).fill(phase.name);
      await fillDate(app.getByLabel('Start', { exact: true }).nth(index), phase.start);
      await fillDate(app.getByLabel('End', { exact: true }).nth(index), phase.end);
    }
    await app.getByRole('button', { name: 'Add a task to Preparation' }).click();
    await app.getByLabel('Task 1 of Preparation', { exact: true }).fill('Migrate customer records');
    await next(app, 'Step 4 of 6: Sessions');

    // Twelve sessions: the first of each phase typed, the others duplicated and adjusted. A new
    // row is for no department: "Next" asks for one, and for who runs it, where, and how many.
    await app.getByRole('button', { name: 'Add a session' }).click();
    await app.getByRole('button', { name: 'Next', exact: true }).click();
    await app.getByText('Choose who runs the session.').waitFor();
    await app.getByText('Choose the departments the session is for, or all departments.').waitFor();
    await app.getByText('Enter the number of seats.').waitFor();
    await app.getByRole('button', { name: 'Remove session 1', exact: true }).click();
    for (const [index, session] of SESSIONS.entries()) {
      const number = index + 1;
      const first = index % DEPARTMENTS.length === 0;
      const label = (what: string) => app.getByLabel(`${what} ${String(number)}`, { exact: true });
      if (first) await app.getByRole('button', { name: 'Add a session' }).click();
      else
        await app
          .getByRole('button', { name: `Duplicate session ${String(number - 1)}`, exact: true })
          .click();
      // Atlaskit's selects, by keyboard: type the option's name, then Enter.
      await chooseByKeyboard(label('Kind of session'), KIND_NAMES[session.kind]);
      await label('Title of session').fill(session.title);
      await chooseByKeyboard(label('Phase of session'), session.phase);
      await fillDate(label('Date of session'), session.date);
      if (first) {
        // The owner, picked among Jira's users by name.
        await label('Owner of session').fill('Camille');
        await app.getByRole('option', { name: 'Camille Martin' }).click();
        await label('Start time of session').fill(index === 0 ? '16:00' : '09:30');
        await label('Length in minutes of session').fill(index === 0 ? '45' : '90');
        await label('Place or meeting link of session').fill(
          index === 0 ? KICK_OFF_LINK : `Training room ${String(index)}`,
        );
        await label('Seats of session').fill(index === 0 ? '300' : '15');
      }
      const all = app.getByRole('checkbox', {
        name: `Session ${String(number)} is for all departments`,
      });
      if (session.department === 'all') await all.check();
      else {
        if (await all.isChecked()) await all.uncheck();
        const departments = label('Departments of session');
        // A duplicate keeps the original's department: replace it.
        if (!first) {
          await departments.focus();
          await departments.press('Backspace');
        }
        await departments.fill(session.department);
        await departments.press('Enter');
      }
      await label('Audience of session').fill(session.audience);
    }
    await expect(app.getByRole('row').count()).resolves.toBe(SESSIONS.length + 1);
    mkdirSync('test-results', { recursive: true });
    await e2e.page.screenshot({ path: join('test-results', 'strategy-flow.png'), fullPage: true });
    await next(app, 'Step 5 of 6: Targets');

    await app.getByLabel('Adoption (%)').fill('80');
    await app.getByLabel('Readiness score').fill('4');
    await fillDate(app.getByLabel('Targets reached by'), day(75));
    await next(app, 'Step 6 of 6: Review');
    await app.getByText('Sessions: 12 (', { exact: false }).waitFor();
    await app.getByText('Pushing the plan will create 13 Jira issues.').waitFor();

    await app.getByRole('button', { name: 'Create the strategy' }).click();
    await app.getByRole('heading', { level: 1, name: TITLE }).waitFor({ timeout: 20_000 });
    await app.getByText('Draft', { exact: true }).waitFor();

    // ---- Push the plan to Jira: a background push, followed until it is done ----
    await app.getByText('0 of 13 planned items are in Jira.').waitFor();
    // The queue holds the push for a moment, so the page can be reloaded while it waits.
    e2e.host.events.pause();
    await app.getByRole('button', { name: 'Push plan to Jira' }).click();
    await app.getByText('The push is queued: it starts in a moment.').waitFor();
    app = await openRollouts();
    await app.getByRole('button', { name: `Open the strategy ${TITLE}` }).click();
    await app.getByText('The push is queued: it starts in a moment.').waitFor();
    await expect(app.getByRole('button', { name: 'Push plan to Jira' }).isDisabled()).resolves.toBe(
      true,
    );
    // Jira is slow to answer the bulk create: the page shows the push under way meanwhile.
    e2e.host.products.faults.add({
      pathPattern: '^/rest/api/3/issue/bulk$',
      kind: 'latency',
      latencyMs: 4_000,
      times: 1,
    });
    e2e.host.events.resume();
    await app.getByText('Created 0 of 13 Jira issues.').waitFor({ timeout: 10_000 });
    const progress = app.getByRole('progressbar', { name: 'Issues created by this push' });
    await expect(progress.getAttribute('aria-valuemax')).resolves.toBe('13');
    await expect(progress.getAttribute('aria-valuenow')).resolves.toBe('0');
    await app.getByText('13 of 13 planned items are in Jira.').waitFor({ timeout: 20_000 });
    await app.getByText('This push created 13 Jira issues.').waitFor();

    // What the space page knows, for the checks below (the ids are the app's, not on screen).
    const space = (
      await rest<{ results: { id: string; key: string }[] }>(
        'confluence',
        'coordinator',
        'GET',
        '/wiki/api/v2/spaces?keys=ROLL',
      )
    ).results[0];
    if (!space) throw new Error('No ROLL space');
    const listed = await ok(
      call(
        {
          host: e2e.host,
          moduleKey: 'rollout-strategies',
          extension: { type: 'confluence:spacePage', space: { id: space.id, key: space.key } },
        },
        'coordinator',
        'strategy/space',
        {},
      ),
    );
    const strategy = listed.rollouts.find((candidate) => candidate.title === TITLE);
    if (!strategy) throw new Error('The strategy is not listed');
    const issue = await rest<{ id: string; key: string }>(
      'jira',
      'coordinator',
      'GET',
      `/rest/api/3/issue/${strategy.issueKey}?fields=summary`,
    );

    // Two of the Training phase's issues are done.
    const phaseIds = await phaseIdsOf(strategy.rolloutId);
    const work = `rolloutId = "${strategy.rolloutId}" AND rolloutRole = "work"`;
    const training = await rest<{ issues: { key: string }[] }>(
      'jira',
      'coordinator',
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent(`${work} AND rolloutPhase = "${phaseIds[1] ?? ''}"`)}&fields=summary&maxResults=10`,
    );
    // The kick-off is for all departments, found as such, and assigned to its owner.
    const kickOff = await rest<{ issues: { fields: { assignee?: { accountId?: string } } }[] }>(
      'jira',
      'coordinator',
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent(`${work} AND rolloutDepartments = "all"`)}&fields=assignee&maxResults=10`,
    );
    expect(kickOff.issues.map((found) => found.fields.assignee?.accountId)).toEqual([
      'rc-demo-coordinator',
    ]);
    const toComplete = training.issues.slice(0, 2).map((found) => found.key);
    expect(toComplete).toHaveLength(2);
    for (const key of toComplete) await complete(key);

    // ---- The strategy page: every section, and the macro with Jira's counts ----
    await e2e.page.goto(url(`/confluence/page/${strategy.pageId}?as=coordinator&locale=en-US`));
    const body = e2e.page.locator('article.host-page-body');
    for (const heading of [
      '1. Objective and scope',
      '2. Affected departments and their heads',
      '3. Phases and milestones',
      '4. Training plan',
      '5. Communication plan',
      '6. Support in the first weeks',
      '7. Risks and expected resistance',
      '8. Success targets',
      '9. How feedback will be collected',
    ]) {
      await body.getByRole('heading', { name: heading }).waitFor();
    }
    // The sessions with their owner, time, place or link, and audience.
    await body.getByRole('cell', { name: 'All departments: Account managers' }).waitFor();
    await body.getByRole('link', { name: KICK_OFF_LINK }).first().waitFor();
    await body.getByRole('cell', { name: 'Camille Martin' }).first().waitFor();
    await body.getByRole('cell', { name: 'Training room 4' }).first().waitFor();
    const macro = e2e.page.locator('iframe.host-macro-frame').first().contentFrame();
    await macro.getByRole('heading', { name: TITLE }).waitFor();
    const rows = macro.getByRole('listitem').filter({ has: macro.locator('.rc-mc-track') });
    await expect(rows.count()).resolves.toBe(PHASES.length);
    let open = 0;
    let done = 0;
    for (const [index, phase] of PHASES.entries()) {
      const jql = `${work} AND rolloutPhase = "${phaseIds[index] ?? ''}"`;
      const phaseOpen = await approximateCount(`${jql} AND statusCategory != Done`);
      const phaseDone = await approximateCount(`${jql} AND statusCategory = Done`);
      open += phaseOpen;
      done += phaseDone;
      const row = rows.filter({ hasText: phase.name });
      await row.getByText(`${phaseOpen} open · ${phaseDone} done`).waitFor();
    }
    expect(done).toBe(2);
    expect(open + done).toBe(13);
    await macro.getByText(`${open} open, ${done} done`, { exact: false }).waitFor();
    await e2e.page.screenshot({ path: join('test-results', 'strategy-page.png'), fullPage: true });

    // ---- The four heads approve ----
    const before = await approvalsAs('coordinator', issue);
    await ok(
      call(approvalsPanel(issue), 'coordinator', 'approvals/request', {
        version: before.rollout.version,
      }),
    );
    for (const persona of Object.values(HEADS)) {
      const view = await approvalsAs(persona, issue);
      const mine = view.round?.approvals.find((approval) => approval.canDecide);
      if (!mine) throw new Error(`${persona} has nothing to decide`);
      await ok(
        call(approvalsPanel(issue), persona, 'approvals/decide', {
          approvalId: mine.id,
          version: mine.version,
          decision: 'approved',
          comment: '',
        }),
      );
    }
    expect((await approvalsAs('coordinator', issue)).rollout.approvalState).toBe('approved');

    // ---- Edit a phase date: the flow warns first, then the heads re-confirm ----
    app = await openRollouts();
    await app.getByRole('button', { name: `Open the strategy ${TITLE}` }).click();
    await app.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await app.getByText('Approved', { exact: true }).first().waitFor();
    await app.getByRole('button', { name: 'Edit plan' }).click();
    await app
      .getByText('If you change it, the heads of the departments', { exact: false })
      .waitFor();
    await app.getByRole('button', { name: 'Edit the plan' }).click();
    await app.getByRole('heading', { name: 'Step 1 of 6: What and when' }).waitFor();
    // Every step of a plan being edited is complete: the step indicator goes straight there.
    const steps = app.getByRole('navigation', { name: 'Steps of the rollout strategy' });
    await steps.getByRole('button', { name: 'Phases', exact: false }).click();
    await app.getByRole('heading', { name: 'Step 3 of 6: Phases' }).waitFor();
    const lastEnd = app.getByLabel('End', { exact: true }).nth(PHASES.length - 1);
    // The picker shows the stored day as the reader writes it (month/day/year in en-US).
    const [year, month, dayOf] = PHASES[2].end.split('-').map(Number);
    const shown = new Intl.DateTimeFormat('en-US').format(
      new Date(year ?? 0, (month ?? 1) - 1, dayOf ?? 1),
    );
    await expect(
      lastEnd.locator('xpath=ancestor::div[@role="presentation"][1]').textContent(),
    ).resolves.toContain(shown);
    await fillDate(lastEnd, addTo(PHASES[2].end, 14));
    await steps.getByRole('button', { name: 'Review', exact: false }).click();
    await app.getByRole('heading', { name: 'Step 6 of 6: Review' }).waitFor();
    await app.getByText('Every department approved this plan').waitFor();
    await app.getByRole('button', { name: 'Save the changes' }).click();
    // Before anything is saved, the form says who approves again and what changed for them.
    const question = app.getByRole('alertdialog');
    await question
      .getByText(`Confirm the change: ${String(DEPARTMENTS.length)} departments approve again`)
      .waitFor({ timeout: 20_000 });
    const askedAgain = question.getByRole('list', { name: 'Departments asked to approve again' });
    for (const department of DEPARTMENTS) {
      await askedAgain.getByText(department, { exact: true }).waitFor();
    }
    await question.getByRole('button', { name: 'Save and ask them again' }).click();
    await app
      .getByText('The heads concerned are re-confirming the changed plan (round 2)')
      .waitFor({ timeout: 20_000 });
    const asked = app.getByRole('list', { name: 'Departments asked to re-confirm' });
    for (const department of DEPARTMENTS) {
      await asked.getByText(department, { exact: true }).waitFor();
    }
    await app.getByText('Awaiting approval', { exact: true }).first().waitFor();

    // The rollout's issue: the pushed work is its children (two done), then the Approvals
    // panel: round 2, the heads concerned pending.
    await e2e.page.goto(url(`/jira/issue/${issue.key}?as=coordinator&locale=en-US`));
    await e2e.page.getByTestId('issue-children-progress').getByText('2 of 13 done').waitFor();
    const children = e2e.page.getByTestId('issue-children').getByRole('row');
    await expect(children.count()).resolves.toBe(13 + 1);
    for (const key of toComplete) {
      await children.filter({ hasText: key }).getByText('Done', { exact: true }).waitFor();
    }
    const panel = e2e.page.frameLocator(
      '[data-module-key="rollout-approvals"] iframe.host-panel-frame',
    );
    await panel.getByRole('heading', { name: 'Approvals, round 2' }).waitFor();
    await expect(panel.getByText('Awaiting decision', { exact: true }).count()).resolves.toBe(
      DEPARTMENTS.length,
    );
  }, 400_000);
});

/** The plan's phase ids, in order, as the strategy holds them. */
async function phaseIdsOf(rolloutId: string): Promise<string[]> {
  const detail = await ok(call(await rolloutsPage(), 'coordinator', 'strategy/get', { rolloutId }));
  return detail.plan.phases.map((phase) => phase.id);
}

async function rollSpace(): Promise<{ id: string; key: string }> {
  const found = (
    await rest<{ results: { id: string; key: string }[] }>(
      'confluence',
      'coordinator',
      'GET',
      '/wiki/api/v2/spaces?keys=ROLL',
    )
  ).results[0];
  if (!found) throw new Error('No ROLL space');
  return { id: found.id, key: found.key };
}
