/**
 * Host pages that play the products around the app's iframes: a persona switcher (`?as=`),
 * a locale override (`?locale=fr-FR`) and a theme (`?theme=dark`). Everything user-supplied is
 * escaped; the pages are the host's own, not the app's.
 */
import type { LocalHost } from '../host';
import type { Persona } from '../products';
import { encodeFrame } from './frame';

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
}

export const SURFACES: readonly Surface[] = [
  {
    id: 'jira-admin',
    product: 'Jira',
    title: 'Apps › Rollout Coordinator (admin page)',
    path: '/jira/admin',
    moduleType: 'jira:adminPage',
    suggestedPersona: 'admin',
    describe: 'The department directory: departments and their heads, reused by every rollout.',
  },
];

export function surfaceFor(path: string): Surface | undefined {
  return SURFACES.find((surface) => surface.path === path);
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

function layout(title: string, theme: 'light' | 'dark', body: string): string {
  return `<!doctype html>
<html lang="en" data-host-theme="${theme}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)} · Rollout Coordinator local host</title>
    <link rel="stylesheet" href="/__forge/host.css" />
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

export function renderIndexPage(host: LocalHost): string {
  const available = SURFACES.filter((surface) =>
    host.app.modules.some((module) => module.type === surface.moduleType),
  );
  const items = available
    .map(
      (surface) => `      <li>
        <a href="${surface.path}?as=${encodeURIComponent(surface.suggestedPersona)}">${escapeHtml(surface.product)}: ${escapeHtml(surface.title)}</a>
        <p>${escapeHtml(surface.describe)}</p>
      </li>`,
    )
    .join('\n');
  const personas = host.personas
    .filter((persona) => !persona.key.startsWith('user-'))
    .map(
      (persona) =>
        `      <li><code>${escapeHtml(persona.key)}</code> ${escapeHtml(persona.displayName)} · ${escapeHtml(persona.locale)}${persona.jiraAdmin ? ' · Jira admin' : ''}${persona.canBrowseRoll ? '' : ' · cannot browse ROLL'}</li>`,
    )
    .join('\n');
  return layout(
    'Surfaces',
    'light',
    `    <header class="host-bar"><strong>Rollout Coordinator</strong> · local Forge host</header>
    <main class="host-index">
      <h1>Every surface of the app</h1>
      <p>Each page plays the Atlassian product around the app's iframe. Choose who you are with the
      persona switcher (or <code>?as=&lt;persona&gt;</code>); add <code>?locale=fr-FR</code> or
      <code>?theme=dark</code> to change what the context reports.</p>
      <ul class="surfaces">
${items}
      </ul>
      <h2>Personas of the demo company</h2>
      <ul>
${personas}
      </ul>
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
  const theme = query.get('theme') === 'dark' ? 'dark' : 'light';
  const asKey = query.get('as') ?? surface.suggestedPersona;
  const persona = host.persona(asKey);
  const locale = query.get('locale') ?? '';
  if (!module) {
    return layout(
      surface.title,
      theme,
      `    <main><p>manifest.yml declares no ${escapeHtml(surface.moduleType)} module.</p></main>`,
    );
  }
  const frame = encodeFrame({
    moduleKey: module.key,
    ...(persona ? { as: persona.key } : {}),
    ...(locale ? { locale } : {}),
    theme,
    extension: {},
  });
  const resource = module.resource ?? 'main';
  const personaOptions = host.personas
    .map(
      (candidate) =>
        `<option value="${escapeHtml(candidate.key)}"${candidate.key === persona?.key ? ' selected' : ''}>${escapeHtml(personaLabel(candidate))}</option>`,
    )
    .join('');
  const localeOptions = LOCALES.map(
    ([value, label]) =>
      `<option value="${value}"${value === locale ? ' selected' : ''}>${escapeHtml(label)}</option>`,
  ).join('');
  const themeOptions = (['light', 'dark'] as const)
    .map(
      (value) =>
        `<option value="${value}"${value === theme ? ' selected' : ''}>${value === 'light' ? 'Light' : 'Dark'}</option>`,
    )
    .join('');
  return layout(
    surface.title,
    theme,
    `    <header class="host-bar">
      <a href="/" class="host-home">Rollout Coordinator · local host</a>
      <span class="host-product">${escapeHtml(surface.product)}</span>
      <form class="host-controls" method="get" action="${escapeHtml(path)}">
        <label>Acting as <select name="as" onchange="this.form.submit()">${personaOptions}</select></label>
        <label>Language <select name="locale" onchange="this.form.submit()">${localeOptions}</select></label>
        <label>Theme <select name="theme" onchange="this.form.submit()">${themeOptions}</select></label>
        <noscript><button type="submit">Apply</button></noscript>
      </form>
    </header>
    <main class="host-main">
      <nav class="host-breadcrumbs">${escapeHtml(surface.title)}</nav>
      <iframe class="host-frame" title="${escapeHtml(surface.title)}" src="/app/${encodeURIComponent(resource)}/index.html?frame=${frame}"></iframe>
    </main>`,
  );
}
