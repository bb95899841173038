/**
 * Whether a department's head and default delegate can open the rollouts the department is in:
 * someone who cannot browse an anchor issue gets "This issue can't be found" when asked to
 * approve, so the directory says so when it is saved, rather than only when a round is refused.
 *
 * Bounded whatever the directory's or the rollouts' size: one query and one read of up to
 * `REACH_ROLLOUTS` rollouts, then one Jira bulk permission check per person (head, delegate),
 * which takes every anchor at once.
 */
import type { BrowseWarning } from '../contract';
import type { Department } from '../domain/departments';
import { lifecycleOf } from '../domain/rollout';
import type { Ports } from './ports';
import { userSummary, type Users } from './users';

/** Rollouts a save looks at: the first that name the department (Forge's query page caps it). */
export const REACH_ROLLOUTS = 20;

export type ReachPorts = Pick<Ports, 'jira' | 'departments' | 'rollouts'>;

/** Who of the department's head and delegate cannot open which of its unfinished rollouts. */
export async function browseWarnings(
  ports: ReachPorts,
  department: Pick<Department, 'id' | 'headAccountId' | 'delegateAccountId'>,
  users: Users,
): Promise<BrowseWarning[]> {
  const ids = await ports.departments.rolloutIdsUsing(department.id, REACH_ROLLOUTS);
  if (ids.length === 0) return [];
  const rollouts = [...(await ports.rollouts.getMany(ids)).values()].filter(
    (rollout) => rollout.anchorIssueId !== '' && lifecycleOf(rollout) !== 'completed',
  );
  if (rollouts.length === 0) return [];
  const anchors = rollouts.map((rollout) => rollout.anchorIssueId);
  const people = [...new Set([department.headAccountId, department.delegateAccountId])].filter(
    (id) => id !== '',
  );
  const hidden = await Promise.all(
    people.map(async (accountId) => ({
      accountId,
      issues: await ports.jira.hiddenFrom(accountId, anchors),
    })),
  );
  return hidden.flatMap(({ accountId, issues }) =>
    issues.size === 0
      ? []
      : [
          {
            person: userSummary(accountId, users),
            issueKeys: rollouts
              .filter((rollout) => issues.has(rollout.anchorIssueId))
              .map((rollout) => rollout.anchorIssueKey)
              .sort(),
          },
        ],
  );
}
