/**
 * The queue that carries "a problem was raised" to its consumer, which e-mails the coordinator
 * and, for high and blocking problems, the department's head. Raising stays within its three
 * Jira calls; looking people's languages up and mailing them happens there.
 */
/** The manifest's `consumer.queue`. */
export const PROBLEM_QUEUE = 'problem-mail';

export type ProblemEventBody = {
  problemId: string;
};

export interface ProblemQueue {
  /** Queues the event; throws when the platform does not take it. */
  enqueue(body: ProblemEventBody): Promise<void>;
}
