/**
 * The local host's HTTP server, on 127.0.0.1 only: host pages that play Jira and Confluence,
 * the app's static resources with the bridge injected, the bridge and invoke endpoints, and the
 * emulators under /__forge/ (the very paths the SDKs send) so scripts and curl reach the same data.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { z } from 'zod';
import type { LocalHost } from '../host';
import { kvsResponse } from '../kvs';
import type { JsonObject } from '../products/json';
import type { ProductActor, ProductName } from '../runtime';
import { themeAttributes, themeCss, type ColorMode } from '../theme';
import {
  confluenceRouteOf,
  MacroConfigError,
  renderConfluenceRoute,
  saveMacroConfig,
} from './confluence-pages';
import { renderIssueSearch } from './jira-search-page';
import { decodeFrame, frameContext, type FrameDescriptor } from './frame';
import {
  issueKeyOf,
  renderHostPage,
  renderIndexPage,
  renderIssuePage,
  surfaceFor,
  SURFACES,
  type IssueViewData,
} from './pages';

export interface HttpServerHandle {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = await readBody(request);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Body is not valid JSON');
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(body);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location, 'cache-control': 'no-store' });
  response.end();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

async function relay(response: ServerResponse, upstream: Response): Promise<void> {
  const headers: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await upstream.arrayBuffer());
  response.writeHead(upstream.status, headers);
  response.end(body);
}

const invokeSchema = z.object({
  moduleKey: z.string().min(1),
  functionKey: z.string().min(1),
  payload: z.unknown().optional(),
  as: z.string().min(1).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
  locale: z.string().optional(),
});

const bridgeSchema = z.object({
  frame: z.string(),
  cmd: z.string(),
  payload: z.unknown().optional(),
});

const fetchProductSchema = z.object({
  product: z.enum(['jira', 'confluence']),
  restPath: z.string().startsWith('/'),
  fetchRequestInit: z
    .object({
      method: z.string().optional(),
      body: z.string().nullable().optional(),
      headers: z.array(z.tuple([z.string(), z.string()])).optional(),
    })
    .loose()
    .optional(),
});

/** What a macro config view submits: `view.submit({ config: {...} })`. */
const macroSubmitSchema = z
  .object({ config: z.record(z.string(), z.unknown()), keepEditing: z.boolean().optional() })
  .loose();

/** The page a frame's context configures a macro on, when it is a macro's config view. */
function macroConfigTarget(extension: Record<string, unknown>): { contentId: string } | undefined {
  const parsed = z
    .object({
      type: z.literal('macro'),
      content: z.object({ id: z.string() }),
      macro: z.object({ isConfiguring: z.literal(true) }),
    })
    .safeParse(extension);
  return parsed.success ? { contentId: parsed.data.content.id } : undefined;
}

const faultSchema = z.object({
  product: z.enum(['jira', 'confluence', 'storage']).optional(),
  method: z.string().optional(),
  pathPattern: z.string().min(1),
  kind: z.enum(['status429', 'status500', 'latency']),
  retryAfterSeconds: z.number().nonnegative().optional(),
  latencyMs: z.number().nonnegative().optional(),
  times: z.number().int().positive().optional(),
  skip: z.number().int().nonnegative().optional(),
  afterHandling: z.boolean().optional(),
});

/** `POST /__forge/installation`: the Atlassian apps the installation is in, required one first. */
const installationSchema = z.object({
  installedIn: z.array(z.enum(['jira', 'confluence'])).min(1),
});

const redeliverSchema = z.object({
  eventId: z.string().min(1),
  delayMs: z.number().int().nonnegative().optional(),
});

const duplicateSchema = z.object({
  queue: z.string().min(1).optional(),
  mode: z.enum(['concurrent', 'after']),
  times: z.number().int().positive().optional(),
});

const kvsFaultSchema = z.object({
  pathPrefix: z.string().min(1),
  count: z.number().int().positive(),
  status: z.number().int().min(400).max(599),
  code: z.string().min(1),
});

const issueAnswerSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({
    summary: z.string(),
    issuetype: z.object({ id: z.string(), name: z.string() }),
    status: z.object({
      id: z.string(),
      name: z.string(),
      statusCategory: z.object({ key: z.string() }),
    }),
    project: z.object({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      projectTypeKey: z.string(),
    }),
  }),
});

const transitionsAnswerSchema = z.object({
  transitions: z.array(
    z.object({ id: z.string(), name: z.string(), to: z.object({ name: z.string() }) }),
  ),
});

/**
 * Reads an issue and its transitions from the Jira emulator as `accountId` (undefined: anonymous),
 * exactly as the issue view asks Jira; undefined when Jira answers 404 (hidden or missing).
 */
