/**
 * Editing a strategy's plan through the local Forge host: the page follows (a new version that
 * keeps the coordinator's own text), and an approved plan that changes goes back to the heads it
 * concerns, who are e-mailed what changed; the others keep their approval, and the approval gate
 * blocks again until the re-confirmation is in.
 */
import type { LocalHost } from '../../local/host';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import type { StrategyDetail } from '../../src/contract';
import { accountIdOf, call, hostPerTest, ok } from '../support/host';
import {
  approvalIn,
  asRollout,
  decideAs,
  mailsSince,
  outboxSize,
  panelAs,
  requestApproval,
} from '../support/rollouts';
import { confluenceModule, makeStrategy, pageBody, strategyPayload } from '../support/strategy';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

const ISSUE = 'ROLL-2';
const HEADS = [
  ['head-sales', 'Sales'],
  ['head-support', 'Customer Support'],
  ['head-finance', 'Finance'],
  ['head-operations', 'Operations'],
] as const;

/** A strategy every head approved. */
async function approvedStrategy(): Promise<StrategyDetail> {
  const made = await makeStrategy(host);
  await requestApproval(host, ISSUE);
  for (const [head, name] of HEADS) {
    expect((await decideAs(host, head, name, 'approved', '', ISSUE)).envelope.ok).toBe(true);
  }
  const detail = await ok(
    call(confluenceModule(host), 'coordinator', 'strategy/get', {
      rolloutId: made.rollout.id,
    }),
  );
  expect(detail.rollout.approvalState).toBe('approved');
  return detail;
}

/**
 * The update payload that leaves everything as `detail` has it, changed by `change`; confirmed
 * (the user saw who is asked again) unless `confirmed` is false.
 */
function edit(
  detail: StrategyDetail,
  change: (payload: ReturnType<typeof strategyPayload>) => void,
  confirmed = true,
) {
  const payload = strategyPayload();
  change(payload);
  return {
    rolloutId: detail.rollout.id,
    version: detail.rollout.version,
    title: payload.title,
    objective: payload.objective,
    targetDate: payload.targetDate,
    departments: payload.departments,
    plan: payload.plan,
    ...(confirmed ? { confirmReconfirmation: true } : {}),
  };
}

/** The anchor's status category as Jira has it. */
function anchorCategory(): string | undefined {
  const jira = host.products.jira;
  const statusId = jira.issues.getIssue(ISSUE)?.statusId;
  return statusId === undefined ? undefined : jira.projects.getStatus(statusId)?.category;
}

