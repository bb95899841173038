/**
 * The Rollout panel through the local Forge host: the anchor at a glance and a work issue's place
 * in the plan after a real push; nothing for whoever cannot browse the issue; the lifecycle the
 * panels and the macro agree on once "Start rollout" goes through the workflow gate; completing
 * phases (refused while a blocking problem is open unless the risk is accepted, idempotent,
 * racing clicks giving one completion).
 */
import type { LocalHost } from '../../local/host';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import type {
  AnchorPanelView,
  ApprovalsPanelView,
  MemberPanelView,
  RolloutPanelView,
  StrategyDetail,
} from '../../src/contract';
import type { AuditEvent } from '../../src/domain/audit';
import type { Rollout } from '../../src/domain/rollout';
import { accountIdOf, call, memoryHost, ok, type From } from '../support/host';
import {
  addIssue,
  asRollout,
  decideAs,
  issueExtension,
  requestApproval,
  stored,
} from '../support/rollouts';
import {
  confluenceModule,
  jiraIssues,
  MACRO,
  macroExtension,
  makeStrategy,
  planIds,
  pushPlan,
} from '../support/strategy';

const PANEL = 'rollout-panel';
const PHASE_COUNT = 3;
const SESSION_COUNT = 12;
const TASKS_PER_PHASE = 2;

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

function panelOn(issueKey: string): From {
  return { host, moduleKey: PANEL, extension: issueExtension(host, issueKey) };
}

async function loadAs(as: string, issueKey: string) {
  return call(panelOn(issueKey), as, 'rolloutPanel/load', {});
}

function asAnchor(view: RolloutPanelView): AnchorPanelView {
  if (view.kind !== 'anchor') throw new Error(`Expected the anchor's view, got ${view.kind}`);
  return view;
}

function asMember(view: RolloutPanelView): MemberPanelView {
  if (view.kind !== 'member') throw new Error(`Expected a member view, got ${view.kind}`);
  return view;
}

async function pushedStrategy(): Promise<StrategyDetail> {
  const detail = await makeStrategy(host, {
    phases: PHASE_COUNT,
    sessions: SESSION_COUNT,
    tasksPerPhase: TASKS_PER_PHASE,
  });
  await pushPlan(host, detail.rollout.id);
  return detail;
}

/** Every head approves the anchor's round (all four departments are at stage 1). */
async function approveAll(anchorKey: string): Promise<void> {
  await requestApproval(host, anchorKey);
  for (const [head, department] of [
    ['head-sales', 'Sales'],
    ['head-support', 'Customer Support'],
    ['head-finance', 'Finance'],
    ['head-operations', 'Operations'],
  ] as const) {
    await ok(decideAs(host, head, department, 'approved', '', anchorKey));
  }
}

