/**
 * A strategy creation that is refused leaves nothing unusable behind, through the local Forge
 * host: a title whose page exists is refused before anything is written (and can be checked on
 * the flow's first step); a draft left half-made can be finished under another title; its creator
 * or a Jira admin can discard a rollout that was never approved, which the audit trail records,
 * whose department links go, and whose Jira issue and Confluence page are kept.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { StrategyDetail, StrategySpaceView } from '../../src/contract';
import type { AuditEvent } from '../../src/domain/audit';
import type { Rollout } from '../../src/domain/rollout';
import { leaseRepository } from '../../src/storage/leases';
import { rolloutRepository } from '../../src/storage/rollouts';
import { adminPage, call, memoryHost, ok } from '../support/host';
import { decideAs, demoDepartment, issuePanel, requestApproval, uuid } from '../support/rollouts';
import {
  confluenceModule,
  jiraIssues,
  makeStrategy,
  someoneElsesPage as someoneElsesPageIn,
  strategyPayload,
} from '../support/strategy';
import { storageClient } from '../../src/storage/client';

/** Storage as the app's repositories reach it (retried within a resolver's time). */
const storage = storageClient(() => 25_000);

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const ID = uuid(700);
const SALES = demoDepartment('Sales');
const HEADS = [
  ['head-sales', 'Sales'],
  ['head-support', 'Customer Support'],
  ['head-finance', 'Finance'],
  ['head-operations', 'Operations'],
] as const;

function someoneElsesPage(title: string): number {
  return someoneElsesPageIn(host, title);
}

async function linksOf(rolloutId: string): Promise<string[]> {
  const page = await kvs
    .entity<{ rolloutId: string; departmentId: string }>('rollout-department')
    .query()
    .index('by-department', { partition: [SALES] })
    .limit(100)
    .getMany();
  return page.results.map((row) => row.value.rolloutId).filter((id) => id === rolloutId);
}

async function eventsOf(rolloutId: string): Promise<AuditEvent[]> {
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [rolloutId] })
    .limit(100)
    .getMany();
  return page.results.map((row) => row.value);
}

async function space(as = 'coordinator'): Promise<StrategySpaceView> {
  return ok(call(confluenceModule(host), as, 'strategy/space', {}));
}

async function removeSales(): Promise<{ ok: boolean; messageKey?: string }> {
  const directory = await call(adminPage(host), 'admin', 'directory/list', {});
  if (!directory.envelope.ok) throw new Error('directory');
  const sales = directory.envelope.data.departments.find((d) => d.name === 'Sales');
  const { envelope } = await call(adminPage(host), 'admin', 'directory/remove', {
    id: SALES,
    version: sales?.version ?? 1,
  });
  return envelope.ok ? { ok: true } : { ok: false, messageKey: envelope.error.messageKey };
}

/** A draft whose page could not be made (Confluence failed): rollout, links and lease exist. */
async function halfMadeDraft(): Promise<Rollout> {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const fault = host.products.faults.add({
    product: 'confluence',
    method: 'POST',
    pathPattern: '^/wiki/api/v2/pages$',
    kind: 'status500',
  });
  const { envelope } = await call(
    confluenceModule(host),
    'coordinator',
    'strategy/create',
    strategyPayload(),
  );
  expect(envelope).toMatchObject({ ok: false, error: { code: 'UPSTREAM' } });
  host.products.faults.clear(fault);
  const draft = await kvs.entity<Rollout>('rollout').get(ID);
  if (!draft) throw new Error('no draft');
  expect(draft.strategyPageId).toBe('');
  return draft;
}

