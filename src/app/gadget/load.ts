/**
 * The Rollout progress gadget on a Jira dashboard: for each rollout it follows, the phases on a
 * timeline, each phase × department's work against what the plan expects by today (plan vs
 * actual, the admin's thresholds), sessions held, trained %, approvals, open problems by severity,
 * readiness, and the trend (daily snapshots against the planned curve).
 *
 * Whoever cannot browse a rollout's anchor issue learns nothing of it, not even that it exists:
 * it is counted as unavailable. Its cost does not grow with the work or the departments: one Jira
 * call for every rollout's visibility, one look-up of the pending approvers' and their stand-ins'
 * names (up to 200, for every rollout at once), and per rollout a fixed set of storage reads (the
 * rollout, its current round, then the departments and heads' delegation records of its open
 * stage's first rows in one batch (decision 0059), its work states, trained record, readiness,
 * trend, and one page of open problems per open status), with the settings once. A gadget follows at most
 * GADGET_ROLLOUTS_MAX rollouts.
 */
import type { GadgetOption, GadgetRollout } from '../../contract';
import { standInsOf, today, type StandIns } from '../../domain/delegation';
import { planVsActual } from '../../domain/plan-vs-actual';
import { acknowledgedPercent, type PolicyRecord } from '../../domain/policy';
import { PROBLEM_PAGE } from '../../domain/limits';
import { OPEN_PROBLEM_STATUSES, type Problem, type ProblemSeverity } from '../../domain/problems';
import { actualCells, liveWork, plannedItems } from '../../domain/progress';
import { completionOf, lifecycleOf, type Rollout } from '../../domain/rollout';
import { plannedCurve, rolloutProgress, type Trend } from '../../domain/snapshots';
import { emptyCounters, type WorkCounters } from '../../domain/work-states';
import type { Approval } from '../../domain/approvals';
import type { Ports, UseCase } from '../ports';
import { invalidPayload } from '../failures';
import { canSeeAggregates } from '../../domain/pulses';
import {
  latestReadiness,
  readinessStates,
  trainedByDepartment,
  type RolloutReadiness,
  type TrainedRecord,
} from '../../domain/signals';
import type { ApprovalSettings } from '../../domain/settings';
import { approvalBottlenecks, pendingApprovers } from '../../domain/bottlenecks';
import { lookUpNames } from '../users';
import { bottleneckStandIns } from '../bottleneck-stand-ins';
import { readinessFor } from '../pulses/readiness';

export type GadgetPorts = Pick<
  Ports,
  | 'jira'
  | 'rollouts'
  | 'approvals'
  | 'workStates'
  | 'problems'
  | 'settings'
  | 'signals'
  | 'pulses'
  | 'snapshots'
  | 'policies'
  | 'standIns'
  | 'now'
>;

/** What one rollout's view is made of, read in parallel. */
interface RolloutInputs {
  rollout: Rollout;
  round: Approval[];
  states: WorkCounters;
  trained: TrainedRecord | undefined;
  /** The rollout's policy record (undefined: it names no policy). */
  policy?: PolicyRecord | undefined;
  readiness: RolloutReadiness;
  /** The viewer may see readiness (else `readiness` is empty, which says nothing of answers). */
  canSeeReadiness: boolean;
  trend: Trend;
  openProblems: Problem[][];
  /** Display names of the round's pending approvers and their stand-ins (absent: not looked up). */
  approverNames?: ReadonlyMap<string, string>;
  /** Who may stand in for the open stage's first heads (absent: none named, decision 0059). */
  standIns?: StandIns;
}

function problemCounts(pages: readonly Problem[][]): GadgetRollout['problems'] {
  const bySeverity: Record<ProblemSeverity, number> = { blocking: 0, high: 0, medium: 0, low: 0 };
  for (const page of pages) for (const problem of page) bySeverity[problem.severity] += 1;
  return { bySeverity, capped: pages.some((page) => page.length >= PROBLEM_PAGE) };
}

function sessionCounts(rollout: Rollout, day: string) {
  const byPhase = new Map<string, { held: number; all: number }>();
  const byDepartment = new Map<string, { held: number; all: number }>();
  const add = (map: Map<string, { held: number; all: number }>, key: string, held: boolean) => {
    const counts = map.get(key) ?? { held: 0, all: 0 };
    counts.all += 1;
    if (held) counts.held += 1;
    map.set(key, counts);
  };
  for (const session of rollout.sessions) {
    const held = session.date <= day;
    add(byPhase, session.phaseId, held);
    const departments = session.allDepartments
      ? rollout.departments.map((d) => d.departmentId)
      : session.departmentIds;
    for (const id of departments) add(byDepartment, id, held);
  }
  return { byPhase, byDepartment };
}

