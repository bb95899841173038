/**
 * The daily job's attendance round: for each approved rollout, the sessions whose attendance ran
 * past their capacity, or whose day passed with nothing recorded, are flagged by e-mail to their
 * owners and the coordinator, in each one's language. Each session's flag is claimed before it
 * is mailed, so it is mailed once whatever the number of runs; one e-mail per rollout per run,
 * naming at most MAX_FLAGGED_PER_MAIL sessions (the rest follow on the next days).
 *
 * The same round rebuilds each rollout's trained % (src/app/trained.ts), so members who joined
 * or left a department's Jira group count by the next day.
 */
import { attendanceFlag, type AttendanceFlag } from '../domain/attendance';
import { today } from '../domain/delegation';
import type { Rollout, StrategySession } from '../domain/rollout';
import { sendLocalised } from '../notifications/common';
import { attendanceFlagMail } from '../notifications/attendance-flags';
import type { Ports } from './ports';
import { groupReads, refreshTrainedAfterWrite } from './trained';
import { lookUpUsers } from './users';

export type AttendanceFlagPorts = Pick<
  Ports,
  'jira' | 'rollouts' | 'attendance' | 'trained' | 'standIns' | 'now' | 'remainingMs'
>;

export const MAX_FLAGGED_PER_MAIL = 20;
/**
 * Pages of group members (50 each) one run reads to rebuild trained % (decision 0056): each group
 * is read once a run whatever the number of rollouts naming it, and once this many pages are read
 * the remaining rollouts keep yesterday's figure (their flags still go out). A rollout's rebuild
 * starts only below the bound, so a run reads at most this plus one rollout's groups. The next run
 * starts after the last rollout rebuilt, so the deferred ones come first the next day.
 */
export const TRAINED_MEMBER_PAGES_PER_RUN = 200;

export interface AttendanceFlagReport {
  rollouts: number;
  flagged: number;
  mailFailures: number;
  failedRollouts: number;
  /**
   * Rollouts whose trained % was not rebuilt this run: the member pages' bound was reached (or,
   * for those rebuilt after the walk, the run's time ran out).
   */
  trainedDeferred: number;
  complete: boolean;
}

/**
 * The order of a run's trained % rebuilds. The walk of approved rollouts rebuilds those after the
 * rollout where the last run stopped short (kept in kvs), holds the ones before it, and rebuilds
 * those after the walk: so a run that reaches the bound hands the rest to the next day instead of
 * deferring the same rollouts every day, and each is rebuilt within ⌈rollouts / per run⌉ days. A
 * mark naming a rollout that is gone or no longer approved is never met: everything is held and
 * rebuilt after the walk in plain order.
 */
function rebuildRotation(ports: AttendanceFlagPorts, pagesPerRun: number) {
  const reads = groupReads();
  const held: Rollout[] = [];
  // Read when the walk meets its first rollout: a run with none approved pays no call for it.
  let place: { after: string | undefined } | undefined;
  let started = false;
  let lastRebuilt: string | undefined;
  let deferred = 0;
  const rebuild = async (rollout: Rollout): Promise<void> => {
    if (reads.pages >= pagesPerRun) {
      deferred += 1;
      return;
    }
    await refreshTrainedAfterWrite(ports, rollout, reads);
    lastRebuilt = rollout.id;
  };
  return {
    /** Rebuilds the rollout now if its turn has come, or holds it for after the walk. */
    async inTurn(rollout: Rollout): Promise<void> {
      if (!place) {
        place = { after: await ports.trained.rebuildAfter() };
        started = place.after === undefined;
      }
      if (started) {
        await rebuild(rollout);
        return;
      }
      held.push(rollout);
      if (rollout.id === place.after) started = true;
    },
    /** Rebuilds the held rollouts while time is left; false when it ran out. */
    async wrapAround(timeLeft: () => boolean, failed: (error: unknown) => void): Promise<boolean> {
      for (const [index, rollout] of held.entries()) {
        if (!timeLeft()) {
          deferred += held.length - index;
          return false;
        }
        try {
          await rebuild(rollout);
        } catch (error) {
          failed(error);
        }
      }
      return true;
    },
    deferred: () => deferred,
    /** Where the next run starts: after the last rebuilt, or from the top when none was left. */
    async keepPlace(complete: boolean): Promise<void> {
      if (!place) return;
      const next = complete && deferred === 0 ? undefined : (lastRebuilt ?? place.after);
      if (next === place.after) return;
      try {
        await ports.trained.setRebuildAfter(next);
      } catch (error) {
        // The rebuilds are written; the next run then starts from the old place, nothing is lost.
        const reason = error instanceof Error ? error.name : 'unknown error';
        console.warn(`[rollout-coordinator] trained rebuild kept no place: ${reason}`);
      }
    },
  };
}

