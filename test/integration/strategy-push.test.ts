/**
 * "Push plan to Jira" through the local Forge host: one issue per plan item with its property,
 * due date and link to the anchor issue; never a duplicate, whether the push is repeated, killed
 * half-way by Jira 500s, answered 500 after Jira did the work, or run twice at once; 429s waited
 * out; refusals per item reported; REST calls bounded by the plan's size.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { ProductRequest } from '../../local/runtime';
import type { PushStatus, StrategyDetail } from '../../src/contract';
import { memoryHost } from '../support/host';
import {
  confluenceCall,
  confluenceOk,
  jiraIssues,
  makeStrategy,
  workProperties,
  type StrategyOptions,
} from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

async function push(rolloutId: string, as = 'coordinator') {
  return confluenceCall(host, as, 'strategy/push', { rolloutId });
}

async function pushOk(rolloutId: string): Promise<PushStatus> {
  return (await confluenceOk(host, 'coordinator', 'strategy/push', { rolloutId })).push;
}

/** Each plan item has exactly one issue: no item missing, none twice. */
function expectOneIssuePerItem(detail: StrategyDetail, expected: number): void {
  const ids = workProperties(host, detail.rollout.id).map((p) => p.planItemId);
  expect(ids).toHaveLength(expected);
  expect(new Set(ids).size).toBe(expected);
}

function isBulk(request: ProductRequest): boolean {
  return (
    request.product === 'jira' &&
    request.method === 'POST' &&
    request.path === '/rest/api/3/issue/bulk'
  );
}

/** Lets the first `after` bulk calls through, then adds the fault the brief names. */
function failBulkAfter(after: number, times: number): void {
  let seen = 0;
  const original = host.products.handle.bind(host.products);
  jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
    const response = await original(request);
    if (isBulk(request)) {
      seen += 1;
      if (seen === after) {
        host.products.faults.add({
          pathPattern: '^/rest/api/3/issue/bulk$',
          kind: 'status500',
          times,
        });
      }
    }
    return response;
  });
}

async function strategy(options: StrategyOptions = {}): Promise<StrategyDetail> {
  return makeStrategy(host, options);
}

describe('pushing a plan', () => {
  it('creates one issue per session and task, with the property, a due date and a link to the anchor', async () => {
    const detail = await strategy({ sessions: 12, tasksPerPhase: 2 });
    const status = await pushOk(detail.rollout.id);
    expect(status).toEqual({
      total: 18,
      inJira: 18,
      created: 18,
      failed: [],
      jql: `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`,
    });
    expectOneIssuePerItem(detail, 18);
    const anchor = host.products.jira.getIssue('ROLL-2');
    for (const found of jiraIssues(host, status.jql)) {
      const issue = host.products.jira.getIssue(found.id);
      const property = host.products.jira.getIssueProperty(
        found.id,
        'rollout-coordinator',
      ) as Record<string, string>;
      expect(property).toMatchObject({ rolloutId: detail.rollout.id, role: 'work' });
      expect(Object.keys(property).sort()).toEqual([
        'departmentId',
        'kind',
        'phaseId',
        'planItemId',
        'role',
        'rolloutId',
      ]);
      expect(issue?.reporterAccountId).toBe('rc-demo-coordinator');
      expect(host.products.jira.getIssueType(issue?.issueTypeId ?? '')?.name).toBe('Task');
      expect(issue?.fields.duedate).toMatch(/^2031-\d\d-\d\d$/u);
      const links = host.products.jira.issueLinksOf(found.id);
      expect(
        links.some((l) => l.destinationIssueId === anchor?.id || l.sourceIssueId === anchor?.id),
      ).toBe(true);
    }
    const session = workProperties(host, detail.rollout.id).find((p) => p.kind === 'training');
    expect(detail.plan.phases.map((p) => p.id)).toContain(session?.phaseId);
    expect(detail.rollout.departments.map((d) => d.departmentId)).toContain(session?.departmentId);
  });

  it('creates nothing the second time', async () => {
    const detail = await strategy();
    await pushOk(detail.rollout.id);
    const again = await pushOk(detail.rollout.id);
    expect(again).toMatchObject({ total: 12, inJira: 12, created: 0, failed: [] });
    expectOneIssuePerItem(detail, 12);
    const shown = await confluenceOk(host, 'coordinator', 'strategy/get', {
      rolloutId: detail.rollout.id,
    });
    expect(shown.push).toMatchObject({ total: 12, inJira: 12, created: 0 });
  });

  it('refuses whoever may not edit the anchor issue, and hides it from whoever may not see it', async () => {
    const detail = await strategy();
    expect((await push(detail.rollout.id, 'head-sales')).envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rollout.editForbidden' },
    });
    expect((await push(detail.rollout.id, 'outsider')).envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.strategy.notFound' },
    });
    expectOneIssuePerItem(detail, 0);
  });
});

