/**
 * The "Rollout status" macro through the local Forge host: bound by its config or by the
 * strategy page it sits on; counts of open and done work per phase that match Jira once its
 * product events are delivered (read from the kept work states) and open blocking problems from
 * the app's problem records; nothing for whoever may not see the rollout's issue; a number of
 * calls that grows with neither the work nor the phases.
 */
import type { LocalHost } from '../../local/host';
import type { MacroView, StrategyDetail } from '../../src/contract';
import { call, memoryHost, ok } from '../support/host';
import { raised } from '../support/problems';
import { demoDepartment, issuePanel, uuid } from '../support/rollouts';
import {
  announceIssues,
  confluenceModule,
  MACRO,
  jiraIssues,
  macroExtension,
  makeStrategy,
  markDone,
  pushPlan,
} from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

type Status = Extract<MacroView, { kind: 'status' }>;

function onPage(pageId: string, config: Record<string, string> = {}) {
  return { moduleKey: MACRO, extension: macroExtension(host, pageId, config) };
}

async function macroAs(as: string, pageId: string, config: Record<string, string> = {}) {
  return ok(call(confluenceModule(host, onPage(pageId, config)), as, 'macro/status', {}));
}

function asStatus(view: MacroView): Status {
  if (view.kind !== 'status') throw new Error(`Expected a status, got ${view.kind}`);
  return view;
}

async function pushed(options: Parameters<typeof makeStrategy>[1] = {}): Promise<StrategyDetail> {
  const detail = await makeStrategy(host, options);
  await pushPlan(host, detail.rollout.id);
  return detail;
}

/** Jira's own count for a JQL query, as the app sees it. */
function jiraCount(jql: string): number {
  return jiraIssues(host, jql).length;
}

function hrPage(): string {
  const space = host.products.confluence.spaces.getSpaceByKey('HR');
  const [page] = host.products.confluence.pages.listPages({
    spaceIds: [space?.id ?? 0],
    statuses: ['current'],
    limit: 10,
  });
  return String(page?.id);
}

describe('on its strategy page', () => {
  it('shows phases, approvals and counts of open and done work that match Jira', async () => {
    const detail = await pushed({ sessions: 30, tasksPerPhase: 2 });
    const pageId = detail.page?.id ?? '';
    const work = jiraIssues(host, detail.push.jql);
    // People finish some work: every third issue is done, and Jira says so to the app.
    const finished = work.filter((_, i) => i % 3 === 0).map((issue) => issue.id);
    markDone(host, finished);
    await announceIssues(host, finished, 'avi:jira:updated:issue');

    const view = asStatus(await macroAs('coordinator', pageId, { rolloutId: detail.rollout.id }));
    expect(view.rollout).toEqual({
      id: detail.rollout.id,
      title: 'New CRM',
      approvalState: 'draft',
      lifecycle: 'draft',
      targetDate: detail.rollout.targetDate,
      issueKey: 'ROLL-2',
    });
    expect(view.phases.map((p) => p.name)).toEqual(['Pilot', 'Rollout', 'Stabilisation']);
    for (const phase of view.phases) {
      expect(phase.open).toBe(jiraCount(`${phase.jql} AND statusCategory != Done`));
      expect(phase.done).toBe(jiraCount(`${phase.jql} AND statusCategory = Done`));
      expect(phase.open + phase.done).toBe(12);
    }
    expect(view.totals).toEqual({ open: 24, done: 12, blocking: 0 });
    expect(view.departments).toMatchObject([
      { name: 'Sales', status: 'not-requested', head: { displayName: 'Sophie Bernard' } },
      { name: 'Customer Support', status: 'not-requested' },
      { name: 'Finance', status: 'not-requested' },
      { name: 'Operations', status: 'not-requested' },
    ]);
    expect(view.jql).toBe(detail.push.jql);
    expect(view.jiraBaseUrl).toBe('http://127.0.0.1');
  });

  it('finds its rollout from the page when its config names none', async () => {
    const detail = await pushed();
    const view = asStatus(await macroAs('employee', detail.page?.id ?? ''));
    expect(view.rollout.id).toBe(detail.rollout.id);
  });

  it('shows each department’s approval as the round stands', async () => {
    const detail = await pushed();
    const panel = await import('../support/rollouts');
    await panel.requestApproval(host, 'ROLL-2');
    await panel.decideAs(host, 'head-finance', 'Finance', 'approved', '', 'ROLL-2');
    const view = asStatus(await macroAs('coordinator', detail.page?.id ?? ''));
    expect(view.rollout.approvalState).toBe('awaiting-approval');
    expect(view.departments.map((d) => [d.name, d.status])).toEqual([
      ['Sales', 'pending'],
      ['Customer Support', 'pending'],
      ['Finance', 'approved'],
      ['Operations', 'pending'],
    ]);
  });
});

