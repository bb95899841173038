/**
 * Making an issue a rollout, and changing its plan, through the local host: the real resolvers,
 * storage and Jira emulator, as personas with their Jira permissions.
 *
 * Just over 600 lines on purpose: setting a rollout up and editing its plan are one flow whose
 * scenarios share their fixtures; a split would cut the flow between creation and edit.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { AuditEvent } from '../../src/domain/audit';
import type { Rollout } from '../../src/domain/rollout';
import { accountIdOf, call, callRaw, failStorageForGood, hostPerTest, ok } from '../support/host';
import {
  ALL_FOUR,
  ISSUE,
  addIssue,
  asRollout,
  decideAs,
  demoDepartment,
  editPlan,
  editPlanForm,
  issuePanel,
  mailsSince,
  makeRollout,
  outboxSize,
  panelAs,
  plan,
  requestApproval,
  uuid,
  type RolloutPanel,
} from '../support/rollouts';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

/** Failures are logged by design; these tests check what was written instead. */
function quietLogs(): jest.SpyInstance[] {
  return [
    jest.spyOn(console, 'error').mockImplementation(() => undefined),
    jest.spyOn(console, 'warn').mockImplementation(() => undefined),
  ];
}

async function rolloutsOn(issueId: string): Promise<Rollout[]> {
  const page = await kvs
    .entity<Rollout>('rollout')
    .query()
    .index('by-anchor-issue', { partition: [issueId] })
    .limit(10)
    .getMany();
  return page.results.map((row) => row.value);
}

async function eventsOf(rolloutId: string): Promise<AuditEvent[]> {
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [rolloutId] })
    .where(WhereConditions.greaterThan(''))
    .limit(100)
    .getMany();
  return page.results.map((row) => row.value);
}

async function rolloutsUsing(departmentId: string): Promise<string[]> {
  const page = await kvs
    .entity<{ rolloutId: string }>('rollout-department')
    .query()
    .index('by-department', { partition: [departmentId] })
    .limit(10)
    .getMany();
  return page.results.map((row) => row.value.rolloutId);
}

function issueId(key: string = ISSUE): string {
  const issue = host.products.jira.issues.getIssue(key);
  if (!issue) throw new Error(`no ${key}`);
  return String(issue.id);
}

function property(key: string = ISSUE): unknown {
  return host.products.jira.issues.getIssueProperty(Number(issueId(key)), 'rollout-coordinator');
}

const form = (departments?: ReturnType<typeof plan>) => ({
  requestId: uuid(1),
  title: 'Roll out the new CRM',
  objective: 'Every team works in the new CRM by the autumn.',
  targetDate: '2030-09-30',
  departments: departments ?? plan(host, ALL_FOUR),
});

describe('an issue that is not a rollout yet', () => {
  it('offers the set-up form with the directory, heads pre-filled, to someone who may edit it', async () => {
    const view = await panelAs(host, 'coordinator');
    expect(view).toMatchObject({
      kind: 'setup',
      issue: { id: issueId(), key: ISSUE, summary: 'Roll out the new CRM' },
      canSetUp: true,
    });
    if (view.kind !== 'setup') throw new Error('setup expected');
    expect(
      view.departments.map((d) => [d.name, d.head.displayName, d.delegate?.displayName ?? null]),
    ).toEqual([
      ['Customer Support', 'Daniel Okafor', null],
      ['Finance', 'Élodie Lefèvre', 'Julien Mercier'],
      ['Operations', 'Marcus Chen', null],
      ['Sales', 'Sophie Bernard', null],
    ]);
  });

  it('shows the form read-only to someone who may browse but not edit, and refuses their set-up', async () => {
    expect(await panelAs(host, 'employee')).toMatchObject({ kind: 'setup', canSetUp: false });
    const { envelope } = await call(issuePanel(host), 'head-sales', 'rollouts/create', form());
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rollout.editForbidden' },
    });
    expect(await rolloutsOn(issueId())).toEqual([]);
  });
});

