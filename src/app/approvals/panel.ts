/**
 * The Approvals panel of a Jira issue: the whole view in one call, and requesting a round.
 * Every use case starts by asking Jira, as the acting user, whether they may browse the issue in
 * the platform context; whoever may not gets NOT_FOUND and learns nothing of the rollout.
 */
import type { IssueAccess } from '../../atlassian/jira/port';
import type { AppFailure, ApprovalsPanelView } from '../../contract';
import { openRound, summariseRound } from '../../domain/approvals';
import { eventTime } from '../../domain/audit';
import { AUDIT_PAGE } from '../../domain/limits';
import { canRequestApproval, lifecycleOf, type Rollout } from '../../domain/rollout';
import { languageOf } from '../../i18n';
import { browseIssue, editableIssue, staleRollout } from '../access';
import { refuse } from '../failures';
import { recordStart } from '../rollout-panel/load';
import type { Caller, Ports, UseCase } from '../ports';
import { discardRight } from '../rollouts/discard';
import { lookUpUsers, lookUpUsersAfterWrite } from '../users';
import {
  deliver,
  loadState,
  mailRecipients,
  setPropertySafely,
  settle,
  stageOpenedMail,
  type DeliverPorts,
  type PendingMail,
  type RolloutState,
  type SettlePorts,
  type StatePorts,
} from './state';
import { rolloutChanges, sameQuestion } from '../../domain/plan';
import { roundPlanOf } from '../rollouts/plan-edit';
import { requireDecidersCanBrowse } from './reach';
import { unfinished } from '../strategy/views';
import { rolloutPeople, rolloutView, setupPeople, setupView } from './views';

/** What answering the panel reaches: the rollout's state, settling it, its e-mails, the names. */
export type PanelPorts = StatePorts &
  SettlePorts &
  DeliverPorts &
  Pick<Ports, 'rollouts' | 'departments'>;

export function rolloutNotFound(): AppFailure {
  return refuse('errors.rollout.notFound');
}

/** The rollout anchored on the issue the acting user browses; NOT_FOUND when there is none. */
export async function rolloutOf(ports: Pick<Ports, 'rollouts'>, issueId: string): Promise<Rollout> {
  const rollout = await ports.rollouts.findByIssue(issueId);
  if (!rollout) throw rolloutNotFound();
  return rollout;
}

/**
 * Answers the panel from a state: reads the newest events again when this call wrote some, looks
 * every person up once, sends the e-mails owed, and builds the view. `afterWrite`: a change is
 * already stored, so nothing here may fail the call (it degrades to names missing instead).
 */
export async function answerPanel(
  ports: PanelPorts,
  call: Caller,
  start: RolloutState,
  options: { wrote: boolean; mails: readonly PendingMail[]; afterWrite: boolean },
): Promise<ApprovalsPanelView> {
  let state = start;
  if (options.wrote) {
    try {
      state = {
        ...state,
        history: await ports.audit.newest(state.rollout.id, AUDIT_PAGE),
      };
    } catch (error) {
      if (!options.afterWrite) throw error;
      console.warn('[rollout-coordinator] newest events not re-read after a write');
    }
  }
  const now = ports.now();
  const people = [...rolloutPeople(state, call.accountId, now), ...mailRecipients(options.mails)];
  const [users, discardable] = await Promise.all([
    options.afterWrite
      ? lookUpUsersAfterWrite(ports.jira, people)
      : lookUpUsers(ports.jira, people),
    discardRight(ports, call, state.rollout, state.issue),
  ]);
  await deliver(ports, state.rollout.anchorIssueId, options.mails, users);
  return rolloutView(state, call.accountId, users, now, languageOf(call.locale), discardable);
}

/**
 * The whole panel for the issue as it is now in storage (what CONFLICT answers show); undefined
 * when the issue anchors no rollout any more.
 */
async function panelNow(
  ports: PanelPorts,
  call: Caller,
  issue: IssueAccess,
): Promise<ApprovalsPanelView | undefined> {
  const rollout = await ports.rollouts.findByIssue(issue.id);
  if (!rollout) return undefined;
  const fresh = await loadState(ports, issue, rollout, call.accountId);
  return answerPanel(ports, call, fresh, { wrote: false, mails: [], afterWrite: false });
}

/** The same, for a rollout that must still be there (NOT_FOUND otherwise). */
async function currentPanel(
  ports: PanelPorts,
  call: Caller,
  state: RolloutState,
): Promise<ApprovalsPanelView> {
  const view = await panelNow(ports, call, state.issue);
  if (!view) throw rolloutNotFound();
  return view;
}

