/**
 * A rollout with everything its panel and its rules need, read in one parallel burst of a fixed
 * number of storage calls whatever the number of departments; and `settle`, which brings the
 * stored rollout in line with its round's decisions (stage opened, approved, blocked) and says
 * which e-mails that change owes.
 */
import type { IssueAccess, JiraPort, NotifyMessage } from '../../atlassian/jira/port';
import {
  progressRollout,
  summariseRound,
  type Approval,
  type RoundSummary,
} from '../../domain/approvals';
import { eventTime, type AuditEvent } from '../../domain/audit';
import { standInFor, standInsOf, today, type StandIns } from '../../domain/delegation';
import { AUDIT_PAGE } from '../../domain/limits';
import type { Rollout } from '../../domain/rollout';
import type { ApprovalSettings } from '../../domain/settings';
import { approvalOpenedMail } from '../../notifications/approval-opened';
import type { Language } from '../../i18n';
import { sendLocalised } from '../../notifications/common';
import { rolloutOutcomeMail } from '../../notifications/rollout-outcome';
import type { Ports } from '../ports';
import { nameOf, type Users } from '../users';

export interface RolloutState extends StandIns {
  issue: IssueAccess;
  rollout: Rollout;
  /** The current round's approvals ([] before the first request). */
  round: Approval[];
  summary: RoundSummary;
  settings: ApprovalSettings;
  history: { events: AuditEvent[]; nextCursor: string | undefined };
}

/** One e-mail owed: who gets it, and its text in each language. */
export interface PendingMail {
  to: string[];
  build: (language: Language, users: Users) => NotifyMessage;
}

export type StatePorts = Pick<Ports, 'approvals' | 'settings' | 'standIns' | 'audit' | 'now'>;
export type SettlePorts = Pick<Ports, 'rollouts' | 'approvals' | 'jira' | 'now'>;
export type DeliverPorts = Pick<Ports, 'jira'>;

/**
 * Reads the rollout's round, settings and newest events, and what it needs of the directory and
 * of delegations (its departments, its heads' and the viewer's delegation records, the
 * departments the viewer heads: `standIns.forRound`), in one parallel burst whose storage calls
 * do not grow with the directory or with the delegations elsewhere in the company. A round that
 * names a department or an approver the rollout no longer does (its plan changed since) has them
 * read after it.
 */
export async function loadState(
  ports: StatePorts,
  issue: IssueAccess,
  rollout: Rollout,
  actor: string,
): Promise<RolloutState> {
  const day = today(ports.now());
  const people = [...rollout.departments.map((d) => d.headAccountId), actor];
  const departmentIds = rollout.departments.map((d) => d.departmentId);
  const [round, settings, standIns, history] = await Promise.all([
    ports.approvals.listRound(rollout.id, rollout.round),
    ports.settings.get(),
    ports.standIns.forRound({ departmentIds, people, viewer: actor, day }),
    ports.audit.newest(rollout.id, AUDIT_PAGE),
  ]);
  const missingPeople = round
    .map((approval) => approval.approverAccountId)
    .filter((id) => !people.includes(id));
  const missingDepartments = round
    .map((approval) => approval.departmentId)
    .filter((id) => !departmentIds.includes(id));
  const more =
    missingPeople.length > 0 || missingDepartments.length > 0
      ? await ports.standIns.forRound({
          departmentIds: missingDepartments,
          people: missingPeople,
          day,
        })
      : { departments: [], delegations: [] };
  return {
    issue,
    rollout,
    round,
    summary: summariseRound(round),
    settings,
    ...standInsOf(
      [...standIns.departments, ...more.departments],
      [...standIns.delegations, ...more.delegations],
    ),
    history,
  };
}

export interface Settled {
  state: RolloutState;
  mails: PendingMail[];
  /** Whether events were written (the newest-events page must be read again). */
  wrote: boolean;
}

const SETTLE_ATTEMPTS = 5;

/**
 * Brings the stored rollout in line with its round. Racing deciders all call this: the rollout
 * write is conditional, so the first one wins and writes the events; the others re-read, find it
 * done (or do what is left) and write nothing twice. It never throws: the decision that led here
 * stands whatever happens, and the next call settles what this one could not.
 */
