/**
 * Host pages that play the products around the app's iframes: a persona switcher (`?as=`),
 * a locale override (`?locale=fr-FR`) and a theme (`?theme=dark`). Everything user-supplied is
 * escaped; the pages are the host's own, not the app's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalHost } from '../host';
import type { ManifestModule } from '../manifest';
import type { Persona } from '../products';
import { encodeFrame } from './frame';
import { hostLang, hostWord, type HostWord } from './host-words';

export interface Surface {
  id: string;
  product: 'Jira' | 'Confluence';
  title: string;
  /** Where the host page lives. */
  path: string;
  moduleType: string;
  /** Persona the index page links with, one who can use the surface. */
  suggestedPersona: string;
  describe: string;
  /** Served by a route of its own (a path with parameters), not by `renderHostPage`. */
  routed?: true;
  /**
   * Jira's administration: only Jira administrators (global permission ADMINISTER) reach it;
   * anyone else gets Jira's no-permission page and no app at all, as on a site.
   */
  adminOnly?: true;
}

export const SURFACES: readonly Surface[] = [
  {
    id: 'jira-admin',
    product: 'Jira',
    title: 'Apps › Rollout Coordinator (admin page)',
    path: '/jira/admin',
    moduleType: 'jira:adminPage',
    suggestedPersona: 'admin',
    describe:
      'The department directory (departments, their heads and delegates, reused by every rollout) and the approval settings. Jira administrators only.',
    adminOnly: true,
  },
  {
    id: 'jira-issue',
    product: 'Jira',
    title: 'Issue view › Approvals panel (ROLL-1)',
    path: '/jira/issue/ROLL-1',
    moduleType: 'jira:issuePanel',
    suggestedPersona: 'coordinator',
    describe:
      'The rollout’s issue: its status and workflow transitions (“Start rollout” runs the approval gate) and the Approvals panel.',
    routed: true,
  },
  {
    id: 'jira-global-page',
    product: 'Jira',
    title: 'Apps › My rollouts (global page)',
    path: '/jira/apps/my-rollouts',
    moduleType: 'jira:globalPage',
    suggestedPersona: 'head-finance',
    describe:
      'What waits for the person across rollouts: approvals to decide (in place), problems assigned to them, sessions they run, pulses open to them. Jira’s Apps menu opens it.',
  },
  {
    id: 'jira-dashboard',
    product: 'Jira',
    title: 'Dashboards › Rollouts (Rollout progress gadget)',
    path: '/jira/dashboard',
    moduleType: 'jira:dashboardGadget',
    suggestedPersona: 'coordinator',
    describe:
      'A Jira dashboard with the Rollout progress gadget: its edit view (which rollouts, which view), refresh and auto-refresh.',
    routed: true,
  },
  {
    id: 'confluence-space-page',
    product: 'Confluence',
    title: 'Company rollouts › Rollout strategies (space page)',
    path: '/confluence/space/ROLL/rollouts',
    moduleType: 'confluence:spacePage',
    suggestedPersona: 'coordinator',
    describe:
      'The space’s rollout strategies and the “New rollout strategy” flow: the page, the rollout and its Jira work, created and linked together.',
    routed: true,
  },
  {
    id: 'confluence-space-settings',
    product: 'Confluence',
    title: 'Company rollouts › Space settings › Rollout Coordinator',
    path: '/confluence/space/ROLL/settings',
    moduleType: 'confluence:spaceSettings',
    suggestedPersona: 'coordinator',
    describe: 'Registers the “Rollout strategy” template in the space (space admins).',
    routed: true,
  },
  {
    id: 'confluence-global-settings',
    product: 'Confluence',
    title: 'Confluence settings › Rollout Coordinator',
    path: '/confluence/settings',
    moduleType: 'confluence:globalSettings',
    suggestedPersona: 'admin',
    describe: 'Registers the “Rollout strategy” template for the whole site (Confluence admins).',
    routed: true,
  },
];

/** Host pages with a fixed path; the others (issue view, Confluence pages) have routes of their own. */
export function surfaceFor(path: string): Surface | undefined {
  return SURFACES.find((surface) => surface.path === path && surface.routed !== true);
}

/** The issue key of an issue-view path (`/jira/issue/ROLL-1` → `ROLL-1`). */
export function issueKeyOf(path: string): string | undefined {
  return /^\/jira\/issue\/([A-Za-z][A-Za-z0-9]*-\d+)$/u.exec(path)?.[1]?.toUpperCase();
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&#39;');
}