describe('a push that fails half-way', () => {
  it('absorbs one Jira 500 on the second bulk call: looks, resends only what is missing', async () => {
    const detail = await strategy({ sessions: 120 });
    failBulkAfter(1, 1);
    const status = await pushOk(detail.rollout.id);
    expect(status).toMatchObject({ total: 120, inJira: 120, created: 120, failed: [] });
    expectOneIssuePerItem(detail, 120);
    expect((await pushOk(detail.rollout.id)).created).toBe(0);
    expectOneIssuePerItem(detail, 120);
  });

  it('stops when Jira keeps failing, reports what failed, and the next push creates only the rest', async () => {
    const detail = await strategy({ sessions: 120 });
    failBulkAfter(1, 2);
    const first = await pushOk(detail.rollout.id);
    expect(first).toMatchObject({ total: 120, inJira: 50, created: 50 });
    expect(first.failed).toHaveLength(50);
    expect(first.failed[0]).toMatchObject({
      reason: 'Jira answered 500',
      summary: expect.any(String) as unknown,
    });
    expectOneIssuePerItem(detail, 50);

    const second = await pushOk(detail.rollout.id);
    expect(second).toMatchObject({ total: 120, inJira: 120, created: 70, failed: [] });
    expectOneIssuePerItem(detail, 120);
  });

  it('never duplicates what Jira created before answering 500', async () => {
    const detail = await strategy({ sessions: 100 });
    let seen = 0;
    const original = host.products.handle.bind(host.products);
    jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
      const response = await original(request);
      if (isBulk(request) && ++seen === 2) {
        // Jira did the work, then the answer was lost on the way back.
        return new Response(
          JSON.stringify({ errorMessages: ['Internal server error'], errors: {} }),
          {
            status: 500,
            headers: { 'content-type': 'application/json' },
          },
        );
      }
      return response;
    });
    const status = await pushOk(detail.rollout.id);
    expect(status).toMatchObject({ total: 100, inJira: 100, created: 100, failed: [] });
    expectOneIssuePerItem(detail, 100);
  });

  it('reports the items Jira refused, one by one, and creates them on a later push', async () => {
    const detail = await strategy({ sessions: 12 });
    let tampered = false;
    const original = host.products.handle.bind(host.products);
    jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
      if (!tampered && isBulk(request)) {
        tampered = true;
        const body = JSON.parse(request.body ?? '{}') as {
          issueUpdates: { fields: Record<string, unknown> }[];
        };
        const second = body.issueUpdates[1];
        if (second) second.fields.summary = '';
        return original({ ...request, body: JSON.stringify(body) });
      }
      return original(request);
    });
    const first = await pushOk(detail.rollout.id);
    expect(first).toMatchObject({ total: 12, inJira: 11, created: 11 });
    expect(first.failed).toEqual([
      {
        planItemId: expect.stringMatching(/^session:/u) as unknown,
        summary: expect.any(String) as unknown,
        reason: 'summary: You must specify a summary of the issue.',
      },
    ]);
    const second = await pushOk(detail.rollout.id);
    expect(second).toMatchObject({ inJira: 12, created: 1, failed: [] });
    expectOneIssuePerItem(detail, 12);
  });

  it('waits out a 429 as Retry-After says, and creates everything once', async () => {
    const detail = await strategy({ sessions: 60 });
    host.products.faults.add({
      pathPattern: '^/rest/api/3/issue/bulk$',
      kind: 'status429',
      retryAfterSeconds: 1,
      times: 1,
    });
    const { envelope, ms } = await push(detail.rollout.id);
    expect(envelope).toMatchObject({ ok: true, data: { push: { inJira: 60, created: 60 } } });
    expect(ms).toBeGreaterThanOrEqual(950);
    expectOneIssuePerItem(detail, 60);
  });
});

