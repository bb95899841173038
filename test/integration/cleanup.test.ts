/**
 * The cleanup of gone rollouts (decision 0045) through the local host: a rollout with a pushed
 * plan, a pulse with answers and a check-in, a problem, snapshots, a reconciliation's keys and a
 * digest opt-out is discarded, or its anchor issue is deleted in Jira; the daily reconciliation
 * run then removes its records, and the whole of storage (every kvs table of the host's SQLite
 * file) holds none of them but the audit trail and the rollout id's claim. A run with a tiny
 * budget stops, keeps its place in the ticket, and the next run goes on from there.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { continueCleanup } from '../../src/app/rollouts/cleanup';
import { continueCleanupSweep } from '../../src/app/rollouts/cleanup-sweep';
import type { CleanupTicket } from '../../src/domain/cleanup';
import type { Rollout } from '../../src/domain/rollout';
import { productionPorts } from '../../src/wiring';
import { accountIdOf, call, ok } from '../support/host';
import { raised } from '../support/problems';
import { FINANCE, SALES, pulseRollout, scores } from '../support/pulses';
import { addIssue, addPeople, approveAll, makeRollout, stored, uuid } from '../support/rollouts';
import { confluenceModule, jiraIssues, planIds, spaceOf } from '../support/strategy';

const world = pulseRollout();
const RECONCILE = 'work-reconciliation';
const PULSE = uuid(8000);

/** Rows of every kvs table, as `table entity key value` lines (secrets left out: none is a rollout's). */
function wholeStorage(): string[] {
  const db = new Database(join(world.dataDir, 'forge.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const plain = db.prepare('SELECT key, value FROM kvs_plain').all() as {
      key: string;
      value: string;
    }[];
    const entities = db.prepare('SELECT entity, key, value FROM kvs_entity').all() as {
      entity: string;
      key: string;
      value: string;
    }[];
    const indexed = db.prepare('SELECT entity, idx, part, key FROM kvs_entity_index').all() as {
      entity: string;
      idx: string;
      part: string;
      key: string;
    }[];
    return [
      ...plain.map((row) => `plain ${row.key} ${row.value}`),
      ...entities.map((row) => `entity ${row.entity} ${row.key} ${row.value}`),
      ...indexed.map((row) => `index ${row.entity} ${row.idx} ${row.part} ${row.key}`),
    ];
  } finally {
    db.close();
  }
}

/** Rows that mention any of `ids`, but the audit trail's and the id claim's, which are kept. */
function leftOf(ids: readonly string[]): string[] {
  return wholeStorage().filter(
    (row) =>
      ids.some((id) => row.includes(id)) &&
      !/^(entity|index) (approval-event|rollout-claim) /u.test(row),
  );
}

/** Fills the rollout's records the way its users would. Answers the ids its records carry. */
async function busyRollout(): Promise<string[]> {
  const { host } = world;
  await ok(world.openPulse());
  for (const person of addPeople(host, 6, 'rc-test-gone')) {
    await ok(world.answer(person, PULSE, FINANCE, scores(4, 3, 2, 3, 4), 'Slides are old'));
  }
  await ok(
    call(world.anchorPanel(), 'head-sales', 'pulses/checkIn', {
      requestId: uuid(8100),
      departmentId: SALES,
      rating: 2,
      note: 'Morale is low',
    }),
  );
  const problem = await raised(host, 'coordinator', { issueKey: world.anchorKey });
  await ok(call(world.anchorPanel(), 'head-sales', 'digest/subscribe', { subscribed: false }));
  // A policy page named for it: its record and the page's and groups' index rows.
  const space = spaceOf(host);
  const page = host.products.confluence.pages.createPage({
    spaceId: Number(space.id),
    title: 'Expense policy',
    body: '<p>Receipts within 30 days.</p>',
    authorId: accountIdOf(host, 'coordinator'),
  });
  const onPage = {
    host,
    moduleKey: 'rollout-policy-byline',
    extension: { content: { id: String(page.id), type: 'page' }, space },
  };
  await ok(call(onPage, 'coordinator', 'policy/name', { rolloutId: world.rolloutId }));
  return [world.rolloutId, PULSE, problem.id];
}