const LOCALES: readonly (readonly [string, string])[] = [
  ['', 'Persona’s language'],
  ['en-US', 'English'],
  ['fr-FR', 'Français'],
];

export function layout(
  title: string,
  theme: 'light' | 'dark',
  body: string,
  locale = 'en-US',
): string {
  return `<!doctype html>
<html lang="${hostLang(locale)}" data-host-theme="${theme}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)} · Rollout Coordinator local host</title>
    <link rel="stylesheet" href="/__forge/host.css" />
    <script src="/__forge/host-frames.js" defer></script>
  </head>
  <body>
${body}
  </body>
</html>`;
}

function personaLabel(persona: Persona): string {
  const roles: string[] = [];
  if (persona.jiraAdmin) roles.push('Jira admin');
  if (!persona.canBrowseRoll) roles.push('cannot browse ROLL');
  return `${persona.key} — ${persona.displayName}${roles.length ? ` (${roles.join(', ')})` : ''}`;
}

/**
 * The index: every surface, the Confluence pages and the personas. Each persona is a link to the
 * index as that persona (`/?as=<key>`): then every link opens its surface as them, instead of
 * as the persona each surface suggests.
 */
export function renderIndexPage(host: LocalHost, query = new URLSearchParams()): string {
  const actingAs = host.persona(query.get('as') ?? '');
  const as = (suggested: string): string => encodeURIComponent(actingAs?.key ?? suggested);
  const available = SURFACES.filter((surface) =>
    host.app.modules.some((module) => module.type === surface.moduleType),
  );
  const items = available
    .map(
      (surface) => `      <li>
        <a href="${surface.path}?as=${as(surface.suggestedPersona)}">${escapeHtml(surface.product)}: ${escapeHtml(surface.title)}</a>
        <p>${escapeHtml(surface.describe)}</p>
      </li>`,
    )
    .join('\n');
  const pages = confluencePagesForIndex(host, actingAs ?? host.persona('coordinator'))
    .map(
      (page) => `      <li>
        <a href="/confluence/page/${String(page.id)}?as=${as('coordinator')}">Confluence: ${escapeHtml(page.spaceName)} › ${escapeHtml(page.title)}</a>${page.withMacro ? ' <span class="host-muted">(with the app’s macro)</span>' : ''}
      </li>`,
    )
    .join('\n');
  const personas = host.personas
    .filter((persona) => !persona.key.startsWith('user-'))
    .map(
      (persona) =>
        `      <li><a href="/?as=${encodeURIComponent(persona.key)}"${persona.key === actingAs?.key ? ' aria-current="page"' : ''}><code>${escapeHtml(persona.key)}</code> ${escapeHtml(persona.displayName)}</a> · ${escapeHtml(persona.role ?? '')}${persona.role ? ' · ' : ''}${escapeHtml(persona.locale)}${persona.jiraAdmin ? ' · Jira admin' : ''}${persona.canBrowseRoll ? '' : ' · cannot browse ROLL'}</li>`,
    )
    .join('\n');
  const acting = actingAs
    ? `      <p class="host-acting" data-testid="acting-as">You are <strong>${escapeHtml(actingAs.displayName)}</strong> (<code>${escapeHtml(actingAs.key)}</code>): every link below opens as them. <a href="/">Use each surface’s suggested persona</a></p>`
    : `      <p>Each link opens as a persona who can use the surface; choose a persona below to open
      them all as that person.</p>`;
  return layout(
    actingAs ? `Surfaces as ${actingAs.displayName}` : 'Surfaces',
    'light',
    `    <header class="host-bar"><strong>Rollout Coordinator</strong> · local Forge host</header>
    <main class="host-index">
      <h1>Every surface of the app</h1>
      <p>Each page plays the Atlassian product around the app's iframe. Choose who you are with the
      persona switcher (or <code>?as=&lt;persona&gt;</code>); add <code>?locale=fr-FR</code> or
      <code>?theme=dark</code> to change what the context reports.</p>
${acting}
      <ul class="surfaces">
${items}
      </ul>
      <h2>Confluence pages</h2>
      <p>Pages as Confluence’s viewer shows them, the app’s macros in their iframes (an “Edit”
      control opens a macro’s configuration for those who may edit the page).</p>
      <ul class="surfaces">
${pages || '        <li class="host-muted">No pages yet.</li>'}
      </ul>
      <h2>E-mails</h2>
      <ul class="surfaces">
        <li>
          <a href="/outbox${actingAs ? `?as=${as('coordinator')}` : ''}">E-mails sent</a>
          <p>What the app had Jira e-mail (approval requests, reminders, decisions, problems): recipient, language, subject and body.</p>
        </li>
      </ul>
      <h2>Personas of the demo company</h2>
      <ul class="host-personas">
${personas}
      </ul>
    </main>`,
  );
}

