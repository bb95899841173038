/**
 * The strategy views: a rollout's strategy in detail (the creation flow and the strategy page
 * of the space page), and the one-line summaries of a space's strategies. Each read is one
 * parallel burst of a fixed number of calls.
 */
import type {
  CreationSteps,
  IssueRef,
  PushStatus,
  SpaceRef,
  StrategyDetail,
  StrategySummary,
} from '../contract';
import type { IssueAccess } from '../atlassian/jira';
import { summariseRound } from '../domain/approvals';
import { planItems, planOf } from '../domain/plan';
import { reconfirming } from '../domain/reconfirmation';
import { strategyOf, type Rollout } from '../domain/rollout';
import { mailLanguage } from '../notifications/common';
import { describeChanges } from '../notifications/plan-changes';
import { strategyPageTitle } from '../templates/strategy';
import { discardRight } from './discard';
import type { CallContext } from './edge';
import type { Ports } from './ports';
import { workJql } from './strategy-context';
import { lookUpUsers } from './users';
import { rolloutSummary } from './views';

export function creationSteps(rollout: Rollout): CreationSteps {
  const strategy = strategyOf(rollout);
  const page = rollout.strategyPageId !== '';
  const issue = rollout.anchorIssueId !== '';
  return {
    rollout: true,
    page,
    issue,
    linked: page && issue && strategy.pageRevision >= strategy.planRevision,
  };
}

/** One strategy of a list; `discardable`: the acting user may discard it. */
export function strategySummary(rollout: Rollout, discardable = false): StrategySummary {
  const { language } = strategyOf(rollout);
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

/** A push status from what Jira holds, before any push of this call. */
export function pushStatusOf(rollout: Rollout, inJira: number): PushStatus {
  const total = planItems(planOf(rollout)).length;
  return {
    total,
    inJira: Math.min(inJira, total),
    created: 0,
    failed: [],
    jql: workJql(rollout.id),
  };
}

/**
 * The strategy as the acting user sees it. `issue` is the anchor as they see it (undefined
 * before it exists); `push` the status a push just produced, else counted from Jira.
 */
export async function strategyDetail(
  ports: Ports,
  call: CallContext,
  rollout: Rollout,
  issue: IssueAccess | undefined,
  push?: PushStatus,
): Promise<StrategyDetail> {
  const strategy = strategyOf(rollout);
  const [round, space, page, count, users, discardable] = await Promise.all([
    ports.approvals.listRound(rollout.id, rollout.round),
    strategy.spaceId === '' ? undefined : ports.confluence.space(strategy.spaceId),
    rollout.strategyPageId === ''
      ? undefined
      : ports.confluence.page(rollout.strategyPageId, 'user', false),
    push !== undefined || rollout.anchorIssueId === ''
      ? 0
      : ports.jira.countIssues(workJql(rollout.id)),
    lookUpUsers(ports.jira, [
      rollout.createdBy,
      ...rollout.departments.map((d) => d.headAccountId),
    ]),
    discardRight(ports, call, rollout, issue),
  ]);
  const issueRef: IssueRef = issue
    ? { id: issue.id, key: issue.key, summary: issue.summary }
    : { id: rollout.anchorIssueId, key: rollout.anchorIssueKey, summary: '' };
  const spaceRef: SpaceRef = {
    id: strategy.spaceId,
    key: space?.key ?? strategy.spaceKey,
    name: space?.name ?? strategy.spaceKey,
  };
  const summary = summariseRound(round);
  const language = mailLanguage(call.locale);
  const asked = reconfirming(round).filter((approval) => approval.status === 'pending');
  const plan = planOf(rollout);
  return {
    rollout: rolloutSummary(rollout, issueRef, users),
    plan: { phases: plan.phases, sessions: plan.sessions, targets: plan.targets },
    space: spaceRef,
    page: page ? { id: page.id, title: page.title, url: page.url } : null,
    projectKey: rollout.projectKey,
    steps: creationSteps(rollout),
    canManage: issue ? issue.canEdit : rollout.createdBy === call.accountId,
    canDiscard: discardable,
    push: push ?? pushStatusOf(rollout, count),
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
