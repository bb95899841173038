/**
 * Concurrency, failures part-way and the round-trip budget of the Approvals panel, through the
 * local host: many invokes at once, storage faults between the writes of one call, and calls
 * counted per invocation for rollouts of 4, 20 and 100 departments.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { Approval } from '../../src/domain/approvals';
import type { AuditEvent } from '../../src/domain/audit';
import type { DelegationRecord } from '../../src/domain/delegation';
import type { Rollout } from '../../src/domain/rollout';
import { call, defined, failStorageForGood, hostPerTest } from '../support/host';
import {
  ISSUE,
  addDepartments,
  addIssue,
  addPeople,
  approvalIn,
  asRollout,
  decideAs,
  failNthStorageCall,
  issuePanel,
  mailsSince,
  makeRollout,
  outboxSize,
  panelAs,
  requestApproval,
  uuid,
  type RolloutPanel,
} from '../support/rollouts';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

async function eventsOf(rolloutId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs
      .entity<AuditEvent>('approval-event')
      .query()
      .index('by-rollout', { partition: [rolloutId] })
      .where(WhereConditions.greaterThan(''))
      .limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    events.push(...page.results.map((row) => row.value));
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

function property(issueKey: string = ISSUE): unknown {
  const issue = host.products.jira.issues.getIssue(issueKey);
  return host.products.jira.issues.getIssueProperty(issue?.id ?? 0, 'rollout-coordinator');
}

/** A rollout on `issueKey` whose departments are headed by `heads` (stage by `stageOf`), requested. */
async function rolloutHeadedBy(
  heads: readonly string[],
  issueKey: string,
  stageOf: (index: number) => number = () => 1,
): Promise<RolloutPanel> {
  const ids = await addDepartments(
    heads,
    2000 + heads.length * 10 + Number(issueKey.split('-')[1]) * 1000,
  );
  await makeRollout(host, {
    issueKey,
    requestId: uuid(Number(issueKey.split('-')[1])),
    departments: ids.map((department, i) => ({ department, stage: stageOf(i) })),
  });
  return requestApproval(host, issueKey);
}

describe('racing decisions', () => {
  it('lets exactly one of 20 concurrent decisions on one approval win; the others get CONFLICT with it', async () => {
    await makeRollout(host);
    const view = await requestApproval(host);
    const finance = approvalIn(view, 'Finance');
    const decisions = ['approved', 'changes-requested', 'rejected'] as const;
    // The head and the delegate, two tabs each, double clicks: 20 calls at once.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(
          issuePanel(host),
          i % 2 === 0 ? 'head-finance' : 'delegate-finance',
          'approvals/decide',
          {
            approvalId: finance.id,
            version: finance.version,
            decision: defined(decisions[i % 3], 'a decision'),
            comment: `attempt ${String(i)}`,
          },
        ),
      ),
    );
    const winners = outcomes.filter((o) => o.envelope.ok);
    expect(winners).toHaveLength(1);
    const stored = await kvs.entity<Approval>('approval').get(finance.id);
    expect(stored?.version).toBe(2);
    for (const { envelope } of outcomes.filter((o) => !o.envelope.ok)) {
      expect(envelope).toMatchObject({
        ok: false,
        error: {
          code: 'CONFLICT',
          messageKey: 'errors.approval.stale',
          details: {
            current: {
              id: finance.id,
              status: stored?.status,
              comment: stored?.comment,
              version: 2,
            },
          },
        },
      });
    }
    const decided = (await eventsOf(view.rollout.id)).filter((e) => e.type === 'decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ detail: stored?.status, comment: stored?.comment });
  });

  it('never lets decisions on different approvals interfere: 20 at once all succeed and the rollout ends approved', async () => {
    const heads = addPeople(host, 20);
    const view = await rolloutHeadedBy(heads, addIssue(host, 'Twenty departments'));
    const issueKey = view.rollout.issue.key;
    const since = outboxSize(host);
    const outcomes = await Promise.all(
      heads.map((head, i) => {
        const approval = view.round?.approvals.find((a) => a.approver.accountId === head);
        return call(issuePanel(host, issueKey), head, 'approvals/decide', {
          approvalId: defined(approval, 'the head’s approval').id,
          version: 1,
          decision: 'approved',
          comment: `ok ${String(i)}`,
        });
      }),
    );
    expect(outcomes.map((o) => o.envelope.ok)).toEqual(heads.map(() => true));
    const rollout = await kvs.entity<Rollout>('rollout').get(view.rollout.id);
    expect(rollout).toMatchObject({ approvalState: 'approved', version: 3 });
    const events = await eventsOf(view.rollout.id);
    expect(events.filter((e) => e.type === 'decided')).toHaveLength(20);
    expect(events.filter((e) => e.type === 'approved')).toHaveLength(1);
    expect(property(issueKey)).toEqual({
      rolloutId: view.rollout.id,
      role: 'anchor',
      approvalState: 'approved',
    });
    const approvedMails = mailsSince(host, since).filter((m) =>
      m.subject.startsWith('Rollout approved'),
    );
    expect(approvedMails.map((m) => m.to)).toEqual([[view.rollout.createdBy.accountId]]);
  });

  it('opens the next stage exactly once when its previous stage is approved by concurrent decisions', async () => {
    const heads = addPeople(host, 12);
    const view = await rolloutHeadedBy(heads, addIssue(host, 'Two stages'), (i) => (i < 6 ? 1 : 2));
    const issueKey = view.rollout.issue.key;
    const since = outboxSize(host);
    await Promise.all(
      heads.slice(0, 6).map((head) => {
        const approval = view.round?.approvals.find((a) => a.approver.accountId === head);
        return call(issuePanel(host, issueKey), head, 'approvals/decide', {
          approvalId: defined(approval, 'the head’s approval').id,
          version: 1,
          decision: 'approved',
          comment: '',
        });
      }),
    );
    const opened = (await eventsOf(view.rollout.id)).filter((e) => e.type === 'stage-opened');
    expect(opened.map((e) => e.stage).sort()).toEqual([1, 2]);
    const stageTwoMails = mailsSince(host, since).filter(
      (m) => m.subject.includes('Two stages') || m.subject.includes('CRM'),
    );
    const invited = stageTwoMails
      .filter(
        (m) =>
          m.subject.startsWith('Approval requested') || m.subject.startsWith('Validation demandée'),
      )
      .flatMap((m) => m.to)
      .sort();
    expect(invited).toEqual([...heads.slice(6)].sort());
    expect(await kvs.entity<Rollout>('rollout').get(view.rollout.id)).toMatchObject({
      approvalState: 'awaiting-approval',
      openedStage: 2,
    });
  });
});

