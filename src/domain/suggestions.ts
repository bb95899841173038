/**
 * Suggested adjustments: what the coordinator could do when a rollout falls short, each with the
 * evidence that prompted it and the change accepting it makes to the plan. Pure.
 *
 * Signals come in as plain values (readiness barriers, phases behind plan, open training-material
 * problems, trained %), so the rules do not depend on how each signal is computed. A suggestion's
 * id is built from its kind, department, phase and week: the same situation in the same week is
 * the same suggestion, so accepting or dismissing it twice does nothing more, and a dismissed one
 * comes back only when the situation lasts into another week.
 */
import type { Plan, Session } from './plan';

/** The five ADKAR elements, in Prosci's order (the same union as the readiness module's). */
import type { AdkarElement } from './signals';

export type { AdkarElement } from './signals';

export const SUGGESTION_KINDS = [
  'add-session',
  'meet-head',
  'add-support',
  'extend-phase',
  'review-material',
] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** A locale key and its parameters: the UI and e-mails word it in the reader's language. */
export interface Wording {
  key: string;
  params: Record<string, string | number>;
}

export interface Suggestion {
  id: string;
  kind: SuggestionKind;
  /** '' for a suggestion about a whole phase. */
  departmentId: string;
  /** The phase it acts in: where the session or task goes, or the phase to extend. */
  phaseId: string;
  /** Why: the signal that prompted it, with its figures. */
  evidence: Wording;
  /** What accepting it changes in the plan. */
  change: Wording;
}

export interface SignalPhase {
  id: string;
  name: string;
  start: string;
  end: string;
}

export interface Signals {
  /** YYYY-MM-DD. */
  today: string;
  departments: { id: string; name: string }[];
  /** The plan's phases not marked complete, in plan order. */
  phases: SignalPhase[];
  /** The latest readiness barrier per department (null: none, or not enough answers). */
  barrierByDepartment: Record<string, AdkarElement | null>;
  /** Expected and actual done % per phase, for the phases that have work. */
  behindByPhase: Record<string, { expectedPercent: number; actualPercent: number }>;
  openTrainingMaterialProblems: number;
  /** Trained % per department (null: unknown). */
  trainedByDepartment: Record<string, number | null>;
  /** The strategy's adoption target (%), when it sets one. */
  adoptionTargetPercent: number | null;
  /**
   * Whether the rollout is under way (see `isUnderWay`): before that, no phase can be behind a
   * plan nobody has agreed to carry out yet.
   */
  underWay: boolean;
}

/** Percentage points of expected progress a phase may lag before it counts as behind plan. */
export const BEHIND_GAP = 10;
/** "Several" open training-material problems: from this many, the material is worth a review. */
export const MATERIAL_PROBLEMS_MIN = 2;
/** How long before a suggested session takes place (days), so people can be invited. */
export const SESSION_LEAD_DAYS = 7;
/** How many days accepting "extend the phase" adds to it, at most. */
export const EXTENSION_DAYS = 7;
/**
 * How many suggestions are offered at once, the most important first: a coordinator acts on a
 * few at a time, and a long list hides what matters (the rest come up as these are answered).
 */
export const SUGGESTIONS_MAX = 6;

/**
 * Whether a rollout is under way: it started (its anchor moved past "Start rollout"), or it was
 * approved and its first phase's start date has come. A draft, a plan still awaiting its first
 * approval, or an approved one before its first day is not behind anything yet.
 */
export function isUnderWay(
  rollout: { approvalState: string; approvedAt?: string; startedAt?: string },
  firstPhaseStart: string | undefined,
  today: string,
): boolean {
  if ((rollout.startedAt ?? '') !== '') return true;
  const approved = rollout.approvalState === 'approved' || (rollout.approvedAt ?? '') !== '';
  return approved && firstPhaseStart !== undefined && firstPhaseStart <= today;
}

/** What a barrier calls for (Prosci: knowledge and ability are trained, desire is led). */
type DepartmentKind = 'add-session' | 'meet-head' | 'add-support';

const BARRIER_KIND: Record<AdkarElement, DepartmentKind> = {
  awareness: 'meet-head',
  desire: 'meet-head',
  knowledge: 'add-session',
  ability: 'add-session',
  reinforcement: 'add-support',
};

const KIND_ORDER = new Map<SuggestionKind, number>(SUGGESTION_KINDS.map((kind, i) => [kind, i]));

/**
 * How much each kind of evidence weighs, most first: a phase behind plan delays everyone after
 * it; a readiness barrier stops a department (an earlier ADKAR element first, since the later ones
 * build on it, Prosci); trained % short of the target; then problems with the material.
 */
