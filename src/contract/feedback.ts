/** Pulses, readiness and check-ins as the panels and the pulse macro show them. */
import type { PulseState } from '../domain/pulses';
import type { AdkarElement, DepartmentReadiness, PulseRole, Trend } from '../domain/readiness';
import type { UserSummary } from './directory';

/** A group's readiness in one pulse, as shown (figures null while hidden). */
export type ReadinessView = Omit<DepartmentReadiness, 'departmentId'>;

export interface PulseDepartmentView extends DepartmentReadiness {
  name: string;
  /** The score's change since this department's last shown score in an earlier pulse. */
  trend: Trend | null;
  /** The acting user may read its comments (`pulses/comments`): the group shows, and they may. */
  canReadComments: boolean;
}

export interface PulseResultView {
  id: string;
  from: string;
  to: string;
  state: PulseState;
  version: number;
  /** Answers so far, all departments together (a count only: it tells nothing of any answer). */
  answers: number;
  total: ReadinessView;
  byRole: ({ role: PulseRole } & ReadinessView)[];
  byDepartment: PulseDepartmentView[];
}

export interface CheckInView {
  id: string;
  departmentId: string;
  departmentName: string;
  author: UserSummary;
  /** The author heads that department in this rollout. */
  byHead: boolean;
  rating: number;
  note: string;
  at: string;
}

/** The feedback section of a rollout's anchor panel: pulses, readiness, check-ins. */
export interface FeedbackView {
  rolloutId: string;
  departments: { id: string; name: string }[];
  /** May open and close pulses (the coordinator, Jira admins). */
  canManage: boolean;
  /** Sees readiness figures and check-ins (the coordinator, the heads, Jira admins). */
  canSeeResults: boolean;
  /** Pulses, earliest period first; figures only for those who may see them. */
  pulses: PulseResultView[];
  /** The most recent check-ins, newest first ([] for those who may not see them). */
  checkIns: CheckInView[];
  /**
   * The departments the acting user may check in for (their head, the head's stand-in, a
   * supervisor the directory names): the check-in form shows only when there is one.
   */
  checkInDepartmentIds: string[];
  /** A pulse open today that the acting user has not answered yet, if any. */
  toAnswer: { pulseId: string } | null;
  pulsesMax: number;
}

/** What a pulse form shows where an employee answers (the pulse macro, an issue's panel). */
export type PulseFormView =
  | { kind: 'unbound'; canConfigure: boolean }
  /** Nothing to show the acting user (they cannot browse the rollout, or did not attend). */
  | { kind: 'hidden' }
  | { kind: 'none'; rollout: { title: string } }
  /** A pulse is open, but every asked department has a Jira group and none holds the user. */
  | { kind: 'notAsked'; rollout: { title: string }; departments: string[] }
  | {
      kind: 'open';
      rollout: { title: string };
      pulse: { id: string; from: string; to: string };
      /** The departments the answer may count for (see `departmentSource`). */
      departments: { id: string; name: string }[];
      /**
       * `group`: the asked departments whose Jira group holds the user; `pick`: the asked
       * departments with no Jira group, among which the user says which is theirs.
       */
      departmentSource: 'group' | 'pick';
      /** The department the form starts on ('' when it cannot tell). */
      departmentId: string;
      answered: boolean;
      elements: readonly AdkarElement[];
    };
