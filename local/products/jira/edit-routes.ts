/**
 * Changing existing issues: `PUT /issue/{issueIdOrKey}` (editIssue), `PUT …/assignee`
 * (assignIssue), `DELETE /issue/{issueIdOrKey}` (deleteIssue) and `DELETE /issueLink/{linkId}`
 * (deleteIssueLink). An edit or an assignment that changes something sends "issue updated" with
 * its changelog, a deletion "issue deleted" (./events.ts), as Jira does.
 *
 * What an edit accepts, as Jira's edit screen of a company-managed project with the default field
 * configuration: `fields` summary, description (ADF), duedate, labels, parent, assignee;
 * `update` labels (add, remove, set) and parent (set, including `{"set": {"none": true}}` to
 * remove it); `properties`. Any other field is refused as not on the screen. It needs Browse
 * projects and Edit issues; a due date needs Schedule issues and an assignee Assign issues, as
 * on create. A parent must be one the issue's type may have (the same rule as on create).
 * Answers 204 with no body (`returnIssue` is not emulated); `notifyUsers` is accepted and, as
 * the emulator sends no update e-mails, changes nothing.
 */
import { jiraError, type ProductRouter } from '../http';
import type { JsonObject, JsonValue } from '../json';
import { ISSUE_NOT_FOUND, parseBody, type JiraAccess } from './access';
import { deletedIssueEvent, sendIssueEvent, type ChangeItem } from './events';
import type { JiraIssue } from './store';
import {
  MESSAGES,
  checkLabels,
  isAdfDocument,
  isIsoDate,
  isRecord,
  notOnScreen,
  parentRefusal,
  refOf,
} from './create-routes';

