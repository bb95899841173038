/** The `problem-mail` queue over `@forge/events` (see ./problem-queue-port.ts). */
import { Queue } from '@forge/events';
import { PROBLEM_QUEUE, type ProblemEventBody, type ProblemQueue } from './problem-queue-port';

export function createProblemQueue(): ProblemQueue {
  const queue = new Queue<ProblemEventBody>({ key: PROBLEM_QUEUE });
  return {
    async enqueue(body) {
      await queue.push({ body });
    },
  };
}
