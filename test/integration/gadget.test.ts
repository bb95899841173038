/**
 * The Rollout progress gadget through the local Forge host: a pushed, approved rollout's progress
 * against its plan (with the admin's thresholds), approvals, problems and sessions; nothing for
 * whoever cannot browse the rollout; the daily snapshot stored once a day and drawn as the trend;
 * bounded calls.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import type { GadgetOptionsPage, GadgetRollout, StrategyDetail } from '../../src/contract';
import type { Snapshot, Trend } from '../../src/domain/snapshots';
import { gadget } from '../support/gadget';
import { accountIdOf, adminPage, call, callRaw, memoryHost, ok } from '../support/host';
import {
  addPeople,
  decideAs,
  issueExtension,
  issuePanel,
  requestApproval,
  uuid,
} from '../support/rollouts';
import { jiraIssues, makeStrategy, pushPlan } from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost({ productEventRetryMaxMs: 10 });
});

afterEach(async () => {
  await host.close();
});

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const TODAY = new Date().toISOString().slice(0, 10);

async function transition(issueKey: string, transitionId: string): Promise<number> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountIdOf(host, 'coordinator') },
    method: 'POST',
    path: `/rest/api/3/issue/${issueKey}/transitions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: transitionId } }),
  });
  return response.status;
}

async function done(issueKey: string): Promise<void> {
  expect(await transition(issueKey, ROLL_TRANSITIONS.start)).toBe(204);
  expect(await transition(issueKey, ROLL_TRANSITIONS.complete)).toBe(204);
}

/**
 * A rollout whose first phase (31 days) ended 10 days ago: its four sessions (one per department)
 * and two tasks were all due; the second phase runs; the third has not started.
 */
async function underWay(): Promise<StrategyDetail> {
  const detail = await makeStrategy(host, {
    phases: 3,
    sessions: 12,
    tasksPerPhase: 2,
    start: addDays(TODAY, -40),
  });
  await pushPlan(host, detail.rollout.id);
  const anchorKey = detail.rollout.issue.key;
  await requestApproval(host, anchorKey);
  for (const [head, department] of [
    ['head-sales', 'Sales'],
    ['head-support', 'Customer Support'],
    ['head-finance', 'Finance'],
    ['head-operations', 'Operations'],
  ] as const) {
    await ok(decideAs(host, head, department, 'approved', '', anchorKey));
  }
  await host.productEvents.idle();
  return detail;
}

function issueNamed(detail: StrategyDetail, summary: string): string {
  const found = jiraIssues(
    host,
    `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`,
  ).find((issue) => host.products.jira.issues.getIssue(issue.key)?.summary.endsWith(summary));
  if (!found) throw new Error(`No work issue "${summary}"`);
  return found.key;
}

async function load(as: string, rolloutIds: string[]) {
  return call(gadget(host, { rolloutIds, view: 'overview' }), as, 'gadget/load', { rolloutIds });
}

function only(view: { rollouts: GadgetRollout[] }): GadgetRollout {
  const [rollout] = view.rollouts;
  if (!rollout || view.rollouts.length !== 1) throw new Error('Expected one rollout');
  return rollout;
}

