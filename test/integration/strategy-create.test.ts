/**
 * Creating a strategy from the Confluence space page, through the local Forge host: the rollout,
 * its anchor Jira issue and its page (v2, storage format, one write: version 1), linked both
 * ways; retries after each step's failure that finish
 * whatever a failure left (Confluence 500, Jira 500, a lost write, a double click) without a
 * second page or issue; permissions and validation; hostile text end to end.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { renderStorageFormat } from '../../local/products/confluence/render';
import { parseStorageFormat, textContent } from '../../local/products/confluence/storage-format';
import type { Rollout } from '../../src/domain/rollout';
import { call, memoryHost, ok } from '../support/host';
import { asRollout, issuePanel, panelAs, requestApproval, uuid } from '../support/rollouts';
import {
  confluenceModule,
  jiraIssues,
  makeStrategy,
  pageBody,
  someoneElsesPage,
  spaceOf,
  strategyPayload,
} from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

const ROLLOUT_ID = uuid(700);

function anchors(rolloutId: string = ROLLOUT_ID) {
  return jiraIssues(host, `rolloutId = "${rolloutId}" AND rolloutRole = "anchor"`);
}

function pagesTitled(title: string) {
  const space = host.products.confluence.spaces.getSpaceByKey('ROLL');
  return host.products.confluence.pages.listPages({
    spaceIds: [space?.id ?? 0],
    title,
    statuses: ['current', 'draft'],
    limit: 100,
  });
}

/** Confluence answers 500 to the next page creation (after the issue was made). */
function failPageCreationOnce(): void {
  host.products.faults.add({
    product: 'confluence',
    method: 'POST',
    pathPattern: '^/wiki/api/v2/pages$',
    kind: 'status500',
    times: 1,
  });
}

/** One creation request as the coordinator, answered as it came (failures included). */
async function attempt() {
  return (await call(confluenceModule(host), 'coordinator', 'strategy/create', strategyPayload()))
    .envelope;
}

async function storedRollout(id: string = ROLLOUT_ID): Promise<Rollout | undefined> {
  return kvs.entity<Rollout>('rollout').get(id);
}