const EVIDENCE_RANK: Record<string, number> = {
  'suggestions.evidence.behind': 0,
  'suggestions.evidence.barrier.awareness': 1,
  'suggestions.evidence.barrier.desire': 2,
  'suggestions.evidence.barrier.knowledge': 3,
  'suggestions.evidence.barrier.ability': 4,
  'suggestions.evidence.barrier.reinforcement': 5,
  'suggestions.evidence.trained': 6,
  'suggestions.evidence.materialProblems': 7,
};

/** Within one kind of evidence, the bigger shortfall first (points behind, below target). */
function shortfall(evidence: Wording): number {
  const { params } = evidence;
  if (evidence.key === 'suggestions.evidence.behind') {
    return Number(params.expected) - Number(params.actual);
  }
  if (evidence.key === 'suggestions.evidence.trained') {
    return Number(params.target) - Number(params.trained);
  }
  return 0;
}

/**
 * The suggestions in order of importance (see `EVIDENCE_RANK`), then the bigger shortfall, then
 * plan order and department name, so the order is stable.
 */
export function byImportance(
  list: readonly Suggestion[],
  phaseIds: readonly string[],
  departmentNames: ReadonlyMap<string, string>,
): Suggestion[] {
  const phaseOrder = new Map(phaseIds.map((id, i) => [id, i]));
  const rank = (s: Suggestion): number => EVIDENCE_RANK[s.evidence.key] ?? Number.MAX_SAFE_INTEGER;
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      shortfall(b.evidence) - shortfall(a.evidence) ||
      (phaseOrder.get(a.phaseId) ?? 0) - (phaseOrder.get(b.phaseId) ?? 0) ||
      (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
      (departmentNames.get(a.departmentId) ?? '').localeCompare(
        departmentNames.get(b.departmentId) ?? '',
      ),
  );
}

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

