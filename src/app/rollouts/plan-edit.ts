/**
 * Changing a rollout's plan (`strategy/update`, from the Approvals panel's "Edit plan" or the
 * strategy page), under one rule: while heads are deciding, nothing changes; once they
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
import type { ReconfirmItem } from '../../domain/errors';
import { languageOf } from '../../i18n';
import { describeChanges } from '../../notifications/plan-changes';
import { reconfirmationMail } from '../../notifications/reconfirmation';
import { refuse } from '../failures';
import type { Caller, Ports } from '../ports';
import { requireDecidersCanBrowse } from '../approvals/reach';
import { setPropertySafely, type PendingMail } from '../approvals/state';
import { lookUpUsers, nameOf } from '../users';

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
 * CONFLICT `errors.rollout.confirmReconfirmation`, listing each department the edit would ask
 * again, who decides for it and what changed for it, in the caller's language: the form shows
 * it as a confirmation and sends the edit again, confirmed.
 */
async function confirmationNeeded(
  ports: Pick<EditPorts, 'jira'>,
  call: Caller,
  edited: Rollout,
  changes: ReadonlyMap<string, PlanChange[]>,
  standIns: ReturnType<typeof standInsOf>,
  now: Date,
): Promise<never> {
  const asked = edited.departments
    .filter((d) => changes.has(d.departmentId))
    .map((d) => ({
      department: d,
      approvers: [
        d.headAccountId,
        standInFor(
          { approverAccountId: d.headAccountId, departmentId: d.departmentId },
          standIns,
          now,
        ),
      ].filter((id) => id !== ''),
    }));
  const users = await lookUpUsers(
    ports.jira,
    asked.flatMap((a) => a.approvers),
  );
  const language = languageOf(call.locale);
  const reconfirm: ReconfirmItem[] = asked
    .map(({ department, approvers }) => ({
      department: department.name,
      approvers: approvers.map((id) => nameOf(id, users)),
      changes: describeChanges(changes.get(department.departmentId), language),
    }))
    .sort((a, b) => a.department.localeCompare(b.department));
  throw refuse('errors.rollout.confirmReconfirmation', { details: { reconfirm } });
}

/**
 * A started rollout whose plan goes back to its heads is no longer cleared to run: its anchor
 * issue goes back to a To Do status through the workflow, as the acting user, so Jira's status,
 * the panels and the macro say the same thing, and "Start rollout" (with the approval gate) is
 * taken again once the heads confirmed. Never fails the edit, which stands: a workflow without
 * such a transition, or a user Jira does not let take it, leaves the issue where it is.
 */
async function anchorBackToApproval(
  jira: Pick<EditPorts['jira'], 'workflowState' | 'transitionIssue'>,
  rollout: Rollout,
): Promise<void> {
  if ((rollout.completedAt ?? '') !== '' || rollout.anchorIssueId === '') return;
  try {
    // Jira's status rather than `startedAt`, which is recorded only when someone next looks.
    const state = await jira.workflowState(rollout.anchorIssueId);
    if (state?.status.category !== 'indeterminate') return;
    const back = state.transitions.find((transition) => transition.to.category === 'new');
    if (!back) {
      console.warn('[rollout-coordinator] no transition back to To Do on a reopened rollout');
      return;
    }
    if ((await jira.transitionIssue(rollout.anchorIssueId, back.id)) === 'refused') {
      console.warn('[rollout-coordinator] Jira refused moving a reopened rollout back to To Do');
    }
  } catch {
    console.warn('[rollout-coordinator] a reopened rollout could not be moved back to To Do');
  }
}

/**
 * Stores `edited` (the rollout with its new fields, at the stored version) following the rule
 * above, with its audit events, in one conditional write; 'stale' when someone changed the
 * rollout meanwhile. The caller checked `isEditable` and the user's right to change it.
 * An edit that would open a re-confirmation round is refused until `confirmed` (see
 * `confirmationNeeded`), after the check that everyone asked can browse the issue.
 */
export async function applyEdit(
  ports: EditPorts,
  call: Caller,
  rollout: Rollout,
  edited: Rollout,
  directory: readonly Department[],
  confirmed: boolean,
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
          // Only the asked heads' records: the round's stand-ins, never the company's (0056).
          ports.delegations.forPeople(
            edited.departments.map((d) => d.headAccountId),
            today(now),
          ),
        ]);
  if (reconfirm) {
    const standIns = standInsOf(directory, reconfirm[1]);
    await requireDecidersCanBrowse(ports, edited, standIns, now);
    if (!confirmed) await confirmationNeeded(ports, call, edited, changes, standIns, now);
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
    await anchorBackToApproval(ports.jira, opened.rollout);
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
