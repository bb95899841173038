/**
 * Triage on the anchor's panel, by the rollout's coordinator or a Jira administrator:
 * acknowledge, assign an owner, resolve (with what fixed it) or accept as a known risk (with a
 * comment). Each step:
 * 1. checks Jira's workflow first (as the acting user): when no transition leads where the step
 *    goes, it answers which one is missing and writes nothing;
 * 2. writes the problem and its audit event in one transaction conditioned on the version the
 *    user saw, so of racing steps exactly one wins and the others hear CONFLICT with what won;
 * 3. moves the Jira issue (the transition, then the property's status). When Jira fails here the
 *    step stands, the problem shows Jira behind (`jiraInLine` false), and repeating the same step
 *    finishes the Jira part only.
 */
import type { WorkflowState } from '../../atlassian/jira/port';
import type { AppFailure, ProblemView } from '../../contract';
import { invalidFields, refuse } from '../failures';
import { auditEvent, type AuditEventType } from '../../domain/audit';
import {
  applyTriage,
  JIRA_CATEGORY,
  problemProperty,
  statusAfter,
  triageBlock,
  type Problem,
  type ProblemStatus,
  type TriageAction,
  type TriageStep,
} from '../../domain/problems';
import type { Rollout } from '../../domain/rollout';
import { message, languageOf } from '../../i18n';
import { requireIssue } from '../access';
import type { Caller, Ports, UseCase } from '../ports';
import { lookUpUsers, lookUpUsersAfterWrite } from '../users';
import { requireTriage, rolloutOfIssue } from './context';
import { peopleOf, problemView } from './views';

export type TriagePorts = Pick<Ports, 'jira' | 'rollouts' | 'problems' | 'now'>;

const EVENT_OF: Record<TriageAction, AuditEventType> = {
  acknowledge: 'problem-acknowledged',
  assign: 'problem-assigned',
  resolve: 'problem-resolved',
  accept: 'problem-accepted',
};

function problemNotFound(): AppFailure {
  return refuse('errors.problem.notFound');
}

function stale(current: ProblemView): AppFailure {
  return refuse('errors.problem.stale', { details: { current } });
}

function blocked(reason: 'closed' | 'already-acknowledged', current: ProblemView): AppFailure {
  return reason === 'closed'
    ? refuse('errors.problem.closed', { details: { current } })
    : refuse('errors.problem.alreadyAcknowledged', { details: { current } });
}

/** No transition of the project's workflow leads from where the issue is to where the step goes. */
function transitionMissing(
  issueKey: string,
  from: string,
  status: ProblemStatus,
  language: ReturnType<typeof languageOf>,
): AppFailure {
  const to = message(language, `problems.jiraCategory.${JIRA_CATEGORY[status]}`);
  return refuse('errors.problem.transitionMissing', { params: { issueKey, from, to } });
}

function transitionRefused(issueKey: string, transition: string): AppFailure {
  return refuse('errors.problem.transitionRefused', { params: { issueKey, transition } });
}

/**
 * The owner becomes the Jira issue's assignee, so Jira's own boards and filters show who works on
 * it. Jira may refuse (the coordinator may not assign in the project, or the owner may not be
 * assigned there): the owner stays recorded and the answer says plainly what Jira refused.
 */
async function assignInJira(ports: TriagePorts, problem: Problem): Promise<void> {
  if (problem.ownerAccountId === '') return;
  if ((await ports.jira.assignIssue(problem.issueKey, problem.ownerAccountId)) === 'done') return;
  const users = await lookUpUsers(ports.jira, [problem.ownerAccountId]);
  throw refuse('errors.problem.assigneeRefused', {
    params: {
      issueKey: problem.issueKey,
      name: users.get(problem.ownerAccountId)?.displayName ?? problem.ownerAccountId,
    },
  });
}

/** The transition to take for `status` (undefined: the issue is there already); throws if none. */
function transitionFor(
  state: WorkflowState,
  problem: Problem,
  status: ProblemStatus,
  call: Caller,
): { id: string; name: string } | undefined {
  const wanted = JIRA_CATEGORY[status];
  if (state.status.category === wanted) return undefined;
  const found = state.transitions.find((transition) => transition.to.category === wanted);
  if (!found) {
    throw transitionMissing(problem.issueKey, state.status.name, status, languageOf(call.locale));
  }
  return found;
}

async function readWorkflow(ports: TriagePorts, problem: Problem): Promise<WorkflowState> {
  const state = await ports.jira.workflowState(problem.issueKey);
  if (!state) {
    throw refuse('errors.problem.issueGone', { params: { issueKey: problem.issueKey } });
  }
  return state;
}

