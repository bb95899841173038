/**
 * Attendance in Forge storage: `attendance` (key = `<rolloutId>:<sessionId>`, one record per
 * session), with index `by-rollout` (a rollout's sessions' attendance, by session id), read in
 * one page by the panels and the daily job.
 *
 * The first write of a session claims its key (FAIL_IF_EXISTS); every later write is conditioned
 * on the version it read, so of two racing writers exactly one is written.
 */
import { Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import { PLAN_SESSIONS_MAX } from '../domain/limits';
import type { Attendance } from '../domain/attendance';
import type { AuditEvent } from '../domain/audit';
import { auditRepository, withEvents } from './audit';
import { attendanceId } from '../domain/attendance';
import type { StorageClient } from './client';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

const ATTENDANCE = 'attendance';
/** Storage pages are at most 100 rows. */
const PAGE = 100;

export type AttendanceWrite = 'written' | 'stale';

export function attendanceRepository(kvs: StorageClient) {
  return {
    async get(rolloutId: string, sessionId: string): Promise<Attendance | undefined> {
      return kvs.entity<Attendance>(ATTENDANCE).get(attendanceId(rolloutId, sessionId));
    },

    /**
     * Writes `next` if the stored record is still `previous` (version 0: there was none yet);
     * 'stale' when someone wrote in between. `events` (the audit trail's) go in the same
     * transaction; with the first record of a session, which claims its key on its own
     * (transactions take no key policy in @forge/kvs 1.6), they are appended right after it.
     */
    async write(
      previous: Attendance,
      next: Attendance,
      events: readonly AuditEvent[] = [],
    ): Promise<AttendanceWrite> {
      if (previous.version === 0) {
        try {
          await kvs
            .entity<Attendance>(ATTENDANCE)
            .set(next.id, next, { keyPolicy: 'FAIL_IF_EXISTS' });
        } catch (error) {
          if (isKeyConflict(error)) return 'stale';
          throw error;
        }
        if (events.length > 0) await auditRepository(kvs).append(events);
        return 'written';
      }
      const unchanged = new Filter<Attendance>().and(
        'version',
        FilterConditions.equalTo(previous.version),
      );
      return commitUnlessStale(
        withEvents(
          kvs.transact().set(next.id, next, { entityName: ATTENDANCE, conditions: unchanged }),
          events,
        ),
      );
    },

    /**
     * Claims the e-mail flagging a session (once per session and flag): true once, false ever
     * after, so a repeated or concurrent daily run sends nothing twice.
     */
    async claimFlagMail(rolloutId: string, sessionId: string, flag: string): Promise<boolean> {
      try {
        await kvs.set(`attendance-flag:${rolloutId}:${sessionId}:${flag}`, true, {
          keyPolicy: 'FAIL_IF_EXISTS',
        });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },

    /** Every recorded session of a rollout (a plan holds at most PLAN_SESSIONS_MAX). */
    async listByRollout(rolloutId: string): Promise<Attendance[]> {
      const rows: Attendance[] = [];
      let cursor: string | undefined;
      do {
        let query = kvs
          .entity<Attendance>(ATTENDANCE)
          .query()
          .index('by-rollout', { partition: [rolloutId] })
          .where(WhereConditions.greaterThan(''))
          .limit(PAGE);
        if (cursor) query = query.cursor(cursor);
        const page = await query.getMany();
        rows.push(...page.results.map((row) => row.value));
        cursor = page.nextCursor;
      } while (cursor && rows.length < PLAN_SESSIONS_MAX);
      return rows;
    },
  };
}

export type AttendanceRepository = ReturnType<typeof attendanceRepository>;
