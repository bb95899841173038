/**
 * The host pages that play Jira and Confluence around the app's iframes (the index, the issue
 * view, the issue search, the Confluence pages, the surfaces of pages.ts), the product addresses
 * the app links to, which lead to them, and the pages' own assets (scripts, styles, theme,
 * persona avatars).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { LocalHost } from '../host';
import type { ProductActor } from '../runtime';
import { themeAttributes, themeCss, type ColorMode } from '../theme';
import { confluenceRouteOf, renderConfluenceRoute } from './confluence-pages';
import { addGadget, DASHBOARD_PATH, renderDashboardPage } from './dashboard';
import { renderIssueSearch } from './jira-search-page';
import { OUTBOX_PATH, renderOutboxPage } from './outbox-page';
import { renderIndexPage } from './index-page';
import { renderIssuePage, type IssueViewData } from './issue-page';
import { renderHostPage, renderNoPermission } from './pages';
import { issueKeyOf, SURFACES } from './surfaces';
import {
  CONTENT_TYPES,
  HTML,
  HttpError,
  nothingAt,
  redirect,
  send,
  sendJson,
  type HostRouter,
} from './respond';

const statusSchema = z.object({
  id: z.string(),
  name: z.string(),
  statusCategory: z.object({ key: z.string() }),
});
const userSchema = z.object({ accountId: z.string(), displayName: z.string() }).nullable();
const linkedSchema = z.object({
  key: z.string(),
  fields: z.object({ summary: z.string(), status: statusSchema.nullable() }),
});

const issueAnswerSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({
    summary: z.string(),
    issuetype: z.object({ id: z.string(), name: z.string() }),
    status: statusSchema,
    project: z.object({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      projectTypeKey: z.string(),
    }),
    description: z.unknown(),
    parent: linkedSchema.optional(),
    duedate: z.string().nullable(),
    labels: z.array(z.string()),
    assignee: userSchema,
    reporter: userSchema,
    issuelinks: z.array(
      z.object({
        id: z.string(),
        type: z.object({ inward: z.string(), outward: z.string() }),
        inwardIssue: linkedSchema.optional(),
        outwardIssue: linkedSchema.optional(),
      }),
    ),
  }),
});

/** The children the issue view lists, as Jira's child list shows them (first page, by key). */
const CHILDREN_SHOWN = 50;
const childrenAnswerSchema = z.object({
  issues: z.array(
    z.object({
      key: z.string(),
      fields: z.object({
        summary: z.string(),
        status: statusSchema,
        duedate: z.string().nullable(),
        assignee: userSchema,
      }),
    }),
  ),
  isLast: z.boolean().optional(),
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
  const fields =
    'summary,status,issuetype,project,description,parent,duedate,labels,assignee,reporter,issuelinks';
  const issueResponse = await ask(`/rest/api/3/issue/${encodeURIComponent(key)}?fields=${fields}`);
  if (issueResponse.status === 404) return undefined;
  if (!issueResponse.ok) {
    throw new HttpError(502, `Jira answered ${issueResponse.status} to the issue view`);
  }
  const issue = issueAnswerSchema.parse(await issueResponse.json());
  const childSearch = new URLSearchParams({
    jql: `parent = ${issue.key} ORDER BY key ASC`,
    fields: 'summary,status,duedate,assignee',
    maxResults: String(CHILDREN_SHOWN),
  });
  // Jira's issue view offers editing and deleting only to who holds Edit issues / Delete issues.
  const [transitionsResponse, childrenResponse, permissionsResponse] = await Promise.all([
    ask(`/rest/api/3/issue/${issue.id}/transitions`),
    ask(`/rest/api/3/search/jql?${childSearch.toString()}`),
    ask(`/rest/api/3/mypermissions?issueId=${issue.id}&permissions=EDIT_ISSUES,DELETE_ISSUES`),
  ]);
  const permissions = permissionsResponse.ok
    ? myPermissionsSchema.parse(await permissionsResponse.json()).permissions
    : {};
  const transitions = transitionsResponse.ok
    ? transitionsAnswerSchema.parse(await transitionsResponse.json()).transitions
    : [];
  const children = childrenResponse.ok
    ? childrenAnswerSchema.parse(await childrenResponse.json())
    : { issues: [], isLast: true };
  const linked = (other: z.infer<typeof linkedSchema>) => ({
    key: other.key,
    summary: other.fields.summary,
    status: other.fields.status?.name ?? '',
    category: other.fields.status?.statusCategory.key ?? 'new',
  });
  const f = issue.fields;
  return {
    description: f.description ?? null,
    parent: f.parent ? linked(f.parent) : null,
    dueDate: f.duedate,
    labels: f.labels,
    assignee: f.assignee?.displayName ?? null,
    reporter: f.reporter?.displayName ?? null,
    links: f.issuelinks.flatMap((link) => {
      if (link.outwardIssue) return [{ relation: link.type.outward, ...linked(link.outwardIssue) }];
      if (link.inwardIssue) return [{ relation: link.type.inward, ...linked(link.inwardIssue) }];
      return [];
    }),
    children: children.issues.map((child) => ({
      key: child.key,
      summary: child.fields.summary,
      status: child.fields.status.name,
      category: child.fields.status.statusCategory.key,
      dueDate: child.fields.duedate,
      assignee: child.fields.assignee?.displayName ?? null,
    })),
    moreChildren: children.isLast === false,
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
    mayEdit: permissions.EDIT_ISSUES?.havePermission === true,
    mayDelete: permissions.DELETE_ISSUES?.havePermission === true,
    // Jira evaluates display conditions on the issue's properties whoever looks.
    propertyKeys: host.products.jira.issues.issuePropertyKeys(Number(issue.id)),
  };
}

/**
 * Whether Jira holds `accountId` for an administrator (global permission ADMINISTER), asked of
 * the Jira emulator as that person, as Jira decides who reaches its administration.
 */
async function isJiraAdmin(host: LocalHost, accountId: string | undefined): Promise<boolean> {
  if (accountId === undefined) return false;
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId },
    method: 'GET',
    path: '/rest/api/3/mypermissions?permissions=ADMINISTER',
    headers: {},
    body: undefined,
  });
  if (!response.ok) return false;
  const answer = myPermissionsSchema.parse(await response.json());
  return answer.permissions.ADMINISTER?.havePermission === true;
}

const myPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

/** The initials a persona's avatar shows ("?" for someone the host does not know). */
function avatarSvg(displayName: string | undefined): string {
  const initials = (displayName ?? '?')
    .split(/\s+/u)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48"><rect width="48" height="48" rx="24" fill="#0C66E4"/><text x="24" y="30" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${initials.replace(/[<&>]/gu, '')}</text></svg>`;
}

export function addPageRoutes(router: HostRouter, host: LocalHost): void {
  router.add('GET', '/', ({ query }) => send(200, renderIndexPage(host, query), HTML));

  // Product addresses the app links to (issue, issue search, Confluence page) lead to host pages.
  router.add('GET', '/browse/{issueKey}', (request) => {
    const key = request.params.issueKey ?? '';
    if (!/^[A-Z][A-Z0-9_]*-\d+$/u.test(key)) throw nothingAt(request);
    return redirect(`/jira/issue/${key}${request.search}`);
  });
  // A page's and a space's web addresses, as Confluence's `_links.webui` (under `_links.base`)
  // builds them: on a site `<site>/wiki/spaces/…`; on the host the emulator's base is
  // `/__forge/confluence/wiki`, where only the REST API answers, so its web addresses lead here.
  for (const prefix of ['/wiki', '/__forge/confluence/wiki']) {
    for (const rest of ['', '/{title}']) {
      router.add('GET', `${prefix}/spaces/{spaceKey}/pages/{pageId}${rest}`, (request) => {
        const pageId = request.params.pageId ?? '';
        if (!/^\d{1,18}$/u.test(pageId)) throw nothingAt(request);
        return redirect(`/confluence/page/${pageId}${request.search}`);
      });
    }
    router.add('GET', `${prefix}/spaces/{spaceKey}`, (request) => {
      const spaceKey = request.params.spaceKey ?? '';
      if (!/^[A-Za-z0-9~_-]{1,255}$/u.test(spaceKey)) throw nothingAt(request);
      return redirect(
        `/confluence/space/${encodeURIComponent(spaceKey)}/rollouts${request.search}`,
      );
    });
  }
  router.add('GET', '/wiki/pages/viewpage.action', ({ query }) => {
    const rest = new URLSearchParams(query);
    const pageId = rest.get('pageId') ?? '';
    rest.delete('pageId');
    const search = rest.size > 0 ? `?${rest.toString()}` : '';
    return redirect(`/confluence/page/${encodeURIComponent(pageId)}${search}`);
  });
  for (const path of ['/issues', '/issues/']) {
    router.add('GET', path, async ({ query }) =>
      send(200, await renderIssueSearch(host, query), HTML),
    );
  }

  router.add('GET', '/jira/issue/{issueKey}', async (request) => {
    const issueKey = issueKeyOf(request.pathname);
    if (!issueKey) throw nothingAt(request);
    const persona = host.persona(request.query.get('as') ?? 'coordinator');
    const issue = await issueView(host, issueKey, persona?.accountId);
    return send(
      issue ? 200 : 404,
      renderIssuePage(host, request.pathname, request.query, issue, issueKey),
      HTML,
    );
  });

  router.add('GET', DASHBOARD_PATH, ({ pathname, query }) =>
    send(200, renderDashboardPage(host, pathname, query), HTML),
  );
  router.add('POST', `${DASHBOARD_PATH}/gadgets`, async (request) => {
    const form = new URLSearchParams(await request.text());
    if (!addGadget(host, form.get('moduleKey') ?? '')) throw new HttpError(400, 'No such gadget');
    return redirect(`${DASHBOARD_PATH}${request.search}`);
  });

  for (const template of [
    '/confluence/space/{spaceKey}/rollouts',
    '/confluence/space/{spaceKey}/settings',
    '/confluence/settings',
    '/confluence/page/{pageId}',
  ]) {
    router.add('GET', template, async (request) => {
      const route = confluenceRouteOf(request.pathname);
      if (!route) throw nothingAt(request);
      const page = await renderConfluenceRoute(host, route, request.pathname, request.query);
      return send(page.status, page.html, HTML);
    });
  }

  // The surfaces without a page of their own above (the Jira admin page).
  for (const surface of SURFACES.filter((candidate) => candidate.routed !== true)) {
    router.add('GET', surface.path, async ({ pathname, query }) => {
      if (surface.adminOnly === true) {
        const persona = host.persona(query.get('as') ?? surface.suggestedPersona);
        if (!(await isJiraAdmin(host, persona?.accountId))) {
          return send(403, renderNoPermission(host, surface, pathname, query), HTML);
        }
      }
      return send(200, renderHostPage(host, surface, pathname, query), HTML);
    });
  }

  router.add('GET', OUTBOX_PATH, ({ query }) => send(200, renderOutboxPage(host, query), HTML));

  // ---- the pages' own assets ------------------------------------------------------------

  for (const script of [
    'issue-view.js',
    'confluence-page.js',
    'host-frames.js',
    'dashboard-page.js',
  ]) {
    router.add('GET', `/__forge/${script}`, async () =>
      send(200, await readFile(join(__dirname, script)), CONTENT_TYPES['.js'] ?? ''),
    );
  }
  router.add('GET', '/__forge/host.css', async () =>
    send(200, await readFile(join(__dirname, 'host.css')), CONTENT_TYPES['.css'] ?? ''),
  );
  const colorMode = (query: URLSearchParams): ColorMode =>
    query.get('mode') === 'dark' ? 'dark' : 'light';
  router.add('GET', '/__forge/theme', async ({ query }) =>
    sendJson(200, { attributes: await themeAttributes(colorMode(query)) }),
  );
  router.add('GET', '/__forge/theme.css', async ({ query }) =>
    send(200, await themeCss(colorMode(query)), CONTENT_TYPES['.css'] ?? '', {
      'cache-control': 'max-age=3600',
    }),
  );
  router.add('GET', '/favicon.ico', () => send(204, '', 'image/x-icon'));
  router.add('GET', '/__forge/avatars/{persona}.svg', (request) => {
    const key = request.params.persona ?? '';
    if (!/^[A-Za-z0-9:_-]+$/u.test(key)) throw nothingAt(request);
    return send(200, avatarSvg(host.persona(key)?.displayName), CONTENT_TYPES['.svg'] ?? '');
  });
}
