/**
 * Plan vs actual: how far each phase × department's work is from where the plan's dates say it
 * should be today, and the trained % and readiness against the strategy's targets. Pure.
 *
 * Expected progress at `today` comes from the plan's dates, item by item: a session is expected
 * done from its date on; a task (due at its phase's end) is expected in proportion to the share
 * of its phase's window elapsed. A cell's expected % is the mean over its items; its actual % is
 * its done work over its total (what Jira says, progress.liveWork). The gap (expected − actual,
 * in percentage points) against the admin's thresholds gives the status.
 */
import type { Phase, Targets } from './rollout';

export type TrackStatus = 'on-track' | 'at-risk' | 'off-track';

export const TRACK_STATUSES: readonly TrackStatus[] = ['on-track', 'at-risk', 'off-track'];

/** Percentage points behind plan at which a cell is at risk, and off track. */
export interface ProgressThresholds {
  atRiskGap: number;
  offTrackGap: number;
}

export const DEFAULT_PROGRESS_THRESHOLDS: ProgressThresholds = { atRiskGap: 10, offTrackGap: 25 };

export interface Reason {
  /** A locale key (`progress.reason.*`). */
  key: string;
  params: Record<string, string | number>;
}

/** One work item of the plan, in the cells it counts in ('' for a phase's own row). */
export interface PlannedItem {
  phaseId: string;
  /** The grid's cells it counts in: department ids, or [''] for work of the whole phase. */
  cells: readonly string[];
  /** YYYY-MM-DD: a session's date, or '' for a task (spread over its phase's window). */
  dueDate: string;
}

export interface ActualCell {
  phaseId: string;
  /** '' for the phase's own row (its tasks). */
  departmentId: string;
  done: number;
  total: number;
}

export interface PlanVsActualInput {
  phases: readonly Pick<Phase, 'id' | 'name' | 'start' | 'end'>[];
  departments: readonly { departmentId: string; name: string }[];
  items: readonly PlannedItem[];
  actual: readonly ActualCell[];
  targets: Targets;
  /** Trained % per department id (null: unknown). */
  trainedByDepartment: Readonly<Record<string, number | null>>;
  /** Readiness score 1–5 per department id (null: unknown or suppressed). */
  readinessByDepartment: Readonly<Record<string, number | null>>;
  /**
   * Policy acknowledged % per department id (null: unknown; absent: the rollout names no
   * policy). Judged against the adoption target's pace, as trained % is: a rollout of a policy
   * expects its people to have read it at least as soon as they are trained (decision 0038).
   */
  acknowledgedByDepartment?: Readonly<Record<string, number | null>>;
}

export interface CellProgress {
  phaseId: string;
  departmentId: string;
  expectedPercent: number;
  actualPercent: number;
  status: TrackStatus;
  reason: Reason;
}

export interface TargetProgress {
  kind: 'adoption' | 'acknowledgement' | 'readiness';
  departmentId: string;
  /** Adoption: trained % expected by today; readiness: the target score. */
  expected: number;
  actual: number;
  status: TrackStatus;
  reason: Reason;
}

export interface PlanVsActual {
  cells: CellProgress[];
  targets: TargetProgress[];
  overall: { status: TrackStatus; reason: Reason };
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

/**
 * The share of a window [start, end] (both days included) elapsed by the end of `today`, 0–1.
 * Undefined dates count as not started.
 */
export function elapsedShare(start: string, end: string, today: string): number {
  const from = dayNumber(start);
  const to = dayNumber(end);
  const now = dayNumber(today);
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(now)) return 0;
  if (now < from) return 0;
  if (now >= to) return 1;
  return (now - from + 1) / (to - from + 1);
}

function percent(share: number): number {
  return Math.round(share * 100);
}

export function statusOfGap(gap: number, thresholds: ProgressThresholds): TrackStatus {
  if (gap >= thresholds.offTrackGap) return 'off-track';
  if (gap >= thresholds.atRiskGap) return 'at-risk';
  return 'on-track';
}

const RANK: Record<TrackStatus, number> = { 'on-track': 0, 'at-risk': 1, 'off-track': 2 };

export function worstStatus(statuses: readonly TrackStatus[]): TrackStatus {
  return statuses.reduce<TrackStatus>(
    (worst, s) => (RANK[s] > RANK[worst] ? s : worst),
    'on-track',
  );
}

/** A readiness score (1–5) as a share of its scale, in percent: 1 → 0, 5 → 100. */
function readinessPercent(score: number): number {
  return ((score - 1) / 4) * 100;
}

function expectedShare(
  item: PlannedItem,
  phase: Pick<Phase, 'start' | 'end'>,
  today: string,
): number {
  if (item.dueDate !== '') return item.dueDate <= today ? 1 : 0;
  return elapsedShare(phase.start, phase.end, today);
}

function cellKey(phaseId: string, departmentId: string): string {
  return `${phaseId}\u0000${departmentId}`;
}