describe('failures part-way', () => {
  beforeEach(() => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('writes nothing when the decision’s transaction fails; a retry with the same version succeeds', async () => {
    await makeRollout(host);
    const view = await requestApproval(host);
    const finance = approvalIn(view, 'Finance');
    failStorageForGood(host, '/api/v1/transaction');
    const failed = await call(issuePanel(host), 'head-finance', 'approvals/decide', {
      approvalId: finance.id,
      version: 1,
      decision: 'approved',
    });
    expect(failed.envelope).toMatchObject({
      ok: false,
      error: { code: 'UPSTREAM', messageKey: 'errors.storageBusy' },
    });
    expect(await kvs.entity<Approval>('approval').get(finance.id)).toMatchObject({
      status: 'pending',
      version: 1,
    });
    expect((await eventsOf(view.rollout.id)).some((e) => e.type === 'decided')).toBe(false);
    const retried = await call(issuePanel(host), 'head-finance', 'approvals/decide', {
      approvalId: finance.id,
      version: 1,
      decision: 'approved',
    });
    expect(retried.envelope.ok).toBe(true);
  });

  it('keeps the decision when the rollout cannot be advanced, and the next call finishes the job', async () => {
    await makeRollout(host, {
      departments: [
        { department: 'Finance', stage: 1 },
        { department: 'Sales', stage: 2 },
      ],
    });
    const view = await requestApproval(host);
    const since = outboxSize(host);
    // Transaction 1 is the decision; transaction 2, the rollout opening stage 2, fails.
    failNthStorageCall(host, '/api/v1/transaction', 2);
    const decided = await decideAs(host, 'head-finance', 'Finance', 'approved');
    expect(decided.envelope.ok).toBe(true);
    expect(await kvs.entity<Rollout>('rollout').get(view.rollout.id)).toMatchObject({
      openedStage: 1,
      version: 2,
    });
    expect(mailsSince(host, since).some((m) => m.to.includes('rc-demo-head-sales'))).toBe(false);
    // Anyone opening the panel settles it: the stage opens once, its approver is told once.
    const panel = asRollout(await panelAs(host, 'employee'));
    expect(panel.round?.openStage).toBe(2);
    await panelAs(host, 'coordinator');
    expect(await kvs.entity<Rollout>('rollout').get(view.rollout.id)).toMatchObject({
      openedStage: 2,
      version: 3,
    });
    expect(
      (await eventsOf(view.rollout.id))
        .filter((e) => e.type === 'stage-opened')
        .map((e) => e.stage),
    ).toEqual([1, 2]);
    expect(
      mailsSince(host, since)
        .filter((m) => m.to.includes('rc-demo-head-sales'))
        .map((m) => m.subject),
    ).toEqual(['Validation demandée : Roll out the new CRM']);
  });

  it('finishes a request that failed between two batches of approvals, on retry with the same version', async () => {
    const heads = addPeople(host, 30);
    const ids = await addDepartments(heads);
    const issueKey = addIssue(host, 'Thirty departments');
    const made = await makeRollout(host, {
      issueKey,
      requestId: uuid(30),
      departments: ids.map((department) => ({ department })),
    });
    // 30 approvals: a transaction of 25, then one of 5 (fails), then the rollout's.
    failNthStorageCall(host, '/api/v1/transaction', 2);
    const failed = await call(issuePanel(host, issueKey), 'coordinator', 'approvals/request', {
      version: made.rollout.version,
    });
    expect(failed.envelope).toMatchObject({
      ok: false,
      error: { code: 'UPSTREAM', messageKey: 'errors.storageBusy' },
    });
    const still = asRollout(await panelAs(host, 'coordinator', issueKey));
    expect(still.rollout).toMatchObject({ approvalState: 'draft', round: 0, version: 1 });
    expect(still.round).toBeNull();
    expect(property(issueKey)).toMatchObject({ approvalState: 'draft' });

    const retried = asRollout(
      (
        (await call(issuePanel(host, issueKey), 'coordinator', 'approvals/request', { version: 1 }))
          .envelope as {
          data: RolloutPanel;
        }
      ).data,
    );
    expect(retried.round?.approvals).toHaveLength(30);
    expect(retried.rollout).toMatchObject({
      approvalState: 'awaiting-approval',
      round: 1,
      version: 2,
    });
    expect(property(issueKey)).toMatchObject({ approvalState: 'awaiting-approval' });
    expect((await eventsOf(made.rollout.id)).filter((e) => e.type === 'requested')).toHaveLength(1);
  });

  it('never lets a late duplicate request reset a decision already made', async () => {
    await makeRollout(host);
    const view = await requestApproval(host);
    await decideAs(host, 'head-finance', 'Finance', 'approved');
    // A second request carrying the version before the first one: refused, the decision stands.
    const late = await call(issuePanel(host), 'coordinator', 'approvals/request', {
      version: view.rollout.version - 1,
    });
    expect(late.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rollout.stale' },
    });
    expect(
      await kvs.entity<Approval>('approval').get(approvalIn(view, 'Finance').id),
    ).toMatchObject({
      status: 'approved',
    });
  });
});

