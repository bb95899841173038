/**
 * Confluence v2 pages: the list (by space, title and id: how an app finds a page it created
 * before), create, read (storage or rendered `view` body, a past version, a draft) and the full
 * update with its version check. A page the caller may not view answers the same 404 as a
 * missing one, and so does a missing "add page" right, as documented for create and update.
 */
import { z } from 'zod';
import { jsonResponse, listParam, type ProductRouter } from '../http';
import {
  V2,
  idValue,
  invalidPathId,
  numericId,
  parseJson,
  unauthorized,
  type ConfluenceAccess,
  type Parsed,
} from './access';
import { listPage, listRequest } from './paging';
import { type BodyFormat, pageJson, v2Error } from './representation';
import { confluenceParseMessage, findStorageFormatError } from './storage-format';
import type { ConfluencePage, PageStatus } from './store';

/** "Returned if the request is too large in size (over 5 MB)." */
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
/** Confluence refuses longer page titles. */
const MAX_TITLE_LENGTH = 255;

const bodyWrite = z.object({ representation: z.string(), value: z.string() });
const nestedBodyWrite = z.object({
  storage: bodyWrite.optional(),
  atlas_doc_format: bodyWrite.optional(),
  wiki: bodyWrite.optional(),
});
const pageBody = z.union([bodyWrite, nestedBodyWrite]);

const createPageRequest = z.object({
  spaceId: idValue,
  status: z.enum(['current', 'draft']).optional(),
  title: z.string().nullish(),
  parentId: idValue.nullish(),
  body: pageBody.nullish(),
});

const updatePageRequest = z.object({
  id: idValue,
  status: z.enum(['current', 'draft']),
  title: z.string(),
  spaceId: idValue.nullish(),
  parentId: idValue.nullish(),
  ownerId: z.string().nullish(),
  body: pageBody,
  version: z.object({
    number: z.number().int(),
    message: z.string().nullish(),
    minorEdit: z.boolean().nullish(),
  }),
});

/** The storage-format value of a v2 body, or a reason it cannot be used. */
function storageOf(body: z.infer<typeof pageBody>): Parsed<string> {
  if ('representation' in body) {
    return body.representation === 'storage'
      ? { ok: true, value: body.value }
      : {
          ok: false,
          message: `The emulator accepts only the storage representation, not '${body.representation}'.`,
        };
  }
  if (body.storage) {
    return body.storage.representation === 'storage'
      ? { ok: true, value: body.storage.value }
      : { ok: false, message: "The 'storage' body must have representation 'storage'." };
  }
  return { ok: false, message: 'The emulator accepts only the storage representation.' };
}

function bodyFormat(
  query: URLSearchParams,
  allowed: readonly string[],
): BodyFormat | undefined | Response {
  const format = query.get('body-format');
  if (format === null) return undefined;
  if (format === 'storage' || format === 'view') {
    if (allowed.includes(format)) return format;
  }
  if (
    allowed.includes(format) ||
    ['atlas_doc_format', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'].includes(
      format,
    )
  ) {
    // Valid for Confluence; this emulator keeps storage format only (and renders `view`).
    return v2Error(400, `Emulator does not implement body-format=${format}`);
  }
  return v2Error(400, `Invalid value '${format}' for parameter 'body-format'.`);
}

function statusesOf(
  query: URLSearchParams,
  fallback: readonly PageStatus[],
): PageStatus[] | undefined {
  const statuses = listParam(query, 'status');
  if (statuses.length === 0) return [...fallback];
  const known: readonly string[] = [
    'current',
    'archived',
    'trashed',
    'deleted',
    'draft',
    'historical',
  ];
  if (!statuses.every((status) => known.includes(status))) return undefined;
  return statuses.filter((status): status is PageStatus =>
    ['current', 'archived', 'trashed', 'draft'].includes(status),
  );
}

/** Checks a title and body the way Confluence does before it saves a page. */
function checkContent(title: string, status: PageStatus, body: string): Response | undefined {
  if (status === 'current' && title.trim() === '') {
    return v2Error(400, 'A published page must have a title.', 'BAD_REQUEST');
  }
  if (title.length > MAX_TITLE_LENGTH) {
    return v2Error(
      400,
      `Title cannot be longer than ${MAX_TITLE_LENGTH} characters.`,
      'BAD_REQUEST',
    );
  }
  const error = findStorageFormatError(body);
  if (error) return v2Error(400, confluenceParseMessage(error), 'BAD_REQUEST');
  return undefined;
}

function tooLarge(body: string | undefined): Response | undefined {
  return Buffer.byteLength(body ?? '', 'utf8') > MAX_REQUEST_BYTES
    ? v2Error(413, 'Request is too large (over 5 MB).')
    : undefined;
}

