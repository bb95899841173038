/**
 * Requesting and deciding approvals through the local host: stages in order, who may decide,
 * delegates, self-approval, rounds, the issue property, the audit trail and the e-mails.
 *
 * Just over 600 lines on purpose: one rollout's approval story, read top to bottom, whose
 * scenarios share the set-up helpers above them; the admin settings and delegations it touches
 * have files of their own.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { Approval } from '../../src/domain/approvals';
import type { AuditEvent } from '../../src/domain/audit';
import { auditRepository } from '../../src/storage/audit';
import { accountIdOf, adminPage, call, callRaw, defined, memoryHost, ok } from '../support/host';
import {
  ISSUE,
  approvalIn,
  asRollout,
  decideAs,
  issuePanel,
  mailsSince,
  makeRollout,
  moveGoLive,
  outboxSize,
  panelAs,
  requestApproval,
  type PanelOutcome,
  type RolloutPanel,
} from '../support/rollouts';
import { storageClient } from '../../src/storage/client';

/** Storage as the app's repositories reach it (retried within a resolver's time). */
const storage = storageClient(() => 25_000);

let host: LocalHost;
let id: (persona: string) => string;

beforeEach(async () => {
  host = await memoryHost();
  id = (persona) => accountIdOf(host, persona);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

/** Finance and Operations first, then Sales and Customer Support. */
const STAGED = [
  { department: 'Finance', stage: 1 },
  { department: 'Operations', stage: 1 },
  { department: 'Sales', stage: 2 },
  { department: 'Customer Support', stage: 2 },
];

function property(): unknown {
  const issue = host.products.jira.issues.getIssue(ISSUE);
  return host.products.jira.issues.getIssueProperty(issue?.id ?? 0, 'rollout-coordinator');
}

/** The rollout view a call that must succeed answers (a decision answers the panel). */
async function rolloutOf(outcome: Promise<PanelOutcome>): Promise<RolloutPanel> {
  return asRollout(await ok(outcome));
}

describe('requesting approval', () => {
  it('opens round 1: one pending approval per department, the first stage open, e-mails to its approvers', async () => {
    const made = await makeRollout(host, { departments: STAGED });
    const since = outboxSize(host);
    const view = await requestApproval(host);
    expect(view.rollout).toMatchObject({
      approvalState: 'awaiting-approval',
      round: 1,
      version: 2,
    });
    expect(view.canRequest).toBe(false);
    expect(view.round).toMatchObject({
      number: 1,
      state: 'awaiting-approval',
      openStage: 1,
      requestedBy: { displayName: 'Camille Martin' },
    });
    expect(
      view.round?.approvals.map((a) => [
        a.departmentName,
        a.stage,
        a.status,
        a.open,
        a.approver.displayName,
      ]),
    ).toEqual([
      ['Finance', 1, 'pending', true, 'Élodie Lefèvre'],
      ['Operations', 1, 'pending', true, 'Marcus Chen'],
      ['Customer Support', 2, 'pending', false, 'Daniel Okafor'],
      ['Sales', 2, 'pending', false, 'Sophie Bernard'],
    ]);
    expect(view.round?.waitingFor.map((w) => w.departmentName)).toEqual(['Finance', 'Operations']);
    // Finance's head has a default delegate in the directory: the panel says who stands in.
    expect(approvalIn(view, 'Finance').activeDelegate?.displayName).toBe('Julien Mercier');
    expect(view.history.events.map((e) => e.type)).toEqual([
      'stage-opened',
      'requested',
      'rollout-created',
    ]);
    expect(property()).toEqual({
      rolloutId: made.rollout.id,
      role: 'anchor',
      approvalState: 'awaiting-approval',
    });

    const stored = await kvs
      .entity<Approval>('approval')
      .get(`${made.rollout.id}:1:${approvalIn(view, 'Sales').departmentId}`);
    expect(stored).toEqual({
      id: approvalIn(view, 'Sales').id,
      rolloutId: made.rollout.id,
      round: 1,
      departmentId: approvalIn(view, 'Sales').departmentId,
      departmentName: 'Sales',
      stage: 2,
      approverAccountId: id('head-sales'),
      status: 'pending',
      comment: '',
      decidedBy: '',
      decidedOnBehalfOf: '',
      decidedAt: '',
      remindersSent: 0,
      lastRemindedAt: '',
      version: 1,
    });

    // Each in their language: one call per language, the delegate included.
    const mails = mailsSince(host, since).sort((a, b) => a.subject.localeCompare(b.subject));
    expect(mails.map((m) => [m.subject, m.to])).toEqual([
      ['Approval requested: Roll out the new CRM', [id('head-operations')]],
      [
        'Validation demandée : Roll out the new CRM',
        [id('delegate-finance'), id('head-finance')].sort(),
      ],
    ]);
    expect(mails[1]?.textBody).toContain('Camille Martin demande votre validation');
    expect(mails[1]?.textBody).toContain('Étape 1 sur 2');
    expect(mails[0]?.textBody).toContain('Stage 1 of 2, round 1: Finance and Operations.');
  });

  it('refuses someone who may not edit the issue, a stale version, and a round already awaiting', async () => {
    const made = await makeRollout(host);
    const bySales = await call(issuePanel(host), 'head-sales', 'approvals/request', {
      version: made.rollout.version,
    });
    expect(bySales.envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rollout.editForbidden' },
    });
    const stale = await call(issuePanel(host), 'coordinator', 'approvals/request', { version: 7 });
    expect(stale.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rollout.stale',
        details: { current: { kind: 'rollout', rollout: { version: 1 } } },
      },
    });
    const requested = await requestApproval(host);
    const again = await call(issuePanel(host), 'coordinator', 'approvals/request', {
      version: requested.rollout.version,
    });
    expect(again.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rollout.cannotRequest' },
    });
  });

  it('answers NOT_FOUND on an issue that is not a rollout', async () => {
    const { envelope } = await call(issuePanel(host), 'coordinator', 'approvals/request', {
      version: 1,
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.rollout.notFound' },
    });
  });
});

