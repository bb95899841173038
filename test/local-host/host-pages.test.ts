/**
 * The local host's HTTP side for this issue: the Jira issue view (`/jira/issue/<KEY>`) with its
 * status, transitions and the Approvals panel iframe; what an outsider sees (no app at all);
 * the scheduled-trigger endpoint; and the invoke endpoint that scripts rely on.
 */
import type { LocalHost } from '../../local/host';
import { decodeFrame } from '../../local/http/frame';
import { accountIdOf, memoryHost } from '../support/host';
import { makeRollout, requestApproval } from '../support/rollouts';

let host: LocalHost;
let base: string;

beforeEach(async () => {
  host = await memoryHost({ port: 0 });
  base = host.url ?? '';
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, html: await response.text() };
}

/** The frame descriptors of the page's app iframes. */
function frames(html: string) {
  return [...html.matchAll(/<iframe[^>]*src="\/app\/main\/index\.html\?frame=([^"]+)"/gu)].map(
    (match) => decodeFrame(match[1] ?? ''),
  );
}

function transitionButtons(html: string): string[] {
  return [...html.matchAll(/data-transition-id="(\d+)"[^>]*>([^<]+)</gu)].map(
    (match) => `${match[1] ?? ''} ${match[2] ?? ''}`,
  );
}

function transitionAs(as: string, id: string): Promise<Response> {
  return fetch(`${base}/__forge/jira/rest/api/3/issue/ROLL-1/transitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forge-as': as },
    body: JSON.stringify({ transition: { id } }),
  });
}

describe('the issue view /jira/issue/<KEY>', () => {
  it('is listed on the index page for the coordinator', async () => {
    const index = await page('/');
    expect(index.html).toContain('href="/jira/issue/ROLL-1?as=coordinator"');
  });

  it('shows the issue, its status, its transitions and the Approvals panel with Jira’s context', async () => {
    const { status, html } = await page('/jira/issue/ROLL-1?as=coordinator');
    expect(status).toBe(200);
    expect(html).toContain('<h1 class="host-issue-summary">Roll out the new CRM</h1>');
    expect(html).toMatch(/data-testid="issue-status">To Do</u);
    expect(transitionButtons(html)).toEqual(['11 Start rollout']);
    expect(html).toContain('<script src="/__forge/issue-view.js"></script>');
    expect(html).toContain('<h2>Approvals</h2>');
    const issue = host.products.jira.issues.getIssue('ROLL-1');
    const project = host.products.jira.projects.getProject('ROLL');
    const extension = {
      issue: { id: String(issue?.id), key: 'ROLL-1', type: 'Epic', typeId: '10000' },
      project: { id: String(project?.id), key: 'ROLL', type: 'software' },
      isNewToIssue: false,
    };
    // The "Raise a problem" issue action (opened in place), then the panel, with Jira's context.
    expect(html).toContain('<summary>Raise a problem</summary>');
    expect(frames(html)).toEqual([
      { moduleKey: 'rollout-raise-problem', as: 'coordinator', theme: 'light', extension },
      { moduleKey: 'rollout-approvals', as: 'coordinator', theme: 'light', extension },
    ]);
    // The persona switcher, as on the admin page.
    expect(html).toContain('<option value="coordinator" selected>');
    expect(html).toContain('<select name="locale"');
    expect(html).toContain('<select name="theme"');
  });

  it('follows the persona, the language and the theme chosen', async () => {
    const { html } = await page('/jira/issue/roll-1?as=head-sales&locale=fr-FR&theme=dark');
    expect(html).toContain('data-host-theme="dark"');
    expect(html).toContain('<h2>Approbations</h2>');
    // A department head may not transition ROLL issues.
    expect(transitionButtons(html)).toEqual([]);
    expect(html).toContain('Aucune transition ne vous est disponible.');
    expect(html).not.toContain('No transitions available to you.');
    expect(frames(html)[0]).toMatchObject({ as: 'head-sales', locale: 'fr-FR', theme: 'dark' });
  });

  it('shows Jira’s “does not exist” page, and no app iframe, to someone who cannot browse it', async () => {
    for (const path of ['/jira/issue/ROLL-1?as=outsider', '/jira/issue/ROLL-999?as=coordinator']) {
      const { status, html } = await page(path);
      expect(status).toBe(404);
      expect(html).toContain('Issue does not exist or you do not have permission to see it.');
      expect(html).not.toContain('<iframe');
      expect(html).not.toContain('Roll out the new CRM');
      expect(html).not.toContain('issue-view.js');
    }
  });

  it('escapes what users typed', async () => {
    const key = host.products.jira.issues.createIssue({
      projectKey: 'ROLL',
      issueType: 'Epic',
      summary: '<img src=x onerror="alert(1)"> & co',
    }).key;
    const { html } = await page(`/jira/issue/${key}?as=coordinator`);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co');
    expect(html).not.toContain('<img src=x');
  });

  it('runs transitions as the page’s persona through the host, validator included', async () => {
    const script = await fetch(`${base}/__forge/issue-view.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');

    // Not a rollout yet: the gate lets it through, and the view shows the new status.
    expect((await transitionAs('coordinator', '11')).status).toBe(204);
    const moved = await page('/jira/issue/ROLL-1?as=coordinator');
    expect(moved.html).toMatch(/data-testid="issue-status">In Progress</u);
    expect(transitionButtons(moved.html)).toEqual(['21 Complete', '41 Back to approval']);
    expect((await transitionAs('coordinator', '21')).status).toBe(204);
    expect((await transitionAs('coordinator', '31')).status).toBe(204);

    // A rollout awaiting approval: blocked with the gate's message.
    await makeRollout(host, { departments: [{ department: 'Sales' }] });
    await requestApproval(host);
    const blocked = await transitionAs('coordinator', '11');
    expect(blocked.status).toBe(400);
    expect(await blocked.json()).toEqual({
      errorMessages: ['Waiting for approval from Sales (Sophie Bernard)'],
      errors: {},
    });
    expect((await transitionAs('head-sales', '11')).status).toBe(400);
  });
});