async function issueView(
  host: LocalHost,
  key: string,
  accountId: string | undefined,
): Promise<IssueViewData | undefined> {
  // An account Jira does not know is anonymous to it: that is what a visitor without persona is.
  const actor: ProductActor = { kind: 'user', accountId: accountId ?? 'anonymous' };
  const ask = (path: string) =>
    host.products.handle({
      product: 'jira',
      actor,
      method: 'GET',
      path,
      headers: {},
      body: undefined,
    });
  const issueResponse = await ask(
    `/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,status,issuetype,project`,
  );
  if (issueResponse.status === 404) return undefined;
  if (!issueResponse.ok) {
    throw new HttpError(502, `Jira answered ${issueResponse.status} to the issue view`);
  }
  const issue = issueAnswerSchema.parse(await issueResponse.json());
  const transitionsResponse = await ask(`/rest/api/3/issue/${issue.id}/transitions`);
  const transitions = transitionsResponse.ok
    ? transitionsAnswerSchema.parse(await transitionsResponse.json()).transitions
    : [];
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary,
    issueType: issue.fields.issuetype,
    status: {
      id: issue.fields.status.id,
      name: issue.fields.status.name,
      category: issue.fields.status.statusCategory.key,
    },
    project: {
      id: issue.fields.project.id,
      key: issue.fields.project.key,
      name: issue.fields.project.name,
      type: issue.fields.project.projectTypeKey,
    },
    transitions: transitions.map((t) => ({ id: t.id, name: t.name, to: t.to.name })),
  };
}