describe('a new strategy', () => {
  it('makes the rollout, its page and its anchor issue, linked both ways', async () => {
    const detail = await makeStrategy(host);
    expect(detail.steps).toEqual({ rollout: true, page: true, issue: true, linked: true });
    expect(detail.rollout).toMatchObject({
      id: ROLLOUT_ID,
      title: 'New CRM',
      approvalState: 'draft',
      issue: { key: 'ROLL-2', summary: 'New CRM' },
    });
    expect(detail.space).toEqual({ ...spaceOf(host), name: 'Company rollouts' });
    expect(detail.page?.title).toBe('Rollout strategy: New CRM');
    expect(detail.projectKey).toBe('ROLL');
    expect(detail.canManage).toBe(true);
    expect(detail.push).toMatchObject({ total: 12, inJira: 0, job: null });
    expect(detail.plan.phases.map((p) => p.name)).toEqual(['Pilot', 'Rollout', 'Stabilisation']);

    // The page: created by the coordinator in one write that already shows the issue.
    const pageId = Number(detail.page?.id);
    const page = host.products.confluence.pages.getPage(pageId);
    expect(page?.authorId).toBe('rc-demo-coordinator');
    expect(page?.version.number).toBe(1);
    const rendered = renderStorageFormat(pageBody(host, String(pageId)));
    expect(rendered.macros).toMatchObject([
      { name: 'rollout-status', parameters: { rolloutId: ROLLOUT_ID } },
    ]);
    expect(rendered.html).toMatch(/href="[^"]*\/browse\/ROLL-2"[^>]*>ROLL-2<\/a>/u);

    // The issue: an epic the coordinator reported, with the property, linking the page.
    const issue = host.products.jira.issues.getIssue('ROLL-2');
    expect(issue?.reporterAccountId).toBe('rc-demo-coordinator');
    expect(host.products.jira.projects.getIssueType(issue?.issueTypeId ?? '')?.name).toBe('Epic');
    expect(
      host.products.jira.issues.getIssueProperty(issue?.id ?? 0, 'rollout-coordinator'),
    ).toEqual({
      rolloutId: ROLLOUT_ID,
      role: 'anchor',
      approvalState: 'draft',
    });
    expect(JSON.stringify(issue?.fields.description)).toContain(`/pages/${String(pageId)}/`);

    expect(await storedRollout()).toMatchObject({
      strategyPageId: String(pageId),
      anchorIssueId: String(issue?.id),
      anchorIssueKey: 'ROLL-2',
      spaceId: spaceOf(host).id,
      spaceKey: 'ROLL',
      language: 'en',
      planRevision: 1,
      pageRevision: 1,
      sessions: expect.any(Array) as unknown,
    });
  });

  it('works with the Approvals panel of its issue, unchanged', async () => {
    await makeStrategy(host);
    const panel = asRollout(await panelAs(host, 'coordinator', 'ROLL-2'));
    expect(panel.rollout.id).toBe(ROLLOUT_ID);
    expect(panel.canRequest).toBe(true);
    const requested = asRollout(
      await ok(
        call(issuePanel(host, 'ROLL-2'), 'coordinator', 'approvals/request', {
          version: panel.rollout.version,
        }),
      ),
    );
    expect(requested.rollout.approvalState).toBe('awaiting-approval');
    const issue = host.products.jira.issues.getIssue('ROLL-2');
    expect(
      host.products.jira.issues.getIssueProperty(issue?.id ?? 0, 'rollout-coordinator'),
    ).toEqual({
      rolloutId: ROLLOUT_ID,
      role: 'anchor',
      approvalState: 'awaiting-approval',
    });
  });

  it('is written in French for a French-speaking coordinator', async () => {
    const detail = await makeStrategy(host, { locale: 'fr-FR', title: 'Nouveau CRM' });
    expect(detail.page?.title).toBe('Stratégie de déploiement : Nouveau CRM');
    expect(pageBody(host, detail.page?.id ?? '')).toContain('1. Objectif et périmètre');
  });

  it('answers a repeated request with the same strategy, making nothing twice', async () => {
    const first = await makeStrategy(host);
    const again = await makeStrategy(host);
    expect(again.page?.id).toBe(first.page?.id);
    expect(again.rollout.issue.key).toBe(first.rollout.issue.key);
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(1);
    expect(anchors()).toHaveLength(1);
  });
});

