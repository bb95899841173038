/**
 * The daily reminder run (the scheduled trigger in src/triggers/reminders.ts starts it): reminds
 * approvers whose approval has waited longer than the admin's cadence, at most the admin's number
 * of times, never twice within 24 h, in their language, with whoever stands in for them today.
 *
 * Each reminder is claimed before it is sent: the approval is rewritten with one more reminder
 * (conditioned on its version, with a `reminded` audit event, in one transaction). A second run,
 * concurrent or the same day, finds the claim and sends nothing; a reminder is never sent twice.
 * The run stops with a margin before its time is up; the next day's run picks up where it stopped
 * (it walks the rollouts again from the oldest change: those already reminded cost one read).
 * Stand-ins are read per rollout with reminders due, by key: the directory's departments of the
 * approvers due and their delegation records (decision 0056).
 */
import { reminderDue, summariseRound, type Approval } from '../domain/approvals';
import { auditEvent } from '../domain/audit';
import { stageOpenedAt } from '../domain/bottlenecks';
import { standInFor, standInsOf, today } from '../domain/delegation';
import type { Rollout } from '../domain/rollout';
import type { ApprovalSettings } from '../domain/settings';
import { sendLocalised } from '../notifications/common';
import { reminderMail } from '../notifications/reminder';
import type { Ports } from './ports';
import { lookUpUsers, nameOf } from './users';

export type ReminderPorts = Pick<
  Ports,
  'jira' | 'rollouts' | 'approvals' | 'standIns' | 'settings' | 'now' | 'remainingMs'
>;

/** What one run did: counts only (the log line carries no personal data). */
export interface ReminderReport {
  rollouts: number;
  reminded: number;
  /** Reminders another run claimed first (or a decision overtook): not sent by this run. */
  skipped: number;
  /** Reminders whose e-mail Jira did not accept after retries (they still count as sent). */
  mailFailures: number;
  /** Rollouts left for the next run after an error reading or looking people up. */
  failedRollouts: number;
  /** False when the run stopped early to stay within its time limit. */
  complete: boolean;
}

/** The run stops this long before its invocation's end, to finish what is in flight. */
export const STOP_MARGIN_MS = 15_000;

export async function runReminders(ports: ReminderPorts): Promise<ReminderReport> {
  const report: ReminderReport = {
    rollouts: 0,
    reminded: 0,
    skipped: 0,
    mailFailures: 0,
    failedRollouts: 0,
    complete: true,
  };
  const timeLeft = (): boolean => ports.remainingMs() > STOP_MARGIN_MS;
  const settings = await ports.settings.get();

  let cursor: string | undefined;
  do {
    if (!timeLeft()) {
      report.complete = false;
      break;
    }
    const page = await ports.rollouts.pageByState('awaiting-approval', cursor);
    for (const rollout of page.rollouts) {
      if (!timeLeft()) {
        report.complete = false;
        break;
      }
      report.rollouts += 1;
      try {
        await remindRollout(ports, rollout, settings, report, timeLeft);
      } catch (error) {
        // One rollout's trouble must not stop the others; it is tried again tomorrow.
        report.failedRollouts += 1;
        const reason = error instanceof Error ? error.name : 'unknown error';
        console.warn(`[rollout-coordinator] reminders skipped a rollout: ${reason}`);
      }
    }
    cursor = report.complete ? page.nextCursor : undefined;
  } while (cursor);
  return report;
}

async function remindRollout(
  ports: ReminderPorts,
  rollout: Rollout,
  settings: ApprovalSettings,
  report: ReminderReport,
  timeLeft: () => boolean,
): Promise<void> {
  const round = await ports.approvals.listRound(rollout.id, rollout.round);
  const summary = summariseRound(round);
  if (summary.state !== 'awaiting-approval') return;
  const now = ports.now();
  const openedAt = stageOpenedAt(rollout, round, summary.openStage);
  const due = summary.waitingFor.filter((approval) =>
    reminderDue(approval, openedAt, now, {
      cadenceDays: settings.reminderCadenceDays,
      maxReminders: settings.maxReminders,
    }),
  );
  if (due.length === 0) return;
  // Who stands in for the approvers due: their departments and delegation records by key, in
  // calls that grow with the reminders due, never with the directory or the company (0056).
  const found = await ports.standIns.forRound({
    departmentIds: due.map((approval) => approval.departmentId),
    people: due.map((approval) => approval.approverAccountId),
    day: today(now),
  });
  const who = standInsOf(found.departments, found.delegations);

  const recipients = new Map(
    due.map((approval) => [
      approval.id,
      [approval.approverAccountId, standInFor(approval, who, now)].filter((id) => id !== ''),
    ]),
  );
  // Names and languages before any claim: if Jira cannot answer, nothing is claimed today.
  const users = await lookUpUsers(ports.jira, [
    rollout.roundRequestedBy,
    ...[...recipients.values()].flat(),
  ]);

  for (const approval of due) {
    if (!timeLeft()) {
      report.complete = false;
      return;
    }
    const at = ports.now().toISOString();
    const reminder = approval.remindersSent + 1;
    const claimed: Approval = {
      ...approval,
      remindersSent: reminder,
      lastRemindedAt: at,
      version: approval.version + 1,
    };
    const event = auditEvent(
      {
        rolloutId: rollout.id,
        at,
        type: 'reminded',
        departmentId: approval.departmentId,
        departmentName: approval.departmentName,
        round: approval.round,
        stage: approval.stage,
        detail: String(reminder),
      },
      `r${String(approval.round)}-reminded-${approval.departmentId}-${String(reminder)}`,
    );
    if ((await ports.approvals.replace(approval, claimed, [event])) === 'stale') {
      report.skipped += 1;
      continue;
    }
    report.reminded += 1;
    const sent = await sendLocalised(
      ports.jira,
      rollout.anchorIssueId,
      recipients.get(approval.id) ?? [approval.approverAccountId],
      users,
      (language) =>
        reminderMail(language, {
          rolloutTitle: rollout.title,
          objective: rollout.objective,
          targetDate: rollout.targetDate,
          issueKey: rollout.anchorIssueKey,
          departmentName: approval.departmentName,
          approverName: nameOf(approval.approverAccountId, users),
          requesterName: nameOf(rollout.roundRequestedBy, users),
          waitingSince: openedAt,
          reminder,
          maxReminders: settings.maxReminders,
        }),
    );
    if (!sent) report.mailFailures += 1;
  }
}
