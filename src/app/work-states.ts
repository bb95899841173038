/**
 * Keeping what Jira says of each work issue of a rollout (decision 0014): from a product event
 * (`onIssueEvent`, one REST read of the issue, never a scan; `onIssueDeleted`, decision 0017),
 * from the push (`seedWorkStates`,
 * the issues it just created, "to do"), and from the daily reconciliation (`reconcileWork`,
 * which pages through each approved rollout's issues and repairs what events missed).
 *
 * Every writer stores whole states, compared by Jira's `updated` time, with a write conditioned
 * on the version read and retried on contention: a repeated, late or concurrent event changes
 * nothing it should not.
 */
import type { WorkIssue } from '../atlassian/jira/port';
import type { PlanItem } from '../domain/plan';
import { APPROVAL_STATES, type StatusCategory } from '../domain/rollout';
import {
  RECORDS_PER_WRITE,
  applyWorkChanges,
  propertyDepartments,
  workCategory,
  type WorkChange,
  type WorkCounters,
} from '../domain/work-states';
import type { Ports } from './ports';
import { recordStart } from './rollout-panel/load';
import { eachRunningRollout } from './rollouts/running';
import { queueIfAnchor } from './rollouts/cleanup';
import { workJql } from './strategy/context';

export interface WorkStatePorts {
  workStates: Pick<Ports['workStates'], 'read' | 'commit'>;
}
export type IssueEventPorts = Pick<Ports, 'jira' | 'workStates' | 'rollouts' | 'cleanup' | 'now'>;
export type ReconcilePorts = Pick<
  Ports,
  'jira' | 'workStates' | 'rollouts' | 'remainingMs' | 'now'
>;

/** Writers that keep meeting another one give up; the next event or the reconciliation repairs. */
const WRITE_ATTEMPTS = 6;

/**
 * Applies `changes` to a rollout's counters and records, in writes of at most
 * `RECORDS_PER_WRITE` issues, each one transaction conditioned on the counters' version, read
 * again and applied again when another writer came first. 'unchanged' when they change nothing
 * (a repeat, an older state). Seeds (`seedOnly`) are kept in the counters, all in one write.
 */
export async function keepWorkStates(
  ports: WorkStatePorts,
  rolloutId: string,
  changes: readonly WorkChange[],
  options: {
    seedOnly?: boolean;
    /**
     * Asked only when the rollout has no counters yet: a rollout that is gone (decision 0045)
     * gets none back from an event about one of its work issues, which stay in Jira.
     */
    rolloutExists?: () => Promise<boolean>;
  } = {},
): Promise<'written' | 'unchanged' | 'contended'> {
  const size = options.seedOnly === true ? Math.max(changes.length, 1) : RECORDS_PER_WRITE;
  let outcome: 'written' | 'unchanged' | 'contended' = 'unchanged';
  for (let from = 0; from < changes.length; from += size) {
    const chunk = changes.slice(from, from + size);
    // A seed never reads records: a push's own events never reach the app (ignoreSelf).
    const issueIds = options.seedOnly === true ? [] : [...new Set(chunk.map((c) => c.issueId))];
    let result: 'written' | 'unchanged' | 'contended' = 'contended';
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const current = await ports.workStates.read(rolloutId, issueIds);
      if (!current.exists && options.rolloutExists && !(await options.rolloutExists())) {
        return 'unchanged';
      }
      const write = applyWorkChanges(current.counters, current.kept, chunk, options);
      if (!write) {
        result = 'unchanged';
        break;
      }
      if ((await ports.workStates.commit(current, write)) === 'written') {
        result = 'written';
        break;
      }
    }
    if (result === 'contended') return 'contended';
    if (result === 'written') outcome = 'written';
  }
  return outcome;
}

