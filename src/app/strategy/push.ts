/**
 * "Push plan to Jira": starts a background push of the plan's missing issues and reports where
 * it stands. The work itself is the `push-plan` queue's consumer (./push-delivery.ts), which may
 * run far longer than a resolver's 25 s and writes its progress to the job as it goes.
 *
 * Starting is idempotent: while a push of the rollout is queued or running, pushing again answers
 * that push. Of two clicks at once, the job's conditional write lets one start a push; the other
 * reads it and answers it. A push with no sign of life for minutes (its consumer was killed, its
 * event lost) may be replaced by a new one; the new job's version makes the old one's writes fail.
 */
import type { AppFailure } from '../../contract';
import { planItems, planOf } from '../../domain/plan';
import { isActive, newPushJob, nextVersion } from '../../domain/push-job';
import { EnqueueError } from '../../platform/push-queue-port';
import { refuse } from '../failures';
import type { Ports, UseCase } from '../ports';
import { projectForbidden, workJql } from './context';
import { managedStrategy, visibleStrategy } from './manage';
import { jobCountIsCurrent, pushStatusOf } from './views';

/** A start that keeps losing the race to other starts gives up (each loss is a fresh job). */
const START_ATTEMPTS = 3;

/** Why the platform did not take the push's event, as the user reads it. */
function notQueued(error: EnqueueError): AppFailure {
  return refuse(
    error.reason === 'busy' ? 'errors.strategy.pushBusy' : 'errors.strategy.pushNotQueued',
  );
}

export const pushStrategy: UseCase<
  'strategy/push',
  Pick<Ports, 'jira' | 'rollouts' | 'pushJobs' | 'pushQueue' | 'newId' | 'now'>
> = async (payload, call, ports) => {
  const { rollout, issue } = await managedStrategy(ports, call, payload.rolloutId);
  const [canCreate, counted] = await Promise.all([
    // The anchor's permission check already answered for its project; a rollout whose anchor
    // was moved to another project since asks about the rollout's own.
    issue.projectKey === rollout.projectKey
      ? issue.canCreate
      : ports.jira.projectRights(rollout.projectKey).then((rights) => rights.create),
    ports.jira.countIssues(workJql(rollout.id)),
  ]);
  if (!canCreate) throw projectForbidden(rollout.projectKey);
  const total = planItems(planOf(rollout)).length;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    const current = await ports.pushJobs.get(rollout.id);
    const now = ports.now();
    // A second click while a push is under way: that push.
    if (current && isActive(current, now)) return pushStatusOf(rollout, counted, current, now);
    const job = newPushJob({
      jobId: ports.newId(),
      rolloutId: rollout.id,
      requestedBy: call.accountId,
      total,
      now,
      previous: current,
    });
    if ((await ports.pushJobs.replace(current, job)) === 'stale') continue;
    try {
      await ports.pushQueue.enqueue({ jobId: job.jobId, rolloutId: rollout.id });
    } catch (error) {
      if (!(error instanceof EnqueueError)) throw error;
      // No event, so no consumer will ever take it: the job must not look queued.
      const failure = notQueued(error);
      const at = ports.now();
      await ports.pushJobs.replace(
        job,
        nextVersion(
          job,
          { state: 'failed', error: failure.error, finishedAt: at.toISOString() },
          at,
        ),
      );
      throw failure;
    }
    return pushStatusOf(rollout, counted, job, now);
  }
  throw refuse('errors.strategy.pushRunning');
};

export const pushProgress: UseCase<
  'strategy/push-status',
  Pick<Ports, 'jira' | 'rollouts' | 'pushJobs' | 'now'>
> = async (payload, call, ports) => {
  const { rollout } = await visibleStrategy(ports, call, payload.rolloutId);
  const job = await ports.pushJobs.get(rollout.id);
  const now = ports.now();
  // While a push runs, its own count is exact and free; Jira is asked only otherwise.
  const counted =
    (job && jobCountIsCurrent(job, now)) || rollout.anchorIssueId === ''
      ? undefined
      : await ports.jira.countIssues(workJql(rollout.id));
  return pushStatusOf(rollout, counted, job, now);
};
