/**
 * The Rollout panel's grid follows Jira (decision 0014), through the local Forge host: the push
 * seeds its issues' states, the emulated Jira sends "issue created/updated" product events that
 * the host delivers to the app's `work-events` trigger, and the daily reconciliation repairs what
 * a dropped event left wrong. Every count is checked against Jira's own search.
 */
import type { LocalHost } from '../../local/host';
import type { ProductEvent } from '../../local/events/product-events';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import type { AnchorPanelView, StrategyDetail } from '../../src/contract';
import type { Rollout } from '../../src/domain/rollout';
import { tallyOf, type StoredWorkState, type WorkCounters } from '../../src/domain/work-states';
import { countersOf } from '../../src/storage/work-states';
import { accountIdOf, call, memoryHost, ok } from '../support/host';
import { approveAll, issueExtension } from '../support/rollouts';
import { jiraIssues, makeStrategy, pushPlan } from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost({ productEventRetryMaxMs: 10 });
});

afterEach(async () => {
  await host.close();
});

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

async function jiraAs(
  persona: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<number> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountIdOf(host, persona) },
    method,
    path,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status;
}

async function moveTo(issueKey: string, to: 'in progress' | 'done'): Promise<void> {
  expect(await transition(issueKey, ROLL_TRANSITIONS.start)).toBe(204);
  if (to === 'done') expect(await transition(issueKey, ROLL_TRANSITIONS.complete)).toBe(204);
}

async function pushed(): Promise<StrategyDetail> {
  const detail = await makeStrategy(host, { phases: 3, sessions: 12, tasksPerPhase: 2 });
  await pushPlan(host, detail.rollout.id);
  await host.productEvents.idle();
  return detail;
}

async function anchorPanel(detail: StrategyDetail): Promise<AnchorPanelView> {
  const view = await ok(
    call(
      {
        host,
        moduleKey: 'rollout-panel',
        extension: issueExtension(host, detail.rollout.issue.key),
      },
      'coordinator',
      'rolloutPanel/load',
      {},
    ),
  );
  if (view.kind !== 'anchor') throw new Error(`Expected the anchor's view, got ${view.kind}`);
  return view;
}

function workIssues(detail: StrategyDetail): { id: number; key: string }[] {
  return jiraIssues(host, `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`);
}

/** Every cell of the grid against Jira's own search of that cell's issues. */
function expectGridMatchesJira(view: AnchorPanelView): void {
  let cells = 0;
  for (const phase of view.phases) {
    for (const cell of phase.departments) {
      const all = jiraIssues(host, cell.jql).length;
      const done = jiraIssues(host, `${cell.jql} AND statusCategory = Done`).length;
      expect({ cell: cell.jql, done: cell.done, notDone: cell.open + cell.overdue }).toEqual({
        cell: cell.jql,
        done,
        notDone: all - done,
      });
      cells += 1;
    }
  }
  expect(cells).toBeGreaterThan(0);
}

/**
 * What storage holds of a rollout's work: its counters, and every issue's kept state (records
 * and seeds). The counters must always be what the kept states add up to.
 */
async function storedStates(
  rolloutId: string,
): Promise<{ counters: WorkCounters; items: Record<string, StoredWorkState> } | undefined> {
  const { kvs, WhereConditions } = await import('@forge/kvs');
  const counters = countersOf(await kvs.entity<unknown>('rollout-work').get(rolloutId));
  if (!counters) return undefined;
  const prefix = `rollout-work-issue:${rolloutId}:`;
  const items: Record<string, StoredWorkState> = { ...counters.seeded };
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(20);
    if (cursor !== undefined) query = query.cursor(cursor);
    const page = await query.getMany<StoredWorkState>();
    for (const row of page.results) items[row.key.slice(prefix.length)] = row.value;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const tally = tallyOf(items);
  expect({ cells: counters.cells, plan: counters.plan, issues: counters.issues }).toEqual({
    cells: tally.cells,
    plan: tally.plan,
    issues: Object.keys(items).length,
  });
  return { counters, items };
}

function doneCount(view: AnchorPanelView): number {
  return view.phases.reduce((sum, phase) => sum + phase.work.done, 0);
}

