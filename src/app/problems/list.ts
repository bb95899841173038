/**
 * What the problem surfaces read: the raise form for an issue of a rollout, and the rollout's
 * problems for the anchor's panel. Whoever may browse the issue sees them; whether they may
 * triage is answered with the list.
 */
import type { ContextIssue } from '../../atlassian/jira/port';
import type { ProblemListView } from '../../contract';
import type { Rollout } from '../../domain/rollout';
import type { Caller, Ports, UseCase } from '../ports';
import { requireIssue } from '../access';
import { lookUpUsers } from '../users';
import { mayTriage, rolloutOfIssue } from './context';
import { formView, peopleOf, problemView, problemsJql } from './views';

export type ListPorts = Pick<Ports, 'jira' | 'rollouts' | 'problems'>;

export const problemForm: UseCase<'problems/form', ListPorts> = async (_payload, call, ports) => {
  const { issue, rollout } = await rolloutOfIssue(ports, requireIssue(call).id);
  return formView(rollout, issue);
};

/**
 * The rollout's problems for a user who may browse `issue` (already checked); `isJiraAdmin` when
 * known from that check (the anchor's panel composes the list into its load).
 */
export async function problemList(
  ports: ListPorts,
  call: Caller,
  { issue, rollout }: { issue: Pick<ContextIssue, 'key' | 'property'>; rollout: Rollout },
  isJiraAdmin?: boolean,
): Promise<ProblemListView> {
  const [stored, canTriage] = await Promise.all([
    ports.problems.listByRollout(rollout.id),
    mayTriage(ports, rollout, call.accountId, isJiraAdmin),
  ]);
  // A record without its issue is a raise under way or one that failed: not a problem yet.
  const problems = stored.filter((problem) => problem.issueKey !== '');
  const users = await lookUpUsers(ports.jira, problems.flatMap(peopleOf));
  return {
    form: formView(rollout, issue),
    problems: problems.map((problem) => problemView(problem, rollout, users)),
    canTriage,
    jql: problemsJql(rollout.id),
  };
}

export const listProblems: UseCase<'problems/list', ListPorts> = async (_payload, call, ports) =>
  problemList(ports, call, await rolloutOfIssue(ports, requireIssue(call).id));
