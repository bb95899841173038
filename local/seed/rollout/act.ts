/**
 * How the seed acts: contract functions run as a persona from the module and context where the
 * persona would call them, daily jobs run as the platform runs them, and page edits saved through
 * Confluence's REST API as the editor saves them. Each stops the seed with the answer's error.
 */
import type { LocalHost } from '../../host';
import type { FunctionKey, PayloadIn, ResultOf } from '../../../src/contract';
import { ROLLOUT_SPACE_KEY } from '../confluence';

export const SPACE_PAGE = 'rollout-strategies';
export const APPROVALS_PANEL = 'rollout-approvals';
export const ROLLOUT_PANEL = 'rollout-panel';
export const RAISE_ACTION = 'rollout-raise-problem';

export type Envelope<T> =
  { ok: true; data: T } | { ok: false; error: { code?: string; message?: string } };

export interface From {
  moduleKey: string;
  extension: Record<string, unknown>;
}

/** Runs a contract function as a persona; the seed stops with the resolver's error otherwise. */
export async function act<K extends FunctionKey>(
  host: LocalHost,
  from: From,
  as: string,
  key: K,
  payload: PayloadIn<K>,
): Promise<ResultOf<K>> {
  const outcome = await host.invoke({ ...from, functionKey: key, as, payload });
  const envelope = outcome.body as Envelope<ResultOf<K>> | undefined;
  if (envelope?.ok !== true) {
    const error = envelope?.ok === false ? envelope.error : undefined;
    throw new Error(
      `Seeding the rollout in progress: ${key} as ${as} failed: ${error?.code ?? ''} ${error?.message ?? 'no answer'}`,
    );
  }
  return envelope.data;
}

/** The extension context Jira gives a module on `issueKey` (issue panel or issue action). */
export function onIssue(host: LocalHost, moduleKey: string, issueKey: string): From {
  const jira = host.products.jira;
  const issue = jira.issues.getIssue(issueKey);
  if (!issue) throw new Error(`Seed issue ${issueKey} is missing`);
  const project = jira.projects.getProject(issue.projectId);
  if (!project) throw new Error(`Seed project of ${issueKey} is missing`);
  const type = jira.projects.getIssueType(issue.issueTypeId);
  return {
    moduleKey,
    extension: {
      issue: {
        id: String(issue.id),
        key: issue.key,
        type: type?.name ?? 'Task',
        typeId: issue.issueTypeId,
      },
      project: { id: String(project.id), key: project.key, type: 'software' },
      isNewToIssue: false,
    },
  };
}

export function spacePage(host: LocalHost): From {
  const space = host.products.confluence.spaces.getSpaceByKey(ROLLOUT_SPACE_KEY);
  if (!space) throw new Error(`Seed space ${ROLLOUT_SPACE_KEY} is missing`);
  return { moduleKey: SPACE_PAGE, extension: { space: { id: String(space.id), key: space.key } } };
}

export function accountOf(host: LocalHost, personaKey: string): string {
  const found = host.persona(personaKey);
  if (!found) throw new Error(`Seed persona ${personaKey} is missing`);
  return found.accountId;
}

/** Runs a daily job as the platform does, on `at` when given (a past day), or refuses to go on. */
export async function runDaily(host: LocalHost, moduleKey: string, at?: Date): Promise<void> {
  const outcome = await host.runScheduled(moduleKey, at ? { at } : {});
  const answer = outcome.body as { statusCode?: unknown } | null;
  if (answer?.statusCode !== 200) throw new Error(`Seeding: the daily job ${moduleKey} failed`);
}

/**
 * Appends `storage` (storage-format XML) to a page's body as `personaKey` saving it in
 * Confluence's editor would: a new version through `PUT /wiki/api/v2/pages/{id}`.
 */
export async function appendToPage(
  host: LocalHost,
  personaKey: string,
  pageId: string,
  storage: string,
  message: string,
): Promise<void> {
  const current = host.products.confluence.pages.getPage(Number(pageId));
  if (!current) throw new Error(`No page ${pageId} to save`);
  const response = await host.products.handle({
    product: 'confluence',
    actor: { kind: 'user', accountId: accountOf(host, personaKey) },
    method: 'PUT',
    path: `/wiki/api/v2/pages/${pageId}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: pageId,
      status: 'current',
      title: current.title,
      body: { representation: 'storage', value: `${current.version.body}${storage}` },
      version: { number: current.version.number + 1, message },
    }),
  });
  if (response.status !== 200) {
    throw new Error(`Saving page ${pageId} answered ${String(response.status)}`);
  }
}