describe('deciding', () => {
  beforeEach(async () => {
    await makeRollout(host, { departments: STAGED });
    await requestApproval(host);
  });

  it('opens the stages in order, and tells the next stage’s approvers when it opens', async () => {
    const early = await decideAs(host, 'head-sales', 'Sales', 'approved');
    expect(early.envelope).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        messageKey: 'errors.approval.stageNotOpen',
        message: 'Sales decides in stage 2, which opens when the earlier stages are approved.',
        params: { approver: 'Sophie Bernard', department: 'Sales', stage: 2 },
      },
    });
    expect(approvalIn(asRollout(await panelAs(host, 'head-sales')), 'Sales')).toMatchObject({
      canDecide: false,
      blockedBecause: 'stage-not-open',
    });

    await rolloutOf(decideAs(host, 'head-finance', 'Finance', 'approved'));
    const since = outboxSize(host);
    const view = await rolloutOf(
      decideAs(host, 'head-operations', 'Operations', 'approved', 'Go ahead.'),
    );
    expect(view.round).toMatchObject({ state: 'awaiting-approval', openStage: 2 });
    expect(view.round?.waitingFor.map((w) => w.departmentName)).toEqual([
      'Customer Support',
      'Sales',
    ]);
    expect(view.history.events.slice(0, 2).map((e) => [e.type, e.stage])).toEqual([
      ['stage-opened', 2],
      ['decided', 1],
    ]);
    const subjects = mailsSince(host, since)
      .map((m) => [m.subject, m.to])
      .sort();
    expect(subjects).toEqual(
      [
        ['Approval requested: Roll out the new CRM', [id('head-support')]],
        ['Validation demandée : Roll out the new CRM', [id('head-sales')]],
        ['Approved (Operations): Roll out the new CRM', [id('coordinator')]],
      ].sort(),
    );
    expect(approvalIn(asRollout(await panelAs(host, 'head-sales')), 'Sales')).toMatchObject({
      canDecide: true,
      blockedBecause: null,
      decidesOnBehalfOf: null,
    });
  });

  it('lets only the approver or their active delegate decide; everyone else gets FORBIDDEN', async () => {
    for (const who of ['head-support', 'coordinator', 'admin']) {
      const { envelope } = await decideAs(host, who, 'Operations', 'approved');
      expect(envelope).toMatchObject({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          messageKey: 'errors.approval.notApprover',
          params: { approver: 'Marcus Chen', department: 'Operations', stage: 1 },
        },
      });
    }
    const view = asRollout(await panelAs(host, 'head-support'));
    expect(approvalIn(view, 'Operations')).toMatchObject({
      canDecide: false,
      blockedBecause: null,
    });
  });

  it('records a delegate’s decision as by them on behalf of the head', async () => {
    const before = approvalIn(asRollout(await panelAs(host, 'delegate-finance')), 'Finance');
    expect(before).toMatchObject({
      canDecide: true,
      decidesOnBehalfOf: { displayName: 'Élodie Lefèvre' },
    });
    const view = await rolloutOf(
      decideAs(host, 'delegate-finance', 'Finance', 'approved', 'Vu avec Élodie.'),
    );
    expect(approvalIn(view, 'Finance')).toMatchObject({
      status: 'approved',
      comment: 'Vu avec Élodie.',
      decidedBy: { displayName: 'Julien Mercier' },
      decidedOnBehalfOf: { displayName: 'Élodie Lefèvre' },
      version: 2,
    });
    expect(view.history.events[0]).toMatchObject({
      type: 'decided',
      actor: { displayName: 'Julien Mercier' },
      onBehalfOf: { displayName: 'Élodie Lefèvre' },
      departmentName: 'Finance',
      detail: 'approved',
      comment: 'Vu avec Élodie.',
    });
  });

  it('makes a decision final for the round', async () => {
    const first = approvalIn(asRollout(await panelAs(host, 'head-finance')), 'Finance');
    await rolloutOf(decideAs(host, 'head-finance', 'Finance', 'approved'));
    const replay = await call(issuePanel(host), 'head-finance', 'approvals/decide', {
      approvalId: first.id,
      version: first.version,
      decision: 'rejected',
      comment: 'Changed my mind',
    });
    expect(replay.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.approval.stale',
        details: { current: { status: 'approved', version: 2 } },
      },
    });
    const again = await decideAs(host, 'head-finance', 'Finance', 'rejected', 'Changed my mind');
    expect(again.envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.approval.alreadyDecided' },
    });
  });

  it('requires a comment to request changes or reject, and limits its length', async () => {
    const approval = approvalIn(asRollout(await panelAs(host, 'head-finance')), 'Finance');
    const decideWith = (decision: string, comment: unknown) =>
      callRaw(issuePanel(host), 'head-finance', 'approvals/decide', {
        approvalId: approval.id,
        version: 1,
        decision,
        comment,
      });
    for (const [decision, comment] of [
      ['changes-requested', ''],
      ['rejected', '   '],
    ] as const) {
      expect((await decideWith(decision, comment)).envelope).toEqual({
        ok: false,
        error: {
          code: 'VALIDATION',
          messageKey: 'errors.approval.commentRequired',
          message: 'Say why: a comment is required to request changes or to reject.',
          details: { fields: [{ path: 'comment', messageKey: 'errors.approval.commentRequired' }] },
        },
      });
    }
    expect((await decideWith('rejected', 'x'.repeat(1001))).envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { fields: [{ path: 'comment', messageKey: 'errors.approval.commentTooLong' }] },
      },
    });
    expect((await decideWith('maybe', '')).envelope).toMatchObject({
      ok: false,
      error: {
        details: { fields: [{ path: 'decision', messageKey: 'errors.approval.decisionInvalid' }] },
      },
    });
    const stored = await kvs.entity<Approval>('approval').get(approval.id);
    expect(stored).toMatchObject({ status: 'pending', version: 1 });
    // 1,000 characters are fine.
    const payload = { approvalId: approval.id, version: 1, comment: 'x'.repeat(1000) } as const;
    await rolloutOf(
      call(issuePanel(host), 'head-finance', 'approvals/decide', {
        ...payload,
        decision: 'rejected',
      }),
    );
  });

  it('blocks the round on a request for changes, tells the requester, and a new round keeps the old one in history', async () => {
    await rolloutOf(decideAs(host, 'head-finance', 'Finance', 'approved'));
    const since = outboxSize(host);
    const blocked = await rolloutOf(
      decideAs(
        host,
        'head-operations',
        'Operations',
        'changes-requested',
        'Add a <b>training</b> plan & dates.',
      ),
    );
    expect(blocked.rollout.approvalState).toBe('changes-requested');
    expect(blocked.round).toMatchObject({
      state: 'changes-requested',
      openStage: 0,
      waitingFor: [],
    });
    // The head who decided may not edit the issue; the coordinator may now open a new round.
    expect(blocked.canRequest).toBe(false);
    expect(asRollout(await panelAs(host, 'coordinator')).canRequest).toBe(true);
    expect(property()).toEqual({
      rolloutId: blocked.rollout.id,
      role: 'anchor',
      approvalState: 'changes-requested',
    });
    const mails = mailsSince(host, since).sort((a, b) => a.subject.localeCompare(b.subject));
    expect(mails.map((m) => [m.subject, m.to])).toEqual([
      ['Changes requested (Operations): Roll out the new CRM', [id('coordinator')]],
      ['Changes requested: Roll out the new CRM', [id('coordinator')]],
    ]);
    // User text is escaped in HTML, quoted as is in plain text.
    expect(mails[0]?.htmlBody).toContain('Add a &lt;b&gt;training&lt;/b&gt; plan &amp; dates.');
    expect(mails[0]?.textBody).toContain('> Add a <b>training</b> plan & dates.');
    expect(mails[1]?.textBody).toContain('Operations (Marcus Chen)');

    // Stage 2 never opened, and nobody can decide any more in this round.
    const sales = await decideAs(host, 'head-sales', 'Sales', 'approved');
    expect(sales.envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.approval.stageNotOpen' },
    });

    // The coordinator answers the request for changes, then asks again.
    await moveGoLive(host, '2030-10-31');
    const round2 = await requestApproval(host);
    expect(round2.rollout).toMatchObject({ round: 2, approvalState: 'awaiting-approval' });
    expect(
      round2.round?.approvals.every((a) => a.status === 'pending' && a.id.includes(':2:')),
    ).toBe(true);
    expect(round2.history.events.slice(0, 3).map((e) => [e.type, e.round, e.detail])).toEqual([
      ['stage-opened', 2, ''],
      ['requested', 2, ''],
      ['new-round', 2, 'changes-requested'],
    ]);
    expect(round2.history.events.some((e) => e.type === 'blocked' && e.round === 1)).toBe(true);
    // Round 1's decisions are still stored as they were.
    const old = await kvs.entity<Approval>('approval').get(approvalIn(blocked, 'Operations').id);
    expect(old).toMatchObject({
      round: 1,
      status: 'changes-requested',
      comment: 'Add a <b>training</b> plan & dates.',
    });
  });

  it('approves the rollout when every head has approved, telling the requester in their language', async () => {
    await rolloutOf(decideAs(host, 'head-finance', 'Finance', 'approved'));
    await rolloutOf(decideAs(host, 'head-operations', 'Operations', 'approved'));
    await rolloutOf(decideAs(host, 'head-sales', 'Sales', 'approved'));
    const since = outboxSize(host);
    const done = await rolloutOf(decideAs(host, 'head-support', 'Customer Support', 'approved'));
    expect(done.rollout.approvalState).toBe('approved');
    expect(done.round).toMatchObject({ state: 'approved', openStage: 0, waitingFor: [] });
    expect(done.canRequest).toBe(false);
    expect(done.history.events[0]).toMatchObject({ type: 'approved', round: 1, actor: null });
    expect(property()).toMatchObject({ approvalState: 'approved' });
    expect(
      mailsSince(host, since)
        .map((m) => m.subject)
        .sort(),
    ).toEqual([
      'Approved (Customer Support): Roll out the new CRM',
      'Rollout approved: Roll out the new CRM',
    ]);
  });

  it('rejects the rollout on a rejection', async () => {
    const view = await rolloutOf(
      decideAs(host, 'head-finance', 'Finance', 'rejected', 'Pas cette année.'),
    );
    expect(view.rollout.approvalState).toBe('rejected');
    expect(property()).toMatchObject({ approvalState: 'rejected' });
    expect(view.history.events[0]).toMatchObject({ type: 'blocked', detail: 'rejected' });
  });
});