describe('making the issue a rollout', () => {
  it('stores the rollout, links its departments, records the event and sets the issue property', async () => {
    const view = await makeRollout(host, {
      departments: [
        { department: 'Finance', stage: 4 },
        { department: 'Operations', stage: 4 },
        { department: 'Sales', stage: 9, head: 'employee' },
        { department: 'Customer Support', stage: 9 },
      ],
      requestId: uuid(1),
    });
    const rolloutId = uuid(1);
    const [rollout] = await rolloutsOn(issueId());
    expect(rollout).toEqual({
      id: rolloutId,
      title: 'Roll out the new CRM',
      objective: 'Every team works in the new CRM by the autumn.',
      targetDate: '2030-09-30',
      anchorIssueId: issueId(),
      anchorIssueKey: ISSUE,
      projectKey: 'ROLL',
      strategyPageId: '',
      departments: [
        {
          departmentId: demoDepartment('Finance'),
          name: 'Finance',
          headAccountId: accountIdOf(host, 'head-finance'),
          stage: 1,
        },
        {
          departmentId: demoDepartment('Operations'),
          name: 'Operations',
          headAccountId: accountIdOf(host, 'head-operations'),
          stage: 1,
        },
        {
          departmentId: demoDepartment('Sales'),
          name: 'Sales',
          headAccountId: accountIdOf(host, 'employee'),
          stage: 2,
        },
        {
          departmentId: demoDepartment('Customer Support'),
          name: 'Customer Support',
          headAccountId: accountIdOf(host, 'head-support'),
          stage: 2,
        },
      ],
      phases: [],
      targets: {},
      // Set up on a Jira issue: no strategy page, an empty plan.
      spaceId: '',
      spaceKey: '',
      sessions: [],
      language: 'en',
      planRevision: 1,
      pageRevision: 0,
      approvalState: 'draft',
      round: 0,
      roundRequestedBy: '',
      roundRequestedAt: '',
      openedStage: 0,
      createdBy: accountIdOf(host, 'coordinator'),
      createdAt: view.rollout.createdAt,
      updatedAt: view.rollout.createdAt,
      version: 1,
    });
    expect(await rolloutsUsing(demoDepartment('Sales'))).toEqual([rolloutId]);
    expect((await eventsOf(rolloutId)).map((e) => [e.type, e.actorAccountId])).toEqual([
      ['rollout-created', accountIdOf(host, 'coordinator')],
    ]);
    expect(property()).toEqual({ rolloutId, role: 'anchor', approvalState: 'draft' });
    expect(view).toMatchObject({
      kind: 'rollout',
      rollout: { id: rolloutId, approvalState: 'draft', round: 0, version: 1 },
      round: null,
      canManage: true,
      canRequest: true,
      history: { events: [{ type: 'rollout-created', actor: { displayName: 'Camille Martin' } }] },
    });
    expect(view.rollout.departments.find((d) => d.name === 'Sales')?.head.displayName).toBe(
      'Lucas Petit',
    );
  });

  it('answers a retried request with the same rollout, never a second one', async () => {
    const first = await ok(call(issuePanel(host), 'coordinator', 'rollouts/create', form()));
    const again = await ok(call(issuePanel(host), 'coordinator', 'rollouts/create', form()));
    expect(again).toEqual(first);
    expect(await rolloutsOn(issueId())).toHaveLength(1);
    expect(await eventsOf(uuid(1))).toHaveLength(1);
  });

  it('refuses a second rollout on the same issue, even from two coordinators at once', async () => {
    const outcomes = await Promise.all(
      [uuid(1), uuid(2), uuid(3)].map((requestId) =>
        call(issuePanel(host), 'coordinator', 'rollouts/create', { ...form(), requestId }),
      ),
    );
    expect(outcomes.filter((o) => o.envelope.ok)).toHaveLength(1);
    for (const { envelope } of outcomes.filter((o) => !o.envelope.ok)) {
      expect(envelope).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', messageKey: 'errors.rollout.alreadyExists' },
      });
    }
    expect(await rolloutsOn(issueId())).toHaveLength(1);
  });

  it('refuses a department that is not in the directory, naming the field', async () => {
    const departments = [...plan(host, ALL_FOUR.slice(0, 1)), { departmentId: uuid(77), stage: 1 }];
    const { envelope } = await call(
      issuePanel(host),
      'coordinator',
      'rollouts/create',
      form(departments),
    );
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        messageKey: 'errors.rollout.unknownDepartment',
        message: 'A chosen department is no longer in the directory. Reload and choose again.',
        details: {
          fields: [
            { path: 'departments.1.departmentId', messageKey: 'errors.rollout.unknownDepartment' },
          ],
        },
      },
    });
    expect(await rolloutsOn(issueId())).toEqual([]);
  });

  it('refuses a head who is not an active Jira user', async () => {
    const departments = plan(host, [
      { department: 'Sales', head: 'rc-demo-user-thomas-girard' },
      { department: 'Finance', head: 'rc-nobody' },
    ]);
    const { envelope } = await call(
      issuePanel(host),
      'coordinator',
      'rollouts/create',
      form(departments),
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          fields: [
            { path: 'departments.0.headAccountId', messageKey: 'errors.department.inactiveUser' },
            { path: 'departments.1.headAccountId', messageKey: 'errors.department.unknownUser' },
          ],
        },
      },
    });
  });

  it('validates the form with the contract: title, dates, stages, duplicates, at most 100 departments', async () => {
    const sales = demoDepartment('Sales');
    const { envelope } = await call(issuePanel(host), 'coordinator', 'rollouts/create', {
      ...form(),
      title: '  ',
      targetDate: '2030-02-30',
      departments: [
        { departmentId: sales, stage: 11 },
        { departmentId: sales, stage: 1 },
      ],
    });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.details?.fields).toEqual(
      expect.arrayContaining([
        { path: 'title', messageKey: 'errors.rollout.titleRequired' },
        { path: 'targetDate', messageKey: 'errors.field.date' },
        { path: 'departments.0.stage', messageKey: 'errors.rollout.stage' },
        { path: 'departments', messageKey: 'errors.rollout.duplicateDepartment' },
      ]),
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => ({
      departmentId: uuid(5000 + i),
      stage: 1,
    }));
    const many = await call(issuePanel(host), 'coordinator', 'rollouts/create', form(tooMany));
    expect(many.envelope).toMatchObject({
      ok: false,
      error: {
        details: {
          fields: [{ path: 'departments', messageKey: 'errors.rollout.tooManyDepartments' }],
        },
      },
    });
  });

  it('finishes the job on retry after storage failed part-way, leaving nothing half-written', async () => {
    quietLogs();
    // The rollout's own write fails after the issue was claimed and the departments linked.
    failStorageForGood(host, '/api/v1/transaction');
    const failed = await call(issuePanel(host), 'coordinator', 'rollouts/create', form());
    expect(failed.envelope).toMatchObject({
      ok: false,
      error: { code: 'UPSTREAM', messageKey: 'errors.storageBusy' },
    });
    expect(await rolloutsOn(issueId())).toEqual([]);
    expect(await panelAs(host, 'coordinator')).toMatchObject({ kind: 'setup' });
    expect(property()).toBeUndefined();

    const retried = asRollout(
      await ok(call(issuePanel(host), 'coordinator', 'rollouts/create', form())),
    );
    expect(retried.rollout.id).toBe(uuid(1));
    expect(await rolloutsOn(issueId())).toHaveLength(1);
    expect(await eventsOf(uuid(1))).toHaveLength(1);
    expect(property()).toEqual({ rolloutId: uuid(1), role: 'anchor', approvalState: 'draft' });
  });

  it('lets another rollout take over an issue whose first set-up failed for good', async () => {
    quietLogs();
    failStorageForGood(host, '/api/v1/transaction');
    await call(issuePanel(host), 'coordinator', 'rollouts/create', form());
    const other = asRollout(
      await ok(
        call(issuePanel(host), 'coordinator', 'rollouts/create', { ...form(), requestId: uuid(2) }),
      ),
    );
    expect(other.rollout.id).toBe(uuid(2));
    // The abandoned request can no longer complete on this issue.
    const late = await call(issuePanel(host), 'coordinator', 'rollouts/create', form());
    expect(late.envelope).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await rolloutsOn(issueId())).map((r) => r.id)).toEqual([uuid(2)]);
  });

  it('writes the property even when Jira throttles, and keeps the rollout when Jira fails for good', async () => {
    quietLogs();
    host.products.faults.add({
      pathPattern: '/properties/rollout-coordinator$',
      kind: 'status429',
      retryAfterSeconds: 0,
      times: 1,
    });
    await ok(call(issuePanel(host), 'coordinator', 'rollouts/create', form()));
    expect(property()).toEqual({ rolloutId: uuid(1), role: 'anchor', approvalState: 'draft' });

    const second = addIssue(host, 'New expense policy');
    host.products.faults.add({
      pathPattern: '/properties/rollout-coordinator$',
      kind: 'status500',
    });
    const made = await ok(
      call(issuePanel(host, second), 'coordinator', 'rollouts/create', {
        ...form(),
        requestId: uuid(2),
      }),
    );
    expect(made.kind).toBe('rollout');
    expect(property(second)).toBeUndefined();
    host.products.faults.clear();
    // The property is derived: the next change writes it again.
    await requestApproval(host, second);
    expect(property(second)).toEqual({
      rolloutId: uuid(2),
      role: 'anchor',
      approvalState: 'awaiting-approval',
    });
  });
});

