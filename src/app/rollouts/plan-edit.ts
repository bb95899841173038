/**
 * Changing a rollout's plan, from the Approvals panel (`rollouts/update`) or the strategy
 * (`strategy/update`), under one rule: while heads are deciding, nothing changes; once they
 * approved, the departments the change concerns re-confirm it in a new round (with what changed
 * for them) and the others carry their approval over; otherwise the plan simply changes.
 */
import type { AppFailure } from '../../contract';
import { type Approval } from '../../domain/approvals';
import { auditEvent, eventTime, eventTimes } from '../../domain/audit';
import { standInFor, standInsOf, today, type DelegationRecord } from '../../domain/delegation';
import type { Department } from '../../domain/departments';
import {
  planOf,
  rolloutChanges,
  type PlanChange,
  type RolloutPlan,
  type RoundPlan,
} from '../../domain/plan';
import { openReconfirmation } from '../../domain/reconfirmation';
import { isEditable, rolloutSizeIssue, type Rollout } from '../../domain/rollout';
import { reconfirmationMail } from '../../notifications/reconfirmation';
import { refuse } from '../failures';
import type { Caller, Ports } from '../ports';
import { requireDecidersCanBrowse } from '../approvals/reach';
import { setPropertySafely, type PendingMail } from '../approvals/state';
import { nameOf } from '../users';

export type EditPorts = Pick<Ports, 'rollouts' | 'approvals' | 'delegations' | 'jira' | 'now'>;

export interface EditOutcome {
  rollout: Rollout;
  /** The re-confirmation round opened by the edit, if it opened one. */
  round: Approval[] | undefined;
  mails: PendingMail[];
}

/** The rollout as the re-confirmation rule compares two versions of it. */
export function planShape(rollout: Rollout): RolloutPlan {
  return {
    ...planOf(rollout),
    objective: rollout.objective,
    targetDate: rollout.targetDate,
    departments: rollout.departments,
  };
}

/** What a round of the rollout asks about, as kept for the next round to compare with. */
export function roundPlanOf(rollout: Rollout): RoundPlan {
  return {
    ...planShape(rollout),
    title: rollout.title,
    departments: rollout.departments.map((d) => ({
      departmentId: d.departmentId,
      headAccountId: d.headAccountId,
      stage: d.stage,
    })),
  };
}

/** CONFLICT for a plan heads are deciding on. */
export function notEditable(): AppFailure {
  return refuse('errors.rollout.notEditable');
}

export function requireEditable(rollout: Rollout): void {
  if (!isEditable(rollout)) throw notEditable();
}

/**
 * LIMIT, naming the field that takes the most room, when the rollout as it would be stored is
 * over Forge's value limit. Callers check before writing anything of it (links, leases, claims).
 */
export function requireStorable(rollout: Rollout): void {
  const issue = rolloutSizeIssue(rollout);
  if (!issue) return;
  const kb = (bytes: number): number => Math.ceil(bytes / 1024);
  throw refuse('errors.rollout.tooLarge', {
    params: { size: kb(issue.bytes), max: kb(issue.max), field: issue.path },
    details: { fields: [{ path: issue.path, messageKey: 'errors.rollout.tooLarge' }] },
  });
}

/** The e-mail asking the heads concerned to re-confirm, with what changed for their departments. */
function reconfirmationMails(
  rollout: Rollout,
  round: readonly Approval[],
  directory: readonly Department[],
  delegations: readonly DelegationRecord[],
  actor: string,
  now: Date,
): PendingMail[] {
  const asked = round.filter((a) => a.status === 'pending' && (a.changes ?? []).length > 0);
  if (asked.length === 0) return [];
  const state = standInsOf(directory, delegations);
  const to = asked
    .flatMap((approval) => [approval.approverAccountId, standInFor(approval, state, now)])
    .filter((id) => id !== '' && id !== actor);
  const departments = [...asked]
    .sort((a, b) => a.departmentName.localeCompare(b.departmentName))
    .map((approval) => ({
      name: approval.departmentName,
      changes: approval.changes ?? ([] as PlanChange[]),
    }));
  return [
    {
      to,
      build: (language, users) =>
        reconfirmationMail(language, {
          rolloutTitle: rollout.title,
          issueKey: rollout.anchorIssueKey,
          requesterName: nameOf(actor, users),
          round: rollout.round,
          departments,
        }),
    },
  ];
}

