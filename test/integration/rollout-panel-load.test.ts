/**
 * The anchor's Rollout panel loads in one invoke: `rolloutPanel/load` with `sections` carries the
 * first answers of the problems, suggestions and feedback sections, each the same as its own
 * resolver gives the same user (its access rule included), at a bounded number of calls; without
 * `sections` (a refresh after an action) and on other issues it carries none.
 */
import type { LocalHost } from '../../local/host';
import type { AnchorPanelView, ProblemView, RolloutPanelView } from '../../src/contract';
import { call, hostPerTest, ok, type From } from '../support/host';
import { rolloutPanelOn, makeRollout } from '../support/rollouts';
import { raised } from '../support/problems';

const ANCHOR = 'ROLL-1';

let host: LocalHost;
let problem: ProblemView;

hostPerTest(async (started) => {
  host = started;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await makeRollout(host);
  problem = await raised(host, 'employee');
});

const panelOn = (issueKey: string): From => rolloutPanelOn(host, issueKey);

function asAnchor(view: RolloutPanelView): AnchorPanelView {
  if (view.kind !== 'anchor') throw new Error(`expected the anchor's view, got ${view.kind}`);
  return view;
}

describe("the anchor's panel load", () => {
  it("carries each section's first answer, as its own resolver gives it", async () => {
    const first = await call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {
      sections: true,
    });
    const view = asAnchor(await ok(Promise.resolve(first)));
    const { sections } = view;
    expect(sections?.problems).toEqual(
      (await call(panelOn(ANCHOR), 'coordinator', 'problems/list', {})).envelope,
    );
    expect(sections?.problems.ok && sections.problems.data.problems.map((p) => p.id)).toEqual([
      problem.id,
    ]);
    expect(sections?.problems.ok && sections.problems.data.canTriage).toBe(true);
    expect(sections?.suggestions).toEqual(
      (await call(panelOn(ANCHOR), 'coordinator', 'suggestions/list', {})).envelope,
    );
    expect(sections?.suggestions?.ok).toBe(true);
    expect(sections?.feedback).toEqual(
      (await call(panelOn(ANCHOR), 'coordinator', 'pulses/load', {})).envelope,
    );
    expect(sections?.feedback.ok && sections.feedback.data.canManage).toBe(true);
    // The panel's own view is the one a load without sections answers.
    const alone = await call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {});
    expect(alone.envelope).toEqual({ ok: true, data: { ...view, sections: undefined } });
    // The sections read beside the panel from the issue and rollout it already read: fewer calls
    // than the four invokes made, and a fixed number of them.
    const separate = await Promise.all(
      (['problems/list', 'suggestions/list', 'pulses/load'] as const).map((key) =>
        call(panelOn(ANCHOR), 'coordinator', key, {}),
      ),
    );
    const sum = (pick: (c: { product: number; storage: number }) => number) =>
      separate.reduce((total, outcome) => total + pick(outcome.counters), pick(alone.counters));
    console.info(
      `rolloutPanel/load: ${JSON.stringify(first.counters)} in one invoke; alone ${JSON.stringify(alone.counters)}; ` +
        `four invokes ${String(sum((c) => c.product))} REST, ${String(sum((c) => c.storage))} storage`,
    );
    expect(first.counters.product).toBeLessThan(sum((c) => c.product));
    expect(first.counters.storage).toBeLessThan(sum((c) => c.storage));
  });

  it('gives a head no suggestions, and the other sections by their own rules', async () => {
    const view = asAnchor(
      await ok(call(panelOn(ANCHOR), 'head-sales', 'rolloutPanel/load', { sections: true })),
    );
    expect(view.canComplete).toBe(false);
    expect(view.sections?.suggestions).toBeNull();
    expect(view.sections?.problems).toEqual(
      (await call(panelOn(ANCHOR), 'head-sales', 'problems/list', {})).envelope,
    );
    expect(view.sections?.problems.ok && view.sections.problems.data.canTriage).toBe(false);
    expect(view.sections?.feedback).toEqual(
      (await call(panelOn(ANCHOR), 'head-sales', 'pulses/load', {})).envelope,
    );
    expect(view.sections?.feedback.ok && view.sections.feedback.data.canManage).toBe(false);
  });

  it('carries no sections on a refresh, nor on an issue of the rollout', async () => {
    const refresh = asAnchor(
      await ok(call(panelOn(ANCHOR), 'coordinator', 'rolloutPanel/load', {})),
    );
    expect(refresh).not.toHaveProperty('sections');
    const member = await ok(
      call(panelOn(problem.issueKey), 'coordinator', 'rolloutPanel/load', { sections: true }),
    );
    expect(member.kind).toBe('member');
    expect(member).not.toHaveProperty('sections');
  });

  it('still answers NOT_FOUND to whoever cannot browse the anchor', async () => {
    const outcome = await call(panelOn(ANCHOR), 'outsider', 'rolloutPanel/load', {
      sections: true,
    });
    expect(outcome.envelope.ok ? 'ok' : outcome.envelope.error.code).toBe('NOT_FOUND');
    expect(outcome.counters.storage).toBe(0);
  });
});