describe('a creation that failed part-way', () => {
  it('finishes on retry after Confluence failed to create the page, reusing the issue', async () => {
    failPageCreationOnce();
    const envelope = await attempt();
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'UPSTREAM', messageKey: 'errors.strategy.pageNotCreated' },
    });
    const half = await storedRollout();
    expect(half).toMatchObject({ strategyPageId: '', anchorIssueKey: 'ROLL-2', pageRevision: 0 });
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(0);
    expect(anchors()).toHaveLength(1);

    const detail = await makeStrategy(host);
    expect(detail.steps).toEqual({ rollout: true, page: true, issue: true, linked: true });
    expect(detail.rollout.issue.key).toBe('ROLL-2');
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(1);
    expect(anchors()).toHaveLength(1);
    const page = host.products.confluence.pages.getPage(Number(detail.page?.id));
    expect(page?.version.number).toBe(1);
    expect(pageBody(host, detail.page?.id ?? '')).toContain('ROLL-2');
  });

  it('names the issue it made when Confluence cannot make the page, keeps Jira and storage in step, and asks no approval meanwhile', async () => {
    failPageCreationOnce();
    const envelope = await attempt();
    if (envelope.ok) throw new Error('the creation should have failed');
    // What happened and what to do, naming the issue: not only "Confluence did not answer".
    expect(envelope.error).toMatchObject({
      code: 'UPSTREAM',
      messageKey: 'errors.strategy.pageNotCreated',
      params: { key: 'ROLL-2' },
      details: { current: { rollout: true, issue: true, page: false, linked: false } },
    });
    expect(envelope.error.message).toContain('The Jira issue ROLL-2 was created');
    expect(envelope.error.message).toContain('create the strategy again');

    // Jira and storage agree: the draft records its issue; the issue carries the draft's
    // property and the draft's claim, so a retry reuses it and a discard releases it.
    const half = await storedRollout();
    if (!half) throw new Error('no draft');
    expect(half).toMatchObject({ anchorIssueKey: 'ROLL-2', strategyPageId: '', round: 0 });
    expect(anchors().map((issue) => issue.key)).toEqual(['ROLL-2']);
    expect(await kvs.entity('rollout-anchor').get(half.anchorIssueId)).toEqual({
      rolloutId: ROLLOUT_ID,
    });

    // The issue can be opened in Jira before the page exists: no approval is asked for a plan
    // with no page, and the draft is left as it was.
    const asked = await call(issuePanel(host, 'ROLL-2'), 'coordinator', 'approvals/request', {
      version: half.version,
    });
    expect(asked.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.strategy.incomplete' },
    });
    expect(await storedRollout()).toEqual(half);
    expect(await kvs.get(`round-plan:${ROLLOUT_ID}:1`)).toBeUndefined();

    // Once the page exists, the same issue carries the rollout and its rounds.
    const detail = await makeStrategy(host);
    expect(detail.rollout.issue.key).toBe('ROLL-2');
    expect(anchors()).toHaveLength(1);
    const panel = await requestApproval(host, 'ROLL-2');
    expect(panel.rollout.round).toBe(1);
  });

  it('finishes on retry after Jira failed to create the issue, before any page', async () => {
    host.products.faults.add({
      product: 'jira',
      method: 'POST',
      pathPattern: '^/rest/api/3/issue$',
      kind: 'status500',
      times: 1,
    });
    const envelope = await attempt();
    expect(envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
    expect(await storedRollout()).toMatchObject({ strategyPageId: '', anchorIssueId: '' });
    expect(anchors()).toHaveLength(0);
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(0);

    const detail = await makeStrategy(host);
    expect(detail.steps).toEqual({ rollout: true, page: true, issue: true, linked: true });
    expect(anchors()).toHaveLength(1);
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(1);
    const page = host.products.confluence.pages.getPage(Number(detail.page?.id));
    expect(page?.version.number).toBe(1);
  });

  it('finishes on retry after the issue could not be linked to its page', async () => {
    host.products.faults.add({
      product: 'jira',
      method: 'PUT',
      pathPattern: '^/rest/api/3/issue/\\d+$',
      kind: 'status500',
      times: 4,
    });
    const envelope = await attempt();
    expect(envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
    const half = await storedRollout();
    expect(half).toMatchObject({ anchorIssueKey: 'ROLL-2', pageRevision: 0 });
    expect(half?.strategyPageId).not.toBe('');
    const description = () =>
      JSON.stringify(host.products.jira.issues.getIssue('ROLL-2')?.fields.description);
    expect(description()).not.toContain('/pages/');

    const detail = await makeStrategy(host);
    expect(detail.steps.linked).toBe(true);
    expect(detail.page?.id).toBe(half?.strategyPageId);
    expect(description()).toContain(`/pages/${half?.strategyPageId ?? ''}/`);
    expect(pageBody(host, detail.page?.id ?? '')).toContain('ROLL-2');
    const page = host.products.confluence.pages.getPage(Number(detail.page?.id));
    expect(page?.version.number).toBe(1);
    expect(anchors()).toHaveLength(1);
  });

  it('takes another title on retry when the page title was taken after the issue was made', async () => {
    failPageCreationOnce();
    await attempt();
    someoneElsesPage(host, 'Rollout strategy: New CRM');
    const envelope = await attempt();
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.strategy.pageTitleTaken' },
    });

    const detail = await makeStrategy(host, { title: 'New CRM for sales' });
    expect(detail.steps.linked).toBe(true);
    expect(detail.page?.title).toBe('Rollout strategy: New CRM for sales');
    expect(anchors()).toHaveLength(1);
    const issue = host.products.jira.issues.getIssue('ROLL-2');
    expect(issue?.summary).toBe('New CRM for sales');
    expect(JSON.stringify(issue?.fields.description)).toContain(
      'Rollout strategy: New CRM for sales',
    );
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(1);
  });

  it('finds the issue Jira made when the rollout never heard of it (a lost answer)', async () => {
    const made = await makeStrategy(host);
    // As if the write recording the issue had been lost: the rollout does not know its issue.
    const stored = await storedRollout();
    if (!stored) throw new Error('no rollout');
    await kvs.entity<Rollout>('rollout').set(ROLLOUT_ID, {
      ...stored,
      anchorIssueId: '',
      anchorIssueKey: '',
      pageRevision: 0,
    });
    const again = await makeStrategy(host);
    expect(again.rollout.issue.key).toBe(made.rollout.issue.key);
    expect(anchors()).toHaveLength(1);
  });

  it('makes one page and one issue when the same request is sent twice at once', async () => {
    const outcomes = await Promise.all([
      call(confluenceModule(host), 'coordinator', 'strategy/create', strategyPayload()),
      call(confluenceModule(host), 'coordinator', 'strategy/create', strategyPayload()),
    ]);
    for (const { envelope } of outcomes) {
      if (!envelope.ok) expect(envelope.error.messageKey).toBe('errors.strategy.creationRunning');
    }
    const detail = await makeStrategy(host);
    expect(detail.steps.linked).toBe(true);
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(1);
    expect(anchors()).toHaveLength(1);
  });
});