/** The change a work issue's state makes to its rollout; undefined for an issue of no plan. */
export function workChangeOf(
  issue: WorkIssue,
): { rolloutId: string; change: WorkChange } | undefined {
  const { property } = issue;
  if (property.role !== 'work' || typeof property.rolloutId !== 'string') return undefined;
  return {
    rolloutId: property.rolloutId,
    change: {
      issueId: issue.id,
      state: {
        planItemId: typeof property.planItemId === 'string' ? property.planItemId : '',
        phaseId: typeof property.phaseId === 'string' ? property.phaseId : '',
        departmentIds: propertyDepartments(property),
        category: workCategory(issue.statusCategory),
        dueDate: issue.dueDate,
        updated: issue.updated,
      },
    },
  };
}

/** The Jira product events the `work-events` trigger listens to (manifest.yml). */
export const ISSUE_EVENTS = [
  'avi:jira:created:issue',
  'avi:jira:updated:issue',
  'avi:jira:deleted:issue',
] as const;

export type IssueEventOutcome =
  'kept' | 'removed' | 'unchanged' | 'contended' | 'started' | 'ignored' | 'cleanup-queued';

function statusCategory(value: string): StatusCategory {
  return value === 'new' || value === 'indeterminate' || value === 'done' ? value : 'undefined';
}

/**
 * One product event about an issue: reads the issue as the app (the event carries neither its
 * due date nor its property) and keeps its state when it is a rollout's work issue; for a
 * rollout's anchor out of To Do, records that the rollout started.
 */
export async function onIssueEvent(
  ports: IssueEventPorts,
  issueId: string,
): Promise<IssueEventOutcome> {
  const issue = await ports.jira.workIssue(issueId);
  // Gone since the event: the reconciliation drops it from its rollout.
  if (!issue) return 'ignored';
  const work = workChangeOf(issue);
  if (work) {
    const outcome = await keepWorkStates(ports, work.rolloutId, [work.change], {
      rolloutExists: async () => (await ports.rollouts.get(work.rolloutId)) !== undefined,
    });
    return outcome === 'written' ? 'kept' : outcome;
  }
  const { property } = issue;
  if (property.role === 'anchor' && typeof property.rolloutId === 'string') {
    const rollout = await ports.rollouts.get(property.rolloutId);
    if (rollout?.anchorIssueId !== issue.id) return 'ignored';
    const after = await recordStart(ports, rollout, {
      statusCategory: statusCategory(issue.statusCategory),
    });
    return after.startedAt !== rollout.startedAt ? 'started' : 'unchanged';
  }
  return 'ignored';
}

/**
 * A deleted anchor issue queues its rollout's cleanup (decision 0045). Any other deleted issue
 * leaves the counts of the rollout whose states hold it. The event carries
 * neither the issue's property nor its rollout, and the issue can no longer be read, so the
 * rollouts of the issue's project are looked through (decision 0017): storage reads grow with the
 * number of rollouts in that project, never with the size of one; a deletion is rare. A repeated
 * event finds no rollout holding the issue and changes nothing.
 */
