/**
 * The `work-events` product trigger (function `work-events`, events `avi:jira:created:issue`,
 * `avi:jira:updated:issue` and `avi:jira:deleted:issue`; its manifest filter drops the app's own
 * changes and updates that touch neither status nor due date, decision 0017): hands the issue an
 * event names to the application (src/app/work-states.ts), which keeps the state of a rollout's
 * work issue, records that a rollout started, or takes a deleted issue out of its rollout's
 * counts. Delivered at least once and in any order: the use case stores whole states compared by
 * Jira's `updated` time, and a removal is final, so a repeat or a late event changes nothing.
 *
 * An event that fails (Jira or storage unavailable) asks the platform for a retry; the daily
 * reconciliation repairs whatever is still missed.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import {
  ISSUE_EVENTS,
  onIssueDeleted,
  onIssueEvent,
  type IssueEventOutcome,
} from '../app/work-states';
import { SCHEDULED_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';

/** A product event's payload as Atlassian documents it: only what is read here is checked. */
const eventSchema = z
  .object({
    eventType: z.enum(ISSUE_EVENTS),
    issue: z
      .object({
        id: z.string().regex(/^\d+$/u),
        fields: z
          .object({
            // Only narrows the look-up of a deleted issue: a payload without it is still read.
            project: z
              .object({ key: z.string().min(1) })
              .loose()
              .nullish()
              .catch(undefined),
          })
          .loose()
          .optional()
          .catch(undefined),
      })
      .loose(),
  })
  .loose();

/** Seconds before the platform delivers a failed event again. */
const RETRY_AFTER_S = 60;

/** Handles one delivery of a product event about an issue. */
export async function handleWorkEvent(
  event: unknown,
  ports: Parameters<typeof onIssueEvent>[0],
): Promise<IssueEventOutcome | InvocationError> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) return 'ignored';
  const { eventType, issue } = parsed.data;
  try {
    if (eventType === 'avi:jira:deleted:issue') {
      return await onIssueDeleted(ports, issue.id, issue.fields?.project?.key);
    }
    return await onIssueEvent(ports, issue.id);
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] work-events: an issue's state was not kept: ${reason}`);
    return new InvocationError({
      retryAfter: RETRY_AFTER_S,
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  }
}

/** Forge handler of the `work-events` function (trigger `work-issue-events`). */
export async function workEvents(event: unknown): Promise<InvocationError | undefined> {
  const outcome = await handleWorkEvent(
    event,
    productionPorts(invocationTimeLeft(SCHEDULED_LIMIT_MS)),
  );
  return outcome instanceof InvocationError ? outcome : undefined;
}
