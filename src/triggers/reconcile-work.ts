/**
 * The daily `scheduledTrigger` (function `reconcile-work`): first removes a bounded share of gone
 * rollouts' records (src/app/rollouts/cleanup.ts, decision 0045), and looks at one page of the
 * one-time sweep for rollouts gone before cleanup tickets existed (cleanup-sweep.ts, 0052); then
 * re-reads each approved rollout's work issues from Jira and repairs the kept states a dropped or
 * failed product event left wrong (src/app/work-states.ts), within the function's 55 s; then
 * continues the one-time rebuild of the person index (src/app/mine/rebuild.ts); answers the
 * run's counts.
 */
import { reconcileWork } from '../app/work-states';
import { CLEANUP_TIME_SHARE_MS, continueCleanup } from '../app/rollouts/cleanup';
import { continueCleanupSweep } from '../app/rollouts/cleanup-sweep';
import { continuePersonIndexRebuild } from '../app/mine/rebuild';
import { STOP_MARGIN_MS } from '../app/reminders';
import { SCHEDULED_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';
import type { ScheduledResponse } from './reminders';

/** Forge handler of the `reconcile-work` function (scheduledTrigger `work-reconciliation`). */
export async function reconcileWorkStates(): Promise<ScheduledResponse> {
  const timeLeft = invocationTimeLeft(SCHEDULED_LIMIT_MS);
  const headers = { 'Content-Type': ['application/json'] };
  try {
    const ports = productionPorts(timeLeft);
    const going = () => timeLeft() > STOP_MARGIN_MS;
    // First, as it is bounded, within its share of the time: the reconciliation below may use all
    // the time left.
    const cleanupGoing = () => going() && SCHEDULED_LIMIT_MS - timeLeft() < CLEANUP_TIME_SHARE_MS;
    const cleanup = await continueCleanup(ports, cleanupGoing);
    // A page of the one-time sweep (a few calls): what it queues goes from the next run on.
    const sweep = going() ? await continueCleanupSweep(ports) : undefined;
    const work = await reconcileWork(ports, going);
    // The person index of "My rollouts" for data stored before it existed, a few pages a day.
    const personIndex =
      timeLeft() > STOP_MARGIN_MS ? await continuePersonIndexRebuild(ports) : undefined;
    const report = { ...work, personIndex, cleanup, sweep };
    console.log(`[rollout-coordinator] work reconciliation: ${JSON.stringify(report)}`);
    return { statusCode: 200, headers, body: JSON.stringify(report) };
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] work reconciliation did not run: ${reason}`);
    return { statusCode: 500, headers, body: JSON.stringify({ error: reason }) };
  }
}
