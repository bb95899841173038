/**
 * Product events in the local host: the emulated Jira sends "issue created", "issue updated" (a
 * transition, an edit, an assignment) and "issue deleted" shaped as Forge's events reference
 * documents them, and the host delivers them to the functions of the manifest's `trigger`
 * modules listing that event, asynchronously, as the app, retrying an `InvocationError` answer at
 * most four times, after the trigger's `filter` (ignoreSelf, expression, onError). Tests can
 * hold, reorder, repeat and drop events. A filter is judged by the event, however busy the
 * machine; one that goes past its limit fails as the platform reports it (decision 0057).
 */
import { Worker } from 'node:worker_threads';
import type { LocalHost } from '../../local/host';
import {
  ProductEventDelivery,
  PRODUCT_EVENT_RETRIES_MAX,
  filterVerdict,
  type ProductEvent,
  type TriggerSpec,
} from '../../local/events/product-events';
import type { ProductActor } from '../../local/runtime';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import { accountIdOf, memoryHost } from '../support/host';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

async function jira(
  method: string,
  path: string,
  body: unknown,
  actor: ProductActor = { kind: 'user', accountId: accountIdOf(host, 'coordinator') },
): Promise<Response> {
  return host.products.handle({
    product: 'jira',
    actor,
    method,
    path,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function createTask(summary: string): Promise<{ id: string; key: string }> {
  const response = await jira('POST', '/rest/api/3/issue', {
    fields: { project: { key: 'ROLL' }, issuetype: { name: 'Task' }, summary },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

/** A trigger on "issue updated" with `filter`, for the filter's own tests. */
function trigger(filter: TriggerSpec['filter']): TriggerSpec {
  return {
    moduleKey: 't',
    functionKey: 'f',
    events: ['avi:jira:updated:issue'],
    ...(filter ? { filter } : {}),
  };
}

/** A status change by a person: what the work trigger's filter lets through. */
const status: ProductEvent = {
  eventType: 'avi:jira:updated:issue',
  issue: { id: '1' },
  changelog: { items: [{ fieldId: 'status' }] },
};
const person = { byApp: false };

describe('the emulated Jira sends product events', () => {
  it('sends "issue created" with the documented payload, delivered to the trigger', async () => {
    host.productEvents.pause();
    const created = await createTask('Train the sales team');
    const [event] = host.productEvents.heldEvents();
    expect(event).toEqual({
      eventType: 'avi:jira:created:issue',
      issue: {
        id: created.id,
        key: created.key,
        fields: expect.objectContaining({
          summary: 'Train the sales team',
          created: expect.stringMatching(
            /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/u,
          ) as unknown,
          updated: expect.any(String) as unknown,
          status: expect.objectContaining({
            statusCategory: expect.objectContaining({ key: 'new' }) as unknown,
          }) as unknown,
          issuetype: expect.objectContaining({ name: 'Task' }) as unknown,
          project: expect.objectContaining({ key: 'ROLL' }) as unknown,
          creator: { accountId: accountIdOf(host, 'coordinator') },
        }) as unknown,
      },
      atlassianId: accountIdOf(host, 'coordinator'),
      associatedUsers: [{ accountId: accountIdOf(host, 'coordinator') }],
    });
    expect(host.productEvents.deliveries).toEqual([]);
    host.productEvents.release();
    await host.productEvents.idle();
    expect(host.productEvents.deliveries).toEqual([
      {
        eventType: 'avi:jira:created:issue',
        moduleKey: 'work-issue-events',
        attempt: 0,
        outcome: 'ok',
      },
    ]);
  });

  it('sends "issue updated" with the changelog on a transition', async () => {
    const created = await createTask('Migrate data');
    await host.productEvents.idle();
    host.productEvents.pause();
    const moved = await jira('POST', `/rest/api/3/issue/${created.key}/transitions`, {
      transition: { id: ROLL_TRANSITIONS.start },
    });
    expect(moved.status).toBe(204);
    const [event] = host.productEvents.heldEvents();
    expect(event).toMatchObject({
      eventType: 'avi:jira:updated:issue',
      issue: {
        id: created.id,
        fields: { status: { statusCategory: { key: 'indeterminate' } } },
      },
      changelog: {
        items: [{ field: 'status', fromString: 'To Do', toString: 'In Progress' }],
      },
    });
  });

  it('sends "issue updated" for an edit and an assignment, with what changed, and none for a property alone', async () => {
    const created = await createTask('Book the training room');
    await host.productEvents.idle();
    host.productEvents.pause();
    const path = `/rest/api/3/issue/${created.key}`;
    expect(
      (await jira('PUT', path, { fields: { duedate: '2031-03-02', labels: ['crm'] } })).status,
    ).toBe(204);
    expect(
      (await jira('PUT', `${path}/assignee`, { accountId: accountIdOf(host, 'coordinator') }))
        .status,
    ).toBe(204);
    expect(
      (await jira('PUT', path, { properties: [{ key: 'note', value: { seen: true } }] })).status,
    ).toBe(204);
    // The same value again changes nothing: no event.
    expect((await jira('PUT', path, { fields: { duedate: '2031-03-02' } })).status).toBe(204);
    const held = host.productEvents.heldEvents();
    expect(held.map((event) => event.eventType)).toEqual([
      'avi:jira:updated:issue',
      'avi:jira:updated:issue',
    ]);
    expect(held[0]).toMatchObject({
      issue: { id: created.id, key: created.key },
      atlassianId: accountIdOf(host, 'coordinator'),
      changelog: {
        items: [
          { field: 'duedate', fieldId: 'duedate', from: null, to: '2031-03-02' },
          { field: 'labels', fieldId: 'labels', fromString: null, toString: 'crm' },
        ] as unknown[],
      },
    });
    expect(held[1]).toMatchObject({
      issue: { fields: { assignee: { accountId: accountIdOf(host, 'coordinator') } } },
      changelog: {
        items: [{ field: 'assignee', from: null, to: accountIdOf(host, 'coordinator') }],
      },
    });
  });

  it('sends "issue deleted" with the issue as it was, and the issue is gone', async () => {
    const created = await createTask('Retire the old CRM');
    await host.productEvents.idle();
    host.productEvents.pause();
    // Members may not delete issues (Jira's default scheme); an administrator may.
    expect((await jira('DELETE', `/rest/api/3/issue/${created.key}`, undefined)).status).toBe(403);
    const admin: ProductActor = { kind: 'user', accountId: accountIdOf(host, 'admin') };
    expect(
      (await jira('DELETE', `/rest/api/3/issue/${created.key}`, undefined, admin)).status,
    ).toBe(204);
    expect(host.products.jira.issues.getIssue(created.key)).toBeUndefined();
    expect((await jira('GET', `/rest/api/3/issue/${created.key}`, undefined)).status).toBe(404);
    expect(host.productEvents.heldEvents()).toEqual([
      expect.objectContaining({
        eventType: 'avi:jira:deleted:issue',
        issue: expect.objectContaining({
          id: created.id,
          key: created.key,
          fields: expect.objectContaining({
            summary: 'Retire the old CRM',
            project: expect.objectContaining({ key: 'ROLL' }) as unknown,
          }) as unknown,
        }) as unknown,
        atlassianId: accountIdOf(host, 'admin'),
      }),
    ]);
    // Deleting it again: Jira's 404, no second event.
    expect(
      (await jira('DELETE', `/rest/api/3/issue/${created.key}`, undefined, admin)).status,
    ).toBe(404);
    expect(host.productEvents.heldEvents()).toHaveLength(1);
  });

  it("keeps the app's own changes and irrelevant updates from the work trigger, by its manifest filter", async () => {
    const byApp: ProductActor = {
      kind: 'user',
      accountId: accountIdOf(host, 'coordinator'),
      viaApp: true,
    };
    const mine = await createTask('Made by a person');
    const response = await jira(
      'POST',
      '/rest/api/3/issue',
      { fields: { project: { key: 'ROLL' }, issuetype: { name: 'Task' }, summary: 'By the app' } },
      byApp,
    );
    expect(response.status).toBe(201);
    const path = `/rest/api/3/issue/${mine.key}`;
    expect((await jira('PUT', path, { fields: { summary: 'Renamed' } })).status).toBe(204);
    expect((await jira('PUT', path, { fields: { duedate: '2031-04-01' } })).status).toBe(204);
    await host.productEvents.idle();
    const toWork = <T extends { moduleKey: string }>(entries: readonly T[]) =>
      entries.filter((entry) => entry.moduleKey === 'work-issue-events');
    expect(toWork(host.productEvents.filtered)).toEqual([
      { eventType: 'avi:jira:created:issue', moduleKey: 'work-issue-events', reason: 'self' },
      { eventType: 'avi:jira:updated:issue', moduleKey: 'work-issue-events', reason: 'expression' },
    ]);
    expect(toWork(host.productEvents.deliveries).map((d) => d.eventType)).toEqual([
      'avi:jira:created:issue',
      'avi:jira:updated:issue',
    ]);
  });

  it('sends nothing for what the host itself writes (the seed, benchmarks)', () => {
    host.productEvents.pause();
    host.products.jira.issues.createIssue({ projectKey: 'ROLL', issueType: 'Task', summary: 'x' });
    expect(host.productEvents.heldEvents()).toEqual([]);
  });
});

describe('delivery to trigger functions', () => {
  const created: ProductEvent = { eventType: 'avi:jira:created:issue', issue: { id: '1' } };
  const updated: ProductEvent = { eventType: 'avi:jira:updated:issue', issue: { id: '1' } };

  it('calls only the triggers listing the event, and retries an InvocationError four times', async () => {
    const calls: string[] = [];
    const delivery = new ProductEventDelivery(
      [
        { moduleKey: 'on-create', functionKey: 'f1', events: ['avi:jira:created:issue'] },
        { moduleKey: 'on-update', functionKey: 'f2', events: ['avi:jira:updated:issue'] },
      ],
      (trigger) => {
        calls.push(trigger.moduleKey);
        // What `new InvocationError({ retryAfter: 1 })` becomes once JSON round-tripped.
        return Promise.resolve(
          trigger.moduleKey === 'on-update'
            ? { _retry: true, retryOptions: { retryAfter: 1 } }
            : undefined,
        );
      },
      { retryDelayMaxMs: 1 },
    );
    delivery.send(created);
    delivery.send(updated);
    await delivery.idle();
    expect(calls.filter((c) => c === 'on-create')).toHaveLength(1);
    expect(calls.filter((c) => c === 'on-update')).toHaveLength(1 + PRODUCT_EVENT_RETRIES_MAX);
    expect(
      delivery.deliveries.filter((d) => d.moduleKey === 'on-update').map((d) => d.outcome),
    ).toEqual(Array.from({ length: 1 + PRODUCT_EVENT_RETRIES_MAX }, () => 'retry'));
  });

  it("applies a filter's expression to the payload, and onError when it cannot be evaluated", () => {
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const byStatus = "event.changelog.items.some(item => item.fieldId == 'status')";
    expect(filterVerdict(trigger({ expression: byStatus }), status, person)).toBe('deliver');
    expect(filterVerdict(trigger({ expression: byStatus }), updated, person)).toBe(
      'expression-error',
    );
    expect(warned).toHaveBeenCalledTimes(1);
    expect(
      filterVerdict(trigger({ expression: byStatus, onError: 'RECEIVE' }), updated, person),
    ).toBe('deliver');
    expect(warned).toHaveBeenCalledTimes(1);
    warned.mockRestore();
    expect(filterVerdict(trigger({ expression: "event.issue.id == '2'" }), status, person)).toBe(
      'expression',
    );
    // An expression cannot change the event the function then receives.
    expect(
      filterVerdict(trigger({ expression: "(event.eventType = 'x') == 'y'" }), status, person),
    ).toBe('expression');
    expect(status.eventType).toBe('avi:jira:updated:issue');
    expect(filterVerdict(trigger({ ignoreSelf: true }), status, { byApp: true })).toBe('self');
    expect(filterVerdict(trigger(undefined), status, { byApp: true })).toBe('deliver');
  });

  it('delivers held events as a test chooses: repeated, reordered or dropped', async () => {
    const seen: unknown[] = [];
    const delivery = new ProductEventDelivery(
      [
        {
          moduleKey: 't',
          functionKey: 'f',
          events: ['avi:jira:created:issue', 'avi:jira:updated:issue'],
        },
      ],
      (_trigger, event) => {
        seen.push(event.eventType);
        return Promise.resolve(undefined);
      },
    );
    delivery.pause();
    delivery.send(created);
    delivery.send(updated);
    expect(seen).toEqual([]);
    delivery.release([updated, created, updated]);
    await delivery.idle();
    expect(seen).toEqual([
      'avi:jira:updated:issue',
      'avi:jira:created:issue',
      'avi:jira:updated:issue',
    ]);
  });
});

describe('filter expressions on a busy machine (decision 0057)', () => {
  /** Threads that keep every core busy until stopped. */
  function busyLoops(count: number): () => Promise<void> {
    const workers = Array.from({ length: count }, () => new Worker('for (;;) {}', { eval: true }));
    return async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    };
  }

  it("judges 2,100 events by their payload under the manifest's filter while busy loops hold the cores", async () => {
    const work = host.productEvents.triggers.filter(
      (spec) => spec.moduleKey === 'work-issue-events',
    );
    expect(work).toHaveLength(1);
    const invoked: string[] = [];
    const delivery = new ProductEventDelivery(work, (_trigger, event) => {
      invoked.push((event.issue as { id: string }).id);
      return Promise.resolve(undefined);
    });
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stop = busyLoops(3);
    const expected: string[] = [];
    try {
      for (let n = 0; n < 2_100; n += 1) {
        const id = String(n);
        const summary = 'x'.repeat(200);
        if (n % 3 === 0) {
          delivery.send({
            eventType: 'avi:jira:created:issue',
            issue: { id, fields: { summary } },
          });
          expected.push(id);
        } else if (n % 3 === 1) {
          delivery.send({
            eventType: 'avi:jira:updated:issue',
            issue: { id, fields: { summary } },
            changelog: { items: [{ fieldId: 'summary' }, { fieldId: 'duedate' }] },
          });
          expected.push(id);
        } else {
          delivery.send({
            eventType: 'avi:jira:updated:issue',
            issue: { id, fields: { summary } },
            changelog: { items: [{ fieldId: 'summary' }, { fieldId: 'assignee' }] },
          });
        }
      }
      await delivery.idle();
    } finally {
      await stop();
      warned.mockRestore();
    }
    expect(warned).not.toHaveBeenCalled();
    expect(invoked).toEqual(expected);
    expect(delivery.filtered).toHaveLength(700);
    expect(new Set(delivery.filtered.map((entry) => entry.reason))).toEqual(
      new Set(['expression']),
    );
  });

  it('does not fail an expression the machine held up without it using the processor', () => {
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Atomics.wait blocks the thread for 150 ms without running: a scheduler that gives the
    // host no processor for longer than the expression's 100 ms limit looks the same.
    const held =
      "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150) == 'timed-out' && event.issue.id == '1'";
    expect(filterVerdict(trigger({ expression: held }), status, person)).toBe('deliver');
    expect(warned).not.toHaveBeenCalled();
    warned.mockRestore();
  });

  it('fails an expression that really loops, and onError decides as on the platform', async () => {
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const loops = "event.issue.id == '1' && (() => { for (;;) {} })()";
    // The default, IGNORE_AND_LOG: not delivered, logged.
    expect(filterVerdict(trigger({ expression: loops }), status, person)).toBe('expression-error');
    expect(warned).toHaveBeenCalledTimes(1);
    expect(String(warned.mock.calls[0]?.[0])).toMatch(
      /trigger t: filter expression failed: the expression did not finish within its limit/,
    );
    // IGNORE: not delivered, not logged.
    expect(filterVerdict(trigger({ expression: loops, onError: 'IGNORE' }), status, person)).toBe(
      'expression-error',
    );
    expect(warned).toHaveBeenCalledTimes(1);
    // RECEIVE_AND_LOG, the work trigger's choice: delivered, logged.
    const seen: unknown[] = [];
    const delivery = new ProductEventDelivery(
      [trigger({ expression: loops, onError: 'RECEIVE_AND_LOG' })],
      (_trigger, event) => {
        seen.push(event);
        return Promise.resolve(undefined);
      },
    );
    delivery.send(status);
    await delivery.idle();
    expect(seen).toEqual([status]);
    expect(warned).toHaveBeenCalledTimes(2);
    warned.mockRestore();
    // A later event under the same expression is judged afresh: the loop left nothing behind.
    expect(
      filterVerdict(
        trigger({ expression: "event.issue.id == '2' || (() => { for (;;) {} })()" }),
        { ...status, issue: { id: '2' } },
        person,
      ),
    ).toBe('deliver');
  });
});