describe('self-approval', () => {
  it('refuses the requester approving for a department they head, unless an admin allows it', async () => {
    await makeRollout(host, {
      departments: [{ department: 'Sales', head: 'coordinator' }, { department: 'Finance' }],
    });
    await requestApproval(host);
    const mine = approvalIn(asRollout(await panelAs(host, 'coordinator')), 'Sales');
    expect(mine).toMatchObject({ canDecide: false, blockedBecause: 'self-approval' });
    const refused = await decideAs(host, 'coordinator', 'Sales', 'approved');
    expect(refused.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        messageKey: 'errors.approval.selfApproval',
        params: { department: 'Sales', approver: 'Camille Martin', stage: 1 },
      },
    });
    const settings = await ok(call(adminPage(host), 'admin', 'settings/get', {}));
    await ok(
      call(adminPage(host), 'admin', 'settings/update', {
        reminderCadenceDays: settings.reminderCadenceDays,
        maxReminders: settings.maxReminders,
        allowSelfApproval: true,
        version: settings.version,
      }),
    );
    expect(approvalIn(asRollout(await panelAs(host, 'coordinator')), 'Sales').canDecide).toBe(true);
    await rolloutOf(decideAs(host, 'coordinator', 'Sales', 'approved'));
  });
});

describe('the audit trail', () => {
  async function seedEvents(rolloutId: string, count: number): Promise<void> {
    const events: AuditEvent[] = Array.from({ length: count }, (_, i) => ({
      id: `${rolloutId}:seed-${String(i).padStart(3, '0')}`,
      rolloutId,
      // Before the rollout was made: the trail sorts by time.
      at: new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString(),
      type: 'reminded',
      actorAccountId: '',
      onBehalfOfAccountId: '',
      departmentId: '',
      departmentName: 'Finance',
      round: 1,
      stage: 1,
      detail: '',
      comment: i === 0 ? '=HYPERLINK("http://evil.example")' : '',
    }));
    await auditRepository(storage).append(events);
  }

  it('pages the history newest first, 20 at a time', async () => {
    const made = await makeRollout(host);
    await seedEvents(made.rollout.id, 30);
    const first = await ok(call(issuePanel(host), 'employee', 'approvals/history', {}));
    expect(first.events).toHaveLength(20);
    expect(first.events[0]?.type).toBe('rollout-created');
    expect(first.events[1]?.at).toBe('2020-01-01T00:00:29.000Z');
    expect(first.nextCursor).not.toBeNull();
    const second = await ok(
      call(issuePanel(host), 'employee', 'approvals/history', {
        cursor: defined(first.nextCursor, 'a next page'),
      }),
    );
    expect(second.events.map((e) => e.at)).toEqual(
      Array.from({ length: 11 }, (_, i) =>
        new Date(Date.UTC(2020, 0, 1, 0, 0, 10 - i)).toISOString(),
      ),
    );
    expect(second.nextCursor).toBeNull();
    const bad = await call(issuePanel(host), 'employee', 'approvals/history', {
      cursor: 'not-a-cursor',
    });
    expect(bad.envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ path: 'cursor' }] } },
    });
  });

  it('exports every event as CSV, oldest first, 100 per page, header on the first page only', async () => {
    const made = await makeRollout(host);
    await seedEvents(made.rollout.id, 150);
    const first = await ok(call(issuePanel(host), 'employee', 'approvals/export', {}));
    const lines = first.csv.split('\r\n');
    expect(lines[0]).toBe('time,event,round,stage,department,by,on behalf of,detail,comment');
    expect(lines[1]).toBe(
      `2020-01-01T00:00:00.000Z,reminded,1,1,Finance,,,,"'=HYPERLINK(""http://evil.example"")"`,
    );
    expect(lines).toHaveLength(102);
    const second = await ok(
      call(issuePanel(host), 'employee', 'approvals/export', {
        cursor: defined(first.nextCursor, 'a next page'),
      }),
    );
    const rest = second.csv.split('\r\n');
    expect(rest).toHaveLength(52);
    expect(rest[50]).toMatch(/^20\d\d-.*,rollout-created,,,,Camille Martin,,,$/u);
    expect(second.nextCursor).toBeNull();
  });

  it('resolves names in the export for a real flow', async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }] });
    await requestApproval(host);
    await rolloutOf(decideAs(host, 'delegate-finance', 'Finance', 'approved', 'OK, "vu"'));
    const { csv } = await ok(call(issuePanel(host), 'coordinator', 'approvals/export', {}));
    const rows = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(',').slice(1, 8).join('|'));
    expect(rows).toEqual([
      'event|round|stage|department|by|on behalf of|detail',
      'rollout-created||||Camille Martin||',
      'requested|1|||Camille Martin||',
      'stage-opened|1|1||||',
      'decided|1|1|Finance|Julien Mercier|Élodie Lefèvre|approved',
      'approved|1|||||',
    ]);
  });
});