export function startHttpServer(host: LocalHost, port: number): Promise<HttpServerHandle> {
  const staticRoot = (resourceKey: string): string | undefined => {
    const resource = host.app.manifest.resources.find((r) => r.key === resourceKey);
    return resource ? join(host.app.root, resource.path) : undefined;
  };

  const permissions = host.app.manifest.permissions as { content?: { styles?: unknown } };
  const contentStyles = Array.isArray(permissions.content?.styles)
    ? permissions.content.styles.map(String)
    : [];

  const actorFromHeader = (request: IncomingMessage): ProductActor => {
    const as = request.headers['x-forge-as'];
    if (typeof as !== 'string' || as === '' || as === 'app') return { kind: 'app' };
    const persona = host.persona(as);
    if (!persona) throw new HttpError(400, `Unknown persona "${as}" in x-forge-as`);
    return { kind: 'user', accountId: persona.accountId };
  };

  async function serveResource(response: ServerResponse, resourceKey: string, rest: string) {
    const root = staticRoot(resourceKey);
    if (!root) throw new HttpError(404, `No resource "${resourceKey}" in manifest.yml`);
    if (rest.startsWith('__LOCALES__/')) {
      await serveLocales(response, rest.slice('__LOCALES__/'.length));
      return;
    }
    const file = normalize(join(root, rest === '' ? 'index.html' : rest));
    if (!file.startsWith(root + sep) && file !== root)
      throw new HttpError(403, 'Outside the resource');
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      if (rest === '' || rest === 'index.html') {
        throw new HttpError(
          503,
          'The UI is not built yet: run `npm run build` (npm start does it for you).',
        );
      }
      throw new HttpError(404, `Not found: ${rest}`);
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html') {
      // Forge serves Custom UI under a strict CSP; the host does too, so a violation shows here
      // first. Inline styles only when the manifest asks for them (permissions.content.styles).
      const styles = contentStyles.includes('unsafe-inline') ? " 'unsafe-inline'" : '';
      const csp = `default-src 'none'; script-src 'self'; style-src 'self'${styles}; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'`;
      // The bridge must exist before the app's bundle runs, as on Forge.
      const html = content
        .toString('utf8')
        .replace('<head>', '<head>\n    <script src="/__forge/bridge-client.js"></script>');
      send(response, 200, html, type, { 'content-security-policy': csp });
      return;
    }
    send(response, 200, content, type);
  }

  async function serveLocales(response: ServerResponse, name: string) {
    const translations = host.app.manifest.translations;
    if (!translations) throw new HttpError(404, 'manifest.yml has no translations');
    if (name === 'i18n-info.json') {
      sendJson(response, 200, {
        translations: {},
        config: {
          locales: translations.resources.map((r) => r.key),
          fallback: translations.fallback,
        },
      });
      return;
    }
    const resource = translations.resources.find((r) => `${r.key}.json` === name);
    if (!resource) throw new HttpError(404, `No translations for ${name}`);
    send(
      response,
      200,
      await readFile(join(host.app.root, resource.path)),
      CONTENT_TYPES['.json'] ?? '',
    );
  }

  async function bridge(response: ServerResponse, body: unknown) {
    const { frame, cmd, payload } = bridgeSchema.parse(body);
    const descriptor: FrameDescriptor = decodeFrame(frame);
    const persona = descriptor.as ? host.persona(descriptor.as) : undefined;
    const context = frameContext(host, descriptor, persona);
    switch (cmd) {
      case 'getContext':
        sendJson(response, 200, { result: context });
        return;
      case 'invoke': {
        const call = z
          .object({ functionKey: z.string(), payload: z.unknown().optional() })
          .parse(payload);
        const outcome = await host.functions.invokeResolver({
          moduleKey: descriptor.moduleKey,
          functionKey: call.functionKey,
          payload: call.payload ?? {},
          accountId: persona?.accountId,
          extension: context.extension,
          locale: context.locale,
          timezone: context.timezone,
          localId: context.localId,
        });
        sendJson(response, 200, { result: outcome.body });
        return;
      }
      case 'submit': {
        // Only a macro's config view is submittable here (as `view.submit` in Confluence's
        // editor); any other view answers false, which @forge/bridge turns into its error.
        const extension = macroConfigTarget(context.extension);
        if (!extension) {
          sendJson(response, 200, { result: false });
          return;
        }
        const submitted = macroSubmitSchema.safeParse(payload);
        if (!submitted.success)
          throw new HttpError(400, 'Invalid "config" provided. Expected object');
        if (!persona) throw new HttpError(401, 'No signed-in persona to save the macro');
        try {
          await saveMacroConfig(
            host,
            persona.accountId,
            extension.contentId,
            context.localId,
            // Parsed from the request's JSON: its values are JSON values.
            submitted.data.config as JsonObject,
          );
        } catch (error) {
          if (error instanceof MacroConfigError) throw new HttpError(error.status, error.message);
          throw error;
        }
        sendJson(response, 200, { result: true });
        return;
      }
      case 'fetchProduct': {
        const request = fetchProductSchema.parse(payload);
        if (!persona) throw new HttpError(401, 'No signed-in persona for requestJira');
        if (!host.installedIn().includes(request.product)) {
          throw new HttpError(403, `The app is not installed in ${request.product} on this site`);
        }
        const init = request.fetchRequestInit ?? {};
        const upstream = await host.products.handle({
          product: request.product satisfies ProductName,
          actor: { kind: 'user', accountId: persona.accountId },
          method: (init.method ?? 'GET').toUpperCase(),
          path: request.restPath,
          headers: Object.fromEntries(init.headers ?? []),
          body: init.body ?? undefined,
        });
        const headers: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          headers[name] = value;
        });
        sendJson(response, 200, {
          result: {
            body: await upstream.text(),
            headers,
            status: upstream.status,
            statusText: upstream.statusText,
          },
        });
        return;
      }
      default:
        throw new HttpError(501, `The local host does not implement bridge command "${cmd}"`);
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = request.method ?? 'GET';

    // Product addresses the app links to (issue, issue search, Confluence page) lead to host pages.
    const browse = /^\/browse\/([A-Z][A-Z0-9_]*-\d+)$/u.exec(path);
    if (method === 'GET' && browse) {
      redirect(response, `/jira/issue/${browse[1] ?? ''}${url.search}`);
      return;
    }
    if (method === 'GET' && path === '/wiki/pages/viewpage.action') {
      const pageId = url.searchParams.get('pageId') ?? '';
      url.searchParams.delete('pageId');
      redirect(response, `/confluence/page/${encodeURIComponent(pageId)}${url.search}`);
      return;
    }
    if (method === 'GET' && (path === '/issues/' || path === '/issues')) {
      send(
        response,
        200,
        await renderIssueSearch(host, url.searchParams),
        CONTENT_TYPES['.html'] ?? '',
      );
      return;
    }
    if (method === 'GET' && path === '/') {
      send(response, 200, renderIndexPage(host), CONTENT_TYPES['.html'] ?? '');
      return;
    }
    const issueKey = issueKeyOf(path);
    if (method === 'GET' && issueKey) {
      const persona = host.persona(url.searchParams.get('as') ?? 'coordinator');
      const issue = await issueView(host, issueKey, persona?.accountId);
      send(
        response,
        issue ? 200 : 404,
        renderIssuePage(host, path, url.searchParams, issue, issueKey),
        CONTENT_TYPES['.html'] ?? '',
      );
      return;
    }
    const confluenceRoute = confluenceRouteOf(path);
    if (method === 'GET' && confluenceRoute) {
      const page = await renderConfluenceRoute(host, confluenceRoute, path, url.searchParams);
      send(response, page.status, page.html, CONTENT_TYPES['.html'] ?? '');
      return;
    }
    const surface = surfaceFor(path);
    if (method === 'GET' && surface) {
      send(
        response,
        200,
        renderHostPage(host, surface, path, url.searchParams),
        CONTENT_TYPES['.html'] ?? '',
      );
      return;
    }
    const resourceMatch = /^\/app\/([^/]+)\/(.*)$/u.exec(path);
    if (method === 'GET' && resourceMatch) {
      await serveResource(
        response,
        resourceMatch[1] ?? '',
        decodeURIComponent(resourceMatch[2] ?? ''),
      );
      return;
    }
    if (method === 'GET' && path === '/__forge/bridge-client.js') {
      send(
        response,
        200,
        await readFile(join(__dirname, 'bridge-client.js')),
        CONTENT_TYPES['.js'] ?? '',
      );
      return;
    }
    if (
      method === 'GET' &&
      (path === '/__forge/issue-view.js' ||
        path === '/__forge/confluence-page.js' ||
        path === '/__forge/host-frames.js')
    ) {
      send(
        response,
        200,
        await readFile(join(__dirname, path.slice('/__forge/'.length))),
        CONTENT_TYPES['.js'] ?? '',
      );
      return;
    }
    const scheduled = /^\/__forge\/scheduled\/([A-Za-z0-9_-]+)$/u.exec(path);
    if (method === 'POST' && scheduled) {
      const moduleKey = scheduled[1] ?? '';
      const module = host.app.module(moduleKey);
      if (module?.type !== 'scheduledTrigger') {
        throw new HttpError(404, `manifest.yml has no scheduledTrigger "${moduleKey}"`);
      }
      sendJson(response, 200, await host.runScheduled(moduleKey));
      return;
    }
    if (method === 'GET' && path === '/__forge/host.css') {
      send(response, 200, await readFile(join(__dirname, 'host.css')), CONTENT_TYPES['.css'] ?? '');
      return;
    }
    if (method === 'GET' && (path === '/__forge/theme' || path === '/__forge/theme.css')) {
      const mode: ColorMode = url.searchParams.get('mode') === 'dark' ? 'dark' : 'light';
      if (path === '/__forge/theme')
        sendJson(response, 200, { attributes: await themeAttributes(mode) });
      else
        send(response, 200, await themeCss(mode), CONTENT_TYPES['.css'] ?? '', {
          'cache-control': 'max-age=3600',
        });
      return;
    }
    if (method === 'GET' && path === '/favicon.ico') {
      send(response, 204, '', 'image/x-icon');
      return;
    }
    if (method === 'GET' && path === '/__forge/health') {
      sendJson(response, 200, { ok: true });
      return;
    }
    if (method === 'GET' && path === '/__forge/personas') {
      sendJson(response, 200, host.personas);
      return;
    }
    if (method === 'GET' && path === '/__forge/surfaces') {
      sendJson(response, 200, SURFACES);
      return;
    }
    if (method === 'POST' && path === '/__forge/bridge') {
      await bridge(response, await readJson(request));
      return;
    }
    if (method === 'POST' && path === '/__forge/invoke') {
      const parsed = invokeSchema.safeParse(await readJson(request));
      if (!parsed.success) throw new HttpError(400, z.prettifyError(parsed.error));
      const { moduleKey, functionKey, payload, as, extension, locale } = parsed.data;
      const outcome = await host.invoke({
        moduleKey,
        functionKey,
        payload,
        ...(as ? { as } : {}),
        ...(extension ? { extension } : {}),
        ...(locale ? { locale } : {}),
      });
      sendJson(response, 200, outcome);
      return;
    }
    if (path === '/__forge/faults') {
      if (method === 'GET') {
        sendJson(response, 200, [
          ...host.products.faults.list(),
          ...host.kvs.faults.list().map((rule) => ({ ...rule, product: 'storage' })),
        ]);
      } else if (method === 'DELETE') {
        host.products.faults.clear();
        host.kvs.clearFaults();
        sendJson(response, 200, { cleared: true });
      } else if (method === 'POST') {
        const {
          product,
          method: onMethod,
          retryAfterSeconds,
          latencyMs,
          times,
          skip,
          afterHandling,
          ...rest
        } = faultSchema.parse(await readJson(request));
        // Storage faults go to the storage emulator; the rest to the product emulators.
        const faults = product === 'storage' ? host.kvs.faults : host.products.faults;
        const id = faults.add({
          ...rest,
          ...(product ? { product } : {}),
          ...(onMethod ? { method: onMethod } : {}),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
          ...(latencyMs === undefined ? {} : { latencyMs }),
          ...(times === undefined ? {} : { times }),
          ...(skip === undefined ? {} : { skip }),
          ...(afterHandling === undefined ? {} : { afterHandling }),
        });
        sendJson(response, 200, { id });
      } else throw new HttpError(405, 'GET, POST or DELETE');
      return;
    }
    if (path === '/__forge/installation') {
      if (method === 'POST') {
        const { installedIn } = installationSchema.parse(await readJson(request));
        try {
          host.setInstalledIn(installedIn);
        } catch (error) {
          throw new HttpError(400, error instanceof Error ? error.message : 'invalid list');
        }
      } else if (method !== 'GET') throw new HttpError(405, 'GET or POST');
      sendJson(response, 200, { installedIn: host.installedIn() });
      return;
    }
    if (method === 'POST' && path === '/__forge/kvs-faults') {
      const fault = kvsFaultSchema.parse(await readJson(request));
      host.kvs.failNext(fault.pathPrefix, fault.count, fault.status, fault.code);
      sendJson(response, 200, { ok: true });
      return;
    }
    if (method === 'POST' && path.startsWith('/__forge/events/webhook/queue/')) {
      await relay(
        response,
        await host.events.handle(path.slice('/__forge/events'.length), await readBody(request)),
      );
      return;
    }
    if (method === 'GET' && path === '/__forge/events') {
      sendJson(response, 200, { events: host.events.list(), deliveries: host.events.deliveries });
      return;
    }
    if (method === 'POST' && path === '/__forge/events/redeliver') {
      const { eventId, delayMs } = redeliverSchema.parse(await readJson(request));
      try {
        host.events.redeliver(eventId, delayMs ?? 0);
      } catch (error) {
        throw new HttpError(404, error instanceof Error ? error.message : String(error));
      }
      sendJson(response, 200, { ok: true });
      return;
    }
    if (method === 'POST' && path === '/__forge/events/duplicate') {
      const { queue, mode, times } = duplicateSchema.parse(await readJson(request));
      host.events.duplicate({
        mode,
        ...(queue === undefined ? {} : { queue }),
        ...(times === undefined ? {} : { times }),
      });
      sendJson(response, 200, { ok: true });
      return;
    }
    if (
      method === 'POST' &&
      (path === '/__forge/events/pause' || path === '/__forge/events/resume')
    ) {
      if (path.endsWith('/pause')) host.events.pause();
      else host.events.resume();
      sendJson(response, 200, { paused: path.endsWith('/pause') });
      return;
    }
    if (method === 'POST' && path.startsWith('/__forge/kvs/api/v1/')) {
      const answer = host.kvs.handle(path.slice('/__forge/kvs'.length), await readBody(request));
      await relay(response, await kvsResponse(answer));
      return;
    }
    const productMatch = /^\/__forge\/(jira|confluence)(\/.*)$/u.exec(path);
    if (productMatch) {
      const product = productMatch[1] as ProductName;
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      await relay(
        response,
        await host.products.handle({
          product,
          actor: actorFromHeader(request),
          method,
          path: (productMatch[2] ?? '/') + url.search,
          headers,
          body,
        }),
      );
      return;
    }
    const avatar = /^\/__forge\/avatars\/([A-Za-z0-9:_-]+)\.svg$/u.exec(path);
    if (method === 'GET' && avatar) {
      const persona = host.persona(avatar[1] ?? '');
      const initials = (persona?.displayName ?? '?')
        .split(/\s+/u)
        .map((part) => part[0] ?? '')
        .join('')
        .slice(0, 2)
        .toUpperCase();
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48"><rect width="48" height="48" rx="24" fill="#0C66E4"/><text x="24" y="30" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${initials.replace(/[<&>]/gu, '')}</text></svg>`;
      send(response, 200, svg, CONTENT_TYPES['.svg'] ?? '');
      return;
    }
    throw new HttpError(404, `Nothing at ${method} ${path}`);
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status =
        error instanceof HttpError ? error.status : error instanceof z.ZodError ? 400 : 500;
      const message =
        error instanceof z.ZodError
          ? z.prettifyError(error)
          : error instanceof Error
            ? error.message
            : 'Unexpected error';
      if (status >= 500 && !(error instanceof HttpError)) console.error(error);
      if (!response.headersSent) sendJson(response, status, { message });
      else response.end();
    });
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolvePromise({
        url: `http://127.0.0.1:${actualPort}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => {
              done();
            });
          }),
      });
    });
  });
}
