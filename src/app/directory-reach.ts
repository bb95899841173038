/**
 * Whether a department's deciders can open the rollouts the department is in: its head, its
 * default delegate and whoever the head named in a delegation that has not ended. Someone who
 * cannot browse an anchor issue gets "This issue can't be found" when asked to approve, so the
 * directory says so when it is saved and when the admin page lists it, rather than only when a
 * round is refused.
 *
 * Bounded whatever the directory's or the rollouts' size. One department costs one links query,
 * one read of up to `REACH_ROLLOUTS` rollouts, one read of the head's delegations, then one Jira
 * bulk permission check per person (at most 2 + DELEGATIONS_MAX), which takes every anchor at
 * once. A list checks at most `REACH_DEPARTMENTS_PER_LIST` departments whose last check is older
 * than `REACH_FRESH_MS`, was made for other people, or predates a rollout naming the department
 * (a mark written with the rollout's link), and answers the others from the last check (one
 * storage document); those never checked are counted, not guessed.
 */
import type { BrowseWarning } from '../contract';
import { currentDelegations } from '../domain/delegation';
import type { Department } from '../domain/departments';
import { lifecycleOf } from '../domain/rollout';
import type { ReachCheck, ReachChecks } from '../storage/departments';
import type { Ports } from './ports';
import { userSummary, type Users } from './users';

/** Rollouts a check looks at: the first that name the department (Forge's query page caps it). */
export const REACH_ROLLOUTS = 20;
/** Departments one directory list checks again, at most. */
export const REACH_DEPARTMENTS_PER_LIST = 4;
/** How long a check stands for the same people (Jira permissions change without the app knowing). */
export const REACH_FRESH_MS = 60 * 60_000;

export type ReachPorts = Pick<Ports, 'jira' | 'departments' | 'rollouts' | 'delegations' | 'now'>;

type Checked = Pick<Department, 'id' | 'headAccountId' | 'delegateAccountId'>;
type Hidden = ReachCheck['hidden'];

/** The directory's own people of a department: a change of them makes its last check void. */
function peopleOf(department: Checked): string {
  return `${department.headAccountId}|${department.delegateAccountId}`;
}

/** Who of the department's deciders cannot open which of its unfinished rollouts. */
async function hiddenFrom(ports: ReachPorts, department: Checked): Promise<Hidden> {
  const [ids, record] = await Promise.all([
    ports.departments.rolloutIdsUsing(department.id, REACH_ROLLOUTS),
    ports.delegations.get(department.headAccountId),
  ]);
  if (ids.length === 0) return [];
  const rollouts = [...(await ports.rollouts.getMany(ids)).values()].filter(
    (rollout) => rollout.anchorIssueId !== '' && lifecycleOf(rollout) !== 'completed',
  );
  if (rollouts.length === 0) return [];
  const anchors = rollouts.map((rollout) => rollout.anchorIssueId);
  const standIns = currentDelegations(record, ports.now()).map((d) => d.delegateAccountId);
  const people = [
    ...new Set([department.headAccountId, department.delegateAccountId, ...standIns]),
  ].filter((id) => id !== '');
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
            accountId,
            issueKeys: rollouts
              .filter((rollout) => issues.has(rollout.anchorIssueId))
              .map((rollout) => rollout.anchorIssueKey)
              .sort(),
          },
        ],
  );
}

/** The people a warning names, for the caller's user look-up. */
export function warnedPeople(hidden: Iterable<Hidden>): string[] {
  return [...hidden].flatMap((list) => list.map((entry) => entry.accountId));
}

export function toWarnings(hidden: Hidden, users: Users): BrowseWarning[] {
  return hidden.map((entry) => ({
    person: userSummary(entry.accountId, users),
    issueKeys: entry.issueKeys,
  }));
}

/** Logs a check that failed: a warning is advice, and a round request still refuses. */
function checkFailed(error: unknown): void {
  const reason = error instanceof Error ? error.name : 'unknown error';
  console.warn(`[rollout-coordinator] the directory's browse check failed: ${reason}`);
}

/** Checks a department just saved, and keeps the answer for the lists that follow. */
export async function checkSaved(ports: ReachPorts, department: Checked): Promise<Hidden> {
  try {
    const hidden = await hiddenFrom(ports, department);
    const checks = await ports.departments.reachChecks();
    checks[department.id] = {
      people: peopleOf(department),
      checkedAt: ports.now().toISOString(),
      hidden,
    };
    await ports.departments.saveReachChecks(checks);
    await ports.departments.clearReachStale([department.id]);
    return hidden;
  } catch (error) {
    checkFailed(error);
    return [];
  }
}

export interface ListedReach {
  /** Department id → who cannot open what, as last checked. */
  hidden: Map<string, Hidden>;
  /** Departments not checked for these people yet (past this list's bound, or the check failed). */
  unchecked: number;
}

/** What a directory list shows of access: the last checks, renewed for a few departments. */
export async function listedReach(
  ports: ReachPorts,
  departments: readonly Checked[],
): Promise<ListedReach> {
  const now = ports.now();
  const [checks, stale] = await Promise.all([
    ports.departments.reachChecks().catch((error: unknown): ReachChecks => {
      checkFailed(error);
      return {};
    }),
    ports.departments.reachStale().catch((error: unknown): string[] => {
      checkFailed(error);
      return [];
    }),
  ]);
  const marked = new Set(stale);
  const valid = (department: Checked): ReachCheck | undefined => {
    const check = checks[department.id];
    return check?.people === peopleOf(department) ? check : undefined;
  };
  // A department a rollout started naming is due at once, as is one never checked or checked for
  // other people; then the oldest check.
  const since = (department: Checked): string =>
    marked.has(department.id) ? '' : (valid(department)?.checkedAt ?? '');
  const due = departments
    .filter((department) => {
      const check = valid(department);
      return (
        !check ||
        marked.has(department.id) ||
        now.getTime() - Date.parse(check.checkedAt) >= REACH_FRESH_MS
      );
    })
    .sort((a, b) => since(a).localeCompare(since(b)));
  const renewed = await Promise.allSettled(
    due.slice(0, REACH_DEPARTMENTS_PER_LIST).map(async (department) => ({
      department,
      hidden: await hiddenFrom(ports, department),
    })),
  );
  const kept: ReachChecks = {};
  for (const department of departments) {
    const check = valid(department);
    if (check) kept[department.id] = check;
  }
  let changed = false;
  for (const outcome of renewed) {
    if (outcome.status === 'rejected') {
      checkFailed(outcome.reason);
      continue;
    }
    const { department, hidden } = outcome.value;
    kept[department.id] = { people: peopleOf(department), checkedAt: now.toISOString(), hidden };
    changed = true;
  }
  if (changed || Object.keys(kept).length !== Object.keys(checks).length) {
    await ports.departments.saveReachChecks(kept).catch(checkFailed);
  }
  const listed = new Set(departments.map((department) => department.id));
  const cleared = [
    ...renewed.flatMap((outcome) =>
      outcome.status === 'fulfilled' && marked.has(outcome.value.department.id)
        ? [outcome.value.department.id]
        : [],
    ),
    // Marks of departments removed since.
    ...stale.filter((id) => !listed.has(id)),
  ];
  if (cleared.length > 0) await ports.departments.clearReachStale(cleared).catch(checkFailed);
  const hidden = new Map<string, Hidden>();
  for (const [id, check] of Object.entries(kept)) {
    if (check.hidden.length > 0) hidden.set(id, check.hidden);
  }
  return {
    hidden,
    unchecked: departments.filter((department) => kept[department.id] === undefined).length,
  };
}