/** The pages of the spaces `viewer` may view, for the index (the first 50). */
function confluencePagesForIndex(
  host: LocalHost,
  viewer: Persona | undefined,
): { id: number; title: string; spaceName: string; withMacro: boolean }[] {
  if (!viewer) return [];
  const store = host.products.confluence;
  const spaces = store.spaces.listVisibleSpaces(viewer.accountId, { limit: 50 });
  const macroKeys = host.app.modules.filter((m) => m.type === 'macro').map((m) => m.key);
  return store.pages
    .listPages({ spaceIds: spaces.map((space) => space.id), statuses: ['current'], limit: 50 })
    .slice(0, 50)
    .map((page) => ({
      id: page.id,
      title: page.title,
      spaceName: spaces.find((space) => space.id === page.spaceId)?.name ?? '',
      withMacro: macroKeys.some(
        (key) =>
          page.version.body.includes(`/static/${key}<`) ||
          page.version.body.includes(`ac:name="${key}"`),
      ),
    }));
}

export interface PageChoices {
  theme: 'light' | 'dark';
  persona: Persona | undefined;
  /** The locale override ('' for the persona's own). */
  locale: string;
}

export function pageChoices(
  host: LocalHost,
  query: URLSearchParams,
  fallbackPersona: string,
): PageChoices {
  return {
    theme: query.get('theme') === 'dark' ? 'dark' : 'light',
    persona: host.persona(query.get('as') ?? fallbackPersona),
    locale: query.get('locale') ?? '',
  };
}

/** The product bar: persona, language and theme switchers that reload the page with `?as=…`. */
export function hostBar(
  host: LocalHost,
  product: string,
  path: string,
  choices: PageChoices,
): string {
  const personaOptions = host.personas
    .map(
      (candidate) =>
        `<option value="${escapeHtml(candidate.key)}"${candidate.key === choices.persona?.key ? ' selected' : ''}>${escapeHtml(personaLabel(candidate))}</option>`,
    )
    .join('');
  const localeOptions = LOCALES.map(
    ([value, label]) =>
      `<option value="${value}"${value === choices.locale ? ' selected' : ''}>${escapeHtml(label)}</option>`,
  ).join('');
  const themeOptions = (['light', 'dark'] as const)
    .map(
      (value) =>
        `<option value="${value}"${value === choices.theme ? ' selected' : ''}>${value === 'light' ? 'Light' : 'Dark'}</option>`,
    )
    .join('');
  // Jira's Apps menu, as in Jira's header: the app's global page is one click from any Jira page.
  const kept = new URLSearchParams();
  if (choices.persona) kept.set('as', choices.persona.key);
  if (choices.locale !== '') kept.set('locale', choices.locale);
  if (choices.theme === 'dark') kept.set('theme', 'dark');
  const appsQuery = kept.toString() === '' ? '' : `?${kept.toString()}`;
  const appsMenu =
    product === 'Jira'
      ? `
      <nav class="host-apps" aria-label="Apps"><a href="/jira/apps/my-rollouts${escapeHtml(appsQuery)}">Apps › My rollouts</a></nav>`
      : '';
  return `    <header class="host-bar">
      <a href="/" class="host-home">Rollout Coordinator · local host</a>
      <span class="host-product">${escapeHtml(product)}</span>${appsMenu}
      <form class="host-controls" method="get" action="${escapeHtml(path)}">
        <label>Acting as <select name="as" onchange="this.form.submit()">${personaOptions}</select></label>
        <label>Language <select name="locale" onchange="this.form.submit()">${localeOptions}</select></label>
        <label>Theme <select name="theme" onchange="this.form.submit()">${themeOptions}</select></label>
        <noscript><button type="submit">Apply</button></noscript>
      </form>
    </header>`;
}