describe('the round-trip budget', () => {
  /** Heads elsewhere in the company with a delegation that has not ended. */
  async function delegateElsewhere(count: number): Promise<void> {
    for (let i = 0; i < count; i += 25) {
      await kvs.batchSet(
        Array.from({ length: Math.min(25, count - i) }, (_, j) => {
          const headAccountId = `rc-elsewhere-${String(i + j).padStart(4, '0')}`;
          const value: DelegationRecord = {
            headAccountId,
            delegations: [
              {
                id: uuid(60_000 + i + j),
                delegateAccountId: 'rc-elsewhere-delegate',
                from: '2020-01-01',
                to: '2099-12-31',
                createdAt: '2020-01-01T00:00:00.000Z',
              },
            ],
            lastDay: '2099-12-31',
            version: 1,
          };
          return { key: headAccountId, value, entityName: 'delegation' };
        }),
      );
    }
  }

  it('keeps storage and Jira calls per panel load and per decision the same whatever the directory and the delegations elsewhere, and bounded by the rollout', async () => {
    await host.runScheduled('daily-progress-snapshots');
    const people = addPeople(host, 100);
    const sizes = [4, 20, 100];
    const views = new Map<number, RolloutPanel>();
    for (const size of sizes) {
      // The decider (a persona) heads the first department; distinct people head the others.
      const heads = ['rc-demo-head-sales', ...people.slice(0, size - 1)];
      views.set(size, await rolloutHeadedBy(heads, addIssue(host, `Rollout of ${String(size)}`)));
    }
    const panels = async (): Promise<Record<number, unknown>> => {
      const counts: Record<number, unknown> = {};
      for (const size of sizes) {
        const issueKey = views.get(size)?.rollout.issue.key ?? '';
        const panel = await call(issuePanel(host, issueKey), 'head-sales', 'approvals/panel', {});
        expect(panel.envelope.ok && asRollout(panel.envelope.data).round?.approvals).toHaveLength(
          size,
        );
        counts[size] = panel.counters;
      }
      return counts;
    };
    const before = await panels();
    // The directory grows by 200 departments and 300 other heads delegate: the panel reads none.
    await addDepartments(
      Array.from({ length: 200 }, (_, i) => people[i % people.length] ?? ''),
      90_000,
    );
    await delegateElsewhere(300);
    expect(await panels()).toEqual(before);
    const decisions: Record<number, unknown> = {};
    for (const size of sizes) {
      const view = views.get(size);
      const approval = view?.round?.approvals.find(
        (a) => a.approver.accountId === 'rc-demo-head-sales',
      );
      const decided = await call(
        issuePanel(host, view?.rollout.issue.key ?? ''),
        'head-sales',
        'approvals/decide',
        {
          approvalId: defined(approval, 'Sales’s approval').id,
          version: 1,
          decision: 'approved',
          comment: '',
        },
      );
      expect(decided.envelope.ok).toBe(true);
      decisions[size] = decided.counters;
    }
    // The round's departments and people are read 25 keys a call, all at once (decision 0047):
    // 1 call at 4 departments, 2 at 20, 9 at the cap of 100; nothing else grows.
    const extra = (size: number): number => Math.ceil((2 * size + 2) / 25) - 1;
    for (const size of sizes) {
      expect(before[size]).toEqual({ storage: 7 + extra(size), product: 3 });
      expect(decisions[size]).toEqual({ storage: 11 + extra(size), product: 4 });
    }
  });
});