describe('racing pushes', () => {
  it('lets one push run; the other answers CONFLICT; no item gets two issues', async () => {
    const detail = await strategy({ sessions: 150 });
    const outcomes = await Promise.all([
      push(detail.rollout.id),
      push(detail.rollout.id),
      push(detail.rollout.id),
    ]);
    const ok = outcomes.filter((o) => o.envelope.ok);
    const refused = outcomes.filter((o) => !o.envelope.ok);
    // They start together, so the lease lets exactly one through.
    expect(ok).toHaveLength(1);
    for (const { envelope } of refused) {
      expect(envelope).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', messageKey: 'errors.strategy.pushRunning' },
      });
    }
    expectOneIssuePerItem(detail, 150);
    expect((await pushOk(detail.rollout.id)).created).toBe(0);
  });

  it('takes over a lease its holder left behind when it expired', async () => {
    const detail = await strategy();
    await kvs.entity('rollout-lease').set(`push:${detail.rollout.id}`, {
      holder: 'a-push-that-died',
      until: new Date(Date.now() - 1000).toISOString(),
      recent: [],
      version: 3,
    });
    expect((await pushOk(detail.rollout.id)).created).toBe(12);
  });

  it('trusts what it created moments ago even before the search index shows it', async () => {
    const detail = await strategy();
    await pushOk(detail.rollout.id);
    // As if Jira's index lagged: the search finds none of the new issues for a while.
    const original = host.products.handle.bind(host.products);
    jest.spyOn(host.products, 'handle').mockImplementation(async (request) => {
      if (request.product === 'jira' && request.path === '/rest/api/3/search/jql') {
        return new Response(JSON.stringify({ issues: [], isLast: true }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }
      return original(request);
    });
    expect((await pushOk(detail.rollout.id)).created).toBe(0);
    expectOneIssuePerItem(detail, 12);
  });
});

describe('what a push costs', () => {
  it.each([10, 100, 500])(
    'makes a bounded number of REST calls for %i sessions',
    async (sessions) => {
      const detail = await strategy({ sessions, phases: 6 });
      const { envelope, counters, ms } = await push(detail.rollout.id);
      expect(envelope).toMatchObject({
        ok: true,
        data: { push: { created: sessions, failed: [] } },
      });
      const bulkCalls = Math.ceil(sessions / 50);
      // Access (2), rights, search, project, link types, page, the bulk calls, the answer (3).
      expect(counters.product).toBe(10 + bulkCalls);
      expect(counters.storage).toBeLessThanOrEqual(6);
      console.info(
        `push of ${String(sessions)} sessions: ${JSON.stringify(counters)} in ${ms.toFixed(0)} ms`,
      );
      // Again: access (2), rights, the search (a page per 100 issues), the answer (3).
      const again = await push(detail.rollout.id);
      expect(again.counters.product).toBe(6 + Math.ceil(sessions / 100));
      console.info(
        `repeat push of ${String(sessions)} sessions: ${JSON.stringify(again.counters)}`,
      );
    },
  );
});
