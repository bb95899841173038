/**
 * Discarding a rollout that was never approved, from the Rollouts space page or the Approvals
 * panel: by its creator, or by a Jira administrator.
 *
 * What goes: the rollout, its department links (so the directory may remove those departments),
 * its approvals, its leases, its claim on the anchor issue and the app's property on that issue.
 * What stays: the audit trail, which records the discard (who, when, what), and the content
 * people made: the anchor Jira issue, the strategy page and any work pushed to Jira are theirs
 * and the app never deletes them; the UI says so before and after.
 *
 * Order: the rollout and its last event go in one conditional transaction (a concurrent change
 * makes it CONFLICT, nothing done), under the creation lease so that no creation makes a page for
 * a rollout that is going, and never while a push job is active (CONFLICT: wait for it). A push
 * queued in the instant between finds no rollout and ends as failed, creating nothing. What hangs off it goes after, each step keyed and
 * repeatable; a link left by a step that failed no longer counts once it is old
 * (`isUsedByRollout`), and leftover approvals are unreachable.
 */
import type { AppFailure, DiscardOutcome } from '../../contract';
import type { IssueAccess } from '../../atlassian/jira/port';
import { auditEvent, eventTime } from '../../domain/audit';
import { canDiscard, everApproved, type Rollout } from '../../domain/rollout';
import { isActive } from '../../domain/push-job';
import type { Lease } from '../../storage/leases';
import { staleRollout } from '../access';
import { refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { strategyNotFound } from '../strategy/context';
import { strategyPageTitle } from '../../templates/strategy';

/** Longer than any invocation, like the lease it shares with creation. */
const DISCARD_LEASE_MS = 60_000;

/**
 * Whether the acting user may discard `rollout`. `issue`, the anchor issue as they see it, says
 * whether they are a Jira administrator; without it Jira is asked, only when that decides it.
 * Never fails: a view that cannot tell offers no discard.
 */
export async function discardRight(
  ports: Pick<Ports, 'jira'>,
  call: Caller,
  rollout: Rollout,
  issue?: IssueAccess,
): Promise<boolean> {
  if (everApproved(rollout)) return false;
  if (rollout.createdBy === call.accountId) return true;
  try {
    const isJiraAdmin = issue ? issue.isJiraAdmin : await ports.jira.isAdmin();
    return canDiscard(rollout, { accountId: call.accountId, isJiraAdmin });
  } catch {
    return false;
  }
}

function busy(what: 'create' | 'push'): AppFailure {
  return refuse(
    what === 'create' ? 'errors.strategy.creationRunning' : 'errors.strategy.pushRunning',
  );
}

/**
 * Runs `work` holding the creation lease of the rollout, with no push job active (CONFLICT while
 * either runs).
 */
async function holdingLeases<T>(
  ports: Pick<Ports, 'leases' | 'pushJobs' | 'newId' | 'now'>,
  rolloutId: string,
  work: (held: Lease[]) => Promise<T>,
): Promise<T> {
  const held: Lease[] = [];
  try {
    const taken = await ports.leases.acquire(
      'create',
      rolloutId,
      ports.newId(),
      ports.now(),
      DISCARD_LEASE_MS,
    );
    if (!taken.acquired) throw busy('create');
    held.push(taken.lease);
    const job = await ports.pushJobs.get(rolloutId);
    if (job && isActive(job, ports.now())) throw busy('push');
    return await work(held);
  } catch (error) {
    // Not discarded: give back whatever was taken, for a retry or the creation to go on.
    await Promise.all(held.map((lease) => ports.leases.release(lease, lease.recent)));
    throw error;
  }
}

/** What hangs off a discarded rollout, removed by key; each step is repeatable. */
async function removeLeftovers(
  ports: Pick<Ports, 'rollouts' | 'approvals' | 'leases' | 'pushJobs' | 'jira' | 'trained'>,
  rollout: Rollout,
  at: string,
): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    [
      'department links',
      () =>
        ports.rollouts.linkDepartments(
          rollout.id,
          [],
          rollout.departments.map((d) => d.departmentId),
          at,
        ),
    ],
    ['approvals', () => ports.approvals.removeAll(rollout.id)],
    ['trained % and head-counts', () => ports.trained.remove(rollout.id)],
    [
      'lease and push job',
      () =>
        Promise.all([ports.leases.remove('create', rollout.id), ports.pushJobs.remove(rollout.id)]),
    ],
  ];
  if (rollout.anchorIssueId !== '') {
    steps.push(
      ['issue claim', () => ports.rollouts.releaseIssue(rollout.anchorIssueId, rollout.id)],
      ['issue property', () => ports.jira.removeRolloutProperty(rollout.anchorIssueId)],
    );
  }
  const outcomes = await Promise.allSettled(steps.map(([, step]) => step()));
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      console.warn(
        `[rollout-coordinator] discarded rollout: ${steps[index]?.[0] ?? 'a step'} not removed`,
      );
    }
  });
}

export const discardRollout: UseCase<
  'rollouts/discard',
  Pick<
    Ports,
    'jira' | 'rollouts' | 'approvals' | 'leases' | 'pushJobs' | 'trained' | 'newId' | 'now'
  >
> = async (payload, call, ports) => {
  const rollout = await ports.rollouts.get(payload.rolloutId);
  if (!rollout) throw strategyNotFound();
  if (!(await discardRight(ports, call, rollout))) {
    // Whoever cannot see the rollout learns nothing of it.
    const visible =
      rollout.createdBy === call.accountId ||
      (rollout.anchorIssueId !== '' &&
        (await ports.jira.issueAccess(rollout.anchorIssueId)) !== undefined);
    if (!visible) throw strategyNotFound();
    throw refuse(
      everApproved(rollout) ? 'errors.rollout.discardApproved' : 'errors.rollout.discardForbidden',
    );
  }
  if (rollout.version !== payload.version) throw staleRollout();
  const now = ports.now();
  const at = eventTime(now, rollout.updatedAt);
  const { language } = rollout;
  const event = auditEvent(
    {
      rolloutId: rollout.id,
      at,
      type: 'discarded',
      actorAccountId: call.accountId,
      round: rollout.round,
      // What was discarded, for whoever reads the trail once the rollout is gone.
      detail: rollout.anchorIssueKey,
      comment: rollout.title,
    },
    'discarded',
  );
  const outcome = await holdingLeases(ports, rollout.id, async () => {
    // Read again under the leases: a creation that just finished may have made its page.
    const current = await ports.rollouts.get(rollout.id);
    if (current?.version !== rollout.version) throw staleRollout();
    if ((await ports.rollouts.discard(current, event)) === 'stale') throw staleRollout();
    return current;
  });
  await removeLeftovers(ports, outcome, at);
  const result: DiscardOutcome = {
    rolloutId: outcome.id,
    title: outcome.title,
    issueKey: outcome.anchorIssueKey,
    page:
      outcome.strategyPageId === ''
        ? null
        : { id: outcome.strategyPageId, title: strategyPageTitle(language, outcome.title) },
  };
  return result;
};
