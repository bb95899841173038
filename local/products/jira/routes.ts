/**
 * The Jira Cloud REST endpoints the emulator answers, each shaped like its operation in
 * `jira-platform.v3.json` (parameters, statuses, bodies) and answering for the acting user's
 * permissions, as Jira does for Forge `asUser()` calls.
 *
 * Who is asking: `asUser()` calls run as that user; `asApp()` calls run as the app's own account
 * (Jira's app "bot" user, `APP_ACCOUNT_ID`), which Forge documents as the identity of app calls
 * and which holds the `atlassian-addons-project-access` role in every project. An account the
 * site does not know, or a deactivated one, is treated as anonymous: operations that "can be
 * accessed anonymously" answer as for an anonymous user, the others answer 401.
 */
import { z } from 'zod';
import type { ProductActor } from '../../runtime';
import { Router } from '../../router';
import {
  intParam,
  jiraError,
  jsonResponse,
  listParam,
  type ProductRouter,
  type RouteHandler,
  type RouteRequest,
} from '../http';
import type { JsonObject, JsonValue } from '../json';
import { createAccess } from './access';
import { addCreateRoutes } from './create-routes';
import { addEditRoutes } from './edit-routes';
import { addIssueRoutes } from './issue-routes';
import { PERMISSIONS, permissionDefinition } from './permissions';
import { addProjectRoutes } from './project-routes';
import { addSearchRoutes } from './search-routes';
import {
  type Links,
  issueJson,
  projectJson,
  selectFields,
  userAvatarUri,
  userJson,
} from './representation';
import { APP_ACCOUNT_ID, type JiraStore, type JiraUser, foldForSearch } from './store';

const API = '/rest/api/3';

/** Jira stops user searches at the thousandth user ("up to the thousandth user"). */
const USER_SEARCH_CAP = 1000;
/** `POST /permissions/check`: "A maximum of 1000 projects and 1000 issues can be checked." */
const BULK_CHECK_CAP = 1000;

function unauthorized(): Response {
  return jiraError(401, [
    'You are not authenticated. Authentication required to perform this operation.',
  ]);
}

function badRequest(message: string, errors: Record<string, string> = {}): Response {
  return jiraError(400, [message], errors);
}

/** Jira's message when paging parameters are not numbers. */
function invalidPaging(name: string): Response {
  return badRequest(`The '${name}' parameter must be a non-negative integer.`);
}

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

/**
 * Highlights, in `text`, the start of each word that a query word is a prefix of, with Jira's
 * `<strong>` (folding accents, so "elo" highlights "Élo"). The text is HTML-escaped first.
 */