/** The URL of an app iframe: the module's resource with the frame descriptor. */
export function appFrameSrc(
  resource: string,
  moduleKey: string,
  choices: PageChoices,
  extension: Record<string, unknown>,
  localId?: string,
): string {
  const frame = encodeFrame({
    moduleKey,
    ...(choices.persona ? { as: choices.persona.key } : {}),
    ...(choices.locale ? { locale: choices.locale } : {}),
    theme: choices.theme,
    extension,
    ...(localId === undefined ? {} : { localId }),
  });
  return `/app/${encodeURIComponent(resource)}/index.html?frame=${frame}`;
}

/**
 * Jira's answer to someone who opens an administration page without the global permission
 * ADMINISTER: its "no permission" page, with no app iframe (the app's admin page never loads).
 */
export function renderNoPermission(
  host: LocalHost,
  surface: Surface,
  path: string,
  query: URLSearchParams,
): string {
  const choices = pageChoices(host, query, surface.suggestedPersona);
  return layout(
    'You don’t have access to this page',
    choices.theme,
    `${hostBar(host, surface.product, path, choices)}
    <main class="host-main">
      <section class="host-issue-missing" data-testid="no-permission">
        <h1>You don’t have access to this page</h1>
        <p>Only Jira administrators can open Jira’s administration settings, where apps keep
        their admin pages. Ask a Jira administrator for access if you need it.</p>
        <p><a href="/">Go back to the list of surfaces</a></p>
      </section>
    </main>`,
  );
}

export function renderHostPage(
  host: LocalHost,
  surface: Surface,
  path: string,
  query: URLSearchParams,
): string {
  const module = host.app.modules.find((candidate) => candidate.type === surface.moduleType);
  const choices = pageChoices(host, query, surface.suggestedPersona);
  if (!module) {
    return layout(
      surface.title,
      choices.theme,
      `    <main><p>manifest.yml declares no ${escapeHtml(surface.moduleType)} module.</p></main>`,
    );
  }
  const src = appFrameSrc(module.resource ?? 'main', module.key, choices, {});
  return layout(
    surface.title,
    choices.theme,
    `${hostBar(host, surface.product, path, choices)}
    <main class="host-main">
      <nav class="host-breadcrumbs">${escapeHtml(surface.title)}</nav>
      <iframe class="host-frame" title="${escapeHtml(surface.title)}" src="${src}"></iframe>
    </main>`,
    choices.locale !== '' ? choices.locale : (choices.persona?.locale ?? 'en-US'),
  );
}

/** Another issue as the issue view names it (parent, child, linked issue). */
export interface IssueRefView {
  key: string;
  summary: string;
  status: string;
  category: string;
}

/** An issue as the issue view needs it, read from the Jira emulator as the page's persona. */
export interface IssueViewData {
  id: string;
  key: string;
  summary: string;
  issueType: { id: string; name: string };
  status: { id: string; name: string; category: string };
  project: { id: string; key: string; name: string; type: string };
  transitions: { id: string; name: string; to: string }[];
  /** The issue's property keys (what `entityPropertyExists` display conditions test). */
  propertyKeys: string[];
  /** Atlassian Document Format, or null when the issue has none. */
  description: unknown;
  parent: IssueRefView | null;
  dueDate: string | null;
  labels: string[];
  assignee: string | null;
  reporter: string | null;
  /** Each link as this issue sees it ("relates to", "is blocked by"). */
  links: (IssueRefView & { relation: string })[];
  /** The first page of the issue's children, by key. */
  children: (IssueRefView & { dueDate: string | null; assignee: string | null })[];
  moreChildren: boolean;
}

/**
 * Whether a module's display conditions let it show on the issue. The host understands
 * `entityPropertyExists` on the issue (the one condition this app declares) and shows the module
 * for any other condition, as a missing condition would.
 */
export function shownOnIssue(module: ManifestModule, issue: Pick<IssueViewData, 'propertyKeys'>) {
  const conditions = (module as { displayConditions?: unknown }).displayConditions;
  if (typeof conditions !== 'object' || conditions === null) return true;
  const exists = (conditions as { entityPropertyExists?: unknown }).entityPropertyExists;
  if (typeof exists !== 'object' || exists === null) return true;
  const { entity, propertyKey } = exists as { entity?: unknown; propertyKey?: unknown };
  if (entity !== 'issue' || typeof propertyKey !== 'string') return true;
  return issue.propertyKeys.includes(propertyKey);
}

