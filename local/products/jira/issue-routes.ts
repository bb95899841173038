/**
 * Issue endpoints: reading an issue, its properties, e-mail notifications (kept in an
 * outbox table instead of being mailed) and workflow transitions, which run the app's
 * `jira:workflowValidator`s through the hook the host installs, exactly where Jira runs them:
 * after the permission and transition checks, before the status changes.
 */
import { z } from 'zod';
import { jiraError, jsonResponse, listParam, type ProductRouter } from '../http';
import type { JsonObject, JsonValue } from '../json';
import { ISSUE_NOT_FOUND, parseBody, type JiraAccess } from './access';
import { sendIssueEvent } from './events';
import { issueJson, selectFields, statusJson } from './representation';
import {
  APP_ACCOUNT_ID,
  type JiraIssue,
  type JiraUser,
  type ValidatorVerdict,
  type WorkflowTransition,
} from './store';

const API = '/rest/api/3';
/** Jira's limits on issue properties (setIssueProperty). */
const PROPERTY_KEY_MAX = 255;
const PROPERTY_VALUE_MAX = 32768;

const notificationSchema = z.looseObject({
  subject: z.string().optional(),
  textBody: z.string().optional(),
  htmlBody: z.string().optional(),
  to: z
    .looseObject({
      reporter: z.boolean().optional(),
      assignee: z.boolean().optional(),
      watchers: z.boolean().optional(),
      voters: z.boolean().optional(),
      users: z.array(z.looseObject({ accountId: z.string().optional() })).optional(),
      groups: z.array(z.looseObject({ name: z.string().optional() })).optional(),
      groupIds: z.array(z.string()).optional(),
    })
    .optional(),
  restrict: z
    .looseObject({
      groups: z.array(z.looseObject({ name: z.string().optional() })).optional(),
      groupIds: z.array(z.string()).optional(),
      permissions: z
        .array(z.looseObject({ key: z.string().optional(), id: z.string().optional() }))
        .optional(),
    })
    .optional(),
});

const transitionRequestSchema = z.looseObject({
  transition: z
    .looseObject({ id: z.union([z.string(), z.number()]).optional(), name: z.string().optional() })
    .optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  update: z.record(z.string(), z.unknown()).optional(),
});

/** `RestrictedPermission.key` values that name a project permission by another name. */
const RESTRICTION_ALIASES: Record<string, string> = { BROWSE: 'BROWSE_PROJECTS' };