describe('gadget/load', () => {
  it('shows each phase × department against its plan, with its reason in words', async () => {
    const detail = await underWay();
    // Sales held its pilot session; nobody else did anything.
    await done(issueNamed(detail, 'Session 1'));
    await host.productEvents.idle();
    await ok(
      call(issuePanel(host, detail.rollout.issue.key), 'employee', 'problems/raise', {
        requestId: uuid(8101),
        issueKey: detail.rollout.issue.key,
        category: 'training-material',
        severity: 'high',
        summary: 'The slides are in German',
        description: 'The CRM training slides are not translated.',
      }),
    );

    const outcome = await load('coordinator', [detail.rollout.id]);
    const view = await ok(Promise.resolve(outcome));
    expect(view.today).toBe(TODAY);
    expect(view.unavailable).toBe(0);
    const rollout = only(view);
    expect(rollout).toMatchObject({
      id: detail.rollout.id,
      issueKey: detail.rollout.issue.key,
      lifecycle: 'approved',
      status: 'off-track',
      approvals: { approved: 4, pending: 0, blocked: 0, total: 4 },
      problems: { bySeverity: { blocking: 0, high: 1, medium: 0, low: 0 }, capped: false },
    });
    expect(rollout.url).toMatch(new RegExp(`/browse/${detail.rollout.issue.key}$`, 'u'));
    expect(rollout.phases.map((p) => [p.name, p.sessionsHeld, p.sessions, p.done])).toEqual([
      ['Pilot', 4, 4, 1],
      ['Rollout', 3, 4, 0],
      ['Stabilisation', 0, 4, 0],
    ]);
    const pilot = rollout.phases[0]?.id ?? '';
    const cell = (name: string) => {
      const department = rollout.departments.find((d) => d.name === name);
      return rollout.cells.find((c) => c.phaseId === pilot && c.departmentId === department?.id);
    };
    expect(cell('Sales')).toMatchObject({
      done: 1,
      expectedPercent: 100,
      actualPercent: 100,
      status: 'on-track',
    });
    expect(cell('Finance')).toMatchObject({
      done: 0,
      open: 0,
      overdue: 1,
      expectedPercent: 100,
      actualPercent: 0,
      status: 'off-track',
      reason: {
        key: 'progress.reason.behind',
        params: { phase: 'Pilot', department: 'Finance', expected: 100, actual: 0 },
      },
    });
    // The rollout's worst gap is its reason (a 100-point one in the pilot).
    expect(rollout.reason.params).toMatchObject({ phase: 'Pilot', expected: 100, actual: 0 });
    expect(rollout.departments.find((d) => d.name === 'Sales')).toMatchObject({
      approval: 'approved',
      trainedPercent: null,
      readiness: null,
      readinessState: 'none',
    });
    // The planned line climbs from 0 before the first phase to 100 at the end of the last.
    expect(rollout.trend.planned[0]?.percent).toBe(0);
    expect(rollout.trend.planned.at(-1)?.percent).toBe(100);
    expect(rollout.actualPercent).toBeGreaterThan(0);
    expect(rollout.plannedPercent).toBeGreaterThan(rollout.actualPercent);

    // One Jira call, whatever the rollout's size; storage reads a fixed set per rollout (the
    // policy record, for the acknowledged %, is one of them: decision 0038).
    expect(outcome.counters.product).toBeLessThanOrEqual(4);
    expect(outcome.counters.storage).toBeLessThanOrEqual(11);
  });

  it("follows the admin's thresholds", async () => {
    const detail = await underWay();
    // The running phase's tasks: 10 of its 31 days elapsed (32 % expected), nothing done.
    const tasksOfRunningPhase = (rollout: GadgetRollout) =>
      rollout.cells.find((c) => c.phaseId === rollout.phases[1]?.id && c.departmentId === '');
    const before = only(await ok(load('coordinator', [detail.rollout.id])));
    expect(tasksOfRunningPhase(before)).toMatchObject({
      expectedPercent: 32,
      actualPercent: 0,
      status: 'off-track',
      reason: { key: 'progress.reason.behindPhase' },
    });
    await ok(
      call(adminPage(host), 'admin', 'settings/update', {
        reminderCadenceDays: 2,
        maxReminders: 3,
        allowSelfApproval: false,
        progressThresholds: { atRiskGap: 10, offTrackGap: 40 },
        version: 0,
      }),
    );
    const after = only(await ok(load('coordinator', [detail.rollout.id])));
    expect(tasksOfRunningPhase(after)?.status).toBe('at-risk');
  });

  it("shows each department's trained % from its record, against the adoption target", async () => {
    const detail = await underWay();
    const sales = detail.rollout.departments.find((d) => d.name === 'Sales')?.departmentId ?? '';
    await kvs.set(`trained:${detail.rollout.id}`, {
      byDepartment: { [sales]: { trained: 2, people: 10, source: 'headCount' } },
      updatedAt: new Date().toISOString(),
    });
    const rollout = only(await ok(load('coordinator', [detail.rollout.id])));
    expect(rollout.departments.find((d) => d.name === 'Sales')?.trainedPercent).toBe(20);
    expect(rollout.departments.find((d) => d.name === 'Finance')?.trainedPercent).toBeNull();
    // The plan's target: 90 % by the end of the third phase; 40 of its 93 days are behind us.
    expect(rollout.targets).toEqual([
      expect.objectContaining({ kind: 'adoption', departmentId: sales, actual: 20, expected: 39 }),
    ]);
  });

  it('shows readiness and its barrier to the coordinator and Jira admins, never to an employee', async () => {
    const detail = await underWay();
    const anchor = {
      host,
      moduleKey: 'rollout-panel',
      extension: issueExtension(host, detail.rollout.issue.key),
    };
    const sales = detail.rollout.departments.find((d) => d.name === 'Sales')?.departmentId ?? '';
    const opened = await ok(
      call(anchor, 'coordinator', 'pulses/open', {
        requestId: uuid(8100),
        from: addDays(TODAY, -1),
        to: addDays(TODAY, 6),
        departmentIds: [sales],
      }),
    );
    const pulseId = opened.pulses[0]?.id ?? '';
    const salesOf = (view: { rollouts: GadgetRollout[] }) =>
      only(view).departments.find((d) => d.name === 'Sales');
    // Asked, nobody answered yet: said so, not a bare dash.
    expect(salesOf(await ok(load('coordinator', [detail.rollout.id])))).toMatchObject({
      readiness: null,
      readinessState: 'none',
    });
    const answerers = addPeople(host, 5, 'rc-gadget-answer');
    // An answer counts for the department whose Jira group holds the answerer (Sales': sales-team).
    for (const person of answerers) host.products.jira.users.addGroupMember('sales-team', person);
    for (const [i, person] of answerers.entries()) {
      if (i === 3) {
        // 3 answers: kept hidden to stay anonymous.
        expect(salesOf(await ok(load('coordinator', [detail.rollout.id])))).toMatchObject({
          readiness: null,
          barrier: null,
          readinessState: 'hidden',
        });
      }
      await ok(
        call(anchor, person, 'pulses/answer', {
          pulseId,
          departmentId: sales,
          role: 'employee',
          scores: { awareness: 5, desire: 4, knowledge: 2, ability: 2, reinforcement: 4 },
          comment: '',
        }),
      );
    }

    for (const reader of ['coordinator', 'admin']) {
      const seen = salesOf(await ok(load(reader, [detail.rollout.id])));
      expect(seen).toMatchObject({ barrier: 'knowledge', readiness: 3.4, readinessState: 'shown' });
    }
    const employee = await ok(load('employee', [detail.rollout.id]));
    expect(salesOf(employee)).toMatchObject({
      barrier: null,
      readiness: null,
      readinessState: 'forbidden',
    });
    expect(only(employee).trend.readiness).toEqual([]);
  });

  it('shows nothing of a rollout to whoever cannot browse its anchor, nor of unknown ones', async () => {
    const detail = await underWay();
    const hidden = await ok(load('outsider', [detail.rollout.id, uuid(9999)]));
    expect(hidden).toEqual({ today: TODAY, rollouts: [], unavailable: 2 });
    const options = await ok(call(gadget(host), 'outsider', 'gadget/options', {}));
    expect(options.rollouts).toEqual([]);
    const mine = await ok(call(gadget(host), 'coordinator', 'gadget/options', {}));
    expect(mine.rollouts).toEqual([
      { id: detail.rollout.id, title: 'New CRM', issueKey: detail.rollout.issue.key },
    ]);
  });

  it('pages the edit view through every rollout, a storage page per state and one Jira check a page', async () => {
    const detail = await makeStrategy(host, { phases: 1, sessions: 1, tasksPerPhase: 1 });
    await requestApproval(host, detail.rollout.issue.key);
    // 130 more rollouts under way on the same anchor, written straight to storage: the options
    // read storage 100 at a time, so they span two pages of approved rollouts.
    const rollouts = kvs.entity<Record<string, unknown>>('rollout');
    const original = await rollouts.get(detail.rollout.id);
    if (!original) throw new Error('the rollout is not stored');
    const copies = Array.from({ length: 130 }, (_, n) => ({
      ...original,
      id: uuid(5000 + n),
      title: `Rollout ${String(n).padStart(3, '0')}`,
      approvalState: 'approved',
    }));
    for (const copy of copies) await rollouts.set(copy.id, copy);

    const seen: string[] = [];
    const pages: { count: number; counters: unknown }[] = [];
    let cursor: string | null | undefined;
    do {
      const answer = await callRaw(
        gadget(host),
        'coordinator',
        'gadget/options',
        cursor ? { cursor } : {},
      );
      if (!answer.envelope.ok) throw new Error(answer.envelope.error.message);
      const page = answer.envelope.data as GadgetOptionsPage;
      seen.push(...page.rollouts.map((rollout) => rollout.id));
      pages.push({ count: page.rollouts.length, counters: answer.counters });
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);
    expect(pages).toEqual([
      { count: 100, counters: { storage: 1, product: 1 } },
      // The last 30 approved, then the one awaiting approval: no page left that brings nothing.
      { count: 31, counters: { storage: 2, product: 1 } },
    ]);
    expect(new Set(seen)).toEqual(new Set([detail.rollout.id, ...copies.map((c) => c.id)]));

    const forged = await callRaw(gadget(host), 'coordinator', 'gadget/options', {
      cursor: '7:abc',
    });
    expect(forged.envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(forged.counters).toEqual({ storage: 0, product: 0 });
  });

  it('refuses more rollouts than a gadget follows, and none', async () => {
    const tooMany = await callRaw(gadget(host), 'coordinator', 'gadget/load', {
      rolloutIds: [1, 2, 3, 4, 5, 6].map((n) => uuid(n)),
    });
    expect(tooMany.envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ messageKey: 'errors.gadget.tooMany' }] } },
    });
    const none = await callRaw(gadget(host), 'coordinator', 'gadget/load', { rolloutIds: [] });
    expect(none.envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(none.counters).toEqual({ storage: 0, product: 0 });
  });
});