export async function onIssueDeleted(
  ports: Pick<Ports, 'workStates' | 'rollouts' | 'cleanup' | 'now'>,
  issueId: string,
  projectKey: string | undefined,
): Promise<IssueEventOutcome> {
  // A rollout's anchor: the rollout is gone with it, and its records go with the daily cleanup.
  if (await queueIfAnchor(ports, issueId)) return 'cleanup-queued';
  for (const state of APPROVAL_STATES) {
    let cursor: string | undefined;
    do {
      const page = await ports.rollouts.pageByState(state, cursor);
      for (const rollout of page.rollouts) {
        if (projectKey !== undefined && rollout.projectKey !== projectKey) continue;
        const kept = await ports.workStates.read(rollout.id, [issueId]);
        if (!kept.kept.has(issueId) && kept.counters.seeded?.[issueId] === undefined) continue;
        const outcome = await keepWorkStates(ports, rollout.id, [
          { issueId, removed: true, updated: Number.MAX_SAFE_INTEGER },
        ]);
        return outcome === 'written' ? 'removed' : outcome;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  return 'ignored';
}

/** The states of the issues a push just created: to do, with the plan's due date. */
export async function seedWorkStates(
  ports: WorkStatePorts,
  rolloutId: string,
  created: readonly { issueId: string; item: PlanItem; dueDate: string }[],
): Promise<void> {
  if (created.length === 0) return;
  await keepWorkStates(
    ports,
    rolloutId,
    created.map(({ issueId, item, dueDate }) => ({
      issueId,
      state: {
        planItemId: item.planItemId,
        phaseId: item.phaseId,
        departmentIds: item.departmentIds,
        category: 'new',
        dueDate,
        // Older than any time Jira gives: the first event about the issue replaces it.
        updated: 0,
      },
    })),
    { seedOnly: true },
  );
}

/** What one reconciliation run did: counts only. */
export interface ReconcileReport {
  rollouts: number;
  repaired: number;
  failedRollouts: number;
  /** False when a rollout's pass is left for the next run (its place is stored), or time ran out. */
  complete: boolean;
  /**
   * True when the clock, not a page budget, left work for the next run: how many runs a pass
   * takes is then the machine's doing, not the budgets' (the bench judges the budgets' only).
   */
  outOfTime: boolean;
}

/**
 * Jira pages (of 100 issues) one run reads per rollout in the search: a 10,000-issue rollout's
 * search ends in one run; a larger one goes on at the next run from its stored place.
 */
export const RECONCILE_SEARCH_PAGES_PER_RUN = 100;

/**
 * Storage pages (of 20 records, Forge's plain-query page) one run reads per rollout in the
 * sweep: the records of 10,000 issues. They are storage reads only, so the sweep is given its
 * own budget rather than the search's leftover: a lost deletion at 10,000 issues is repaired in
 * the same run as the search that found it (decision 0044).
 */
export const RECONCILE_SWEEP_PAGES_PER_RUN = 500;

/**
 * Goes on with one rollout's reconciliation pass from its stored place, for at most
 * `RECONCILE_SEARCH_PAGES_PER_RUN` Jira pages and `RECONCILE_SWEEP_PAGES_PER_RUN` storage pages:
 *
 * 1. search: pages through the rollout's work issues in Jira (JQL search), and makes each
 *    issue's record what Jira says (newer states replace older ones; a seed becomes a record);
 * 2. at the search's end, the seeds it did not find (their issue is gone) leave the counts;
 * 3. sweep, only when the counters count more issues than the search found: pages through the
 *    rollout's records and takes out of the counts those the search did not find (their ids are
 *    kept between runs, a value per run); it ends as soon as the counters count no more issues
 *    than the search found. Jira's JQL cannot be asked about a list of ids that may include
 *    deleted issues (`id in (…)` is refused when one does not exist).
 *
 * `complete` is true when the pass ended (its place is then forgotten: the next run starts a
 * new one); `outOfTime`, when it did not and the clock rather than a page budget stopped it.
 */
export async function reconcileRollout(
  ports: Pick<Ports, 'now'> & {
    jira: Pick<Ports['jira'], 'workIssuesPage'>;
    workStates: Pick<
      Ports['workStates'],
      | 'get'
      | 'read'
      | 'commit'
      | 'recordPage'
      | 'cursor'
      | 'saveCursor'
      | 'saveSeen'
      | 'seen'
      | 'forgetSeen'
    >;
  },
  rolloutId: string,
  timeLeft: () => boolean,
): Promise<{ repaired: boolean; complete: boolean; outOfTime: boolean }> {
  const cursor = (await ports.workStates.cursor(rolloutId)) ?? {
    stage: 'search' as const,
    seen: 0,
    chunks: 0,
    startedAt: ports.now().getTime(),
    seeds: Object.keys((await ports.workStates.get(rolloutId))?.seeded ?? {}),
  };
  let repaired = false;
  const keep = async (changes: WorkChange[]) => {
    if ((await keepWorkStates(ports, rolloutId, changes)) === 'written') repaired = true;
  };
  let pages = 0;
  const more = () => pages < RECONCILE_SEARCH_PAGES_PER_RUN && timeLeft();
  let sweepPages = 0;
  const sweepMore = () => sweepPages < RECONCILE_SWEEP_PAGES_PER_RUN && timeLeft();
  const end = async () => {
    await ports.workStates.forgetSeen(rolloutId, cursor.chunks);
    await ports.workStates.saveCursor(rolloutId, undefined);
    return { repaired, complete: true, outOfTime: false };
  };

  const found: string[] = [];
  while (cursor.stage === 'search' && more()) {
    pages += 1;
    let page: Awaited<ReturnType<Ports['jira']['workIssuesPage']>>;
    try {
      page = await ports.jira.workIssuesPage(workJql(rolloutId), cursor.token);
    } catch (error) {
      // A page token Jira no longer takes (or any failure): the next run starts the pass again.
      await ports.workStates.forgetSeen(rolloutId, cursor.chunks);
      await ports.workStates.saveCursor(rolloutId, undefined);
      throw error;
    }
    const changes: WorkChange[] = [];
    for (const issue of page.issues) {
      const work = workChangeOf(issue);
      if (work?.rolloutId !== rolloutId) continue;
      changes.push(work.change);
      found.push(issue.id);
    }
    cursor.seen += changes.length;
    await keep(changes);
    if (page.nextPageToken !== undefined) {
      cursor.token = page.nextPageToken;
      continue;
    }
    // The search is over: a seed it did not find is an issue Jira no longer has.
    const counters = await ports.workStates.get(rolloutId);
    const unseen = cursor.seeds.filter((id) => counters?.seeded?.[id] !== undefined);
    await keep(unseen.map((issueId) => ({ issueId, removed: true, updated: cursor.startedAt })));
    const counted = (await ports.workStates.get(rolloutId))?.issues ?? 0;
    // As many issues counted as found: no record is left over, no sweep is needed.
    if (counted <= cursor.seen) return end();
    cursor.stage = 'sweep';
    delete cursor.token;
  }
  if (found.length > 0) {
    await ports.workStates.saveSeen(rolloutId, cursor.chunks, found);
    cursor.chunks += 1;
  }

  if (cursor.stage === 'sweep' && sweepMore()) {
    const seen = await ports.workStates.seen(rolloutId, cursor.chunks);
    while (sweepMore()) {
      sweepPages += 1;
      const page = await ports.workStates.recordPage(rolloutId, cursor.token);
      // A record the search did not find is an issue no longer the rollout's work; one an event
      // wrote since the pass started (an issue new to the rollout) is newer and stays.
      const stale = page.issueIds.filter((id) => !seen.has(id));
      await keep(stale.map((issueId) => ({ issueId, removed: true, updated: cursor.startedAt })));
      if (page.nextCursor === undefined) return end();
      // Every record left over is out: the rest of the records are all ones the search found.
      if (stale.length > 0 && ((await ports.workStates.get(rolloutId))?.issues ?? 0) <= cursor.seen)
        return end();
      cursor.token = page.nextCursor;
    }
  }
  await ports.workStates.saveCursor(rolloutId, cursor);
  const pagesSpent =
    cursor.stage === 'search'
      ? pages >= RECONCILE_SEARCH_PAGES_PER_RUN
      : sweepPages >= RECONCILE_SWEEP_PAGES_PER_RUN;
  return { repaired, complete: false, outOfTime: !pagesSpent };
}

/**
 * One reconciliation run over every approved rollout not completed, within the time left and
 * the pages per rollout above; a rollout's pass left unfinished goes on next run.
 */
export async function reconcileWork(
  ports: ReconcilePorts,
  timeLeft: () => boolean,
): Promise<ReconcileReport> {
  const passes = { repaired: 0, unfinished: 0, outOfTime: false };
  const walk = await eachRunningRollout(ports, timeLeft, 'work reconciliation', async (rollout) => {
    const outcome = await reconcileRollout(ports, rollout.id, timeLeft);
    if (outcome.repaired) passes.repaired += 1;
    if (!outcome.complete) passes.unfinished += 1;
    if (outcome.outOfTime) passes.outOfTime = true;
  });
  return {
    rollouts: walk.visited,
    repaired: passes.repaired,
    failedRollouts: walk.failed,
    complete: walk.complete && passes.unfinished === 0,
    outOfTime: !walk.complete || passes.outOfTime,
  };
}

export type { WorkCounters };
