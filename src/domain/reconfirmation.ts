/**
 * Re-confirmation of an approved plan that changed: the departments the change concerns approve
 * again, the others carry their approval over. Pure. The new round is an ordinary round, so
 * `summariseRound`, the stages, the gate, reminders and the Approvals panel work on it unchanged.
 */
import {
  approvalId,
  pendingApproval,
  summariseRound,
  type Approval,
  type OpenedRound,
} from './approvals';
import { auditEvent, eventTimes } from './audit';
import type { PlanChange } from './plan';
import type { Rollout } from './rollout';

/**
 * Opens round `edited.round + 1` after an edit of an approved rollout: a pending approval with
 * its changes for each department in `changes`, the previous round's approval carried over for
 * the others. `edited` is the rollout after the edit, at its stored version (the result bumps it).
 * The caller checked that `changes` is not empty and that the rollout was approved. A rollout
 * under way loses its start: it starts again once the heads confirmed.
 */
export function openReconfirmation(
  edited: Rollout,
  previousRound: readonly Approval[],
  changes: ReadonlyMap<string, PlanChange[]>,
  requestedBy: string,
  at: string,
): OpenedRound {
  const round = edited.round + 1;
  const before = new Map(previousRound.map((approval) => [approval.departmentId, approval]));
  const approvals: Approval[] = edited.departments.map((department) => {
    const id = approvalId(edited.id, round, department.departmentId);
    const own = changes.get(department.departmentId);
    const previous = before.get(department.departmentId);
    if (
      own === undefined &&
      previous?.status === 'approved' &&
      previous.approverAccountId === department.headAccountId
    ) {
      return {
        ...previous,
        id,
        round,
        departmentName: department.name,
        stage: department.stage,
        remindersSent: 0,
        lastRemindedAt: '',
        version: 1,
        changes: [],
        carriedOver: true,
      };
    }
    return {
      ...pendingApproval(edited.id, round, department),
      changes: own ?? [],
      carriedOver: false,
    };
  });
  const summary = summariseRound(approvals);
  const times = eventTimes(at, 3);
  const next: Rollout = {
    ...edited,
    approvalState: summary.state,
    round,
    roundRequestedBy: requestedBy,
    roundRequestedAt: at,
    openedStage: summary.openStage,
    updatedAt: times[2] ?? at,
    version: edited.version + 1,
  };
  // A plan back with its heads is no longer cleared to run: every surface says "awaiting
  // approval", the anchor goes back to To Do, and the next "Start rollout" (through the gate)
  // records the start again.
  if ((next.completedAt ?? '') === '') delete next.startedAt;
  const events = [
    auditEvent(
      {
        rolloutId: edited.id,
        at: times[0] ?? at,
        type: 'new-round',
        actorAccountId: requestedBy,
        round,
        detail: edited.approvalState,
      },
      `r${String(round)}-new-round`,
    ),
    auditEvent(
      {
        rolloutId: edited.id,
        at: times[1] ?? at,
        type: 'requested',
        actorAccountId: requestedBy,
        round,
        detail: 'reconfirmation',
      },
      `r${String(round)}-requested`,
    ),
  ];
  if (summary.openStage > 0) {
    events.push(
      auditEvent(
        {
          rolloutId: edited.id,
          at: times[2] ?? at,
          type: 'stage-opened',
          round,
          stage: summary.openStage,
        },
        `r${String(round)}-stage-${String(summary.openStage)}`,
      ),
    );
  }
  return { approvals, rollout: next, events };
}

/** The departments a re-confirmation round asks (pending approvals with changes), by name. */
export function reconfirming(round: readonly Approval[]): Approval[] {
  return round
    .filter((approval) => (approval.changes ?? []).length > 0)
    .sort((a, b) => a.departmentName.localeCompare(b.departmentName));
}
