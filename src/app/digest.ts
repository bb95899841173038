/**
 * The weekly digest run (the scheduled trigger in src/triggers/digest.ts starts it daily; each
 * rollout's coordinator picks the weekday): for each running rollout whose digest is due this
 * week, each head and each sponsor who did not opt out gets one e-mail in their language.
 *
 * Each e-mail is claimed before it is sent (rollout × person × ISO week, FAIL_IF_EXISTS): a second
 * run the same week, or a concurrent one, sends nothing twice. A run that stops for time leaves
 * the rest to the next day's run of the same week.
 *
 * Cost per rollout does not grow with its work, approvals or answers: its digest settings and
 * opt-outs, the same fixed reads as the progress gadget (round, work counters, trained record,
 * readiness tallies, open problems one page per status), one bulk user look-up, then per
 * recipient one claim and one notify call.
 */
import type { DigestView } from '../contract';
import { summariseRound } from '../domain/approvals';
import { digestDue, digestRecipients, isoWeek, type DigestSettings } from '../domain/digest';
import { OPEN_PROBLEM_STATUSES } from '../domain/problems';
import { canSeeAggregates } from '../domain/pulses';
import { canCompletePhases, type ApprovalState, type Rollout } from '../domain/rollout';
import type { ApprovalSettings } from '../domain/settings';
import { emptyCounters } from '../domain/work-states';
import { languageOf } from '../i18n';
import { digestMail } from '../notifications/digest';
import { gadgetRollout } from './gadget/load';
import { browseIssue } from './access';
import { rolloutNotFound } from './approvals/panel';
import { refuse } from './failures';
import type { Caller, Ports, UseCase } from './ports';
import { readinessFor } from './pulses/readiness';
import { STOP_MARGIN_MS } from './reminders';
import { strategyPageUrl } from './rollout-panel/load';
import { lookUpUsers, lookUpUsersAfterWrite, userSummary } from './users';

export type DigestPorts = Pick<
  Ports,
  | 'jira'
  | 'rollouts'
  | 'approvals'
  | 'workStates'
  | 'problems'
  | 'settings'
  | 'signals'
  | 'pulses'
  | 'digest'
  | 'now'
  | 'remainingMs'
>;

/** Rollouts that are still running: a completed, rejected or draft one has nothing to report. */
const DIGEST_STATES: readonly ApprovalState[] = [
  'awaiting-approval',
  'changes-requested',
  'approved',
];

/** What one run did: counts only (the log line carries no personal data). */
export interface DigestReport {
  rollouts: number;
  /** Rollouts whose digest was due this run (enabled, on or after their weekday). */
  due: number;
  sent: number;
  /** E-mails already claimed this week (an earlier or concurrent run sent them). */
  skipped: number;
  mailFailures: number;
  failedRollouts: number;
  complete: boolean;
}

