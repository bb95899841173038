/**
 * Answering a suggestion, from the anchor's Rollout panel (coordinator or Jira admin).
 *
 * Accepting makes its change through the paths the plan already has: the plan changes under the
 * plan-edit rule (refused while heads are deciding; once approved, the departments concerned
 * re-confirm), the strategy page follows, and a session or task added is pushed to Jira. The
 * answer is written first, with its audit event and the change it fixes (the new item's id, the
 * extension's end); the plan change follows and is found already made by any repeat, so a
 * repeated accept adds nothing twice and a failed one is finished by the next.
 *
 * Dismissing keeps the reason in the audit trail; the suggestion is not offered again that week.
 */
import { isStrategy } from '../../domain/rules/plan';
import { AppFailure, type SuggestionsView } from '../../contract';
import { auditEvent, eventTime } from '../../domain/audit';
import { today as dayOf } from '../../domain/delegation';
import { planOf } from '../../domain/plan';
import type { Rollout } from '../../domain/rollout';
import {
  isoWeek,
  planAfterAccept,
  suggest,
  type Suggestion,
  type SuggestionDecision,
} from '../../domain/suggestions';
import { requireEdit, staleRollout } from '../access';
import { deliver, mailRecipients, type DeliverPorts } from '../approvals/state';
import { rolloutNotFound } from '../approvals/panel';
import { refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { applyEdit, requireEditable, type EditPorts } from '../rollouts/plan-edit';
import { validatePlan } from '../strategy/context';
import { syncStrategyPageSafely, type PagePorts } from '../strategy/page';
import { pushStrategy } from '../strategy/push';
import { lookUpUsersAfterWrite } from '../users';
import { moveTaskDueDates } from './due-dates';
import { COORDINATOR_VIEW, gatherSignals } from './signals';
import {
  acceptContext,
  coordinatedRollout,
  currentDecisions,
  suggestionOf,
  suggestionsView,
  type SuggestionPorts,
} from './list';

const WRITE_ATTEMPTS = 5;

export type DecidePorts = SuggestionPorts &
  EditPorts &
  PagePorts &
  DeliverPorts &
  Pick<Ports, 'standIns' | 'pushJobs' | 'pushQueue' | 'newId'>;

/** The suggestion as it stands today; `gone` when the signals no longer call for it. */
async function currentSuggestion(
  ports: SuggestionPorts,
  rollout: Rollout,
  id: string,
  today: string,
): Promise<Suggestion> {
  const found = suggest(await gatherSignals(ports, rollout, today, COORDINATOR_VIEW(rollout))).find(
    (s) => s.id === id,
  );
  if (!found) throw refuse('errors.suggestion.gone');
  return found;
}

/**
 * Writes the answer with its audit event, conditioned on the answers read; re-reads after a lost
 * race and stops when the same answer is already there (the other click's).
 */
async function recordDecision(
  ports: Pick<Ports, 'suggestions' | 'now'>,
  rollout: Rollout,
  decision: Omit<SuggestionDecision, 'at'>,
): Promise<SuggestionDecision> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const stored = await ports.suggestions.get(rollout.id);
    const existing = stored.decisions.find((d) => d.suggestionId === decision.suggestionId);
    if (existing) {
      if (existing.decision !== decision.decision) throw refuse('errors.suggestion.decided');
      return existing;
    }
    const at = eventTime(ports.now(), undefined);
    const written: SuggestionDecision = { ...decision, at };
    const week = isoWeek(dayOf(ports.now()));
    const event = auditEvent(
      {
        rolloutId: rollout.id,
        at,
        type: decision.decision === 'accepted' ? 'suggestion-accepted' : 'suggestion-dismissed',
        actorAccountId: decision.byAccountId,
        departmentId: decision.departmentId,
        departmentName:
          rollout.departments.find((d) => d.departmentId === decision.departmentId)?.name ?? '',
        detail: decision.kind,
        comment: decision.reason,
      },
      `suggestion-${decision.suggestionId}`,
    );
    const next = {
      rolloutId: rollout.id,
      decisions: [...currentDecisions(stored.decisions, week), written],
      version: stored.version + 1,
    };
    if ((await ports.suggestions.replace(stored, next, [event])) === 'written') return written;
  }
  throw staleRollout();
}

