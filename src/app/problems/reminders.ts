/**
 * The daily job's problem round (src/triggers/reminders.ts runs it after the approvals'): a
 * problem left unacknowledged for the admin's cadence (default 2 days) reminds the coordinator;
 * after as many days again it escalates to the head of the department concerned. One reminder
 * and one escalation per problem, and at most `PROBLEM_MAILS_PER_RUN` a run: that is the cap.
 *
 * Each e-mail is claimed before it is sent: the problem is rewritten with the reminder counted
 * (conditioned on its version, with its audit event, in one transaction). A second run, the same
 * day or at the same time, finds the claim and sends nothing: nothing is ever sent twice.
 */
import { auditEvent } from '../../domain/audit';
import { problemReminderDue, type Problem } from '../../domain/problems';
import type { Rollout } from '../../domain/rollout';
import type { Ports } from '../ports';
import { lookUpUsers } from '../users';
import { headOf, sendProblemMail } from './mail';

export type ProblemReminderPorts = Pick<
  Ports,
  'jira' | 'rollouts' | 'problems' | 'settings' | 'now' | 'remainingMs'
>;

/** E-mails one run sends at most (the rest wait for the next day). */
export const PROBLEM_MAILS_PER_RUN = 200;
/** Pages of unacknowledged problems one run reads at most. */
const PAGES_PER_RUN = 20;

export interface ProblemReminderReport {
  reminded: number;
  escalated: number;
  /** Claimed by another run first (or triaged meanwhile): not sent by this one. */
  skipped: number;
  mailFailures: number;
  complete: boolean;
}

export async function runProblemReminders(
  ports: ProblemReminderPorts,
  stopMarginMs: number,
): Promise<ProblemReminderReport> {
  const report: ProblemReminderReport = {
    reminded: 0,
    escalated: 0,
    skipped: 0,
    mailFailures: 0,
    complete: true,
  };
  const settings = await ports.settings.get();
  const rollouts = new Map<string, Rollout | undefined>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    if (ports.remainingMs() <= stopMarginMs || pages >= PAGES_PER_RUN) {
      report.complete = false;
      break;
    }
    const page = await ports.problems.pageByStatus('new', cursor);
    pages += 1;
    const now = ports.now();
    const due = page.problems.flatMap((problem) => {
      const kind = problemReminderDue(problem, now, settings.problemReminderDays);
      return kind ? [{ problem, kind }] : [];
    });
    for (const id of new Set(due.map((d) => d.problem.rolloutId))) {
      if (!rollouts.has(id)) rollouts.set(id, await ports.rollouts.get(id));
    }
    const recipients = due.map(({ problem, kind }) => {
      const rollout = rollouts.get(problem.rolloutId);
      const to = rollout ? (kind === 'remind' ? rollout.createdBy : headOf(rollout, problem)) : '';
      return { problem, kind, rollout, to };
    });
    // Names and languages before any claim: if Jira cannot answer, nothing is claimed today.
    const users = await lookUpUsers(
      ports.jira,
      recipients.flatMap((r) => [r.to, r.problem.raisedBy, r.rollout?.createdBy ?? '']),
    );
    for (const { problem, kind, rollout, to } of recipients) {
      if (report.reminded + report.escalated >= PROBLEM_MAILS_PER_RUN) {
        report.complete = false;
        return report;
      }
      if (ports.remainingMs() <= stopMarginMs) {
        report.complete = false;
        return report;
      }
      if (!rollout || to === '') continue;
      const at = ports.now().toISOString();
      const claimed: Problem =
        kind === 'remind'
          ? { ...problem, remindersSent: problem.remindersSent + 1, lastRemindedAt: at }
          : { ...problem, escalatedAt: at };
      claimed.version = problem.version + 1;
      const event = auditEvent(
        {
          rolloutId: rollout.id,
          at,
          type: kind === 'remind' ? 'problem-reminded' : 'problem-escalated',
          departmentId: problem.departmentId,
          departmentName:
            rollout.departments.find((d) => d.departmentId === problem.departmentId)?.name ?? '',
          detail: problem.issueKey,
        },
        `problem-${problem.id}-${kind}`,
      );
      if ((await ports.problems.replace(problem, claimed, [event])) === 'stale') {
        report.skipped += 1;
        continue;
      }
      if (kind === 'remind') report.reminded += 1;
      else report.escalated += 1;
      const sent = await sendProblemMail(
        ports,
        kind === 'remind' ? 'reminder' : 'escalation',
        rollout,
        claimed,
        [to],
        users,
      );
      if (!sent) report.mailFailures += 1;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return report;
}
