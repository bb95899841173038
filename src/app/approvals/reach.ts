/**
 * Whether everyone a round asks can reach the rollout's issue: a head or stand-in who may not
 * browse the anchor gets "This issue can't be found" and the round can never finish, so a round
 * is refused before it opens, naming them.
 *
 * Jira checks one person per call (`permissions/check` takes one accountId), so a "yes" is kept
 * per anchor issue for a day: the next round, a re-confirmation or a retry asks Jira only about
 * people not seen lately. A "no" is never kept: once an admin lets them in, the next try passes.
 * One request asks Jira about at most `BROWSE_CHECKS_PER_REQUEST` people; past that it opens
 * nothing and asks to be sent again, which checks the next ones (the "yes" answers are kept).
 */
import type { JiraPort } from '../../atlassian/jira/port';
import type { BrowseChecks, RolloutRepository } from '../../storage/rollouts';
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
  ports: {
    jira: Pick<JiraPort, 'cannotBrowse' | 'getUsers'>;
    rollouts: Pick<RolloutRepository, 'browseChecks' | 'keepBrowseChecks'>;
  },
  rollout: Pick<Rollout, 'departments' | 'anchorIssueId' | 'anchorIssueKey'>,
  standIns: StandIns,
  now: Date,
): Promise<void> {
  if (rollout.anchorIssueId === '') return;
  const deciders = decidersOf(rollout, standIns, now);
  const { blocked, checked, left } = await cannotBrowseNow(
    ports,
    rollout.anchorIssueId,
    deciders.map((d) => d.accountId),
    now,
  );
  if (blocked.size === 0) {
    if (left === 0) return;
    throw refuse('errors.rollout.browseChecksPending', {
      params: { checked, left, issue: rollout.anchorIssueKey },
    });
  }
  const { jira } = ports;
  const users = await lookUpUsers(jira, blocked);
  const names = deciders
    .filter((d) => blocked.has(d.accountId))
    .map((d) => `${nameOf(d.accountId, users)} (${d.departmentName})`);
  throw refuse('errors.rollout.decidersCannotBrowse', {
    params: { people: [...new Set(names)].join(', '), issue: rollout.anchorIssueKey },
  });
}

/** How long Jira's "may browse" is trusted before it is asked again. */
export const BROWSE_CHECK_FRESH_MS = 24 * 60 * 60 * 1000;

/**
 * Jira calls one request may make to check access: one per person (the API takes one accountId),
 * so a first round of 100 departments with stand-ins (200 people) is checked over at most 4
 * requests, each refused with how many remain until the last, which opens the round.
 */
export const BROWSE_CHECKS_PER_REQUEST = 50;

/**
 * Who among `accountIds` may not browse the issue, asking Jira only about those without a fresh
 * "yes" kept for it, and about at most `cap` of them (in their order): `checked` were asked now,
 * `left` are still unknown. Keeps the new "yes" answers and drops stale ones.
 */
export async function cannotBrowseNow(
  ports: {
    jira: Pick<JiraPort, 'cannotBrowse'>;
    rollouts: Pick<RolloutRepository, 'browseChecks' | 'keepBrowseChecks'>;
  },
  issueId: string,
  accountIds: readonly string[],
  now: Date,
  cap = BROWSE_CHECKS_PER_REQUEST,
): Promise<{ blocked: Set<string>; checked: number; left: number }> {
  const people = [...new Set(accountIds)].filter((id) => id !== '');
  if (people.length === 0) return { blocked: new Set(), checked: 0, left: 0 };
  const kept = await ports.rollouts.browseChecks(issueId);
  const freshSince = now.getTime() - BROWSE_CHECK_FRESH_MS;
  const isFresh = (at: string | undefined): boolean =>
    at !== undefined && Date.parse(at) >= freshSince && Date.parse(at) <= now.getTime();
  const stale = people.filter((id) => !isFresh(kept[id]));
  if (stale.length === 0) return { blocked: new Set(), checked: 0, left: 0 };
  const unknown = stale.slice(0, cap);
  const blocked = await ports.jira.cannotBrowse(issueId, unknown);
  const next: BrowseChecks = {};
  for (const [id, at] of Object.entries(kept)) {
    if (isFresh(at) && !blocked.has(id)) next[id] = at;
  }
  const at = now.toISOString();
  for (const id of unknown) if (!blocked.has(id)) next[id] = at;
  await ports.rollouts.keepBrowseChecks(issueId, next);
  return { blocked, checked: unknown.length, left: stale.length - unknown.length };
}
