/**
 * "My rollouts" (Jira › Apps) in Chromium, on the demo company with its rollout in progress: a
 * head decides an approval in place; an employee of Finance, with nothing else in the rollout,
 * finds the sessions for their department, the open pulse asking it and the policy to acknowledge,
 * and acknowledges it there; a head finds the problem assigned to them. English and French.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';
import { accountIdOf, call, memoryHost, ok } from '../support/host';
import { raised } from '../support/problems';
import { closeOpened, launchBrowser, watchForViolations } from '../support/browser';
import { addIssue, issuePanel, makeRollout, requestApproval } from '../support/rollouts';

const TITLE = 'Roll out the new intranet';
const DONE = /^Vous avez confirmé la lecture de la version \d+\.$/u;
const EMPTY_POLICIES = "Aucune politique n'attend votre confirmation de lecture.";

let host: LocalHost;
let browser: Browser;
let page: Page;
let violations: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  host = await memoryHost({ port: 0, rolloutInProgress: true });
  const key = addIssue(host, TITLE);
  await makeRollout(host, {
    departments: [{ department: 'Finance', stage: 1 }],
    issueKey: key,
    title: TITLE,
  });
  await requestApproval(host, key);
}, 180_000);

afterAll(async () => {
  await closeOpened(browser, host);
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  violations = watchForViolations(page);
});

afterEach(async () => {
  await closeOpened(page);
  expect(violations).toEqual([]);
});

async function openMine(as: string, locale = 'en-US'): Promise<FrameLocator> {
  const query = new URLSearchParams({ as, locale });
  await page.goto(`${host.url ?? ''}/jira/apps/my-rollouts?${query.toString()}`);
  const frame = page.frameLocator('iframe.host-frame');
  await frame.getByRole('heading', { level: 2 }).first().waitFor();
  return frame;
}

function section(frame: FrameLocator, heading: string) {
  return frame.getByRole('region', { name: new RegExp(`^${heading}`, 'u') });
}

describe('My rollouts', () => {
  it('lets a head decide an approval in place', async () => {
    const frame = await openMine('head-finance');
    const approvals = section(frame, 'Approvals waiting for you');
    await approvals.getByRole('button', { name: `Decide: Finance, ${TITLE}` }).click();
    await approvals.getByRole('radio', { name: 'Approve' }).check();
    await approvals.getByRole('button', { name: 'Decide' }).click();
    await frame.getByText(`Decision recorded for Finance in “${TITLE}”.`).waitFor();
    await approvals.getByText('0', { exact: true }).waitFor();
  });

  it('shows an employee their department’s sessions, pulse and policy, in French', async () => {
    const frame = await openMine('employee', 'fr-FR');
    const sessions = section(frame, 'Vos prochaines sessions');
    expect(await sessions.getByRole('listitem').count()).toBeGreaterThan(0);
    const pulses = section(frame, 'Sondages ouverts pour vous');
    await pulses.getByRole('link', { name: /^Répondre sur ROLL-/u }).waitFor();
    const policies = section(frame, 'Politiques à confirmer');
    await policies.getByRole('link', { name: 'Expense policy 2026' }).waitFor();
    await policies
      .getByRole('button', { name: /^J'ai lu et compris cette page: Expense policy 2026$/u })
      .click();
    await frame.getByText(DONE).waitFor();
    await policies.getByText(EMPTY_POLICIES).waitFor();
    await expect(
      section(frame, 'Approbations en attente de votre part').getByRole('listitem').count(),
    ).resolves.toBe(0);
  });

  it('lists a problem assigned to the viewer, with its severity and status', async () => {
    const problem = await raised(host, 'employee');
    await ok(
      call(issuePanel(host), 'coordinator', 'problems/assign', {
        problemId: problem.id,
        version: problem.version,
        ownerAccountId: accountIdOf(host, 'head-support'),
      }),
    );
    const frame = await openMine('head-support');
    const problems = section(frame, 'Problems assigned to you');
    await problems.getByRole('link', { name: new RegExp(`^${problem.issueKey}: `, 'u') }).waitFor();
    await problems.getByText(/Acknowledged ·/u).waitFor();
  });
});