export function addDays(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** The ISO week of a day (`2026-W49`): the period a suggestion stands for. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  // The Thursday of the same week decides the year the week belongs to.
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstWeekday = (firstThursday.getUTCDay() + 6) % 7;
  const week1Monday = firstThursday.getTime() - firstWeekday * 86_400_000;
  const week = 1 + Math.floor((thursday.getTime() - week1Monday) / (7 * 86_400_000));
  return `${String(year)}-W${String(week).padStart(2, '0')}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The shape of a suggestion's id, for the contract. */
export const SUGGESTION_ID_PATTERN = new RegExp(
  `^(${SUGGESTION_KINDS.join('|')}):(${UUID}|_):(${UUID}|_):[0-9]{4}-W[0-9]{2}$`,
  'u',
);

export function suggestionId(
  kind: SuggestionKind,
  departmentId: string,
  phaseId: string,
  today: string,
): string {
  return `${kind}:${departmentId || '_'}:${phaseId || '_'}:${isoWeek(today)}`;
}

/**
 * The phase new work goes in: the first open phase still running or to come. Undefined when
 * every open phase has ended (a session or task there would be in the past).
 */
export function actingPhase(signals: Pick<Signals, 'phases' | 'today'>): SignalPhase | undefined {
  return signals.phases.find((phase) => phase.end >= signals.today);
}

/** A session's day: a week ahead, within its phase. */
export function sessionDay(phase: SignalPhase, today: string): string {
  const wanted = addDays(today, SESSION_LEAD_DAYS);
  if (wanted < phase.start) return phase.start;
  return wanted > phase.end ? phase.end : wanted;
}

/**
 * The end a phase behind plan could move to: a week later, but never into the next phase; null
 * when the next phase starts the day it ends (no room to extend).
 */
export function extendedEnd(phases: readonly SignalPhase[], phaseId: string): string | null {
  const index = phases.findIndex((phase) => phase.id === phaseId);
  const phase = phases[index];
  if (!phase) return null;
  const next = phases[index + 1];
  const wanted = addDays(phase.end, EXTENSION_DAYS);
  const end = next && next.start < wanted ? next.start : wanted;
  return end > phase.end ? end : null;
}

/**
 * Expected and actual done % of each phase from its work counts: expected is the share of the
 * phase's window elapsed by the end of `today`, actual the share of its work done. Phases without
 * work are left out (nothing to be behind on).
 */
export function phaseProgress(
  phases: readonly SignalPhase[],
  work: readonly { phaseId: string; total: { open: number; done: number; overdue: number } }[],
  today: string,
): Record<string, { expectedPercent: number; actualPercent: number }> {
  const counts = new Map(work.map((phase) => [phase.phaseId, phase.total]));
  const result: Record<string, { expectedPercent: number; actualPercent: number }> = {};
  for (const phase of phases) {
    const total = counts.get(phase.id);
    const all = total ? total.open + total.done + total.overdue : 0;
    if (!total || all === 0) continue;
    const days = dayNumber(phase.end) - dayNumber(phase.start) + 1;
    const elapsed = Math.min(days, Math.max(0, dayNumber(today) - dayNumber(phase.start) + 1));
    result[phase.id] = {
      expectedPercent: (elapsed / days) * 100,
      actualPercent: (total.done / all) * 100,
    };
  }
  return result;
}

/** What the suggestions of a rollout are now, the most important first (all of them: see `SUGGESTIONS_MAX`). */
export function suggest(signals: Signals): Suggestion[] {
  const found = new Map<string, Suggestion>();
  const add = (suggestion: Omit<Suggestion, 'id'>): void => {
    const id = suggestionId(
      suggestion.kind,
      suggestion.departmentId,
      suggestion.phaseId,
      signals.today,
    );
    // The first reason found for the same change stands: barriers come before trained %.
    if (!found.has(id)) found.set(id, { id, ...suggestion });
  };
  const acting = actingPhase(signals);
  if (acting) {
    for (const department of signals.departments) {
      const barrier = signals.barrierByDepartment[department.id] ?? null;
      if (!barrier) continue;
      const kind = BARRIER_KIND[barrier];
      add({
        kind,
        departmentId: department.id,
        phaseId: acting.id,
        evidence: {
          key: `suggestions.evidence.barrier.${barrier}`,
          params: { department: department.name },
        },
        change: changeOf(kind, department.name, acting, signals.today),
      });
    }
    const target = signals.adoptionTargetPercent;
    if (target !== null) {
      for (const department of signals.departments) {
        const trained = signals.trainedByDepartment[department.id] ?? null;
        if (trained === null || trained >= target) continue;
        add({
          kind: 'add-session',
          departmentId: department.id,
          phaseId: acting.id,
          evidence: {
            key: 'suggestions.evidence.trained',
            params: { department: department.name, trained: Math.round(trained), target },
          },
          change: changeOf('add-session', department.name, acting, signals.today),
        });
      }
    }
    if (signals.openTrainingMaterialProblems >= MATERIAL_PROBLEMS_MIN) {
      add({
        kind: 'review-material',
        departmentId: '',
        phaseId: acting.id,
        evidence: {
          key: 'suggestions.evidence.materialProblems',
          params: { count: signals.openTrainingMaterialProblems },
        },
        change: { key: 'suggestions.change.reviewMaterial', params: { phase: acting.name } },
      });
    }
  }
  for (const phase of signals.underWay ? signals.phases : []) {
    const progress = signals.behindByPhase[phase.id];
    if (!progress) continue;
    const expected = Math.round(progress.expectedPercent);
    const actual = Math.round(progress.actualPercent);
    if (expected - actual < BEHIND_GAP) continue;
    const evidence: Wording = {
      key: 'suggestions.evidence.behind',
      params: { phase: phase.name, actual, expected },
    };
    const end = extendedEnd(signals.phases, phase.id);
    if (end !== null) {
      add({
        kind: 'extend-phase',
        departmentId: '',
        phaseId: phase.id,
        evidence,
        change: {
          key: 'suggestions.change.extendPhase',
          params: { phase: phase.name, from: phase.end, to: end },
        },
      });
    }
    if (phase.end >= signals.today) {
      add({
        kind: 'add-support',
        departmentId: '',
        phaseId: phase.id,
        evidence,
        change: {
          key: 'suggestions.change.addSupportPhase',
          params: { phase: phase.name, date: sessionDay(phase, signals.today) },
        },
      });
    }
  }
  return byImportance(
    [...found.values()],
    signals.phases.map((phase) => phase.id),
    new Map(signals.departments.map((d) => [d.id, d.name])),
  );
}

function changeOf(
  kind: DepartmentKind,
  department: string,
  phase: SignalPhase,
  today: string,
): Wording {
  switch (kind) {
    case 'add-session':
      return {
        key: 'suggestions.change.addSession',
        params: { department, phase: phase.name, date: sessionDay(phase, today) },
      };
    case 'add-support':
      return {
        key: 'suggestions.change.addSupportDepartment',
        params: { department, phase: phase.name, date: sessionDay(phase, today) },
      };
    case 'meet-head':
      return { key: 'suggestions.change.meetHead', params: { department, phase: phase.name } };
  }
}

/** The words and people the plan's new item is made of, chosen by the caller. */
export interface AcceptContext {
  /** The id of the session or task accepting adds: the same for every accept of one suggestion. */
  itemId: string;
  /** Who owns a session added: the coordinator accepting. */
  ownerAccountId: string;
  /** The new item's title, in the coordinator's language. */
  title: string;
  /** Where a session takes place until the coordinator says ("To be decided"). */
  place: string;
  today: string;
  /** For an extension: the end it moves the phase to, fixed when it was accepted. */
  extendTo?: string;
}

/** Defaults of a session a suggestion adds; the coordinator adjusts them in the strategy. */
export const SUGGESTED_SESSION = { startTime: '10:00', durationMinutes: 60, capacity: 20 };

export type AcceptOutcome =
  | { kind: 'changed'; plan: Plan }
  /** The plan already holds the change (an earlier accept of the same suggestion wrote it). */
  | { kind: 'unchanged' }
  /** The phase is gone, has ended or cannot be extended any more. */
  | { kind: 'impossible' };

/**
 * The plan once `suggestion` is accepted: a session or a task added to its phase, or the phase's
 * end moved. Idempotent by `context.itemId`, and for an extension by `context.extendTo`.
 */
export function planAfterAccept(
  plan: Plan,
  suggestion: Pick<Suggestion, 'kind' | 'departmentId' | 'phaseId'>,
  context: AcceptContext,
): AcceptOutcome {
  const phases: readonly SignalPhase[] = plan.phases;
  const phase = plan.phases.find((p) => p.id === suggestion.phaseId);
  if (!phase) return { kind: 'impossible' };
  const hasItem =
    plan.sessions.some((s) => s.id === context.itemId) ||
    phase.tasks.some((task) => task.id === context.itemId);
  if (hasItem) return { kind: 'unchanged' };
  switch (suggestion.kind) {
    case 'add-session':
    case 'add-support': {
      if (phase.end < context.today) return { kind: 'impossible' };
      const session: Session = {
        id: context.itemId,
        kind: suggestion.kind === 'add-session' ? 'training' : 'office-hours',
        title: context.title,
        phaseId: phase.id,
        ownerAccountId: context.ownerAccountId,
        date: sessionDay(phase, context.today),
        ...SUGGESTED_SESSION,
        place: context.place,
        departmentIds: suggestion.departmentId === '' ? [] : [suggestion.departmentId],
        allDepartments: suggestion.departmentId === '',
        audience: '',
      };
      return { kind: 'changed', plan: { ...plan, sessions: [...plan.sessions, session] } };
    }
    case 'meet-head':
    case 'review-material': {
      if (phase.end < context.today) return { kind: 'impossible' };
      const task = { id: context.itemId, title: context.title };
      return {
        kind: 'changed',
        plan: {
          ...plan,
          phases: plan.phases.map((p) =>
            p.id === phase.id ? { ...p, tasks: [...p.tasks, task] } : p,
          ),
        },
      };
    }
    case 'extend-phase': {
      if (context.extendTo !== undefined && phase.end >= context.extendTo) {
        return { kind: 'unchanged' };
      }
      const end = context.extendTo ?? extendedEnd(phases, phase.id);
      if (end === null) return { kind: 'impossible' };
      return {
        kind: 'changed',
        plan: {
          ...plan,
          phases: plan.phases.map((p) => (p.id === phase.id ? { ...p, end } : p)),
        },
      };
    }
  }
}

/** A coordinator's answer to a suggestion, kept so it is not offered again that week. */
export interface SuggestionDecision {
  suggestionId: string;
  kind: SuggestionKind;
  departmentId: string;
  phaseId: string;
  decision: 'accepted' | 'dismissed';
  /** The dismissal's reason ('' for an accept). */
  reason: string;
  byAccountId: string;
  at: string;
  /** The session or task accepting adds ('' otherwise). */
  itemId: string;
  /** The end an accepted extension moves its phase to ('' otherwise). */
  extendTo: string;
}

/** The kind, department and phase a suggestion id names (undefined for another shape). */
export function parseSuggestionId(
  id: string,
): Pick<Suggestion, 'kind' | 'departmentId' | 'phaseId'> | undefined {
  if (!SUGGESTION_ID_PATTERN.test(id)) return undefined;
  const [kind, departmentId, phaseId] = id.split(':');
  const known = SUGGESTION_KINDS.find((k) => k === kind);
  if (!known || departmentId === undefined || phaseId === undefined) return undefined;
  return {
    kind: known,
    departmentId: departmentId === '_' ? '' : departmentId,
    phaseId: phaseId === '_' ? '' : phaseId,
  };
}
