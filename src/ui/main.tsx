/**
 * The single Custom UI entry. It turns on the product's theme, reads the context, loads the
 * user's translations, then loads only the code of the surface it runs in.
 */
import { StrictMode, Suspense, lazy, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { view } from '@forge/bridge';
import { readContext, type AppContext } from './context';
import { loadTranslator, makeTranslator, TranslatorProvider } from './i18n';
import { StartupMessage } from './components/StartupMessage';
import './global.css';

type Surface = ComponentType<{ context: AppContext }>;

/**
 * Surfaces by module type; a module's config view (the macro's `config` resource, same bundle)
 * is looked up as `<type>:config`.
 */
const SURFACES: Record<string, () => Promise<{ default: Surface }>> = {
  'jira:adminPage': () => import('./surfaces/admin/AdminPage'),
  'jira:issuePanel': () => import('./surfaces/approvals/ApprovalsPanel'),
  'jira:issueAction': () => import('./surfaces/problems/RaiseProblemAction'),
  'confluence:spacePage': () => import('./surfaces/strategy/StrategyPage'),
  'confluence:spaceSettings': () => import('./surfaces/templates/TemplateSettings'),
  'confluence:globalSettings': () => import('./surfaces/templates/TemplateSettings'),
  macro: () => import('./surfaces/macro/MacroStatus'),
  'macro:config': () => import('./surfaces/macro/MacroConfig'),
  'jira:dashboardGadget': () => import('./surfaces/gadget/RolloutGadget'),
  'jira:dashboardGadget:config': () => import('./surfaces/gadget/GadgetEdit'),
};

/** Surfaces of one module where a module type has several (two issue panels). */
const MODULE_SURFACES: Record<string, () => Promise<{ default: Surface }>> = {
  'rollout-panel': () => import('./surfaces/rollout/RolloutPanel'),
  // Its config view is the macros' shared one (which rollout), found under `macro:config`.
  'rollout-pulse': () => import('./surfaces/pulses/PulseMacro'),
};

/**
 * Whether the frame is a config view: Forge says so with `entryPoint: 'config'` (as it says
 * `'edit'` for a gadget's edit view), and for a macro with `macro.isConfiguring` while its
 * config dialog is open. Either one is enough.
 */
function isConfigView(extension: Record<string, unknown>): boolean {
  if (extension.entryPoint === 'config' || extension.entryPoint === 'edit') return true;
  const macro = extension.macro;
  return (
    typeof macro === 'object' &&
    macro !== null &&
    'isConfiguring' in macro &&
    macro.isConfiguring === true
  );
}

function surfaceKey(extension: { type: string } & Record<string, unknown>): string {
  return isConfigView(extension) ? `${extension.type}:config` : extension.type;
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const root = createRoot(container);
  try {
    await view.theme.enable();
    const context = readContext(await view.getContext());
    document.documentElement.lang = context.locale.slice(0, 2);
    const translator = await loadTranslator(context.locale);
    const loadSurface =
      (isConfigView(context.extension) ? undefined : MODULE_SURFACES[context.moduleKey]) ??
      SURFACES[surfaceKey(context.extension)];
    const body = loadSurface ? (
      (() => {
        const Surface = lazy(loadSurface);
        return (
          <Suspense fallback={<StartupMessage text={translator.t('common.loading')} />}>
            <Surface context={context} />
          </Suspense>
        );
      })()
    ) : (
      <StartupMessage
        text={translator.t('errors.unknownSurface', { type: context.extension.type })}
        failed
      />
    );
    root.render(
      <StrictMode>
        <TranslatorProvider translator={translator}>{body}</TranslatorProvider>
      </StrictMode>,
    );
  } catch {
    const t = makeTranslator('en-US', null, null).t;
    root.render(
      <StartupMessage text={t('Rollout Coordinator could not start. Reload the page.')} failed />,
    );
  }
}

void start();
