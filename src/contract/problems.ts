/** Problems raised during a rollout and the suggested adjustments. */
import type { ProblemCategory, ProblemSeverity, ProblemStatus } from '../domain/problems';
import type { SuggestionKind, Wording } from '../domain/suggestions';
import type { UserSummary } from './directory';

/** A problem as the triage list and the raise dialog show it. */
export interface ProblemView {
  id: string;
  issueKey: string;
  raisedOnIssueKey: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  status: ProblemStatus;
  departmentId: string;
  /** '' when it concerns no one department. */
  departmentName: string;
  phaseId: string;
  phaseName: string;
  summary: string;
  description: string;
  raisedBy: UserSummary;
  raisedAt: string;
  owner: UserSummary | null;
  acknowledgedAt: string;
  closedAt: string;
  closedBy: UserSummary | null;
  closingComment: string;
  fixLink: string;
  /** The department's head was told it is still unacknowledged. */
  escalated: boolean;
  /** The Jira issue's status and property show this status (false: a step left Jira behind). */
  jiraInLine: boolean;
  version: number;
}

/** What the raise form offers: the rollout's departments and phases, and the issue's own. */
export interface ProblemFormView {
  rollout: { id: string; title: string; anchorIssueKey: string };
  issueKey: string;
  departments: { id: string; name: string }[];
  phases: { id: string; name: string }[];
  /** The department and phase of the issue it is raised from ('' when it has none). */
  departmentId: string;
  phaseId: string;
}

/** The rollout's problems for the anchor's panel, newest first, with who may triage them. */
export interface ProblemListView {
  form: ProblemFormView;
  problems: ProblemView[];
  /** The acting user may triage (the rollout's coordinator or a Jira administrator). */
  canTriage: boolean;
  /** JQL for every problem of the rollout, for a link into Jira's search. */
  jql: string;
}

/** A suggested adjustment as the anchor's Rollout panel shows it to the coordinator. */
export interface SuggestionView {
  id: string;
  kind: SuggestionKind;
  /** '' for a suggestion about a whole phase. */
  departmentId: string;
  departmentName: string;
  phaseId: string;
  phaseName: string;
  /** Why (a locale key and its figures). */
  evidence: Wording;
  /** What accepting changes in the plan. */
  change: Wording;
  /** Accepting asks the heads concerned to re-confirm the approved plan. */
  reconfirms: boolean;
}

/** A suggestion answered this week. */
export interface SuggestionDecisionView {
  suggestionId: string;
  kind: SuggestionKind;
  departmentName: string;
  phaseName: string;
  decision: 'accepted' | 'dismissed';
  reason: string;
  by: UserSummary | null;
  at: string;
}

/** The anchor's suggested adjustments (coordinator or Jira admin only). */
export interface SuggestionsView {
  /** The most important open suggestions, at most `SUGGESTIONS_MAX`. */
  suggestions: SuggestionView[];
  /** How many more are open beyond those shown; they come up as these are answered. */
  more: number;
  decided: SuggestionDecisionView[];
  /** The plan can change now (not while heads are deciding on it): accepting is possible. */
  editable: boolean;
  /** After an accept: the Jira issue of the item it added is being created, or could not be. */
  push: 'none' | 'queued' | 'failed';
  /**
   * After accepting an extension: how many open Jira tasks of the phase had their due date moved
   * to its new end, and how many Jira refused to move for the user (null for other answers).
   */
  dueDates: { moved: number; refused: number } | null;
}