describe('a title whose page exists', () => {
  it('is refused before anything is written, on the title field', async () => {
    someoneElsesPage('Rollout strategy: New CRM');
    const { envelope } = await call(
      confluenceModule(host),
      'coordinator',
      'strategy/create',
      strategyPayload(),
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.strategy.pageTitleTaken',
        params: { title: 'Rollout strategy: New CRM' },
        details: {
          fields: [{ path: 'title', messageKey: 'errors.strategy.pageTitleTaken' }],
        },
      },
    });
    expect(await kvs.entity('rollout').get(ID)).toBeUndefined();
    expect(await linksOf(ID)).toEqual([]);
    expect(await kvs.entity('rollout-lease').get(`create:${ID}`)).toBeUndefined();
    expect(await eventsOf(ID)).toEqual([]);
    // Nothing holds Sales: the directory may remove it.
    expect(await removeSales()).toEqual({ ok: true });
  });

  it('lets the same request go through under another title', async () => {
    someoneElsesPage('Rollout strategy: New CRM');
    await call(confluenceModule(host), 'coordinator', 'strategy/create', strategyPayload());
    const detail = await makeStrategy(host, { title: 'New CRM for sales' });
    expect(detail).toMatchObject({
      rollout: { id: ID, title: 'New CRM for sales' },
      page: { title: 'Rollout strategy: New CRM for sales' },
      steps: { linked: true },
    });
  });

  it('is found by strategy/checkTitle on the flow’s first step, as the page title would be', async () => {
    someoneElsesPage('Rollout strategy: New CRM');
    expect(
      await ok(
        call(confluenceModule(host), 'coordinator', 'strategy/checkTitle', { title: ' New CRM ' }),
      ),
    ).toEqual({
      title: 'New CRM',
      pageTitle: 'Rollout strategy: New CRM',
      available: false,
    });
    expect(
      await ok(
        call(confluenceModule(host), 'coordinator', 'strategy/checkTitle', { title: 'Other' }),
      ),
    ).toEqual({
      title: 'Other',
      pageTitle: 'Rollout strategy: Other',
      available: true,
    });
    // In French the page is « Stratégie de déploiement : … »: another title, free.
    const french = await ok(
      call(confluenceModule(host, { locale: 'fr-FR' }), 'coordinator', 'strategy/checkTitle', {
        title: 'New CRM',
      }),
    );
    expect(french.available).toBe(true);
    expect(french.pageTitle).not.toBe('Rollout strategy: New CRM');
    // A strategy's own page does not make its title taken.
    const made = await makeStrategy(host, { title: 'Mine' });
    expect(
      await ok(
        call(confluenceModule(host), 'coordinator', 'strategy/checkTitle', {
          title: 'Mine',
          rolloutId: made.rollout.id,
        }),
      ),
    ).toMatchObject({ available: true });
    expect(
      await ok(
        call(confluenceModule(host), 'coordinator', 'strategy/checkTitle', { title: 'Mine' }),
      ),
    ).toMatchObject({
      available: false,
    });
    const { envelope } = await call(confluenceModule(host), 'coordinator', 'strategy/checkTitle', {
      title: 'Bad\u0000',
    });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('a half-made draft', () => {
  it('whose title was taken meanwhile, is finished under another title', async () => {
    await halfMadeDraft();
    someoneElsesPage('Rollout strategy: New CRM');
    const again = await call(
      confluenceModule(host),
      'coordinator',
      'strategy/create',
      strategyPayload(),
    );
    expect(again.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.strategy.pageTitleTaken' },
    });
    const payload = strategyPayload();
    const update = await call(confluenceModule(host), 'coordinator', 'strategy/update', {
      rolloutId: ID,
      version: 1,
      title: payload.title,
      objective: payload.objective,
      targetDate: payload.targetDate,
      departments: payload.departments,
      plan: payload.plan,
    });
    expect(update.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.strategy.incomplete' },
    });

    const renamed = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/create', {
        ...strategyPayload({ title: 'New CRM (2031)' }),
      }),
    );
    expect(renamed).toMatchObject({
      rollout: { id: ID, title: 'New CRM (2031)', issue: { summary: 'New CRM (2031)' } },
      page: { title: 'Rollout strategy: New CRM (2031)' },
      steps: { rollout: true, page: true, issue: true, linked: true },
    });
    expect(await linksOf(ID)).toEqual([ID]);
    expect(jiraIssues(host, `rolloutId = "${ID}" AND rolloutRole = "anchor"`)).toHaveLength(1);
  });

  it('takes the form’s plan on retry while it has no page, and keeps its links in line', async () => {
    await halfMadeDraft();
    const fewer = strategyPayload({ departments: ['Finance', 'Operations'] });
    const done = await ok(call(confluenceModule(host), 'coordinator', 'strategy/create', fewer));
    expect(done.rollout.departments.map((d) => d.name)).toEqual(['Finance', 'Operations']);
    expect(await linksOf(ID)).toEqual([]);
    expect(await removeSales()).toEqual({ ok: true });
  });

  it('is discarded by its creator: gone from the list, links and lease gone, recorded in the trail', async () => {
    const draft = await halfMadeDraft();
    expect((await space()).rollouts).toMatchObject([
      { rolloutId: ID, canDiscard: true, pageId: '', version: draft.version },
    ]);
    expect(await removeSales()).toEqual({ ok: false, messageKey: 'errors.department.inUse' });

    const discarded = await ok(
      call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
        rolloutId: ID,
        version: draft.version,
      }),
    );
    // Its issue was made before the page failed: it stays, as every discarded rollout's does.
    expect(discarded).toEqual({ rolloutId: ID, title: 'New CRM', issueKey: 'ROLL-2', page: null });
    expect(await kvs.entity('rollout').get(ID)).toBeUndefined();
    expect(await linksOf(ID)).toEqual([]);
    expect(await kvs.entity('rollout-lease').get(`create:${ID}`)).toBeUndefined();
    expect((await space()).rollouts).toEqual([]);
    const [last] = (await eventsOf(ID)).filter((event) => event.type === 'discarded');
    expect(last).toMatchObject({
      type: 'discarded',
      actorAccountId: 'rc-demo-coordinator',
      comment: 'New CRM',
    });
    expect(await removeSales()).toEqual({ ok: true });
    // Gone means gone: a second discard, or opening it, is NOT_FOUND.
    const again = await call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
      rolloutId: ID,
      version: 1,
    });
    expect(again.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('discarding a strategy that was never approved', () => {
  async function awaitingApproval(): Promise<StrategyDetail> {
    const made = await makeStrategy(host);
    await requestApproval(host, 'ROLL-2');
    return ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', { rolloutId: made.rollout.id }),
    );
  }

  it('by a Jira admin from the Approvals panel keeps the issue and the page, and frees the issue', async () => {
    const detail = await awaitingApproval();
    const panel = await call(issuePanel(host, 'ROLL-2'), 'admin', 'approvals/panel', {});
    expect(panel.envelope).toMatchObject({ ok: true, data: { kind: 'rollout', canDiscard: true } });
    const pageId = Number(detail.page?.id);

    const { envelope } = await call(issuePanel(host, 'ROLL-2'), 'admin', 'rollouts/discard', {
      rolloutId: ID,
      version: detail.rollout.version,
    });
    expect(envelope).toEqual({
      ok: true,
      data: {
        rolloutId: ID,
        title: 'New CRM',
        issueKey: 'ROLL-2',
        page: { id: String(pageId), title: 'Rollout strategy: New CRM' },
      },
    });
    // People's content stays; the app's own marks go.
    expect(host.products.jira.issues.getIssue('ROLL-2')?.summary).toBe('New CRM');
    expect(host.products.confluence.pages.getPage(pageId)?.title).toBe('Rollout strategy: New CRM');
    expect(
      host.products.jira.issues.getIssueProperty(
        Number(host.products.jira.issues.getIssue('ROLL-2')?.id),
        'rollout-coordinator',
      ),
    ).toBeUndefined();
    expect(
      await kvs
        .entity('rollout-anchor')
        .get(String(host.products.jira.issues.getIssue('ROLL-2')?.id)),
    ).toBeUndefined();
    const approvals = await kvs
      .entity('approval')
      .query()
      .index('by-rollout-round', { partition: [ID] })
      .limit(100)
      .getMany();
    expect(approvals.results).toEqual([]);
    // The issue is no rollout any more: the panel offers to make it one.
    expect(
      (await call(issuePanel(host, 'ROLL-2'), 'coordinator', 'approvals/panel', {})).envelope,
    ).toMatchObject({
      ok: true,
      data: { kind: 'setup' },
    });
    expect((await eventsOf(ID)).map((event) => event.type)).toContain('discarded');
  });

  it('is refused to a head who did not create it, to an outsider, on a stale version, and while it is being created', async () => {
    const detail = await awaitingApproval();
    const version = detail.rollout.version;
    const asHead = await call(issuePanel(host, 'ROLL-2'), 'head-sales', 'rollouts/discard', {
      rolloutId: ID,
      version,
    });
    expect(asHead.envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rollout.discardForbidden' },
    });
    expect(
      (await call(issuePanel(host, 'ROLL-2'), 'head-sales', 'approvals/panel', {})).envelope,
    ).toMatchObject({
      data: { canDiscard: false },
    });
    const asOutsider = await call(confluenceModule(host), 'outsider', 'rollouts/discard', {
      rolloutId: ID,
      version,
    });
    expect(asOutsider.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const stale = await call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
      rolloutId: ID,
      version: version - 1,
    });
    expect(stale.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rollout.stale' },
    });
    // Another window is finishing its creation: it holds the creation lease.
    const taken = await leaseRepository(storage).acquire(
      'create',
      ID,
      'another-window',
      new Date(),
      60_000,
    );
    expect(taken.acquired).toBe(true);
    const running = await call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
      rolloutId: ID,
      version,
    });
    expect(running.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.strategy.creationRunning' },
    });
    expect(await kvs.entity('rollout').get(ID)).toBeDefined();
  });

  it('is refused while its plan is being pushed to Jira, and goes once the push is over', async () => {
    const detail = await awaitingApproval();
    host.events.pause();
    await ok(call(confluenceModule(host), 'coordinator', 'strategy/push', { rolloutId: ID }));
    const during = await call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
      rolloutId: ID,
      version: detail.rollout.version,
    });
    expect(during.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.strategy.pushRunning' },
    });
    expect(await kvs.entity('rollout').get(ID)).toBeDefined();
    // Refused, it gave the creation lease back: once the push is done the discard goes through.
    host.events.resume();
    await host.events.drain();
    const pushed = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', { rolloutId: ID }),
    );
    await ok(
      call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
        rolloutId: ID,
        version: pushed.rollout.version,
      }),
    );
    expect(await kvs.entity('rollout').get(ID)).toBeUndefined();
    expect(await kvs.entity('push-job').get(ID)).toBeUndefined();
  });
});