const API = '/rest/api/3';
const SUMMARY_MAX = 255;
const EDITABLE = new Set(['summary', 'description', 'duedate', 'labels', 'parent', 'assignee']);
const UPDATABLE = new Set(['labels', 'parent']);

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Jira's changelog of an edit: one item per field whose value changed. */
function changelogOf(access: JiraAccess, before: JiraIssue, after: JiraIssue): ChangeItem[] {
  const items: ChangeItem[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const item = (
    field: string,
    values: { from: unknown; to: unknown; fromString?: unknown; toString?: unknown },
  ) => {
    items.push({
      field,
      fieldId: field,
      from: text(values.from),
      fromString: text(Object.hasOwn(values, 'fromString') ? values.fromString : values.from),
      to: text(values.to),
      toString: text(Object.hasOwn(values, 'toString') ? values.toString : values.to),
    });
  };
  const key = (id: number | undefined) =>
    id === undefined ? undefined : access.store.issues.getIssue(id)?.key;
  const name = (accountId: string | undefined) =>
    accountId === undefined ? undefined : access.store.users.getUser(accountId)?.displayName;
  if (before.summary !== after.summary) {
    item('summary', { from: null, to: null, fromString: before.summary, toString: after.summary });
  }
  if (!same(before.fields.description, after.fields.description)) {
    item('description', { from: null, to: null });
  }
  for (const field of ['duedate', 'labels'] as const) {
    if (!same(before.fields[field], after.fields[field])) {
      item(field, { from: before.fields[field], to: after.fields[field] });
    }
  }
  if (before.parentId !== after.parentId) {
    item('parent', {
      from: before.parentId,
      to: after.parentId,
      fromString: key(before.parentId),
      toString: key(after.parentId),
    });
  }
  if (before.assigneeAccountId !== after.assigneeAccountId) {
    item('assignee', {
      from: before.assigneeAccountId,
      to: after.assigneeAccountId,
      fromString: name(before.assigneeAccountId),
      toString: name(after.assigneeAccountId),
    });
  }
  return items;
}

export function addEditRoutes(router: ProductRouter, access: JiraAccess): void {
  const { store } = access;

  // Operation editIssue.
  router.add('PUT', `${API}/issue/{issueIdOrKey}`, ({ actor, params, body, query }) => {
    const me = access.callerOf(actor);
    const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
    if (!me || !issue) return jiraError(404, [ISSUE_NOT_FOUND]);
    if (query.get('returnIssue') === 'true') {
      return jiraError(400, ['Emulator does not implement returnIssue on an edit.']);
    }
    if (!access.holds(me, issue.projectId, 'EDIT_ISSUES')) {
      return jiraError(403, ['You do not have permission to edit issues in this project.']);
    }
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const request = raw.value ?? {};
    if (!isRecord(request)) return jiraError(400, ['The request body must be a JSON object.']);
    const fields = request.fields ?? {};
    const update = request.update ?? {};
    if (!isRecord(fields) || !isRecord(update)) {
      return jiraError(400, ["'fields' and 'update' must be JSON objects."]);
    }
    const errors: Record<string, string> = {};
    for (const field of Object.keys(fields)) {
      if (!EDITABLE.has(field)) errors[field] = notOnScreen(field);
    }
    for (const field of Object.keys(update)) {
      if (!UPDATABLE.has(field)) errors[field] = notOnScreen(field);
      else if (field in fields) {
        errors[field] = `Field '${field}' cannot be set in both 'fields' and 'update'.`;
      }
    }
    const project = store.projects.getProject(issue.projectId);
    const issueType = store.projects.getIssueType(issue.issueTypeId);
    const may = (permission: string): boolean => access.holds(me, issue.projectId, permission);
    const changes: {
      summary?: string;
      parentId?: number | null;
      assigneeAccountId?: string | null;
      fields: JsonObject;
    } = { fields: {} };

    if ('summary' in fields) {
      const summary = typeof fields.summary === 'string' ? fields.summary.trim() : '';
      if (summary === '') errors.summary = MESSAGES.summaryMissing;
      else if (summary.length > SUMMARY_MAX) errors.summary = MESSAGES.summaryTooLong;
      else if (/[\r\n]/u.test(summary)) errors.summary = MESSAGES.summaryNewline;
      else changes.summary = summary;
    }
    if ('description' in fields) {
      if (fields.description === null) changes.fields.description = null;
      else if (isAdfDocument(fields.description)) {
        changes.fields.description = fields.description as JsonObject;
      } else errors.description = MESSAGES.notAdf;
    }
    if ('duedate' in fields) {
      if (!may('SCHEDULE_ISSUES')) errors.duedate = notOnScreen('duedate');
      else if (fields.duedate === null) changes.fields.duedate = null;
      else if (typeof fields.duedate !== 'string' || !isIsoDate(fields.duedate)) {
        errors.duedate = `Error parsing date string: ${JSON.stringify(fields.duedate).replace(/^"|"$/gu, '')}`;
      } else changes.fields.duedate = fields.duedate;
    }

    // Labels: replaced by `fields`, or changed one operation at a time by `update`.
    const current = Array.isArray(issue.fields.labels)
      ? issue.fields.labels.filter((label): label is string => typeof label === 'string')
      : [];
    let labels: unknown[] | undefined;
    if ('labels' in fields) {
      labels = fields.labels === null ? [] : Array.isArray(fields.labels) ? fields.labels : [];
      if (fields.labels !== null && !Array.isArray(fields.labels)) {
        errors.labels = "Field 'labels' takes a list of labels.";
      }
    }
    if (update.labels !== undefined) {
      let next: unknown[] = [...current];
      for (const op of Array.isArray(update.labels) ? update.labels : [update.labels]) {
        if (isRecord(op) && 'add' in op) next.push(op.add);
        else if (isRecord(op) && 'remove' in op) next = next.filter((label) => label !== op.remove);
        else if (isRecord(op) && 'set' in op) {
          next = Array.isArray(op.set) ? [...(op.set as unknown[])] : [op.set];
        } else errors.labels = "Operation is not supported for 'labels': use add, remove or set.";
      }
      labels = next;
    }
    if (labels !== undefined && errors.labels === undefined) {
      const checked = checkLabels(labels);
      if ('error' in checked) errors.labels = checked.error;
      else if (checked.labels.length === 0) changes.fields.labels = null;
      else changes.fields.labels = checked.labels;
    }

    // Parent: `fields.parent` {key|id}, or `update.parent` [{set: {key|id}}] / [{set: {none: true}}].
    let parentValue: unknown = fields.parent;
    if (update.parent !== undefined) {
      const ops = Array.isArray(update.parent) ? update.parent : [update.parent];
      const set = ops.length === 1 && isRecord(ops[0]) ? ops[0].set : undefined;
      if (!isRecord(set)) errors.parent = "Operation is not supported for 'parent': use set.";
      else parentValue = set.none === true ? null : set;
    }
    if ('parent' in fields || update.parent !== undefined) {
      if (parentValue === null) {
        if (issueType?.subtask) errors.parent = MESSAGES.subtaskWithoutParent;
        else changes.parentId = null;
      } else if (errors.parent === undefined) {
        const ref = refOf(parentValue);
        const idOrKey = ref?.id ?? ref?.key;
        const parent = idOrKey === undefined ? undefined : access.visibleIssue(me, idOrKey);
        if (!parent || parent.id === issue.id) errors.parent = MESSAGES.parentMissing;
        else if (issueType) {
          const refusal = parentRefusal(store, issueType, project, parent);
          if (refusal) errors[refusal.field] = refusal.message;
          else changes.parentId = parent.id;
        }
      }
    }

    if ('assignee' in fields) {
      const accountId = refOf(fields.assignee)?.accountId ?? refOf(fields.assignee)?.id;
      const assignee = accountId === undefined ? undefined : store.users.getUser(accountId);
      if (!may('ASSIGN_ISSUES')) errors.assignee = notOnScreen('assignee');
      else if (fields.assignee === null) changes.assigneeAccountId = null;
      else if (
        !assignee?.active ||
        !store.permissions
          .projectPermissionsOf(assignee.accountId, issue.projectId)
          .has('ASSIGNABLE_USER')
      ) {
        errors.assignee = `User '${accountId ?? ''}' cannot be assigned issues.`;
      } else changes.assigneeAccountId = assignee.accountId;
    }

    const properties: { key: string; value: JsonValue }[] = [];
    if (request.properties !== undefined) {
      if (!Array.isArray(request.properties)) {
        return jiraError(400, ["'properties' must be a list."]);
      }
      for (const property of request.properties as unknown[]) {
        const key = isRecord(property) ? property.key : undefined;
        const value = isRecord(property) ? property.value : undefined;
        if (typeof key !== 'string' || key === '' || value === undefined) {
          return jiraError(400, ['Each property needs a key and a value.']);
        }
        properties.push({ key, value: value as JsonValue });
      }
    }

    if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
    store.transaction(() => {
      store.issues.updateIssue(issue.id, changes);
      for (const property of properties) {
        store.issues.setIssueProperty(issue.id, property.key, property.value);
      }
    });
    const edited = store.issues.getIssue(issue.id);
    const changelog = edited ? changelogOf(access, issue, edited) : [];
    // A property alone changes no field: Jira sends no "issue updated" for it.
    if (changelog.length > 0) {
      sendIssueEvent(access, 'avi:jira:updated:issue', issue.id, actor, changelog);
    }
    return new Response(null, { status: 204 });
  });

  // Operation assignIssue: Browse and Assign issues (no Edit issues needed); an account id, or
  // null to unassign; a user who may not be assigned issues in the project is a 400.
  router.add('PUT', `${API}/issue/{issueIdOrKey}/assignee`, ({ actor, params, body }) => {
    const me = access.callerOf(actor);
    const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
    if (!me || !issue) return jiraError(404, [ISSUE_NOT_FOUND]);
    if (!access.holds(me, issue.projectId, 'ASSIGN_ISSUES')) {
      return jiraError(403, ['You do not have permission to assign issues.']);
    }
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const request = raw.value;
    if (!isRecord(request) || !('accountId' in request)) {
      return jiraError(400, ['accountId is missing.']);
    }
    const accountId = request.accountId;
    if (accountId === '-1') {
      return jiraError(400, ['Emulator does not implement the default assignee.']);
    }
    const assigned = (assigneeAccountId: string | null): Response => {
      store.issues.updateIssue(issue.id, { assigneeAccountId });
      const after = store.issues.getIssue(issue.id);
      const changelog = after ? changelogOf(access, issue, after) : [];
      if (changelog.length > 0) {
        sendIssueEvent(access, 'avi:jira:updated:issue', issue.id, actor, changelog);
      }
      return new Response(null, { status: 204 });
    };
    if (accountId === null) return assigned(null);
    const assignee = typeof accountId === 'string' ? store.users.getUser(accountId) : undefined;
    if (
      !assignee?.active ||
      !store.permissions
        .projectPermissionsOf(assignee.accountId, issue.projectId)
        .has('ASSIGNABLE_USER')
    ) {
      return jiraError(400, [], {
        assignee: `User '${typeof accountId === 'string' ? accountId : ''}' cannot be assigned issues.`,
      });
    }
    return assigned(assignee.accountId);
  });

  // Operation deleteIssue: Browse projects and Delete issues. An issue with subtasks needs
  // `deleteSubtasks=true` (they go with it); its other children stay, without a parent.
  router.add('DELETE', `${API}/issue/{issueIdOrKey}`, ({ actor, params, query }) => {
    const me = access.callerOf(actor);
    const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
    if (!me || !issue) return jiraError(404, [ISSUE_NOT_FOUND]);
    if (!access.holds(me, issue.projectId, 'DELETE_ISSUES')) {
      return jiraError(403, ['You do not have permission to delete issues in this project.']);
    }
    const subtasks = store.issues
      .childrenOf(issue.id)
      .filter((child) => store.projects.getIssueType(child.issueTypeId)?.subtask === true);
    if (subtasks.length > 0 && query.get('deleteSubtasks') !== 'true') {
      return jiraError(400, [
        `The issue has subtasks: set deleteSubtasks to true to delete them with it.`,
      ]);
    }
    const events = [...subtasks, issue].flatMap((gone) => {
      const send = deletedIssueEvent(access, gone, actor);
      return send ? [send] : [];
    });
    store.transaction(() => {
      for (const gone of [...subtasks, issue]) store.issues.deleteIssue(gone.id);
    });
    for (const send of events) send();
    return new Response(null, { status: 204 });
  });

  // Operation deleteIssueLink: Browse on both issues, Link issues on one of their projects;
  // a link that does not exist, or that the caller may not see, is Jira's 404.
  router.add('DELETE', `${API}/issueLink/{linkId}`, ({ actor, params }) => {
    const me = access.callerOf(actor);
    const linkId = params.linkId ?? '';
    const link = /^\d+$/u.test(linkId) ? store.links.getIssueLink(Number(linkId)) : undefined;
    const source = link ? access.visibleIssue(me, String(link.sourceIssueId)) : undefined;
    const destination = link ? access.visibleIssue(me, String(link.destinationIssueId)) : undefined;
    if (!link || !source || !destination) {
      return jiraError(404, ['No issue link with id ' + linkId + ' exists.']);
    }
    if (
      !access.holds(me, source.projectId, 'LINK_ISSUES') &&
      !access.holds(me, destination.projectId, 'LINK_ISSUES')
    ) {
      return jiraError(404, [MESSAGES.noLink]);
    }
    store.links.deleteIssueLink(link.id);
    return new Response(null, { status: 204 });
  });
}
