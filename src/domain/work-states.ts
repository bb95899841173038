/**
 * What Jira says of each work issue of a rollout: its status category, due date, phase and
 * departments, as last seen (decisions 0014, 0024). A product trigger, the push and the nightly
 * reconciliation keep it; the gadget, the macro, the Rollout panel, snapshots and suggestions
 * read it. Pure.
 *
 * Each issue's last seen state is kept in a record of its own, and the rollout's counters (one
 * small value, whatever the number of issues) count the records by cell: phase × departments ×
 * status category × due date. A change replaces a record only when it is not older (Jira's
 * `updated` time), and moves exactly one count from the record's old cell to its new one, so a
 * repeated or late event changes nothing, and the counters are always the sum of the records.
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

/** What one change does to an issue: its new state, or its removal from the rollout. */
export type WorkChange =
  { issueId: string; state: WorkIssueState } | { issueId: string; removed: true; updated: number };

/**
 * The counts every reader of live work uses: issues by cell, and which plan items have issues.
 * Its size grows with the plan (phases, audiences, due dates, plan items), never with the issues.
 */
export interface WorkTally {
  /** Issues by cell (`cellKey`); a cell no issue is in is absent. */
  cells: Record<string, number>;
  /**
   * Kept issues by plan item (`planKey` of its id; issues of no plan item are not listed), for at
   * most `PLAN_COUNTS_MAX` plan items.
   */
  plan: Record<string, number>;
  /**
   * Plan items whose issue left the rollout in Jira (deleted, or no longer found by its search):
   * counted nowhere, as Jira no longer counts them, until an issue of theirs is kept again (a
   * later push makes one). By `planKey`; absent when empty.
   */
  gone?: string[];
}

/**
 * Plan items counted by issue: a plan makes at most 740; the rest is room for plan items edited
 * away. Past it, an issue of a plan item not yet counted still counts in its cell.
 */
export const PLAN_COUNTS_MAX = 2_000;

/**
 * A plan item's id, shortened for the counters (ids run to ~90 characters; the counters are
 * written with every event): two 32-bit FNV-1a hashes, base 36. Collisions among a plan's few
 * hundred items are vanishingly unlikely (64 bits).
 */
export function planKey(planItemId: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < planItemId.length; i += 1) {
    const code = planItemId.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x01000193) >>> 0;
  }
  return a.toString(36) + '.' + b.toString(36);
}

/** A rollout's counters: one storage value (key = rollout id), written with every record. */
export interface WorkCounters extends WorkTally {
  rolloutId: string;
  /** How many issues are counted (records and seeds): the reconciliation compares it with Jira. */
  issues: number;
  /**
   * Issues a push just created and no event or reconciliation has read yet, as the plan made
   * them ("to do"). Kept here rather than in records so that a push writes one value per batch;
   * at most `SEEDS_MAX`, the plan's largest number of issues with room.
   */
  seeded?: Record<string, StoredWorkState>;
  version: number;
}

/** A plan calls for at most 500 sessions and 12 × 20 tasks (740 issues). */
export const SEEDS_MAX = 800;

/**
 * Issues written at once: their records and the counters go in one storage transaction, which
 * takes at most 25 operations.
 */
export const RECORDS_PER_WRITE = 24;

const CELL_SEPARATOR = '\t';

/** The cell an issue counts in: its phase, its departments, its category, its due date. */
export function cellKey(stored: StoredWorkState): string {
  const [, phaseId, departmentIds, category, dueDate] = stored;
  // A done issue is done whatever its due date: one cell for all of them.
  return [phaseId, departmentIds.join(','), category, category === 'done' ? '' : dueDate].join(
    CELL_SEPARATOR,
  );
}

export interface WorkCell {
  phaseId: string;
  departmentIds: string[];
  category: WorkCategory;
  dueDate: string;
  count: number;
}

/** The tally's cells, read back. */
export function cellsOf(tally: Pick<WorkTally, 'cells'>): WorkCell[] {
  return Object.entries(tally.cells).map(([key, count]) => {
    const [phaseId = '', departments = '', category = 'new', dueDate = ''] =
      key.split(CELL_SEPARATOR);
    return {
      phaseId,
      departmentIds: departments === '' ? [] : departments.split(','),
      category: workCategory(category),
      dueDate,
      count,
    };
  });
}

export function emptyCounters(rolloutId: string): WorkCounters {
  return { rolloutId, cells: {}, plan: {}, issues: 0, version: 0 };
}