describe('who may create a strategy', () => {
  it('refuses someone who cannot see the space, the Jira project, or add pages, and stores nothing', async () => {
    const cases = [
      ['outsider', 'NOT_FOUND', 'errors.strategy.spaceNotFound'],
      ['admin', 'FORBIDDEN', 'errors.strategy.spaceForbidden'],
      ['head-sales', 'FORBIDDEN', 'errors.strategy.spaceForbidden'],
    ] as const;
    for (const [who, code, messageKey] of cases) {
      const { envelope } = await call(
        confluenceModule(host),
        who,
        'strategy/create',
        strategyPayload(),
      );
      expect(envelope).toMatchObject({ ok: false, error: { code, messageKey } });
    }
    expect(await storedRollout()).toBeUndefined();
  });

  it('refuses a project where the coordinator cannot create issues', async () => {
    host.products.jira.projects.createProject({
      key: 'HRX',
      name: 'HR internal',
      description: '',
      leadAccountId: 'rc-demo-admin',
      projectTypeKey: 'software',
      style: 'classic',
      issueTypes: ['Task'],
    });
    host.products.jira.permissions.addRoleActor('HRX', 'Viewer', {
      type: 'user',
      accountId: 'rc-demo-coordinator',
    });
    const { envelope } = await call(
      confluenceModule(host),
      'coordinator',
      'strategy/create',
      strategyPayload({ projectKey: 'HRX' }),
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        messageKey: 'errors.strategy.projectForbidden',
        params: { project: 'HRX' },
      },
    });
    expect(await storedRollout()).toBeUndefined();
  });

  it('refuses a title whose page another author already wrote in the space', async () => {
    someoneElsesPage(host, 'Rollout strategy: New CRM');
    const envelope = await attempt();
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.strategy.pageTitleTaken',
        params: { title: 'Rollout strategy: New CRM' },
      },
    });
    expect(pagesTitled('Rollout strategy: New CRM')).toHaveLength(1);
    expect(anchors()).toHaveLength(0);
  });
});

describe('validation', () => {
  it('names the fields at fault and stores nothing', async () => {
    const payload = strategyPayload();
    const [first, ...rest] = payload.plan.sessions;
    if (!first) throw new Error('no session');
    const broken = {
      ...payload,
      targetDate: '2030-01-01',
      plan: {
        ...payload.plan,
        sessions: [{ ...first, date: '2035-01-01' }, ...rest],
      },
    };
    const { envelope } = await call(
      confluenceModule(host),
      'coordinator',
      'strategy/create',
      broken,
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        messageKey: 'errors.plan.sessionOutsidePhase',
        details: {
          fields: [
            { path: 'plan.sessions.0.date', messageKey: 'errors.plan.sessionOutsidePhase' },
            { path: 'targetDate', messageKey: 'errors.plan.targetBeforePhases' },
          ],
        },
      },
    });
    const noPhases = await call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      plan: { phases: [], sessions: [] },
    });
    expect(noPhases.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { fields: [{ path: 'plan.phases', messageKey: 'errors.plan.phasesRequired' }] },
      },
    });
    const unknown = await call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      departments: [{ departmentId: uuid(4242), stage: 1 }],
    });
    expect(unknown.envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', messageKey: 'errors.rollout.unknownDepartment' },
    });
    expect(await storedRollout()).toBeUndefined();
  });
});

