/** The attendance rules: who may record, recording and confirming, and the session's flag. */
import {
  attendanceFlag,
  canRecordAttendance,
  confirmAttendee,
  emptyAttendance,
  recordAttendees,
  sameAttendees,
} from '../../src/domain/attendance';

const AT = '2026-11-30T10:00:00.000Z';

describe('attendance rules', () => {
  it('lets the owner, the coordinator and a Jira admin record, nobody else', () => {
    const rollout = { createdBy: 'coordinator' };
    const session = { ownerAccountId: 'trainer' };
    const may = (accountId: string, isJiraAdmin = false) =>
      canRecordAttendance(rollout, session, { accountId, isJiraAdmin });
    expect([may('trainer'), may('coordinator'), may('someone', true), may('someone')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    // A session without an owner is not recorded by whoever has an empty id.
    expect(
      canRecordAttendance(rollout, { ownerAccountId: '' }, { accountId: '', isJiraAdmin: false }),
    ).toBe(false);
  });

  it('keeps confirmations of people kept on the list, drops those removed, ignores repeats', () => {
    const confirmed = confirmAttendee(emptyAttendance('r', 's'), 'ann', AT);
    if (!confirmed) throw new Error('not confirmed');
    expect(confirmAttendee(confirmed, 'ann', AT)).toBeUndefined();
    const recorded = recordAttendees(confirmed, ['ann', 'bob', 'bob'], 'trainer', AT);
    expect(recorded.attendees).toEqual([
      { accountId: 'ann', addedBy: 'ann', confirmedAt: AT },
      { accountId: 'bob', addedBy: 'trainer', confirmedAt: null },
    ]);
    expect(recorded).toMatchObject({ count: 2, version: 2, recordedAt: AT, recordedBy: 'trainer' });
    expect(sameAttendees(recorded, ['bob', 'ann'])).toBe(true);
    expect(sameAttendees(recorded, ['bob'])).toBe(false);
    expect(recordAttendees(recorded, ['bob'], 'trainer', AT).attendees).toEqual([
      { accountId: 'bob', addedBy: 'trainer', confirmedAt: null },
    ]);
  });

  it('flags a session past its capacity, or past its day with nothing recorded', () => {
    const session = { date: '2026-11-20', capacity: 2 };
    expect(attendanceFlag(session, undefined, '2026-11-20')).toBeNull();
    expect(attendanceFlag(session, undefined, '2026-11-21')).toBe('not-recorded');
    expect(attendanceFlag(session, { count: 1, recordedAt: '' }, '2026-11-21')).toBe(
      'not-recorded',
    );
    expect(attendanceFlag(session, { count: 2, recordedAt: AT }, '2026-11-21')).toBeNull();
    expect(attendanceFlag(session, { count: 3, recordedAt: AT }, '2026-11-21')).toBe(
      'over-capacity',
    );
    expect(attendanceFlag(session, { count: 3, recordedAt: '' }, '2026-11-19')).toBe(
      'over-capacity',
    );
  });
});