export async function runDigest(ports: DigestPorts): Promise<DigestReport> {
  const report: DigestReport = {
    rollouts: 0,
    due: 0,
    sent: 0,
    skipped: 0,
    mailFailures: 0,
    failedRollouts: 0,
    complete: true,
  };
  const timeLeft = (): boolean => ports.remainingMs() > STOP_MARGIN_MS;
  const settings = await ports.settings.get();
  // A scheduled trigger's context names no site: Jira's own answer, asked once a run and only
  // when a digest's settings were never saved from a page (decision 0044). Without it the
  // e-mail names the issue key, as before.
  let site: Promise<string> | undefined;
  const siteUrl = (saved: string): Promise<string> => {
    if (saved !== '') return Promise.resolve(saved);
    site ??= ports.jira.siteUrl().then(
      (url) => url ?? '',
      () => '',
    );
    return site;
  };
  for (const state of DIGEST_STATES) {
    let cursor: string | undefined;
    do {
      if (!timeLeft()) {
        report.complete = false;
        return report;
      }
      const page = await ports.rollouts.pageByState(state, cursor);
      for (const rollout of page.rollouts) {
        if (!timeLeft()) {
          report.complete = false;
          return report;
        }
        if (rollout.anchorIssueId === '' || (rollout.completedAt ?? '') !== '') continue;
        report.rollouts += 1;
        try {
          await digestRollout(ports, rollout, settings, report, timeLeft, siteUrl);
        } catch (error) {
          // One rollout's trouble must not stop the others; tomorrow's run of the week retries it.
          report.failedRollouts += 1;
          const reason = error instanceof Error ? error.name : 'unknown error';
          console.warn(`[rollout-coordinator] digest skipped a rollout: ${reason}`);
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return report;
}

async function digestRollout(
  ports: DigestPorts,
  rollout: Rollout,
  settings: ApprovalSettings,
  report: DigestReport,
  timeLeft: () => boolean,
  siteUrlOf: (saved: string) => Promise<string>,
): Promise<void> {
  const now = ports.now();
  const digest = await ports.digest.settings(rollout.id);
  if (!digestDue(digest, now)) return;
  report.due += 1;
  const optedOut = await ports.digest.optedOut(rollout.id);
  const recipients = digestRecipients(rollout, digest.sponsorAccountIds, optedOut);
  if (recipients.length === 0) return;
  const siteUrl = await siteUrlOf(digest.siteUrl);

  const [round, states, trained, readiness, openProblems, users] = await Promise.all([
    ports.approvals.listRound(rollout.id, rollout.round),
    ports.workStates.get(rollout.id),
    ports.signals.trained(rollout.id),
    readinessFor(rollout, 'app', ports),
    Promise.all(
      OPEN_PROBLEM_STATUSES.map((status) => ports.problems.listByRolloutStatus(rollout.id, status)),
    ),
    lookUpUsers(
      ports.jira,
      recipients.map((r) => r.accountId),
    ),
  ]);
  const view = gadgetRollout(
    {
      rollout,
      round,
      states: states ?? emptyCounters(rollout.id),
      trained,
      readiness,
      canSeeReadiness: true,
      trend: { rolloutId: rollout.id, points: [] },
      openProblems,
    },
    settings,
    now,
    siteUrl,
  );
  const summary = summariseRound(round);
  const waitingFor = summary.waitingFor.map((approval) => approval.departmentName);
  const jiraUrl = siteUrl === '' ? null : view.url;
  const confluenceUrl = siteUrl === '' ? null : strategyPageUrl(siteUrl, rollout.strategyPageId);
  const week = isoWeek(now);

  for (const recipient of recipients) {
    if (!timeLeft()) {
      report.complete = false;
      return;
    }
    if (!(await ports.digest.claim(rollout.id, week, recipient.accountId))) {
      report.skipped += 1;
      continue;
    }
    const language = languageOf(users.get(recipient.accountId)?.locale);
    const mail = digestMail(language, {
      view,
      departmentIds: recipient.departmentIds,
      canSeeReadiness: canSeeAggregates(rollout, {
        accountId: recipient.accountId,
        isJiraAdmin: false,
      }),
      waitingFor,
      jiraUrl,
      confluenceUrl,
    });
    // Jira mails only those who may see the anchor issue: nobody learns of a rollout they cannot browse.
    const sent = await ports.jira.notify(rollout.anchorIssueId, mail, [recipient.accountId]);
    report.sent += 1;
    if (!sent) report.mailFailures += 1;
  }
}

/** The context issue's rollout for its viewer: NOT_FOUND for whoever cannot browse the issue. */
async function digestContext(
  ports: Pick<Ports, 'jira' | 'rollouts'>,
  call: Caller,
): Promise<{ rollout: Rollout; canManage: boolean }> {
  const issue = await browseIssue(ports, call);
  const rollout = await ports.rollouts.findByIssue(issue.id);
  if (!rollout) throw rolloutNotFound();
  return {
    rollout,
    canManage: canCompletePhases(rollout, {
      accountId: call.accountId,
      isJiraAdmin: issue.isJiraAdmin,
    }),
  };
}

async function digestView(
  ports: Pick<Ports, 'jira' | 'digest'>,
  rollout: Rollout,
  settings: DigestSettings,
  viewer: { accountId: string; canManage: boolean },
  optedOut?: boolean,
): Promise<DigestView> {
  const [users, isOptedOut] = await Promise.all([
    settings.sponsorAccountIds.length === 0
      ? Promise.resolve(new Map())
      : lookUpUsersAfterWrite(ports.jira, settings.sponsorAccountIds),
    optedOut === undefined
      ? ports.digest.isOptedOut(rollout.id, viewer.accountId)
      : Promise.resolve(optedOut),
  ]);
  const recipients = digestRecipients(rollout, settings.sponsorAccountIds, new Set());
  return {
    enabled: settings.enabled,
    weekday: settings.weekday,
    sponsors: settings.sponsorAccountIds.map((accountId) => userSummary(accountId, users)),
    version: settings.version,
    canManage: viewer.canManage,
    isRecipient: recipients.some((r) => r.accountId === viewer.accountId),
    subscribed: !isOptedOut,
  };
}

type DigestUiPorts = Pick<Ports, 'jira' | 'rollouts' | 'digest'>;

export const getDigest: UseCase<'digest/get', DigestUiPorts> = async (_payload, call, ports) => {
  const { rollout, canManage } = await digestContext(ports, call);
  const settings = await ports.digest.settings(rollout.id);
  return digestView(ports, rollout, settings, { accountId: call.accountId, canManage });
};

export const updateDigest: UseCase<'digest/update', DigestUiPorts> = async (
  payload,
  call,
  ports,
) => {
  const { rollout, canManage } = await digestContext(ports, call);
  if (!canManage) throw refuse('errors.digest.forbidden');
  const current = await ports.digest.settings(rollout.id);
  if (current.version !== payload.version) throw refuse('errors.digest.stale');
  const next: DigestSettings = {
    rolloutId: rollout.id,
    enabled: payload.enabled,
    weekday: payload.weekday,
    sponsorAccountIds: payload.sponsorAccountIds,
    siteUrl: call.siteUrl,
    version: current.version + 1,
  };
  if ((await ports.digest.saveSettings(current.version, next)) === 'stale') {
    throw refuse('errors.digest.stale');
  }
  return digestView(ports, rollout, next, { accountId: call.accountId, canManage });
};

export const subscribeDigest: UseCase<'digest/subscribe', DigestUiPorts> = async (
  payload,
  call,
  ports,
) => {
  const { rollout, canManage } = await digestContext(ports, call);
  await ports.digest.setOptedOut(rollout.id, call.accountId, !payload.subscribed);
  const settings = await ports.digest.settings(rollout.id);
  return digestView(
    ports,
    rollout,
    settings,
    { accountId: call.accountId, canManage },
    !payload.subscribed,
  );
};
