/**
 * A strategy as its readers and managers reach it: the space page's list, who may see a strategy
 * (whoever may browse its Jira issue; an unfinished one, its author) and manage it (whoever may
 * edit that issue), its detail, and changing its plan.
 */
import { isStrategy } from '../../domain/rules/plan';
import type { IssueAccess } from '../../atlassian/jira/port';
import type { AppFailure, StrategyDetail } from '../../contract';
import { today } from '../../domain/delegation';
import { targetsOf } from '../../domain/plan';
import { canDiscard, everApproved, type Rollout } from '../../domain/rollout';
import { requireEdit, spaceAccess, spaceNotFound, staleRollout } from '../access';
import { deliver, mailRecipients, type DeliverPorts } from '../approvals/state';
import { departmentOptions, setupPeople } from '../approvals/views';
import { refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { applyEdit, requireEditable, type EditPorts } from '../rollouts/plan-edit';
import { planDepartments } from '../rollouts/setup';
import { lookUpUsers, lookUpUsersAfterWrite } from '../users';
import { strategyNotFound, validatePlan } from './context';
import { syncStrategyPageSafely, type PagePorts } from './page';
import { strategyDetail, strategySummary, unfinished, type DetailPorts } from './views';

export const strategySpace: UseCase<
  'strategy/space',
  Pick<Ports, 'jira' | 'confluence' | 'rollouts' | 'departments'>
> = async (_payload, call, ports) => {
  const space = await spaceAccess(ports, call);
  if (!space) throw spaceNotFound();
  const [rollouts, directory, projects] = await Promise.all([
    ports.rollouts.listBySpace(space.id),
    ports.departments.list(),
    ports.jira.creatableProjects(),
  ]);
  const [visible, users] = await Promise.all([
    ports.jira.visibleIssues(rollouts.map((r) => r.anchorIssueId).filter((id) => id !== '')),
    lookUpUsers(ports.jira, setupPeople(directory)),
  ]);
  // A strategy shows to whoever may see its Jira issue; an unfinished one to its author only.
  const shown = rollouts.filter((rollout) =>
    unfinished(rollout) ? rollout.createdBy === call.accountId : visible.has(rollout.anchorIssueId),
  );
  // Jira is asked whether the user is an administrator only when that decides a discard.
  const othersDiscardable = shown.some(
    (rollout) => rollout.createdBy !== call.accountId && !everApproved(rollout),
  );
  const isJiraAdmin = othersDiscardable && (await ports.jira.isAdmin().catch(() => false));
  return {
    space: { id: space.id, key: space.key, name: space.name },
    canCreate: space.canCreatePages,
    rollouts: shown.map((rollout) =>
      strategySummary(rollout, canDiscard(rollout, { accountId: call.accountId, isJiraAdmin })),
    ),
    departments: departmentOptions(directory, users),
    projects,
  };
};

/** The rollout and its anchor issue as the acting user sees them; NOT_FOUND for anyone else. */
export async function visibleStrategy(
  ports: Pick<Ports, 'jira' | 'rollouts'>,
  call: Caller,
  rolloutId: string,
): Promise<{ rollout: Rollout; issue: IssueAccess | undefined }> {
  const rollout = await ports.rollouts.get(rolloutId);
  if (!rollout) throw strategyNotFound();
  if (unfinished(rollout)) {
    // Only its author knows of it (and may finish it).
    if (rollout.createdBy !== call.accountId) throw strategyNotFound();
    return { rollout, issue: undefined };
  }
  const issue = await ports.jira.issueAccess(rollout.anchorIssueId);
  if (!issue) throw strategyNotFound();
  return { rollout, issue };
}

export const getStrategy: UseCase<'strategy/get', DetailPorts & PagePorts> = async (
  payload,
  call,
  ports,
) => {
  const { rollout, issue } = await visibleStrategy(ports, call, payload.rolloutId);
  // Whoever manages it brings a page left behind by a failed update in line.
  const current = issue?.canEdit ? await syncStrategyPageSafely(ports, call, rollout) : rollout;
  return strategyDetail(ports, call, current, issue);
};

function incomplete(): AppFailure {
  return refuse('errors.strategy.incomplete');
}

/** The anchor issue as the acting user sees it, which they must be able to edit. */
export async function managedStrategy(
  ports: Pick<Ports, 'jira' | 'rollouts'>,
  call: Caller,
  rolloutId: string,
): Promise<{ rollout: Rollout; issue: IssueAccess }> {
  const { rollout, issue } = await visibleStrategy(ports, call, rolloutId);
  if (!issue) throw incomplete();
  requireEdit(issue);
  return { rollout, issue };
}

export const updateStrategy: UseCase<
  'strategy/update',
  DetailPorts & PagePorts & EditPorts & DeliverPorts & Pick<Ports, 'standIns'>
> = async (payload, call, ports) => {
  const { rollout, issue } = await managedStrategy(ports, call, payload.rolloutId);
  const stale = async (): Promise<AppFailure> => {
    const current = await ports.rollouts.get(rollout.id);
    const detail: StrategyDetail | undefined = current
      ? await strategyDetail(ports, call, current, issue)
      : undefined;
    return staleRollout(detail);
  };
  if (rollout.version !== payload.version) throw await stale();
  requireEditable(rollout);
  // The plan's departments by key, not the whole directory: an id it does not hold is unknown.
  const { departments: directory } = await ports.standIns.forRound({
    departmentIds: payload.departments.map((d) => d.departmentId),
    people: [],
    day: today(ports.now()),
  });
  const departments = await planDepartments(
    ports,
    payload.departments,
    directory,
    payload.plan.sessions.map((session) => session.ownerAccountId),
  );
  validatePlan(payload.plan, departments, payload.targetDate, {
    now: ports.now(),
    stored: rollout.targetDate,
    strategy: isStrategy(rollout),
  });
  const edited: Rollout = {
    ...rollout,
    title: payload.title,
    objective: payload.objective,
    targetDate: payload.targetDate,
    departments,
    phases: payload.plan.phases,
    sessions: payload.plan.sessions,
    targets: targetsOf(payload.plan.targets),
  };
  const outcome = await applyEdit(
    ports,
    call,
    rollout,
    edited,
    directory,
    payload.confirmReconfirmation === true,
  );
  if (outcome === 'stale') throw await stale();
  // From here the change stands: the page and the e-mails follow, and never fail the call.
  const next = await syncStrategyPageSafely(ports, call, outcome.rollout);
  if (outcome.mails.length > 0) {
    const users = await lookUpUsersAfterWrite(ports.jira, [
      call.accountId,
      ...mailRecipients(outcome.mails),
    ]);
    await deliver(ports, next.anchorIssueId, outcome.mails, users);
  }
  return strategyDetail(ports, call, next, issue);
};
