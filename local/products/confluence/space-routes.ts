/**
 * Confluence v2 spaces: the list, one space (with the caller's operations on request) and its
 * operations. A space the caller may not view answers the same 404 as a missing one.
 */
import { jsonResponse, listParam, type ProductRouter, type RouteRequest } from '../http';
import { V2, invalidPathId, numericId, unauthorized, type ConfluenceAccess } from './access';
import { listPage, listRequest } from './paging';
import { spaceJson, spaceOperations, v2Error } from './representation';
import type { ConfluenceSpace, ConfluenceUser, SpaceStatus, SpaceType } from './store';

const SPACE_TYPES: readonly string[] = ['global', 'collaboration', 'knowledge_base', 'personal'];
const isSpaceType = (value: string): value is SpaceType => SPACE_TYPES.includes(value);
const isSpaceStatus = (value: string): value is SpaceStatus =>
  value === 'current' || value === 'archived';

function descriptionFormat(query: URLSearchParams): 'plain' | 'view' | undefined | null {
  const format = query.get('description-format');
  if (format === null) return undefined;
  return format === 'plain' || format === 'view' ? format : null;
}

export function addSpaceRoutes(router: ProductRouter, access: ConfluenceAccess): void {
  const { store, base } = access;

  /** The space `{id}` if the caller may view it: the rest get the same 404 as a missing space. */
  const viewableSpace = (
    request: RouteRequest,
  ): { me: ConfluenceUser; space: ConfluenceSpace } | Response => {
    const me = access.callerOf(request.actor);
    if (!me) return unauthorized();
    const id = numericId(request.params.id);
    if (id === undefined) return invalidPathId(request.params.id);
    const space = store.spaces.getSpace(id);
    if (!space || !access.canView(me, space.id)) return v2Error(404, 'Not Found');
    return { me, space };
  };

  // Operation getSpaces: only spaces the caller may view, by id, cursor-paged.
  router.add('GET', `${V2}/spaces`, ({ actor, query, pathname }) => {
    const me = access.callerOf(actor);
    if (!me) return unauthorized();
    const paging = listRequest(query);
    if (paging instanceof Response) return paging;
    const { limit, after } = paging;
    const rawIds = listParam(query, 'ids');
    const ids = rawIds.map((id) => numericId(id));
    if (ids.some((id) => id === undefined)) {
      return v2Error(400, "The 'ids' parameter must be a list of integers.");
    }
    const type = query.get('type');
    if (type !== null && !isSpaceType(type)) {
      return v2Error(400, `Invalid value '${type}' for parameter 'type'.`);
    }
    const status = query.get('status');
    if (status !== null && !isSpaceStatus(status)) {
      return v2Error(400, `Invalid value '${status}' for parameter 'status'.`);
    }
    const format = descriptionFormat(query);
    if (format === null) {
      return v2Error(400, "The 'description-format' parameter must be 'plain' or 'view'.");
    }
    const keys = listParam(query, 'keys');
    const spaces = store.spaces.listVisibleSpaces(me.accountId, {
      ...(rawIds.length > 0 ? { ids: ids.filter((id): id is number => id !== undefined) } : {}),
      ...(keys.length > 0 ? { keys } : {}),
      ...(type !== null && isSpaceType(type) ? { type } : {}),
      ...(status !== null && isSpaceStatus(status) ? { status } : {}),
      ...(after !== undefined ? { afterId: after } : {}),
      limit,
    });
    const shown = spaces.slice(0, limit);
    const last = shown[shown.length - 1];
    const options = {
      descriptionFormat: format,
      includeIcon: query.get('include-icon') === 'true',
      base: undefined,
    };
    return listPage(
      base,
      pathname,
      query,
      shown.map((space) => spaceJson(space, options)),
      spaces.length > limit && last ? { lastId: last.id, limit } : undefined,
    );
  });

  // Operation getSpaceById, with `include-operations` (how an app learns, in the same call,
  // whether the user administers the space).
  router.add('GET', `${V2}/spaces/{id}`, (request) => {
    const found = viewableSpace(request);
    if (found instanceof Response) return found;
    const { me, space } = found;
    const format = descriptionFormat(request.query);
    if (format === null) {
      return v2Error(400, "The 'description-format' parameter must be 'plain' or 'view'.");
    }
    const json = spaceJson(space, {
      descriptionFormat: format,
      includeIcon: request.query.get('include-icon') === 'true',
      base,
    });
    if (request.query.get('include-operations') === 'true') {
      json.operations = {
        results: spaceOperations(store.spaces.spacePermissionsOf(me.accountId, space.id)),
        meta: { hasMore: false },
        _links: { self: `${V2}/spaces/${space.id}/operations` },
      };
    }
    return jsonResponse(200, json);
  });

  // Operation getSpaceOperations: what the caller may do in the space; `administer space`
  // marks a space admin (what registering a space template needs).
  router.add('GET', `${V2}/spaces/{id}/operations`, (request) => {
    const found = viewableSpace(request);
    if (found instanceof Response) return found;
    const permissions = store.spaces.spacePermissionsOf(found.me.accountId, found.space.id);
    return jsonResponse(200, { operations: spaceOperations(permissions) });
  });
}