/** "Edit plan" on the Approvals panel is the strategy flow's form and call (decision 0048). */
describe('changing the plan', () => {
  it('replaces title, dates and departments, moving the department links', async () => {
    const made = await makeRollout(host);
    const { unchanged } = await editPlanForm(host);
    const saved = await ok(
      editPlan(host, {
        ...unchanged,
        title: 'Roll out the new CRM (phase 1)',
        objective: 'Sales and Finance first.',
        targetDate: '2030-10-15',
        departments: plan(host, [
          { department: 'Sales', stage: 2 },
          { department: 'Finance', stage: 5 },
        ]),
      }),
    );
    expect(saved.rollout).toMatchObject({ title: 'Roll out the new CRM (phase 1)', version: 2 });
    const changed = asRollout(await panelAs(host, 'coordinator'));
    expect(changed.rollout).toMatchObject({
      title: 'Roll out the new CRM (phase 1)',
      objective: 'Sales and Finance first.',
      targetDate: '2030-10-15',
      version: 2,
      departments: [
        { name: 'Sales', stage: 1 },
        { name: 'Finance', stage: 2 },
      ],
    });
    expect(changed.history.events.map((e) => e.type)).toEqual([
      'rollout-updated',
      'rollout-created',
    ]);
    expect(await rolloutsUsing(demoDepartment('Operations'))).toEqual([]);
    expect(await rolloutsUsing(demoDepartment('Finance'))).toEqual([made.rollout.id]);
  });

  it('answers CONFLICT with the current rollout to a stale version', async () => {
    await makeRollout(host);
    const { unchanged } = await editPlanForm(host);
    const update = {
      ...unchanged,
      title: 'A',
      objective: 'B',
      targetDate: '2030-10-15',
      departments: plan(host, ALL_FOUR),
    };
    await ok(editPlan(host, update));
    const { envelope } = await editPlan(host, { ...update, title: 'C' });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rollout.stale',
        details: { current: { rollout: { title: 'A', version: 2 } } },
      },
    });
    expect(asRollout(await panelAs(host, 'coordinator')).rollout).toMatchObject({
      title: 'A',
      version: 2,
    });
  });

  it('refuses changes while heads are deciding, and from someone who may not edit', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const { unchanged } = await editPlanForm(host);
    const update = {
      ...unchanged,
      title: 'A',
      objective: 'B',
      targetDate: '2030-10-15',
      departments: plan(host, ALL_FOUR),
    };
    expect((await editPlan(host, update)).envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rollout.notEditable' },
    });
    expect((await editPlan(host, update, ISSUE, 'head-sales')).envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rollout.editForbidden' },
    });
    expect(asRollout(await panelAs(host, 'coordinator')).rollout).toMatchObject({
      title: unchanged.title,
      version: unchanged.version,
    });
  });

  it('tells someone who cannot browse the issue nothing, as for a rollout that does not exist', async () => {
    await makeRollout(host);
    const { unchanged } = await editPlanForm(host);
    const asOutsider = await editPlan(host, { ...unchanged, title: 'A' }, ISSUE, 'outsider');
    const ghost = await editPlan(host, { ...unchanged, rolloutId: uuid(99) }, ISSUE, 'outsider');
    expect(asOutsider.envelope).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.strategy.notFound' },
    });
    expect(asOutsider.envelope).toEqual(ghost.envelope);
    expect(asRollout(await panelAs(host, 'coordinator')).rollout).toMatchObject({
      title: unchanged.title,
      version: unchanged.version,
    });
  });
});

