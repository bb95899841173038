/**
 * A rollout's daily snapshot (what the progress gadget's trend is drawn from) and its running
 * trend: one point a day of planned and actual done %, kept short enough to be read in one
 * storage call whatever the rollout's age. Pure.
 */
import type { ProblemSeverity } from './problems';
import { elapsedShare, type ActualCell, type PlannedItem } from './plan-vs-actual';
import type { Phase } from './rollout';

/** One phase × department's work on the day: [phaseId, departmentId, done, total]. */
export type SnapshotCell = [string, string, number, number];

export interface Snapshot {
  rolloutId: string;
  /** YYYY-MM-DD, the day it stands for (UTC). */
  day: string;
  takenAt: string;
  cells: SnapshotCell[];
  trainedByDepartment: Record<string, number | null>;
  readinessByDepartment: Record<string, number | null>;
  openProblems: Record<ProblemSeverity, number>;
  plannedPercent: number;
  actualPercent: number;
}

/** One day of the trend: [day, planned %, actual %]. */
export type TrendPoint = [string, number, number];

export interface Trend {
  rolloutId: string;
  points: TrendPoint[];
}

/** A year and a bit of days: about 12 KB of JSON, one storage value, one read. */
export const TREND_POINTS_MAX = 400;

/** The snapshot's key: one per rollout per day. */
export function snapshotKey(rolloutId: string, day: string): string {
  return `snapshot:${rolloutId}:${day}`;
}

/**
 * The whole rollout's done % and the % its plan expects by `today`: done over total across its
 * cells, and the mean of its items' expected shares (as plan vs actual weighs them).
 */
export function rolloutProgress(
  phases: readonly Pick<Phase, 'id' | 'start' | 'end'>[],
  items: readonly PlannedItem[],
  actual: readonly ActualCell[],
  today: string,
): { plannedPercent: number; actualPercent: number } {
  return {
    plannedPercent: plannedPercentAt(phases, items, today),
    actualPercent: actualPercentOf(actual),
  };
}

function actualPercentOf(actual: readonly ActualCell[]): number {
  let done = 0;
  let total = 0;
  for (const cell of actual) {
    done += Math.min(cell.done, cell.total);
    total += cell.total;
  }
  return total === 0 ? 0 : Math.round((done / total) * 100);
}

/** The % of the plan's items expected done by the end of `day`. */
export function plannedPercentAt(
  phases: readonly Pick<Phase, 'id' | 'start' | 'end'>[],
  items: readonly PlannedItem[],
  day: string,
): number {
  const byId = new Map(phases.map((phase) => [phase.id, phase]));
  let sum = 0;
  let count = 0;
  for (const item of items) {
    const phase = byId.get(item.phaseId);
    if (!phase) continue;
    count += 1;
    sum +=
      item.dueDate !== ''
        ? item.dueDate <= day
          ? 1
          : 0
        : elapsedShare(phase.start, phase.end, day);
  }
  return count === 0 ? 0 : Math.round((sum / count) * 100);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The planned line of the burn-up: the plan's expected % from the first phase's start to the
 * last one's end, at most `points` days (evenly spaced, both ends included).
 */
export function plannedCurve(
  phases: readonly Pick<Phase, 'id' | 'start' | 'end'>[],
  items: readonly PlannedItem[],
  points = 40,
): { day: string; percent: number }[] {
  const starts = phases.map((phase) => phase.start).filter((day) => day !== '');
  const ends = phases.map((phase) => phase.end).filter((day) => day !== '');
  if (starts.length === 0 || ends.length === 0) return [];
  const first = starts.reduce((a, b) => (a < b ? a : b));
  const last = ends.reduce((a, b) => (a > b ? a : b));
  const span = Math.round(
    (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000,
  );
  if (!Number.isFinite(span) || span < 0) return [];
  const steps = Math.max(1, Math.min(points - 1, span));
  const days = new Set<string>();
  for (let i = 0; i <= steps; i += 1) days.add(addDays(first, Math.round((span * i) / steps)));
  // The day before the first: nothing is expected yet.
  return [addDays(first, -1), ...days].map((day) => ({
    day,
    percent: plannedPercentAt(phases, items, day),
  }));
}

/**
 * The trend with `snapshot`'s day in it: a day already there is replaced (a repeated run changes
 * nothing), points stay in day order, and the oldest go past TREND_POINTS_MAX.
 */
export function withPoint(trend: Trend, snapshot: Snapshot): Trend {
  const point: TrendPoint = [snapshot.day, snapshot.plannedPercent, snapshot.actualPercent];
  const points = trend.points.filter(([day]) => day !== snapshot.day);
  points.push(point);
  points.sort((a, b) => a[0].localeCompare(b[0]));
  return { rolloutId: trend.rolloutId, points: points.slice(-TREND_POINTS_MAX) };
}