describe('hostile text', () => {
  const HOSTILE = {
    title: '<script>alert(1)</script> ]]> & <ac:structured-macro ac:name="html">',
    objective:
      'Q&A ]]><p>injected</p>\n<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>x</script>]]></ac:plain-text-body></ac:structured-macro>',
    phase: '<img src=x onerror=alert(1)>',
    session: '</td></tr></table><script>bad()</script>',
    audience: '"quoted" & \'single\' <b>bold</b> &amp;',
  };

  it('comes out as text in every field, on a page Confluence accepted as well-formed', async () => {
    const payload = strategyPayload();
    const hostile = {
      ...payload,
      title: HOSTILE.title,
      objective: HOSTILE.objective,
      plan: {
        ...payload.plan,
        phases: payload.plan.phases.map((phase, i) =>
          i === 0 ? { ...phase, name: HOSTILE.phase } : phase,
        ),
        sessions: payload.plan.sessions.map((session, i) =>
          i === 0 ? { ...session, title: HOSTILE.session, audience: HOSTILE.audience } : session,
        ),
      },
    };
    const detail = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/create', hostile),
    );
    expect(detail.steps.linked).toBe(true);
    const body = pageBody(host, detail.page?.id ?? '');
    const rendered = renderStorageFormat(body);
    expect(rendered.macros).toHaveLength(1);
    expect(rendered.html).not.toMatch(/<script|<img|<p>injected/iu);
    const text = parseStorageFormat(body, { strict: true }).nodes.map(textContent).join('');
    // The title is the page's title (plain text in Confluence), the rest is in the body.
    for (const value of [HOSTILE.phase, HOSTILE.session, HOSTILE.audience]) {
      expect(text).toContain(value);
    }
    for (const line of HOSTILE.objective.split('\n')) expect(text).toContain(line);
    expect(detail.page?.title).toBe(`Rollout strategy: ${HOSTILE.title}`);
    expect(host.products.jira.issues.getIssue('ROLL-2')?.summary).toBe(HOSTILE.title);
  });
});

describe('the space page', () => {
  it('lists the strategies its issue lets each person see, with the directory and projects', async () => {
    await makeStrategy(host);
    const view = await ok(call(confluenceModule(host), 'coordinator', 'strategy/space', {}));
    expect(view).toMatchObject({
      space: { key: 'ROLL', name: 'Company rollouts' },
      canCreate: true,
      rollouts: [
        { rolloutId: ROLLOUT_ID, issueKey: 'ROLL-2', pageTitle: 'Rollout strategy: New CRM' },
      ],
      projects: [{ key: 'ROLL', name: 'Company rollouts' }],
    });
    expect(view.departments.map((d) => d.name)).toEqual([
      'Customer Support',
      'Finance',
      'Operations',
      'Sales',
    ]);
    const employee = await ok(call(confluenceModule(host), 'employee', 'strategy/space', {}));
    expect(employee).toMatchObject({ canCreate: false, projects: [] });
    expect(employee.rollouts).toHaveLength(1);
    expect(
      (await call(confluenceModule(host), 'outsider', 'strategy/space', {})).envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.strategy.spaceNotFound' },
    });
  });

  it('shows a strategy to those who may see its issue only', async () => {
    await makeStrategy(host);
    const employee = await ok(
      call(confluenceModule(host), 'employee', 'strategy/get', {
        rolloutId: ROLLOUT_ID,
      }),
    );
    expect(employee.canManage).toBe(false);
    expect(
      (await call(confluenceModule(host), 'outsider', 'strategy/get', { rolloutId: ROLLOUT_ID }))
        .envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.strategy.notFound' },
    });
  });
});
