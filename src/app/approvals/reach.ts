/**
 * Whether everyone a round asks can reach the rollout's issue: a head or stand-in who may not
 * browse the anchor gets "This issue can't be found" and the round can never finish, so a round
 * is refused before it opens, naming them.
 */
import type { JiraPort } from '../../atlassian/jira/port';
import { standInFor, type StandIns } from '../../domain/delegation';
import type { Rollout } from '../../domain/rollout';
import { refuse } from '../failures';
import { lookUpUsers, nameOf } from '../users';

/** Who may decide for each of the rollout's departments now: its head and their stand-in. */
export function decidersOf(
  rollout: Pick<Rollout, 'departments'>,
  standIns: StandIns,
  now: Date,
): { departmentName: string; accountId: string }[] {
  return rollout.departments.flatMap((department) => {
    const head = { departmentName: department.name, accountId: department.headAccountId };
    const standIn = standInFor(
      { approverAccountId: department.headAccountId, departmentId: department.departmentId },
      standIns,
      now,
    );
    return standIn === ''
      ? [head]
      : [head, { departmentName: department.name, accountId: standIn }];
  });
}

/**
 * Refuses (CONFLICT) when a head or stand-in of the rollout may not browse its anchor issue,
 * naming each with their department. One permission check per distinct person, asked as the app.
 */
export async function requireDecidersCanBrowse(
  jira: Pick<JiraPort, 'cannotBrowse' | 'getUsers'>,
  rollout: Pick<Rollout, 'departments' | 'anchorIssueId' | 'anchorIssueKey'>,
  standIns: StandIns,
  now: Date,
): Promise<void> {
  if (rollout.anchorIssueId === '') return;
  const deciders = decidersOf(rollout, standIns, now);
  const blocked = await jira.cannotBrowse(
    rollout.anchorIssueId,
    deciders.map((d) => d.accountId),
  );
  if (blocked.size === 0) return;
  const users = await lookUpUsers(jira, blocked);
  const names = deciders
    .filter((d) => blocked.has(d.accountId))
    .map((d) => `${nameOf(d.accountId, users)} (${d.departmentName})`);
  throw refuse('errors.rollout.decidersCannotBrowse', {
    params: { people: [...new Set(names)].join(', '), issue: rollout.anchorIssueKey },
  });
}
