/**
 * A rollout's trained % per department, kept in storage (`trained:<rolloutId>`) so that every
 * reader gets it in one read: rebuilt when attendance is recorded or confirmed, when the
 * coordinator enters a head-count, and by the daily job (which also catches a group's members
 * changing in Jira, and any rebuild a failure or a race left behind).
 *
 * A rebuild reads the rollout's attendance (one query), its departments by key (one batch per
 * 25, not the whole directory: decision 0056), the head-counts (one read), and each linked
 * group's members as the app, 50 a page up to GROUP_MEMBERS_MAX; then writes the trained record
 * and the attendance summary in one batch. See docs/decisions/0019-trained-percent.md.
 * The daily job passes one `GroupReads` to all its rebuilds, so a group named by many rollouts is
 * read once a run.
 */
import type { TrainedView } from '../contract';
import { computeTrained, trainedPercent, type TrainedRecord } from '../domain/trained';
import { today } from '../domain/delegation';
import type { Rollout } from '../domain/rollout';
import type { AttendanceSummary } from '../storage/trained';
import type { Ports } from './ports';

/** The most members read of one group (100 pages of 50); a larger group counts its first ones. */
export const GROUP_MEMBERS_MAX = 5_000;

export type TrainedPorts = Pick<Ports, 'jira' | 'standIns' | 'attendance' | 'trained' | 'now'>;

type GroupMembers = Awaited<ReturnType<Ports['jira']['groupMembers']>>;

/** Groups' members read once and shared by several rebuilds (one daily run), with the pages read. */
export interface GroupReads {
  members: Map<string, Promise<GroupMembers>>;
  /** Pages of members read from Jira so far (each up to 50 members). */
  pages: number;
}

export function groupReads(): GroupReads {
  return { members: new Map(), pages: 0 };
}

/** Jira's page of group members. */
const MEMBER_PAGE = 50;

function readGroup(ports: Pick<Ports, 'jira'>, groupId: string, reads: GroupReads) {
  let read = reads.members.get(groupId);
  if (!read) {
    read = ports.jira.groupMembers(groupId, GROUP_MEMBERS_MAX).then((members) => {
      reads.pages += Math.max(1, Math.ceil((members?.accountIds.length ?? 0) / MEMBER_PAGE));
      return members;
    });
    reads.members.set(groupId, read);
  }
  return read;
}

/** The rollout's trained record as last computed (undefined: never computed). */
export function loadTrained(
  ports: Pick<Ports, 'trained'>,
  rolloutId: string,
): Promise<TrainedRecord | undefined> {
  return ports.trained.get(rolloutId);
}

/** Rebuilds and stores the rollout's trained record and attendance summary; answers the record. */
export async function refreshTrained(
  ports: TrainedPorts,
  rollout: Pick<Rollout, 'id' | 'departments' | 'sessions'>,
  reads: GroupReads = groupReads(),
): Promise<TrainedRecord> {
  const [attendance, found, headCounts] = await Promise.all([
    ports.attendance.listByRollout(rollout.id),
    ports.standIns.forRound({
      departmentIds: rollout.departments.map((d) => d.departmentId),
      people: [],
      day: today(ports.now()),
    }),
    ports.trained.headCounts.get(rollout.id),
  ]);
  const linked = new Map(found.departments.map((d) => [d.id, d]));
  const groups = await Promise.all(
    rollout.departments.map(async (department) => {
      const groupId = linked.get(department.departmentId)?.groupId ?? '';
      // A group deleted in Jira leaves the department with its head-count, if any.
      return groupId === '' ? undefined : readGroup(ports, groupId, reads);
    }),
  );
  const byDepartment = computeTrained({
    departments: rollout.departments.map((department, i) => {
      const members = groups[i];
      return {
        departmentId: department.departmentId,
        groupMembers: members ? new Set(members.accountIds) : null,
        groupSize: members ? members.total : null,
        headCount: headCounts?.counts[department.departmentId] ?? null,
      };
    }),
    sessions: rollout.sessions,
    attendance: attendance.map((a) => ({
      sessionId: a.sessionId,
      accountIds: a.attendees.map((attendee) => attendee.accountId),
    })),
  });
  const updatedAt = ports.now().toISOString();
  const record: TrainedRecord = { byDepartment, updatedAt };
  const summary: AttendanceSummary = {
    sessions: Object.fromEntries(
      attendance.map((a) => [a.sessionId, { count: a.count, recordedAt: a.recordedAt }]),
    ),
    updatedAt,
  };
  await ports.trained.save(rollout.id, record, summary);
  return record;
}

/**
 * Rebuilds after a write that already succeeded: a failure here (Jira busy reading a group) must
 * not fail what the user did; the daily job rebuilds it.
 */
export async function refreshTrainedAfterWrite(
  ports: TrainedPorts,
  rollout: Pick<Rollout, 'id' | 'departments' | 'sessions'>,
  reads?: GroupReads,
): Promise<void> {
  try {
    await refreshTrained(ports, rollout, reads);
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] the trained % was not rebuilt: ${reason}`);
  }
}

/** Each of `departmentIds`' trained % as the panels show it, in the rollout's order. */
export function trainedViews(
  rollout: Pick<Rollout, 'departments'>,
  record: TrainedRecord | undefined,
  departmentIds?: readonly string[],
): TrainedView[] {
  const wanted = departmentIds ? new Set(departmentIds) : undefined;
  return rollout.departments
    .filter((department) => !wanted || wanted.has(department.departmentId))
    .map((department) => {
      const entry = record?.byDepartment[department.departmentId];
      return {
        departmentId: department.departmentId,
        name: department.name,
        trained: entry?.trained ?? 0,
        people: entry?.people ?? 0,
        percent: trainedPercent(entry),
        source: entry?.source ?? 'none',
      };
    });
}