/** "Start rollout" on the anchor as the coordinator, through Jira (the gate runs). */
async function startRollout(anchorKey: string): Promise<number> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountIdOf(host, 'coordinator') },
    method: 'POST',
    path: `/rest/api/3/issue/${anchorKey}/transitions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: ROLL_TRANSITIONS.start } }),
  });
  return response.status;
}

async function started(): Promise<StrategyDetail> {
  const detail = await pushedStrategy();
  await approveAll(detail.rollout.issue.key);
  expect(await startRollout(detail.rollout.issue.key)).toBe(204);
  return detail;
}

/** A problem raised in the rollout, as h9-problems' issue property describes it. */
function raiseProblem(rolloutId: string, phaseId: string, severity: string, status = 'new') {
  const key = addIssue(host, `Problem (${severity})`);
  const issue = host.products.jira.issues.getIssue(key);
  if (!issue) throw new Error('no issue');
  host.products.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', {
    rolloutId,
    role: 'problem',
    phaseId,
    departmentId: '',
    category: 'training-material',
    severity,
    status,
  });
  return key;
}

async function events(rolloutId: string, type: string): Promise<AuditEvent[]> {
  const { kvs } = await import('@forge/kvs');
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [rolloutId] })
    .limit(100)
    .getMany();
  return page.results.map((r) => r.value).filter((e) => e.type === type);
}

describe('the anchor at a glance', () => {
  it('shows the plan by phase and department, sessions, problems, approvals and links', async () => {
    const detail = await pushedStrategy();
    const { rollout } = detail;
    raiseProblem(rollout.id, planIds.phase(0), 'blocking');
    raiseProblem(rollout.id, planIds.phase(1), 'high');
    raiseProblem(rollout.id, planIds.phase(1), 'high');
    raiseProblem(rollout.id, planIds.phase(1), 'low', 'resolved');

    const outcome = await loadAs('coordinator', rollout.issue.key);
    const view = asAnchor(await ok(Promise.resolve(outcome)));

    expect(view.rollout).toMatchObject({
      id: rollout.id,
      issueKey: rollout.issue.key,
      lifecycle: 'draft',
      startedAt: null,
      completedAt: null,
    });
    expect(view.currentPhase).toEqual({ id: planIds.phase(0), index: 0, timing: 'upcoming' });
    expect(view.phases.map((p) => p.name)).toEqual(['Pilot', 'Rollout', 'Stabilisation']);
    // 12 sessions over 3 phases (4 each, one per department) and 2 tasks per phase.
    for (const phase of view.phases) {
      expect(phase.work).toEqual({ open: 4 + TASKS_PER_PHASE, done: 0, overdue: 0 });
      expect(phase.departments.map((d) => [d.name, d.open])).toEqual(
        expect.arrayContaining([
          ['', TASKS_PER_PHASE],
          ['Sales', 1],
          ['Customer Support', 1],
          ['Finance', 1],
          ['Operations', 1],
        ]),
      );
      expect(phase.completion).toBeNull();
      // The phase's link finds exactly the issues the push made for it.
      expect(jiraIssues(host, phase.jql)).toHaveLength(4 + TASKS_PER_PHASE);
    }
    const salesCell = view.phases[0]?.departments.find((d) => d.name === 'Sales');
    expect(jiraIssues(host, salesCell?.jql ?? '')).toHaveLength(1);

    expect(view.sessions.total).toBe(SESSION_COUNT);
    expect(view.sessions.upcoming).toHaveLength(10);
    expect(view.sessions.upcoming[0]).toMatchObject({ title: 'Session 1', phaseName: 'Pilot' });
    expect(jiraIssues(host, view.sessions.jql)).toHaveLength(SESSION_COUNT);

    expect(view.problems.open).toEqual({ blocking: 1, high: 2, medium: 0, low: 0 });
    expect(jiraIssues(host, view.problems.jql)).toHaveLength(3);
    expect(view.approvals).toEqual({
      state: 'draft',
      round: 0,
      approved: 0,
      pending: 0,
      blocked: 0,
      total: 0,
      // A draft waits for nobody: no stage is open, nothing is late.
      bottlenecks: { byStage: [], cadenceDays: 2, pending: [] },
    });
    expect(view.strategyPage?.url).toMatch(
      new RegExp(`/wiki/pages/viewpage\\.action\\?pageId=${detail.page?.id ?? 'none'}$`, 'u'),
    );
    expect(view.canComplete).toBe(true);
    expect(jiraIssues(host, view.workJql)).toHaveLength(
      SESSION_COUNT + PHASE_COUNT * TASKS_PER_PHASE,
    );
    // The issue and the rights (2), one count per severity (4); the rollout and its work issues'
    // states, and the settings (the reminder cadence that makes an approval late); a draft has no
    // round to read.
    expect(outcome.counters).toEqual({ product: 6, storage: 3 });
  });

  it('lets a head see it without the right to complete phases', async () => {
    const detail = await pushedStrategy();
    const view = asAnchor(await ok(loadAs('head-sales', detail.rollout.issue.key)));
    expect(view.canComplete).toBe(false);
    const admin = asAnchor(await ok(loadAs('admin', detail.rollout.issue.key)));
    expect(admin.canComplete).toBe(true);
  });
});

describe('a work issue', () => {
  it('shows its rollout, phase, department, kind and, for a session, its date', async () => {
    const detail = await pushedStrategy();
    const [session] = jiraIssues(
      host,
      `rolloutId = "${detail.rollout.id}" AND rolloutPlanItem = "session:${planIds.session(1)}"`,
    );
    const view = asMember(await ok(loadAs('employee', session?.key ?? '')));
    const planned = detail.plan.sessions[1];
    expect(view).toMatchObject({
      role: 'work',
      rollout: { title: 'New CRM', issueKey: detail.rollout.issue.key, lifecycle: 'draft' },
      workKind: 'seminar',
      departments: ['Customer Support'],
      session: {
        title: 'Session 2',
        date: planned?.date,
        startTime: planned?.startTime,
        durationMinutes: planned?.durationMinutes,
        place: planned?.place,
        capacity: planned?.capacity,
        owner: { accountId: planned?.ownerAccountId, active: true },
      },
      phase: {
        id: planIds.phase(1),
        name: 'Rollout',
        position: 2,
        count: PHASE_COUNT,
        completed: false,
        current: false,
        work: { open: 4 + TASKS_PER_PHASE, done: 0, overdue: 0 },
      },
    });
    expect(jiraIssues(host, view.phaseJql ?? '')).toHaveLength(4 + TASKS_PER_PHASE);
  });

  it('shows a task with the whole phase as its audience', async () => {
    const detail = await pushedStrategy();
    const [task] = jiraIssues(
      host,
      `rolloutId = "${detail.rollout.id}" AND rolloutPlanItem = "phase:${planIds.phase(0)}:task:${planIds.task(0, 0)}"`,
    );
    const view = asMember(await ok(loadAs('coordinator', task?.key ?? '')));
    expect(view).toMatchObject({ workKind: 'task', departments: [], session: null });
    expect(view.phase).toMatchObject({ position: 1, current: true });
  });

  it('is pointed to its rollout by the Approvals panel instead of offering to make it one', async () => {
    const detail = await pushedStrategy();
    const [work] = jiraIssues(host, `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`);
    const answer = await ok(
      call(
        { host, moduleKey: 'rollout-approvals', extension: issueExtension(host, work?.key ?? '') },
        'coordinator',
        'approvals/panel',
        {},
      ),
    );
    expect(answer).toEqual({
      kind: 'member',
      role: 'work',
      anchor: { key: detail.rollout.issue.key, title: 'New CRM', lifecycle: 'draft' },
    } satisfies ApprovalsPanelView);
  });
});

describe('access', () => {
  it('answers NOT_FOUND without touching storage to whoever cannot browse the issue', async () => {
    const detail = await pushedStrategy();
    for (const key of [detail.rollout.issue.key, jiraIssues(host, detail.push.jql)[0]?.key ?? '']) {
      const outcome = await loadAs('outsider', key);
      expect(outcome.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(outcome.counters.storage).toBe(0);
    }
    const complete = await call(
      panelOn(detail.rollout.issue.key),
      'outsider',
      'rolloutPanel/completePhase',
      {
        phaseId: planIds.phase(0),
      },
    );
    expect(complete.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(complete.counters.storage).toBe(0);
  });

  it('shows an issue of no rollout as such', async () => {
    const key = addIssue(host, 'Quarterly report');
    expect(await ok(loadAs('employee', key))).toEqual({ kind: 'none' });
  });

  it('shows nothing of a rollout whose anchor the viewer cannot browse, whatever the property says', async () => {
    const detail = await pushedStrategy();
    // A project the outsider may browse (ROLL, the anchor's, they may not), with an issue whose
    // property (editable by whoever edits the issue) claims it is work of the rollout.
    const jira = host.products.jira;
    jira.projects.createProject({ key: 'OPEN', name: 'Open', issueTypes: ['Task'] });
    jira.permissions.addRoleActor('OPEN', 'Viewer', {
      type: 'user',
      accountId: accountIdOf(host, 'outsider'),
    });
    const issue = jira.issues.createIssue({
      projectKey: 'OPEN',
      issueType: 'Task',
      summary: 'Claims to be work',
      status: 'To Do',
    });
    jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', {
      rolloutId: detail.rollout.id,
      role: 'work',
      phaseId: planIds.phase(0),
    });
    const view = asMember(await ok(loadAs('outsider', issue.key)));
    expect(view).toMatchObject({ rollout: null, phase: null, departments: [], session: null });
    const approvals = await ok(
      call(
        { host, moduleKey: 'rollout-approvals', extension: issueExtension(host, issue.key) },
        'outsider',
        'approvals/panel',
        {},
      ),
    );
    expect(approvals).toEqual({ kind: 'member', role: 'work', anchor: null });
  });
});

describe('the lifecycle', () => {
  it('is in progress on every surface once "Start rollout" went through the gate', async () => {
    const detail = await started();
    const anchorKey = detail.rollout.issue.key;

    const view = asAnchor(await ok(loadAs('employee', anchorKey)));
    expect(view.rollout.lifecycle).toBe('in-progress');
    expect(view.rollout.startedAt).not.toBeNull();
    expect(view.approvals).toMatchObject({ state: 'approved', approved: 4, total: 4 });

    const approvals = asRollout(
      await ok(
        call(
          { host, moduleKey: 'rollout-approvals', extension: issueExtension(host, anchorKey) },
          'coordinator',
          'approvals/panel',
          {},
        ),
      ),
    );
    expect(approvals.rollout).toMatchObject({
      approvalState: 'approved',
      lifecycle: 'in-progress',
      startedAt: view.rollout.startedAt,
    });
    const macro = await ok(
      call(
        confluenceModule(host, {
          moduleKey: MACRO,
          extension: macroExtension(host, detail.page?.id ?? ''),
        }),
        'coordinator',
        'macro/status',
        {},
      ),
    );
    expect(macro.kind === 'status' ? macro.rollout.lifecycle : macro.kind).toBe('in-progress');
    // Recorded once, whoever looked first.
    expect(await events(detail.rollout.id, 'rollout-started')).toHaveLength(1);
    // Once recorded, a load reads the rollout, its round, the work states and the settings (the
    // reminder cadence that makes an approval late), and writes nothing.
    const again = await loadAs('coordinator', anchorKey);
    expect(again.counters).toEqual({ product: 6, storage: 4 });
  });

  it('stays approved while the anchor waits in To Do', async () => {
    const detail = await pushedStrategy();
    await approveAll(detail.rollout.issue.key);
    const view = asAnchor(await ok(loadAs('coordinator', detail.rollout.issue.key)));
    expect(view.rollout.lifecycle).toBe('approved');
    const refused = await call(
      panelOn(detail.rollout.issue.key),
      'coordinator',
      'rolloutPanel/completePhase',
      {
        phaseId: planIds.phase(0),
      },
    );
    expect(refused.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rolloutPanel.notStarted' },
    });
  });
});

describe('completing a phase', () => {
  it('records who completed it and when, and completes the rollout with the last phase', async () => {
    const detail = await started();
    const anchorKey = detail.rollout.issue.key;
    let view: AnchorPanelView | undefined;
    for (let i = 0; i < PHASE_COUNT; i += 1) {
      view = asAnchor(
        await ok(
          call(panelOn(anchorKey), 'coordinator', 'rolloutPanel/completePhase', {
            phaseId: planIds.phase(i),
          }),
        ),
      );
    }
    expect(view?.rollout.lifecycle).toBe('completed');
    expect(view?.currentPhase).toBeNull();
    // Completing a phase does not close its issues: the grid counts what Jira says (all to do).
    expect(view?.phases.map((p) => p.work)).toEqual(
      Array.from({ length: PHASE_COUNT }, () => ({
        open: 4 + TASKS_PER_PHASE,
        done: 0,
        overdue: 0,
      })),
    );
    const rollout = await stored<Rollout>('rollout', detail.rollout.id);
    expect(
      rollout?.phaseCompletions?.map((c) => [c.phaseId, c.completedBy, c.riskComment]),
    ).toEqual(
      Array.from({ length: PHASE_COUNT }, (_, i) => [
        planIds.phase(i),
        accountIdOf(host, 'coordinator'),
        '',
      ]),
    );
    expect(rollout?.completedAt).toBe(view?.rollout.completedAt);
    expect(await events(detail.rollout.id, 'phase-completed')).toHaveLength(PHASE_COUNT);
    expect(await events(detail.rollout.id, 'rollout-completed')).toHaveLength(1);
  });

  it('is refused to anyone but the coordinator or a Jira admin', async () => {
    const detail = await started();
    const refused = await call(
      panelOn(detail.rollout.issue.key),
      'head-sales',
      'rolloutPanel/completePhase',
      {
        phaseId: planIds.phase(0),
      },
    );
    expect(refused.envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rolloutPanel.completeForbidden' },
    });
    const byAdmin = asAnchor(
      await ok(
        call(panelOn(detail.rollout.issue.key), 'admin', 'rolloutPanel/completePhase', {
          phaseId: planIds.phase(0),
        }),
      ),
    );
    expect(byAdmin.phases[0]?.completion).not.toBeNull();
  });

  it('is refused while a blocking problem of the phase is open, unless the risk is accepted', async () => {
    const detail = await started();
    const { id } = detail.rollout;
    raiseProblem(id, planIds.phase(0), 'blocking');
    raiseProblem(id, planIds.phase(0), 'blocking', 'resolved');
    raiseProblem(id, planIds.phase(1), 'blocking');
    const from = panelOn(detail.rollout.issue.key);

    const refused = await call(from, 'coordinator', 'rolloutPanel/completePhase', {
      phaseId: planIds.phase(0),
    });
    expect(refused.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rolloutPanel.blockingOpen',
        params: { count: 1 },
      },
    });
    expect((await stored<Rollout>('rollout', id))?.phaseCompletions ?? []).toEqual([]);

    const accepted = asAnchor(
      await ok(
        call(from, 'coordinator', 'rolloutPanel/completePhase', {
          phaseId: planIds.phase(0),
          riskComment: 'A workaround is documented on the strategy page.',
        }),
      ),
    );
    expect(accepted.phases[0]?.completion).toMatchObject({
      blockingOpen: 1,
      riskComment: 'A workaround is documented on the strategy page.',
    });
    const [event] = await events(id, 'phase-completed-with-risk');
    expect(event).toMatchObject({
      actorAccountId: accountIdOf(host, 'coordinator'),
      detail: 'Pilot',
      comment: 'A workaround is documented on the strategy page.',
    });
  });

  it('is idempotent, and racing clicks record one completion', async () => {
    const detail = await started();
    const from = panelOn(detail.rollout.issue.key);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(from, 'coordinator', 'rolloutPanel/completePhase', { phaseId: planIds.phase(0) }),
      ),
    );
    for (const answer of answers) expect(answer.envelope.ok).toBe(true);
    const again = asAnchor(
      await ok(
        call(from, 'coordinator', 'rolloutPanel/completePhase', { phaseId: planIds.phase(0) }),
      ),
    );
    expect(again.phases[0]?.completion).not.toBeNull();
    expect((await stored<Rollout>('rollout', detail.rollout.id))?.phaseCompletions).toHaveLength(1);
    expect(await events(detail.rollout.id, 'phase-completed')).toHaveLength(1);
  });

  it('answers NOT_FOUND for a phase the plan does not have', async () => {
    const detail = await started();
    const answer = await call(
      panelOn(detail.rollout.issue.key),
      'coordinator',
      'rolloutPanel/completePhase',
      {
        phaseId: planIds.phase(9),
      },
    );
    expect(answer.envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.rolloutPanel.unknownPhase' },
    });
  });
});
