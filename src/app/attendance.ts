/**
 * Who attended a session, from the session's Jira issue: its owner, the rollout's coordinator or
 * a Jira admin records the list (picking Jira users); an attendee confirms their own attendance.
 * Both answer the issue's Rollout panel as it now stands.
 *
 * Recording is idempotent (the same list again writes nothing) and conditioned on the version
 * the recorder read, so of two people recording at once one wins and the other is told to look
 * again. Confirming retries on a concurrent write: it adds to whatever list is stored.
 */
import type { IssueAccess } from '../atlassian/jira/port';
import {
  canRecordAttendance,
  confirmAttendee,
  emptyAttendance,
  recordAttendees,
  sameAttendees,
  sessionHeld,
  type Attendance,
} from '../domain/attendance';
import { auditEvent, eventTime, type AuditEventType } from '../domain/audit';
import { today } from '../domain/delegation';
import { uuidSchema } from '../domain/ids';
import type { Rollout, StrategySession } from '../domain/rollout';
import { browseIssue } from './access';
import { refuse } from './failures';
import type { Caller, UseCase } from './ports';
import { panelFor, type RolloutPanelPorts } from './rollout-panel/load';
import { refreshTrainedAfterWrite } from './trained';
import { lookUpUsers } from './users';

const WRITE_ATTEMPTS = 5;

interface SessionIssue {
  issue: IssueAccess;
  rollout: Rollout;
  session: StrategySession;
}

/**
 * The context's issue, which must be the issue of session `sessionId` in a stored rollout; the
 * issue property is editable by whoever edits the issue, so its ids are checked, not trusted.
 */
async function sessionIssue(
  ports: RolloutPanelPorts,
  call: Caller,
  sessionId: string,
): Promise<SessionIssue> {
  const issue = await browseIssue(ports, call);
  const property = issue.rolloutProperty;
  const rolloutId = uuidSchema.safeParse(property.rolloutId);
  if (
    property.role !== 'work' ||
    property.planItemId !== `session:${sessionId}` ||
    !rolloutId.success
  ) {
    throw refuse('errors.attendance.notSession');
  }
  const rollout = await ports.rollouts.get(rolloutId.data);
  const session = rollout?.sessions.find((s) => s.id === sessionId);
  if (!rollout || !session) throw refuse('errors.attendance.notSession');
  return { issue, rollout, session };
}

function requireHeld(ports: Pick<RolloutPanelPorts, 'now'>, session: StrategySession): void {
  if (!sessionHeld(session, today(ports.now()))) {
    throw refuse('errors.attendance.notHeld', { params: { date: session.date } });
  }
}

async function stored(
  ports: RolloutPanelPorts,
  rollout: Rollout,
  session: StrategySession,
): Promise<Attendance> {
  return (
    (await ports.attendance.get(rollout.id, session.id)) ?? emptyAttendance(rollout.id, session.id)
  );
}

/** The audit trail's line for a write of a session's attendance (keyed by its version: once). */
function attendanceEvent(
  type: Extract<AuditEventType, 'attendance-recorded' | 'attendance-confirmed'>,
  rollout: Rollout,
  session: StrategySession,
  next: Attendance,
  actorAccountId: string,
) {
  return auditEvent(
    {
      rolloutId: rollout.id,
      at: next.updatedAt,
      type,
      actorAccountId,
      detail: session.title,
      comment: '',
      stage: 0,
      round: 0,
    },
    `attendance-${session.id}-${String(next.version)}`,
  );
}

function staleAttendance() {
  return refuse('errors.attendance.stale');
}

export const recordAttendance: UseCase<'attendance/record', RolloutPanelPorts> = async (
  payload,
  call,
  ports,
) => {
  const { issue, rollout, session } = await sessionIssue(ports, call, payload.sessionId);
  const actor = { accountId: call.accountId, isJiraAdmin: issue.isJiraAdmin };
  if (!canRecordAttendance(rollout, session, actor)) {
    throw refuse('errors.attendance.recordForbidden');
  }
  requireHeld(ports, session);
  const wanted = [...new Set(payload.attendeeAccountIds)];
  const current = await stored(ports, rollout, session);
  // A repeated click (or a retry after a lost answer) finds its list stored: nothing to write.
  if (sameAttendees(current, wanted) && current.recordedAt !== '') {
    return panelFor(ports, call, issue);
  }
  if (current.version !== payload.version) throw staleAttendance();
  const users = await lookUpUsers(ports.jira, wanted);
  if (wanted.some((accountId) => !users.has(accountId))) {
    throw refuse('errors.attendance.unknownUser');
  }
  const next = recordAttendees(
    current,
    wanted,
    call.accountId,
    eventTime(ports.now(), current.updatedAt),
  );
  const event = attendanceEvent('attendance-recorded', rollout, session, next, call.accountId);
  if ((await ports.attendance.write(current, next, [event])) === 'stale') {
    const fresh = await stored(ports, rollout, session);
    // The racing writer recorded this very list: the user's intent stands.
    if (!sameAttendees(fresh, wanted)) throw staleAttendance();
  }
  await refreshTrainedAfterWrite(ports, rollout);
  return panelFor(ports, call, issue);
};

export const confirmAttendance: UseCase<'attendance/confirm', RolloutPanelPorts> = async (
  payload,
  call,
  ports,
) => {
  const { issue, rollout, session } = await sessionIssue(ports, call, payload.sessionId);
  requireHeld(ports, session);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const current = await stored(ports, rollout, session);
    const next = confirmAttendee(
      current,
      call.accountId,
      eventTime(ports.now(), current.updatedAt),
    );
    if (!next) return panelFor(ports, call, issue);
    const event = attendanceEvent('attendance-confirmed', rollout, session, next, call.accountId);
    if ((await ports.attendance.write(current, next, [event])) === 'written') {
      await refreshTrainedAfterWrite(ports, rollout);
      return panelFor(ports, call, issue);
    }
  }
  throw staleAttendance();
};
