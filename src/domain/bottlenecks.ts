/**
 * Approval bottlenecks: the round's pending approvals by department head and by stage, each with
 * how long it has waited since its stage opened; those waiting at least the admin's reminder
 * cadence are overdue, and the oldest of them is the one to chase. Computed from the round read
 * through the approvals' by-rollout-round index (one query, a department each), never a scan.
 * Each of the open stage's first STAND_IN_ROWS_MAX rows also names who may decide today in the
 * head's place (decision 0059): the active stand-in by the delegation rule (`standInFor`).
 * Pure: no I/O.
 */
import type { Approval } from './approvals';
import { standInFor, type StandIns } from './delegation';
import { STAND_IN_ROWS_MAX } from './limits';
import type { Rollout } from './rollout';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When `stage` of the round opened: the request for the first stage; for a later one, the moment
 * the last approval of the stages before it was given (a stage opens exactly then).
 */
export function stageOpenedAt(
  rollout: Pick<Rollout, 'roundRequestedAt'>,
  round: readonly Pick<Approval, 'stage' | 'decidedAt'>[],
  stage: number,
): string {
  let opened = rollout.roundRequestedAt;
  for (const approval of round) {
    if (approval.stage < stage && approval.decidedAt > opened) opened = approval.decidedAt;
  }
  return opened;
}

export interface PendingApproval {
  departmentId: string;
  departmentName: string;
  approverAccountId: string;
  /** The approver's display name ('' when unknown: not looked up, or no longer in Jira). */
  approverName: string;
  /**
   * Who may decide today in the approver's place ('' when nobody, or not looked for: a row not
   * open, or past the open stage's first STAND_IN_ROWS_MAX): a planned delegation in force, else
   * the directory's default delegate (`standInFor`).
   */
  standInAccountId: string;
  /** The stand-in's display name ('' when none, or no longer in Jira). */
  standInName: string;
  stage: number;
  /** When its stage opened; null while an earlier stage still waits (its clock has not started). */
  waitingSince: string | null;
  /** Whole days waited; null while its stage is not open. */
  ageDays: number | null;
  /** Waited at least the reminder cadence. */
  overdue: boolean;
  /** The longest-waiting overdue approval of the round. */
  oldest: boolean;
}

export interface StageBottleneck {
  stage: number;
  pending: number;
  /** The longest wait in the stage in days; null while the stage is not open. */
  oldestAgeDays: number | null;
}

export interface ApprovalBottlenecks {
  /** Pending approvals, open stage first, longest waiting first. */
  pending: PendingApproval[];
  byStage: StageBottleneck[];
  cadenceDays: number;
}

export function approvalBottlenecks(
  rollout: Pick<Rollout, 'roundRequestedAt'>,
  round: readonly Approval[],
  now: Date,
  cadenceDays: number,
  /** Display names by account id, for the approvers and their stand-ins. */
  names: ReadonlyMap<string, string> = new Map(),
  /** The directory entries and delegation records read for `standInRows` (absent: none named). */
  standIns?: StandIns,
): ApprovalBottlenecks {
  const pending = pendingRows(rollout, round, now, cadenceDays);
  const named = new Set(openRows(pending).map((row) => row.departmentId));
  for (const row of pending) {
    row.approverName = names.get(row.approverAccountId) ?? '';
    if (standIns && named.has(row.departmentId)) {
      row.standInAccountId = standInFor(row, standIns, now);
      row.standInName = names.get(row.standInAccountId) ?? '';
    }
  }
  const pendingStages = new Set(pending.map((p) => p.stage));
  const byStage = [...pendingStages]
    .sort((a, b) => a - b)
    .map((stage) => {
      const inStage = pending.filter((p) => p.stage === stage);
      const ages = inStage.flatMap((p) => (p.ageDays === null ? [] : [p.ageDays]));
      return {
        stage,
        pending: inStage.length,
        oldestAgeDays: ages.length === 0 ? null : Math.max(...ages),
      };
    });
  return { pending, byStage, cadenceDays };
}

/** The table's rows, open stage first, longest waiting first, names and stand-ins not filled. */
function pendingRows(
  rollout: Pick<Rollout, 'roundRequestedAt'>,
  round: readonly Approval[],
  now: Date,
  cadenceDays: number,
): PendingApproval[] {
  const pendingStages = new Set(round.filter((a) => a.status === 'pending').map((a) => a.stage));
  const earliestPending = Math.min(...pendingStages);
  // A stage is open when it is the earliest one still pending and nothing blocks the round.
  const blocked = round.some((a) => a.status === 'rejected' || a.status === 'changes-requested');
  const pending: PendingApproval[] = round
    .filter((approval) => approval.status === 'pending')
    .map((approval) => {
      const open = !blocked && approval.stage === earliestPending;
      const since = open ? stageOpenedAt(rollout, round, approval.stage) : null;
      const waited = since === null ? null : now.getTime() - Date.parse(since);
      const ageDays =
        waited === null || Number.isNaN(waited) ? null : Math.max(0, Math.floor(waited / DAY_MS));
      return {
        departmentId: approval.departmentId,
        departmentName: approval.departmentName,
        approverAccountId: approval.approverAccountId,
        approverName: '',
        standInAccountId: '',
        standInName: '',
        stage: approval.stage,
        waitingSince: since,
        ageDays,
        overdue: ageDays !== null && ageDays >= cadenceDays,
        oldest: false,
      };
    })
    .sort(
      (a, b) =>
        a.stage - b.stage ||
        (b.ageDays ?? -1) - (a.ageDays ?? -1) ||
        a.departmentName.localeCompare(b.departmentName),
    );
  const first = pending[0];
  if (first?.overdue) first.oldest = true;
  return pending;
}

/** The open stage's rows whose stand-in is named: the first STAND_IN_ROWS_MAX, oldest first. */
function openRows<T extends Pick<PendingApproval, 'waitingSince'>>(rows: readonly T[]): T[] {
  return rows.filter((row) => row.waitingSince !== null).slice(0, STAND_IN_ROWS_MAX);
}

/**
 * The pending approvals whose stand-in the table names (the open stage's, oldest first, at most
 * STAND_IN_ROWS_MAX): what to read of the directory and of the heads' delegations.
 */
export function standInRows(
  rollout: Pick<Rollout, 'roundRequestedAt'>,
  round: readonly Approval[],
  now: Date,
): Pick<Approval, 'departmentId' | 'approverAccountId'>[] {
  return openRows(pendingRows(rollout, round, now, 0)).map((row) => ({
    departmentId: row.departmentId,
    approverAccountId: row.approverAccountId,
  }));
}

/**
 * The people the table names: the round's pending approvers and, with `standIns`, the stand-ins
 * of the rows `standInRows` gave (one look-up for all).
 */
export function pendingApprovers(
  round: readonly Approval[],
  standIns?: { rollout: Pick<Rollout, 'roundRequestedAt'>; found: StandIns; now: Date },
): string[] {
  const approvers = round.filter((a) => a.status === 'pending').map((a) => a.approverAccountId);
  if (!standIns) return approvers;
  const { rollout, found, now } = standIns;
  const stand = standInRows(rollout, round, now).map((row) => standInFor(row, found, now));
  return [...approvers, ...stand.filter((id) => id !== '')];
}
