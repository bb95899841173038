/**
 * What the Confluence modules' platform context says (the space a space page or settings page
 * is in, the page a macro sits on, the macro's config), JQL for a rollout's issues, and small
 * rollout writes that must land whoever else changed the rollout meanwhile.
 */
import { AppFailure, appError } from '../contract';
import type { SpaceAccess } from '../atlassian/confluence';
import { jqlString } from '../atlassian/jira';
import { eventTime } from '../domain/audit';
import type { Rollout } from '../domain/rollout';
import type { CallContext } from './edge';
import type { Ports } from './ports';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

function idText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * The space a Confluence module was opened in (`extension.space`, by id and key, or by key
 * alone), never from the payload.
 */
export function contextSpace(call: CallContext): { id: string; key: string } {
  const space = record(call.extension.space);
  const id = idText(space?.id);
  const key = typeof space?.key === 'string' ? space.key : '';
  if (/^\d+$/u.test(id) || /^[A-Za-z0-9~_-]{1,255}$/u.test(key)) {
    return { id: /^\d+$/u.test(id) ? id : '', key };
  }
  throw new AppFailure(
    appError('NOT_FOUND', 'errors.strategy.noSpace', 'Open Rollout Coordinator from a space.'),
  );
}

/** The context's space as the acting user sees it (undefined when they may not). */
export async function contextSpaceAccess(
  ports: Ports,
  call: CallContext,
): Promise<SpaceAccess | undefined> {
  const ref = contextSpace(call);
  return ref.id === '' ? ports.confluence.spaceByKey(ref.key) : ports.confluence.space(ref.id);
}

export function spaceNotFound(): AppFailure {
  return new AppFailure(
    appError(
      'NOT_FOUND',
      'errors.strategy.spaceNotFound',
      'This space does not exist or you cannot see it.',
    ),
  );
}

/** The page a macro sits on (`extension.content.id`), if any. */
export function contextPageId(call: CallContext): string | undefined {
  const id = idText(record(call.extension.content)?.id);
  return /^\d+$/u.test(id) ? id : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** The rollout a macro instance is bound to by its config, if it is. */
export function macroRolloutId(call: CallContext): string | undefined {
  const id = record(call.extension.config)?.rolloutId;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : undefined;
}

/** JQL for the rollout's Jira work (the plan's issues), on the indexed issue property. */
export function workJql(rolloutId: string): string {
  return `rolloutId = ${jqlString(rolloutId)} AND rolloutRole = "work"`;
}

export function phaseJql(rolloutId: string, phaseId: string): string {
  return `${workJql(rolloutId)} AND rolloutPhase = ${jqlString(phaseId)}`;
}

export function anchorJql(rolloutId: string): string {
  return `rolloutId = ${jqlString(rolloutId)} AND rolloutRole = "anchor"`;
}

export function strategyNotFound(): AppFailure {
  return new AppFailure(
    appError(
      'NOT_FOUND',
      'errors.strategy.notFound',
      'This rollout does not exist or you cannot see it.',
    ),
  );
}

const PATCH_ATTEMPTS = 5;

/**
 * Writes `patch(current)` onto the rollout, re-reading and re-applying it when someone else
 * changed the rollout meanwhile (the patch is derived from the rollout, so re-applying is
 * right). Answers the rollout as written; the rollout unchanged when the patch is undefined.
 */
export async function patchRollout(
  ports: Ports,
  rollout: Rollout,
  patch: (current: Rollout) => Partial<Rollout> | undefined,
): Promise<Rollout> {
  let current = rollout;
  for (let attempt = 0; attempt < PATCH_ATTEMPTS; attempt += 1) {
    const fields = patch(current);
    if (!fields) return current;
    const next: Rollout = {
      ...current,
      ...fields,
      updatedAt: eventTime(ports.now(), current.updatedAt),
      version: current.version + 1,
    };
    if ((await ports.rollouts.update(current, next, [])) === 'written') return next;
    const fresh = await ports.rollouts.get(current.id);
    if (!fresh) throw strategyNotFound();
    current = fresh;
  }
  throw new AppFailure(
    appError('CONFLICT', 'errors.rollout.stale', 'Someone else changed this rollout meanwhile.'),
  );
}
