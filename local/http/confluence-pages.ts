/**
 * Host pages that play Confluence around the app's iframes:
 * - `/confluence/space/<KEY>/rollouts`: the space page (`confluence:spacePage`), to those who
 *   may view the space;
 * - `/confluence/space/<KEY>/settings`: the space settings page (`confluence:spaceSettings`), to
 *   space admins, as Confluence shows space settings;
 * - `/confluence/settings`: the global settings page (`confluence:globalSettings`), to
 *   Confluence admins;
 * - `/confluence/page/<id>`: a page as Confluence's viewer shows it: breadcrumb, title, the
 *   storage format rendered by `renderStorageFormat`, and each of the app's macros in an iframe
 *   with Forge's macro context. Someone who may edit the page gets an "Edit" control per macro
 *   that opens the macro's config view in a dialog; its `view.submit({ config })` saves the new
 *   configuration as a new page version (see `saveMacroConfig`), and the page reloads.
 *
 * Everything is read from the Confluence emulator's REST API as the page's persona, exactly as
 * Confluence decides what a user sees: a page or space the persona may not view shows
 * Confluence's "page not found", with no app iframe at all.
 */
import { z } from 'zod';
import type { LocalHost } from '../host';
import type { JsonObject } from '../products/json';
import { renderStorageFormat, type RenderedMacro } from '../products/confluence/render';
import { setMacroConfig } from '../products/confluence/macro-config';
import type { ProductActor } from '../runtime';
import { APP_ID, ENVIRONMENT_ID } from '../runtime';
import { hostWord } from './host-words';
import {
  appFrameSrc,
  escapeHtml,
  hostBar,
  layout,
  moduleTitle,
  pageChoices,
  type PageChoices,
} from './pages';

export type ConfluenceRoute =
  | { kind: 'space-page'; spaceKey: string }
  | { kind: 'space-settings'; spaceKey: string }
  | { kind: 'global-settings' }
  | { kind: 'page'; pageId: string };

const SPACE_KEY = '([A-Za-z0-9~_-]{1,255})';

/** The Confluence host page a path names, if any. */
export function confluenceRouteOf(path: string): ConfluenceRoute | undefined {
  const spacePage = new RegExp(`^/confluence/space/${SPACE_KEY}/rollouts$`, 'u').exec(path);
  if (spacePage?.[1]) return { kind: 'space-page', spaceKey: spacePage[1] };
  const settings = new RegExp(`^/confluence/space/${SPACE_KEY}/settings$`, 'u').exec(path);
  if (settings?.[1]) return { kind: 'space-settings', spaceKey: settings[1] };
  if (path === '/confluence/settings') return { kind: 'global-settings' };
  const page = /^\/confluence\/page\/(\d{1,18})$/u.exec(path);
  if (page?.[1]) return { kind: 'page', pageId: page[1] };
  return undefined;
}

export interface RenderedHostPage {
  status: number;
  html: string;
}

const spaceSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  homepageId: z.string().optional(),
});
type SpaceRef = z.infer<typeof spaceSchema>;

const pageSchema = z.object({
  id: z.string(),
  title: z.string(),
  spaceId: z.string(),
  parentId: z.string().optional(),
  status: z.string(),
  version: z.object({ number: z.number() }),
  body: z.object({ storage: z.object({ value: z.string() }).optional() }),
});
type PageRef = z.infer<typeof pageSchema>;

const operationsSchema = z.object({
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() })),
});

