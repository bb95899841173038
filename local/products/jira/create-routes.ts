/**
 * Creating and linking issues: `POST /issue`, `POST /issue/bulk` (at most 50 a call, each
 * element created or refused on its own, refusals answered with `failedElementNumber`),
 * `POST /issueLink`, `GET /issueLink/{linkId}` and `GET /issueLinkType`.
 *
 * What a create accepts, as Jira's create screen of a company-managed project with the default
 * field configuration: `fields` project, issuetype, summary, description (Atlassian Document
 * Format only, as v3 requires), duedate, labels, parent, assignee, reporter; `update` issuelinks
 * (add) and labels (add, set); `properties` (each set on the new issue). Every other field is
 * refused as Jira refuses a field that is not on the screen, which is also what Jira answers for
 * a field the caller's permissions hide (due date without "Schedule issues", assignee without
 * "Assign issues", reporter without "Modify reporter"). Errors use Jira's messages, per field.
 *
 * Link direction, as Jira stores it: a link goes from a source to a destination ("source blocks
 * destination"). `POST /issueLink` takes the source as `inwardIssue` and the destination as
 * `outwardIssue` (the naming is Jira's, and famously confusing); `GET /issueLink/{id}` answers
 * them the same way. On the source's `fields.issuelinks` the link shows the destination as
 * `outwardIssue`; on the destination it shows the source as `inwardIssue`. `update.issuelinks`
 * on a new issue names the other end: `outwardIssue` makes the new issue the source.
 */
import { jiraError, jsonResponse, type ErrorCollection, type ProductRouter } from '../http';
import type { JsonObject, JsonValue } from '../json';
import { ISSUE_NOT_FOUND, parseBody, type JiraAccess } from './access';
import { sendIssueEvent } from './events';
import { issueLinkTypeJson, linkedIssueJson } from './representation';
import type { JiraIssue, JiraIssueType, JiraProject, JiraStore, JiraUser } from './store';

const API = '/rest/api/3';
/** "Creates upto 50 issues" (createIssues). */
export const BULK_CREATE_MAX = 50;
const SUMMARY_MAX = 255;
const LABEL_MAX = 255;
/** Jira's limits on issue properties, as for setIssueProperty. */
const PROPERTY_KEY_MAX = 255;
const PROPERTY_VALUE_MAX = 32768;

export const MESSAGES = {
  project: 'Specify a valid project ID or key',
  noCreate: 'You do not have permission to create issues in this project.',
  issueTypeMissing: 'Specify an issue type',
  issueTypeInvalid: 'The issue type selected is invalid.',
  summaryMissing: 'You must specify a summary of the issue.',
  summaryTooLong: `Summary must be less than ${SUMMARY_MAX} characters.`,
  summaryNewline: 'The summary is invalid because it contains newline characters.',
  notAdf: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
  parentMissing: 'Could not find issue by id or key.',
  parentHierarchy: 'Given parent work item does not belong to appropriate hierarchy.',
  parentProject: 'Sub-tasks must be created in the same project as the parent.',
  subtaskWithoutParent: 'Issue type is a sub-task but parent issue key or id not specified.',
  reporterUnknown: 'The reporter specified is not a user.',
  noLink: 'You do not have the permission to link issues.',
  anonymous: 'You are not authenticated. Authentication required to perform this operation.',
} as const;

