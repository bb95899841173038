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
import { APPROVAL_STATES, lifecycleOf, type StatusCategory } from '../domain/rollout';
import {
  applyWorkChanges,
  emptyWorkStates,
  propertyDepartments,
  workCategory,
  type WorkChange,
  type WorkStates,
} from '../domain/work-states';
import type { Ports } from './ports';
import { recordStart } from './rollout-panel/load';
import { workJql } from './strategy/context';

export type WorkStatePorts = Pick<Ports, 'workStates'>;
export type IssueEventPorts = Pick<Ports, 'jira' | 'workStates' | 'rollouts' | 'now'>;
export type ReconcilePorts = Pick<Ports, 'jira' | 'workStates' | 'rollouts' | 'remainingMs'>;

/** Writers that keep meeting another one give up; the next event or the reconciliation repairs. */
const WRITE_ATTEMPTS = 6;

/**
 * Applies `changes` to a rollout's states, conditionally, re-reading and re-applying when another
 * writer came first. 'unchanged' when they change nothing (a repeat, an older state).
 */
export async function keepWorkStates(
  ports: WorkStatePorts,
  rolloutId: string,
  changes: readonly WorkChange[],
  options: { seedOnly?: boolean; replaceAll?: boolean } = {},
): Promise<'written' | 'unchanged' | 'contended'> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const current = await ports.workStates.get(rolloutId);
    const base = current ?? emptyWorkStates(rolloutId);
    const next = applyWorkChanges(base, changes, options);
    if (!next) return 'unchanged';
    if ((await ports.workStates.replace(current, next)) === 'written') return 'written';
  }
  return 'contended';
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
  'kept' | 'removed' | 'unchanged' | 'contended' | 'started' | 'ignored';

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
    const outcome = await keepWorkStates(ports, work.rolloutId, [work.change]);
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
 * A deleted issue leaves the counts of the rollout whose states hold it. The event carries
 * neither the issue's property nor its rollout, and the issue can no longer be read, so the
 * rollouts of the issue's project are looked through (decision 0017): storage reads grow with the
 * number of rollouts in that project, never with the size of one; a deletion is rare. A repeated
 * event finds no rollout holding the issue and changes nothing.
 */
export async function onIssueDeleted(
  ports: Pick<Ports, 'workStates' | 'rollouts'>,
  issueId: string,
  projectKey: string | undefined,
): Promise<IssueEventOutcome> {
  for (const state of APPROVAL_STATES) {
    let cursor: string | undefined;
    do {
      const page = await ports.rollouts.pageByState(state, cursor);
      for (const rollout of page.rollouts) {
        if (projectKey !== undefined && rollout.projectKey !== projectKey) continue;
        const kept = await ports.workStates.get(rollout.id);
        if (kept?.items[issueId] === undefined) continue;
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
  complete: boolean;
}

/** A rollout's issues beyond this are not looked at (a plan calls for at most 740). */
const RECONCILE_ISSUES_MAX = 2_000;

/**
 * Re-reads one rollout's work issues from Jira (paged JQL search) and makes the kept states what
 * Jira says: newer states replace older ones, and issues no longer in the search leave. False
 * when time ran out before the search ended (nothing is removed then).
 */
export async function reconcileRollout(
  ports: { jira: Pick<Ports['jira'], 'workIssuesPage'> } & WorkStatePorts,
  rolloutId: string,
  timeLeft: () => boolean,
): Promise<{ repaired: boolean; complete: boolean }> {
  const changes: WorkChange[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  let complete = true;
  do {
    if (!timeLeft()) {
      complete = false;
      break;
    }
    const page = await ports.jira.workIssuesPage(workJql(rolloutId), token);
    for (const issue of page.issues) {
      const work = workChangeOf(issue);
      if (work?.rolloutId !== rolloutId) continue;
      seen.add(issue.id);
      changes.push(work.change);
    }
    token = page.nextPageToken;
  } while (token !== undefined && seen.size < RECONCILE_ISSUES_MAX);
  // Cut short at the cap, the search did not see every issue: none may be dropped for it (and
  // the run goes on to the other rollouts).
  const cut = token !== undefined;
  if (complete && !cut) {
    const kept = await ports.workStates.get(rolloutId);
    for (const issueId of Object.keys(kept?.items ?? {})) {
      if (!seen.has(issueId))
        changes.push({ issueId, removed: true, updated: Number.MAX_SAFE_INTEGER });
    }
  }
  const outcome = await keepWorkStates(ports, rolloutId, changes);
  return { repaired: outcome === 'written', complete };
}

/** The daily reconciliation of every approved rollout not completed, within the time left. */
export async function reconcileWork(
  ports: ReconcilePorts,
  timeLeft: () => boolean,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { rollouts: 0, repaired: 0, failedRollouts: 0, complete: true };
  let cursor: string | undefined;
  do {
    if (!timeLeft()) {
      report.complete = false;
      break;
    }
    const page = await ports.rollouts.pageByState('approved', cursor);
    for (const rollout of page.rollouts) {
      if (lifecycleOf(rollout) === 'completed') continue;
      if (!timeLeft()) {
        report.complete = false;
        break;
      }
      report.rollouts += 1;
      try {
        const outcome = await reconcileRollout(ports, rollout.id, timeLeft);
        if (outcome.repaired) report.repaired += 1;
        if (!outcome.complete) report.complete = false;
      } catch (error) {
        // One rollout's trouble must not stop the others; it is tried again tomorrow.
        report.failedRollouts += 1;
        const reason = error instanceof Error ? error.name : 'unknown error';
        console.warn(`[rollout-coordinator] work reconciliation of a rollout failed: ${reason}`);
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined && report.complete);
  return report;
}

export type { WorkStates };
