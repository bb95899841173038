/**
 * The consumer of the `problem-mail` queue (function `problem-mail`): e-mails who must hear of a
 * newly raised problem (src/app/problems/mail.ts). A Jira failure asks the platform to deliver
 * the event again; the claim in storage keeps a repeated delivery from mailing twice.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { deliverProblemMail, type MailPorts } from '../app/problems/mail';
import { uuidSchema } from '../domain/ids';
import { SCHEDULED_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';

const eventSchema = z.looseObject({ body: z.looseObject({ problemId: uuidSchema }) });

/** Handles one delivery of a problem event. */
export async function deliverProblemEvent(
  event: unknown,
  ports: MailPorts,
): Promise<InvocationError | undefined> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    console.warn('[rollout-coordinator] problem-mail: an event without a problem id, ignored');
    return undefined;
  }
  try {
    const outcome = await deliverProblemMail(parsed.data.body.problemId, ports);
    console.log(`[rollout-coordinator] problem-mail: ${outcome}`);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] problem-mail failed, delivered again later: ${reason}`);
    return new InvocationError({
      retryAfter: 60,
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  }
}

/** The `problem-mail` function: the consumer module of the `problem-mail` queue. */
export async function problemMail(event: unknown): Promise<InvocationError | undefined> {
  return deliverProblemEvent(event, productionPorts(invocationTimeLeft(SCHEDULED_LIMIT_MS)));
}