/** The tally of whole states by issue id (what stored values before decision 0024 held). */
export function tallyOf(
  items: Record<string, StoredWorkState>,
  gone?: readonly string[],
): WorkTally {
  const cells: Record<string, number> = {};
  const plan: Record<string, number> = {};
  for (const stored of Object.values(items)) {
    const key = cellKey(stored);
    cells[key] = (cells[key] ?? 0) + 1;
    if (stored[0] !== '') plan[planKey(stored[0])] = (plan[planKey(stored[0])] ?? 0) + 1;
  }
  const left = (gone ?? []).map(planKey).filter((key) => plan[key] === undefined);
  return left.length > 0 ? { cells, plan, gone: left } : { cells, plan };
}

/** What a batch of changes writes: the counters, and each record to set (or delete: null). */
export interface WorkWrite {
  counters: WorkCounters;
  records: Map<string, StoredWorkState | null>;
}

function sameState(a: StoredWorkState, b: StoredWorkState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function bump(map: Map<string, number>, key: string, by: 1 | -1): void {
  const next = (map.get(key) ?? 0) + by;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

/**
 * The counters and records after `changes`, given the records kept for their issues (`kept`;
 * an issue with neither a record nor a seed is new), or undefined when nothing changes (a repeat,
 * an older state). A state older than the one kept is ignored; a removal older than it too.
 * `seedOnly` changes (a push's) only fill gaps, as seeds.
 */
export function applyWorkChanges(
  counters: WorkCounters,
  kept: ReadonlyMap<string, StoredWorkState>,
  changes: readonly WorkChange[],
  options: { seedOnly?: boolean } = {},
): WorkWrite | undefined {
  const cells = new Map(Object.entries(counters.cells));
  const plan = new Map(Object.entries(counters.plan));
  const seeded = new Map(Object.entries(counters.seeded ?? {}));
  const gone = new Set(counters.gone ?? []);
  const records = new Map<string, StoredWorkState | null>();
  let issues = counters.issues;
  let changed = false;

  const current = (issueId: string): StoredWorkState | undefined => {
    const written = records.get(issueId);
    if (written !== undefined) return written ?? undefined;
    return kept.get(issueId) ?? seeded.get(issueId);
  };
  const count = (stored: StoredWorkState, by: 1 | -1) => {
    bump(cells, cellKey(stored), by);
    if (stored[0] === '') return;
    const key = planKey(stored[0]);
    // Past the bound a new plan item is not counted by issue (nor uncounted on removal).
    if (!plan.has(key) && (by === -1 || plan.size >= PLAN_COUNTS_MAX)) return;
    bump(plan, key, by);
    if (by === 1) gone.delete(key);
    else if (!plan.has(key)) gone.add(key);
  };
  const forget = (issueId: string) => {
    if (seeded.has(issueId)) seeded.delete(issueId);
    else if (kept.has(issueId)) records.set(issueId, null);
    else records.delete(issueId);
  };

  for (const change of changes) {
    const twice = seeded.get(change.issueId);
    if (options.seedOnly !== true && twice && kept.has(change.issueId)) {
      // A push's seed of an issue an event had already recorded (seeds read no records).
      count(twice, -1);
      seeded.delete(change.issueId);
      issues -= 1;
      changed = true;
    }
    const was = current(change.issueId);
    if ('removed' in change) {
      if (was && was[5] <= change.updated) {
        count(was, -1);
        forget(change.issueId);
        issues -= 1;
        changed = true;
      }
      continue;
    }
    if (was && (options.seedOnly === true || was[5] > change.state.updated)) continue;
    const next = toStored(change.state);
    if (was && sameState(was, next)) continue;
    if (options.seedOnly === true) {
      if (seeded.size >= SEEDS_MAX) continue;
      seeded.set(change.issueId, next);
    } else {
      seeded.delete(change.issueId);
      records.set(change.issueId, next);
    }
    if (was) count(was, -1);
    else issues += 1;
    count(next, 1);
    changed = true;
  }
  if (!changed) return undefined;
  const next: WorkCounters = {
    rolloutId: counters.rolloutId,
    cells: Object.fromEntries(cells),
    plan: Object.fromEntries(plan),
    issues,
    version: counters.version + 1,
  };
  if (seeded.size > 0) next.seeded = Object.fromEntries(seeded);
  if (gone.size > 0) next.gone = [...gone].sort();
  return { counters: next, records };
}