describe('blocking problems', () => {
  let requests = 0;

  /** A problem raised on the anchor and taken to `status` through the panel's triage. */
  async function addProblem(
    detail: StrategyDetail,
    phaseIndex: number,
    severity: 'blocking' | 'high',
    status: 'new' | 'acknowledged' | 'resolved' | 'accepted',
  ): Promise<void> {
    requests += 1;
    const problem = await raised(host, 'employee', {
      requestId: uuid(7100 + requests),
      issueKey: detail.rollout.issue.key,
      severity,
      departmentId: demoDepartment('Sales'),
      phaseId: detail.plan.phases[phaseIndex]?.id ?? '',
    });
    if (status === 'new') return;
    const panel = issuePanel(host, detail.rollout.issue.key);
    // Taken in hand first, as Jira's workflow goes: To Do, In Progress, then Done.
    const taken = await ok(
      call(panel, 'coordinator', 'problems/acknowledge', {
        problemId: problem.id,
        version: problem.version,
      }),
    );
    const ref = { problemId: problem.id, version: taken.version };
    if (status === 'resolved') {
      await ok(
        call(panel, 'coordinator', 'problems/resolve', { ...ref, comment: 'Fixed.', fixLink: '' }),
      );
    }
    if (status === 'accepted') {
      await ok(call(panel, 'coordinator', 'problems/accept', { ...ref, comment: 'Known risk.' }));
    }
  }

  it('counts the open blocking problems of each phase, apart from the work', async () => {
    const detail = await pushed({ sessions: 6, tasksPerPhase: 1 });
    await addProblem(detail, 0, 'blocking', 'new');
    await addProblem(detail, 0, 'blocking', 'acknowledged');
    await addProblem(detail, 0, 'blocking', 'resolved');
    await addProblem(detail, 0, 'high', 'new');
    await addProblem(detail, 2, 'blocking', 'accepted');
    await addProblem(detail, 2, 'blocking', 'new');
    await host.productEvents.idle();
    const view = asStatus(await macroAs('coordinator', detail.page?.id ?? ''));
    expect(view.phases.map((phase) => phase.blocking)).toEqual([2, 0, 1]);
    for (const phase of view.phases) {
      expect(jiraCount(phase.blockingJql)).toBe(phase.blocking);
    }
    expect(view.totals.blocking).toBe(3);
    // Problems are not work: the phases' work counts are the plan's alone.
    expect(view.totals.open + view.totals.done).toBe(jiraCount(detail.push.jql));
  });
});

