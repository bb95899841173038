/**
 * Product events in the local host: the emulated Jira sends "issue created" and "issue updated"
 * (a transition) shaped as Forge's events reference documents them, and the host delivers them
 * to the functions of the manifest's `trigger` modules listing that event, asynchronously, as the
 * app, retrying an `InvocationError` answer at most four times. Tests can hold, reorder, repeat
 * and drop events.
 */
import type { LocalHost } from '../../local/host';
import {
  ProductEventDelivery,
  PRODUCT_EVENT_RETRIES_MAX,
  type ProductEvent,
} from '../../local/events/product-events';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import { accountIdOf, memoryHost } from '../support/host';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

async function jira(method: string, path: string, body: unknown): Promise<Response> {
  return host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountIdOf(host, 'coordinator') },
    method,
    path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function createTask(summary: string): Promise<{ id: string; key: string }> {
  const response = await jira('POST', '/rest/api/3/issue', {
    fields: { project: { key: 'ROLL' }, issuetype: { name: 'Task' }, summary },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

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
