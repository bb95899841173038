/**
 * The host's index page: every surface, the Confluence pages and the personas to act as.
 */
import type { LocalHost } from '../host';
import type { Persona } from '../products';
import { escapeHtml, layout } from './pages';
import { SURFACES } from './surfaces';

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
