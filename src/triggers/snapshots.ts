/**
 * The daily `scheduledTrigger` (function `progress-snapshots`): one snapshot per rollout under
 * way for the progress gadget's trend (src/app/gadget/snapshots.ts), within the function's 55 s.
 * It also carries the directory's one-time backfill of its keys by head (src/app/directory-heads.ts):
 * Forge allows an app five scheduled triggers, and a change to any of them resets them all
 * (decision 0047), and that of "My rollouts"' keys by group, person and delegate (decision 0058).
 */
import { continueHeadBackfill } from '../app/directory-heads';
import { continueMineKeyBackfill } from '../app/mine/keys-backfill';
import { takeSnapshots } from '../app/gadget/snapshots';
import { STOP_MARGIN_MS } from '../app/reminders';
import { SCHEDULED_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';
import type { ScheduledResponse } from './reminders';

/** Forge handler of the `progress-snapshots` function (scheduledTrigger `progress-snapshots`). */
export async function progressSnapshots(): Promise<ScheduledResponse> {
  const timeLeft = invocationTimeLeft(SCHEDULED_LIMIT_MS);
  const headers = { 'Content-Type': ['application/json'] };
  try {
    const ports = productionPorts(timeLeft);
    const heads = await continueHeadBackfill(ports).catch((error: unknown) => {
      // The panel reads the directory itself until the backfill is done: the next run resumes.
      const reason = error instanceof Error ? error.name : 'unknown error';
      console.warn(`[rollout-coordinator] directory keys by head not backfilled: ${reason}`);
      return { done: false, written: 0 };
    });
    const mineKeys = await continueMineKeyBackfill(ports).catch((error: unknown) => {
      // "My rollouts" reads the directory itself until the backfill is done: the next run resumes.
      const reason = error instanceof Error ? error.name : 'unknown error';
      console.warn(`[rollout-coordinator] My rollouts' keys not backfilled: ${reason}`);
      return { done: false, departments: 0, delegations: 0 };
    });
    const report = {
      ...(await takeSnapshots(ports, () => timeLeft() > STOP_MARGIN_MS)),
      headKeys: heads,
      mineKeys,
    };
    console.log(`[rollout-coordinator] progress snapshots: ${JSON.stringify(report)}`);
    return { statusCode: 200, headers, body: JSON.stringify(report) };
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] progress snapshots did not run: ${reason}`);
    return { statusCode: 500, headers, body: JSON.stringify({ error: reason }) };
  }
}
