/**
 * The suggested adjustments of a rollout: drawn from its signals (./signals.ts) by the domain's
 * rules, less those the coordinator answered this week. Shown on the anchor's Rollout panel to
 * the coordinator (the rollout's creator) and Jira administrators, who alone may act on them.
 * Cost: one Jira request (the issue and the user's rights), the rollout, the answers and the
 * signals' fixed reads, whatever the size of the rollout; plus the names of who answered.
 */
import { createHash } from 'node:crypto';
import type { IssueAccess } from '../../atlassian/jira/port';
import type { SuggestionView, SuggestionsView } from '../../contract';
import { today as dayOf } from '../../domain/delegation';
import { planOf, rolloutChanges } from '../../domain/plan';
import { canCompletePhases, isEditable, type Rollout } from '../../domain/rollout';
import {
  SUGGESTIONS_MAX,
  isoWeek,
  parseSuggestionId,
  planAfterAccept,
  suggest,
  type AcceptContext,
  type Suggestion,
  type SuggestionDecision,
} from '../../domain/suggestions';
import { languageOf, message, type Language } from '../../i18n';
import { browseIssue } from '../access';
import { planShape } from '../rollouts/plan-edit';
import { rolloutNotFound } from '../approvals/panel';
import { refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { lookUpUsers, optionalUser } from '../users';
import { COORDINATOR_VIEW, gatherSignals, type SignalPorts } from './signals';

export type SuggestionPorts = SignalPorts &
  Pick<Ports, 'jira' | 'rollouts' | 'suggestions' | 'now'>;

/** The anchor of the context's rollout, which the acting user coordinates (or administers). */
export async function coordinatedRollout(
  ports: Pick<Ports, 'jira' | 'rollouts'>,
  call: Caller,
): Promise<{ issue: IssueAccess; rollout: Rollout }> {
  const issue = await browseIssue(ports, call);
  const rollout = await ports.rollouts.findByIssue(issue.id);
  return { issue, rollout: requireCoordinator(call, issue, rollout) };
}

/** Suggestions live on the rollout's anchor, for its coordinator or a Jira administrator. */
function requireCoordinator(
  call: Caller,
  issue: IssueAccess,
  rollout: Rollout | undefined,
): Rollout {
  if (rollout?.anchorIssueId !== issue.id) throw rolloutNotFound();
  if (!canCompletePhases(rollout, { accountId: call.accountId, isJiraAdmin: issue.isJiraAdmin })) {
    throw refuse('errors.suggestion.forbidden');
  }
  return rollout;
}

/**
 * The id of the session or task accepting a suggestion adds: a name-based UUID (RFC 4122 version
 * 5, SHA-1) of the rollout and the suggestion, so every accept of one suggestion names the same
 * item and a repeated accept finds it in the plan.
 */
export function itemIdOf(rolloutId: string, suggestionId: string): string {
  const bytes = createHash('sha1').update(`${rolloutId}/${suggestionId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The title of the item accepting adds, in the coordinator's language. */
function itemTitle(
  language: Language,
  suggestion: Pick<Suggestion, 'kind' | 'departmentId' | 'phaseId'>,
  rollout: Rollout,
): string {
  const department =
    rollout.departments.find((d) => d.departmentId === suggestion.departmentId)?.name ?? '';
  const phase = rollout.phases.find((p) => p.id === suggestion.phaseId)?.name ?? '';
  switch (suggestion.kind) {
    case 'add-session':
      return message(language, 'suggestions.items.training', { department });
    case 'add-support':
      return suggestion.departmentId === ''
        ? message(language, 'suggestions.items.supportPhase', { phase })
        : message(language, 'suggestions.items.supportDepartment', { department });
    case 'meet-head':
      return message(language, 'suggestions.items.meetHead', { department });
    case 'review-material':
      return message(language, 'suggestions.items.reviewMaterial');
    case 'extend-phase':
      return '';
  }
}

/** What accepting `suggestionId` adds or moves, as the plan rule reads it. */
export function acceptContext(
  rollout: Rollout,
  suggestion: Pick<Suggestion, 'id' | 'kind' | 'departmentId' | 'phaseId'>,
  call: Pick<Caller, 'accountId' | 'locale'>,
  today: string,
  extendTo: string,
): AcceptContext {
  const language = languageOf(call.locale);
  return {
    itemId: itemIdOf(rollout.id, suggestion.id),
    ownerAccountId: call.accountId,
    title: itemTitle(language, suggestion, rollout),
    place: message(language, 'suggestions.items.place'),
    today,
    ...(extendTo === '' ? {} : { extendTo }),
  };
}

/** Whether accepting asks heads to re-confirm: the plan is approved and the change concerns them. */
function reconfirms(rollout: Rollout, context: AcceptContext, suggestion: Suggestion): boolean {
  if (rollout.approvalState !== 'approved') return false;
  const outcome = planAfterAccept(planOf(rollout), suggestion, context);
  if (outcome.kind !== 'changed') return false;
  const after = { ...planShape(rollout), ...outcome.plan };
  return rolloutChanges(planShape(rollout), after).size > 0;
}

/** This week's answers only: an older one names a week gone by and can no longer match. */
export function currentDecisions(
  decisions: readonly SuggestionDecision[],
  week: string,
): SuggestionDecision[] {
  return decisions.filter((decision) => decision.suggestionId.endsWith(`:${week}`));
}

/**
 * The rollout's suggestions now, less those answered this week (an accepted one whose change did
 * not reach the plan stays, so accepting it again finishes it). Exported for the progress gadget.
 */
export async function suggestionsFor(
  ports: SignalPorts & Pick<Ports, 'suggestions'>,
  rollout: Rollout,
  now: Date,
  call: Pick<Caller, 'accountId' | 'locale'> = { accountId: rollout.createdBy, locale: undefined },
): Promise<{ open: Suggestion[]; more: number; decisions: SuggestionDecision[] }> {
  const today = dayOf(now);
  const [signals, stored] = await Promise.all([
    gatherSignals(ports, rollout, today, COORDINATOR_VIEW(rollout)),
    ports.suggestions.get(rollout.id),
  ]);
  const all = suggest(signals);
  const decisions = currentDecisions(stored.decisions, isoWeek(today));
  const answered = new Map(decisions.map((d) => [d.suggestionId, d]));
  const open = all.filter((suggestion) => {
    const decision = answered.get(suggestion.id);
    if (!decision) return true;
    if (decision.decision === 'dismissed') return false;
    const context = acceptContext(rollout, suggestion, call, today, decision.extendTo);
    return planAfterAccept(planOf(rollout), suggestion, context).kind === 'changed';
  });
  // Capped after the answered ones are left out, so answering one brings up the next.
  return {
    open: open.slice(0, SUGGESTIONS_MAX),
    more: Math.max(0, open.length - SUGGESTIONS_MAX),
    decisions,
  };
}

/** The panel's view of the suggestions. */
export async function suggestionsView(
  ports: SuggestionPorts,
  call: Caller,
  rollout: Rollout,
  push: SuggestionsView['push'],
  dueDates: SuggestionsView['dueDates'] = null,
): Promise<SuggestionsView> {
  const now = ports.now();
  const today = dayOf(now);
  const { open, more, decisions: answered } = await suggestionsFor(ports, rollout, now, call);
  const users = await lookUpUsers(
    ports.jira,
    answered.map((d) => d.byAccountId),
  );
  const departments = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  const phases = new Map(rollout.phases.map((p) => [p.id, p.name]));
  const view = (suggestion: Suggestion): SuggestionView => ({
    id: suggestion.id,
    kind: suggestion.kind,
    departmentId: suggestion.departmentId,
    departmentName: departments.get(suggestion.departmentId) ?? '',
    phaseId: suggestion.phaseId,
    phaseName: phases.get(suggestion.phaseId) ?? '',
    evidence: suggestion.evidence,
    change: suggestion.change,
    reconfirms: reconfirms(
      rollout,
      acceptContext(rollout, suggestion, call, today, ''),
      suggestion,
    ),
  });
  return {
    suggestions: open.map(view),
    more,
    decided: [...answered]
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((decision) => ({
        suggestionId: decision.suggestionId,
        kind: decision.kind,
        departmentName: departments.get(decision.departmentId) ?? '',
        phaseName: phases.get(decision.phaseId) ?? '',
        decision: decision.decision,
        reason: decision.reason,
        by: optionalUser(decision.byAccountId, users),
        at: decision.at,
      })),
    editable: isEditable(rollout),
    push,
    dueDates,
  };
}

export const listSuggestions: UseCase<'suggestions/list', SuggestionPorts> = async (
  _payload,
  call,
  ports,
) => {
  const { rollout } = await coordinatedRollout(ports, call);
  return suggestionsView(ports, call, rollout, 'none');
};

/** The list for the anchor `issue` the acting user browses (already checked) and its rollout. */
export async function anchorSuggestions(
  ports: SuggestionPorts,
  call: Caller,
  issue: IssueAccess,
  rollout: Rollout,
): Promise<SuggestionsView> {
  return suggestionsView(ports, call, requireCoordinator(call, issue, rollout), 'none');
}

/** The suggestion an id names, as the domain reads it; `gone` when the id names none. */
export function suggestionOf(id: string): Pick<Suggestion, 'kind' | 'departmentId' | 'phaseId'> {
  const parsed = parseSuggestionId(id);
  if (!parsed) throw refuse('errors.suggestion.gone');
  return parsed;
}