export function addIssueRoutes(router: ProductRouter, access: JiraAccess): void {
  const { store, links } = access;
  const propertyUrl = (issue: JiraIssue, key: string): string =>
    `${links.jiraBase}${API}/issue/${issue.id}/properties/${encodeURIComponent(key)}`;

  // Operation getIssue: the same 404 for unknown and hidden issues. `expand`, `fieldsByKeys`
  // and `updateHistory` change nothing yet (no rendered fields, names or changelog to add).
  router.add('GET', `${API}/issue/{issueIdOrKey}`, ({ actor, params, query }) => {
    const me = access.callerOf(actor);
    const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
    if (!issue) return jiraError(404, [ISSUE_NOT_FOUND]);
    const propertyKeys = listParam(query, 'properties');
    let properties: Map<string, JsonValue> | undefined;
    if (propertyKeys.length > 0) {
      const all = store.issues.issueProperties(issue.id);
      const excluded = new Set(
        propertyKeys.filter((key) => key.startsWith('-')).map((key) => key.slice(1)),
      );
      const wanted = new Set(propertyKeys.filter((key) => !key.startsWith('-')));
      properties = new Map(
        [...all].filter(([key]) => !excluded.has(key) && (wanted.has('*all') || wanted.has(key))),
      );
    }
    return jsonResponse(
      200,
      issueJson(links, store, issue, {
        viewerAccountId: me?.accountId,
        wantField: selectFields(listParam(query, 'fields')),
        properties,
      }),
    );
  });

  // Operation getIssuePropertyKeys.
  router.add('GET', `${API}/issue/{issueIdOrKey}/properties`, ({ actor, params }) => {
    const issue = access.visibleIssue(access.callerOf(actor), params.issueIdOrKey ?? '');
    if (!issue) return jiraError(404, [ISSUE_NOT_FOUND]);
    return jsonResponse(200, {
      keys: store.issues
        .issuePropertyKeys(issue.id)
        .map((key) => ({ self: propertyUrl(issue, key), key })),
    });
  });

  // Operation getIssueProperty: 404 for a missing property as for a hidden issue.
  router.add('GET', `${API}/issue/{issueIdOrKey}/properties/{propertyKey}`, ({ actor, params }) => {
    const issue = access.visibleIssue(access.callerOf(actor), params.issueIdOrKey ?? '');
    if (!issue) return jiraError(404, [ISSUE_NOT_FOUND]);
    const key = params.propertyKey ?? '';
    const value = store.issues.getIssueProperty(issue.id, key);
    if (value === undefined) {
      return jiraError(404, [`The property with key '${key}' does not exist.`]);
    }
    return jsonResponse(200, { key, value });
  });

  // Operation setIssueProperty: Browse and Edit issues (the app holds both through its role);
  // 201 when the property is new, 200 when it is replaced; the body is the value itself.
  router.add(
    'PUT',
    `${API}/issue/{issueIdOrKey}/properties/{propertyKey}`,
    ({ actor, params, body }) => {
      const me = access.callerOf(actor);
      const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
      if (!issue) return jiraError(404, [ISSUE_NOT_FOUND]);
      if (!access.holds(me, issue.projectId, 'EDIT_ISSUES')) {
        return jiraError(403, ['You do not have permission to edit this issue.']);
      }
      const key = params.propertyKey ?? '';
      if (key.length > PROPERTY_KEY_MAX) {
        return jiraError(400, [
          `The property key cannot be longer than ${PROPERTY_KEY_MAX} characters.`,
        ]);
      }
      if (body === undefined || body.trim() === '') {
        return jiraError(400, ['The property value cannot be empty.']);
      }
      if (body.length > PROPERTY_VALUE_MAX) {
        return jiraError(400, [
          `The property value is too long. The maximum length is ${PROPERTY_VALUE_MAX} characters.`,
        ]);
      }
      const parsed = parseBody(body);
      if (!parsed.ok) return jiraError(400, ['The property value must be a valid JSON.']);
      const existed = store.issues.getIssueProperty(issue.id, key) !== undefined;
      store.issues.setIssueProperty(issue.id, key, parsed.value as JsonValue);
      return new Response(null, { status: existed ? 200 : 201 });
    },
  );

  // Operation deleteIssueProperty: the spec answers 404 (not 403) to someone who may not edit.
  router.add(
    'DELETE',
    `${API}/issue/{issueIdOrKey}/properties/{propertyKey}`,
    ({ actor, params }) => {
      const me = access.callerOf(actor);
      const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
      if (!issue || !access.holds(me, issue.projectId, 'EDIT_ISSUES')) {
        return jiraError(404, [ISSUE_NOT_FOUND]);
      }
      const key = params.propertyKey ?? '';
      if (!store.issues.deleteIssueProperty(issue.id, key)) {
        return jiraError(404, [`The property with key '${key}' does not exist.`]);
      }
      return new Response(null, { status: 204 });
    },
  );

  // Operation notify: queues an e-mail (here: records it in the outbox) and answers 204.
  // Recipients are resolved as Jira does: named users and groups, the reporter and assignee on
  // request (watchers are the reporter and the assignee: the emulator keeps no watch lists), and
  // then only active people who may see the issue and meet the `restrict` clause get it.
  router.add('POST', `${API}/issue/{issueIdOrKey}/notify`, ({ actor, params, body }) => {
    const me = access.callerOf(actor);
    const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
    if (!issue || !me) return jiraError(404, [ISSUE_NOT_FOUND]);
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const parsed = notificationSchema.safeParse(raw.value ?? {});
    if (!parsed.success) {
      return jiraError(400, [
        `Invalid request body: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      ]);
    }
    const request = parsed.data;
    if (!request.textBody && !request.htmlBody) {
      return jiraError(400, ['The notification needs a textBody or an htmlBody.']);
    }
    const to = request.to;
    if (!to) return jiraError(400, ['The notification has no recipients (to).']);

    const wanted: string[] = [];
    const add = (accountId: string | undefined): void => {
      if (accountId !== undefined && !wanted.includes(accountId)) wanted.push(accountId);
    };
    for (const user of to.users ?? []) {
      if (!user.accountId) return jiraError(400, ['A recipient user has no accountId.']);
      if (!store.users.getUser(user.accountId)) {
        return jiraError(400, [`The user with account ID '${user.accountId}' does not exist.`]);
      }
      add(user.accountId);
    }
    for (const group of [...(to.groups ?? []).map((g) => g.name ?? ''), ...(to.groupIds ?? [])]) {
      if (!store.users.hasGroup(group)) {
        return jiraError(400, [`The group '${group}' does not exist.`]);
      }
      store.users.groupMembers(group).forEach(add);
    }
    if (to.reporter) {
      if (!issue.reporterAccountId) return jiraError(400, ['The issue has no reporter.']);
      add(issue.reporterAccountId);
    }
    if (to.assignee) {
      if (!issue.assigneeAccountId) return jiraError(400, ['The issue is unassigned.']);
      add(issue.assigneeAccountId);
    }
    if (to.watchers) {
      add(issue.reporterAccountId);
      add(issue.assigneeAccountId);
    }

    const restrict = request.restrict;
    const requiredGroups = [
      ...(restrict?.groups ?? []).map((g) => g.name ?? ''),
      ...(restrict?.groupIds ?? []),
    ];
    const requiredPermissions = (restrict?.permissions ?? [])
      .map((p) => p.key ?? '')
      .filter((key) => key !== '')
      .map((key) => RESTRICTION_ALIASES[key] ?? key);
    const recipients = wanted.filter((accountId) => {
      const user: JiraUser | undefined = store.users.getUser(accountId);
      if (!user?.active || user.accountType === 'app') return false;
      const permissions = store.permissions.projectPermissionsOf(accountId, issue.projectId);
      if (!permissions.has('BROWSE_PROJECTS')) return false;
      if (requiredPermissions.some((permission) => !permissions.has(permission))) return false;
      if (requiredGroups.length > 0) {
        const groups = store.users.groupsOf(accountId);
        if (
          !groups.some((g) => requiredGroups.includes(g.name) || requiredGroups.includes(g.groupId))
        )
          return false;
      }
      return true;
    });
    store.notifications.recordNotification(
      issue,
      {
        subject: request.subject ?? `${issue.key}: ${issue.summary}`,
        textBody: request.textBody ?? '',
        htmlBody: request.htmlBody ?? '',
      },
      recipients,
      me.accountId,
    );
    return new Response(null, { status: 204 });
  });

  const transitionJson = (transition: WorkflowTransition): JsonObject => {
    const status = store.projects.getStatus(transition.to);
    return {
      id: transition.id,
      name: transition.name,
      to: status ? statusJson(links, status) : null,
      hasScreen: false,
      isGlobal: transition.from.length === 0,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    };
  };

  // Operation getTransitions: what the workflow offers from the issue's status; nothing to
  // someone without "Transition issues" (as documented), 404 to someone who cannot browse.
  router.add('GET', `${API}/issue/{issueIdOrKey}/transitions`, ({ actor, params, query }) => {
    const me = access.callerOf(actor);
    const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
    if (!issue) return jiraError(404, [ISSUE_NOT_FOUND]);
    const only = query.get('transitionId');
    const transitions = access.holds(me, issue.projectId, 'TRANSITION_ISSUES')
      ? store.workflows
          .transitionsFrom(issue)
          .filter((transition) => only === null || transition.id === only)
      : [];
    return jsonResponse(200, {
      expand: 'transitions',
      transitions: transitions.map(transitionJson),
    });
  });

  // Operation doTransition: permission, then the transition, then each attached validator
  // through the host's hook; the first failing validator's message is Jira's 400.
  router.add('POST', `${API}/issue/{issueIdOrKey}/transitions`, async ({ actor, params, body }) => {
    const me = access.callerOf(actor);
    const issue = access.visibleIssue(me, params.issueIdOrKey ?? '');
    if (!issue || !me) return jiraError(404, [ISSUE_NOT_FOUND]);
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const parsed = transitionRequestSchema.safeParse(raw.value ?? {});
    if (!parsed.success) return jiraError(400, ['The request body is not a valid transition.']);
    const transitionId = parsed.data.transition?.id;
    if (transitionId === undefined || String(transitionId).trim() === '') {
      return jiraError(400, ["'transition' identifier must be specified."]);
    }
    if (!access.holds(me, issue.projectId, 'TRANSITION_ISSUES')) {
      return jiraError(400, ['You do not have permission to transition this issue.']);
    }
    const notValid = (): Response =>
      jiraError(400, [
        `It seems that you have tried to perform a workflow operation (${String(transitionId)}) that is not valid for the current state of this issue (${issue.key}). The likely cause is that somebody has changed the issue recently, please look at the issue history for details.`,
      ]);
    const transition = store.workflows
      .transitionsFrom(issue)
      .find((candidate) => candidate.id === String(transitionId));
    if (!transition) return notValid();
    const screenFields = [
      ...Object.keys(parsed.data.fields ?? {}),
      ...Object.keys(parsed.data.update ?? {}),
    ];
    if (screenFields.length > 0) {
      return jiraError(
        400,
        [],
        Object.fromEntries(
          screenFields.map((field) => [
            field,
            `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`,
          ]),
        ),
      );
    }

    const project = store.projects.getProject(issue.projectId);
    const from = store.projects.getStatus(issue.statusId);
    const to = store.projects.getStatus(transition.to);
    if (!project || !from || !to) throw new Error(`Issue ${issue.key} has a broken workflow`);
    const hook = store.workflows.validatorHookInstalled();
    for (const rule of transition.validators) {
      if (!hook) {
        return jiraError(400, [
          `The transition is blocked: the workflow validator '${rule.moduleKey}' is not available.`,
        ]);
      }
      let verdict: ValidatorVerdict;
      try {
        verdict = await hook({
          issue,
          project,
          transition,
          workflowName: store.workflows.workflowOf(issue.projectId).name,
          from,
          to,
          rule,
          accountId: actor.kind === 'app' ? APP_ACCOUNT_ID : me.accountId,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return jiraError(400, [
          `The transition is blocked: the workflow validator '${rule.moduleKey}' failed (${reason}).`,
        ]);
      }
      if (!verdict.ok) return jiraError(400, [verdict.message]);
    }
    // The validators ran asynchronously: someone may have moved the issue meanwhile.
    const now = store.issues.getIssue(issue.id);
    if (now?.statusId !== issue.statusId) return notValid();
    store.issues.setIssueStatus(issue.id, transition.to);
    sendIssueEvent(access, 'avi:jira:updated:issue', issue.id, actor, [
      {
        field: 'status',
        fieldId: 'status',
        from: from.id,
        fromString: from.name,
        to: to.id,
        toString: to.name,
      },
    ]);
    return new Response(null, { status: 204 });
  });
}
