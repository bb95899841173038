/**
 * A request that asks heads to approve (a first round, or a plan change that asks some again)
 * checks each decider's access to the issue in bounded batches: while people remain unchecked
 * the server refuses with `errors.rollout.browseChecksPending`, having kept the answers so far,
 * and the same request sent again goes on where it stopped (decision 0041).
 */
import type { AppError } from '../../contract';

/** Requests sent again while access checks remain (4 cover 200 people at 50 a request). */
export const PENDING_CHECKS_MAX = 8;

export function checksPending(answer: { ok: boolean; error?: AppError }): boolean {
  return !answer.ok && answer.error?.messageKey === 'errors.rollout.browseChecksPending';
}

/**
 * Sends the request, then again while the server says access checks remain (at most
 * `PENDING_CHECKS_MAX` times more); answers the last answer. The caller shows itself busy
 * meanwhile: to the user it is one request.
 */
export async function sendUntilChecked<T extends { ok: boolean; error?: AppError }>(
  send: () => Promise<T>,
): Promise<T> {
  let answer = await send();
  for (let more = 0; more < PENDING_CHECKS_MAX && checksPending(answer); more += 1) {
    answer = await send();
  }
  return answer;
}
