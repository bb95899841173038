/**
 * The daily `scheduledTrigger` (function `reminders`): runs the reminder rounds of the
 * application (approvals: src/app/reminders.ts; problems: src/app/problems/reminders.ts;
 * sessions' attendance flags: src/app/attendance-flags.ts; policies not yet acknowledged:
 * src/app/policy-reminders.ts; and the one-time backfill of pulses' department rows,
 * src/app/pulses/index-backfill.ts) within
 * the function's 55 s, and answers the platform with
 * the run's counts (no personal data).
 */
import { runAttendanceFlags } from '../app/attendance-flags';
import { runPolicyReminders } from '../app/policy-reminders';
import { runProblemReminders } from '../app/problems/reminders';
import { runPulseIndexBackfill } from '../app/pulses/index-backfill';
import { STOP_MARGIN_MS, runReminders } from '../app/reminders';
import { SCHEDULED_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';

/** What a scheduled trigger answers the platform (the same shape as a web trigger's). */
export interface ScheduledResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

/** Forge handler of the `reminders` function (scheduledTrigger `approval-reminders`). */
export async function reminders(): Promise<ScheduledResponse> {
  const timeLeft = invocationTimeLeft(SCHEDULED_LIMIT_MS);
  try {
    const ports = productionPorts(timeLeft);
    const approvals = await runReminders(ports);
    // Problems after approvals, in what time is left; each round picks up tomorrow where it stopped.
    const problems = await runProblemReminders(ports, STOP_MARGIN_MS);
    const attendance = await runAttendanceFlags(ports, STOP_MARGIN_MS);
    const policies = await runPolicyReminders(ports, STOP_MARGIN_MS);
    const pulseIndex = await runPulseIndexBackfill(ports, STOP_MARGIN_MS);
    const report = { ...approvals, problems, attendance, policies, pulseIndex };
    console.log(`[rollout-coordinator] reminders: ${JSON.stringify(report)}`);
    return {
      statusCode: 200,
      headers: { 'Content-Type': ['application/json'] },
      body: JSON.stringify(report),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] reminders did not run: ${reason}`);
    return {
      statusCode: 500,
      headers: { 'Content-Type': ['application/json'] },
      body: JSON.stringify({ error: reason }),
    };
  }
}