/**
 * Stores `edited` (the rollout with its new fields, at the stored version) following the rule
 * above, with its audit events, in one conditional write; 'stale' when someone changed the
 * rollout meanwhile. The caller checked `isEditable` and the user's right to change it.
 */
export async function applyEdit(
  ports: EditPorts,
  call: Caller,
  rollout: Rollout,
  edited: Rollout,
  directory: readonly Department[],
): Promise<EditOutcome | 'stale'> {
  requireStorable(edited);
  const now = ports.now();
  const at = eventTime(now, rollout.updatedAt);
  const [updatedAt, roundAt] = eventTimes(at, 2);
  const withRevision: Rollout =
    rollout.strategyPageId === '' ? edited : { ...edited, planRevision: rollout.planRevision + 1 };
  const changes =
    rollout.approvalState === 'approved'
      ? rolloutChanges(planShape(rollout), planShape(edited))
      : new Map<string, PlanChange[]>();
  // A round nobody could finish is refused before anything is written.
  const reconfirm =
    changes.size === 0
      ? undefined
      : await Promise.all([
          ports.approvals.listRound(rollout.id, rollout.round),
          ports.delegations.listCurrent(today(now)),
        ]);
  if (reconfirm) {
    await requireDecidersCanBrowse(ports.jira, edited, standInsOf(directory, reconfirm[1]), now);
  }
  const before = new Set(rollout.departments.map((d) => d.departmentId));
  const after = new Set(edited.departments.map((d) => d.departmentId));
  // Links before the write: a department in use is never removable, even for a moment.
  await ports.rollouts.linkDepartments(
    rollout.id,
    [...after].filter((id) => !before.has(id)),
    [],
    now.toISOString(),
  );
  const event = auditEvent(
    {
      rolloutId: rollout.id,
      at: updatedAt ?? at,
      type: 'rollout-updated',
      actorAccountId: call.accountId,
    },
    `updated-v${String(rollout.version + 1)}`,
  );
  let outcome: EditOutcome;
  if (!reconfirm) {
    const next: Rollout = {
      ...withRevision,
      updatedAt: updatedAt ?? at,
      version: rollout.version + 1,
    };
    if ((await ports.rollouts.update(rollout, next, [event])) === 'stale') return 'stale';
    outcome = { rollout: next, round: undefined, mails: [] };
  } else {
    const [previous, delegations] = reconfirm;
    const opened = openReconfirmation(
      { ...withRevision, updatedAt: updatedAt ?? at },
      previous,
      changes,
      call.accountId,
      roundAt ?? at,
    );
    await ports.rollouts.keepRoundPlan(rollout.id, opened.rollout.round, roundPlanOf(edited));
    // Rows of a round nobody sees until the rollout points at it: a failure here leaves
    // nothing visible, and a retry rewrites them.
    if ((await ports.approvals.putRound(opened.approvals)) === 'stale') return 'stale';
    if (
      (await ports.rollouts.update(rollout, opened.rollout, [event, ...opened.events])) === 'stale'
    ) {
      return 'stale';
    }
    await setPropertySafely(ports.jira, opened.rollout);
    outcome = {
      rollout: opened.rollout,
      round: opened.approvals,
      mails: reconfirmationMails(
        opened.rollout,
        opened.approvals,
        directory,
        delegations,
        call.accountId,
        now,
      ),
    };
  }
  try {
    await ports.rollouts.linkDepartments(
      rollout.id,
      [],
      [...before].filter((id) => !after.has(id)),
      now.toISOString(),
    );
  } catch {
    // A leftover link only keeps a department from being removed from the directory.
    console.warn('[rollout-coordinator] department links not removed after a plan change');
  }
  return outcome;
}