export function addPageRoutes(router: ProductRouter, access: ConfluenceAccess): void {
  const { store, base } = access;

  const single = (page: ConfluencePage, format: BodyFormat | undefined): Response =>
    jsonResponse(
      200,
      pageJson(page, {
        space: store.spaces.requireSpace(page.spaceId),
        version: page.version,
        bodyFormat: format,
        single: true,
        base,
      }),
    );

  const duplicateTitle = (
    spaceId: number,
    title: string,
    except?: number,
  ): Response | undefined => {
    const existing = store.pages.findPageByTitle(spaceId, title);
    if (!existing || existing.id === except) return undefined;
    return v2Error(
      400,
      'A page with this title already exists: A page already exists with the same TITLE in this space',
      'BAD_REQUEST',
    );
  };

  const isSelfOrDescendant = (candidate: number, ancestor: number): boolean => {
    for (let id: number | undefined = candidate; id !== undefined;) {
      if (id === ancestor) return true;
      id = store.pages.getPage(id)?.parentId;
    }
    return false;
  };

  // Operation getPages: pages of the spaces the caller may view (`space-id`, `title` and `id`
  // filters: how an app finds a page it created before, for idempotent creation).
  router.add('GET', `${V2}/pages`, ({ actor, query, pathname }) => {
    const me = access.callerOf(actor);
    if (!me) return unauthorized();
    const paging = listRequest(query);
    if (paging instanceof Response) return paging;
    const { limit, after } = paging;
    const rawSpaceIds = listParam(query, 'space-id');
    const spaceIds = rawSpaceIds.map((id) => numericId(id));
    const rawIds = listParam(query, 'id');
    const ids = rawIds.map((id) => numericId(id));
    if (spaceIds.some((id) => id === undefined) || ids.some((id) => id === undefined)) {
      return v2Error(400, "The 'id' and 'space-id' parameters must be lists of integers.");
    }
    const sort = query.get('sort');
    if (sort !== null && sort !== 'id') {
      return v2Error(400, `Emulator does not implement sort=${sort}`);
    }
    const statuses = statusesOf(query, ['current', 'archived']);
    if (!statuses) return v2Error(400, "Invalid value for parameter 'status'.");
    const format = bodyFormat(query, ['storage']);
    if (format instanceof Response) return format;
    const viewable = new Set(store.spaces.viewableSpaceIds(me.accountId));
    const asked = spaceIds.filter((id): id is number => id !== undefined);
    const searched =
      rawSpaceIds.length > 0 ? asked.filter((id) => viewable.has(id)) : [...viewable];
    const title = query.get('title');
    const pages = store.pages.listPages({
      spaceIds: searched,
      ...(rawIds.length > 0 ? { ids: ids.filter((id): id is number => id !== undefined) } : {}),
      ...(title !== null ? { title } : {}),
      statuses,
      ...(after !== undefined ? { afterId: after } : {}),
      limit,
    });
    const shown = pages.slice(0, limit);
    const last = shown[shown.length - 1];
    const results = shown.map((page) =>
      pageJson(page, {
        space: store.spaces.requireSpace(page.spaceId),
        version: page.version,
        bodyFormat: format,
        single: false,
        base,
      }),
    );
    return listPage(
      base,
      pathname,
      query,
      results,
      pages.length > limit && last ? { lastId: last.id, limit } : undefined,
    );
  });

  // Operation createPage.
  router.add('POST', `${V2}/pages`, ({ actor, query, body }) => {
    const me = access.callerOf(actor);
    if (!me) return unauthorized();
    const large = tooLarge(body);
    if (large) return large;
    const parsed = parseJson(body, createPageRequest);
    if (!parsed.ok) return v2Error(400, parsed.message);
    const input = parsed.value;
    const spaceId = numericId(input.spaceId);
    if (spaceId === undefined) return v2Error(400, "The 'spaceId' must be the id of a space.");
    const space = store.spaces.getSpace(spaceId);
    const permissions = space
      ? store.spaces.spacePermissionsOf(me.accountId, space.id)
      : new Set<string>();
    // Documented as one 404 for "no such space", "may not view it" and "may not add pages".
    if (!space || !permissions.has('view') || !permissions.has('edit')) {
      return v2Error(404, 'Not Found');
    }
    const status: PageStatus = input.status ?? 'current';
    const title = input.title ?? '';
    let storage = '';
    if (input.body) {
      const value = storageOf(input.body);
      if (!value.ok) return v2Error(400, value.message);
      storage = value.value;
    }
    const rootLevel = query.get('root-level') === 'true';
    let parentId: number | undefined;
    if (input.parentId !== undefined && input.parentId !== null) {
      if (rootLevel) {
        return v2Error(400, "A 'parentId' may not be supplied when 'root-level' is true.");
      }
      parentId = numericId(input.parentId);
      const parent = parentId === undefined ? undefined : store.pages.getPage(parentId);
      if (!parent || !access.canView(me, parent.spaceId)) return v2Error(404, 'Not Found');
      if (parent.spaceId !== space.id) {
        return v2Error(400, 'The parent page must be in the same space as the new page.');
      }
    } else if (!rootLevel) {
      parentId = space.homepageId;
    }
    const invalid = checkContent(title, status, storage);
    if (invalid) return invalid;
    if (status === 'current') {
      const duplicate = duplicateTitle(space.id, title);
      if (duplicate) return duplicate;
    }
    const page = store.pages.createPage({
      spaceId: space.id,
      ...(parentId !== undefined ? { parentId } : {}),
      status,
      title,
      body: storage,
      authorId: me.accountId,
    });
    return single(page, 'storage');
  });

  // Operation getPageById: 404 alike for a missing page and one the caller may not view.
  router.add('GET', `${V2}/pages/{id}`, ({ actor, params, query }) => {
    const me = access.callerOf(actor);
    if (!me) return unauthorized();
    const id = numericId(params.id);
    if (id === undefined) return invalidPathId(params.id);
    const format = bodyFormat(query, ['storage', 'view']);
    if (format instanceof Response) return format;
    const page = store.pages.getPage(id);
    if (!page || !access.canView(me, page.spaceId)) return v2Error(404, 'Not Found');
    const fallback: PageStatus[] =
      query.get('get-draft') === 'true'
        ? ['current', 'archived', 'draft']
        : ['current', 'archived'];
    const statuses = statusesOf(query, fallback);
    if (!statuses) return v2Error(400, "Invalid value for parameter 'status'.");
    if (!statuses.includes(page.status)) return v2Error(404, 'Not Found');
    const versionParam = query.get('version');
    if (versionParam !== null) {
      const number = numericId(versionParam);
      const version =
        number === undefined ? undefined : store.pages.getPageVersion(page.id, number);
      if (!version) return v2Error(404, 'Not Found');
      return jsonResponse(
        200,
        pageJson(page, {
          space: store.spaces.requireSpace(page.spaceId),
          version,
          bodyFormat: format,
          single: true,
          base,
        }),
      );
    }
    return single(page, format);
  });

  // Operation updatePage: a full update whose `version.number` must be the current one plus
  // one; anything else is the 409 Confluence answers to a stale editor.
  router.add('PUT', `${V2}/pages/{id}`, ({ actor, params, body }) => {
    const me = access.callerOf(actor);
    if (!me) return unauthorized();
    const id = numericId(params.id);
    if (id === undefined) return invalidPathId(params.id);
    const large = tooLarge(body);
    if (large) return large;
    const parsed = parseJson(body, updatePageRequest);
    if (!parsed.ok) return v2Error(400, parsed.message);
    const input = parsed.value;
    const page = store.pages.getPage(id);
    const permissions = page
      ? store.spaces.spacePermissionsOf(me.accountId, page.spaceId)
      : new Set<string>();
    if (!page || !permissions.has('view') || !permissions.has('edit')) {
      return v2Error(404, 'Not Found');
    }
    if (input.status === 'draft') {
      // Confluence keeps a draft beside the published page (version 1 of its own); this
      // emulator keeps one version line per page, so it names the gap instead of faking it.
      return v2Error(400, 'Emulator does not implement updating a page to status draft');
    }
    if (numericId(input.id) !== page.id) {
      return v2Error(400, 'The page id in the body does not match the id in the path.');
    }
    if (
      input.spaceId !== undefined &&
      input.spaceId !== null &&
      numericId(input.spaceId) !== page.spaceId
    ) {
      return v2Error(400, 'Moving a page to a different space is not supported.');
    }
    const storage = storageOf(input.body);
    if (!storage.ok) return v2Error(400, storage.message);
    let parentId = page.parentId;
    if (input.parentId !== undefined && input.parentId !== null) {
      parentId = numericId(input.parentId);
      const parent = parentId === undefined ? undefined : store.pages.getPage(parentId);
      if (!parent || !access.canView(me, parent.spaceId)) return v2Error(404, 'Not Found');
      if (parent.spaceId !== page.spaceId) {
        return v2Error(400, 'The parent page must be in the same space as the page.');
      }
      if (isSelfOrDescendant(parent.id, page.id)) {
        return v2Error(400, 'A page cannot be moved below itself.');
      }
    }
    const expected = page.version.number + 1;
    if (input.version.number !== expected) {
      return v2Error(
        409,
        `Version must be incremented on update. Current version is: ${page.version.number}`,
      );
    }
    const invalid = checkContent(input.title, input.status, storage.value);
    if (invalid) return invalid;
    const duplicate = duplicateTitle(page.spaceId, input.title, page.id);
    if (duplicate) return duplicate;
    const updated = store.pages.updatePage(page.id, {
      title: input.title,
      status: input.status,
      body: storage.value,
      parentId,
      authorId: me.accountId,
      number: expected,
      message: input.version.message ?? '',
      minorEdit: input.version.minorEdit ?? false,
    });
    return single(updated, 'storage');
  });
}
