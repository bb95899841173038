/**
 * Who attended a session of a rollout: the list its owner (or the coordinator, or a Jira admin)
 * records, and the confirmations attendees give of their own attendance. One record per session,
 * versioned, so two people recording at once cannot silently overwrite each other.
 */
import type { Rollout, StrategySession } from './rollout';

/** The most attendees one session records (a large seminar; the list stays well within one storage value). */
export const MAX_ATTENDEES = 1000;

export interface Attendee {
  accountId: string;
  /** Who put them on the list: the recorder, or the attendee themself when they confirmed. */
  addedBy: string;
  /** When the attendee confirmed their own attendance (null: not confirmed). */
  confirmedAt: string | null;
}

export interface Attendance {
  /** `<rolloutId>:<sessionId>`. */
  id: string;
  rolloutId: string;
  sessionId: string;
  attendees: Attendee[];
  /** How many attended (attendees.length, stored for the index and for the daily job). */
  count: number;
  /** When an owner, the coordinator or an admin last recorded the list ('' never). */
  recordedAt: string;
  recordedBy: string;
  updatedAt: string;
  version: number;
}

export function attendanceId(rolloutId: string, sessionId: string): string {
  return `${rolloutId}:${sessionId}`;
}

export function emptyAttendance(rolloutId: string, sessionId: string): Attendance {
  return {
    id: attendanceId(rolloutId, sessionId),
    rolloutId,
    sessionId,
    attendees: [],
    count: 0,
    recordedAt: '',
    recordedBy: '',
    updatedAt: '',
    version: 0,
  };
}

/** Who may record a session's attendance: its owner, the rollout's coordinator, a Jira admin. */
export function canRecordAttendance(
  rollout: Pick<Rollout, 'createdBy'>,
  session: Pick<StrategySession, 'ownerAccountId'>,
  actor: { accountId: string; isJiraAdmin: boolean },
): boolean {
  return (
    actor.isJiraAdmin ||
    rollout.createdBy === actor.accountId ||
    (session.ownerAccountId !== '' && session.ownerAccountId === actor.accountId)
  );
}

/** A session can be attended (and confirmed) from its day on. */
export function sessionHeld(session: Pick<StrategySession, 'date'>, today: string): boolean {
  return session.date <= today;
}

/** Whether the stored list already holds exactly these people (order aside). */
export function sameAttendees(attendance: Attendance, accountIds: readonly string[]): boolean {
  const wanted = new Set(accountIds);
  return (
    wanted.size === attendance.attendees.length &&
    attendance.attendees.every((attendee) => wanted.has(attendee.accountId))
  );
}

/**
 * The attendance once `accountIds` is recorded: those already listed keep their confirmation,
 * the others are added by the recorder; whoever is left out is removed.
 */
export function recordAttendees(
  attendance: Attendance,
  accountIds: readonly string[],
  recorder: string,
  at: string,
): Attendance {
  const listed = new Map(attendance.attendees.map((a) => [a.accountId, a]));
  const attendees = [...new Set(accountIds)].map(
    (accountId) => listed.get(accountId) ?? { accountId, addedBy: recorder, confirmedAt: null },
  );
  return {
    ...attendance,
    attendees,
    count: attendees.length,
    recordedAt: at,
    recordedBy: recorder,
    updatedAt: at,
    version: attendance.version + 1,
  };
}

/** The attendance once `accountId` confirmed their own attendance (undefined: already did). */
export function confirmAttendee(
  attendance: Attendance,
  accountId: string,
  at: string,
): Attendance | undefined {
  const listed = attendance.attendees.find((a) => a.accountId === accountId);
  if (listed?.confirmedAt) return undefined;
  const attendees = listed
    ? attendance.attendees.map((a) => (a.accountId === accountId ? { ...a, confirmedAt: at } : a))
    : [...attendance.attendees, { accountId, addedBy: accountId, confirmedAt: at }];
  return {
    ...attendance,
    attendees,
    count: attendees.length,
    updatedAt: at,
    version: attendance.version + 1,
  };
}

export type AttendanceFlag = 'over-capacity' | 'not-recorded';

/**
 * What the owner and the coordinator should look at: more attendees than seats, or a session
 * whose day has passed with no attendance recorded (confirmations alone do not count as a record).
 */
export function attendanceFlag(
  session: Pick<StrategySession, 'date' | 'capacity'>,
  attendance: Pick<Attendance, 'count' | 'recordedAt'> | undefined,
  today: string,
): AttendanceFlag | null {
  const count = attendance?.count ?? 0;
  if (session.capacity > 0 && count > session.capacity) return 'over-capacity';
  if (session.date < today && (attendance?.recordedAt ?? '') === '') return 'not-recorded';
  return null;
}