export function gadgetRollout(
  inputs: RolloutInputs,
  settings: Pick<ApprovalSettings, 'progressThresholds' | 'reminderCadenceDays'>,
  now: Date,
  siteUrl: string,
): GadgetRollout {
  const thresholds = settings.progressThresholds;
  const day = today(now);
  const { rollout, round, states } = inputs;
  const departmentIds = rollout.departments.map((d) => d.departmentId);
  const work = liveWork(rollout, states, day);
  const items = plannedItems(rollout);
  const actual = actualCells(work);
  const trained = trainedByDepartment(inputs.trained, departmentIds);
  const policy = inputs.policy;
  const acknowledged = Object.fromEntries(
    departmentIds.map((id) => [id, acknowledgedPercent(policy, id)]),
  );
  const readiness = latestReadiness(inputs.readiness, departmentIds);
  const readinessState = readinessStates(inputs.readiness, departmentIds, inputs.canSeeReadiness);
  const comparison = planVsActual(
    {
      phases: rollout.phases,
      departments: rollout.departments,
      items,
      actual,
      targets: rollout.targets,
      trainedByDepartment: trained,
      ...(policy && policy.pages.length > 0 ? { acknowledgedByDepartment: acknowledged } : {}),
      readinessByDepartment: Object.fromEntries(
        departmentIds.map((id) => [id, readiness[id]?.score ?? null]),
      ),
    },
    thresholds,
    day,
  );
  const compared = new Map(comparison.cells.map((c) => [`${c.phaseId}\u0000${c.departmentId}`, c]));
  const sessions = sessionCounts(rollout, day);
  const approvals = new Map(round.map((approval) => [approval.departmentId, approval.status]));
  const progress = rolloutProgress(rollout.phases, items, actual, day);

  const cells: GadgetRollout['cells'] = work.flatMap((phase) =>
    [...phase.byDepartment.entries()].flatMap(([departmentId, counts]) => {
      const found = compared.get(`${phase.phaseId}\u0000${departmentId}`);
      return found ? [{ ...counts, ...found }] : [];
    }),
  );
  const byDepartment = new Map<string, { done: number; total: number }>();
  for (const cell of actual) {
    const sum = byDepartment.get(cell.departmentId) ?? { done: 0, total: 0 };
    sum.done += cell.done;
    sum.total += cell.total;
    byDepartment.set(cell.departmentId, sum);
  }

  return {
    id: rollout.id,
    title: rollout.title,
    issueKey: rollout.anchorIssueKey,
    lifecycle: lifecycleOf(rollout),
    approvalState: rollout.approvalState,
    targetDate: rollout.targetDate,
    status: comparison.overall.status,
    reason: comparison.overall.reason,
    phases: rollout.phases.map((phase) => {
      const total = work.find((w) => w.phaseId === phase.id)?.total ?? {
        open: 0,
        done: 0,
        overdue: 0,
      };
      const held = sessions.byPhase.get(phase.id) ?? { held: 0, all: 0 };
      return {
        id: phase.id,
        name: phase.name,
        start: phase.start,
        end: phase.end,
        done: total.done,
        total: total.open + total.done + total.overdue,
        sessionsHeld: held.held,
        sessions: held.all,
        completed: completionOf(rollout, phase.id) !== undefined,
      };
    }),
    departments: rollout.departments.map((department) => {
      const id = department.departmentId;
      const counts = byDepartment.get(id) ?? { done: 0, total: 0 };
      const held = sessions.byDepartment.get(id) ?? { held: 0, all: 0 };
      return {
        id,
        name: department.name,
        done: counts.done,
        total: counts.total,
        sessionsHeld: held.held,
        sessions: held.all,
        trainedPercent: trained[id] ?? null,
        acknowledgedPercent: acknowledged[id] ?? null,
        readiness: readiness[id]?.score ?? null,
        readinessState: readinessState[id] ?? 'none',
        barrier: readiness[id]?.barrier ?? null,
        approval: approvals.get(id) ?? 'not-requested',
      };
    }),
    cells,
    targets: comparison.targets,
    approvals: {
      approved: round.filter((a) => a.status === 'approved').length,
      pending: round.filter((a) => a.status === 'pending').length,
      blocked: round.filter((a) => a.status === 'rejected' || a.status === 'changes-requested')
        .length,
      total: round.length,
    },
    bottlenecks: approvalBottlenecks(
      rollout,
      round,
      now,
      settings.reminderCadenceDays,
      inputs.approverNames,
      inputs.standIns,
    ),
    problems: problemCounts(inputs.openProblems),
    trend: {
      planned: plannedCurve(rollout.phases, items),
      actual: inputs.trend.points.map(([pointDay, , percent]) => ({ day: pointDay, percent })),
      readiness: [...inputs.readiness.pulses]
        .sort((a, b) => a.period.to.localeCompare(b.period.to))
        .map((pulse) => ({
          day: pulse.period.to,
          byDepartment: Object.fromEntries(
            pulse.byDepartment.map((d) => [d.departmentId, d.shown ? d.score : null]),
          ),
        })),
    },
    plannedPercent: progress.plannedPercent,
    actualPercent: progress.actualPercent,
    url: `${siteUrl.replace(/\/+$/u, '')}/browse/${encodeURIComponent(rollout.anchorIssueKey)}`,
  };
}

