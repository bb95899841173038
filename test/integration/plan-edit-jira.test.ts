/**
 * "Edit plan" from the Jira issue goes through the strategy flow's calls (strategy/get,
 * strategy/update), for a rollout set up on its Jira issue as for a strategy: a rollout without
 * a strategy page may keep no phase or add its first; a strategy keeps at least one.
 */
import type { LocalHost } from '../../local/host';
import type { StrategyDetail } from '../../src/contract';
import { BROWSE_CHECKS_PER_REQUEST } from '../../src/app/approvals/reach';
import { checksPending, sendUntilChecked } from '../../src/ui/components/access-checks';
import { call, hostPerTest, ok } from '../support/host';
import {
  addDepartments,
  addPeople,
  approveAll,
  asRollout,
  issuePanel,
  makeRollout,
  panelAs,
} from '../support/rollouts';
import { buildPlan, makeStrategy } from '../support/strategy';

let host: LocalHost;

hostPerTest((started) => {
  host = started;
});

/** The plan as it is, with no phase: what "Save the changes" sends when nothing else changed. */
function unchanged(detail: StrategyDetail) {
  const { rollout } = detail;
  return {
    rolloutId: rollout.id,
    version: rollout.version,
    title: rollout.title,
    objective: rollout.objective,
    targetDate: rollout.targetDate,
    departments: rollout.departments.map((d) => ({ departmentId: d.departmentId, stage: d.stage })),
    plan: { phases: [], sessions: [], targets: {} },
  };
}

describe('Edit plan on a rollout set up on its Jira issue', () => {
  it('reads its empty plan and saves it with no phase, then with a first phase and session', async () => {
    const made = await makeRollout(host);
    const rolloutId = made.rollout.id;
    const panel = issuePanel(host);
    const detail = await ok(call(panel, 'coordinator', 'strategy/get', { rolloutId }));
    expect(detail.plan.phases).toEqual([]);
    expect(detail.page).toBeNull();
    expect(detail.space.id).toBe('');

    const departments = detail.rollout.departments.map((d) => ({
      departmentId: d.departmentId,
      stage: d.stage,
    }));
    const base = {
      rolloutId,
      title: 'Roll out the new CRM, phase by phase',
      objective: detail.rollout.objective,
      targetDate: detail.rollout.targetDate,
      departments,
    };
    const renamed = await ok(
      call(panel, 'coordinator', 'strategy/update', {
        ...base,
        version: detail.rollout.version,
        plan: { phases: [], sessions: [], targets: {} },
      }),
    );
    expect(renamed.rollout.title).toBe(base.title);
    expect(renamed.plan.phases).toEqual([]);
    // The Jira panel tells the same story.
    expect(asRollout(await panelAs(host, 'coordinator', 'ROLL-1')).rollout.title).toBe(base.title);

    // A first phase, before the go-live (2030-09-30), with one session in it.
    const full = buildPlan({ phases: 1, sessions: 1, start: '2030-06-03' });
    const planned = await ok(
      call(panel, 'coordinator', 'strategy/update', {
        ...base,
        version: renamed.rollout.version,
        plan: { phases: full.phases, sessions: full.sessions, targets: {} },
      }),
    );
    expect(planned.plan.phases.map((phase) => phase.name)).toEqual(['Pilot']);
    expect(planned.plan.sessions).toHaveLength(1);
    const again = await ok(call(panel, 'coordinator', 'strategy/get', { rolloutId }));
    expect(again.plan.phases).toHaveLength(1);
    expect(again.rollout.version).toBe(planned.rollout.version);
  });

  it('checks the same go-live rules as the strategy flow', async () => {
    const made = await makeRollout(host);
    const panel = issuePanel(host);
    const detail = await ok(
      call(panel, 'coordinator', 'strategy/get', { rolloutId: made.rollout.id }),
    );
    const { envelope } = await call(panel, 'coordinator', 'strategy/update', {
      ...unchanged(detail),
      targetDate: '2026-01-01',
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { fields: [{ path: 'targetDate', messageKey: 'errors.plan.targetDatePast' }] },
      },
    });
    // Nothing changed.
    const after = await ok(
      call(panel, 'coordinator', 'strategy/get', { rolloutId: made.rollout.id }),
    );
    expect(after.rollout.version).toBe(detail.rollout.version);
    expect(after.rollout.targetDate).toBe('2030-09-30');
  });
});

describe('Edit plan on a strategy', () => {
  it('refuses to remove its last phase, from Jira as from Confluence', async () => {
    const strategy = await makeStrategy(host);
    const key = strategy.rollout.issue.key;
    const { envelope } = await call(
      issuePanel(host, key),
      'coordinator',
      'strategy/update',
      unchanged(strategy),
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { fields: [{ path: 'plan.phases', messageKey: 'errors.plan.phasesRequired' }] },
      },
    });
    const after = await ok(
      call(issuePanel(host, key), 'coordinator', 'strategy/get', {
        rolloutId: strategy.rollout.id,
      }),
    );
    expect(after.plan.phases).toHaveLength(3);
    expect(after.rollout.version).toBe(strategy.rollout.version);
  });
});

describe('Edit plan that asks many new heads at once', () => {
  it('goes through their access checks over a few sends of the same request, as the panel does', async () => {
    const made = await makeRollout(host);
    await approveAll(host, 'ROLL-1');
    const panel = issuePanel(host);
    const detail = await ok(
      call(panel, 'coordinator', 'strategy/get', { rolloutId: made.rollout.id }),
    );
    expect(detail.rollout.approvalState).toBe('approved');
    const added = await addDepartments(addPeople(host, BROWSE_CHECKS_PER_REQUEST + 10));
    const payload = {
      rolloutId: made.rollout.id,
      version: detail.rollout.version,
      title: detail.rollout.title,
      objective: detail.rollout.objective,
      targetDate: detail.rollout.targetDate,
      departments: [
        ...detail.rollout.departments.map((d) => ({
          departmentId: d.departmentId,
          stage: d.stage,
        })),
        ...added.map((departmentId) => ({ departmentId, stage: 1 })),
      ],
      plan: { phases: [], sessions: [], targets: {} },
      confirmReconfirmation: true,
    };
    const answers: boolean[] = [];
    const last = await sendUntilChecked(async () => {
      const { envelope } = await call(panel, 'coordinator', 'strategy/update', payload);
      answers.push(checksPending(envelope));
      return envelope;
    });
    // The first send checks 50 of the 60 new heads and asks to be sent again; the second finishes.
    expect(answers).toEqual([true, false]);
    expect(last.ok).toBe(true);
    const after = asRollout(await panelAs(host, 'coordinator', 'ROLL-1'));
    expect(after.rollout.departments).toHaveLength(4 + added.length);
    expect(after.rollout.approvalState).toBe('awaiting-approval');
  });
});
