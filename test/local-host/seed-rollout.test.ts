/**
 * The demo company's rollout in progress, as `npm start` seeds it: what the app's own resolvers
 * answer about it (the Rollout panel on the anchor and on a work issue, the Approvals panel, the
 * problems list, the macro on the strategy page), what Jira holds (the anchor's children, their
 * statuses), and that a reset rebuilds the same rollout while a restart keeps the one there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { kvs } from '@forge/kvs';
import { join } from 'node:path';
import { startLocalHost, type LocalHost } from '../../local/host';
import { DEMO_ROLLOUT_IDS, DEMO_ROLLOUT_TITLE } from '../../local/seed/rollout';
import type { AnchorPanelView, MemberPanelView, RolloutPanelView } from '../../src/contract';
import { gadget } from '../support/gadget';
import { call, memoryHost, ok, type From } from '../support/host';
import { day, issueExtension, panelAs } from '../support/rollouts';
import { MACRO, macroExtension } from '../support/strategy';

const ANCHOR = 'ROLL-2';

let host: LocalHost;

function panelOn(issueKey: string): From {
  return { host, moduleKey: 'rollout-panel', extension: issueExtension(host, issueKey) };
}

function asAnchor(view: RolloutPanelView): AnchorPanelView {
  if (view.kind !== 'anchor') throw new Error(`Expected the anchor's view, got ${view.kind}`);
  return view;
}

function asMember(view: RolloutPanelView): MemberPanelView {
  if (view.kind !== 'member') throw new Error(`Expected a member view, got ${view.kind}`);
  return view;
}

/** The anchor's children in Jira: key, summary, status name. */
function children(issueKey: string): { key: string; summary: string; status: string }[] {
  const jira = host.products.jira;
  const anchor = jira.issues.getIssue(issueKey);
  if (!anchor) throw new Error(`No issue ${issueKey}`);
  return jira.issues.childrenOf(anchor.id).map((issue) => ({
    key: issue.key,
    summary: issue.summary,
    status: jira.projects.getStatus(issue.statusId)?.name ?? '',
  }));
}

const today = (): string => new Date().toISOString().slice(0, 10);