/** Makes the accepted change in the plan unless it is there; true when the plan changed. */
async function applyAccepted(
  ports: DecidePorts,
  call: Caller,
  start: Rollout,
  decision: SuggestionDecision,
): Promise<{ rollout: Rollout; changed: boolean }> {
  let rollout = start;
  const today = dayOf(ports.now());
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const outcome = planAfterAccept(
      planOf(rollout),
      decision,
      acceptContext(
        rollout,
        { ...decision, id: decision.suggestionId },
        call,
        today,
        decision.extendTo,
      ),
    );
    if (outcome.kind === 'unchanged') return { rollout, changed: false };
    if (outcome.kind === 'impossible') throw refuse('errors.suggestion.impossible');
    requireEditable(rollout);
    validatePlan(outcome.plan, rollout.departments, rollout.targetDate, {
      now: ports.now(),
      stored: rollout.targetDate,
      strategy: isStrategy(rollout),
    });
    // What a re-confirmation needs of the directory: the plan's departments, by key (0060).
    const { departments: directory } = await ports.standIns.forRound({
      departmentIds: rollout.departments.map((d) => d.departmentId),
      people: [],
      day: today,
    });
    const edited: Rollout = {
      ...rollout,
      phases: outcome.plan.phases,
      sessions: outcome.plan.sessions,
    };
    // The suggestion card says accepting asks the heads concerned again (`suggestions.reconfirms`).
    const result = await applyEdit(ports, call, rollout, edited, directory, true);
    if (result !== 'stale') {
      // From here the change stands: the page and the e-mails follow, and never fail the call.
      const next = await syncStrategyPageSafely(ports, call, result.rollout);
      if (result.mails.length > 0) {
        const users = await lookUpUsersAfterWrite(ports.jira, [
          call.accountId,
          ...mailRecipients(result.mails),
        ]);
        await deliver(ports, next.anchorIssueId, result.mails, users);
      }
      return { rollout: next, changed: true };
    }
    const fresh = await ports.rollouts.get(rollout.id);
    if (!fresh) throw rolloutNotFound();
    rollout = fresh;
  }
  throw staleRollout();
}

/** Pushes the plan's new item to Jira; a refusal leaves the plan changed and says so. */
async function pushNewItem(
  ports: DecidePorts,
  call: Caller,
  rollout: Rollout,
): Promise<SuggestionsView['push']> {
  try {
    await pushStrategy({ rolloutId: rollout.id }, call, ports);
    return 'queued';
  } catch (error) {
    if (!(error instanceof AppFailure)) throw error;
    console.warn(
      `[rollout-coordinator] suggestion accepted, push not started: ${error.error.code}`,
    );
    return 'failed';
  }
}

export const acceptSuggestion: UseCase<'suggestions/accept', DecidePorts> = async (
  payload,
  call,
  ports,
) => {
  const { issue, rollout } = await coordinatedRollout(ports, call);
  requireEdit(issue);
  const parsed = suggestionOf(payload.suggestionId);
  const today = dayOf(ports.now());
  const stored = await ports.suggestions.get(rollout.id);
  let decision = stored.decisions.find((d) => d.suggestionId === payload.suggestionId);
  if (decision?.decision === 'dismissed') throw refuse('errors.suggestion.decided');
  if (!decision) {
    const suggestion = await currentSuggestion(ports, rollout, payload.suggestionId, today);
    const context = acceptContext(rollout, suggestion, call, today, '');
    // Checked before the answer is kept: an accept the plan would refuse keeps nothing.
    const outcome = planAfterAccept(planOf(rollout), suggestion, context);
    if (outcome.kind === 'impossible') throw refuse('errors.suggestion.impossible');
    if (outcome.kind === 'changed') {
      requireEditable(rollout);
      validatePlan(outcome.plan, rollout.departments, rollout.targetDate, {
        now: ports.now(),
        stored: rollout.targetDate,
        strategy: isStrategy(rollout),
      });
    }
    const extended =
      suggestion.kind === 'extend-phase' && outcome.kind === 'changed'
        ? (outcome.plan.phases.find((p) => p.id === suggestion.phaseId)?.end ?? '')
        : '';
    decision = await recordDecision(ports, rollout, {
      suggestionId: suggestion.id,
      kind: suggestion.kind,
      departmentId: suggestion.departmentId,
      phaseId: suggestion.phaseId,
      decision: 'accepted',
      reason: '',
      byAccountId: call.accountId,
      itemId: suggestion.kind === 'extend-phase' ? '' : context.itemId,
      extendTo: extended,
    });
  }
  const applied = await applyAccepted(ports, call, rollout, { ...decision, ...parsed });
  const push = decision.itemId === '' ? 'none' : await pushNewItem(ports, call, applied.rollout);
  const extendedPhase =
    decision.kind === 'extend-phase'
      ? applied.rollout.phases.find((phase) => phase.id === decision.phaseId)
      : undefined;
  // After the plan holds the new end (also on a repeat, which finishes what a refusal left).
  const dueDates = extendedPhase
    ? await moveTaskDueDates(ports, applied.rollout.id, extendedPhase)
    : null;
  return suggestionsView(ports, call, applied.rollout, push, dueDates);
};

export const dismissSuggestion: UseCase<'suggestions/dismiss', DecidePorts> = async (
  payload,
  call,
  ports,
) => {
  const { rollout } = await coordinatedRollout(ports, call);
  suggestionOf(payload.suggestionId);
  const stored = await ports.suggestions.get(rollout.id);
  const existing = stored.decisions.find((d) => d.suggestionId === payload.suggestionId);
  if (existing?.decision === 'accepted') throw refuse('errors.suggestion.decided');
  if (!existing) {
    const suggestion = await currentSuggestion(
      ports,
      rollout,
      payload.suggestionId,
      dayOf(ports.now()),
    );
    await recordDecision(ports, rollout, {
      suggestionId: suggestion.id,
      kind: suggestion.kind,
      departmentId: suggestion.departmentId,
      phaseId: suggestion.phaseId,
      decision: 'dismissed',
      reason: payload.reason,
      byAccountId: call.accountId,
      itemId: '',
      extendTo: '',
    });
  }
  return suggestionsView(ports, call, rollout, 'none');
};
