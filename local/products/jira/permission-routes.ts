/**
 * What a user may do in Jira: `GET /mypermissions` (the caller's permissions, globally or in a
 * project or an issue) and `POST /permissions/check` (bulk checks, for the caller or, from an
 * `asApp()` call or a Jira administrator, for anyone).
 */
import { z } from 'zod';
import { jiraError, jsonResponse, listParam, type ProductRouter } from '../http';
import type { JsonObject } from '../json';
import { badRequest, type JiraAccess } from './access';
import { PERMISSIONS, permissionDefinition } from './permissions';
import type { JiraUser } from './store';

const API = '/rest/api/3';

/** `POST /permissions/check`: "A maximum of 1000 projects and 1000 issues can be checked." */
const BULK_CHECK_CAP = 1000;

const bulkPermissionsRequest = z.object({
  accountId: z.string().nullish(),
  globalPermissions: z.array(z.string().nullable()).nullish(),
  projectPermissions: z
    .array(
      z
        .object({
          permissions: z.array(z.string().nullable()),
          projects: z.array(z.number().int().nullable()).nullish(),
          issues: z.array(z.number().int().nullable()).nullish(),
        })
        .nullable(),
    )
    .nullish(),
});

const notNull = <T>(value: T | null | undefined): value is T =>
  value !== null && value !== undefined;

