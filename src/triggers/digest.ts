/**
 * The `weekly-digest` scheduledTrigger (function `digest`). It runs daily rather than on
 * Forge's `week` interval: that interval fires on a weekday the platform picks, and each rollout's
 * coordinator chooses their own day (decision 0039). Answers the platform with the run's counts.
 */
import { runDigest } from '../app/digest';
import { SCHEDULED_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';
import type { ScheduledResponse } from './reminders';

/** Forge handler of the `digest` function. */
export async function weeklyDigest(): Promise<ScheduledResponse> {
  const timeLeft = invocationTimeLeft(SCHEDULED_LIMIT_MS);
  try {
    const report = await runDigest(productionPorts(timeLeft));
    console.log(`[rollout-coordinator] weekly digest: ${JSON.stringify(report)}`);
    return {
      statusCode: 200,
      headers: { 'Content-Type': ['application/json'] },
      body: JSON.stringify(report),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] weekly digest did not run: ${reason}`);
    return {
      statusCode: 500,
      headers: { 'Content-Type': ['application/json'] },
      body: JSON.stringify({ error: reason }),
    };
  }
}
