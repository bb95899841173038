/**
 * "Push plan to Jira": starts a background push of the plan's missing issues and reports where
 * it stands. The work itself is the `push-plan` queue's consumer (jobs/push-plan.ts), which may
 * run far longer than a resolver's 25 s and writes its progress to the job as it goes.
 *
 * Starting is idempotent: while a push of the rollout is queued or running, pushing again answers
 * that push. Of two clicks at once, the job's conditional write lets one start a push; the other
 * reads it and answers it. A push with no sign of life for minutes (its consumer was killed, its
 * event lost) may be replaced by a new one; the new job's version makes the old one's writes fail.
 */
import { AppFailure, appError } from '../contract';
import { planItems, planOf } from '../domain/plan';
import { isActive, newPushJob, nextVersion } from '../domain/push-job';
import type { Handler } from './edge';
import type { Ports } from './ports';
import { managedStrategy, visibleStrategy } from './strategy';
import { workJql } from './strategy-context';
import { jobCountIsCurrent, pushStatusOf } from './strategy-views';

/** A start that keeps losing the race to other starts gives up (each loss is a fresh job). */
const START_ATTEMPTS = 3;

export const pushStrategy: Handler<'strategy/push', Ports> = async (payload, call, ports) => {
  const { rollout } = await managedStrategy(ports, call, payload.rolloutId);
  const [rights, counted] = await Promise.all([
    ports.jira.projectRights(rollout.projectKey),
    ports.jira.countIssues(workJql(rollout.id)),
  ]);
  if (!rights.create) {
    throw new AppFailure(
      appError(
        'FORBIDDEN',
        'errors.strategy.projectForbidden',
        `You cannot create issues in the Jira project ${rollout.projectKey}.`,
        { params: { project: rollout.projectKey } },
      ),
    );
  }
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
      // No event, so no consumer will ever take it: the job must not look queued.
      if (error instanceof AppFailure) {
        const at = ports.now();
        await ports.pushJobs.replace(
          job,
          nextVersion(
            job,
            { state: 'failed', error: error.error, finishedAt: at.toISOString() },
            at,
          ),
        );
      }
      throw error;
    }
    return pushStatusOf(rollout, counted, job, now);
  }
  throw new AppFailure(
    appError(
      'CONFLICT',
      'errors.strategy.pushRunning',
      'The plan is being pushed to Jira already. Wait for it to finish, then look again.',
    ),
  );
};

export const pushProgress: Handler<'strategy/push-status', Ports> = async (
  payload,
  call,
  ports,
) => {
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