describe('an approved rollout', () => {
  it('can no longer be discarded, even while heads re-confirm a changed plan', async () => {
    await makeStrategy(host);
    await requestApproval(host, 'ROLL-2');
    for (const [head, name] of HEADS) {
      expect((await decideAs(host, head, name, 'approved', '', 'ROLL-2')).envelope.ok).toBe(true);
    }
    const approved = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', { rolloutId: ID }),
    );
    expect(approved).toMatchObject({ rollout: { approvalState: 'approved' }, canDiscard: false });
    const stored = await kvs.entity<Rollout>('rollout').get(ID);
    expect(stored?.approvedAt).toEqual(expect.any(String));
    const refused = await call(confluenceModule(host), 'coordinator', 'rollouts/discard', {
      rolloutId: ID,
      version: approved.rollout.version,
    });
    expect(refused.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rollout.discardApproved' },
    });
    // A changed plan goes back to the heads: still it was approved once.
    const payload = strategyPayload();
    const changed = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/update', {
        rolloutId: ID,
        version: approved.rollout.version,
        title: payload.title,
        objective: 'A changed objective.',
        targetDate: payload.targetDate,
        departments: payload.departments,
        plan: payload.plan,
        // The user saw who is asked again (the confirmation is tested in strategy-reconfirm).
        confirmReconfirmation: true,
      }),
    );
    expect(changed).toMatchObject({
      rollout: { approvalState: 'awaiting-approval' },
      canDiscard: false,
    });
    expect((await space()).rollouts).toMatchObject([{ canDiscard: false }]);
  });
});

describe('department links', () => {
  it('left by a call that failed for good no longer keep a department in the directory once old', async () => {
    const orphan = uuid(7777);
    await rolloutRepository(storage).linkDepartments(
      orphan,
      [SALES],
      [],
      '2020-01-01T00:00:00.000Z',
    );
    expect(await removeSales()).toEqual({ ok: true });
  });

  it('keep it while recent (the rollout may be on its way) and while their rollout exists', async () => {
    await rolloutRepository(storage).linkDepartments(
      uuid(7778),
      [SALES],
      [],
      new Date().toISOString(),
    );
    expect(await removeSales()).toEqual({ ok: false, messageKey: 'errors.department.inUse' });
  });
});
