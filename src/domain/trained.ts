/**
 * A department's trained %: the share of its people who attended at least one training session
 * of the rollout. Pure: the use case gathers the people (a Jira group's members, or a head-count
 * the coordinator entered) and the attendance, this module counts.
 *
 * Who belongs to a department:
 * - with a Jira group linked in the directory, its members; an attendee counts for every linked
 *   department whose group holds them, whatever the session's audience (a salesperson trained in
 *   the Finance session is trained);
 * - without a group, the department has only a number (its head-count); an attendee counts for
 *   it when they attended a training session given to that department alone and belong to no
 *   linked group of the rollout (attendees of sessions for several departments cannot be told
 *   apart without a group, so they count for none of the unlinked ones).
 * See docs/decisions/0019-trained-percent.md.
 */
import type { SessionKind } from './rules/plan';

/** The session kinds that train people (seminars, office hours and announcements do not). */
export const TRAINING_KINDS: readonly SessionKind[] = ['training'];

/** The largest head-count a coordinator may enter for one department. */
export const HEAD_COUNT_MAX = 1_000_000;

export type TrainedSource = 'group' | 'headCount' | 'none';

export interface TrainedEntry {
  trained: number;
  people: number;
  source: TrainedSource;
}

/** What storage keeps per rollout under `trained:<rolloutId>`. */
export interface TrainedRecord {
  byDepartment: Record<string, TrainedEntry>;
  updatedAt: string;
}

/** The share trained, 0–100 rounded down (null when the department's people are unknown). */
export function trainedPercent(
  entry: (Pick<TrainedEntry, 'trained' | 'people'> & Partial<TrainedEntry>) | undefined,
): number | null {
  if (!entry || entry.people <= 0) return null;
  return Math.min(100, Math.floor((entry.trained * 100) / entry.people));
}

export interface TrainedDepartmentInput {
  departmentId: string;
  /** The linked group's members' account ids (null: no group linked). */
  groupMembers: ReadonlySet<string> | null;
  /** The group's member count as Jira gives it (null: no group linked). */
  groupSize: number | null;
  /** The coordinator's head-count (null: none entered). */
  headCount: number | null;
}

export interface TrainedInput {
  departments: readonly TrainedDepartmentInput[];
  sessions: readonly {
    id: string;
    kind: SessionKind;
    departmentIds: readonly string[];
    allDepartments: boolean;
  }[];
  attendance: readonly { sessionId: string; accountIds: readonly string[] }[];
}

/** Each department's trained count and people. */
export function computeTrained(input: TrainedInput): Record<string, TrainedEntry> {
  const attendees = new Map(input.attendance.map((a) => [a.sessionId, a.accountIds]));
  const training = input.sessions.filter((session) => TRAINING_KINDS.includes(session.kind));
  const trainedAnywhere = new Set(training.flatMap((session) => attendees.get(session.id) ?? []));
  const grouped = input.departments.filter((d) => d.groupMembers !== null);
  const inSomeGroup = (accountId: string): boolean =>
    grouped.some((d) => d.groupMembers?.has(accountId) === true);
  const byDepartment: Record<string, TrainedEntry> = {};
  for (const department of input.departments) {
    const members = department.groupMembers;
    if (members !== null) {
      let trained = 0;
      for (const accountId of trainedAnywhere) if (members.has(accountId)) trained += 1;
      byDepartment[department.departmentId] = {
        trained,
        people: Math.max(department.groupSize ?? members.size, members.size),
        source: 'group',
      };
      continue;
    }
    const own = new Set(
      training
        .filter(
          (session) =>
            !session.allDepartments &&
            session.departmentIds.length === 1 &&
            session.departmentIds[0] === department.departmentId,
        )
        .flatMap((session) => attendees.get(session.id) ?? [])
        .filter((accountId) => !inSomeGroup(accountId)),
    );
    const headCount = department.headCount ?? 0;
    byDepartment[department.departmentId] = {
      trained: own.size,
      people: headCount,
      source: headCount > 0 ? 'headCount' : 'none',
    };
  }
  return byDepartment;
}
