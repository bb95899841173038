/**
 * Typed Confluence REST client over `@forge/api`. Reads and creations that the user's rights
 * must decide go through `asUser()`: Confluence answers 404 for what they may not see or add.
 * Re-rendering a strategy page that the app keeps in line with its rollout, and finding a page
 * the app made before (to resume an interrupted creation), go through `asApp()`. Retries 429 and
 * 5xx honouring Retry-After, except for creations, which repeat only after a 429.
 */
import api, { route, type APIResponse } from '@forge/api';
import { onlyThrottled, retryPolicy, withRetry, type RetryPolicy } from './retry';
import { UpstreamError } from './errors';

export interface SpaceAccess {
  id: string;
  key: string;
  name: string;
  /** The user may add pages (and so start a strategy) in the space. */
  canCreatePages: boolean;
  /** The user administers the space (what registering a space template needs). */
  isAdmin: boolean;
}

export interface PageRef {
  id: string;
  title: string;
  spaceId: string;
  version: number;
  /** The message its author gave the current version ('' none). */
  versionMessage?: string;
  /** The page's address in the browser. */
  url: string;
}

export interface PageWithBody extends PageRef {
  /** Storage format. */
  body: string;
}

export interface TemplateRef {
  id: string;
  name: string;
  labels: string[];
}

export interface TemplateWithBody extends TemplateRef {
  /** Storage format. */
  body: string;
}

export interface TemplateInput {
  name: string;
  description: string;
  body: string;
  labels: string[];
  /** Absent for a global template. */
  spaceKey?: string;
}

/** Why a page write was refused: a title already taken in the space, or a stale version. */
export type PageWriteRefusal = 'duplicate-title' | 'stale' | 'not-found';

export type PageWrite = { ok: true; page: PageRef } | { ok: false; refusal: PageWriteRefusal };

/** The Confluence operations the app needs. */
export interface ConfluencePort {
  /** The space as the acting user sees it, with what they may do there; undefined if hidden. */
  space(spaceId: string): Promise<SpaceAccess | undefined>;
  /** The same, by the space's key. */
  spaceByKey(spaceKey: string): Promise<SpaceAccess | undefined>;
  /** Whether the acting user is a Confluence administrator. */
  isConfluenceAdmin(): Promise<boolean>;
  /** The space's published page with this title, as the app sees it, with its body. */
  findPageByTitle(spaceId: string, title: string): Promise<PageWithBody | undefined>;
  /** Creates a page as the acting user (v2, storage format); only a 429 is retried. */
  createPage(input: {
    spaceId: string;
    title: string;
    body: string;
    parentId?: string;
  }): Promise<PageWrite>;
  /** A page as the acting user (`as: 'user'`) or the app sees it; undefined if hidden. */
  page(pageId: string, as: 'user' | 'app', withBody: boolean): Promise<PageWithBody | undefined>;
  /** Writes the next version of a page as the app (`version` = the current one plus one). */
  updatePage(input: {
    id: string;
    title: string;
    body: string;
    version: number;
    message: string;
  }): Promise<PageWrite>;
  /**
   * Pages by id as the acting user sees them, with their bodies and versions, in one call
   * (at most 250 ids: v2's limit); pages the user may not view are left out.
   */
  pagesWithBody(pageIds: readonly string[]): Promise<PageWithBody[]>;
  /** A template with its body (v1); undefined when it is gone or hidden from the user. */
  template(id: string): Promise<TemplateWithBody | undefined>;
  /** The app's templates of a space (or the global ones): every page of the list, ≤ 500. */
  templates(spaceKey: string | undefined): Promise<TemplateRef[]>;
  /** Registers a template as the acting user; 'duplicate' when its name is taken there. */
  createTemplate(input: TemplateInput): Promise<TemplateRef | 'duplicate'>;
  updateTemplate(id: string, input: TemplateInput): Promise<TemplateRef>;
}