/**
 * An issue of a rollout that is not its anchor (work the plan created, a problem): its approvals
 * are the anchor's, so the panel points there rather than offering to make it a rollout. The
 * rollout's name shows only to those who may browse the anchor.
 */
async function memberOfRollout(
  ports: Pick<Ports, 'rollouts' | 'jira'>,
  issue: IssueAccess,
): Promise<ApprovalsPanelView | undefined> {
  const { role, rolloutId } = issue.rolloutProperty;
  if ((role !== 'work' && role !== 'problem') || typeof rolloutId !== 'string') return undefined;
  const rollout = await ports.rollouts.get(rolloutId);
  if (!rollout) return undefined;
  const visible =
    rollout.anchorIssueId !== '' &&
    (await ports.jira.visibleIssues([rollout.anchorIssueId])).has(rollout.anchorIssueId);
  return {
    kind: 'member',
    role,
    anchor: visible
      ? { key: rollout.anchorIssueKey, title: rollout.title, lifecycle: lifecycleOf(rollout) }
      : null,
  };
}

export const approvalsPanel: UseCase<'approvals/panel', PanelPorts> = async (
  _payload,
  call,
  ports,
) => {
  const issue = await browseIssue(ports, call);
  const member = await memberOfRollout(ports, issue);
  if (member) return member;
  const found = await ports.rollouts.findByIssue(issue.id);
  // The anchor out of To Do after an approval: the rollout started (every surface says so).
  const rollout = found ? await recordStart(ports, found, issue) : undefined;
  if (!rollout) {
    const directory = await ports.departments.list();
    const users = await lookUpUsers(ports.jira, setupPeople(directory));
    return setupView(issue, directory, users);
  }
  // Settling here finishes what an interrupted decision left (the rollout's state, its e-mails):
  // it writes only when the stored rollout lags behind its round.
  const settled = await settle(ports, await loadState(ports, issue, rollout, call.accountId));
  return answerPanel(ports, call, settled.state, {
    wrote: settled.wrote,
    mails: settled.mails,
    // Once settling wrote, the e-mails it owes must go out even if Jira fails the names.
    afterWrite: settled.wrote,
  });
};

export const requestApproval: UseCase<'approvals/request', PanelPorts> = async (
  payload,
  call,
  ports,
) => {
  const issue = await editableIssue(ports, call);
  const rollout = await rolloutOf(ports, issue.id);
  const state = await loadState(ports, issue, rollout, call.accountId);
  if (rollout.version !== payload.version)
    throw staleRollout(await currentPanel(ports, call, state));
  if (!canRequestApproval(rollout)) {
    throw refuse('errors.rollout.cannotRequest');
  }
  // A strategy whose page failed has its issue already (0050): no round before the page exists,
  // so heads never approve a plan with no page and the retry finishes an unasked draft.
  if (unfinished(rollout)) throw refuse('errors.strategy.incomplete');
  const now = ports.now();
  const current = roundPlanOf(rollout);
  const [asked] = await Promise.all([
    rollout.round > 0 ? ports.rollouts.roundPlan(rollout.id, rollout.round) : undefined,
    requireDecidersCanBrowse(ports, rollout, state, now),
  ]);
  // Rounds opened before plans were kept have nothing to compare with: they may be asked again.
  if (asked && sameQuestion(asked, current)) throw refuse('errors.rollout.noChange');
  await ports.rollouts.keepRoundPlan(rollout.id, rollout.round + 1, current);
  const opened = openRound(
    rollout,
    call.accountId,
    eventTime(now, state.history.events[0]?.at),
    asked ? rolloutChanges(asked, current) : new Map(),
  );
  // ⌈n/25⌉ transactions by nature (25 operations each). A failure part-way leaves rows nobody
  // sees (the rollout still points at the previous round); a retry with the same version
  // rewrites them and goes on.
  if ((await ports.approvals.putRound(opened.approvals)) === 'stale') {
    throw staleRollout(await currentPanel(ports, call, state));
  }
  if ((await ports.rollouts.update(rollout, opened.rollout, opened.events)) === 'stale') {
    throw staleRollout(await currentPanel(ports, call, state));
  }
  const next: RolloutState = {
    ...state,
    rollout: opened.rollout,
    round: opened.approvals,
    summary: summariseRound(opened.approvals),
  };
  await setPropertySafely(ports.jira, next.rollout);
  return answerPanel(ports, call, next, {
    wrote: true,
    mails: [stageOpenedMail(next, next.summary.openStage, now)],
    afterWrite: true,
  });
};
