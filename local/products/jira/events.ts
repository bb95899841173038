/**
 * The product events the emulated Jira sends when an issue is created, updated (a field edited,
 * an assignee changed, a transition) or deleted, shaped as Forge's events reference documents
 * them (developer.atlassian.com/platform/forge/events-reference/jira, "Issue created" / "Issue
 * updated" / "Issue deleted"): `eventType`, `issue` (`id`, `key`, `fields`: summary, issuetype,
 * creator, created, project, reporter, assignee, updated, status), `atlassianId`,
 * `associatedUsers`, and for an update the `changelog` of what changed. Each event says whether
 * the app caused it (its own asApp or asUser request), which a trigger's `filter.ignoreSelf`
 * reads. The host (local/host.ts) delivers them to the app's `trigger` modules; nothing is sent
 * while no listener is installed.
 */
import type { EventOrigin } from '../../events/product-events';
import type { JsonObject } from '../json';
import { madeByApp, type ProductActor } from '../../runtime';
import type { JiraAccess } from './access';
import { issueTypeJson, jiraTimestamp, projectRefJson, statusJson } from './representation';
import type { JiraIssue } from './store';

export type IssueEventType =
  'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:deleted:issue';

/** One changed field of an update, as Jira's changelog writes it. */
export interface ChangeItem {
  field: string;
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export type ProductEventListener = (event: JsonObject, origin: EventOrigin) => void;

/** Where the emulated Jira sends its product events (one listener: the host). */
export class ProductEventSource {
  private listener: ProductEventListener | undefined;

  listen(listener: ProductEventListener | undefined): void {
    this.listener = listener;
  }

  get listening(): boolean {
    return this.listener !== undefined;
  }

  send(event: JsonObject, origin: EventOrigin): void {
    this.listener?.(event, origin);
  }
}

function userRef(accountId: string | undefined): JsonObject | null {
  return accountId === undefined ? null : { accountId };
}

/** The documented payload of an issue event about `issue` caused by `accountId`. */
export function issueEventPayload(
  access: Pick<JiraAccess, 'store' | 'links'>,
  eventType: IssueEventType,
  issue: JiraIssue,
  accountId: string,
  changes: readonly ChangeItem[] = [],
): JsonObject {
  const { store, links } = access;
  const project = store.projects.getProject(issue.projectId);
  const status = store.projects.getStatus(issue.statusId);
  const issueType = store.projects.getIssueType(issue.issueTypeId);
  const payload: JsonObject = {
    eventType,
    issue: {
      id: String(issue.id),
      key: issue.key,
      fields: {
        summary: issue.summary,
        issuetype: issueType ? issueTypeJson(links, issueType) : null,
        creator: userRef(issue.reporterAccountId),
        created: jiraTimestamp(issue.created),
        project: project ? projectRefJson(links, project) : null,
        reporter: userRef(issue.reporterAccountId),
        assignee: userRef(issue.assigneeAccountId),
        updated: jiraTimestamp(issue.updated),
        status: status ? statusJson(links, status) : null,
      },
    },
    atlassianId: accountId,
    associatedUsers: [{ accountId }],
  };
  if (eventType === 'avi:jira:updated:issue') {
    payload.changelog = {
      id: `${String(issue.id)}-${issue.updated}`,
      items: changes.map((c) => ({ ...c })),
    };
  }
  return payload;
}

/** Sends the event of an issue's creation or update caused by `actor`, when the host listens. */
export function sendIssueEvent(
  access: Pick<JiraAccess, 'store' | 'links' | 'callerOf'>,
  eventType: Exclude<IssueEventType, 'avi:jira:deleted:issue'>,
  issueId: number,
  actor: ProductActor,
  changes: readonly ChangeItem[] = [],
): void {
  const source = access.store.productEvents;
  if (!source.listening) return;
  const issue = access.store.issues.getIssue(issueId);
  const accountId = access.callerOf(actor)?.accountId;
  if (!issue || accountId === undefined) return;
  source.send(issueEventPayload(access, eventType, issue, accountId, changes), {
    byApp: madeByApp(actor),
  });
}

/**
 * Sends the event of `issue`'s deletion caused by `actor`: its payload is the issue as it was,
 * so it is built before the issue goes.
 */
export function deletedIssueEvent(
  access: Pick<JiraAccess, 'store' | 'links' | 'callerOf'>,
  issue: JiraIssue,
  actor: ProductActor,
): (() => void) | undefined {
  const source = access.store.productEvents;
  const accountId = access.callerOf(actor)?.accountId;
  if (!source.listening || accountId === undefined) return undefined;
  const payload = issueEventPayload(access, 'avi:jira:deleted:issue', issue, accountId);
  return () => {
    source.send(payload, { byApp: madeByApp(actor) });
  };
}
