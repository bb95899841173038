/**
 * Jira's users and groups: the current user, one user, a user's groups, users in bulk, the user
 * searches (`user/search`, `user/picker`), the group picker and a group's members, each answering
 * for the caller's "Browse users and groups" permission as Jira does.
 */
import { intParam, jiraError, jsonResponse, listParam, type ProductRouter } from '../http';
import type { JsonObject } from '../json';
import { badRequest, invalidPaging, pageBean, unauthorized, type JiraAccess } from './access';
import { userAvatarUri, userJson } from './representation';
import { foldForSearch, type JiraUser } from './store';

const API = '/rest/api/3';

/** Jira stops user searches at the thousandth user ("up to the thousandth user"). */
const USER_SEARCH_CAP = 1000;

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

export function addUserRoutes(router: ProductRouter, access: JiraAccess): void {
  const { store, links, callerOf, hasGlobal } = access;
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
    const values = found
      .slice(startAt, startAt + maxResults)
      .map((user) => userJson(links, user, { viewerAccountId: me.accountId }));
    const pageUrl = (start: number): string => {
      const params = new URLSearchParams(query);
      params.set('startAt', String(start));
      params.set('maxResults', String(maxResults));
      return `${links.jiraBase}${API}/user/bulk?${params.toString()}`;
    };
    return jsonResponse(
      200,
      pageBean({ startAt, maxResults, total: found.length, values }, pageUrl),
    );
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
    // `UserDetails`, which carries no locale (unlike the `User` of the user routes).
    const values = members.slice(startAt, startAt + maxResults).map((user) => {
      const json = userJson(links, user, { viewerAccountId: me.accountId });
      delete json.locale;
      return json;
    });
    const pageUrl = (start: number): string => {
      const params = new URLSearchParams({
        groupId: group.groupId,
        includeInactiveUsers: String(includeInactive),
        startAt: String(start),
        maxResults: String(maxResults),
      });
      return `${links.jiraBase}${API}/group/member?${params.toString()}`;
    };
    return jsonResponse(
      200,
      pageBean({ startAt, maxResults, total: members.length, values }, pageUrl),
    );
  });
}
