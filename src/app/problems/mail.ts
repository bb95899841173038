/**
 * Telling people about problems. When one is raised, the consumer of the `problem-mail` queue
 * e-mails the coordinator (the rollout's creator) and, for high and blocking problems, the head of
 * the department concerned, each in their language. Sent once: the e-mail is claimed in storage
 * before it goes, so a repeated delivery of the event sends nothing.
 */
import { reachesHead, type Problem } from '../../domain/problems';
import type { Rollout } from '../../domain/rollout';
import { sendLocalised } from '../../notifications/common';
import { problemMail, type ProblemMailKind } from '../../notifications/problems';
import type { Ports } from '../ports';
import { lookUpUsers, nameOf, type Users } from '../users';

export type MailPorts = Pick<Ports, 'jira' | 'rollouts' | 'problems'>;

/** The head of the problem's department in this rollout ('' when it names none). */
export function headOf(rollout: Rollout, problem: Problem): string {
  return (
    rollout.departments.find((d) => d.departmentId === problem.departmentId)?.headAccountId ?? ''
  );
}

/** Who hears of a new problem: the coordinator, and the head when it is high or blocking. */
export function raisedRecipients(rollout: Rollout, problem: Problem): string[] {
  const to = [rollout.createdBy];
  if (reachesHead(problem.severity)) to.push(headOf(rollout, problem));
  // Nobody is told of their own problem.
  return [...new Set(to)].filter((id) => id !== '' && id !== problem.raisedBy);
}

/** Sends one kind of problem e-mail to `to`, in each one's language; false when Jira refused one. */
export async function sendProblemMail(
  ports: Pick<Ports, 'jira'>,
  kind: ProblemMailKind,
  rollout: Rollout,
  problem: Problem,
  to: readonly string[],
  users: Users,
): Promise<boolean> {
  return sendLocalised(ports.jira, problem.issueId || problem.issueKey, to, users, (language) =>
    problemMail(language, kind, {
      rolloutTitle: rollout.title,
      anchorIssueKey: rollout.anchorIssueKey,
      issueKey: problem.issueKey,
      raisedOnIssueKey: problem.raisedOnIssueKey,
      summary: problem.summary,
      description: problem.description,
      category: problem.category,
      severity: problem.severity,
      departmentName:
        rollout.departments.find((d) => d.departmentId === problem.departmentId)?.name ?? '',
      raiserName: nameOf(problem.raisedBy, users),
      coordinatorName: nameOf(rollout.createdBy, users),
      raisedAt: problem.raisedAt,
    }),
  );
}

/** One delivery of a `problem-mail` event: 'sent', or why nothing was sent. */
export async function deliverProblemMail(
  problemId: string,
  ports: MailPorts,
): Promise<'sent' | 'already-sent' | 'gone' | 'nobody' | 'failed'> {
  const problem = await ports.problems.get(problemId);
  if (!problem || problem.issueKey === '') return 'gone';
  const rollout = await ports.rollouts.get(problem.rolloutId);
  if (!rollout) return 'gone';
  const to = raisedRecipients(rollout, problem);
  if (to.length === 0) return 'nobody';
  // Names and languages before the claim: if Jira cannot answer, the event is delivered again.
  const users = await lookUpUsers(ports.jira, [...to, problem.raisedBy, rollout.createdBy]);
  if (!(await ports.problems.claimMail(problem.id))) return 'already-sent';
  return (await sendProblemMail(ports, 'raised', rollout, problem, to, users)) ? 'sent' : 'failed';
}