async function startRollout(as = 'coordinator'): Promise<number> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountIdOf(host, as) },
    method: 'POST',
    path: `/rest/api/3/issue/${ISSUE}/transitions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: ROLL_TRANSITIONS.start } }),
  });
  return response.status;
}

describe('an edit of an approved plan', () => {
  it('is refused until confirmed, listing each department asked again, who decides and what changed', async () => {
    const approved = await approvedStrategy();
    const before = outboxSize(host);
    const moved = edit(
      approved,
      (payload) => {
        const first = payload.plan.sessions[0];
        if (first) first.date = '2031-01-13';
      },
      false,
    );
    const { envelope } = await call(
      confluenceModule(host),
      'coordinator',
      'strategy/update',
      moved,
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rollout.confirmReconfirmation',
        details: {
          reconfirm: [
            {
              department: 'Sales',
              approvers: [host.persona('head-sales')?.displayName],
              changes: ['Session “Session 1”: 6 Jan → 13 Jan 2031'],
            },
          ],
        },
      },
    });
    // Nothing changed: still approved in round 1, nobody e-mailed.
    const still = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: approved.rollout.id,
      }),
    );
    expect(still.rollout).toMatchObject({
      approvalState: 'approved',
      round: 1,
      version: approved.rollout.version,
    });
    expect(outboxSize(host)).toBe(before);
    // Sent again, confirmed, it opens the round.
    const confirmed = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/update', {
        ...moved,
        confirmReconfirmation: true,
      }),
    );
    expect(confirmed.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 2 });
  });

  it('lists the head and the stand-in of a department, in the French of the person editing', async () => {
    const approved = await approvedStrategy();
    const { envelope } = await call(
      { ...confluenceModule(host), locale: 'fr-FR' },
      'coordinator',
      'strategy/update',
      edit(
        approved,
        (payload) => {
          const pilot = payload.plan.phases[0];
          if (pilot) pilot.start = '2031-01-05';
        },
        false,
      ),
    );
    if (envelope.ok) throw new Error('expected a confirmation');
    const finance = envelope.error.details?.reconfirm?.find((d) => d.department === 'Finance');
    expect(finance).toEqual({
      department: 'Finance',
      approvers: [
        host.persona('head-finance')?.displayName,
        host.persona('delegate-finance')?.displayName,
      ],
      changes: ['Phase Pilot : 6 janv. → 5 janv. 2031'],
    });
    expect(envelope.error.details?.reconfirm?.map((d) => d.department)).toEqual([
      'Customer Support',
      'Finance',
      'Operations',
      'Sales',
    ]);
  });

  it('moves a started rollout back to To Do through the workflow, and the gate holds until the heads confirm', async () => {
    const approved = await approvedStrategy();
    expect(await startRollout()).toBe(204);
    expect(anchorCategory()).toBe('indeterminate');
    const started = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: approved.rollout.id,
      }),
    );
    const updated = await ok(
      call(
        confluenceModule(host),
        'coordinator',
        'strategy/update',
        edit(started, (payload) => {
          const first = payload.plan.sessions[0];
          if (first) first.date = '2031-01-13';
        }),
      ),
    );
    expect(updated.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 2 });
    expect(anchorCategory()).toBe('new');
    // The panel says what Jira says: awaiting approval, not under way.
    expect(asRollout(await panelAs(host, 'coordinator', ISSUE)).rollout).toMatchObject({
      lifecycle: 'awaiting-approval',
      startedAt: null,
    });
    expect(await startRollout()).toBe(400);
    expect((await decideAs(host, 'head-sales', 'Sales', 'approved', '', ISSUE)).envelope.ok).toBe(
      true,
    );
    expect(await startRollout()).toBe(204);
    expect(anchorCategory()).toBe('indeterminate');
    expect(asRollout(await panelAs(host, 'coordinator', ISSUE)).rollout.lifecycle).toBe(
      'in-progress',
    );
  });

  it('asks again only the head of the department whose session moved, e-mailing what changed', async () => {
    const approved = await approvedStrategy();
    const before = outboxSize(host);
    const updated = await ok(
      call(
        confluenceModule(host),
        'coordinator',
        'strategy/update',
        edit(approved, (payload) => {
          const first = payload.plan.sessions[0];
          if (first) first.date = '2031-01-13';
        }),
      ),
    );
    expect(updated.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 2 });
    expect(updated.reconfirmation).toEqual({
      round: 2,
      departments: [{ name: 'Sales', changes: ['Session “Session 1”: 6 Jan → 13 Jan 2031'] }],
    });

    // The Approvals panel shows the new round: Sales to re-confirm, the others carried over.
    const panel = asRollout(await panelAs(host, 'head-sales', ISSUE));
    expect(panel.round?.number).toBe(2);
    expect(panel.round?.state).toBe('awaiting-approval');
    const sales = approvalIn(panel, 'Sales');
    expect(sales).toMatchObject({
      status: 'pending',
      canDecide: true,
      carriedOver: false,
      // Sophie reads French: her panel says what changed in French.
      changes: ['Session « Session 1 » : 6 janv. → 13 janv. 2031'],
    });
    for (const name of ['Customer Support', 'Finance', 'Operations']) {
      expect(approvalIn(panel, name)).toMatchObject({
        status: 'approved',
        carriedOver: true,
        changes: [],
      });
    }
    expect(panel.round?.waitingFor.map((w) => w.departmentName)).toEqual(['Sales']);

    // Only Sophie (Sales, French) is e-mailed, in French, with the change.
    const mails = mailsSince(host, before);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      issueKey: ISSUE,
      to: ['rc-demo-head-sales'],
      subject: 'Plan modifié, nouvelle validation demandée : New CRM',
    });
    expect(mails[0]?.textBody).toContain(
      'Sales :\n\n> • Session « Session 1 » : 6 janv. → 13 janv. 2031',
    );
    expect(mails[0]?.htmlBody).toContain('Session « Session 1 » : 6 janv. → 13 janv. 2031');

    // The gate blocks until Sales re-confirms.
    expect(await startRollout()).toBe(400);
    expect((await decideAs(host, 'head-sales', 'Sales', 'approved', '', ISSUE)).envelope.ok).toBe(
      true,
    );
    const after = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: approved.rollout.id,
      }),
    );
    expect(after.rollout.approvalState).toBe('approved');
    expect(after.reconfirmation).toBeNull();
    expect(await startRollout()).toBe(204);
  });

  it('shows each head the changes in their language', async () => {
    const approved = await approvedStrategy();
    await ok(
      call(
        confluenceModule(host),
        'coordinator',
        'strategy/update',
        edit(approved, (payload) => {
          const first = payload.plan.sessions[0];
          if (first) first.date = '2031-01-13';
        }),
      ),
    );
    const french = asRollout(await panelAs(host, 'head-finance', ISSUE));
    expect(approvalIn(french, 'Sales').changes).toEqual([
      'Session « Session 1 » : 6 janv. → 13 janv. 2031',
    ]);
    const english = asRollout(await panelAs(host, 'coordinator', ISSUE));
    expect(approvalIn(english, 'Sales').changes).toEqual([
      'Session “Session 1”: 6 Jan → 13 Jan 2031',
    ]);
  });

  it('asks every head again when a phase moves, each e-mailed in their language', async () => {
    const approved = await approvedStrategy();
    const before = outboxSize(host);
    const updated = await ok(
      call(
        confluenceModule(host),
        'coordinator',
        'strategy/update',
        edit(approved, (payload) => {
          const pilot = payload.plan.phases[0];
          if (pilot) pilot.start = '2031-01-05';
        }),
      ),
    );
    expect(updated.reconfirmation?.departments.map((d) => d.name)).toEqual([
      'Customer Support',
      'Finance',
      'Operations',
      'Sales',
    ]);
    expect(updated.reconfirmation?.departments[0]?.changes).toEqual([
      'Phase Pilot: 6 Jan → 5 Jan 2031',
    ]);
    const mails = mailsSince(host, before);
    expect(mails.map((m) => [m.subject.split(':')[0], m.to])).toEqual(
      expect.arrayContaining([
        [
          'Plan modifié, nouvelle validation demandée ',
          ['rc-demo-delegate-finance', 'rc-demo-head-finance', 'rc-demo-head-sales'],
        ],
        ['Plan changed, please re-confirm', ['rc-demo-head-operations', 'rc-demo-head-support']],
      ]),
    );
    expect(mails).toHaveLength(2);
    expect(await startRollout()).toBe(400);
  });

  it('keeps the approval when only the title changes, and re-renders the page all the same', async () => {
    const approved = await approvedStrategy();
    const before = outboxSize(host);
    const updated = await ok(
      call(
        confluenceModule(host),
        'coordinator',
        'strategy/update',
        // Nobody is asked again: no confirmation needed.
        edit(
          approved,
          (payload) => {
            payload.title = 'New CRM for everyone';
          },
          false,
        ),
      ),
    );
    expect(updated.rollout).toMatchObject({ approvalState: 'approved', round: 1 });
    expect(updated.reconfirmation).toBeNull();
    expect(updated.page?.title).toBe('Rollout strategy: New CRM for everyone');
    expect(outboxSize(host)).toBe(before);
  });
});

describe('the strategy page after an edit', () => {
  it('gets a new version with the new plan, keeping what the coordinator wrote', async () => {
    const made = await makeStrategy(host);
    const pageId = Number(made.page?.id);
    const page = host.products.confluence.pages.getPage(pageId);
    if (!page) throw new Error('no page');
    // The coordinator writes in the page, as in Confluence's editor.
    host.products.confluence.pages.updatePage(pageId, {
      title: page.title,
      status: 'current',
      body: page.version.body.replace(
        '<h2>7. Risks and expected resistance</h2>',
        '<h2>7. Risks and expected resistance</h2><p>Finance closes its books on the 5th.</p>',
      ),
      parentId: page.parentId,
      authorId: 'rc-demo-coordinator',
      number: page.version.number + 1,
      message: '',
    });
    const updated = await ok(
      call(
        confluenceModule(host),
        'coordinator',
        'strategy/update',
        edit(made, (payload) => {
          const pilot = payload.plan.phases[0];
          if (pilot) pilot.name = 'Pilot with Sales';
        }),
      ),
    );
    expect(updated.steps.linked).toBe(true);
    const after = host.products.confluence.pages.getPage(pageId);
    expect(after?.version.number).toBe(page.version.number + 2);
    expect(after?.version.authorId).toBe('rc-app-rollout-coordinator');
    const body = pageBody(host, String(pageId));
    expect(body).toContain('Finance closes its books on the 5th.');
    expect(body).toContain('Pilot with Sales');
  });

  it('is brought in line by the next look when its update failed', async () => {
    const made = await makeStrategy(host);
    host.products.faults.add({
      product: 'confluence',
      method: 'PUT',
      pathPattern: '^/wiki/api/v2/pages/\\d+$',
      kind: 'status500',
      times: 4,
    });
    const updated = await ok(
      call(
        confluenceModule(host),
        'coordinator',
        'strategy/update',
        edit(made, (payload) => {
          payload.objective = 'Every team works in the new CRM by the summer.';
        }),
      ),
    );
    expect(updated.steps.linked).toBe(false);
    expect(pageBody(host, made.page?.id ?? '')).not.toContain('by the summer');
    const shown = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: made.rollout.id,
      }),
    );
    expect(shown.steps.linked).toBe(true);
    expect(pageBody(host, made.page?.id ?? '')).toContain('by the summer');
  });
});

describe('edits that are refused', () => {
  it('refuses a change while heads are deciding, and a stale version with the current strategy', async () => {
    const made = await makeStrategy(host);
    await requestApproval(host, ISSUE);
    const current = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', {
        rolloutId: made.rollout.id,
      }),
    );
    const deciding = await call(
      confluenceModule(host),
      'coordinator',
      'strategy/update',
      edit(current, () => undefined),
    );
    expect(deciding.envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.rollout.notEditable' },
    });
    const stale = await call(
      confluenceModule(host),
      'coordinator',
      'strategy/update',
      edit(made, () => undefined),
    );
    expect(stale.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.rollout.stale',
        details: { current: { rollout: { version: current.rollout.version } } },
      },
    });
  });

  it('refuses someone who may not edit the issue, and hides the rollout from whoever may not see it', async () => {
    const made = await makeStrategy(host);
    expect(
      (
        await call(
          confluenceModule(host),
          'head-sales',
          'strategy/update',
          edit(made, () => undefined),
        )
      ).envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.rollout.editForbidden' },
    });
    expect(
      (
        await call(
          confluenceModule(host),
          'outsider',
          'strategy/update',
          edit(made, () => undefined),
        )
      ).envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.strategy.notFound' },
    });
  });
});