interface AdfNode {
  type?: unknown;
  text?: unknown;
  content?: unknown;
  attrs?: { level?: unknown; href?: unknown; url?: unknown };
  marks?: { type?: unknown; attrs?: { href?: unknown } }[];
}

/** Atlassian Document Format as HTML, for the node types the app and the seed write. */
export function adfHtml(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const adf = node as AdfNode;
  const inner = Array.isArray(adf.content) ? adf.content.map(adfHtml).join('') : '';
  switch (adf.type) {
    case 'doc':
      return inner;
    case 'paragraph':
      return `<p>${inner}</p>`;
    case 'heading': {
      const level = typeof adf.attrs?.level === 'number' ? adf.attrs.level : 3;
      const tag = `h${String(Math.min(6, Math.max(3, level + 2)))}`;
      return `<${tag}>${inner}</${tag}>`;
    }
    case 'bulletList':
      return `<ul>${inner}</ul>`;
    case 'orderedList':
      return `<ol>${inner}</ol>`;
    case 'listItem':
      return `<li>${inner}</li>`;
    case 'hardBreak':
      return '<br>';
    case 'rule':
      return '<hr>';
    case 'inlineCard': {
      const url = typeof adf.attrs?.url === 'string' ? adf.attrs.url : '';
      return `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    }
    case 'text': {
      let html = escapeHtml(typeof adf.text === 'string' ? adf.text : '');
      for (const mark of adf.marks ?? []) {
        if (mark.type === 'strong') html = `<strong>${html}</strong>`;
        else if (mark.type === 'em') html = `<em>${html}</em>`;
        else if (mark.type === 'code') html = `<code>${html}</code>`;
        else if (mark.type === 'link' && typeof mark.attrs?.href === 'string') {
          html = `<a href="${escapeHtml(mark.attrs.href)}">${html}</a>`;
        }
      }
      return html;
    }
    default:
      return inner;
  }
}

/** A module title from the app's translations (`title: {i18n: key}`), else the key itself. */
export function moduleTitle(host: LocalHost, title: unknown, locale: string): string {
  if (typeof title === 'string') return title;
  const key =
    typeof title === 'object' && title !== null && 'i18n' in title ? String(title.i18n) : '';
  const translations = host.app.manifest.translations;
  const wanted = translations?.resources.find((r) => r.key === locale)?.path;
  const fallback = translations?.resources.find(
    (r) => r.key === translations.fallback.default,
  )?.path;
  for (const file of [wanted, fallback]) {
    if (!file) continue;
    let node: unknown = JSON.parse(readFileSync(join(host.app.root, file), 'utf8'));
    for (const part of key.split('.')) {
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined;
    }
    if (typeof node === 'string') return node;
  }
  return key;
}

/**
 * Jira's issue view, as far as the app needs it: the issue's key, summary and status, its
 * workflow transitions (a small host script runs them through the Jira emulator as the persona,
 * so validators run exactly as in Jira) and the app's issue panel. `issue` is undefined when
 * the persona cannot browse the issue: then Jira's "does not exist" page, and no app at all.
 */
export function renderIssuePage(
  host: LocalHost,
  path: string,
  query: URLSearchParams,
  issue: IssueViewData | undefined,
  requestedKey: string,
): string {
  const choices = pageChoices(host, query, 'coordinator');
  const bar = hostBar(host, 'Jira', path, choices);
  const locale = choices.locale !== '' ? choices.locale : (choices.persona?.locale ?? 'en-US');
  const word = (key: HostWord): string => escapeHtml(hostWord(locale, key));
  if (!issue) {
    return layout(
      requestedKey,
      choices.theme,
      `${bar}
    <main class="host-main host-issue">
      <section class="host-issue-missing" data-testid="issue-not-found">
        <h1>This issue can’t be found</h1>
        <p>Issue does not exist or you do not have permission to see it.</p>
      </section>
    </main>`,
    );
  }
  const panels = host.app.modules.filter(
    (module) => module.type === 'jira:issuePanel' && shownOnIssue(module, issue),
  );
  const extension = {
    issue: { id: issue.id, key: issue.key, type: issue.issueType.name, typeId: issue.issueType.id },
    project: { id: issue.project.id, key: issue.project.key, type: issue.project.type },
    isNewToIssue: false,
  };
  const buttons = issue.transitions
    .map(
      (transition) =>
        `<button type="button" class="host-transition" data-transition-id="${escapeHtml(transition.id)}" title="${escapeHtml(`→ ${transition.to}`)}">${escapeHtml(transition.name)}</button>`,
    )
    .join('');
  const keep = new URLSearchParams();
  if (choices.persona) keep.set('as', choices.persona.key);
  if (choices.locale) keep.set('locale', choices.locale);
  if (choices.theme === 'dark') keep.set('theme', 'dark');
  const issueLink = (key: string): string =>
    `<a href="/jira/issue/${encodeURIComponent(key)}?${escapeHtml(keep.toString())}">${escapeHtml(key)}</a>`;
  const searchLink = (jql: string, text: string): string =>
    `<a href="/issues/?${escapeHtml(new URLSearchParams([...keep, ['jql', jql]]).toString())}">${escapeHtml(text)}</a>`;
  const lozenge = (ref: { status: string; category: string }): string =>
    `<span class="host-lozenge host-lozenge-${escapeHtml(ref.category)}">${escapeHtml(ref.status)}</span>`;
  const description = adfHtml(issue.description);
  const done = issue.children.filter((child) => child.category === 'done').length;
  const childRows = issue.children
    .map(
      (child) =>
        `<tr><td>${issueLink(child.key)}</td><td>${escapeHtml(child.summary)}</td><td>${child.dueDate ? `<time datetime="${escapeHtml(child.dueDate)}">${escapeHtml(child.dueDate)}</time>` : ''}</td><td>${escapeHtml(child.assignee ?? hostWord(locale, 'unassigned'))}</td><td>${lozenge(child)}</td></tr>`,
    )
    .join('');
  const childrenHtml =
    issue.children.length === 0
      ? ''
      : `      <section class="host-issue-section" data-testid="issue-children" aria-labelledby="issue-children-title">
        <h2 id="issue-children-title">${word('childWorkItems')}</h2>
        <p class="host-muted" data-testid="issue-children-progress">${String(done)} of ${String(issue.children.length)}${issue.moreChildren ? '+' : ''} done · ${searchLink(`parent = ${issue.key}`, 'View all in search')}</p>
        <table class="host-table"><thead><tr><th>Key</th><th>Summary</th><th>Due date</th><th>Assignee</th><th>Status</th></tr></thead><tbody>${childRows}</tbody></table>
      </section>`;
  const relations = [...new Set(issue.links.map((link) => link.relation))];
  const linksHtml =
    issue.links.length === 0
      ? ''
      : `      <section class="host-issue-section" data-testid="issue-links" aria-labelledby="issue-links-title">
        <h2 id="issue-links-title">${word('linkedWorkItems')}</h2>
${relations
  .map(
    (relation) =>
      `        <h3>${escapeHtml(relation)}</h3><ul class="host-issue-list">${issue.links
        .filter((link) => link.relation === relation)
        .map(
          (link) => `<li>${issueLink(link.key)} ${escapeHtml(link.summary)} ${lozenge(link)}</li>`,
        )
        .join('')}</ul>`,
  )
  .join('\n')}
      </section>`;
  // A person edits and deletes through the Jira emulator's own routes (issue-view.js), so Jira's
  // permissions apply and the app's triggers hear of it, as on a site.
  const afterDelete = issue.parent
    ? `/jira/issue/${encodeURIComponent(issue.parent.key)}?${keep.toString()}`
    : `/issues/?${keep.toString()}`;
  const editHtml = choices.persona
    ? `        <form class="host-issue-edit" data-testid="issue-due-date-form">
          <label>Change the due date <input type="date" name="duedate" value="${escapeHtml(issue.dueDate ?? '')}"></label>
          <button type="submit" class="host-transition">Save due date</button>
        </form>
        <div class="host-issue-delete" data-after-delete="${escapeHtml(afterDelete)}">
          <button type="button" class="host-transition" data-host-delete>Delete issue</button>
          <div data-testid="issue-delete-confirm" role="group" aria-label="Confirm the deletion" hidden>
            <p>Delete ${escapeHtml(issue.key)}? It goes with its properties and links; this cannot be undone.</p>
            <button type="button" class="host-transition" data-host-delete-confirm>Delete ${escapeHtml(issue.key)}</button>
            <button type="button" class="host-transition" data-host-delete-cancel>Cancel</button>
          </div>
        </div>`
    : '';
  const detail = (name: string, testId: string, value: string): string =>
    `<dt>${escapeHtml(name)}</dt><dd data-testid="${testId}">${value}</dd>`;
  const none = `<span class="host-muted">${word('none')}</span>`;
  const detailsHtml = `      <aside class="host-issue-details" aria-labelledby="issue-details-title">
        <h2 id="issue-details-title">${word('details')}</h2>
        <dl>
          ${detail(hostWord(locale, 'assignee'), 'issue-assignee', issue.assignee ? escapeHtml(issue.assignee) : `<span class="host-muted">${word('unassigned')}</span>`)}
          ${detail(hostWord(locale, 'reporter'), 'issue-reporter', issue.reporter ? escapeHtml(issue.reporter) : none)}
          ${detail(hostWord(locale, 'parent'), 'issue-parent', issue.parent ? `${issueLink(issue.parent.key)} ${escapeHtml(issue.parent.summary)}` : none)}
          ${detail(hostWord(locale, 'dueDate'), 'issue-due-date', issue.dueDate ? `<time datetime="${escapeHtml(issue.dueDate)}">${escapeHtml(issue.dueDate)}</time>` : none)}
          ${detail(hostWord(locale, 'labels'), 'issue-labels', issue.labels.length > 0 ? `<ul class="host-issue-labels">${issue.labels.map((label) => `<li>${searchLink(`labels = ${label}`, label)}</li>`).join('')}</ul>` : none)}
        </dl>
${editHtml}
      </aside>`;
  const panelHtml = panels
    .map((module) => {
      const title = moduleTitle(host, module.title, locale);
      const src = appFrameSrc(module.resource ?? 'main', module.key, choices, extension);
      return `      <section class="host-panel" data-module-key="${escapeHtml(module.key)}">
        <h2>${escapeHtml(title)}</h2>
        <iframe class="host-panel-frame" title="${escapeHtml(title)}" src="${src}"></iframe>
      </section>`;
    })
    .join('\n');
  // Jira lists issue actions under the issue's "•••" menu and opens each in a dialog; the host
  // opens each in place, under a disclosure.
  const actionHtml = host.app.modules
    .filter((module) => module.type === 'jira:issueAction')
    .map((module) => {
      const title = moduleTitle(host, module.title, locale);
      const src = appFrameSrc(module.resource ?? 'main', module.key, choices, extension);
      return `      <details class="host-issue-action" data-module-key="${escapeHtml(module.key)}">
        <summary>${escapeHtml(title)}</summary>
        <iframe class="host-action-frame" loading="lazy" title="${escapeHtml(title)}" src="${src}"></iframe>
      </details>`;
    })
    .join('\n');
  return layout(
    `${issue.key}: ${issue.summary}`,
    choices.theme,
    `${bar}
    <main class="host-main host-issue" data-issue-key="${escapeHtml(issue.key)}" data-as="${escapeHtml(choices.persona?.key ?? '')}">
      <nav class="host-breadcrumbs">${word('projects')} / ${escapeHtml(issue.project.name)} / ${issue.parent ? `${issueLink(issue.parent.key)} / ` : ''}${escapeHtml(issue.key)}</nav>
      <h1 class="host-issue-summary">${escapeHtml(issue.summary)}</h1>
      <div class="host-issue-meta">
        <span class="host-issue-type">${escapeHtml(issue.issueType.name)}</span>
        <span class="host-issue-key">${escapeHtml(issue.key)}</span>
        <span class="host-lozenge host-lozenge-${escapeHtml(issue.status.category)}" data-testid="issue-status">${escapeHtml(issue.status.name)}</span>
      </div>
      <div class="host-transitions" data-testid="issue-transitions">${buttons || '<span class="host-muted">No transitions available to you.</span>'}</div>
      <div class="host-transition-message" data-testid="transition-message" role="status" aria-live="polite" hidden></div>
${actionHtml}
      <div class="host-issue-layout">
        <div class="host-issue-content">
      <section class="host-issue-section" data-testid="issue-description" aria-labelledby="issue-description-title">
        <h2 id="issue-description-title">${word('description')}</h2>
        ${description || `<p class="host-muted">${word('noDescription')}</p>`}
      </section>
${childrenHtml}
${linksHtml}
${panelHtml}
        </div>
${detailsHtml}
      </div>
    </main>
    <script src="/__forge/issue-view.js"></script>`,
    locale,
  );
}