function cellReason(
  names: { phase: string; department: string },
  expected: number,
  actual: number,
  status: TrackStatus,
): Reason {
  const params = { phase: names.phase, department: names.department, expected, actual };
  const where = names.department === '' ? 'Phase' : '';
  if (status === 'on-track') {
    return {
      key: expected === 0 ? 'progress.reason.notDue' : `progress.reason.onTrack${where}`,
      params,
    };
  }
  return { key: `progress.reason.behind${where}`, params };
}

/**
 * Plan vs actual at `today` (YYYY-MM-DD) for each phase × department with work, and the targets.
 * A cell with no work planned is left out. The overall status is the worst found, with the reason
 * of the largest gap among the worst.
 */
export function planVsActual(
  input: PlanVsActualInput,
  thresholds: ProgressThresholds,
  today: string,
): PlanVsActual {
  const phases = new Map(input.phases.map((phase) => [phase.id, phase]));
  const departmentNames = new Map(input.departments.map((d) => [d.departmentId, d.name]));
  const expected = new Map<string, { sum: number; count: number }>();
  for (const item of input.items) {
    const phase = phases.get(item.phaseId);
    if (!phase) continue;
    const share = expectedShare(item, phase, today);
    for (const departmentId of item.cells) {
      const key = cellKey(item.phaseId, departmentId);
      const sum = expected.get(key) ?? { sum: 0, count: 0 };
      sum.sum += share;
      sum.count += 1;
      expected.set(key, sum);
    }
  }

  const gaps: { status: TrackStatus; gap: number; reason: Reason }[] = [];
  const cells: CellProgress[] = [];
  for (const cell of input.actual) {
    const phase = phases.get(cell.phaseId);
    if (!phase || cell.total <= 0) continue;
    const planned = expected.get(cellKey(cell.phaseId, cell.departmentId));
    const expectedPercent = planned && planned.count > 0 ? percent(planned.sum / planned.count) : 0;
    const actualPercent = percent(Math.min(cell.done, cell.total) / cell.total);
    const gap = expectedPercent - actualPercent;
    const status = statusOfGap(gap, thresholds);
    const reason = cellReason(
      { phase: phase.name, department: departmentNames.get(cell.departmentId) ?? '' },
      expectedPercent,
      actualPercent,
      status,
    );
    cells.push({
      phaseId: cell.phaseId,
      departmentId: cell.departmentId,
      expectedPercent,
      actualPercent,
      status,
      reason,
    });
    gaps.push({ status, gap, reason });
  }

  const targets: TargetProgress[] = [];
  const first = input.phases.reduce<string>(
    (min, phase) => (min === '' || phase.start < min ? phase.start : min),
    '',
  );
  const adoption = input.targets.adoptionPercent;
  const by = input.targets.by;
  if (adoption !== undefined && by !== undefined && first !== '') {
    const expectedTrained = Math.round(adoption * elapsedShare(first, by, today));
    // Trained % and acknowledged % are judged alike, at the adoption target's pace.
    const measures = [
      {
        kind: 'adoption',
        byDepartment: input.trainedByDepartment,
        onTrack: 'progress.reason.trainedOnTrack',
        behind: 'progress.reason.trainedBehind',
      },
      {
        kind: 'acknowledgement',
        byDepartment: input.acknowledgedByDepartment ?? {},
        onTrack: 'progress.reason.acknowledgedOnTrack',
        behind: 'progress.reason.acknowledgedBehind',
      },
    ] as const;
    for (const measure of measures) {
      for (const { departmentId, name } of input.departments) {
        const value = measure.byDepartment[departmentId];
        if (value === undefined || value === null) continue;
        const actual = Math.round(value);
        const gap = expectedTrained - actual;
        const status = statusOfGap(gap, thresholds);
        const reason: Reason = {
          key: status === 'on-track' ? measure.onTrack : measure.behind,
          params: { department: name, expected: expectedTrained, actual },
        };
        targets.push({
          kind: measure.kind,
          departmentId,
          expected: expectedTrained,
          actual,
          status,
          reason,
        });
        gaps.push({ status, gap, reason });
      }
    }
  }
  const readinessTarget = input.targets.readinessScore;
  if (readinessTarget !== undefined) {
    for (const { departmentId, name } of input.departments) {
      const score = input.readinessByDepartment[departmentId];
      if (score === undefined || score === null) continue;
      const gap = readinessPercent(readinessTarget) - readinessPercent(score);
      const status = statusOfGap(gap, thresholds);
      const actual = Math.round(score * 10) / 10;
      const reason: Reason = {
        key:
          status === 'on-track'
            ? 'progress.reason.readinessOnTrack'
            : 'progress.reason.readinessBelow',
        params: { department: name, expected: readinessTarget, actual },
      };
      targets.push({
        kind: 'readiness',
        departmentId,
        expected: readinessTarget,
        actual,
        status,
        reason,
      });
      gaps.push({ status, gap, reason });
    }
  }

  const status = worstStatus(gaps.map((g) => g.status));
  const worst = gaps
    .filter((g) => g.status === status && status !== 'on-track')
    .sort((a, b) => b.gap - a.gap)[0];
  return {
    cells,
    targets,
    overall: {
      status,
      reason: worst?.reason ?? { key: 'progress.reason.allOnTrack', params: {} },
    },
  };
}