/** The coordinator discards the rollout, as from its strategy page. */
async function discard(): Promise<void> {
  const rollout = await stored<Rollout>('rollout', world.rolloutId);
  await ok(
    call(confluenceModule(world.host), 'coordinator', 'rollouts/discard', {
      rolloutId: world.rolloutId,
      version: rollout?.version ?? 0,
    }),
  );
}

async function ticketOf(rolloutId: string): Promise<CleanupTicket | undefined> {
  const { kvs } = await import('@forge/kvs');
  return kvs.get<CleanupTicket>(`cleanup:${rolloutId}`);
}

/** Runs the daily reconciliation until the ticket is gone; answers how many runs it took. */
async function runUntilClean(rolloutId: string): Promise<number> {
  for (let runs = 1; runs <= 5; runs += 1) {
    const outcome = await world.host.runScheduled(RECONCILE);
    expect(outcome).toMatchObject({ body: { statusCode: 200 } });
    if (!(await ticketOf(rolloutId))) return runs;
  }
  throw new Error('the cleanup did not finish in 5 runs');
}

describe('the cleanup of gone rollouts', () => {
  it('removes every record of a discarded rollout, keeping its audit trail', async () => {
    const ids = await busyRollout();
    expect(leftOf(ids).length).toBeGreaterThan(20);
    expect(leftOf([`policy-page:`])).toHaveLength(1);
    await discard();
    // Queued in the discard's own transaction.
    expect(await ticketOf(world.rolloutId)).toMatchObject({ reason: 'discarded', family: 0 });

    expect(await runUntilClean(world.rolloutId)).toBe(1);
    expect(leftOf(ids)).toEqual([]);
    const kept = wholeStorage().filter((row) => row.startsWith('entity approval-event '));
    expect(kept.some((row) => row.includes('"type":"discarded"'))).toBe(true);
    // Nothing more to do: a further run finds an empty queue.
    expect(await runUntilClean(world.rolloutId)).toBe(1);
  });

  it('removes every record of a rollout whose anchor issue was deleted in Jira', async () => {
    await approveAll(world.host, world.anchorKey);
    const ids = await busyRollout();
    // The daily jobs' own keys: a snapshot, the trend, the reconciliation's.
    expect(await world.host.runScheduled('daily-progress-snapshots')).toMatchObject({
      body: { statusCode: 200 },
    });
    expect(await world.host.runScheduled(RECONCILE)).toMatchObject({ body: { statusCode: 200 } });
    expect(leftOf([`snapshot:${world.rolloutId}`])).toHaveLength(1);

    const response = await world.host.products.handle({
      product: 'jira',
      actor: { kind: 'user', accountId: accountIdOf(world.host, 'admin') },
      method: 'DELETE',
      path: `/rest/api/3/issue/${world.anchorKey}?deleteSubtasks=true`,
      headers: {},
      body: undefined,
    });
    expect(response.status).toBe(204);
    await world.host.productEvents.idle();
    expect(await ticketOf(world.rolloutId)).toMatchObject({ reason: 'anchor-deleted' });

    expect(await runUntilClean(world.rolloutId)).toBe(1);
    expect(leftOf(ids)).toEqual([]);

    // Its work issues stay in Jira, the people's: a later change to one brings nothing back.
    const [work] = jiraIssues(
      world.host,
      `rolloutId = "${world.rolloutId}" AND rolloutPlanItem = "session:${planIds.session(0)}"`,
    );
    expect(work).toBeDefined();
    const edit = await world.host.products.handle({
      product: 'jira',
      actor: { kind: 'user', accountId: accountIdOf(world.host, 'coordinator') },
      method: 'PUT',
      path: `/rest/api/3/issue/${work?.key ?? ''}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { duedate: '2031-01-15' } }),
    });
    expect(edit.status).toBe(204);
    await world.host.productEvents.idle();
    expect(leftOf(ids)).toEqual([]);
  });

  it('stops at its budget, keeps its place in the ticket, and goes on from there', async () => {
    const ids = await busyRollout();
    await discard();
    const ports = productionPorts(() => 50_000);
    const places: string[] = [];
    let runs = 0;
    for (; runs < 100; runs += 1) {
      world.host.kvs.resetStats();
      const report = await continueCleanup(ports, () => true, { units: 2, slices: 1 });
      const calls = Object.values(world.host.kvs.stats.byPath).reduce((a, b) => a + b, 0);
      // The queue page, two units of at most 3 calls, and the ticket's save or removal.
      expect(calls).toBeLessThanOrEqual(1 + 2 * 3 + 1);
      if (report.complete) break;
      const ticket = await ticketOf(world.rolloutId);
      places.push(`${String(ticket?.family)}/${ticket?.cursor ?? ''}`);
    }
    // Each run went on from where the one before stopped, never back.
    expect(places.length).toBeGreaterThan(5);
    const families = places.map((place) => Number(place.split('/')[0]));
    expect(families).toEqual([...families].sort((a, b) => a - b));
    expect(await ticketOf(world.rolloutId)).toBeUndefined();
    expect(leftOf(ids)).toEqual([]);
  });
});

/**
 * A rollout discarded before cleanup tickets existed: discarded as users do, then its ticket
 * removed, which is what the discard left then (decision 0052). Answers the ids its records carry.
 */
async function legacyDiscard(): Promise<string[]> {
  const ids = await busyRollout();
  await discard();
  const { kvs } = await import('@forge/kvs');
  await kvs.delete(`cleanup:${world.rolloutId}`);
  expect(await ticketOf(world.rolloutId)).toBeUndefined();
  return ids;
}

/** A rollout nobody discarded, which the sweep must leave alone. */
async function liveRollout(): Promise<string> {
  const issueKey = addIssue(world.host, 'Still running');
  return (await makeRollout(world.host, { issueKey, requestId: uuid(9100) })).rollout.id;
}

describe('the sweep for rollouts discarded before cleanup tickets', () => {
  it('finds a legacy discarded rollout in the daily runs, and its records go', async () => {
    const live = await liveRollout();
    const ids = await legacyDiscard();
    expect(leftOf(ids).length).toBeGreaterThan(20);

    // First run: the cleanup has nothing queued; the sweep looks at every claim (fewer than a
    // page) and queues the gone rollout, and only it.
    const first = await world.host.runScheduled(RECONCILE);
    expect(first).toMatchObject({ body: { statusCode: 200 } });
    expect(await ticketOf(world.rolloutId)).toMatchObject({ reason: 'found-by-sweep', family: 0 });
    expect(await ticketOf(live)).toBeUndefined();

    // The next run removes what it left: only the audit trail and the id claim stay.
    expect(await runUntilClean(world.rolloutId)).toBe(1);
    expect(leftOf(ids)).toEqual([]);
    expect(await stored('rollout-claim', world.rolloutId)).toMatchObject({ state: 'cleaned' });
    expect(await stored<Rollout>('rollout', live)).toMatchObject({ id: live });
    expect(leftOf([live]).length).toBeGreaterThan(0);

    // Done: a run reads the sweep's place and nothing more of it.
    const { kvs } = await import('@forge/kvs');
    expect(await kvs.get('cleanup-sweep')).toMatchObject({ done: true, queued: 1 });
    world.host.kvs.resetStats();
    expect(await continueCleanupSweep(productionPorts(() => 50_000))).toEqual({
      looked: 0,
      queued: 0,
      done: true,
    });
    expect(world.host.kvs.stats.calls).toBe(1);
  });

  it('queues each gone rollout once when it runs twice at once, and never a cleaned one', async () => {
    const live = await liveRollout();
    const ids = await legacyDiscard();
    const ports = productionPorts(() => 50_000);
    const [a, b] = await Promise.all([continueCleanupSweep(ports), continueCleanupSweep(ports)]);
    expect(a.done && b.done).toBe(true);
    const tickets = wholeStorage().filter((row) => row.startsWith('plain cleanup:'));
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toContain(world.rolloutId);

    await continueCleanup(ports, () => true);
    expect(leftOf(ids)).toEqual([]);
    // Swept again from the start: the cleaned rollout's claim says so, the live one is there.
    const { kvs } = await import('@forge/kvs');
    await kvs.delete('cleanup-sweep');
    expect(await continueCleanupSweep(ports)).toMatchObject({ queued: 0, done: true });
    expect(wholeStorage().filter((row) => row.startsWith('plain cleanup:'))).toEqual([]);
    expect(await stored<Rollout>('rollout', live)).toMatchObject({ id: live });
  });
});