/** Calls the Confluence emulator as `accountId` (anonymous when undefined), as Confluence's UI. */
async function confluence(
  host: LocalHost,
  accountId: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  // An account the site does not know is anonymous to it: that is a visitor without persona.
  const actor: ProductActor = { kind: 'user', accountId: accountId ?? 'anonymous' };
  const response = await host.products.handle({
    product: 'confluence',
    actor,
    method,
    path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function spaceByKey(
  host: LocalHost,
  accountId: string | undefined,
  key: string,
): Promise<SpaceRef | undefined> {
  const answer = await confluence(
    host,
    accountId,
    'GET',
    `/wiki/api/v2/spaces?keys=${encodeURIComponent(key)}`,
  );
  if (answer.status !== 200) return undefined;
  const results = z.object({ results: z.array(spaceSchema) }).parse(answer.json).results;
  return results.find((space) => space.key === key);
}

async function spaceById(
  host: LocalHost,
  accountId: string | undefined,
  id: string,
): Promise<SpaceRef | undefined> {
  const answer = await confluence(host, accountId, 'GET', `/wiki/api/v2/spaces/${id}`);
  return answer.status === 200 ? spaceSchema.parse(answer.json) : undefined;
}

async function spaceOperations(
  host: LocalHost,
  accountId: string | undefined,
  spaceId: string,
): Promise<Set<string>> {
  const answer = await confluence(
    host,
    accountId,
    'GET',
    `/wiki/api/v2/spaces/${spaceId}/operations`,
  );
  if (answer.status !== 200) return new Set();
  return new Set(
    operationsSchema
      .parse(answer.json)
      .operations.map((item) => `${item.operation} ${item.targetType}`),
  );
}

async function pageById(
  host: LocalHost,
  accountId: string | undefined,
  id: string,
): Promise<PageRef | undefined> {
  const answer = await confluence(
    host,
    accountId,
    'GET',
    `/wiki/api/v2/pages/${id}?body-format=storage`,
  );
  return answer.status === 200 ? pageSchema.parse(answer.json) : undefined;
}

async function isConfluenceAdmin(host: LocalHost, accountId: string | undefined): Promise<boolean> {
  const answer = await confluence(
    host,
    accountId,
    'GET',
    '/wiki/rest/api/user/current?expand=operations',
  );
  if (answer.status !== 200) return false;
  const parsed = z
    .object({ operations: z.array(z.object({ operation: z.string(), targetType: z.string() })) })
    .safeParse(answer.json);
  return (
    parsed.success &&
    parsed.data.operations.some(
      (item) => item.operation === 'administer' && item.targetType === 'application',
    )
  );
}

/** A host path with the page's persona, language and theme kept. */
function hrefWith(path: string, choices: PageChoices): string {
  const params = new URLSearchParams();
  if (choices.persona) params.set('as', choices.persona.key);
  if (choices.locale) params.set('locale', choices.locale);
  if (choices.theme === 'dark') params.set('theme', 'dark');
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

function localeOf(choices: PageChoices): string {
  return choices.locale !== '' ? choices.locale : (choices.persona?.locale ?? 'en-US');
}

/** Confluence's answer for what does not exist or what the persona may not see. */
function notFound(host: LocalHost, path: string, choices: PageChoices): RenderedHostPage {
  return {
    status: 404,
    html: layout(
      hostWord(localeOf(choices), 'pageNotFound'),
      choices.theme,
      `${hostBar(host, 'Confluence', path, choices)}
    <main class="host-main host-confluence">
      <section class="host-issue-missing" data-testid="page-not-found">
        <h1>${escapeHtml(hostWord(localeOf(choices), 'pageNotFound'))}</h1>
        <p>${escapeHtml(hostWord(localeOf(choices), 'pageNotFoundWhy'))}</p>
      </section>
    </main>`,
      localeOf(choices),
    ),
  };
}

function forbidden(
  host: LocalHost,
  path: string,
  choices: PageChoices,
  who: string,
): RenderedHostPage {
  return {
    status: 403,
    html: layout(
      'Not permitted',
      choices.theme,
      `${hostBar(host, 'Confluence', path, choices)}
    <main class="host-main host-confluence">
      <section class="host-issue-missing" data-testid="not-permitted">
        <h1>You need permission to see this page</h1>
        <p>${escapeHtml(who)}</p>
      </section>
    </main>`,
    ),
  };
}

/** The space's navigation: its overview, the app's space page, and settings for its admins. */
function spaceNav(
  host: LocalHost,
  space: SpaceRef,
  choices: PageChoices,
  isAdmin: boolean,
  current: string,
): string {
  const locale = localeOf(choices);
  const items: { href: string; label: string; id: string }[] = [];
  if (space.homepageId !== undefined) {
    items.push({
      id: 'overview',
      label: hostWord(locale, 'overview'),
      href: hrefWith(`/confluence/page/${space.homepageId}`, choices),
    });
  }
  for (const module of host.app.modules.filter((m) => m.type === 'confluence:spacePage')) {
    items.push({
      id: 'space-page',
      label: moduleTitle(host, module.title, locale),
      href: hrefWith(`/confluence/space/${encodeURIComponent(space.key)}/rollouts`, choices),
    });
  }
  if (isAdmin && host.app.modules.some((m) => m.type === 'confluence:spaceSettings')) {
    items.push({
      id: 'space-settings',
      label: hostWord(locale, 'spaceSettings'),
      href: hrefWith(`/confluence/space/${encodeURIComponent(space.key)}/settings`, choices),
    });
  }
  const links = items
    .map(
      (item) =>
        `<a href="${escapeHtml(item.href)}"${item.id === current ? ' aria-current="page"' : ''}>${escapeHtml(item.label)}</a>`,
    )
    .join('');
  return `<nav class="host-space-nav" aria-label="${escapeHtml(space.name)}"><strong>${escapeHtml(space.name)}</strong>${links}</nav>`;
}

/** A full-page module (space page, space or global settings) in its iframe. */
function modulePage(
  host: LocalHost,
  path: string,
  choices: PageChoices,
  moduleType: string,
  extension: Record<string, unknown>,
  breadcrumb: string,
  nav: string,
): RenderedHostPage {
  const module = host.app.modules.find((candidate) => candidate.type === moduleType);
  if (!module) {
    return {
      status: 404,
      html: layout(
        moduleType,
        choices.theme,
        `    <main><p>manifest.yml declares no ${escapeHtml(moduleType)} module.</p></main>`,
      ),
    };
  }
  const title = moduleTitle(host, module.title, localeOf(choices));
  const src = appFrameSrc(module.resource ?? 'main', module.key, choices, extension);
  // Confluence names a space page in the space's navigation and lets the app draw the content,
  // heading included; settings pages carry the product's title above the app.
  const heading =
    moduleType === 'confluence:spacePage'
      ? ''
      : `<h1 class="host-page-title">${escapeHtml(title)}</h1>`;
  return {
    status: 200,
    html: layout(
      title,
      choices.theme,
      `${hostBar(host, 'Confluence', path, choices)}
    <main class="host-main host-confluence" data-module-key="${escapeHtml(module.key)}">
      ${nav}
      <div class="host-confluence-content">
        <nav class="host-breadcrumbs">${breadcrumb}</nav>
        ${heading}
        <iframe class="host-frame" title="${escapeHtml(title)}" src="${src}"></iframe>
      </div>
    </main>`,
      localeOf(choices),
    ),
  };
}

/** Whether a rendered macro is one of this app's (its extension key names this app). */
function appMacroModule(host: LocalHost, macro: RenderedMacro) {
  const module = host.app.modules.find(
    (candidate) => candidate.type === 'macro' && candidate.key === macro.name,
  );
  if (!module) return undefined;
  if (
    macro.extensionKey !== undefined &&
    macro.extensionKey !== `${APP_ID}/${ENVIRONMENT_ID}/static/${module.key}`
  ) {
    return undefined;
  }
  return module;
}

/** Forge's Custom UI macro context (`extension`), for the view or for the config view. */
export function macroExtension(
  host: LocalHost,
  page: { id: string },
  space: { id: string; key: string },
  config: JsonObject,
  configuring: boolean,
): Record<string, unknown> {
  return {
    content: { id: page.id, type: 'page' },
    space: { id: space.id, key: space.key },
    isEditing: configuring,
    config,
    macro: { isConfiguring: configuring, isInserting: false },
    location: `${host.url ?? 'http://127.0.0.1'}/confluence/page/${page.id}`,
  };
}

function configTitle(host: LocalHost, config: unknown, fallback: string, locale: string): string {
  const title =
    typeof config === 'object' && config !== null && 'title' in config ? config.title : undefined;
  return title === undefined ? fallback : moduleTitle(host, title, locale);
}

async function renderPage(
  host: LocalHost,
  pageId: string,
  path: string,
  choices: PageChoices,
): Promise<RenderedHostPage> {
  const accountId = choices.persona?.accountId;
  const page = await pageById(host, accountId, pageId);
  const space = page ? await spaceById(host, accountId, page.spaceId) : undefined;
  if (!page || !space) return notFound(host, path, choices);
  const operations = await spaceOperations(host, accountId, space.id);
  const canEdit = operations.has('create page');
  const locale = localeOf(choices);

  const ancestors: PageRef[] = [];
  for (let parentId = page.parentId; parentId !== undefined && ancestors.length < 20;) {
    const parent = await pageById(host, accountId, parentId);
    if (!parent) break;
    ancestors.unshift(parent);
    parentId = parent.parentId;
  }
  const breadcrumb = [
    `<span>${escapeHtml(hostWord(locale, 'spaces'))}</span>`,
    `<a href="${escapeHtml(hrefWith(`/confluence/page/${space.homepageId ?? page.id}`, choices))}">${escapeHtml(space.name)}</a>`,
    ...ancestors
      .filter((ancestor) => ancestor.id !== space.homepageId)
      .map(
        (ancestor) =>
          `<a href="${escapeHtml(hrefWith(`/confluence/page/${ancestor.id}`, choices))}">${escapeHtml(ancestor.title)}</a>`,
      ),
  ].join(' / ');

  const macroKeys = new Set(
    host.app.modules.filter((module) => module.type === 'macro').map((module) => module.key),
  );
  const rendered = renderStorageFormat(page.body.storage?.value ?? '', {
    isAppMacro: (name) => macroKeys.has(name),
    pageHref: ({ title, spaceKey }) => {
      const target =
        spaceKey === undefined
          ? undefined
          : host.products.confluence.spaces.getSpaceByKey(spaceKey);
      const found = host.products.confluence.pages.findPageByTitle(
        target?.id ?? Number(space.id),
        title,
      );
      return found ? hrefWith(`/confluence/page/${found.id}`, choices) : undefined;
    },
  });
  const html = rendered.html.replace(
    /<(div|span) data-forge-macro="(\d+)"><\/\1>/gu,
    (_whole, tag: string, index: string) => {
      const macro = rendered.macros[Number(index)];
      const module = macro ? appMacroModule(host, macro) : undefined;
      if (!macro || !module) {
        return `<${tag} class="confluence-unknown-macro">${escapeHtml(`Unknown macro: '${macro?.name ?? ''}'`)}</${tag}>`;
      }
      const title = moduleTitle(host, module.title, locale);
      const localId = macro.localId ?? macro.macroId;
      const viewSrc = appFrameSrc(
        module.resource ?? 'main',
        module.key,
        choices,
        macroExtension(host, page, space, macro.config, false),
        localId,
      );
      const config: unknown = module.config;
      const configResource =
        typeof config === 'object' && config !== null && 'resource' in config
          ? String(config.resource)
          : undefined;
      const edit =
        canEdit && configResource !== undefined
          ? `<button type="button" class="host-macro-edit" data-config-src="${escapeHtml(
              appFrameSrc(
                configResource,
                module.key,
                choices,
                macroExtension(host, page, space, macro.config, true),
                localId,
              ),
            )}" data-config-title="${escapeHtml(configTitle(host, config, title, locale))}">${escapeHtml(hostWord(locale, 'edit'))}</button>`
          : '';
      return `<${tag} class="host-macro" data-macro-key="${escapeHtml(module.key)}" data-local-id="${escapeHtml(localId)}"><iframe class="host-macro-frame" title="${escapeHtml(title)}" src="${viewSrc}"></iframe>${edit}</${tag}>`;
    },
  );

  // The app's byline items, under the title as Confluence shows them: each opens its frame in
  // the page's dialog, with the content byline item's context (the page and its space).
  const byline = host.app.modules
    .filter((module) => module.type === 'confluence:contentBylineItem')
    .map((module) => {
      const title = moduleTitle(host, module.title, locale);
      const src = appFrameSrc(module.resource ?? 'main', module.key, choices, {
        content: { id: page.id, type: 'page' },
        space: { id: space.id, key: space.key },
        location: `${host.url ?? 'http://127.0.0.1'}/confluence/page/${page.id}`,
      });
      return `<button type="button" class="host-macro-edit host-byline-item" data-byline-key="${escapeHtml(module.key)}" data-frame-src="${escapeHtml(src)}" data-config-title="${escapeHtml(title)}">${escapeHtml(title)}</button>`;
    })
    .join(' ');

  return {
    status: 200,
    html: layout(
      page.title,
      choices.theme,
      `${hostBar(host, 'Confluence', path, choices)}
    <main class="host-main host-confluence" data-page-id="${escapeHtml(page.id)}" data-version="${page.version.number}">
      ${spaceNav(host, space, choices, operations.has('administer space'), page.id === space.homepageId ? 'overview' : '')}
      <div class="host-confluence-content">
        <nav class="host-breadcrumbs">${breadcrumb}</nav>
        <h1 class="host-page-title">${escapeHtml(page.title)}</h1>
        <p class="host-page-meta">${escapeHtml(hostWord(locale, 'version', { n: String(page.version.number) }))}</p>
        ${byline === '' ? '' : `<p class="host-page-byline">${byline}</p>`}
        <article class="host-page-body">${html}</article>
      </div>
    </main>
    <dialog class="host-macro-dialog" data-testid="macro-config-dialog">
      <div class="host-macro-dialog-head"><h2></h2><button type="button" class="host-macro-dialog-close" aria-label="${escapeHtml(hostWord(locale, 'close'))}">×</button></div>
      <iframe class="host-macro-config-frame" title="${escapeHtml(hostWord(locale, 'macroConfiguration'))}"></iframe>
    </dialog>
    <script src="/__forge/confluence-page.js"></script>`,
      locale,
    ),
  };
}

/** Renders the Confluence host page `route` as the persona of `query` (`?as=`). */
export async function renderConfluenceRoute(
  host: LocalHost,
  route: ConfluenceRoute,
  path: string,
  query: URLSearchParams,
): Promise<RenderedHostPage> {
  const suggested = route.kind === 'global-settings' ? 'admin' : 'coordinator';
  const choices = pageChoices(host, query, suggested);
  const accountId = choices.persona?.accountId;
  switch (route.kind) {
    case 'page':
      return renderPage(host, route.pageId, path, choices);
    case 'space-page':
    case 'space-settings': {
      const space = await spaceByKey(host, accountId, route.spaceKey);
      if (!space) return notFound(host, path, choices);
      const operations = await spaceOperations(host, accountId, space.id);
      const isAdmin = operations.has('administer space');
      const settings = route.kind === 'space-settings';
      if (settings && !isAdmin) {
        return forbidden(host, path, choices, 'Only space admins can change space settings.');
      }
      const nav = spaceNav(
        host,
        space,
        choices,
        isAdmin,
        settings ? 'space-settings' : 'space-page',
      );
      const locale = localeOf(choices);
      const breadcrumb = `<span>${escapeHtml(hostWord(locale, 'spaces'))}</span> / ${escapeHtml(space.name)}${settings ? ` / ${escapeHtml(hostWord(locale, 'spaceSettings'))}` : ''}`;
      return modulePage(
        host,
        path,
        choices,
        settings ? 'confluence:spaceSettings' : 'confluence:spacePage',
        { space: { id: space.id, key: space.key } },
        breadcrumb,
        nav,
      );
    }
    case 'global-settings': {
      if (!(await isConfluenceAdmin(host, accountId))) {
        return forbidden(host, path, choices, 'Only Confluence admins can change these settings.');
      }
      return modulePage(
        host,
        path,
        choices,
        'confluence:globalSettings',
        {},
        `<span>${escapeHtml(hostWord(localeOf(choices), 'confluenceSettings'))}</span>`,
        '',
      );
    }
  }
}

/** Why a macro configuration could not be saved (the bridge turns it into the app's error). */
export class MacroConfigError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Saves a macro instance's new configuration as Confluence's editor does on `view.submit`: a
 * new version of the page, written through the Confluence API as the persona (who must be able
 * to edit it), with the instance's `guest-params` replaced. Retries on a concurrent edit.
 */
export async function saveMacroConfig(
  host: LocalHost,
  accountId: string | undefined,
  pageId: string,
  localId: string,
  config: JsonObject,
): Promise<{ version: number }> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const page = await pageById(host, accountId, pageId);
    if (!page) throw new MacroConfigError(404, 'The page does not exist or you may not view it.');
    const body = setMacroConfig(page.body.storage?.value ?? '', localId, config);
    if (body === undefined) {
      throw new MacroConfigError(404, `The page has no macro with local id "${localId}".`);
    }
    const answer = await confluence(host, accountId, 'PUT', `/wiki/api/v2/pages/${page.id}`, {
      id: page.id,
      status: 'current',
      title: page.title,
      spaceId: page.spaceId,
      ...(page.parentId === undefined ? {} : { parentId: page.parentId }),
      body: { representation: 'storage', value: body },
      version: { number: page.version.number + 1, message: 'Macro configuration changed' },
    });
    if (answer.status === 200) return { version: page.version.number + 1 };
    if (answer.status === 409) continue;
    if (answer.status === 404) throw new MacroConfigError(403, 'You may not edit this page.');
    throw new MacroConfigError(502, `Confluence answered ${answer.status} to the page update.`);
  }
  throw new MacroConfigError(409, 'The page kept changing; try again.');
}
