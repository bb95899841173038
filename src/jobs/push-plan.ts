/**
 * The consumer of the `push-plan` queue (function `push-plan`, `timeoutSeconds` 600 in the
 * manifest): decodes the event, hands the delivery to the application
 * (src/app/strategy/push-delivery.ts), and turns "again later" into the `InvocationError` that
 * asks the platform to deliver the event again.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { deliverPushJob, type PushPlanPorts, type Redeliver } from '../app/strategy/push-delivery';
import { uuidSchema } from '../domain/ids';
import { invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';

/** The manifest's `timeoutSeconds` for the `push-plan` function. */
const CONSUMER_LIMIT_MS = 600_000;
/** The platform delivers a retried event at most this long after it was asked for. */
const RETRY_AFTER_MAX_S = 900;

const eventSchema = z
  .object({
    body: z.object({ jobId: uuidSchema, rolloutId: uuidSchema }).loose(),
    retryContext: z.object({ retryCount: z.number() }).loose().optional(),
  })
  .loose();

function invocationError(redeliver: Redeliver): InvocationError {
  return new InvocationError({
    retryAfter: Math.min(RETRY_AFTER_MAX_S, Math.max(1, Math.ceil(redeliver.ms / 1000))),
    retryReason:
      redeliver.reason === 'throttled'
        ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED
        : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}

/** Handles one delivery of a push event. */
export async function deliverPush(
  event: unknown,
  ports: PushPlanPorts,
): Promise<InvocationError | undefined> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    // Nothing to retry: no delivery of this event could ever name a job.
    console.warn('[rollout-coordinator] push-plan: an event without a job id, ignored');
    return undefined;
  }
  const redeliver = await deliverPushJob(
    {
      jobId: parsed.data.body.jobId,
      rolloutId: parsed.data.body.rolloutId,
      retryCount: parsed.data.retryContext?.retryCount ?? 0,
    },
    ports,
  );
  return redeliver ? invocationError(redeliver) : undefined;
}

export function pushPlanPorts(): PushPlanPorts {
  return productionPorts(invocationTimeLeft(CONSUMER_LIMIT_MS));
}

/** The `push-plan` function: the consumer module of the `push-plan` queue. */
export async function pushPlan(event: unknown): Promise<InvocationError | undefined> {
  return deliverPush(event, pushPlanPorts());
}
