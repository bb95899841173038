/**
 * The Confluence Cloud REST endpoints the emulator answers, each shaped like its operation in
 * `confluence-v2.json` (`/wiki/api/v2`) or `confluence-v1.json` (`/wiki/rest/api`) and answering
 * for the acting user's permissions, as Confluence does for Forge `asUser()` calls.
 *
 * Who is asking: `asUser()` calls run as that user; `asApp()` calls run as the app's own account
 * (the same app user as in Jira), which the seed gives view and edit rights in the demo spaces but
 * never admin rights. An account the site does not know is anonymous, and this site, like most,
 * allows no anonymous access: v2 answers 401, v1 answers 403 where that is what it documents.
 *
 * Permission answers follow the specs: v2 hides what a user may not view behind 404 (pages,
 * spaces) and a missing "add page" right too (documented as 404 for create and update); v1
 * templates answer 403 both for "no such template" and "not allowed", as documented.
 */
import { z } from 'zod';
import type { ProductActor } from '../../runtime';
import { Router, jsonResponse, listParam, type RouteHandler, type RouteRequest } from '../http';
import type { JsonObject } from '../json';
import type { Links } from '../jira/representation';
import { APP_ACCOUNT_ID } from '../jira/store';
import {
  type BodyFormat,
  applicationOperations,
  pageJson,
  siteBase,
  spaceJson,
  spaceOperations,
  templateJson,
  v1Error,
  v1UserJson,
  v2Error,
} from './representation';
import { confluenceParseMessage, findStorageFormatError } from './storage-format';
import type {
  ConfluencePage,
  ConfluenceSpace,
  ConfluenceStore,
  ConfluenceTemplate,
  ConfluenceUser,
  PageStatus,
  SpaceStatus,
  SpaceType,
  TemplateFields,
} from './store';

export interface ConfluenceLinks {
  /** e.g. `http://127.0.0.1/__forge/confluence`. */
  confluenceBase: string;
  /** User references in Confluence answers point at the same Atlassian accounts as Jira. */
  jira: Links;
}

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';

/** v2 list operations: `limit` defaults to 25 and may not exceed 250. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 250;
/** v1 template lists: "may be restricted by fixed system limits"; this emulator's limit. */
const MAX_TEMPLATE_LIMIT = 100;
/** "Returned if the request is too large in size (over 5 MB)." */
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
/** Confluence refuses longer page titles. */
const MAX_TITLE_LENGTH = 255;
/** `ContentTemplateCreate.description` and `ContentTemplateUpdate.description` maxLength. */
const MAX_TEMPLATE_DESCRIPTION_CREATE = 255;
const MAX_TEMPLATE_DESCRIPTION_UPDATE = 100;

const idValue = z.union([z.string(), z.number().int()]);
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

const templateLabel = z.object({ prefix: z.string().nullish(), name: z.string() });
const templateBody = z.object({
  storage: z.object({ value: z.string(), representation: z.string() }).nullish(),
});
const templateFields = {
  name: z.string().nullish(),
  templateType: z.string().nullish(),
  body: templateBody.nullish(),
  description: z.string().nullish(),
  labels: z.array(templateLabel).nullish(),
  space: z.object({ key: z.string() }).nullish(),
};
const createTemplateRequest = z.object(templateFields);
const updateTemplateRequest = z.object({ ...templateFields, templateId: idValue.nullish() });
type TemplateRequest = z.infer<typeof createTemplateRequest>;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseJson<T>(text: string | undefined, schema: z.ZodType<T>): Parsed<T> {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return { ok: false, message: 'Could not parse the request body as JSON.' };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  return {
    ok: false,
    message: `Invalid request body${where === '' ? '' : ` at '${where}'`}: ${issue?.message ?? 'invalid'}`,
  };
}