describe('when Jira e-mail misbehaves', () => {
  beforeEach(async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }, { department: 'Sales' }] });
    await requestApproval(host);
  });

  it('retries a throttled notify honouring Retry-After, and the decision goes through', async () => {
    host.products.faults.add({
      pathPattern: '/notify$',
      kind: 'status429',
      retryAfterSeconds: 1,
      times: 1,
    });
    const since = outboxSize(host);
    const started = Date.now();
    const view = await rolloutOf(decideAs(host, 'head-finance', 'Finance', 'approved'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(approvalIn(view, 'Finance').status).toBe('approved');
    // To the requester (Camille, English), exactly once.
    expect(mailsSince(host, since).map((m) => [m.subject, m.to])).toEqual([
      ['Approved (Finance): Roll out the new CRM', [id('coordinator')]],
    ]);
  });

  it('never fails the decision when Jira keeps failing, and logs no personal data', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    host.products.faults.add({ pathPattern: '/notify$', kind: 'status500' });
    const since = outboxSize(host);
    const view = await rolloutOf(
      decideAs(host, 'head-finance', 'Finance', 'rejected', 'Secret reason'),
    );
    expect(view.rollout.approvalState).toBe('rejected');
    expect(mailsSince(host, since)).toEqual([]);
    const logged = warn.mock.calls.map((call) => String(call[0])).join('\n');
    expect(logged).toContain('e-mail not sent: Jira answered 500');
    expect(logged).not.toMatch(/Secret|Élodie|rc-demo/u);
  });

  it('keeps the decision when the property cannot be written, and writes it with the next change', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    host.products.faults.add({ pathPattern: '/properties/', kind: 'status500' });
    await rolloutOf(decideAs(host, 'head-finance', 'Finance', 'approved'));
    const last = await rolloutOf(
      decideAs(host, 'head-sales', 'Sales', 'changes-requested', 'Plus tard'),
    );
    expect(last.rollout.approvalState).toBe('changes-requested');
    expect(property()).toMatchObject({ approvalState: 'awaiting-approval' });
    host.products.faults.clear();
    await moveGoLive(host, '2030-10-31');
    await requestApproval(host);
    expect(property()).toMatchObject({ approvalState: 'awaiting-approval' });
    await rolloutOf(decideAs(host, 'head-finance', 'Finance', 'rejected', 'Non'));
    expect(property()).toMatchObject({ approvalState: 'rejected' });
  });
});