export const loadGadget: UseCase<'gadget/load', GadgetPorts> = async (payload, call, ports) => {
  const ids = [...new Set(payload.rolloutIds)];
  const [stored, settings] = await Promise.all([
    Promise.all(ids.map((id) => ports.rollouts.get(id))),
    ports.settings.get(),
  ]);
  const found = stored.filter(
    (rollout): rollout is Rollout => rollout !== undefined && rollout.anchorIssueId !== '',
  );
  // Readiness is for the coordinator, the heads and Jira admins: the second call says which.
  const [visible, isJiraAdmin] = await Promise.all([
    ports.jira.visibleIssues(found.map((r) => r.anchorIssueId)),
    found.length > 0 ? ports.jira.isAdmin() : Promise.resolve(false),
  ]);
  const shown = found.filter((rollout) => visible.has(rollout.anchorIssueId));
  const now = ports.now();
  const day = today(now);
  const inputs = await Promise.all(
    shown.map(async (rollout): Promise<RolloutInputs> => {
      const viewer = { accountId: call.accountId, isJiraAdmin };
      // The round, then its open rows' stand-ins (one batch), beside the other reads.
      const [[round, standIns], states, trained, readiness, trend, openProblems, policy] =
        await Promise.all([
          ports.approvals
            .listRound(rollout.id, rollout.round)
            .then(
              async (listed) =>
                [listed, await bottleneckStandIns(ports, rollout, listed, now)] as const,
            ),
          ports.workStates.get(rollout.id),
          ports.signals.trained(rollout.id),
          readinessFor(rollout, viewer, ports),
          ports.snapshots.trend(rollout.id),
          Promise.all(
            OPEN_PROBLEM_STATUSES.map((status) =>
              ports.problems.listByRolloutStatus(rollout.id, status),
            ),
          ),
          ports.policies.get(rollout.id),
        ]);
      return {
        rollout,
        round,
        standIns,
        states: states ?? emptyCounters(rollout.id),
        trained,
        policy,
        readiness,
        canSeeReadiness: canSeeAggregates(rollout, viewer),
        trend,
        openProblems,
      };
    }),
  );
  // The bottleneck tables name each pending approver and the open rows' stand-ins: one bulk
  // look-up for every rollout shown.
  const approvers = inputs.flatMap((input) =>
    pendingApprovers(input.round, {
      rollout: input.rollout,
      found: input.standIns ?? standInsOf([], []),
      now,
    }),
  );
  const approverNames = await lookUpNames(ports.jira, approvers);
  const rollouts = inputs.map((input) =>
    gadgetRollout({ ...input, approverNames }, settings, now, call.siteUrl),
  );
  return { today: day, rollouts, unavailable: ids.length - rollouts.length };
};

/** Rollouts a gadget may follow: approved or awaiting approval, first page of each. */
/** The states whose rollouts the edit view offers, paged through one after the other. */
const OPTION_STATES = ['approved', 'awaiting-approval'] as const;

/**
 * Where a page of options starts: the state (its index in OPTION_STATES) and storage's cursor in
 * it ('' for its first page), as `<index>:<cursor>`; undefined for a cursor not made here.
 */
function readCursor(cursor: string | undefined): { state: number; from: string } | undefined {
  if (cursor === undefined) return { state: 0, from: '' };
  const match = /^(\d):(.*)$/su.exec(cursor);
  const state = Number(match?.[1]);
  if (!match || state >= OPTION_STATES.length) return undefined;
  return { state, from: match[2] ?? '' };
}

export const gadgetOptions: UseCase<'gadget/options', Pick<Ports, 'jira' | 'rollouts'>> = async (
  payload,
  _call,
  ports,
) => {
  const at = readCursor(payload.cursor);
  const state = at === undefined ? undefined : OPTION_STATES[at.state];
  if (at === undefined || state === undefined) {
    throw invalidPayload([{ path: 'cursor', messageKey: 'errors.field.invalid' }]);
  }
  // A state read to its end goes on into the next one in the same call, so the last page never
  // ends with a "more" that brings nothing: at most one storage page per state.
  const read: Rollout[] = [];
  let nextCursor: string | null = null;
  for (let index = at.state, from = at.from; index < OPTION_STATES.length; index += 1, from = '') {
    const page = await ports.rollouts.pageByState(
      OPTION_STATES[index] ?? state,
      from === '' ? undefined : from,
    );
    read.push(...page.rollouts);
    if (page.nextCursor !== undefined) {
      nextCursor = `${String(index)}:${page.nextCursor}`;
      break;
    }
  }
  const rollouts = read.filter((rollout) => rollout.anchorIssueId !== '');
  const visible =
    rollouts.length === 0
      ? new Set<string>()
      : await ports.jira.visibleIssues(rollouts.map((r) => r.anchorIssueId));
  const options: GadgetOption[] = rollouts
    .filter((rollout) => visible.has(rollout.anchorIssueId))
    .map((rollout) => ({ id: rollout.id, title: rollout.title, issueKey: rollout.anchorIssueKey }))
    .sort((a, b) => a.title.localeCompare(b.title));
  return { rollouts: options, nextCursor };
};