export async function runAttendanceFlags(
  ports: AttendanceFlagPorts,
  stopMarginMs: number,
  memberPagesPerRun: number = TRAINED_MEMBER_PAGES_PER_RUN,
): Promise<AttendanceFlagReport> {
  const report: AttendanceFlagReport = {
    rollouts: 0,
    flagged: 0,
    mailFailures: 0,
    failedRollouts: 0,
    trainedDeferred: 0,
    complete: true,
  };
  const rotation = rebuildRotation(ports, memberPagesPerRun);
  const timeLeft = (): boolean => ports.remainingMs() > stopMarginMs;
  const day = today(ports.now());
  // One rollout's trouble must not stop the others; it is tried again tomorrow.
  const skipped = (error: unknown): void => {
    report.failedRollouts += 1;
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] attendance flags skipped a rollout: ${reason}`);
  };
  let cursor: string | undefined;
  do {
    if (!timeLeft()) {
      report.complete = false;
      break;
    }
    const page = await ports.rollouts.pageByState('approved', cursor);
    for (const rollout of page.rollouts) {
      if (!timeLeft()) {
        report.complete = false;
        break;
      }
      report.rollouts += 1;
      try {
        // A group Jira cannot read today must not hold back the flags: logged, tried tomorrow.
        await rotation.inTurn(rollout);
        const stored = new Map(
          (await ports.attendance.listByRollout(rollout.id)).map((a) => [a.sessionId, a]),
        );
        const flagged: { session: StrategySession; flag: AttendanceFlag; count: number }[] = [];
        for (const session of [...rollout.sessions].sort((a, b) => a.date.localeCompare(b.date))) {
          if (flagged.length >= MAX_FLAGGED_PER_MAIL) break;
          const attendance = stored.get(session.id);
          const flag = attendanceFlag(session, attendance, day);
          if (flag && (await ports.attendance.claimFlagMail(rollout.id, session.id, flag))) {
            flagged.push({ session, flag, count: attendance?.count ?? 0 });
          }
        }
        if (flagged.length === 0) continue;
        report.flagged += flagged.length;
        const recipients = [
          rollout.createdBy,
          ...flagged.map((f) => f.session.ownerAccountId),
        ].filter((id) => id !== '');
        const users = await lookUpUsers(ports.jira, recipients);
        const sent = await sendLocalised(
          ports.jira,
          rollout.anchorIssueId,
          recipients,
          users,
          (language) =>
            attendanceFlagMail(language, {
              rolloutTitle: rollout.title,
              issueKey: rollout.anchorIssueKey,
              sessions: flagged.map((f) => ({
                title: f.session.title,
                date: f.session.date,
                flag: f.flag,
                count: f.count,
                capacity: f.session.capacity,
              })),
            }),
        );
        if (!sent) report.mailFailures += 1;
      } catch (error) {
        skipped(error);
      }
    }
    cursor = report.complete ? page.nextCursor : undefined;
  } while (cursor);
  if (!(await rotation.wrapAround(timeLeft, skipped))) report.complete = false;
  report.trainedDeferred = rotation.deferred();
  await rotation.keepPlace(report.complete);
  return report;
}