export function addPermissionRoutes(router: ProductRouter, access: JiraAccess): void {
  const { store, callerOf, hasGlobal } = access;
  const canBrowse = (user: JiraUser | undefined, projectId: number): boolean =>
    access.holds(user, projectId, 'BROWSE_PROJECTS');

  // Operation getMyPermissions: answers for the acting user, in the global context, or for a
  // project or an issue (404 when it is unknown or the user cannot browse it, as documented).
  router.add('GET', `${API}/mypermissions`, ({ actor, query }) => {
    const keys = [...new Set(listParam(query, 'permissions'))];
    if (keys.length === 0) {
      return badRequest('The permissions query parameter is required and must not be empty.');
    }
    const unknown = keys.filter((key) => !PERMISSIONS.has(key));
    if (unknown.length > 0) {
      return badRequest(
        `Invalid permission keys: ${unknown.join(', ')}.`,
        Object.fromEntries(unknown.map((key) => [key, 'Unrecognized permission'])),
      );
    }
    if (query.get('commentId') !== null) {
      if (keys.length !== 1 || keys[0] !== 'BROWSE_PROJECTS') {
        return badRequest('Only BROWSE_PROJECTS can be checked for a comment.');
      }
      // The emulator has no comments yet, so no comment id can be found.
      return jiraError(404, [
        'The comment does not exist or you do not have permission to see it.',
      ]);
    }
    const me = callerOf(actor);
    const issueRef = query.get('issueKey') ?? query.get('issueId');
    const projectKey = query.get('projectKey');
    const projectRef = projectKey ?? query.get('projectId');
    let projectPermissions: Set<string>;
    if (issueRef !== null) {
      const issue = store.issues.getIssue(issueRef);
      if (!issue || !canBrowse(me, issue.projectId)) {
        return jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
      }
      projectPermissions = me
        ? store.permissions.projectPermissionsOf(me.accountId, issue.projectId)
        : new Set();
    } else if (projectRef !== null) {
      const project = store.projects.getProject(projectRef);
      if (!project || !canBrowse(me, project.id)) {
        return jiraError(404, [
          `No project could be found with ${projectKey !== null ? 'key' : 'id'} '${projectRef}'.`,
        ]);
      }
      projectPermissions = me
        ? store.permissions.projectPermissionsOf(me.accountId, project.id)
        : new Set();
    } else {
      projectPermissions = me
        ? store.permissions.projectPermissionsAnywhere(me.accountId)
        : new Set();
    }
    const globalPermissions = me
      ? store.permissions.globalPermissionsOf(me.accountId)
      : new Set<string>();
    const permissions: JsonObject = {};
    for (const key of keys) {
      const definition = permissionDefinition(key);
      if (!definition) continue;
      const held =
        definition.type === 'GLOBAL' ? globalPermissions.has(key) : projectPermissions.has(key);
      permissions[key] = { ...definition, havePermission: held };
    }
    return jsonResponse(200, { permissions });
  });

  // Operation getBulkPermissions. Checking someone else needs ADMINISTER when a user asks; an
  // `asApp()` call may check any user, which is what Forge apps do to decide what a user may see
  // (the documented exception for app-server calls). Unknown project and issue ids are ignored;
  // an unknown account holds nothing.
  router.add('POST', `${API}/permissions/check`, ({ actor, body }) => {
    let raw: unknown;
    try {
      raw = body === undefined || body === '' ? {} : JSON.parse(body);
    } catch {
      return badRequest('Unexpected character in the request body: it is not valid JSON.');
    }
    const parsed = bulkPermissionsRequest.safeParse(raw);
    if (!parsed.success) {
      return badRequest(
        `Invalid request body: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    }
    const request = parsed.data;
    const me = callerOf(actor);
    const targetId = request.accountId ?? me?.accountId;
    if (
      request.accountId !== undefined &&
      request.accountId !== null &&
      request.accountId !== me?.accountId &&
      actor.kind !== 'app' &&
      !hasGlobal(me, 'ADMINISTER')
    ) {
      return jiraError(403, ['Only Jira administrators can perform this operation.']);
    }
    const errors: Record<string, string> = {};
    const errorMessages: string[] = [];
    const globalKeys = [...new Set((request.globalPermissions ?? []).filter(notNull))];
    for (const key of globalKeys) {
      if (permissionDefinition(key)?.type !== 'GLOBAL') errors[key] = 'Unrecognized permission';
    }
    const entries = (request.projectPermissions ?? []).filter(notNull).map((entry) => ({
      permissions: entry.permissions.filter(notNull).filter((key) => key !== ''),
      projects: (entry.projects ?? []).filter(notNull),
      issues: (entry.issues ?? []).filter(notNull),
    }));
    for (const entry of entries) {
      if (entry.permissions.length === 0) {
        errorMessages.push('At least one project permission is required in projectPermissions.');
      }
      for (const key of entry.permissions) {
        if (permissionDefinition(key)?.type !== 'PROJECT') errors[key] = 'Unrecognized permission';
      }
    }
    const projectCount = new Set(entries.flatMap((entry) => entry.projects)).size;
    const issueCount = new Set(entries.flatMap((entry) => entry.issues)).size;
    if (projectCount > BULK_CHECK_CAP || issueCount > BULK_CHECK_CAP) {
      errorMessages.push(
        `A maximum of ${BULK_CHECK_CAP} projects and ${BULK_CHECK_CAP} issues can be checked.`,
      );
    }
    if (errorMessages.length > 0 || Object.keys(errors).length > 0) {
      return jiraError(400, [...new Set(errorMessages)], errors);
    }

    const target = targetId ? store.users.getUser(targetId) : undefined;
    const held = new Map<number, Set<string>>();
    const heldIn = (projectId: number): Set<string> => {
      let permissions = held.get(projectId);
      if (!permissions) {
        permissions = target?.active
          ? store.permissions.projectPermissionsOf(target.accountId, projectId)
          : new Set<string>();
        held.set(projectId, permissions);
      }
      return permissions;
    };
    const globals = target?.active
      ? store.permissions.globalPermissionsOf(target.accountId)
      : new Set();
    const grants = new Map<string, { projects: Set<number>; issues: Set<number> }>();
    for (const entry of entries) {
      for (const permission of entry.permissions) {
        const grant = grants.get(permission) ?? { projects: new Set(), issues: new Set() };
        grants.set(permission, grant);
        for (const projectId of entry.projects) {
          if (store.projects.getProject(projectId) && heldIn(projectId).has(permission)) {
            grant.projects.add(projectId);
          }
        }
        for (const issueId of entry.issues) {
          const issue = store.issues.getIssue(issueId);
          // A permission on an issue is worth nothing to someone who cannot see the issue.
          const permissions = issue ? heldIn(issue.projectId) : undefined;
          if (permissions?.has('BROWSE_PROJECTS') && permissions.has(permission)) {
            grant.issues.add(issueId);
          }
        }
      }
    }
    return jsonResponse(200, {
      globalPermissions: globalKeys.filter((key) => globals.has(key)),
      projectPermissions: [...grants].map(([permission, grant]) => ({
        permission,
        issues: [...grant.issues],
        projects: [...grant.projects],
      })),
    });
  });
}