function highlight(text: string, queryWords: readonly string[]): string {
  const escape = (value: string): string =>
    value.replace(/[&<>"']/g, (char) => `&#${char.codePointAt(0) ?? 0};`);
  return text
    .split(/([^\p{L}\p{N}]+)/u)
    .map((word) => {
      const folded = foldForSearch(word);
      const match = queryWords.find(
        (queryWord) => queryWord !== '' && folded.startsWith(queryWord),
      );
      if (match === undefined) return escape(word);
      // Walk the original characters until their folded form covers the query word.
      let taken = '';
      let length = 0;
      for (const char of word) {
        if (foldForSearch(taken).length >= match.length) break;
        taken += char;
        length += char.length;
      }
      return `<strong>${escape(word.slice(0, length))}</strong>${escape(word.slice(length))}`;
    })
    .join('');
}

export function createJiraRouter(store: JiraStore, links: Links): ProductRouter {
  const router = new Router<RouteHandler>();

  /** The acting account, or undefined for an anonymous call (unknown or inactive account). */
  const callerOf = (actor: ProductActor): JiraUser | undefined => {
    const user = store.users.getUser(actor.kind === 'app' ? APP_ACCOUNT_ID : actor.accountId);
    return user?.active ? user : undefined;
  };
  const hasGlobal = (user: JiraUser | undefined, permission: string): boolean =>
    user !== undefined && store.permissions.globalPermissionsOf(user.accountId).has(permission);
  const canBrowse = (user: JiraUser | undefined, projectId: number): boolean =>
    user !== undefined &&
    store.permissions.projectPermissionsOf(user.accountId, projectId).has('BROWSE_PROJECTS');
  const expandableFor = (user: JiraUser, expand: readonly string[]) => ({
    groups: expand.includes('groups'),
    applicationRoles: expand.includes('applicationRoles'),
    groupNames: store.users.groupsOf(user.accountId),
  });

  // Operation getServerInfo: anonymous access, the site's address as `baseUrl`.
  router.add('GET', `${API}/serverInfo`, () =>
    jsonResponse(200, {
      baseUrl: links.siteBase,
      displayUrl: links.siteBase,
      deploymentType: 'Cloud',
      serverTitle: 'Jira',
    }),
  );

  // Operation getCurrentUser. An `asApp()` call gets the app's own account (accountType "app"),
  // as Jira answers for the app user; a call without a known user gets 401 as documented.
  router.add('GET', `${API}/myself`, ({ actor, query }) => {
    const me = callerOf(actor);
    if (!me) return unauthorized();
    return jsonResponse(
      200,
      userJson(links, me, {
        viewerAccountId: me.accountId,
        withExpandable: expandableFor(me, listParam(query, 'expand')),
      }),
    );
  });

  // Operation getUser: needs "Browse users and groups"; without `accountId` (the deprecated
  // username/key forms are gone from Cloud) there is no user to find, hence 404.
  router.add('GET', `${API}/user`, ({ actor, query }) => {
    const me = callerOf(actor);
    if (!me) return unauthorized();
    if (!hasGlobal(me, 'USER_PICKER')) {
      return jiraError(403, ['You do not have the permission to browse users and groups.']);
    }
    const accountId = query.get('accountId');
    const user = accountId ? store.users.getUser(accountId) : undefined;
    if (!user) {
      return jiraError(404, [
        'Specified user does not exist or you do not have required permissions',
      ]);
    }
    return jsonResponse(
      200,
      userJson(links, user, {
        viewerAccountId: me.accountId,
        withExpandable: expandableFor(user, listParam(query, 'expand')),
      }),
    );
  });

  // Operation getUserGroups: the groups a user belongs to, as a bare array of GroupName; needs
  // "Browse users and groups" (the app holds it); 404 for an unknown user, as Jira answers.
  router.add('GET', `${API}/user/groups`, ({ actor, query }) => {
    const me = callerOf(actor);
    if (!me) return unauthorized();
    if (!hasGlobal(me, 'USER_PICKER')) {
      return jiraError(403, ['You do not have the permission to browse users and groups.']);
    }
    const accountId = query.get('accountId');
    if (!accountId) return badRequest('The accountId query parameter is required.');
    if (!store.users.getUser(accountId)) {
      return jiraError(404, [
        'Specified user does not exist or you do not have required permissions',
      ]);
    }
    return jsonResponse(
      200,
      store.users.groupsOf(accountId).map((group) => ({
        name: group.name,
        groupId: group.groupId,
        self: `${links.jiraBase}${API}/group?groupId=${encodeURIComponent(group.groupId)}`,
      })),
    );
  });

  // Operation bulkGetUsers: a PageBean of the known users among the ids, in the order asked;
  // unknown ids are simply absent (Jira does not fail the page for them).
  router.add('GET', `${API}/user/bulk`, ({ actor, query }) => {
    const me = callerOf(actor);
    if (!me) return unauthorized();
    const accountIds = listParam(query, 'accountId');
    if (accountIds.length === 0) return badRequest('The accountId query parameter is required.');
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 10);
    if (startAt === null) return invalidPaging('startAt');
    if (maxResults === null) return invalidPaging('maxResults');
    const found = store.users.getUsers(accountIds);
    const values = found.slice(startAt, startAt + maxResults);
    const isLast = startAt + values.length >= found.length;
    const pageUrl = (start: number): string => {
      const params = new URLSearchParams(query);
      params.set('startAt', String(start));
      params.set('maxResults', String(maxResults));
      return `${links.jiraBase}${API}/user/bulk?${params.toString()}`;
    };
    const page: JsonObject = { self: pageUrl(startAt) };
    if (!isLast) page.nextPage = pageUrl(startAt + values.length);
    page.maxResults = maxResults;
    page.startAt = startAt;
    page.total = found.length;
    page.isLast = isLast;
    page.values = values.map((user) => userJson(links, user, { viewerAccountId: me.accountId }));
    return jsonResponse(200, page);
  });

  // Operation findUsers: active users whose display name or email has words starting with the
  // query's words, as a bare array. Without "Browse users and groups" (or anonymously) the
  // documented answer is an empty list, not an error.
  router.add('GET', `${API}/user/search`, ({ actor, query, method, pathname }) => {
    const text = query.get('query');
    const accountId = query.get('accountId');
    if (query.get('property') !== null) {
      return jiraError(404, [`Emulator does not implement ${method} ${pathname}?property=`]);
    }
    if (text === null && accountId === null) {
      return badRequest("One of the 'query', 'accountId' or 'property' parameters is required.");
    }
    if (text !== null && accountId !== null) {
      return badRequest("The 'query' and 'accountId' parameters cannot be used together.");
    }
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 50);
    if (startAt === null) return invalidPaging('startAt');
    if (maxResults === null) return invalidPaging('maxResults');
    const me = callerOf(actor);
    if (!hasGlobal(me, 'USER_PICKER')) return jsonResponse(200, []);
    const limit = Math.max(0, Math.min(maxResults, USER_SEARCH_CAP - startAt));
    const users =
      accountId !== null
        ? store.users
            .getUsers([accountId])
            .filter((user) => user.active)
            .slice(startAt, startAt + limit)
        : store.users.searchUsers(text ?? '', { startAt, maxResults: limit, activeOnly: true })
            .users;
    return jsonResponse(
      200,
      users.map((user) => userJson(links, user, { viewerAccountId: me?.accountId })),
    );
  });

  // Operation findUsersForPicker: `FoundUsers` with the matched words in <strong>. Without
  // "Browse users and groups" only an exact display-name match is returned, as documented.
  router.add('GET', `${API}/user/picker`, ({ actor, query }) => {
    const text = query.get('query');
    if (text === null) return badRequest("The 'query' parameter is required.");
    const exclude = listParam(query, 'exclude');
    const excludeAccountIds = listParam(query, 'excludeAccountIds');
    if (exclude.length > 0 && excludeAccountIds.length > 0) {
      return badRequest(
        "The 'exclude' and 'excludeAccountIds' parameters cannot be used together.",
      );
    }
    const maxResults = intParam(query, 'maxResults', 50);
    if (maxResults === null) return invalidPaging('maxResults');
    const showAvatar = query.get('showAvatar') === 'true';
    const me = callerOf(actor);
    const excluded = new Set([...exclude, ...excludeAccountIds]);
    const folded = foldForSearch(text).trim();
    const matches = store.users
      .searchUsers(text, { startAt: 0, maxResults: USER_SEARCH_CAP, activeOnly: true })
      .users.filter((user) => !excluded.has(user.accountId))
      .filter(
        (user) => hasGlobal(me, 'USER_PICKER') || foldForSearch(user.displayName).trim() === folded,
      );
    const shown = matches.slice(0, maxResults);
    const queryWords = folded.split(/\s+/);
    return jsonResponse(200, {
      users: shown.map((user) => {
        const emailVisible =
          user.emailAddress !== undefined &&
          (user.emailVisibility === 'anyone' || user.accountId === me?.accountId);
        const html =
          highlight(user.displayName, queryWords) +
          (emailVisible && user.emailAddress !== undefined
            ? ` - ${highlight(user.emailAddress, queryWords)}`
            : '');
        const entry: JsonObject = {
          accountId: user.accountId,
          accountType: user.accountType,
          html,
          displayName: user.displayName,
        };
        if (showAvatar) entry.avatarUrl = userAvatarUri(user);
        return entry;
      }),
      total: matches.length,
      header: `Showing ${shown.length} of ${matches.length} matching users`,
    });
  });

  // Operation findGroups: `FoundGroups`, names containing the query (case-insensitive when
  // asked), matched part in <b>, sorted. Without "Browse users and groups" only a group whose name
  // is exactly the query is found, as documented; an anonymous call finds none.
  router.add('GET', `${API}/groups/picker`, ({ actor, query }) => {
    const maxResults = intParam(query, 'maxResults', 20);
    if (maxResults === null) return invalidPaging('maxResults');
    const text = query.get('query') ?? '';
    const caseInsensitive = query.get('caseInsensitive') === 'true';
    const excludedNames = new Set(listParam(query, 'exclude'));
    const excludedIds = new Set(listParam(query, 'excludeId'));
    const me = callerOf(actor);
    const fold = (value: string): string => (caseInsensitive ? value.toLowerCase() : value);
    const matches = me
      ? store.users
          .listGroups()
          .filter((group) => !excludedNames.has(group.name) && !excludedIds.has(group.groupId))
          .filter((group) =>
            hasGlobal(me, 'USER_PICKER')
              ? fold(group.name).includes(fold(text))
              : group.name === text,
          )
      : [];
    const shown = matches.slice(0, Math.max(0, maxResults));
    const escape = (value: string): string =>
      value.replace(/[&<>"']/g, (char) => `&#${char.codePointAt(0) ?? 0};`);
    return jsonResponse(200, {
      header: `Showing ${String(shown.length)} of ${String(matches.length)} matching groups`,
      total: matches.length,
      groups: shown.map((group) => {
        const at = text === '' ? -1 : fold(group.name).indexOf(fold(text));
        const html =
          at < 0
            ? escape(group.name)
            : `${escape(group.name.slice(0, at))}<b>${escape(group.name.slice(at, at + text.length))}</b>${escape(group.name.slice(at + text.length))}`;
        return { name: group.name, html, groupId: group.groupId };
      }),
    });
  });

  // Operation getUsersFromGroup: a PageBean of the group's users (active ones unless asked),
  // at most 50 a page; needs "Browse users and groups" or "Administer Jira".
  router.add('GET', `${API}/group/member`, ({ actor, query }) => {
    const me = callerOf(actor);
    if (!me) return unauthorized();
    const groupId = query.get('groupId');
    const groupName = query.get('groupname');
    if (groupId !== null && groupName !== null) {
      return badRequest('You can only specify either groupId or groupname, but not both.');
    }
    if (groupId === null && groupName === null) {
      return badRequest('Either groupId or groupname must be specified.');
    }
    if (!hasGlobal(me, 'USER_PICKER') && !hasGlobal(me, 'ADMINISTER')) {
      return jiraError(403, ['You do not have the permission to browse users and groups.']);
    }
    const group =
      groupId !== null ? store.users.getGroupById(groupId) : store.users.getGroup(groupName ?? '');
    if (!group) {
      return jiraError(404, [`The group '${groupId ?? groupName ?? ''}' does not exist.`]);
    }
    const startAt = intParam(query, 'startAt', 0);
    const asked = intParam(query, 'maxResults', 50);
    if (startAt === null) return invalidPaging('startAt');
    if (asked === null) return invalidPaging('maxResults');
    const maxResults = Math.max(1, Math.min(50, asked));
    const includeInactive = query.get('includeInactiveUsers') === 'true';
    const members = store.users
      .getUsers(store.users.groupMembers(group.groupId))
      .filter((user) => includeInactive || user.active);
    const values = members.slice(startAt, startAt + maxResults);
    const isLast = startAt + values.length >= members.length;
    const pageUrl = (start: number): string => {
      const params = new URLSearchParams({
        groupId: group.groupId,
        includeInactiveUsers: String(includeInactive),
        startAt: String(start),
        maxResults: String(maxResults),
      });
      return `${links.jiraBase}${API}/group/member?${params.toString()}`;
    };
    const page: JsonObject = { self: pageUrl(startAt) };
    if (!isLast) page.nextPage = pageUrl(startAt + values.length);
    page.maxResults = maxResults;
    page.startAt = startAt;
    page.total = members.length;
    page.isLast = isLast;
    // `UserDetails`, which carries no locale (unlike the `User` of the user routes).
    page.values = values.map((user) => {
      const json = userJson(links, user, { viewerAccountId: me.accountId });
      delete json.locale;
      return json;
    });
    return jsonResponse(200, page);
  });

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

  // Operation getProject: 404 both for an unknown project and for one the user cannot browse,
  // so that a project's existence is not revealed.
  router.add('GET', `${API}/project/{projectIdOrKey}`, ({ actor, params }) => {
    const ref = params.projectIdOrKey ?? '';
    const me = callerOf(actor);
    const project = store.projects.getProject(ref);
    if (!project || !canBrowse(me, project.id)) {
      const by = /^\d+$/.test(ref) ? 'id' : 'key';
      return jiraError(404, [`No project could be found with ${by} '${ref}'.`]);
    }
    return jsonResponse(200, projectJson(links, store, project, me?.accountId));
  });

  // Operation getIssue: the same 404 for unknown and hidden issues. `expand`, `fieldsByKeys`
  // and `updateHistory` change nothing yet (no rendered fields, names or changelog to add).
  router.add('GET', `${API}/issue/{issueIdOrKey}`, ({ actor, params, query }) =>
    getIssue(store, links, callerOf(actor), params.issueIdOrKey ?? '', query, canBrowse),
  );

  const access = createAccess(store, links);
  addIssueRoutes(router, access);
  addCreateRoutes(router, access);
  addEditRoutes(router, access);
  addProjectRoutes(router, access);
  addSearchRoutes(router, access);
  return router;
}

function getIssue(
  store: JiraStore,
  links: Links,
  me: JiraUser | undefined,
  ref: string,
  query: RouteRequest['query'],
  canBrowse: (user: JiraUser | undefined, projectId: number) => boolean,
): Response {
  const issue = store.issues.getIssue(ref);
  if (!issue || !canBrowse(me, issue.projectId)) {
    return jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
  }
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
}