/** The job's report, from the scheduled function's HTTP-like answer. */
function report(body: unknown): unknown {
  const answer = body as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(200);
  return JSON.parse(answer.body);
}

describe('the daily snapshot', () => {
  it('stores one snapshot per rollout per day, and the gadget draws it as the trend', async () => {
    const detail = await underWay();
    await done(issueNamed(detail, 'Session 1'));
    await host.productEvents.idle();
    const first = await host.runScheduled('daily-progress-snapshots');
    expect(report(first.body)).toMatchObject({ rollouts: 1, written: 1, failed: 0 });
    const key = `snapshot:${detail.rollout.id}:${TODAY}`;
    const snapshot = await kvs.get<Snapshot>(key);
    expect(snapshot).toMatchObject({
      rolloutId: detail.rollout.id,
      day: TODAY,
      openProblems: { blocking: 0, high: 0, medium: 0, low: 0 },
    });
    const total = (snapshot?.cells ?? []).reduce((sum, [, , d]) => sum + d, 0);
    expect(total).toBeGreaterThanOrEqual(1);

    // A repeated run the same day (a retried delivery) writes nothing and keeps one point.
    await done(issueNamed(detail, 'Session 4'));
    await host.productEvents.idle();
    const second = await host.runScheduled('daily-progress-snapshots');
    expect(report(second.body)).toMatchObject({ rollouts: 1, written: 0, failed: 0 });
    expect(await kvs.get<Snapshot>(key)).toEqual(snapshot);
    const trend = await kvs.get<Trend>(`trend:${detail.rollout.id}`);
    expect(trend?.points).toEqual([[TODAY, snapshot?.plannedPercent, snapshot?.actualPercent]]);

    const rollout = only(await ok(load('coordinator', [detail.rollout.id])));
    expect(rollout.trend.actual).toEqual([{ day: TODAY, percent: snapshot?.actualPercent }]);
  });
});
