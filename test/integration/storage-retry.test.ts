/**
 * Forge storage throttling (429) and failing (5xx), through the local host with the real
 * @forge/kvs: the app's storage client retries, so a panel load survives a transient fault, and a
 * persistent one answers a clean UPSTREAM error instead of INTERNAL. A write whose answer storage
 * lost after committing is written once and reported as done.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { Approval } from '../../src/domain/approvals';
import type { AuditEvent } from '../../src/domain/audit';
import { STORAGE_RETRY } from '../../src/storage/client';
import { call, memoryHost } from '../support/host';
import {
  approvalIn,
  asRollout,
  issuePanel,
  makeRollout,
  requestApproval,
} from '../support/rollouts';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost({ port: 0 });
  await makeRollout(host);
  host.kvs.resetStats();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const QUERY = '^/api/v1/entity/query$';

async function decidedEvents(rolloutId: string): Promise<AuditEvent[]> {
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [rolloutId] })
    .limit(100)
    .getMany();
  return page.results.map((row) => row.value).filter((event) => event.type === 'decided');
}

describe('a panel load', () => {
  it('survives storage answering 429 twice, retrying only the throttled call', async () => {
    const healthy = await call(issuePanel(host), 'coordinator', 'approvals/panel', {});
    expect(healthy.envelope.ok).toBe(true);
    const baseline = healthy.counters.storage;
    host.kvs.faults.add({ product: 'storage', pathPattern: QUERY, kind: 'status429', times: 2 });
    const { envelope, counters } = await call(
      issuePanel(host),
      'coordinator',
      'approvals/panel',
      {},
    );
    expect(envelope).toMatchObject({
      ok: true,
      data: { kind: 'rollout', rollout: { title: 'Roll out the new CRM' } },
    });
    expect(counters.storage).toBe(baseline + 2);
    expect(host.kvs.faults.list()).toEqual([]);
  });

  it('survives a 500 and a 503-like outage of one call', async () => {
    host.kvs.faults.add({ product: 'storage', pathPattern: QUERY, kind: 'status500', times: 1 });
    host.kvs.failNext('/api/v1/entity/query', 1, 503, 'SERVICE_UNAVAILABLE');
    const { envelope } = await call(issuePanel(host), 'coordinator', 'approvals/panel', {});
    expect(envelope).toMatchObject({ ok: true, data: { kind: 'rollout' } });
  });

  it('answers UPSTREAM, not INTERNAL, when storage stays throttled, after a bounded number of attempts', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    host.kvs.faults.add({ product: 'storage', pathPattern: QUERY, kind: 'status429' });
    const { envelope } = await call(issuePanel(host), 'coordinator', 'approvals/panel', {});
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'UPSTREAM',
        messageKey: 'errors.storageBusy',
        message:
          "Rollout Coordinator's storage is busy or unavailable right now. Try again in a moment.",
        params: { status: 429 },
      },
    });
    expect(host.kvs.stats.byPath['/api/v1/entity/query']).toBe(STORAGE_RETRY.maxAttempts);
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).toHaveBeenCalledWith(
      `[rollout-coordinator] storage answered 429 RATE_LIMIT_EXCEEDED to /api/v1/entity/query after ${String(STORAGE_RETRY.maxAttempts)} attempt(s)`,
    );
    // Once storage recovers, the same call works.
    host.kvs.faults.clear();
    const recovered = await call(issuePanel(host), 'coordinator', 'approvals/panel', {});
    expect(recovered.envelope.ok).toBe(true);
  });

  it('can be throttled over HTTP with POST /__forge/faults and product "storage"', async () => {
    const added = await fetch(`${host.url ?? ''}/__forge/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        product: 'storage',
        pathPattern: QUERY,
        kind: 'status429',
        retryAfterSeconds: 2,
        times: 1,
      }),
    });
    expect(added.status).toBe(200);
    const listed: unknown = await (await fetch(`${host.url ?? ''}/__forge/faults`)).json();
    expect(listed).toEqual([
      { product: 'storage', pathPattern: QUERY, kind: 'status429', retryAfterSeconds: 2, times: 1 },
    ]);
    // The storage endpoint answers what Forge storage answers: the documented body and a 429.
    const raw = await fetch(`${host.url ?? ''}/__forge/kvs/api/v1/entity/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        entityName: 'rollout',
        indexName: 'by-anchor-issue',
        partition: ['1'],
      }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('2');
    expect(await raw.json()).toEqual({
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'Rate limit exceeded',
    });
    const { envelope } = await call(issuePanel(host), 'coordinator', 'approvals/panel', {});
    expect(envelope.ok).toBe(true);
  });
});

describe('a decision', () => {
  it('is written once when storage throttles its transaction', async () => {
    const view = await requestApproval(host);
    const finance = approvalIn(view, 'Finance');
    host.kvs.faults.add({
      product: 'storage',
      pathPattern: '^/api/v1/transaction$',
      kind: 'status429',
      times: 1,
    });
    const { envelope } = await call(issuePanel(host), 'head-finance', 'approvals/decide', {
      approvalId: finance.id,
      version: finance.version,
      decision: 'approved',
    });
    expect(envelope.ok).toBe(true);
    expect(await kvs.entity<Approval>('approval').get(finance.id)).toMatchObject({
      status: 'approved',
      version: 2,
    });
    expect(await decidedEvents(view.rollout.id)).toHaveLength(1);
  });

  it('is written once, and reported done, when storage committed it but lost the answer', async () => {
    const view = await requestApproval(host);
    const finance = approvalIn(view, 'Finance');
    host.kvs.faults.add({
      product: 'storage',
      pathPattern: '^/api/v1/transaction$',
      kind: 'status500',
      times: 1,
      afterHandling: true,
    });
    const { envelope } = await call(issuePanel(host), 'head-finance', 'approvals/decide', {
      approvalId: finance.id,
      version: finance.version,
      decision: 'approved',
    });
    if (!envelope.ok) throw new Error(`decision failed: ${envelope.error.code}`);
    expect(approvalIn(asRollout(envelope.data), 'Finance')).toMatchObject({
      status: 'approved',
      version: 2,
    });
    expect(await decidedEvents(view.rollout.id)).toHaveLength(1);
  });
});
