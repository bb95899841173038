/**
 * The strategy views: a rollout's strategy in detail (the creation flow and the strategy page
 * of the space page), and the one-line summaries of a space's strategies. Each read is one
 * parallel burst of a fixed number of calls.
 */
import type {
  CreationSteps,
  IssueRef,
  PushJobView,
  PushStatus,
  SpaceRef,
  StrategyDetail,
  StrategySummary,
} from '../../contract';
import type { IssueAccess } from '../../atlassian/jira/port';
import { summariseRound } from '../../domain/approvals';
import { planItems, planOf } from '../../domain/plan';
import { isActive, isFinished, isStalled, RECENT_MS, type PushJob } from '../../domain/push-job';
import { reconfirming } from '../../domain/reconfirmation';
import { type Rollout } from '../../domain/rollout';
import { isStrategy } from '../../domain/rules/plan';
import { languageOf } from '../../i18n';
import { describeChanges } from '../../notifications/plan-changes';
import { strategyPageTitle } from '../../templates/strategy';
import { discardRight } from '../rollouts/discard';
import type { Caller, Ports } from '../ports';
import { workJql } from './context';
import { lookUpUsers, userSummary } from '../users';
import { rolloutSummary } from '../approvals/views';

/** What a strategy's detail reads: its round, space, page, Jira count and push, the names. */
export type DetailPorts = Pick<Ports, 'approvals' | 'confluence' | 'jira' | 'pushJobs' | 'now'>;

export function creationSteps(rollout: Rollout): CreationSteps {
  const page = rollout.strategyPageId !== '';
  const issue = rollout.anchorIssueId !== '';
  return {
    rollout: true,
    page,
    issue,
    linked: page && issue && rollout.pageRevision >= rollout.planRevision,
  };
}

/**
 * Whether the rollout is a strategy still being made (its issue, or for one made from
 * Confluence its page, missing): only its author knows of it, and may finish it. The issue is
 * made first, so it may exist while the page does not. A rollout set up on its Jira issue has
 * no page and is finished.
 */
export function unfinished(rollout: Rollout): boolean {
  const steps = creationSteps(rollout);
  return !steps.issue || (isStrategy(rollout) && !steps.page);
}

/** One strategy of a list; `discardable`: the acting user may discard it. */
export function strategySummary(rollout: Rollout, discardable = false): StrategySummary {
  const { language } = rollout;
  return {
    rolloutId: rollout.id,
    title: rollout.title,
    approvalState: rollout.approvalState,
    pageId: rollout.strategyPageId,
    pageTitle: strategyPageTitle(language, rollout.title),
    issueKey: rollout.anchorIssueKey,
    targetDate: rollout.targetDate,
    updatedAt: rollout.updatedAt,
    version: rollout.version,
    canDiscard: discardable,
  };
}

/** Refused items a status lists by name (the rest are counted). */
const FAILED_SHOWN = 20;

/**
 * Whether the job's own count of what is in Jira is current: while it runs, and for a while
 * after it finished (Jira's approximate count lags behind creates).
 */
export function jobCountIsCurrent(job: PushJob, now: Date): boolean {
  if (job.state === 'queued') return false;
  if (isActive(job, now)) return true;
  return isFinished(job) && Date.parse(job.finishedAt) > now.getTime() - RECENT_MS;
}

export function pushJobView(rollout: Rollout, job: PushJob, now: Date): PushJobView {
  const summaries = new Map(
    planItems(planOf(rollout)).map((item) => [item.planItemId, item.summary]),
  );
  return {
    id: job.jobId,
    state: job.state,
    stalled: isStalled(job, now),
    created: job.created,
    toCreate: job.toCreate,
    failed: job.failed.slice(0, FAILED_SHOWN).map((failure) => ({
      planItemId: failure.planItemId,
      summary: summaries.get(failure.planItemId) ?? '',
      reason: failure.reason,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
    })),
    failedCount: job.failed.length,
    moved: job.moved ?? 0,
    toMove: job.toMove ?? 0,
    linkedOnly: job.linkedOnly ?? false,
    moveRefused: job.moveRefused ?? '',
    resumesAt: job.resumesAt === '' || isFinished(job) ? null : job.resumesAt,
    error: job.error,
    requestedAt: job.requestedAt,
    finishedAt: job.finishedAt === '' ? null : job.finishedAt,
  };
}

/**
 * Where pushing stands: `counted` is Jira's count of the rollout's work (undefined when not
 * asked because the job's own count is current), `job` the rollout's current or last push.
 */
export function pushStatusOf(
  rollout: Rollout,
  counted: number | undefined,
  job: PushJob | undefined,
  now: Date,
): PushStatus {
  const total = planItems(planOf(rollout)).length;
  const known = job && jobCountIsCurrent(job, now) ? job.inJira : 0;
  return {
    total,
    inJira: Math.min(total, Math.max(counted ?? 0, known)),
    jql: workJql(rollout.id),
    job: job ? pushJobView(rollout, job, now) : null,
  };
}

/**
 * The strategy as the acting user sees it. `issue` is the anchor as they see it (undefined
 * before it exists).
 */
export async function strategyDetail(
  ports: DetailPorts,
  call: Caller,
  rollout: Rollout,
  issue: IssueAccess | undefined,
): Promise<StrategyDetail> {
  const owners = [...new Set(rollout.sessions.map((session) => session.ownerAccountId))].filter(
    (accountId) => accountId !== '',
  );
  const [round, space, page, count, job, users, discardable] = await Promise.all([
    ports.approvals.listRound(rollout.id, rollout.round),
    rollout.spaceId === '' ? undefined : ports.confluence.space(rollout.spaceId),
    rollout.strategyPageId === ''
      ? undefined
      : ports.confluence.page(rollout.strategyPageId, 'user', false),
    rollout.anchorIssueId === '' ? 0 : ports.jira.countIssues(workJql(rollout.id)),
    ports.pushJobs.get(rollout.id),
    lookUpUsers(ports.jira, [
      rollout.createdBy,
      ...rollout.departments.map((d) => d.headAccountId),
      ...owners,
    ]),
    discardRight(ports, call, rollout, issue),
  ]);
  const issueRef: IssueRef = issue
    ? { id: issue.id, key: issue.key, summary: issue.summary }
    : { id: rollout.anchorIssueId, key: rollout.anchorIssueKey, summary: '' };
  const spaceRef: SpaceRef = {
    id: rollout.spaceId,
    key: space?.key ?? rollout.spaceKey,
    name: space?.name ?? rollout.spaceKey,
  };
  const summary = summariseRound(round);
  const language = languageOf(call.locale);
  const asked = reconfirming(round).filter((approval) => approval.status === 'pending');
  const plan = planOf(rollout);
  return {
    rollout: rolloutSummary(rollout, issueRef, users),
    plan: {
      phases: plan.phases,
      sessions: plan.sessions,
      targets: plan.targets,
      owners: owners.map((accountId) => userSummary(accountId, users)),
    },
    space: spaceRef,
    page: page ? { id: page.id, title: page.title, url: page.url } : null,
    projectKey: rollout.projectKey,
    steps: creationSteps(rollout),
    canManage: issue ? issue.canEdit : rollout.createdBy === call.accountId,
    canDiscard: discardable,
    push: pushStatusOf(rollout, count, job, ports.now()),
    reconfirmation:
      summary.state === 'awaiting-approval' && asked.length > 0
        ? {
            round: rollout.round,
            departments: asked.map((approval) => ({
              name: approval.departmentName,
              changes: describeChanges(approval.changes, language),
            })),
          }
        : null,
  };
}
