/**
 * The go-live's rules, the same on both sides: set up or edited on the Jira issue, or in the
 * Confluence strategy flow, through the local host.
 */
import type { LocalHost } from '../../local/host';
import { call, memoryHost, ok } from '../support/host';
import {
  ALL_FOUR,
  asRollout,
  editPlan,
  editPlanForm,
  issuePanel,
  panelAs,
  plan,
  uuid,
} from '../support/rollouts';
import { confluenceModule, makeStrategy, strategyPayload } from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

const pastDay = '2026-01-01';

describe('on the Jira issue', () => {
  it('refuses a rollout whose go-live is in the past', async () => {
    const { envelope } = await call(issuePanel(host), 'coordinator', 'rollouts/create', {
      requestId: uuid(901),
      title: 'Roll out the new CRM',
      objective: 'Every team works in the new CRM by the autumn.',
      targetDate: pastDay,
      departments: plan(host, ALL_FOUR),
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        messageKey: 'errors.plan.targetDatePast',
        details: { fields: [{ path: 'targetDate', messageKey: 'errors.plan.targetDatePast' }] },
      },
    });
  });

  it("refuses Edit plan's go-live in the past or before the strategy's phases", async () => {
    const detail = await makeStrategy(host);
    const key = detail.rollout.issue.key;
    // "Edit plan" on the Jira panel is the strategy flow's form (decision 0048).
    const { unchanged } = await editPlanForm(host, key);
    const edit = (targetDate: string) => editPlan(host, { ...unchanged, targetDate }, key);
    expect((await edit(pastDay)).envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', messageKey: 'errors.plan.targetDatePast' },
    });
    // The plan's first phase starts on 2031-01-06.
    expect((await edit('2030-12-31')).envelope).toMatchObject({
      ok: false,
      error: {
        details: { fields: [{ path: 'targetDate', messageKey: 'errors.plan.targetBeforePhases' }] },
      },
    });
    // After its targets' date (2031-04-09) the go-live would leave the targets before it: the
    // form shows the targets' date too, so the refusal names it.
    expect((await edit('2031-05-01')).envelope).toMatchObject({
      ok: false,
      error: {
        details: {
          fields: [{ path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforeGoLive' }],
        },
      },
    });
    // Nothing was written by the refusals.
    expect(asRollout(await panelAs(host, 'coordinator', key)).rollout).toMatchObject({
      targetDate: unchanged.targetDate,
      version: unchanged.version,
    });
    const moved = await ok(edit('2031-02-20'));
    expect(moved.rollout.targetDate).toBe('2031-02-20');
    expect(asRollout(await panelAs(host, 'coordinator', key)).rollout.targetDate).toBe(
      '2031-02-20',
    );
  });
});

describe('in the strategy flow', () => {
  it('refuses a go-live in the past and a targets date before the go-live', async () => {
    const payload = strategyPayload();
    const { envelope } = await call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      targetDate: pastDay,
      plan: { ...payload.plan, targets: { ...payload.plan.targets, by: '2031-01-10' } },
    });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (envelope.ok) throw new Error('expected a refusal');
    expect(envelope.error.details?.fields).toEqual(
      expect.arrayContaining([
        { path: 'targetDate', messageKey: 'errors.plan.targetDatePast' },
        { path: 'targetDate', messageKey: 'errors.plan.targetBeforePhases' },
      ]),
    );
    const late = await call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      plan: { ...payload.plan, targets: { ...payload.plan.targets, by: '2031-01-10' } },
    });
    expect(late.envelope).toMatchObject({
      ok: false,
      error: {
        details: {
          fields: [{ path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforeGoLive' }],
        },
      },
    });
  });
});
