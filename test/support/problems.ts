/**
 * Builders for problem tests: raising from an issue of a rollout as a persona (the issue comes
 * from the platform context, as the "Raise a problem" action gives it), triage from the anchor's
 * panel, and what Jira and storage hold afterwards.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { PayloadIn, ProblemView } from '../../src/contract';
import type { Problem } from '../../src/domain/problems';
import { call, ok, type CallOutcome, type From } from './host';
import { ISSUE, demoDepartment, issueExtension, uuid } from './rollouts';

export const RAISE_ACTION = 'rollout-raise-problem';

/** The "Raise a problem" issue action on `issueKey`. */
export function raiseAction(host: LocalHost, issueKey: string = ISSUE): From {
  return { host, moduleKey: RAISE_ACTION, extension: issueExtension(host, issueKey) };
}

export function raisePayload(
  overrides: Partial<PayloadIn<'problems/raise'>> = {},
): PayloadIn<'problems/raise'> {
  return {
    requestId: uuid(7001),
    issueKey: ISSUE,
    category: 'training-material',
    severity: 'high',
    departmentId: demoDepartment('Sales'),
    phaseId: '',
    summary: 'The CRM training slides show the old screens',
    description:
      'Slides 4 to 9 still show the old contact form.\n\nPeople get lost in the new one.',
    ...overrides,
  };
}

export function raiseAs(
  host: LocalHost,
  as: string,
  overrides: Partial<PayloadIn<'problems/raise'>> = {},
): Promise<CallOutcome<ProblemView>> {
  const payload = raisePayload(overrides);
  return call(raiseAction(host, payload.issueKey), as, 'problems/raise', payload);
}

export function raised(
  host: LocalHost,
  as: string,
  overrides: Partial<PayloadIn<'problems/raise'>> = {},
): Promise<ProblemView> {
  return ok(raiseAs(host, as, overrides));
}

/** The problem as stored. */
export async function storedProblem(id: string): Promise<Problem | undefined> {
  return kvs.entity<Problem>('problem').get(id);
}

/** Rewrites a stored problem (days passing, in tests). */
export async function rewriteProblem(id: string, change: Partial<Problem>): Promise<void> {
  const problem = await storedProblem(id);
  if (!problem) throw new Error(`No problem ${id}`);
  await kvs.entity<Problem>('problem').set(id, { ...problem, ...change });
}

/** The Jira issue of `key` as the emulator holds it, with its status name and property. */
export function jiraIssue(host: LocalHost, key: string) {
  const issue = host.products.jira.issues.getIssue(key);
  if (!issue) throw new Error(`No issue ${key}`);
  const parent =
    issue.parentId === undefined ? undefined : host.products.jira.issues.getIssue(issue.parentId);
  return {
    issue,
    parentKey: parent?.key,
    status: host.products.jira.projects.getStatus(issue.statusId)?.name,
    type: host.products.jira.projects.getIssueType(issue.issueTypeId)?.name,
    property: host.products.jira.issues.getIssueProperty(issue.id, 'rollout-coordinator'),
  };
}

/** Issue keys a JQL search finds, as the app. */
export async function jql(host: LocalHost, query: string): Promise<string[]> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'app' },
    method: 'POST',
    path: '/rest/api/3/search/jql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jql: query, fields: ['key'], maxResults: 100 }),
  });
  const body = (await response.json()) as { issues?: { key: string }[] };
  if (!response.ok) throw new Error(`JQL refused: ${JSON.stringify(body)}`);
  return (body.issues ?? []).map((issue) => issue.key).sort();
}