interface RawPage {
  id?: unknown;
  title?: unknown;
  spaceId?: unknown;
  version?: { number?: unknown; message?: unknown };
  body?: { storage?: { value?: unknown } };
  _links?: { webui?: unknown; base?: unknown };
}

function toPage(raw: RawPage, base: string | undefined): PageWithBody | undefined {
  if (typeof raw.id !== 'string' || typeof raw.title !== 'string') return undefined;
  const webui = typeof raw._links?.webui === 'string' ? raw._links.webui : '';
  const linkBase = typeof raw._links?.base === 'string' ? raw._links.base : (base ?? '');
  return {
    id: raw.id,
    title: raw.title,
    spaceId: typeof raw.spaceId === 'string' ? raw.spaceId : '',
    version: typeof raw.version?.number === 'number' ? raw.version.number : 1,
    versionMessage: typeof raw.version?.message === 'string' ? raw.version.message : '',
    url: `${linkBase}${webui}`,
    body: typeof raw.body?.storage?.value === 'string' ? raw.body.storage.value : '',
  };
}

interface RawTemplate {
  templateId?: unknown;
  name?: unknown;
  labels?: { name?: unknown }[];
}

function toTemplate(raw: RawTemplate): TemplateRef | undefined {
  if (typeof raw.templateId !== 'string' || typeof raw.name !== 'string') return undefined;
  return {
    id: raw.templateId,
    name: raw.name,
    labels: (raw.labels ?? []).flatMap((label) =>
      typeof label.name === 'string' ? [label.name] : [],
    ),
  };
}

/** v2 answers a duplicate title with 400 and this wording in the error's title. */
function isDuplicateTitle(body: unknown): boolean {
  return JSON.stringify(body).toLowerCase().includes('already exists');
}

const TEMPLATE_PAGE = 100;
const TEMPLATE_PAGES_MAX = 5;
/** v2 lists up to 250 pages a call, and takes up to 250 ids in its `id` filter. */
const PAGES_BY_ID_MAX = 250;

