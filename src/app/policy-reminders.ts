/**
 * The daily job's policy round (src/triggers/reminders.ts runs it after the attendance round):
 * the people of a running rollout's departments who have not acknowledged a page of its policy
 * are reminded every `POLICY_REMINDER_DAYS`, at most `POLICY_REMINDERS_MAX` times per version
 * asked, by e-mail in their language through Jira's notify API on the rollout's issue.
 *
 * A reminder is started by counting and dating it on the page (one conditioned write): a second
 * run finds it counted and starts nothing. It is then sent one page of a group's members at a
 * time: each step is claimed by writing the next position on the page before its e-mails go,
 * so no step is mailed twice, and a run stopped by its budget or its time resumes there the
 * next day. Each person is claimed too (a key per person and page naming the reminder and the
 * step), before the step: someone in two of the groups asked is mailed by the first step that
 * reaches them only, even when the other group is reached another day. A run reads at most `POLICY_MEMBER_PAGES_PER_RUN` pages of members, so its calls
 * stay within a fixed bound however many people a policy asks. See decisions 0051 and 0055.
 */
import {
  POLICY_REMINDERS_MAX,
  advanceReminder,
  reminderClaimOf,
  isAcknowledged,
  remindedDepartments,
  startReminder,
  type PolicyPage,
  type PolicyRecord,
  type ReminderProgress,
} from '../domain/policy';
import type { Rollout } from '../domain/rollout';
import { sendLocalised } from '../notifications/common';
import { policyReminderMail } from '../notifications/policy-reminder';
import type { Ports } from './ports';
import { eachRunningRollout } from './rollouts/running';
import { lookUpUsers } from './users';

export type PolicyReminderPorts = Pick<
  Ports,
  'jira' | 'rollouts' | 'policies' | 'now' | 'remainingMs'
>;

/** Pages of group members (50 people each) one run reads at most; the rest wait a day. */
export const POLICY_MEMBER_PAGES_PER_RUN = 20;

/** What one run did: counts only (the log line carries no personal data). */
export interface PolicyReminderReport {
  rollouts: number;
  /** Reminders started (one per page and cadence). */
  started: number;
  /** People e-mailed. */
  reminded: number;
  /** Steps another run (or a material revision) took first: not sent by this run. */
  skipped: number;
  mailFailures: number;
  failedRollouts: number;
  /** False when the run stopped at its budget or its time with people still to remind. */
  complete: boolean;
}

interface Run {
  report: PolicyReminderReport;
  memberPages: number;
  timeLeft: () => boolean;
}

export async function runPolicyReminders(
  ports: PolicyReminderPorts,
  stopMarginMs: number,
): Promise<PolicyReminderReport> {
  const report: PolicyReminderReport = {
    rollouts: 0,
    started: 0,
    reminded: 0,
    skipped: 0,
    mailFailures: 0,
    failedRollouts: 0,
    complete: true,
  };
  const run: Run = {
    report,
    memberPages: 0,
    timeLeft: () =>
      ports.remainingMs() > stopMarginMs && run.memberPages < POLICY_MEMBER_PAGES_PER_RUN,
  };
  const walk = await eachRunningRollout(
    ports,
    run.timeLeft,
    'policy reminders',
    async (rollout) => {
      let record = await ports.policies.get(rollout.id);
      for (const pageId of record?.pages.map((page) => page.pageId) ?? []) {
        if (!record || !run.timeLeft()) break;
        record = await remindPage(ports, run, rollout, record, pageId);
      }
    },
  );
  report.rollouts = walk.visited;
  report.failedRollouts = walk.failed;
  // A step left at the budget shows as incomplete even when the walk itself ended.
  report.complete = report.complete && walk.complete;
  return report;
}

/** The position after reading `read` members at `from` (undefined: every department reached). */
function nextPosition(
  from: ReminderProgress,
  departments: number,
  members: { accountIds: string[]; isLast: boolean } | undefined,
): ReminderProgress | undefined {
  if (members && !members.isLast && members.accountIds.length > 0) {
    return { department: from.department, startAt: from.startAt + members.accountIds.length };
  }
  return from.department + 1 < departments
    ? { department: from.department + 1, startAt: 0 }
    : undefined;
}

/** Starts the page's reminder when due, then sends its steps while the run may; answers the record. */
async function remindPage(
  ports: PolicyReminderPorts,
  run: Run,
  rollout: Rollout,
  record: PolicyRecord,
  pageId: string,
): Promise<PolicyRecord | undefined> {
  let current: PolicyRecord | undefined = record;
  const started = startReminder(record, pageId, ports.now());
  if (started) {
    if ((await ports.policies.update(record, started)) === 'written') {
      run.report.started += 1;
      current = started;
    } else {
      current = await ports.policies.get(rollout.id);
    }
  }
  for (;;) {
    const page = current?.pages.find((p) => p.pageId === pageId);
    const from = page?.reminding;
    if (!current || !page || !from) return current;
    if (!run.timeLeft()) {
      run.report.complete = false;
      return current;
    }
    const departments = remindedDepartments(current);
    const departmentId = departments[from.department];
    const groupId =
      departmentId === undefined ? '' : (current.audience[departmentId]?.groupId ?? '');
    let members: { accountIds: string[]; isLast: boolean } | undefined;
    if (groupId !== '') {
      run.memberPages += 1;
      members = await ports.jira.groupMembersPage(groupId, from.startAt);
    }
    const read = [...new Set(members?.accountIds ?? [])];
    const acks = await ports.policies.acknowledgementsOf(rollout.id, pageId, read);
    const asked = read.filter((id) => !isAcknowledged(page, acks.get(id)));
    // Someone in two of the groups asked belongs to the first step that reached them.
    const claims = await ports.policies.reminderClaimsOf(rollout.id, pageId, asked);
    const share = (id: string) => reminderClaimOf(claims.get(id), page, from);
    const due = asked.filter((id) => share(id) !== 'another');
    // Names and languages before the claims: if Jira cannot answer, this step waits a day.
    const users = await lookUpUsers(ports.jira, due);
    // The people's claims before the step's: whoever takes the step finds them its own.
    const unclaimed = due.filter((id) => share(id) === 'none');
    if (page.remindedAt !== undefined && unclaimed.length > 0) {
      await ports.policies.claimReminders(rollout.id, pageId, unclaimed, {
        remindedAt: page.remindedAt,
        department: from.department,
        startAt: from.startAt,
      });
    }
    const next = nextPosition(from, departments.length, members);
    const advanced = advanceReminder(current, pageId, from, next, ports.now().toISOString());
    if (!advanced || (await ports.policies.update(current, advanced)) === 'stale') {
      // Someone wrote the record (an acknowledgement, another run): read where it stands now.
      run.report.skipped += 1;
      current = await ports.policies.get(rollout.id);
      continue;
    }
    current = advanced;
    if (due.length === 0) continue;
    run.report.reminded += due.length;
    const sent = await sendLocalised(ports.jira, rollout.anchorIssueId, due, users, (language) =>
      policyReminderMail(language, mailFacts(rollout, page)),
    );
    if (!sent) run.report.mailFailures += 1;
  }
}

function mailFacts(rollout: Rollout, page: PolicyPage) {
  return {
    rolloutTitle: rollout.title,
    pageTitle: page.title,
    version: page.version,
    ...(page.previousVersion === undefined ? {} : { previousVersion: page.previousVersion }),
    ...(page.changeMessage === undefined ? {} : { changeMessage: page.changeMessage }),
    pageUrl: page.url,
    reminder: page.reminders,
    maxReminders: POLICY_REMINDERS_MAX,
  };
}