describe('an approved plan', () => {
  async function approvedRollout(): Promise<RolloutPanel> {
    await makeRollout(host);
    await requestApproval(host);
    for (const [head, name] of [
      ['head-sales', 'Sales'],
      ['head-support', 'Customer Support'],
      ['head-finance', 'Finance'],
      ['head-operations', 'Operations'],
    ] as const) {
      expect((await decideAs(host, head, name, 'approved')).envelope.ok).toBe(true);
    }
    const approved = asRollout(await panelAs(host, 'coordinator', ISSUE));
    expect(approved.rollout.approvalState).toBe('approved');
    return approved;
  }

  it('may change: a new title alone keeps every approval', async () => {
    const approved = await approvedRollout();
    expect(approved.canEditPlan).toBe(true);
    expect(approved.canRequest).toBe(false);
    const { unchanged } = await editPlanForm(host);
    await ok(editPlan(host, { ...unchanged, title: 'Another title' }));
    const changed = asRollout(await panelAs(host, 'coordinator'));
    expect(changed.rollout).toMatchObject({
      title: 'Another title',
      approvalState: 'approved',
      round: 1,
    });
  });

  it('goes back to the heads a department change concerns; the others carry their approval over', async () => {
    const approved = await approvedRollout();
    const before = outboxSize(host);
    const { unchanged } = await editPlanForm(host);
    const payload = {
      ...unchanged,
      departments: plan(host, [
        { department: 'Sales' },
        { department: 'Customer Support' },
        { department: 'Finance', stage: 2 },
        { department: 'Operations' },
      ]),
    };
    // First the form hears who would be asked again, and nothing is written.
    const unconfirmed = await editPlan(host, payload);
    expect(unconfirmed.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rollout.confirmReconfirmation',
        details: {
          reconfirm: [
            {
              department: 'Finance',
              approvers: [
                host.persona('head-finance')?.displayName,
                host.persona('delegate-finance')?.displayName,
              ],
              changes: ['Approval stage: 1 → 2'],
            },
          ],
        },
      },
    });
    expect(asRollout(await panelAs(host, 'coordinator')).rollout).toMatchObject({
      approvalState: 'approved',
      round: 1,
      version: approved.rollout.version,
    });
    expect(outboxSize(host)).toBe(before);
    const saved = await ok(editPlan(host, { ...payload, confirmReconfirmation: true }));
    expect(saved.reconfirmation).toEqual({
      round: 2,
      departments: [{ name: 'Finance', changes: ['Approval stage: 1 → 2'] }],
    });
    const changed = asRollout(await panelAs(host, 'coordinator'));
    expect(changed.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 2 });
    expect(changed.canEditPlan).toBe(false);
    expect(
      changed.round?.approvals.map((a) => [a.departmentName, a.status, a.carriedOver, a.changes]),
    ).toEqual([
      ['Customer Support', 'approved', true, []],
      ['Operations', 'approved', true, []],
      ['Sales', 'approved', true, []],
      ['Finance', 'pending', false, ['Approval stage: 1 → 2']],
    ]);
    expect(changed.round?.waitingFor.map((w) => w.departmentName)).toEqual(['Finance']);
    // Finance's head, and the delegate who stands in for her, hear what changed.
    expect(mailsSince(host, before).map((m) => [m.subject, m.to])).toEqual([
      [
        'Plan modifié, nouvelle validation demandée : Roll out the new CRM',
        [accountIdOf(host, 'delegate-finance'), accountIdOf(host, 'head-finance')].sort(),
      ],
    ]);
  });
});