export const notOnScreen = (field: string): string =>
  `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An `{id}`, `{key}`, `{name}` or `{accountId}` reference, its parts as text. */
export interface Ref {
  id: string | undefined;
  key: string | undefined;
  name: string | undefined;
  accountId: string | undefined;
}

export function refOf(value: unknown): Ref | undefined {
  if (!isRecord(value)) return undefined;
  const text = (item: unknown): string | undefined =>
    typeof item === 'string' && item.trim() !== ''
      ? item.trim()
      : typeof item === 'number' && Number.isInteger(item)
        ? String(item)
        : undefined;
  return {
    id: text(value.id),
    key: text(value.key),
    name: text(value.name),
    accountId: text(value.accountId),
  };
}

/** A well-formed Atlassian Document: `{type: 'doc', version: 1, content: [...]}`. */
export function isAdfDocument(value: unknown): boolean {
  return (
    isRecord(value) && value.type === 'doc' && value.version === 1 && Array.isArray(value.content)
  );
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A link the new issue will take part in. */
interface PlannedLink {
  typeId: string;
  other: JiraIssue;
  /** True when the new issue is the link's source (`update.issuelinks[].add.outwardIssue`). */
  newIsSource: boolean;
}

/** Everything a valid create request resolved to, ready to write in one transaction. */
interface IssuePlan {
  project: JiraProject;
  issueType: JiraIssueType;
  summary: string;
  fields: JsonObject;
  parent: JiraIssue | undefined;
  reporterAccountId: string;
  assigneeAccountId: string | undefined;
  properties: { key: string; value: JsonValue }[];
  links: PlannedLink[];
}

type Planned = { ok: true; plan: IssuePlan } | { ok: false; status: number; body: ErrorCollection };

/** The fields this emulated create screen has; `update` may touch the ones listed. */
const SCREEN_FIELDS = new Set([
  'project',
  'issuetype',
  'summary',
  'description',
  'duedate',
  'labels',
  'parent',
  'assignee',
  'reporter',
]);
const UPDATABLE = new Set(['issuelinks', 'labels']);

/**
 * Why Jira refuses `parent` above an issue of `issueType` in `project`, or undefined when it
 * takes it: the parent's type must sit one level above (an epic above a standard issue, a
 * standard issue above a sub-task); a sub-task stays in its parent's project, and a team-managed
 * project's hierarchy stays inside it (its epics hold only its issues, its issues have parents
 * only there). A company-managed epic may hold other company-managed projects' issues.
 */
export function parentRefusal(
  store: JiraStore,
  issueType: JiraIssueType,
  project: JiraProject | undefined,
  parent: JiraIssue,
): { field: 'parent' | 'project'; message: string } | undefined {
  const parentType = store.projects.getIssueType(parent.issueTypeId);
  if (parentType?.hierarchyLevel !== issueType.hierarchyLevel + 1) {
    return { field: 'parent', message: MESSAGES.parentHierarchy };
  }
  if (!project || parent.projectId === project.id) return undefined;
  if (issueType.subtask) return { field: 'project', message: MESSAGES.parentProject };
  const parentProject = store.projects.getProject(parent.projectId);
  if (project.style === 'next-gen' || parentProject?.style === 'next-gen') {
    return { field: 'parent', message: MESSAGES.parentHierarchy };
  }
  return undefined;
}

/** Labels as Jira takes them (no spaces, none empty, ≤ 255 characters), duplicates dropped. */
export function checkLabels(labels: readonly unknown[]): { labels: string[] } | { error: string } {
  const clean: string[] = [];
  for (const label of labels) {
    if (typeof label !== 'string' || label === '') return { error: 'A label cannot be empty.' };
    if (/\s/u.test(label))
      return { error: `The label '${label}' contains spaces which is invalid.` };
    if (label.length > LABEL_MAX) {
      return { error: `The label '${label}' exceeds the ${LABEL_MAX} characters limit.` };
    }
    if (!clean.includes(label)) clean.push(label);
  }
  return { labels: clean };
}

export function addCreateRoutes(router: ProductRouter, access: JiraAccess): void {
  const { store, links } = access;
  const issueSelf = (issue: JiraIssue): string => `${links.jiraBase}${API}/issue/${issue.id}`;

  /**
   * Checks one create request as `me` would make it, resolving every reference; nothing is
   * written. Field problems are collected together, as Jira reports them.
   */
  const plan = (
    me: JiraUser,
    raw: unknown,
    held: Map<number, ReadonlySet<string>> = new Map(),
  ): Planned => {
    const errors: Record<string, string> = {};
    const errorMessages: string[] = [];
    const refuse = (status = 400): Planned => ({
      ok: false,
      status,
      body: { errorMessages, errors },
    });
    if (!isRecord(raw)) {
      errorMessages.push('The request body must be a JSON object.');
      return refuse();
    }
    if (raw.transition !== undefined) {
      errorMessages.push('Emulator does not implement a transition on create.');
      return refuse();
    }
    const fields = raw.fields ?? {};
    const update = raw.update ?? {};
    if (!isRecord(fields) || !isRecord(update)) {
      errorMessages.push("'fields' and 'update' must be JSON objects.");
      return refuse();
    }
    // `held` is shared by the elements of one bulk call: permissions are read once per project.
    const may = (projectId: number, permission: string): boolean => {
      let permissions = held.get(projectId);
      if (!permissions) {
        permissions = store.permissions.projectPermissionsOf(me.accountId, projectId);
        held.set(projectId, permissions);
      }
      return permissions.has(permission);
    };
    const visible = (idOrKey: string): JiraIssue | undefined => {
      const issue = store.issues.getIssue(idOrKey);
      return issue && may(issue.projectId, 'BROWSE_PROJECTS') ? issue : undefined;
    };

    for (const field of Object.keys(fields)) {
      if (!SCREEN_FIELDS.has(field)) errors[field] = notOnScreen(field);
    }
    for (const field of Object.keys(update)) {
      if (!UPDATABLE.has(field)) errors[field] = notOnScreen(field);
      else if (field in fields) {
        errors[field] = `Field '${field}' cannot be set in both 'fields' and 'update'.`;
      }
    }

    // Project: hidden and unknown projects look the same.
    let project: JiraProject | undefined;
    const projectRef = refOf(fields.project);
    const projectIdOrKey = projectRef?.id ?? projectRef?.key;
    if (projectIdOrKey === undefined) errors.project = MESSAGES.project;
    else {
      const found = store.projects.getProject(projectIdOrKey);
      if (!found || !may(found.id, 'BROWSE_PROJECTS')) errors.project = MESSAGES.project;
      else if (!may(found.id, 'CREATE_ISSUES')) errors.project = MESSAGES.noCreate;
      else project = found;
    }

    // Issue type: one of the project's.
    let issueType: JiraIssueType | undefined;
    const typeRef = refOf(fields.issuetype);
    const typeIdOrName = typeRef?.id ?? typeRef?.name;
    if (typeIdOrName === undefined) errors.issuetype = MESSAGES.issueTypeMissing;
    else {
      const candidates = project?.issueTypes ?? store.projects.issueTypes();
      issueType = candidates.find(
        (type) =>
          type.id === typeIdOrName || type.name.toLowerCase() === typeIdOrName.toLowerCase(),
      );
      if (!issueType) errors.issuetype = MESSAGES.issueTypeInvalid;
    }

    const summary = typeof fields.summary === 'string' ? fields.summary.trim() : '';
    if (summary === '') errors.summary = MESSAGES.summaryMissing;
    else if (summary.length > SUMMARY_MAX) errors.summary = MESSAGES.summaryTooLong;
    else if (/[\r\n]/u.test(summary)) errors.summary = MESSAGES.summaryNewline;

    const stored: JsonObject = {};
    if (fields.description !== undefined && fields.description !== null) {
      if (isAdfDocument(fields.description)) {
        stored.description = fields.description as JsonObject;
      } else errors.description = MESSAGES.notAdf;
    }

    if (fields.duedate !== undefined && fields.duedate !== null) {
      if (project && !may(project.id, 'SCHEDULE_ISSUES')) errors.duedate = notOnScreen('duedate');
      else if (typeof fields.duedate !== 'string' || !isIsoDate(fields.duedate)) {
        errors.duedate = `Error parsing date string: ${JSON.stringify(fields.duedate).replace(/^"|"$/gu, '')}`;
      } else stored.duedate = fields.duedate;
    }

    // Labels, from `fields` or from `update` (add/set).
    let labels: unknown[] | undefined;
    if (fields.labels !== undefined && fields.labels !== null) {
      labels = Array.isArray(fields.labels) ? fields.labels : [fields.labels];
    }
    const labelOps = update.labels;
    if (labelOps !== undefined) {
      labels = [];
      for (const op of Array.isArray(labelOps) ? labelOps : [labelOps]) {
        if (isRecord(op) && 'add' in op) labels.push(op.add);
        else if (isRecord(op) && 'set' in op) {
          labels = Array.isArray(op.set) ? [...(op.set as unknown[])] : [op.set];
        } else errors.labels = "Operation is not supported for 'labels': use add or set.";
      }
    }
    if (labels !== undefined && errors.labels === undefined) {
      const checked = checkLabels(labels);
      if ('error' in checked) errors.labels = checked.error;
      else stored.labels = checked.labels;
    }

    // Parent: an epic above a standard issue, a standard issue above a sub-task.
    let parent: JiraIssue | undefined;
    const parentRef = refOf(fields.parent);
    if (fields.parent !== undefined && fields.parent !== null) {
      const parentIdOrKey = parentRef?.id ?? parentRef?.key;
      parent = parentIdOrKey === undefined ? undefined : visible(parentIdOrKey);
      if (!parent) errors.parent = MESSAGES.parentMissing;
      else if (issueType) {
        const refusal = parentRefusal(store, issueType, project, parent);
        if (refusal) errors[refusal.field] = refusal.message;
      }
    } else if (issueType?.subtask) errors.issuetype = MESSAGES.subtaskWithoutParent;

    // People.
    let assigneeAccountId: string | undefined;
    if (fields.assignee !== undefined && fields.assignee !== null) {
      const accountId = refOf(fields.assignee)?.accountId ?? refOf(fields.assignee)?.id;
      const assignee = accountId === undefined ? undefined : store.users.getUser(accountId);
      if (project && !may(project.id, 'ASSIGN_ISSUES')) errors.assignee = notOnScreen('assignee');
      else if (
        !assignee?.active ||
        (project &&
          !store.permissions
            .projectPermissionsOf(assignee.accountId, project.id)
            .has('ASSIGNABLE_USER'))
      ) {
        errors.assignee = `User '${accountId ?? ''}' cannot be assigned issues.`;
      } else assigneeAccountId = assignee.accountId;
    }
    let reporterAccountId = me.accountId;
    if (fields.reporter !== undefined && fields.reporter !== null) {
      const accountId = refOf(fields.reporter)?.accountId ?? refOf(fields.reporter)?.id;
      const reporter = accountId === undefined ? undefined : store.users.getUser(accountId);
      if (accountId !== me.accountId && project && !may(project.id, 'MODIFY_REPORTER')) {
        errors.reporter = notOnScreen('reporter');
      } else if (!reporter?.active) errors.reporter = MESSAGES.reporterUnknown;
      else reporterAccountId = reporter.accountId;
    }

    // Links to existing issues.
    const plannedLinks: PlannedLink[] = [];
    const linkOps = update.issuelinks;
    if (linkOps !== undefined) {
      for (const op of Array.isArray(linkOps) ? linkOps : [linkOps]) {
        const add = isRecord(op) ? op.add : undefined;
        if (!isRecord(add)) {
          errors.issuelinks = "Operation is not supported for 'issuelinks': use add.";
          break;
        }
        const typeRefOfLink = refOf(add.type);
        const typeKey = typeRefOfLink?.id ?? typeRefOfLink?.name;
        const type = typeKey === undefined ? undefined : store.links.getIssueLinkType(typeKey);
        if (!type) {
          errors.issuelinks = `No issue link type with name '${typeKey ?? ''}' found.`;
          break;
        }
        const outward = refOf(add.outwardIssue);
        const inward = refOf(add.inwardIssue);
        const otherRef = outward ?? inward;
        const otherIdOrKey = otherRef?.id ?? otherRef?.key;
        const other = otherIdOrKey === undefined ? undefined : visible(otherIdOrKey);
        if ((outward === undefined) === (inward === undefined) || !other) {
          errors.issuelinks = ISSUE_NOT_FOUND;
          break;
        }
        if (project && !may(project.id, 'LINK_ISSUES')) {
          errors.issuelinks = MESSAGES.noLink;
          break;
        }
        plannedLinks.push({ typeId: type.id, other, newIsSource: outward !== undefined });
      }
    }

    const properties: { key: string; value: JsonValue }[] = [];
    if (raw.properties !== undefined) {
      const list: unknown[] = Array.isArray(raw.properties) ? raw.properties : [];
      if (!Array.isArray(raw.properties)) errorMessages.push("'properties' must be a list.");
      for (const property of list) {
        const key = isRecord(property) ? property.key : undefined;
        const value = isRecord(property) ? property.value : undefined;
        if (typeof key !== 'string' || key === '') {
          errorMessages.push('The property key cannot be empty.');
        } else if (key.length > PROPERTY_KEY_MAX) {
          errorMessages.push(
            `The property key cannot be longer than ${PROPERTY_KEY_MAX} characters.`,
          );
        } else if (value === undefined) {
          errorMessages.push('The property value cannot be empty.');
        } else if (JSON.stringify(value).length > PROPERTY_VALUE_MAX) {
          errorMessages.push(
            `The property value is too long. The maximum length is ${PROPERTY_VALUE_MAX} characters.`,
          );
        } else {
          const index = properties.findIndex((existing) => existing.key === key);
          // A parsed JSON body holds JSON values only.
          const entry = { key, value: value as JsonValue };
          if (index >= 0) properties[index] = entry;
          else properties.push(entry);
        }
      }
    }

    if (errorMessages.length > 0 || Object.keys(errors).length > 0 || !project || !issueType) {
      return refuse();
    }
    return {
      ok: true,
      plan: {
        project,
        issueType,
        summary,
        fields: stored,
        parent,
        reporterAccountId,
        assigneeAccountId,
        properties,
        links: plannedLinks,
      },
    };
  };

  /** Writes a checked plan: the issue, its properties and its links, all or nothing. */
  const commit = (planned: IssuePlan): JiraIssue =>
    store.transaction(() => {
      const created = store.issues.createIssue({
        projectKey: planned.project.key,
        issueType: planned.issueType.id,
        summary: planned.summary,
        fields: planned.fields,
        ...(planned.parent ? { parentKey: planned.parent.key } : {}),
        reporterAccountId: planned.reporterAccountId,
        ...(planned.assigneeAccountId ? { assigneeAccountId: planned.assigneeAccountId } : {}),
      });
      for (const property of planned.properties) {
        store.issues.setIssueProperty(created.id, property.key, property.value);
      }
      for (const link of planned.links) {
        if (link.newIsSource) store.links.linkIssues(link.typeId, created.id, link.other.id);
        else store.links.linkIssues(link.typeId, link.other.id, created.id);
      }
      return created;
    });

  const createdJson = (issue: JiraIssue): JsonObject => ({
    id: String(issue.id),
    key: issue.key,
    self: issueSelf(issue),
  });

  // Operation createIssue.
  router.add('POST', `${API}/issue`, ({ actor, body }) => {
    const me = access.callerOf(actor);
    if (!me) return jiraError(401, [MESSAGES.anonymous]);
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const planned = plan(me, raw.value ?? {});
    if (!planned.ok) {
      return jiraError(planned.status, planned.body.errorMessages, planned.body.errors);
    }
    const created = commit(planned.plan);
    sendIssueEvent(access, 'avi:jira:created:issue', created.id, actor);
    return jsonResponse(201, createdJson(created));
  });

  // Operation createIssues: every element on its own; 201 when at least one was created, 400
  // when none was. Request-level refusals (no list, more than 50) answer the same shape.
  router.add('POST', `${API}/issue/bulk`, ({ actor, body }) => {
    const me = access.callerOf(actor);
    if (!me) return jiraError(401, [MESSAGES.anonymous]);
    const refuseAll = (message: string): Response =>
      jsonResponse(400, {
        issues: [],
        errors: [{ status: 400, elementErrors: { errorMessages: [message], errors: {} } }],
      });
    const raw = parseBody(body);
    if (!raw.ok) return refuseAll(raw.message);
    const updates = isRecord(raw.value) ? raw.value.issueUpdates : undefined;
    if (!Array.isArray(updates) || updates.length === 0) {
      return refuseAll("'issueUpdates' must list at least one issue to create.");
    }
    if (updates.length > BULK_CREATE_MAX) {
      return refuseAll(
        `Bulk create accepts at most ${BULK_CREATE_MAX} issues per request; this one has ${updates.length}.`,
      );
    }
    const issues: JsonObject[] = [];
    const errors: JsonObject[] = [];
    // One transaction for the whole call (each element in its own savepoint): one commit.
    const held = new Map<number, ReadonlySet<string>>();
    const made: JiraIssue[] = [];
    store.transaction(() => {
      updates.forEach((update, index) => {
        const planned = plan(me, update, held);
        if (!planned.ok) {
          errors.push({
            status: planned.status,
            elementErrors: {
              errorMessages: planned.body.errorMessages,
              errors: planned.body.errors,
            },
            failedElementNumber: index,
          });
          return;
        }
        const created = commit(planned.plan);
        made.push(created);
        issues.push(createdJson(created));
      });
    });
    // After the commit, as Jira sends its events once the issues exist.
    for (const created of made) {
      sendIssueEvent(access, 'avi:jira:created:issue', created.id, actor);
    }
    return jsonResponse(issues.length > 0 ? 201 : 400, { issues, errors });
  });

  // Operation getIssueLinkTypes: anyone who may browse some project.
  router.add('GET', `${API}/issueLinkType`, ({ actor }) => {
    const me = access.callerOf(actor);
    if (!me) return jiraError(401, [MESSAGES.anonymous]);
    return jsonResponse(200, {
      issueLinkTypes: store.links.issueLinkTypes().map((type) => issueLinkTypeJson(links, type)),
    });
  });

  // Operation linkIssues: Browse on both issues and Link issues on the source's project; every
  // refusal is the documented 404. A duplicate request answers as created.
  router.add('POST', `${API}/issueLink`, ({ actor, body }) => {
    const me = access.callerOf(actor);
    if (!me) return jiraError(401, [MESSAGES.anonymous]);
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const request = isRecord(raw.value) ? raw.value : {};
    if (request.comment !== undefined) {
      return jiraError(400, ['Emulator does not implement a comment on an issue link.']);
    }
    const typeRef = refOf(request.type);
    const typeKey = typeRef?.id ?? typeRef?.name;
    const inwardRef = refOf(request.inwardIssue);
    const outwardRef = refOf(request.outwardIssue);
    if (typeKey === undefined || !inwardRef || !outwardRef) {
      return jiraError(400, [
        'The issue link type, the inward issue and the outward issue are required.',
      ]);
    }
    const type = store.links.getIssueLinkType(typeKey);
    if (!type) return jiraError(404, [`No issue link type with name '${typeKey}' found.`]);
    const sourceRef = inwardRef.id ?? inwardRef.key;
    const destinationRef = outwardRef.id ?? outwardRef.key;
    const source = sourceRef === undefined ? undefined : access.visibleIssue(me, sourceRef);
    const destination =
      destinationRef === undefined ? undefined : access.visibleIssue(me, destinationRef);
    if (!source || !destination) return jiraError(404, [ISSUE_NOT_FOUND]);
    if (!access.holds(me, source.projectId, 'LINK_ISSUES')) {
      return jiraError(404, [MESSAGES.noLink]);
    }
    store.links.linkIssues(type.id, source.id, destination.id);
    return new Response(null, { status: 201 });
  });

  // Operation getIssueLink: 404 unless the caller may browse both ends.
  router.add('GET', `${API}/issueLink/{linkId}`, ({ actor, params }) => {
    const me = access.callerOf(actor);
    if (!me) return jiraError(401, [MESSAGES.anonymous]);
    const linkId = params.linkId ?? '';
    const link = /^\d+$/u.test(linkId) ? store.links.getIssueLink(Number(linkId)) : undefined;
    const source = link ? access.visibleIssue(me, String(link.sourceIssueId)) : undefined;
    const destination = link ? access.visibleIssue(me, String(link.destinationIssueId)) : undefined;
    const type = link ? store.links.getIssueLinkType(link.typeId) : undefined;
    if (!link || !source || !destination || !type) {
      return jiraError(404, ['No issue link with id ' + linkId + ' exists.']);
    }
    return jsonResponse(200, {
      id: String(link.id),
      self: `${links.jiraBase}${API}/issueLink/${link.id}`,
      type: issueLinkTypeJson(links, type),
      inwardIssue: linkedIssueJson(links, store, source),
      outwardIssue: linkedIssueJson(links, store, destination),
    });
  });
}
