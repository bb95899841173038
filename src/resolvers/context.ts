/**
 * What a module's platform context says it was opened on (`context.extension`): the Jira issue
 * of a panel, the Confluence space of a space page, the page a macro sits on and the rollout its
 * configuration binds it to. Decoded once at the edge; a use case that needs one of them and
 * finds none says so (src/app/access.ts). Never taken from the payload.
 */
import type { Caller } from '../app/ports';

type ModuleContext = Pick<Caller, 'issue' | 'space' | 'pageId' | 'macroRolloutId'>;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

function idText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** The issue a Jira panel was opened on: a numeric id, with its key (the id when none). */
function issueOf(extension: Record<string, unknown>): Caller['issue'] {
  const issue = record(extension.issue);
  const ref = idText(issue?.id);
  if (!/^\d+$/u.test(ref)) return undefined;
  return { id: ref, key: typeof issue?.key === 'string' ? issue.key : ref };
}

/** The space a Confluence module was opened in, by id and key, or by key alone (id ''). */
function spaceOf(extension: Record<string, unknown>): Caller['space'] {
  const space = record(extension.space);
  const id = idText(space?.id);
  const key = typeof space?.key === 'string' ? space.key : '';
  if (/^\d+$/u.test(id)) return { id, key };
  return /^[A-Za-z0-9~_-]{1,255}$/u.test(key) ? { id: '', key } : undefined;
}

export function moduleContext(extension: Record<string, unknown>): ModuleContext {
  const pageId = idText(record(extension.content)?.id);
  const bound = record(extension.config)?.rolloutId;
  return {
    issue: issueOf(extension),
    space: spaceOf(extension),
    pageId: /^\d+$/u.test(pageId) ? pageId : undefined,
    macroRolloutId: typeof bound === 'string' && UUID.test(bound) ? bound.toLowerCase() : undefined,
  };
}