/** Ids in paths and bodies are int64 in the specs; digits only, as Confluence parses them. */
function numericId(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

/** The id a cursor continues after; undefined without a cursor; null when it is not ours. */
function decodeCursor(cursor: string | null): number | undefined | null {
  if (cursor === null || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z.object({ after: z.number().int().nonnegative() }).safeParse(value);
    return parsed.success ? parsed.data.after : null;
  } catch {
    return null;
  }
}

const SPACE_TYPES: readonly string[] = ['global', 'collaboration', 'knowledge_base', 'personal'];
const isSpaceType = (value: string): value is SpaceType => SPACE_TYPES.includes(value);
const isSpaceStatus = (value: string): value is SpaceStatus =>
  value === 'current' || value === 'archived';

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

export class ConfluenceApi {
  readonly router = new Router();
  private readonly base: string;

  constructor(
    readonly store: ConfluenceStore,
    readonly links: ConfluenceLinks,
  ) {
    this.base = siteBase(links);
    const v2 = (method: string, path: string, handler: RouteHandler): void => {
      this.router.add(method, `${V2}${path}`, this.guard(handler, 'v2'));
    };
    const v1 = (method: string, path: string, handler: RouteHandler): void => {
      this.router.add(method, `${V1}${path}`, this.guard(handler, 'v1'));
    };
    v2('GET', '/spaces', (request) => this.getSpaces(request));
    v2('GET', '/spaces/{id}', (request) => this.getSpace(request));
    v2('GET', '/spaces/{id}/operations', (request) => this.getSpaceOperations(request));
    v2('GET', '/pages', (request) => this.getPages(request));
    v2('POST', '/pages', (request) => this.createPage(request));
    v2('GET', '/pages/{id}', (request) => this.getPage(request));
    v2('PUT', '/pages/{id}', (request) => this.updatePage(request));
    v1('GET', '/user/current', (request) => this.getCurrentUser(request));
    v1('POST', '/template', (request) => this.createTemplate(request));
    v1('PUT', '/template', (request) => this.updateTemplate(request));
    v1('GET', '/template/page', (request) => this.getTemplates(request));
    v1('GET', '/template/{contentTemplateId}', (request) => this.getTemplate(request));
    v1('DELETE', '/template/{contentTemplateId}', (request) => this.deleteTemplate(request));
  }

  /**
   * An emulator bug must look like a Confluence server failure (in the API's own error shape),
   * and still say what broke.
   */
  private guard(handler: RouteHandler, api: 'v1' | 'v2'): RouteHandler {
    return async (request) => {
      try {
        return await handler(request);
      } catch (error) {
        const message = `Emulator error: ${error instanceof Error ? error.message : String(error)}`;
        return api === 'v2' ? v2Error(500, message) : v1Error(500, message);
      }
    };
  }

  /** The acting account, or undefined for an anonymous call (an account the site lacks). */
  private caller(actor: ProductActor): ConfluenceUser | undefined {
    return this.store.getUser(actor.kind === 'app' ? APP_ACCOUNT_ID : actor.accountId);
  }

  private canView(user: ConfluenceUser, spaceId: number): boolean {
    return this.store.spacePermissionsOf(user.accountId, spaceId).has('view');
  }

  private unauthorized(): Response {
    return v2Error(401, 'Authentication credentials are missing or invalid.');
  }

  /** `limit` as the v2 list operations read it: 1–250, larger values capped, 400 otherwise. */
  private limitOf(query: URLSearchParams): number | undefined {
    const raw = query.get('limit');
    if (raw === null || raw.trim() === '') return DEFAULT_LIMIT;
    if (!/^\d+$/.test(raw.trim())) return undefined;
    const limit = Number(raw);
    return limit < 1 ? undefined : Math.min(limit, MAX_LIMIT);
  }

  /** A v2 list answer: `results`, `_links.next` (relative, with the cursor) and `Link` header. */
  private page(
    pathname: string,
    query: URLSearchParams,
    results: JsonObject[],
    next: { lastId: number; limit: number } | undefined,
  ): Response {
    const links: JsonObject = {};
    const headers: Record<string, string> = {};
    if (next) {
      const params = new URLSearchParams(query);
      params.set('cursor', encodeCursor(next.lastId));
      params.set('limit', String(next.limit));
      const nextUrl = `${pathname}?${params.toString()}`;
      links.next = nextUrl;
      headers.link = `<${nextUrl}>; rel="next", <${this.base}>; rel="base"`;
    }
    links.base = this.base;
    return jsonResponse(200, { results, _links: links }, headers);
  }

  // ---- spaces ----------------------------------------------------------------------------

  // Operation getSpaces: only spaces the caller may view, by id, cursor-paged.
  private getSpaces({ actor, query, pathname }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return this.unauthorized();
    const limit = this.limitOf(query);
    if (limit === undefined)
      return v2Error(400, "The 'limit' parameter must be between 1 and 250.");
    const after = decodeCursor(query.get('cursor'));
    if (after === null) return v2Error(400, 'The cursor is invalid or has expired.');
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
    const descriptionFormat = this.descriptionFormat(query);
    if (descriptionFormat === null) {
      return v2Error(400, "The 'description-format' parameter must be 'plain' or 'view'.");
    }
    const keys = listParam(query, 'keys');
    const spaces = this.store.listVisibleSpaces(me.accountId, {
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
      descriptionFormat,
      includeIcon: query.get('include-icon') === 'true',
      base: undefined,
    };
    return this.page(
      pathname,
      query,
      shown.map((space) => spaceJson(space, options)),
      spaces.length > limit && last ? { lastId: last.id, limit } : undefined,
    );
  }

  private descriptionFormat(query: URLSearchParams): 'plain' | 'view' | undefined | null {
    const format = query.get('description-format');
    if (format === null) return undefined;
    return format === 'plain' || format === 'view' ? format : null;
  }

  /** The space `{id}` if the caller may view it: the rest get the same 404 as a missing space. */
  private viewableSpace(
    request: RouteRequest,
  ): { me: ConfluenceUser; space: ConfluenceSpace } | Response {
    const me = this.caller(request.actor);
    if (!me) return this.unauthorized();
    const id = numericId(request.params.id);
    if (id === undefined) {
      return v2Error(
        400,
        `Provided value {${request.params.id ?? ''}} for 'id' is not the correct type. Expected type is long`,
      );
    }
    const space = this.store.getSpace(id);
    if (!space || !this.canView(me, space.id)) return v2Error(404, 'Not Found');
    return { me, space };
  }

  // Operation getSpaceById, with `include-operations` (how an app learns, in the same call,
  // whether the user administers the space).
  private getSpace(request: RouteRequest): Response {
    const found = this.viewableSpace(request);
    if (found instanceof Response) return found;
    const { me, space } = found;
    const descriptionFormat = this.descriptionFormat(request.query);
    if (descriptionFormat === null) {
      return v2Error(400, "The 'description-format' parameter must be 'plain' or 'view'.");
    }
    const json = spaceJson(space, {
      descriptionFormat,
      includeIcon: request.query.get('include-icon') === 'true',
      base: this.base,
    });
    if (request.query.get('include-operations') === 'true') {
      json.operations = {
        results: spaceOperations(this.store.spacePermissionsOf(me.accountId, space.id)),
        meta: { hasMore: false },
        _links: { self: `${V2}/spaces/${space.id}/operations` },
      };
    }
    return jsonResponse(200, json);
  }

  // Operation getSpaceOperations: what the caller may do in the space; `administer space`
  // marks a space admin (what registering a space template needs).
  private getSpaceOperations(request: RouteRequest): Response {
    const found = this.viewableSpace(request);
    if (found instanceof Response) return found;
    const permissions = this.store.spacePermissionsOf(found.me.accountId, found.space.id);
    return jsonResponse(200, { operations: spaceOperations(permissions) });
  }

  // ---- pages -----------------------------------------------------------------------------

  private bodyFormat(
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
      [
        'atlas_doc_format',
        'export_view',
        'anonymous_export_view',
        'styled_view',
        'editor',
      ].includes(format)
    ) {
      // Valid for Confluence; this emulator keeps storage format only (and renders `view`).
      return v2Error(400, `Emulator does not implement body-format=${format}`);
    }
    return v2Error(400, `Invalid value '${format}' for parameter 'body-format'.`);
  }

  private statusesOf(
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

  // Operation getPages: pages of the spaces the caller may view (`space-id`, `title` and `id`
  // filters: how an app finds a page it created before, for idempotent creation).
  private getPages({ actor, query, pathname }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return this.unauthorized();
    const limit = this.limitOf(query);
    if (limit === undefined)
      return v2Error(400, "The 'limit' parameter must be between 1 and 250.");
    const after = decodeCursor(query.get('cursor'));
    if (after === null) return v2Error(400, 'The cursor is invalid or has expired.');
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
    const statuses = this.statusesOf(query, ['current', 'archived']);
    if (!statuses) return v2Error(400, "Invalid value for parameter 'status'.");
    const bodyFormat = this.bodyFormat(query, ['storage']);
    if (bodyFormat instanceof Response) return bodyFormat;
    const viewable = new Set(this.store.viewableSpaceIds(me.accountId));
    const asked = spaceIds.filter((id): id is number => id !== undefined);
    const searched =
      rawSpaceIds.length > 0 ? asked.filter((id) => viewable.has(id)) : [...viewable];
    const title = query.get('title');
    const pages = this.store.listPages({
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
        space: this.store.requireSpace(page.spaceId),
        version: page.version,
        bodyFormat,
        single: false,
        base: this.base,
      }),
    );
    return this.page(
      pathname,
      query,
      results,
      pages.length > limit && last ? { lastId: last.id, limit } : undefined,
    );
  }

  private single(page: ConfluencePage, bodyFormat: BodyFormat | undefined, status = 200): Response {
    return jsonResponse(
      status,
      pageJson(page, {
        space: this.store.requireSpace(page.spaceId),
        version: page.version,
        bodyFormat,
        single: true,
        base: this.base,
      }),
    );
  }

  /** Checks a title and body the way Confluence does before it saves a page. */
  private checkContent(title: string, status: PageStatus, body: string): Response | undefined {
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

  private duplicateTitle(spaceId: number, title: string, except?: number): Response | undefined {
    const existing = this.store.findPageByTitle(spaceId, title);
    if (!existing || existing.id === except) return undefined;
    return v2Error(
      400,
      'A page with this title already exists: A page already exists with the same TITLE in this space',
      'BAD_REQUEST',
    );
  }

  // Operation createPage.
  private createPage({ actor, query, body }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return this.unauthorized();
    if (Buffer.byteLength(body ?? '', 'utf8') > MAX_REQUEST_BYTES) {
      return v2Error(413, 'Request is too large (over 5 MB).');
    }
    const parsed = parseJson(body, createPageRequest);
    if (!parsed.ok) return v2Error(400, parsed.message);
    const input = parsed.value;
    const spaceId = numericId(input.spaceId);
    if (spaceId === undefined) return v2Error(400, "The 'spaceId' must be the id of a space.");
    const space = this.store.getSpace(spaceId);
    const permissions = space
      ? this.store.spacePermissionsOf(me.accountId, space.id)
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
      const parent = parentId === undefined ? undefined : this.store.getPage(parentId);
      if (!parent || !this.canView(me, parent.spaceId)) return v2Error(404, 'Not Found');
      if (parent.spaceId !== space.id) {
        return v2Error(400, 'The parent page must be in the same space as the new page.');
      }
    } else if (!rootLevel) {
      parentId = space.homepageId;
    }
    const invalid = this.checkContent(title, status, storage);
    if (invalid) return invalid;
    if (status === 'current') {
      const duplicate = this.duplicateTitle(space.id, title);
      if (duplicate) return duplicate;
    }
    const page = this.store.createPage({
      spaceId: space.id,
      ...(parentId !== undefined ? { parentId } : {}),
      status,
      title,
      body: storage,
      authorId: me.accountId,
    });
    return this.single(page, 'storage');
  }

  // Operation getPageById: 404 alike for a missing page and one the caller may not view.
  private getPage({ actor, params, query }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return this.unauthorized();
    const id = numericId(params.id);
    if (id === undefined) {
      return v2Error(
        400,
        `Provided value {${params.id ?? ''}} for 'id' is not the correct type. Expected type is long`,
      );
    }
    const bodyFormat = this.bodyFormat(query, ['storage', 'view']);
    if (bodyFormat instanceof Response) return bodyFormat;
    const page = this.store.getPage(id);
    if (!page || !this.canView(me, page.spaceId)) return v2Error(404, 'Not Found');
    const fallback: PageStatus[] =
      query.get('get-draft') === 'true'
        ? ['current', 'archived', 'draft']
        : ['current', 'archived'];
    const statuses = this.statusesOf(query, fallback);
    if (!statuses) return v2Error(400, "Invalid value for parameter 'status'.");
    if (!statuses.includes(page.status)) return v2Error(404, 'Not Found');
    const versionParam = query.get('version');
    if (versionParam !== null) {
      const number = numericId(versionParam);
      const version = number === undefined ? undefined : this.store.getPageVersion(page.id, number);
      if (!version) return v2Error(404, 'Not Found');
      return jsonResponse(
        200,
        pageJson(page, {
          space: this.store.requireSpace(page.spaceId),
          version,
          bodyFormat,
          single: true,
          base: this.base,
        }),
      );
    }
    return this.single(page, bodyFormat);
  }

  // Operation updatePage: a full update whose `version.number` must be the current one plus
  // one; anything else is the 409 Confluence answers to a stale editor.
  private updatePage({ actor, params, body }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return this.unauthorized();
    const id = numericId(params.id);
    if (id === undefined) {
      return v2Error(
        400,
        `Provided value {${params.id ?? ''}} for 'id' is not the correct type. Expected type is long`,
      );
    }
    if (Buffer.byteLength(body ?? '', 'utf8') > MAX_REQUEST_BYTES) {
      return v2Error(413, 'Request is too large (over 5 MB).');
    }
    const parsed = parseJson(body, updatePageRequest);
    if (!parsed.ok) return v2Error(400, parsed.message);
    const input = parsed.value;
    const page = this.store.getPage(id);
    const permissions = page
      ? this.store.spacePermissionsOf(me.accountId, page.spaceId)
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
      const parent = parentId === undefined ? undefined : this.store.getPage(parentId);
      if (!parent || !this.canView(me, parent.spaceId)) return v2Error(404, 'Not Found');
      if (parent.spaceId !== page.spaceId) {
        return v2Error(400, 'The parent page must be in the same space as the page.');
      }
      if (this.isSelfOrDescendant(parent.id, page.id)) {
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
    const invalid = this.checkContent(input.title, input.status, storage.value);
    if (invalid) return invalid;
    const duplicate = this.duplicateTitle(page.spaceId, input.title, page.id);
    if (duplicate) return duplicate;
    const updated = this.store.updatePage(page.id, {
      title: input.title,
      status: input.status,
      body: storage.value,
      parentId,
      authorId: me.accountId,
      number: expected,
      message: input.version.message ?? '',
      minorEdit: input.version.minorEdit ?? false,
    });
    return this.single(updated, 'storage');
  }

  private isSelfOrDescendant(candidate: number, ancestor: number): boolean {
    for (let id: number | undefined = candidate; id !== undefined;) {
      if (id === ancestor) return true;
      id = this.store.getPage(id)?.parentId;
    }
    return false;
  }

  // ---- v1: the current user ----------------------------------------------------------------

  // Operation getCurrentUser with `expand=operations`: `administer application` marks a
  // Confluence administrator (what registering a global template needs). No v2 operation
  // tells this.
  private getCurrentUser({ actor, query }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return v1Error(403, 'The calling user does not have permission to use Confluence.');
    const expand = listParam(query, 'expand');
    const operations = expand.includes('operations')
      ? applicationOperations(this.store.isConfluenceAdmin(me.accountId))
      : undefined;
    return jsonResponse(200, v1UserJson(me, { base: this.base, operations }));
  }

  // ---- v1: templates -----------------------------------------------------------------------

  /** May `me` create, change or delete templates of this space (or global ones)? */
  private mayAdministerTemplates(me: ConfluenceUser, space: ConfluenceSpace | undefined): boolean {
    return space
      ? this.store.spacePermissionsOf(me.accountId, space.id).has('admin')
      : this.store.isConfluenceAdmin(me.accountId);
  }

  private mayViewTemplate(me: ConfluenceUser, template: ConfluenceTemplate): boolean {
    return template.spaceId === undefined || this.canView(me, template.spaceId);
  }

  private templateResponse(template: ConfluenceTemplate, withBody: boolean): JsonObject {
    return templateJson(template, {
      space: template.spaceId === undefined ? undefined : this.store.getSpace(template.spaceId),
      withBody,
      base: this.base,
    });
  }

  /** Validates the fields shared by create and update; answers the stored form or a 400. */
  private templateFields(
    input: TemplateRequest,
    maxDescription: number,
  ): TemplateFields | Response {
    const name = input.name?.trim() ?? '';
    if (name === '') return v1Error(400, 'Template name cannot be null or empty.');
    if (input.templateType !== 'page') {
      return v1Error(
        400,
        "The template type must be 'page'; blueprint templates cannot be created through the REST API.",
      );
    }
    const storage = input.body?.storage;
    if (storage?.representation !== 'storage') {
      return v1Error(400, "The template body must be given in 'storage' format.");
    }
    const error = findStorageFormatError(storage.value);
    if (error) return v1Error(400, confluenceParseMessage(error));
    const description = input.description ?? '';
    if (description.length > maxDescription) {
      return v1Error(
        400,
        `The template description cannot be longer than ${maxDescription} characters.`,
      );
    }
    const labels = (input.labels ?? []).map((label) => ({
      prefix: label.prefix ?? 'global',
      name: label.name.trim().toLowerCase(),
    }));
    if (labels.some((label) => label.name === '' || /\s/.test(label.name))) {
      return v1Error(400, 'A label name cannot be empty or contain spaces.');
    }
    return { name, description, templateType: 'page', body: storage.value, labels };
  }

  private duplicateTemplate(
    space: ConfluenceSpace | undefined,
    name: string,
    except?: number,
  ): Response | undefined {
    const existing = this.store.findTemplateByName(space?.id, name);
    if (!existing || existing.id === except) return undefined;
    return v1Error(
      400,
      `A template with the name '${name}' already exists ${space ? 'in this space' : 'globally'}.`,
    );
  }

  // Operation createContentTemplate: with `space` a space template (space admins), without it a
  // global one (Confluence administrators).
  private createTemplate({ actor, body }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return v1Error(403, 'Could not create content template: not permitted.');
    const parsed = parseJson(body, createTemplateRequest);
    if (!parsed.ok) return v1Error(400, parsed.message);
    const input = parsed.value;
    let space: ConfluenceSpace | undefined;
    if (input.space) {
      space = this.store.getSpaceByKey(input.space.key);
      if (!space || !this.canView(me, space.id)) {
        return v1Error(
          403,
          `Could not create content template: no space '${input.space.key}' you may administer.`,
        );
      }
    }
    if (!this.mayAdministerTemplates(me, space)) {
      return v1Error(
        403,
        space
          ? `Could not create content template: you are not an administrator of space '${space.key}'.`
          : 'Could not create content template: global templates need the Confluence Administrator permission.',
      );
    }
    const fields = this.templateFields(input, MAX_TEMPLATE_DESCRIPTION_CREATE);
    if (fields instanceof Response) return fields;
    const duplicate = this.duplicateTemplate(space, fields.name);
    if (duplicate) return duplicate;
    const template = this.store.createTemplate(space?.id, fields);
    return jsonResponse(200, this.templateResponse(template, true));
  }

  // Operation updateContentTemplate: by `templateId`, in place (no copy); the space cannot change.
  private updateTemplate({ actor, body }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return v1Error(403, 'Could not update content template: not permitted.');
    const parsed = parseJson(body, updateTemplateRequest);
    if (!parsed.ok) return v1Error(400, parsed.message);
    const input = parsed.value;
    const id = numericId(input.templateId);
    if (id === undefined)
      return v1Error(400, 'The templateId of the template to update is required.');
    const template = this.store.getTemplate(id);
    const space =
      template?.spaceId === undefined ? undefined : this.store.getSpace(template.spaceId);
    if (
      !template ||
      !this.mayViewTemplate(me, template) ||
      !this.mayAdministerTemplates(me, space)
    ) {
      return v1Error(403, `Could not update content template ${id}: not found or not permitted.`);
    }
    const askedKey = input.space?.key;
    if ((askedKey ?? undefined) !== space?.key) {
      return v1Error(
        400,
        space
          ? `The space of a space template cannot change; set space.key to '${space.key}'.`
          : 'A global template cannot be moved into a space.',
      );
    }
    const fields = this.templateFields(input, MAX_TEMPLATE_DESCRIPTION_UPDATE);
    if (fields instanceof Response) return fields;
    const duplicate = this.duplicateTemplate(space, fields.name, template.id);
    if (duplicate) return duplicate;
    const updated = this.store.updateTemplate(template.id, fields);
    return jsonResponse(200, this.templateResponse(updated, true));
  }

  // Operation getContentTemplates: a space's templates (viewers of the space) or the global
  // ones (any user of the site), offset-paged; bodies only with `expand=body`.
  private getTemplates({ actor, query, pathname }: RouteRequest): Response {
    const me = this.caller(actor);
    if (!me) return v1Error(403, 'Could not read content templates: not permitted.');
    const spaceKey = query.get('spaceKey');
    let space: ConfluenceSpace | undefined;
    if (spaceKey !== null && spaceKey !== '') {
      space = this.store.getSpaceByKey(spaceKey);
      if (!space || !this.canView(me, space.id)) {
        return v1Error(403, `Could not read the templates of space '${spaceKey}': not permitted.`);
      }
    }
    const start = this.offsetParam(query, 'start', 0);
    const limit = this.offsetParam(query, 'limit', DEFAULT_LIMIT);
    if (start === undefined || limit === undefined) {
      return v1Error(400, "The 'start' and 'limit' parameters must be non-negative integers.");
    }
    const cappedLimit = Math.min(limit, MAX_TEMPLATE_LIMIT);
    const withBody = listParam(query, 'expand').includes('body');
    const { templates, total } = this.store.listTemplates(space?.id, {
      start,
      limit: cappedLimit,
    });
    const selfParams = new URLSearchParams(query);
    const links: JsonObject = {
      self: `${this.base}${pathname.replace(/^\/wiki/, '')}${selfParams.size > 0 ? `?${selfParams.toString()}` : ''}`,
      base: this.base,
      context: '/wiki',
    };
    if (start + templates.length < total) {
      const nextParams = new URLSearchParams(query);
      nextParams.set('start', String(start + templates.length));
      nextParams.set('limit', String(cappedLimit));
      links.next = `${pathname.replace(/^\/wiki/, '')}?${nextParams.toString()}`;
    }
    return jsonResponse(200, {
      results: templates.map((template) => this.templateResponse(template, withBody)),
      start,
      limit: cappedLimit,
      size: templates.length,
      _links: links,
    });
  }

  private offsetParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
    const raw = query.get(name)?.trim();
    if (raw === undefined || raw === '') return fallback;
    return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
  }

  /** The template `{contentTemplateId}` if the caller may see it; otherwise the documented 403. */
  private visibleTemplate(
    request: RouteRequest,
    action: string,
  ): { me: ConfluenceUser; template: ConfluenceTemplate } | Response {
    const me = this.caller(request.actor);
    const raw = request.params.contentTemplateId ?? '';
    const id = numericId(raw);
    const template = id === undefined ? undefined : this.store.getTemplate(id);
    if (!me || !template || !this.mayViewTemplate(me, template)) {
      return v1Error(
        403,
        `Could not ${action} content template ${raw}: not found or not permitted.`,
      );
    }
    return { me, template };
  }

  // Operation getContentTemplate (body included).
  private getTemplate(request: RouteRequest): Response {
    const found = this.visibleTemplate(request, 'read');
    if (found instanceof Response) return found;
    return jsonResponse(200, this.templateResponse(found.template, true));
  }

  // Operation removeTemplate: the same rights as creating one.
  private deleteTemplate(request: RouteRequest): Response {
    const found = this.visibleTemplate(request, 'delete');
    if (found instanceof Response) return found;
    const { me, template } = found;
    const space =
      template.spaceId === undefined ? undefined : this.store.getSpace(template.spaceId);
    if (!this.mayAdministerTemplates(me, space)) {
      return v1Error(403, `Could not delete content template ${template.id}: not permitted.`);
    }
    this.store.deleteTemplate(template.id);
    return new Response(null, { status: 204 });
  }
}