describe('POST /__forge/scheduled/<moduleKey>', () => {
  it('runs the scheduled trigger’s function as the app, with the event Forge sends', async () => {
    const spy = jest.spyOn(host.functions, 'invokeFunction');
    const response = await fetch(`${base}/__forge/scheduled/approval-reminders`, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as {
      body: { statusCode: number; body: string };
      counters: { storage: number; product: number };
    };
    expect(outcome.body.statusCode).toBe(200);
    expect(JSON.parse(outcome.body.body)).toEqual({
      rollouts: 0,
      reminded: 0,
      skipped: 0,
      mailFailures: 0,
      failedRollouts: 0,
      complete: true,
      problems: { reminded: 0, escalated: 0, skipped: 0, mailFailures: 0, complete: true },
      attendance: {
        rollouts: 0,
        flagged: 0,
        mailFailures: 0,
        failedRollouts: 0,
        trainedDeferred: 0,
        complete: true,
      },
      policies: {
        rollouts: 0,
        started: 0,
        reminded: 0,
        skipped: 0,
        mailFailures: 0,
        failedRollouts: 0,
        complete: true,
      },
      pulseIndex: { rollouts: 0, indexed: 0, done: true },
    });
    expect(spy).toHaveBeenCalledWith(
      'reminders',
      'approval-reminders',
      {
        context: { cloudId: 'local-cloud', moduleKey: 'approval-reminders' },
        contextToken: expect.stringMatching(/^local-/u) as unknown,
      },
      undefined,
      { timeoutMs: 55_000 },
    );
  });

  it('answers 404 for a module that is not a scheduled trigger', async () => {
    for (const key of ['rollout-approvals', 'nope']) {
      const response = await fetch(`${base}/__forge/scheduled/${key}`, { method: 'POST' });
      expect(response.status).toBe(404);
    }
  });
});

describe('POST /__forge/invoke', () => {
  it('still calls any resolver as any persona', async () => {
    const response = await fetch(`${base}/__forge/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        moduleKey: 'rollout-admin',
        functionKey: 'directory/list',
        as: 'admin',
      }),
    });
    const outcome = (await response.json()) as {
      body: { ok: boolean; data: { canManage: boolean } };
    };
    expect(outcome.body).toMatchObject({ ok: true, data: { canManage: true } });
    expect(accountIdOf(host, 'admin')).toBe('rc-demo-admin');
  });
});