describe("the grid follows Jira's status of each work issue", () => {
  it('seeds every pushed issue as to do, before any event', async () => {
    const detail = await makeStrategy(host, { phases: 3, sessions: 12, tasksPerPhase: 2 });
    host.productEvents.pause();
    await pushPlan(host, detail.rollout.id);
    const issues = workIssues(detail);
    expect(issues).toHaveLength(18);
    // The created events are held: the states come from the push alone.
    expect(host.productEvents.heldEvents().length).toBeGreaterThanOrEqual(18);
    const states = await storedStates(detail.rollout.id);
    expect(Object.keys(states?.items ?? {}).sort()).toEqual(
      issues.map((issue) => String(issue.id)).sort(),
    );
    for (const state of Object.values(states?.items ?? {})) expect(state[3]).toBe('new');
    const view = await anchorPanel(detail);
    expect(doneCount(view)).toBe(0);
    expectGridMatchesJira(view);
  });

  it('counts issues moved to Done in Jira as done, cell by cell as Jira counts them', async () => {
    const detail = await pushed();
    const issues = workIssues(detail);
    await moveTo(issues[0]?.key ?? '', 'done');
    await moveTo(issues[5]?.key ?? '', 'done');
    await moveTo(issues[9]?.key ?? '', 'in progress');
    await moveTo(issues[17]?.key ?? '', 'done');
    await host.productEvents.idle();
    const view = await anchorPanel(detail);
    expect(doneCount(view)).toBe(3);
    expectGridMatchesJira(view);
    expect(host.productEvents.deliveries.filter((d) => d.outcome !== 'ok')).toEqual([]);
  });

  it('changes nothing for a repeated or a reordered event', async () => {
    const detail = await pushed();
    const [first, second] = workIssues(detail);
    host.productEvents.pause();
    await moveTo(first?.key ?? '', 'done');
    await moveTo(second?.key ?? '', 'in progress');
    const held = host.productEvents.heldEvents();
    expect(held).toHaveLength(3);
    host.productEvents.release(held);
    await host.productEvents.idle();
    const once = await storedStates(detail.rollout.id);
    // The same events again, the last first, each twice.
    const replay: ProductEvent[] = [...held].reverse().flatMap((event) => [event, event]);
    host.productEvents.release(replay);
    await host.productEvents.idle();
    expect(await storedStates(detail.rollout.id)).toEqual(once);
    const view = await anchorPanel(detail);
    expect(doneCount(view)).toBe(1);
    expectGridMatchesJira(view);
  });

  it('repairs a dropped event in the daily reconciliation', async () => {
    const detail = await pushed();
    const [issue] = workIssues(detail);
    await approveAndStart(detail);
    host.productEvents.pause();
    await moveTo(issue?.key ?? '', 'done');
    host.productEvents.release([]);
    expect(doneCount(await anchorPanel(detail))).toBe(0);

    const run = await host.runScheduled('work-reconciliation');
    expect(run.body).toMatchObject({ statusCode: 200 });
    const view = await anchorPanel(detail);
    expect(doneCount(view)).toBe(1);
    expectGridMatchesJira(view);
    // A second run finds nothing to repair.
    const again = await host.runScheduled('work-reconciliation');
    expect(JSON.parse((again.body as { body: string }).body)).toMatchObject({
      rollouts: 1,
      repaired: 0,
    });
  });

  it("receives none of the push's own events (the trigger's ignoreSelf): the seed stands for them", async () => {
    const detail = await pushed();
    const toWork = host.productEvents.filtered.filter(
      (entry) => entry.moduleKey === 'work-issue-events',
    );
    // The anchor the strategy made, the edit that links it to its page once the page exists
    // (decision 0050), and every work issue of the push: all the app's own.
    expect(toWork).toHaveLength(2 + workIssues(detail).length);
    expect(new Set(toWork.map((entry) => `${entry.eventType} ${entry.reason}`))).toEqual(
      new Set(['avi:jira:created:issue self', 'avi:jira:updated:issue self']),
    );
    expect(host.productEvents.deliveries).toEqual([]);
    expectGridMatchesJira(await anchorPanel(detail));
  });

  it('follows a due date edited in Jira: the issue becomes overdue', async () => {
    const detail = await pushed();
    const [issue] = workIssues(detail);
    const before = await anchorPanel(detail);
    const overdue = (view: AnchorPanelView) =>
      view.phases.reduce(
        (sum, phase) => sum + phase.departments.reduce((cells, cell) => cells + cell.overdue, 0),
        0,
      );
    expect(overdue(before)).toBe(0);
    expect(
      await jiraAs('coordinator', 'PUT', `/rest/api/3/issue/${issue?.key ?? ''}`, {
        fields: { duedate: '2020-01-15' },
      }),
    ).toBe(204);
    await host.productEvents.idle();
    expect(overdue(await anchorPanel(detail))).toBe(1);
  });

  it('takes a deleted work issue out of the counts, once, whatever the repeats', async () => {
    const detail = await pushed();
    const issues = workIssues(detail);
    const [gone, other] = issues;
    await moveTo(other?.key ?? '', 'done');
    await host.productEvents.idle();
    const total = (view: AnchorPanelView) =>
      view.phases.reduce(
        (sum, phase) =>
          sum +
          phase.departments.reduce(
            (cells, cell) => cells + cell.open + cell.overdue + cell.done,
            0,
          ),
        0,
      );
    expect(total(await anchorPanel(detail))).toBe(issues.length);

    host.productEvents.pause();
    expect(await jiraAs('admin', 'DELETE', `/rest/api/3/issue/${gone?.key ?? ''}`)).toBe(204);
    const held = host.productEvents.heldEvents();
    expect(held.map((event) => event.eventType)).toEqual(['avi:jira:deleted:issue']);
    host.productEvents.release(held);
    await host.productEvents.idle();
    const view = await anchorPanel(detail);
    expect(total(view)).toBe(issues.length - 1);
    expect(doneCount(view)).toBe(1);
    expectGridMatchesJira(view);
    const once = await storedStates(detail.rollout.id);
    expect(Object.keys(once?.items ?? {})).not.toContain(String(gone?.id));

    // The same event again, twice: nothing more changes.
    host.productEvents.release([...held, ...held]);
    await host.productEvents.idle();
    expect(await storedStates(detail.rollout.id)).toEqual(once);
    expect(host.productEvents.deliveries.filter((d) => d.outcome !== 'ok')).toEqual([]);
  });

  it("records the rollout's start from the anchor's transition, with no panel opened", async () => {
    const detail = await pushed();
    await approveAndStart(detail);
    await host.productEvents.idle();
    const { kvs } = await import('@forge/kvs');
    const rollout = await kvs.entity<Rollout>('rollout').get(detail.rollout.id);
    expect(rollout?.startedAt).toEqual(expect.any(String));
  });
});

async function approveAndStart(detail: StrategyDetail): Promise<void> {
  const anchorKey = detail.rollout.issue.key;
  await approveAll(host, anchorKey);
  expect(await transition(anchorKey, ROLL_TRANSITIONS.start)).toBe(204);
}
