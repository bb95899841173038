/**
 * Jira's dashboard as far as the app's `jira:dashboardGadget` needs it: gadgets in frames, each
 * with its title bar, an "Edit" control that opens the gadget's edit view (`entryPoint: 'edit'`,
 * what Jira shows a gadget that was never configured), and a "Refresh" control that sends the
 * gadget the `JIRA_DASHBOARD_GADGET_REFRESH` event (the manifest sets `refreshable: false`, so
 * Jira leaves the frame as it is). What an edit view submits (`view.submit`) becomes the
 * gadget's configuration, read back from `context.extension.gadgetConfiguration`; a `refresh`
 * field in it (minutes) refreshes the gadget on that interval, as Jira's auto-refresh does.
 * The gadgets and their configurations are kept in the Jira emulator's database
 * (local/products/jira/store/dashboards.ts), so they survive a restart as Jira's do.
 */
import type { LocalHost } from '../host';
import type { JsonObject } from '../products/json';
import type { DashboardGadget } from '../products/jira/store/dashboards';
import { hostWord } from './host-words';
import {
  appFrameSrc,
  escapeHtml,
  hostBar,
  layout,
  moduleTitle,
  pageChoices,
  pageLocale,
} from './pages';

export const DASHBOARD_PATH = '/jira/dashboard';
export const DASHBOARD_ID = '10000';

type Gadget = DashboardGadget;

function gadgetModules(host: LocalHost) {
  return host.app.modules.filter((module) => module.type === 'jira:dashboardGadget');
}

/** The dashboard's gadgets: one of each gadget module on a dashboard never set up, then as kept. */
export function dashboardGadgets(host: LocalHost): Gadget[] {
  const store = host.products.jira.dashboards;
  const gadgets = store.listGadgets(DASHBOARD_ID);
  if (gadgets.length > 0) return gadgets;
  return gadgetModules(host).map((module) => store.addGadget(DASHBOARD_ID, module.key));
}

/** Adds a gadget of `moduleKey` to the dashboard (Jira's "Add gadget"); undefined: no such module. */
export function addGadget(host: LocalHost, moduleKey: string): Gadget | undefined {
  if (!gadgetModules(host).some((module) => module.key === moduleKey)) return undefined;
  dashboardGadgets(host);
  return host.products.jira.dashboards.addGadget(DASHBOARD_ID, moduleKey);
}

/** Saves what a gadget's edit view submitted; false when the dashboard has no such gadget. */
export function saveGadgetConfig(host: LocalHost, gadgetId: string, config: JsonObject): boolean {
  return host.products.jira.dashboards.setGadgetConfig(DASHBOARD_ID, gadgetId, config);
}

/** The gadget a frame's extension context names, when it is a gadget's edit view. */
export function gadgetEditTarget(extension: Record<string, unknown>): string | undefined {
  if (extension.type !== 'jira:dashboardGadget' || extension.entryPoint !== 'edit')
    return undefined;
  const gadget = extension.gadget;
  return typeof gadget === 'object' &&
    gadget !== null &&
    'id' in gadget &&
    typeof gadget.id === 'string'
    ? gadget.id
    : undefined;
}

function refreshMinutes(config: JsonObject | undefined): number {
  const refresh = config?.refresh;
  return typeof refresh === 'number' && Number.isInteger(refresh) && refresh > 0 ? refresh : 0;
}

export function renderDashboardPage(host: LocalHost, path: string, query: URLSearchParams): string {
  const choices = pageChoices(host, query, 'coordinator');
  const locale = pageLocale(choices);
  const word = (key: 'editing' | 'edit' | 'refresh'): string => escapeHtml(hostWord(locale, key));
  const editing = query.get('edit') ?? '';
  const keep = new URLSearchParams();
  if (choices.persona) keep.set('as', choices.persona.key);
  if (choices.locale) keep.set('locale', choices.locale);
  if (choices.theme === 'dark') keep.set('theme', 'dark');
  const gadgets = dashboardGadgets(host)
    .map((gadget) => {
      const module = host.app.module(gadget.moduleKey);
      if (!module) return '';
      const title = moduleTitle(host, module.title, locale);
      const edit = gadget.config === undefined || editing === gadget.id;
      const extension = {
        gadget: { id: gadget.id },
        dashboard: { id: DASHBOARD_ID },
        gadgetConfiguration: gadget.config ?? {},
        ...(edit ? { entryPoint: 'edit' } : {}),
      };
      const src = appFrameSrc(module.resource ?? 'main', module.key, choices, extension);
      const editLink = new URLSearchParams(keep);
      editLink.set('edit', gadget.id);
      return `      <section class="host-gadget" data-gadget-id="${escapeHtml(gadget.id)}" data-refresh-minutes="${String(edit ? 0 : refreshMinutes(gadget.config))}" aria-label="${escapeHtml(title)}">
        <header class="host-gadget-bar">
          <h2>${escapeHtml(title)}</h2>
          ${
            edit
              ? `<span class="host-muted">${word('editing')}</span>`
              : `<a class="host-gadget-edit" href="${escapeHtml(`${path}?${editLink.toString()}`)}">${word('edit')}</a>
          <button type="button" class="host-gadget-refresh">${word('refresh')}</button>`
          }
        </header>
        <iframe class="host-panel-frame host-gadget-frame" title="${escapeHtml(title)}" src="${src}"></iframe>
      </section>`;
    })
    .join('\n');
  const addForms = gadgetModules(host)
    .map(
      (module) =>
        `<form method="post" action="${escapeHtml(`${DASHBOARD_PATH}/gadgets?${keep.toString()}`)}"><input type="hidden" name="moduleKey" value="${escapeHtml(module.key)}" /><button type="submit">${escapeHtml(hostWord(locale, 'addGadget', { title: moduleTitle(host, module.title, locale) }))}</button></form>`,
    )
    .join('');
  const name = hostWord(locale, 'rolloutsDashboard');
  return layout(
    hostWord(locale, 'dashboard'),
    choices.theme,
    `${hostBar(host, 'Jira', path, choices)}
    <main class="host-main host-dashboard" data-view-path="${escapeHtml(`${path}?${keep.toString()}`)}">
      <nav class="host-breadcrumbs">${escapeHtml(hostWord(locale, 'dashboards'))} / ${escapeHtml(name)}</nav>
      <h1>${escapeHtml(name)}</h1>
      <div class="host-dashboard-actions">${addForms}</div>
      <div class="host-dashboard-grid">
${gadgets || '        <p class="host-muted">manifest.yml declares no jira:dashboardGadget module.</p>'}
      </div>
    </main>
    <script src="/__forge/dashboard-page.js"></script>`,
    locale,
  );
}