/** `remainingMs`: the invocation's time left, which no retry waits past. */
export function createConfluenceClient(options: { remainingMs: () => number }): ConfluencePort {
  const retry = (): RetryPolicy => retryPolicy(options.remainingMs);
  const asUser = api.asUser();
  const asApp = api.asApp();
  const headers = { Accept: 'application/json' };
  const json = { ...headers, 'Content-Type': 'application/json' };

  const pageWrite = async (response: APIResponse, what: string): Promise<PageWrite> => {
    if (response.ok) {
      const page = toPage((await response.json()) as RawPage, undefined);
      if (!page) throw new UpstreamError('Confluence', response.status, what);
      return { ok: true, page };
    }
    if (response.status === 404) return { ok: false, refusal: 'not-found' };
    if (response.status === 409) return { ok: false, refusal: 'stale' };
    if (response.status === 400) {
      const body: unknown = await response.json().catch(() => ({}));
      if (isDuplicateTitle(body)) return { ok: false, refusal: 'duplicate-title' };
    }
    throw new UpstreamError('Confluence', response.status, what);
  };

  const templateWrite = async (response: APIResponse, what: string): Promise<TemplateRef> => {
    if (!response.ok) throw new UpstreamError('Confluence', response.status, what);
    const template = toTemplate((await response.json()) as RawTemplate);
    if (!template) throw new UpstreamError('Confluence', response.status, what);
    return template;
  };

  const templateBody = (input: TemplateInput, id?: string): string =>
    JSON.stringify({
      ...(id ? { templateId: id } : {}),
      name: input.name,
      templateType: 'page',
      description: input.description,
      body: { storage: { value: input.body, representation: 'storage' } },
      labels: input.labels.map((name) => ({ prefix: 'global', name })),
      ...(input.spaceKey ? { space: { key: input.spaceKey } } : {}),
    });

  const spaceAccess = (raw: {
    id?: unknown;
    key?: unknown;
    name?: unknown;
    operations?: { results?: { operation?: unknown; targetType?: unknown }[] };
  }): SpaceAccess | undefined => {
    if (typeof raw.id !== 'string' || typeof raw.key !== 'string') return undefined;
    const operations = raw.operations?.results ?? [];
    const can = (operation: string, targetType: string): boolean =>
      operations.some((item) => item.operation === operation && item.targetType === targetType);
    return {
      id: raw.id,
      key: raw.key,
      name: typeof raw.name === 'string' ? raw.name : raw.key,
      canCreatePages: can('create', 'page'),
      isAdmin: can('administer', 'space'),
    };
  };

  const readSpace = async (spaceId: string): Promise<SpaceAccess | undefined> => {
    const query = new URLSearchParams({ 'include-operations': 'true' });
    const response = await withRetry(
      () => asUser.requestConfluence(route`/wiki/api/v2/spaces/${spaceId}?${query}`, { headers }),
      retry(),
    );
    if (response.status === 404) return undefined;
    if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the space');
    const space = spaceAccess((await response.json()) as Parameters<typeof spaceAccess>[0]);
    if (!space) throw new UpstreamError('Confluence', response.status, 'the space');
    return space;
  };

  return {
    async spaceByKey(spaceKey) {
      const query = new URLSearchParams({ keys: spaceKey, limit: '1' });
      const response = await withRetry(
        () => asUser.requestConfluence(route`/wiki/api/v2/spaces?${query}`, { headers }),
        retry(),
      );
      if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the space');
      const raw = (await response.json()) as { results?: { id?: unknown }[] };
      const id = raw.results?.[0]?.id;
      // The list carries no operations: read the space itself for what the user may do.
      return typeof id === 'string' ? readSpace(id) : undefined;
    },

    space: readSpace,

    async isConfluenceAdmin() {
      const query = new URLSearchParams({ expand: 'operations' });
      const response = await withRetry(
        () => asUser.requestConfluence(route`/wiki/rest/api/user/current?${query}`, { headers }),
        retry(),
      );
      if (response.status === 401 || response.status === 403) return false;
      if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the user');
      const raw = (await response.json()) as {
        operations?: { operation?: unknown; targetType?: unknown }[];
      };
      return (raw.operations ?? []).some(
        (item) => item.operation === 'administer' && item.targetType === 'application',
      );
    },

    async findPageByTitle(spaceId, title) {
      const query = new URLSearchParams({
        'space-id': spaceId,
        title,
        status: 'current',
        'body-format': 'storage',
        limit: '1',
      });
      const response = await withRetry(
        () => asApp.requestConfluence(route`/wiki/api/v2/pages?${query}`, { headers }),
        retry(),
      );
      if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the page search');
      const raw = (await response.json()) as { results?: RawPage[]; _links?: { base?: unknown } };
      const base = typeof raw._links?.base === 'string' ? raw._links.base : undefined;
      const first = raw.results?.[0];
      return first ? toPage(first, base) : undefined;
    },

    async createPage(input) {
      const response = await withRetry(
        () =>
          asUser.requestConfluence(route`/wiki/api/v2/pages`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({
              spaceId: input.spaceId,
              status: 'current',
              title: input.title,
              ...(input.parentId ? { parentId: input.parentId } : {}),
              body: { representation: 'storage', value: input.body },
            }),
          }),
        retry(),
        onlyThrottled,
      );
      return pageWrite(response, 'creating the page');
    },

    async page(pageId, as, withBody) {
      const query = new URLSearchParams(withBody ? { 'body-format': 'storage' } : {});
      const requester = as === 'user' ? asUser : asApp;
      const response = await withRetry(
        () =>
          requester.requestConfluence(route`/wiki/api/v2/pages/${pageId}?${query}`, { headers }),
        retry(),
      );
      if (response.status === 404) return undefined;
      if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the page');
      return toPage((await response.json()) as RawPage, undefined);
    },

    async pagesWithBody(pageIds) {
      if (pageIds.length === 0) return [];
      if (pageIds.length > PAGES_BY_ID_MAX) throw new Error('too many pages for one call');
      const query = new URLSearchParams({
        id: pageIds.join(','),
        status: 'current',
        'body-format': 'storage',
        limit: String(PAGES_BY_ID_MAX),
      });
      const response = await withRetry(
        () => asUser.requestConfluence(route`/wiki/api/v2/pages?${query}`, { headers }),
        retry(),
      );
      if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the pages');
      const raw = (await response.json()) as { results?: RawPage[]; _links?: { base?: unknown } };
      const base = typeof raw._links?.base === 'string' ? raw._links.base : undefined;
      return (raw.results ?? []).flatMap((item) => {
        const found = toPage(item, base);
        return found ? [found] : [];
      });
    },

    async updatePage(input) {
      // A PUT of a whole version: repeating it after a lost answer meets 409, which says done.
      const response = await withRetry(
        () =>
          asApp.requestConfluence(route`/wiki/api/v2/pages/${input.id}`, {
            method: 'PUT',
            headers: json,
            body: JSON.stringify({
              id: input.id,
              status: 'current',
              title: input.title,
              body: { representation: 'storage', value: input.body },
              version: { number: input.version, message: input.message },
            }),
          }),
        retry(),
      );
      return pageWrite(response, 'updating the page');
    },

    async templates(spaceKey) {
      const found: TemplateRef[] = [];
      for (let page = 0; page < TEMPLATE_PAGES_MAX; page += 1) {
        const query = new URLSearchParams({
          start: String(page * TEMPLATE_PAGE),
          limit: String(TEMPLATE_PAGE),
          ...(spaceKey ? { spaceKey } : {}),
        });
        const response = await withRetry(
          () => asUser.requestConfluence(route`/wiki/rest/api/template/page?${query}`, { headers }),
          retry(),
        );
        if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the templates');
        const raw = (await response.json()) as { results?: RawTemplate[]; size?: unknown };
        const results = raw.results ?? [];
        for (const item of results) {
          const template = toTemplate(item);
          if (template) found.push(template);
        }
        if (results.length < TEMPLATE_PAGE) break;
      }
      return found;
    },

    async template(id) {
      const response = await withRetry(
        () => asUser.requestConfluence(route`/wiki/rest/api/template/${id}`, { headers }),
        retry(),
      );
      // v1 answers 403 both for a template that is gone and for one the user may not see.
      if (response.status === 403 || response.status === 404) return undefined;
      if (!response.ok) throw new UpstreamError('Confluence', response.status, 'the template');
      const raw = (await response.json()) as RawTemplate & {
        body?: { storage?: { value?: unknown } };
      };
      const template = toTemplate(raw);
      if (!template) return undefined;
      const body = raw.body?.storage?.value;
      return { ...template, body: typeof body === 'string' ? body : '' };
    },

    async createTemplate(input) {
      const response = await withRetry(
        () =>
          asUser.requestConfluence(route`/wiki/rest/api/template`, {
            method: 'POST',
            headers: json,
            body: templateBody(input),
          }),
        retry(),
        onlyThrottled,
      );
      if (response.status === 400) {
        const body: unknown = await response.json().catch(() => ({}));
        if (isDuplicateTitle(body)) return 'duplicate';
        throw new UpstreamError('Confluence', response.status, 'registering the template');
      }
      return templateWrite(response, 'registering the template');
    },

    async updateTemplate(id, input) {
      const response = await withRetry(
        () =>
          asUser.requestConfluence(route`/wiki/rest/api/template`, {
            method: 'PUT',
            headers: json,
            body: templateBody(input, id),
          }),
        retry(),
      );
      return templateWrite(response, 'updating the template');
    },
  };
}