describe('the seeded rollout in progress', () => {
  beforeAll(async () => {
    host = await memoryHost({ rolloutInProgress: true });
  });

  afterAll(async () => {
    await host.close();
  });

  it('makes ROLL-1 the approved CRM rollout, not started, and anchors the expense rollout on its own epic, started', async () => {
    const jira = host.products.jira;
    const crm = jira.issues.getIssue('ROLL-1');
    expect(crm?.summary).toBe('Roll out the new CRM');
    expect(jira.projects.getStatus(crm?.statusId ?? '')?.name).toBe('To Do');
    expect(children('ROLL-1')).toEqual([]);
    const anchor = jira.issues.getIssue(ANCHOR);
    expect(anchor?.summary).toBe(DEMO_ROLLOUT_TITLE);
    expect(jira.projects.getStatus(anchor?.statusId ?? '')?.name).toBe('In Progress');

    const approvals = await panelAs(host, 'coordinator', 'ROLL-1');
    if (approvals.kind !== 'rollout') throw new Error('ROLL-1 is not a rollout');
    expect(approvals.rollout.lifecycle).toBe('approved');
    expect(
      approvals.round?.approvals.map((a) => [
        a.departmentName,
        a.status,
        a.decidedBy?.displayName,
        a.decidedOnBehalfOf?.displayName ?? null,
      ]),
    ).toEqual([
      ['Customer Support', 'approved', 'Daniel Okafor', null],
      ['Finance', 'approved', 'Julien Mercier', 'Élodie Lefèvre'],
      ['Operations', 'approved', 'Marcus Chen', null],
      ['Sales', 'approved', 'Sophie Bernard', null],
    ]);
  });

  it('gives Finance’s delegate role to a persona of its own, not to the employee', async () => {
    const directory = await ok(
      call({ host, moduleKey: 'rollout-admin' }, 'admin', 'directory/list', {}),
    );
    const finance = directory.departments.find((d) => d.name === 'Finance');
    expect(finance?.delegate?.displayName).toBe('Julien Mercier');
    expect(
      directory.departments.some(
        (d) => d.delegate?.accountId === host.persona('employee')?.accountId,
      ),
    ).toBe(false);
  });

  it('holds the pushed work and the raised problems as the anchor’s children', () => {
    const all = children(ANCHOR);
    // 5 tasks and 7 sessions pushed, then 3 problems raised.
    expect(all).toHaveLength(15);
    expect(all.filter((issue) => issue.status === 'Done')).toHaveLength(6);
    // The keys the README tells people to open.
    expect(all.map((issue) => [issue.key, issue.summary])).toEqual(
      expect.arrayContaining([
        ['ROLL-3', 'Pilot in Finance: Configure expense categories and approval limits'],
        ['ROLL-11', 'Expense tool training for Sales'],
        ['ROLL-14', 'First month-end close help desk'],
        ['ROLL-15', 'Receipts photographed on Android phones fail to upload'],
        ['ROLL-16', 'The quick-start guide shows the old mileage form'],
        ['ROLL-17', 'Warehouse teams want to keep paper expense forms'],
      ]),
    );
  });

  it('is in progress on the anchor’s Rollout panel: pilot completed, second phase current, problems open', async () => {
    const view = asAnchor(await ok(call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {})));
    expect(view.rollout).toMatchObject({
      title: DEMO_ROLLOUT_TITLE,
      issueKey: ANCHOR,
      lifecycle: 'in-progress',
      approvalState: 'approved',
      completedAt: null,
    });
    expect(view.rollout.startedAt?.slice(0, 10)).toBe(today());
    const [pilot, rollout, stabilisation] = view.phases;
    expect(pilot?.completion).toMatchObject({ blockingOpen: 0, riskComment: '' });
    expect(pilot?.work).toEqual({ open: 0, done: 4, overdue: 0 });
    expect(rollout?.completion).toBeNull();
    // 2 tasks and 4 sessions (the kick-off held, three ahead).
    const { open = 0, done = 0, overdue = 0 } = rollout?.work ?? {};
    expect(open + done + overdue).toBe(6);
    expect(stabilisation?.completion).toBeNull();
    expect(view.currentPhase).toEqual({
      id: DEMO_ROLLOUT_IDS.phases[1],
      index: 1,
      timing: 'running',
    });
    expect(view.sessions.total).toBe(4);
    expect(view.sessions.upcoming.map((s) => s.title)).toEqual([
      'Expense tool training for Sales',
      'Expense tool training for Support and Operations',
      'Receipts on the phone: questions and answers',
      'First month-end close help desk',
    ]);
    expect(view.problems.open).toEqual({ blocking: 1, high: 1, medium: 1, low: 0 });
    expect(view.approvals).toMatchObject({ state: 'approved', approved: 4, pending: 0, total: 4 });
    expect(view.strategyPage).not.toBeNull();
  });

  it('shows who attended the sessions held, and each department’s trained %', async () => {
    const view = asAnchor(await ok(call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {})));
    // Every held session has its attendance recorded: nothing is flagged.
    expect(view.sessions.flagged).toEqual([]);
    expect(
      view.trained.departments.map((d) => [d.name, d.source, d.trained, d.people, d.percent]),
    ).toEqual([
      ['Sales', 'group', 0, 5, 0],
      ['Customer Support', 'none', 0, 0, null],
      ['Finance', 'group', 5, 7, 71],
      ['Operations', 'headCount', 0, 40, 0],
    ]);
    const training = children(ANCHOR).find(
      (i) => i.summary === 'Expense tool training for Finance',
    );
    const member = asMember(
      await ok(call(panelOn(training?.key ?? ''), 'head-finance', 'rolloutPanel/load', {})),
    );
    expect(member.session?.attendance).toMatchObject({ count: 5, flag: null });
    expect(member.session?.trained.map((d) => [d.name, d.percent])).toEqual([['Finance', 71]]);
  });

  it('places a work issue in the plan on its Rollout panel', async () => {
    const training = children(ANCHOR).find((i) => i.summary === 'Expense tool training for Sales');
    const view = asMember(
      await ok(call(panelOn(training?.key ?? ''), 'employee', 'rolloutPanel/load', {})),
    );
    expect(view.rollout).toMatchObject({ issueKey: ANCHOR, lifecycle: 'in-progress' });
    expect(view.workKind).toBe('training');
    expect(view.phase).toMatchObject({
      name: 'Company-wide rollout',
      position: 2,
      count: 3,
      current: true,
      completed: false,
    });
    expect(view.departments).toEqual(['Sales']);
    expect(view.session).toMatchObject({ startTime: '09:30', place: 'Room 2.14', capacity: 20 });
  });

  it('asks the departments’ people to acknowledge the expense policy page', async () => {
    const mine = await ok(call(gadget(host), 'head-sales', 'policy/mine', {}));
    expect(mine).toEqual([
      expect.objectContaining({
        rolloutTitle: DEMO_ROLLOUT_TITLE,
        pageTitle: 'Expense policy 2026',
        state: 'due',
      }),
    ]);
    // The coordinator is in no department's group: nothing to acknowledge.
    expect(await ok(call(gadget(host), 'coordinator', 'policy/mine', {}))).toEqual([]);
  });

  it('agrees on the Approvals panel, the problems list and the strategy page’s macro', async () => {
    const approvals = await panelAs(host, 'head-sales', ANCHOR);
    expect(approvals.kind).toBe('rollout');
    if (approvals.kind !== 'rollout') return;
    expect(approvals.rollout.lifecycle).toBe('in-progress');
    expect(approvals.round?.approvals.map((a) => a.status)).toEqual([
      'approved',
      'approved',
      'approved',
      'approved',
    ]);

    const problems = await ok(call(panelOn(ANCHOR), 'coordinator', 'problems/list', {}));
    expect(
      problems.problems
        .map((p) => [p.category, p.severity, p.status, p.raisedBy.displayName])
        .sort(),
    ).toEqual([
      ['resistance', 'medium', 'new', 'Lucas Petit'],
      ['technical', 'blocking', 'new', 'Lucas Petit'],
      ['training-material', 'high', 'acknowledged', 'Lucas Petit'],
    ]);

    const anchor = asAnchor(
      await ok(call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {})),
    );
    const pageId = /pageId=(\d+)$/u.exec(anchor.strategyPage?.url ?? '')?.[1] ?? '';
    const page = host.products.confluence.pages.getPage(Number(pageId));
    expect(page?.title).toContain(DEMO_ROLLOUT_TITLE);
    expect(page?.version.body).toContain('rollout-status');
    // The readiness pulse is answered where the strategy is read: its macro is on the page.
    expect(page?.version.body).toContain('ac:name="rollout-pulse"');
    const macro = await ok(
      call(
        { host, moduleKey: MACRO, extension: macroExtension(host, pageId) },
        'head-finance',
        'macro/status',
        {},
      ),
    );
    expect(macro.kind).toBe('status');
    if (macro.kind !== 'status') return;
    expect(macro.rollout).toMatchObject({ issueKey: ANCHOR, lifecycle: 'in-progress' });
    expect(macro.totals).toEqual({ open: 6, done: 6, blocking: 1 });
  });

  it('draws on the gadget the done work growing over the last seven days, as the daily job saw each day', async () => {
    const anchor = asAnchor(
      await ok(call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {})),
    );
    const view = await ok(
      call(gadget(host), 'coordinator', 'gadget/load', {
        rolloutIds: [anchor.rollout.id],
      }),
    );
    const trend = view.rollouts[0]?.trend;
    const week = [-6, -5, -4, -3, -2, -1, 0].map(day);
    expect(trend?.actual.map((point) => point.day)).toEqual(week);
    // Done % (weighted by department cells, as the gadget counts) grows on the days work was
    // closed, the cost-centre import (day -5), the kick-off (day -3) and the intranet
    // announcement (yesterday), and stays flat on the days between; today's point is today's.
    const [d6 = 0, d5 = 0, d4 = 0, d3 = 0, d2 = 0, d1 = 0, d0 = 0] =
      trend?.actual.map((point) => point.percent) ?? [];
    expect(d6).toBeGreaterThan(0);
    expect([d5 > d6, d4 === d5, d3 > d4, d2 === d3, d1 > d2, d0 === d1]).toEqual(
      Array<boolean>(6).fill(true),
    );
    expect(d0).toBe(view.rollouts[0]?.actualPercent);
  });

  it('keeps what the daily job wrote each day, taken at that day’s clock', async () => {
    const anchor = asAnchor(
      await ok(call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {})),
    );
    const snapshot = await kvs.get<{
      day: string;
      takenAt: string;
      readinessByDepartment: Record<string, number | null>;
    }>(`snapshot:${anchor.rollout.id}:${day(-4)}`);
    // The job's clock starts at 23:00 that day and runs on for the job's few milliseconds.
    expect(snapshot?.day).toBe(day(-4));
    // The earlier pulse was answered by then: the past day keeps Sales' and Finance's readiness
    // (the other departments were not asked).
    const known = Object.values(snapshot?.readinessByDepartment ?? {}).filter((v) => v !== null);
    expect(known).toHaveLength(2);
    expect(known.every((score) => score >= 1 && score <= 5)).toBe(true);
    const takenAt = new Date(snapshot?.takenAt ?? '').getTime();
    expect(takenAt - Date.parse(`${day(-4)}T23:00:00.000Z`)).toBeGreaterThanOrEqual(0);
    expect(takenAt - Date.parse(`${day(-4)}T23:00:00.000Z`)).toBeLessThan(60_000);
    // The clock was the invocation's only: the host and this test still read the machine's. A
    // leaked job clock (23:00 on a past day) is at least an hour off; the wall clock and the
    // monotonic one drift apart by seconds on a busy machine (6.7 s seen in a full run), so a
    // minute tells the two apart.
    expect(new Date().toISOString().slice(0, 10)).toBe(today());
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(60_000);
  });
});

describe('seeding again', () => {
  it('rebuilds the same rollout after a reset and keeps it across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rc-seed-'));
    try {
      const first = await startLocalHost({ dataDir, rolloutInProgress: true });
      const keys = (h: LocalHost) =>
        h.products.jira.issues
          .childrenOf(h.products.jira.issues.getIssue(ANCHOR)?.id ?? 0)
          .map((issue) => `${issue.key} ${issue.summary}`);
      const before = keys(first);
      await first.close();

      const restarted = await startLocalHost({ dataDir, rolloutInProgress: true });
      expect(keys(restarted)).toEqual(before);
      expect(restarted.products.jira.issues.getIssue('ROLL-17')).toBeDefined();
      expect(restarted.products.jira.issues.getIssue('ROLL-18')).toBeUndefined();
      await restarted.close();

      const reset = await startLocalHost({ dataDir, reset: true, rolloutInProgress: true });
      expect(keys(reset)).toEqual(before);
      await reset.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