/** Moves the Jira issue and its property to the problem's status, then records that Jira is in line. */
async function followInJira(
  ports: TriagePorts,
  problem: Problem,
  transition: { id: string; name: string } | undefined,
): Promise<Problem> {
  if (
    transition &&
    (await ports.jira.transitionIssue(problem.issueKey, transition.id)) === 'refused'
  ) {
    throw transitionRefused(problem.issueKey, transition.name);
  }
  await ports.jira.setRolloutProperty(problem.issueKey, problemProperty(problem));
  const inLine: Problem = { ...problem, jiraStatus: problem.status, version: problem.version + 1 };
  // Lost to a newer step: that step brings Jira in line itself.
  return (await ports.problems.replace(problem, inLine)) === 'written' ? inLine : problem;
}

interface TriageRequest {
  problemId: string;
  version: number;
  step: Omit<TriageStep, 'by' | 'at'>;
}

/** Whether the stored problem already is what this step makes of it (a repeated step). */
function alreadyTaken(problem: Problem, step: TriageRequest['step']): boolean {
  if (problem.status !== statusAfter(step.action)) return false;
  if (step.action === 'assign') return problem.ownerAccountId === step.ownerAccountId;
  if (step.action === 'acknowledge') return true;
  return (
    problem.closingComment === (step.comment ?? '') && problem.fixLink === (step.fixLink ?? '')
  );
}

async function triage(
  request: TriageRequest,
  call: Caller,
  ports: TriagePorts,
): Promise<ProblemView> {
  const { rollout } = await rolloutOfIssue(ports, requireIssue(call).id);
  await requireTriage(ports, rollout, call.accountId);
  const problem = await ports.problems.get(request.problemId);
  if (problem?.rolloutId !== rollout.id || problem.issueKey === '') throw problemNotFound();
  const view = (p: Problem) => viewOf(ports, p, rollout);

  // The same step again after Jira failed half-way: finish the Jira part only.
  if (problem.jiraStatus !== problem.status && alreadyTaken(problem, request.step)) {
    const state = await readWorkflow(ports, problem);
    const followed = await followInJira(
      ports,
      problem,
      transitionFor(state, problem, problem.status, call),
    );
    if (request.step.action === 'assign') await assignInJira(ports, followed);
    return view(followed);
  }
  if (problem.version !== request.version) throw stale(await view(problem));
  if (request.step.action === 'assign')
    await requireOwner(ports, request.step.ownerAccountId ?? '');
  const block = triageBlock(problem, request.step.action);
  if (block) throw blocked(block, await view(problem));

  const status = statusAfter(request.step.action);
  const transition = transitionFor(await readWorkflow(ports, problem), problem, status, call);
  const at = ports.now().toISOString();
  const next = applyTriage(problem, { ...request.step, by: call.accountId, at });
  const event = auditEvent(
    {
      rolloutId: rollout.id,
      at,
      type: EVENT_OF[request.step.action],
      actorAccountId: call.accountId,
      departmentId: problem.departmentId,
      departmentName:
        rollout.departments.find((d) => d.departmentId === problem.departmentId)?.name ?? '',
      detail: problem.issueKey,
      comment: next.closingComment === problem.closingComment ? '' : next.closingComment,
    },
    `problem-${problem.id}-${request.step.action}-${String(next.version)}`,
  );
  if ((await ports.problems.replace(problem, next, [event])) === 'stale') {
    const fresh = await ports.problems.get(problem.id);
    throw stale(await view(fresh ?? problem));
  }
  // From here the step stands: Jira follows, or the answer says it did not.
  const followed = await followInJira(ports, next, transition);
  if (request.step.action === 'assign') await assignInJira(ports, followed);
  return view(followed);
}

/** An owner is an active Jira user. */
async function requireOwner(ports: TriagePorts, accountId: string): Promise<void> {
  const users = await lookUpUsers(ports.jira, [accountId]);
  if (users.get(accountId)?.active === true) return;
  throw invalidFields([{ path: 'ownerAccountId', messageKey: 'errors.problem.ownerUnknown' }]);
}

async function viewOf(
  ports: TriagePorts,
  problem: Problem,
  rollout: Rollout,
): Promise<ProblemView> {
  const users = await lookUpUsersAfterWrite(ports.jira, peopleOf(problem));
  return problemView(problem, rollout, users);
}

export const acknowledgeProblem: UseCase<'problems/acknowledge', TriagePorts> = (
  payload,
  call,
  ports,
) => triage({ ...payload, step: { action: 'acknowledge' } }, call, ports);

export const assignProblem: UseCase<'problems/assign', TriagePorts> = (payload, call, ports) =>
  triage(
    { ...payload, step: { action: 'assign', ownerAccountId: payload.ownerAccountId } },
    call,
    ports,
  );

export const resolveProblem: UseCase<'problems/resolve', TriagePorts> = (payload, call, ports) =>
  triage(
    { ...payload, step: { action: 'resolve', comment: payload.comment, fixLink: payload.fixLink } },
    call,
    ports,
  );

export const acceptProblem: UseCase<'problems/accept', TriagePorts> = (payload, call, ports) =>
  triage({ ...payload, step: { action: 'accept', comment: payload.comment } }, call, ports);
