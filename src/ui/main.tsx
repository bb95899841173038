/**
 * The single Custom UI entry. It turns on the product's theme and reads the context together,
 * then fetches the code of the surface it runs in, that surface's translations and, where the
 * context alone decides it, the surface's first call, together (decision 0026: no step waits for
 * one it does not need).
 */
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { view } from '@forge/bridge';
import { readContext, type AppContext } from './context';
import { preload } from './invoke';
import { readConfig } from './surfaces/gadget/config';
import { loadTranslator, makeTranslator, TranslatorProvider } from './i18n';
import { StartupMessage } from './components/StartupMessage';
import './global.css';

type Surface = ComponentType<{ context: AppContext }>;

/**
 * A surface: its code, and its name for its translations (the path its code is imported from,
 * which the build reads to cut the messages it needs: scripts/vite-ui-messages.mjs).
 */
interface SurfaceEntry {
  name: string;
  load: () => Promise<{ default: Surface }>;
  /**
   * The surface's first call, when the context alone decides it: started with its code, with
   * the payload the surface's own first `call` sends (`preload` hands it over only then).
   */
  first?: (context: AppContext) => void;
}

/**
 * Surfaces by module type; a module's config view (the macro's `config` resource, same bundle)
 * is looked up as `<type>:config`.
 */
const SURFACES: Record<string, SurfaceEntry> = {
  'jira:adminPage': {
    name: 'surfaces/admin/AdminPage',
    load: () => import('./surfaces/admin/AdminPage'),
    first: () => {
      preload('directory/list', {});
    },
  },
  'jira:issuePanel': {
    name: 'surfaces/approvals/ApprovalsPanel',
    load: () => import('./surfaces/approvals/ApprovalsPanel'),
    first: () => {
      preload('approvals/panel', {});
    },
  },
  'jira:issueAction': {
    name: 'surfaces/problems/RaiseProblemAction',
    load: () => import('./surfaces/problems/RaiseProblemAction'),
  },
  'confluence:spacePage': {
    name: 'surfaces/strategy/StrategyPage',
    load: () => import('./surfaces/strategy/StrategyPage'),
    first: () => {
      preload('strategy/space', {});
    },
  },
  'confluence:spaceSettings': {
    name: 'surfaces/templates/TemplateSettings',
    load: () => import('./surfaces/templates/TemplateSettings'),
    first: () => {
      preload('templates/status', { scope: 'space' });
    },
  },
  'confluence:globalSettings': {
    name: 'surfaces/templates/TemplateSettings',
    load: () => import('./surfaces/templates/TemplateSettings'),
    first: () => {
      preload('templates/status', { scope: 'global' });
    },
  },
  macro: {
    name: 'surfaces/macro/MacroStatus',
    load: () => import('./surfaces/macro/MacroStatus'),
    first: () => {
      preload('macro/status', {});
    },
  },
  'macro:config': {
    name: 'surfaces/macro/MacroConfig',
    load: () => import('./surfaces/macro/MacroConfig'),
    first: () => {
      preload('macro/options', {});
    },
  },
  'jira:globalPage': {
    name: 'surfaces/mine/MyRollouts',
    load: () => import('./surfaces/mine/MyRollouts'),
    first: () => {
      preload('mine/load', {});
    },
  },
  'confluence:contentBylineItem': {
    name: 'surfaces/policy/PolicyByline',
    load: () => import('./surfaces/policy/PolicyByline'),
    first: () => {
      preload('policy/byline', {});
    },
  },
  'jira:dashboardGadget': {
    name: 'surfaces/gadget/RolloutGadget',
    load: () => import('./surfaces/gadget/RolloutGadget'),
    // Its rollouts are in its saved configuration; an unconfigured gadget calls nothing.
    first: (context) => {
      const config = readConfig(context.extension.gadgetConfiguration);
      if (config) preload('gadget/load', { rolloutIds: config.rolloutIds });
    },
  },
  'jira:dashboardGadget:config': {
    name: 'surfaces/gadget/GadgetEdit',
    load: () => import('./surfaces/gadget/GadgetEdit'),
  },
};

/** Surfaces of one module where a module type has several (two issue panels). */
const MODULE_SURFACES: Record<string, SurfaceEntry> = {
  'rollout-panel': {
    name: 'surfaces/rollout/RolloutPanel',
    load: () => import('./surfaces/rollout/RolloutPanel'),
    first: () => {
      preload('rolloutPanel/load', { sections: true });
    },
  },
  // Its config view is the macros' shared one (which rollout), found under `macro:config`.
  'rollout-pulse': {
    name: 'surfaces/pulses/PulseMacro',
    load: () => import('./surfaces/pulses/PulseMacro'),
  },
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
    const [, raw] = await Promise.all([view.theme.enable(), view.getContext()]);
    const context = readContext(raw);
    document.documentElement.lang = context.locale.slice(0, 2);
    const surface =
      (isConfigView(context.extension) ? undefined : MODULE_SURFACES[context.moduleKey]) ??
      SURFACES[surfaceKey(context.extension)];
    if (!surface) {
      const translator = await loadTranslator(context.locale, 'startup');
      root.render(
        <StartupMessage
          text={translator.t('errors.unknownSurface', { type: context.extension.type })}
          failed
        />,
      );
      return;
    }
    surface.first?.(context);
    const [{ default: Surface }, translator] = await Promise.all([
      surface.load(),
      loadTranslator(context.locale, surface.name),
    ]);
    root.render(
      <StrictMode>
        <TranslatorProvider translator={translator}>
          <Surface context={context} />
        </TranslatorProvider>
      </StrictMode>,
    );
  } catch {
    const t = makeTranslator('en-US', null).t;
    root.render(
      <StartupMessage text={t('Rollout Coordinator could not start. Reload the page.')} failed />,
    );
  }
}

void start();
