/**
 * What the problem surfaces read: the raise form for an issue of a rollout, and the rollout's
 * problems for the anchor's panel. Whoever may browse the issue sees them; whether they may
 * triage is answered with the list.
 */
import type { Ports, UseCase } from '../ports';
import { requireIssue } from '../access';
import { lookUpUsers } from '../users';
import { mayTriage, rolloutOfIssue } from './context';
import { formView, peopleOf, problemView, problemsJql } from './views';

export type ListPorts = Pick<Ports, 'jira' | 'rollouts' | 'problems'>;

export const problemForm: UseCase<'problems/form', ListPorts> = async (_payload, call, ports) => {
  const { issue, rollout } = await rolloutOfIssue(ports, requireIssue(call).id);
  return formView(rollout, issue);
};

export const listProblems: UseCase<'problems/list', ListPorts> = async (_payload, call, ports) => {
  const { issue, rollout } = await rolloutOfIssue(ports, requireIssue(call).id);
  const [stored, canTriage] = await Promise.all([
    ports.problems.listByRollout(rollout.id),
    mayTriage(ports, rollout, call.accountId),
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
};
