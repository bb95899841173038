/**
 * The demo company's rollouts: ROLL-1, the new CRM, approved and ready to start; and the rollout
 * in progress: the new expense tool, planned, approved, started, pushed to Jira, its held
 * sessions attended, its first phase done and a few problems raised, so that `npm start` shows
 * every surface with real data on first look.
 *
 * Everything the app stores goes through the app's own resolvers as the personas would act
 * (the coordinator writes the strategy, the heads approve, the coordinator starts the rollout
 * through the workflow transition the gate guards, pushes the plan, the sessions' owners record
 * who attended, the coordinator completes the first phase, an employee raises problems), so the
 * seed obeys the same rules as data typed in. Only what people do in Jira itself (finishing their
 * work issues) is written straight into the emulator.
 *
 * Dates are relative to the day the host is seeded, so the demo always looks current; ids and
 * request ids are fixed, so `npm start -- --reset` rebuilds the same rollout.
 *
 * By area: plan.ts (the plan and its ids), act.ts (acting as a persona), approvals.ts, work.ts
 * (the strategy, the push, work done in Jira, the past week's daily jobs), activity.ts
 * (attendance, problems, the pulse macro, the policy) and pulses.ts.
 */
import type { LocalHost } from '../../host';
import { act, onIssue, ROLLOUT_PANEL, runDaily } from './act';
import { placePulseMacro, raiseProblems, recordAttendance, seedPolicy } from './activity';
import { approveAll, seedApprovedCrm, startThroughGate } from './approvals';
import { DEMO_ROLLOUT_IDS } from './plan';
import { seedPulses } from './pulses';
import { type DemoRollout, finishWork, pastWeek, pushPlan, writeStrategy } from './work';

export { appendToPage } from './act';
export { DEMO_CRM_KEY } from './approvals';
export { DEMO_ROLLOUT_IDS, DEMO_ROLLOUT_TITLE, demoRolloutPayload } from './plan';
export { type DemoRollout, HELD_SESSIONS } from './work';

/**
 * Seeds the rollout in progress in the seeded demo company (see the module comment), one step
 * after the other as the rollout's people would have taken them.
 */
export async function seedRolloutInProgress(
  host: LocalHost,
  today: Date = new Date(),
): Promise<DemoRollout> {
  const written = await writeStrategy(host, today);
  await approveAll(host, written.anchorKey);
  await startThroughGate(host, written.anchorKey);
  const rollout = await pushPlan(host, written);
  await recordAttendance(host, rollout);
  await seedPulses(host, rollout, today, 'earlier');
  await pastWeek(host, rollout, today);
  finishWork(host, rollout, 0);
  await runDaily(host, 'work-reconciliation');
  await act(
    host,
    onIssue(host, ROLLOUT_PANEL, rollout.anchorKey),
    'coordinator',
    'rolloutPanel/completePhase',
    {
      phaseId: DEMO_ROLLOUT_IDS.phases[0],
      riskComment: '',
    },
  );
  await raiseProblems(host, rollout);
  await seedPulses(host, rollout, today, 'current');
  await placePulseMacro(host, rollout.pageId);
  await seedPolicy(host, rollout);
  await seedApprovedCrm(host, today);
  // Today's progress snapshot, as the daily job takes it, with today's problems and readiness.
  await runDaily(host, 'daily-progress-snapshots');
  return rollout;
}