export async function settle(
  ports: SettlePorts,
  start: RolloutState,
  /** The newest event this call wrote, if any: what the new events must come after. */
  after?: string,
): Promise<Settled> {
  let state = start;
  try {
    for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
      const newest = [after, state.history.events[0]?.at, state.rollout.updatedAt]
        .filter((at) => at !== undefined)
        .sort();
      const at = eventTime(ports.now(), newest[newest.length - 1]);
      const progress = progressRollout(state.rollout, state.summary, at);
      if (!progress) return { state, mails: [], wrote: false };
      const outcome = await ports.rollouts.update(state.rollout, progress.rollout, progress.events);
      if (outcome === 'written') {
        const previous = state.rollout;
        state = { ...state, rollout: progress.rollout };
        if (previous.approvalState !== progress.rollout.approvalState) {
          await setPropertySafely(ports.jira, state.rollout);
        }
        return {
          state,
          mails: progressMails(state, progress.openedStages, progress.outcome, ports.now()),
          wrote: true,
        };
      }
      const fresh = await ports.rollouts.get(state.rollout.id);
      if (!fresh) return { state, mails: [], wrote: false };
      const round = await ports.approvals.listRound(fresh.id, fresh.round);
      state = { ...state, rollout: fresh, round, summary: summariseRound(round) };
    }
    console.warn(
      '[rollout-coordinator] rollout still contended after retries; left to settle later',
    );
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    console.warn(`[rollout-coordinator] could not settle the rollout: ${reason}`);
  }
  return { state, mails: [], wrote: false };
}

/**
 * The issue property is derived data for JQL: a failure to write it must not undo the change it
 * follows. It is logged, and written again with the next change of state.
 */
export async function setPropertySafely(
  jira: Pick<JiraPort, 'setRolloutProperty'>,
  rollout: Pick<Rollout, 'id' | 'anchorIssueId' | 'approvalState'>,
): Promise<boolean> {
  try {
    await jira.setRolloutProperty(rollout.anchorIssueId, {
      rolloutId: rollout.id,
      role: 'anchor',
      approvalState: rollout.approvalState,
    });
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    console.warn(`[rollout-coordinator] issue property not written: ${reason}`);
    return false;
  }
}

/** The approvers of `stage` who still have to decide, with whoever stands in for them today. */
export function stageRecipients(state: RolloutState, stage: number, now: Date): string[] {
  return state.round
    .filter((approval) => approval.stage === stage && approval.status === 'pending')
    .flatMap((approval) => [approval.approverAccountId, standInFor(approval, state, now)])
    .filter((id) => id !== '');
}

/** The e-mail opening `stage` to its approvers (and their stand-ins). */
export function stageOpenedMail(state: RolloutState, stage: number, now: Date): PendingMail {
  const { rollout } = state;
  const departments = state.round
    .filter((approval) => approval.stage === stage)
    .map((approval) => approval.departmentName)
    .sort((a, b) => a.localeCompare(b));
  return {
    to: stageRecipients(state, stage, now),
    build: (language, users) =>
      approvalOpenedMail(language, {
        rolloutTitle: rollout.title,
        objective: rollout.objective,
        targetDate: rollout.targetDate,
        issueKey: rollout.anchorIssueKey,
        requesterName: nameOf(rollout.roundRequestedBy, users),
        round: rollout.round,
        stage,
        stageCount: state.summary.stages.length,
        departments,
      }),
  };
}

function progressMails(
  state: RolloutState,
  openedStages: readonly number[],
  outcome: 'approved' | 'blocked' | undefined,
  now: Date,
): PendingMail[] {
  const mails: PendingMail[] = [];
  // Only the stage open now is told; an earlier one a missed settle skipped is already decided.
  const open = state.summary.openStage;
  if (open > 0 && openedStages.includes(open)) mails.push(stageOpenedMail(state, open, now));
  const { rollout } = state;
  const ended = state.summary.state;
  if (outcome && (ended === 'approved' || ended === 'changes-requested' || ended === 'rejected')) {
    const blockers = state.round.filter(
      (approval) => approval.status === 'changes-requested' || approval.status === 'rejected',
    );
    mails.push({
      to: [rollout.roundRequestedBy],
      build: (language, users) =>
        rolloutOutcomeMail(language, {
          rolloutTitle: rollout.title,
          issueKey: rollout.anchorIssueKey,
          round: rollout.round,
          outcome: ended,
          blockers: blockers.map((approval) => ({
            departmentName: approval.departmentName,
            deciderName: nameOf(approval.decidedBy, users),
            comment: approval.comment,
          })),
        }),
    });
  }
  return mails;
}

/** Everyone the mails go to (their languages come with the view's user look-up). */
export function mailRecipients(mails: readonly PendingMail[]): string[] {
  return mails.flatMap((mail) => mail.to);
}

/** Sends the mails (at most two notify calls each); failures are logged, never thrown. */
export async function deliver(
  ports: DeliverPorts,
  issueId: string,
  mails: readonly PendingMail[],
  users: Users,
): Promise<void> {
  await Promise.all(
    mails.map((mail) =>
      sendLocalised(ports.jira, issueId, mail.to, users, (language) => mail.build(language, users)),
    ),
  );
}
