/**
 * What Jira says of each work issue of a rollout: its status category, due date, phase and
 * departments, as last seen (decision 0014). A product trigger, the push and the daily
 * reconciliation keep it; the Rollout panel's grid reads it. Pure.
 *
 * Each issue's whole state is stored, never an increment, and a state replaces the one kept only
 * when it is not older (Jira's `updated` time): a repeated or late event changes nothing.
 */

export type WorkCategory = 'new' | 'indeterminate' | 'done';

/** One work issue as Jira last showed it. */
export interface WorkIssueState {
  planItemId: string;
  phaseId: string;
  /** The departments it is for; [] for work of the whole phase (a task, or every department). */
  departmentIds: string[];
  category: WorkCategory;
  /** YYYY-MM-DD, '' when the issue has none. */
  dueDate: string;
  /** Jira's `updated` time of the issue, in ms since the epoch; 0 for a state seeded by a push. */
  updated: number;
}

/**
 * Stored compactly (issue id → tuple) so that a plan's largest number of issues fits one
 * storage value with room: see WORK_STATES_MAX.
 */
export type StoredWorkState = [string, string, string[], WorkCategory, string, number];

export interface WorkStates {
  rolloutId: string;
  /** By Jira issue id. */
  items: Record<string, StoredWorkState>;
  /**
   * Plan items whose issue left the rollout in Jira (deleted, or no longer found by its search):
   * counted nowhere, as Jira no longer counts them, until an issue of theirs is kept again (a
   * later push makes one). Absent from records written before it existed, and when empty.
   */
  gone?: string[];
  version: number;
}

/**
 * A plan calls for at most 500 sessions and 12 × 20 tasks (740 issues); a few more are allowed
 * for issues tied to the rollout by hand. At about 220 bytes an issue (one department each),
 * 800 fit in 180 KB, under Forge's 240 KiB value limit.
 */
export const WORK_STATES_MAX = 800;
/** Past this many bytes of JSON, no issue is added (the grid shows the plan for the rest). */
export const WORK_STATES_BYTES_MAX = 200_000;

export function emptyWorkStates(rolloutId: string): WorkStates {
  return { rolloutId, items: {}, version: 0 };
}

export function toStored(state: WorkIssueState): StoredWorkState {
  return [
    state.planItemId,
    state.phaseId,
    state.departmentIds,
    state.category,
    state.dueDate,
    state.updated,
  ];
}

export function fromStored(stored: StoredWorkState): WorkIssueState {
  const [planItemId, phaseId, departmentIds, category, dueDate, updated] = stored;
  return { planItemId, phaseId, departmentIds, category, dueDate, updated };
}

/** The category a Jira status category key maps to ('undefined' and the unknown count as to do). */
export function workCategory(statusCategoryKey: unknown): WorkCategory {
  return statusCategoryKey === 'done' || statusCategoryKey === 'indeterminate'
    ? statusCategoryKey
    : 'new';
}

/** The departments a work issue's property names ([] for the whole phase or every department). */
export function propertyDepartments(property: Record<string, unknown>): string[] {
  const list = property.departmentIds;
  if (Array.isArray(list)) {
    const ids = list.filter((id): id is string => typeof id === 'string' && id !== '');
    return ids.includes('all') ? [] : ids;
  }
  return typeof property.departmentId === 'string' && property.departmentId !== ''
    ? [property.departmentId]
    : [];
}

/** What one change does to the states: the issue's new state, or its removal from the rollout. */
export type WorkChange =
  { issueId: string; state: WorkIssueState } | { issueId: string; removed: true; updated: number };

function sameState(a: StoredWorkState, b: StoredWorkState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The states after `changes`, or undefined when nothing changes (a repeat, an older state, or no
 * room left). A state older than the one kept is ignored; `seedOnly` changes only fill gaps.
 */
export function applyWorkChanges(
  states: WorkStates,
  changes: readonly WorkChange[],
  options: { seedOnly?: boolean } = {},
): WorkStates | undefined {
  const items = new Map(Object.entries(states.items));
  const gone = new Set(states.gone ?? []);
  let changed = false;
  for (const change of changes) {
    const kept = items.get(change.issueId);
    if ('removed' in change) {
      if (kept && kept[5] <= change.updated) {
        items.delete(change.issueId);
        if (kept[0] !== '') gone.add(kept[0]);
        changed = true;
      }
      continue;
    }
    if (kept && (options.seedOnly === true || kept[5] > change.state.updated)) continue;
    const next = toStored(change.state);
    if (kept && sameState(kept, next)) continue;
    if (!kept && items.size >= WORK_STATES_MAX) continue;
    items.set(change.issueId, next);
    gone.delete(change.state.planItemId);
    changed = true;
  }
  if (!changed) return undefined;
  if (JSON.stringify(Object.fromEntries(items)).length > WORK_STATES_BYTES_MAX) {
    // Keep what fits: issues new to the states are left to the plan's view.
    for (const change of changes) {
      if (!('removed' in change) && states.items[change.issueId] === undefined) {
        items.delete(change.issueId);
      }
    }
  }
  const next = Object.fromEntries(items);
  // A plan item gone from Jira but still kept under another issue is counted by that issue.
  for (const stored of items.values()) gone.delete(stored[0]);
  const goneList = [...gone].sort();
  if (
    JSON.stringify(next) === JSON.stringify(states.items) &&
    JSON.stringify(goneList) === JSON.stringify([...(states.gone ?? [])].sort())
  ) {
    return undefined;
  }
  const result: WorkStates = {
    rolloutId: states.rolloutId,
    items: next,
    version: states.version + 1,
  };
  if (goneList.length > 0) result.gone = goneList;
  return result;
}
