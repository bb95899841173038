/**
 * Host pages that play the products around the app's iframes: a persona switcher (`?as=`),
 * a locale override (`?locale=fr-FR`) and a theme (`?theme=dark`). Everything user-supplied is
 * escaped; the pages are the host's own, not the app's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalHost } from '../host';
import type { Persona } from '../products';
import { encodeFrame } from './frame';
import { hostLang, hostWord, type HostWord } from './host-words';
import type { Surface } from './surfaces';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&#39;');
}

/** Each language in its own name, as a language menu lists them; '' is the persona's own. */
const LOCALES: readonly (readonly [string, string])[] = [
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

function personaLabel(persona: Persona, locale: string): string {
  const roles: string[] = [];
  if (persona.jiraAdmin) roles.push(hostWord(locale, 'jiraAdmin'));
  if (!persona.canBrowseRoll) roles.push(hostWord(locale, 'cannotBrowseRoll'));
  return `${persona.key} — ${persona.displayName}${roles.length ? ` (${roles.join(', ')})` : ''}`;
}

export interface PageChoices {
  theme: 'light' | 'dark';
  persona: Persona | undefined;
  /** The locale override ('' for the persona's own). */
  locale: string;
}

/** The language a page shows in: the override, else the persona's own, else English. */
export function pageLocale(choices: PageChoices): string {
  return choices.locale !== '' ? choices.locale : (choices.persona?.locale ?? 'en-US');
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
  const locale = pageLocale(choices);
  const word = (key: HostWord): string => escapeHtml(hostWord(locale, key));
  const personaOptions = host.personas
    .map(
      (candidate) =>
        `<option value="${escapeHtml(candidate.key)}"${candidate.key === choices.persona?.key ? ' selected' : ''}>${escapeHtml(personaLabel(candidate, locale))}</option>`,
    )
    .join('');
  const localeOptions = [['', hostWord(locale, 'personasLanguage')] as const, ...LOCALES]
    .map(
      ([value, label]) =>
        `<option value="${value}"${value === choices.locale ? ' selected' : ''}>${escapeHtml(label)}</option>`,
    )
    .join('');
  const themeOptions = (['light', 'dark'] as const)
    .map(
      (value) =>
        `<option value="${value}"${value === choices.theme ? ' selected' : ''}>${word(value === 'light' ? 'themeLight' : 'themeDark')}</option>`,
    )
    .join('');
  // Jira's Apps menu, as in Jira's header: the app's global page is one click from any Jira page.
  const kept = new URLSearchParams();
  if (choices.persona) kept.set('as', choices.persona.key);
  if (choices.locale !== '') kept.set('locale', choices.locale);
  if (choices.theme === 'dark') kept.set('theme', 'dark');
  const appsQuery = kept.toString() === '' ? '' : `?${kept.toString()}`;
  const mine = host.app.modules.find((module) => module.type === 'jira:globalPage');
  const appsMenu =
    product === 'Jira' && mine
      ? `
      <nav class="host-apps" aria-label="${word('apps')}"><a href="/jira/apps/my-rollouts${escapeHtml(appsQuery)}">${word('apps')} › ${escapeHtml(moduleTitle(host, mine.title, locale))}</a></nav>`
      : '';
  return `    <header class="host-bar">
      <a href="/" class="host-home">${word('localHost')}</a>
      <span class="host-product">${escapeHtml(product)}</span>${appsMenu}
      <form class="host-controls" method="get" action="${escapeHtml(path)}">
        <label>${word('actingAs')} <select name="as" onchange="this.form.submit()">${personaOptions}</select></label>
        <label>${word('language')} <select name="locale" onchange="this.form.submit()">${localeOptions}</select></label>
        <label>${word('theme')} <select name="theme" onchange="this.form.submit()">${themeOptions}</select></label>
        <noscript><button type="submit">${word('apply')}</button></noscript>
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
  const locale = pageLocale(choices);
  const word = (key: HostWord): string => escapeHtml(hostWord(locale, key));
  return layout(
    hostWord(locale, 'noAccess'),
    choices.theme,
    `${hostBar(host, surface.product, path, choices)}
    <main class="host-main">
      <section class="host-issue-missing" data-testid="no-permission">
        <h1>${word('noAccess')}</h1>
        <p>${word('noAccessWhy')}</p>
        <p><a href="/">${word('backToSurfaces')}</a></p>
      </section>
    </main>`,
    locale,
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
  const locale = pageLocale(choices);
  // Jira lists an app's admin and global pages under Apps, by the module's own title.
  const title = moduleTitle(host, module.title, locale);
  return layout(
    title,
    choices.theme,
    `${hostBar(host, surface.product, path, choices)}
    <main class="host-main">
      <nav class="host-breadcrumbs">${escapeHtml(hostWord(locale, 'apps'))} › ${escapeHtml(title)}</nav>
      <iframe class="host-frame" title="${escapeHtml(title)}" src="${src}"></iframe>
    </main>`,
    locale,
  );
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