describe('someone who cannot browse the issue', () => {
  it('gets NOT_FOUND on every approval call, before any storage is read', async () => {
    await makeRollout(host);
    const requested = await requestApproval(host);
    const approval = requested.round?.approvals[0];
    const calls: [string, Record<string, unknown>][] = [
      ['approvals/panel', {}],
      ['rollouts/create', { ...form(), requestId: uuid(9) }],
      ['approvals/request', { version: 2 }],
      [
        'approvals/decide',
        { approvalId: approval?.id, version: 1, decision: 'approved', comment: '' },
      ],
      ['approvals/history', {}],
      ['approvals/export', {}],
    ];
    for (const [key, payload] of calls) {
      const body = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
      const { envelope, counters } = await callRaw(issuePanel(host), 'outsider', key, body);
      expect([key, envelope]).toEqual([
        key,
        {
          ok: false,
          error: {
            code: 'NOT_FOUND',
            messageKey: 'errors.issue.notFound',
            message: 'This issue does not exist or you cannot see it.',
          },
        },
      ]);
      expect([key, counters.storage]).toEqual([key, 0]);
    }
  });

  it('gets NOT_FOUND for an issue that does not exist, and for a call outside an issue', async () => {
    const ghost = await host.invoke({
      moduleKey: 'rollout-approvals',
      functionKey: 'approvals/panel',
      as: 'coordinator',
      extension: { issue: { id: '99999', key: 'ROLL-999' } },
    });
    expect(ghost.body).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.issue.notFound' },
    });
    const nowhere = await host.invoke({
      moduleKey: 'rollout-approvals',
      functionKey: 'approvals/panel',
      as: 'coordinator',
    });
    expect(nowhere.body).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.issue.noIssue' },
    });
  });
});