describe('what the viewer may see', () => {
  it('shows nothing to someone who may read the page but not the rollout’s Jira issue', async () => {
    const detail = await pushed();
    // A colleague in Confluence and Jira who is not on the ROLL project.
    const accountId = 'rc-test-reader';
    host.products.jira.users.upsertUser({
      accountId,
      displayName: 'Robin Reader',
      emailAddress: 'robin@example.com',
      locale: 'en-US',
      timeZone: 'Europe/Paris',
    });
    host.products.jira.users.addGroupMember('jira-software-users', accountId);
    host.products.confluence.users.upsertUser({
      accountId,
      accountType: 'atlassian',
      displayName: 'Robin Reader',
      email: 'robin@example.com',
      timeZone: 'Europe/Paris',
      locale: 'en-US',
    });
    const space = host.products.confluence.spaces.getSpaceByKey('ROLL');
    host.products.confluence.spaces.grantSpacePermission(space?.id ?? 0, accountId, 'view');
    const outcome = await host.functions.invokeResolver({
      moduleKey: MACRO,
      functionKey: 'macro/status',
      payload: {},
      accountId,
      extension: macroExtension(host, detail.page?.id ?? '', { rolloutId: detail.rollout.id }),
    });
    expect(outcome.body).toEqual({ ok: true, data: { kind: 'hidden' } });
  });

  it('is unbound elsewhere, and offers binding to those who may edit there', async () => {
    await pushed();
    const page = hrPage();
    expect(await macroAs('coordinator', page)).toEqual({ kind: 'unbound', canConfigure: false });
    expect(await macroAs('admin', page)).toEqual({ kind: 'unbound', canConfigure: true });
  });

  it('offers the strategies of the space its viewer may see, for its config', async () => {
    const detail = await pushed();
    const options = await ok(
      call(
        confluenceModule(host, onPage(detail.page?.id ?? '')),
        'coordinator',
        'macro/options',
        {},
      ),
    );
    expect(options.rollouts.map((r) => [r.rolloutId, r.issueKey])).toEqual([
      [detail.rollout.id, 'ROLL-2'],
    ]);
  });
});

describe('what a load costs', () => {
  /** Adds `count` work issues of the rollout's first phase to Jira, which tells the app. */
  async function addWork(detail: StrategyDetail, count: number, from: number): Promise<void> {
    const phaseId = detail.plan.phases[0]?.id ?? '';
    const ids: number[] = [];
    for (let i = from; i < from + count; i += 1) {
      const issue = host.products.jira.issues.createIssue({
        projectKey: 'ROLL',
        issueType: 'Task',
        summary: `Extra work ${String(i)}`,
      });
      host.products.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', {
        rolloutId: detail.rollout.id,
        role: 'work',
        planItemId: `extra:${String(i)}`,
        phaseId,
        departmentId: '',
        kind: 'task',
      });
      ids.push(issue.id);
    }
    await announceIssues(host, ids, 'avi:jira:created:issue');
  }

  it('does not grow with the number of issues (10 against 300)', async () => {
    const detail = await makeStrategy(host);
    const pageId = detail.page?.id ?? '';
    await addWork(detail, 10, 0);
    const small = await call(
      confluenceModule(host, onPage(pageId)),
      'coordinator',
      'macro/status',
      {},
    );
    await addWork(detail, 290, 10);
    const large = await call(
      confluenceModule(host, onPage(pageId)),
      'coordinator',
      'macro/status',
      {},
    );
    const view = asStatus(large.envelope.ok ? large.envelope.data : { kind: 'hidden' });
    expect(view.totals.open).toBe(300);
    expect(view.phases[0]?.open).toBe(
      jiraCount(`${view.phases[0]?.jql ?? ''} AND statusCategory != Done`),
    );
    expect(large.counters).toEqual(small.counters);
    // A visibility check and one user look-up; the rollout, its work states and one page of open
    // problems per open status (its round is read too once approval is requested).
    expect(large.counters).toEqual({ product: 2, storage: 4 });
    console.info(
      `macro load, 3 phases, 300 issues: ${JSON.stringify(large.counters)} in ${large.ms.toFixed(0)} ms`,
    );
  });

  it('does not grow with the phases either (the largest plan, 12 phases)', async () => {
    const detail = await makeStrategy(host, { phases: 12, sessions: 24 });
    const { counters } = await call(
      confluenceModule(host, onPage(detail.page?.id ?? '')),
      'coordinator',
      'macro/status',
      {},
    );
    expect(counters).toEqual({ product: 2, storage: 4 });
  });
});
