/**
 * Jira's dashboard as far as the app's `jira:dashboardGadget` needs it: gadgets in frames, each
 * with its title bar, an "Edit" control that opens the gadget's edit view (`entryPoint: 'edit'`,
 * what Jira shows a gadget that was never configured), and a "Refresh" control that sends the
 * gadget the `JIRA_DASHBOARD_GADGET_REFRESH` event (the manifest sets `refreshable: false`, so
 * Jira leaves the frame as it is). What an edit view submits (`view.submit`) becomes the
 * gadget's configuration, read back from `context.extension.gadgetConfiguration`; a `refresh`
 * field in it (minutes) refreshes the gadget on that interval, as Jira's auto-refresh does.
 * Configurations live as long as the host runs.
 */
import type { LocalHost } from '../host';
import type { JsonObject } from '../products/json';
import { appFrameSrc, escapeHtml, hostBar, layout, moduleTitle, pageChoices } from './pages';

export const DASHBOARD_PATH = '/jira/dashboard';
export const DASHBOARD_ID = '10000';

interface Gadget {
  id: string;
  moduleKey: string;
  config: JsonObject | undefined;
}

const dashboards = new WeakMap<LocalHost, Gadget[]>();

function gadgetModules(host: LocalHost) {
  return host.app.modules.filter((module) => module.type === 'jira:dashboardGadget');
}

/** The dashboard's gadgets: one of each gadget module until someone adds more. */
export function dashboardGadgets(host: LocalHost): Gadget[] {
  let gadgets = dashboards.get(host);
  if (!gadgets) {
    gadgets = gadgetModules(host).map((module, index) => ({
      id: String(index + 1),
      moduleKey: module.key,
      config: undefined,
    }));
    dashboards.set(host, gadgets);
  }
  return gadgets;
}

/** Adds a gadget of `moduleKey` to the dashboard (Jira's "Add gadget"); undefined: no such module. */
export function addGadget(host: LocalHost, moduleKey: string): Gadget | undefined {
  if (!gadgetModules(host).some((module) => module.key === moduleKey)) return undefined;
  const gadgets = dashboardGadgets(host);
  const id = String(gadgets.reduce((max, gadget) => Math.max(max, Number(gadget.id)), 0) + 1);
  const gadget: Gadget = { id, moduleKey, config: undefined };
  gadgets.push(gadget);
  return gadget;
}

/** Saves what a gadget's edit view submitted; false when the dashboard has no such gadget. */
export function saveGadgetConfig(host: LocalHost, gadgetId: string, config: JsonObject): boolean {
  const gadget = dashboardGadgets(host).find((candidate) => candidate.id === gadgetId);
  if (!gadget) return false;
  gadget.config = config;
  return true;
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
  const locale = choices.locale !== '' ? choices.locale : (choices.persona?.locale ?? 'en-US');
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
              ? '<span class="host-muted">Editing</span>'
              : `<a class="host-gadget-edit" href="${escapeHtml(`${path}?${editLink.toString()}`)}">Edit</a>
          <button type="button" class="host-gadget-refresh">Refresh</button>`
          }
        </header>
        <iframe class="host-panel-frame host-gadget-frame" title="${escapeHtml(title)}" src="${src}"></iframe>
      </section>`;
    })
    .join('\n');
  const addForms = gadgetModules(host)
    .map(
      (module) =>
        `<form method="post" action="${escapeHtml(`${DASHBOARD_PATH}/gadgets?${keep.toString()}`)}"><input type="hidden" name="moduleKey" value="${escapeHtml(module.key)}" /><button type="submit">Add gadget: ${escapeHtml(moduleTitle(host, module.title, locale))}</button></form>`,
    )
    .join('');
  return layout(
    'Dashboard',
    choices.theme,
    `${hostBar(host, 'Jira', path, choices)}
    <main class="host-main host-dashboard" data-view-path="${escapeHtml(`${path}?${keep.toString()}`)}">
      <nav class="host-breadcrumbs">Dashboards / Rollouts</nav>
      <h1>Rollouts</h1>
      <div class="host-dashboard-actions">${addForms}</div>
      <div class="host-dashboard-grid">
${gadgets || '        <p class="host-muted">manifest.yml declares no jira:dashboardGadget module.</p>'}
      </div>
    </main>
    <script src="/__forge/dashboard-page.js"></script>`,
  );
}
