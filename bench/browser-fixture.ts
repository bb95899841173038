/**
 * The pages the browser bench opens: a demo company with a pushed, approved 3-phase strategy,
 * Confluence pages with one and five status macros, the strategy page with a pulse macro, and a
 * configured dashboard gadget; each scene in a language and theme.
 */
import { startLocalHost, type LocalHost } from '../local/host';
import { saveGadgetConfig, dashboardGadgets } from '../local/http/dashboard';
import { appendToPage } from '../local/seed/rollout';
import { accountIdOf } from '../test/support/host';
import { forgeMacro } from '../test/support/confluence';
import { approveAll } from '../test/support/rollouts';
import { makeStrategy, pushPlan } from '../test/support/strategy';

export interface Fixture {
  host: LocalHost;
  base: string;
  anchor: string;
  onePage: string;
  fivePage: string;
  strategyPage: string;
  gadgetId: string;
}

function createPage(host: LocalHost, title: string, body: string): string {
  const space = host.products.confluence.spaces.getSpaceByKey('ROLL');
  if (!space) throw new Error('No space ROLL in the demo company');
  return String(
    host.products.confluence.pages.createPage({
      spaceId: space.id,
      title,
      body,
      authorId: accountIdOf(host, 'coordinator'),
    }).id,
  );
}

export async function fixture(): Promise<Fixture> {
  const host = await startLocalHost({ memory: true, port: 0 });
  const today = new Date().toISOString().slice(0, 10);
  const detail = await makeStrategy(host, {
    phases: 3,
    sessions: 12,
    tasksPerPhase: 1,
    start: today,
  });
  await pushPlan(host, detail.rollout.id);
  const anchor = detail.rollout.issue.key;
  await approveAll(host, anchor);
  const id = detail.rollout.id;
  const macros = (count: number) =>
    Array.from(
      { length: count },
      (_, i) =>
        `<p>Status ${String(i + 1)}</p>${forgeMacro(`bench-${String(count)}-${String(i)}`, id)}`,
    ).join('');
  const onePage = createPage(host, 'Bench: one status macro', macros(1));
  const fivePage = createPage(host, 'Bench: five status macros', macros(5));
  const strategyPage = detail.page?.id;
  if (strategyPage === undefined) throw new Error('The strategy has no page');
  await appendToPage(
    host,
    'coordinator',
    strategyPage,
    '<ac:structured-macro ac:name="rollout-pulse" ac:macro-id="bench-pulse"></ac:structured-macro>',
    'Pulse macro added',
  );
  const gadget = dashboardGadgets(host)[0];
  if (!gadget) throw new Error('The dashboard has no gadget');
  saveGadgetConfig(host, gadget.id, { rolloutIds: [id], view: 'overview', refresh: 0 });
  return {
    host,
    base: host.url ?? '',
    anchor,
    onePage,
    fivePage,
    strategyPage,
    gadgetId: gadget.id,
  };
}

export interface Scene {
  name: string;
  path: string;
  /**
   * A frame the page opens only on demand (an issue action, a macro's config dialog): where its
   * frame's address is written on the page. It is loaded on a page of its own, fresh, as the
   * dialog would load it (Chromium runs no init script in a lazy iframe opened later).
   */
  onDemand?: { name: string; selector: string; attribute: string };
}

/** The pages the bench opens, in a language and theme (the host's `locale` and `theme`). */
export function scenes(f: Fixture, variant: { locale: string; theme: string }): Scene[] {
  const scenes: Scene[] = [
    { name: 'Jira admin page', path: '/jira/admin?as=admin' },
    { name: 'Jira Apps › My rollouts', path: '/jira/apps/my-rollouts?as=head-finance' },
    {
      name: 'Jira issue view',
      path: `/jira/issue/${f.anchor}?as=coordinator`,
      onDemand: {
        name: 'Jira issue view, "Raise a problem" action',
        selector: 'details[data-module-key="rollout-raise-problem"] iframe',
        attribute: 'src',
      },
    },
    { name: 'Confluence space page', path: '/confluence/space/ROLL/rollouts?as=coordinator' },
    { name: 'Confluence space settings', path: '/confluence/space/ROLL/settings?as=coordinator' },
    {
      name: 'Confluence page, one status macro',
      path: `/confluence/page/${f.onePage}?as=coordinator`,
      onDemand: {
        name: 'Confluence page, status macro config dialog',
        selector: '.host-macro-edit[data-config-src]',
        attribute: 'data-config-src',
      },
    },
    {
      name: 'Confluence page, five status macros',
      path: `/confluence/page/${f.fivePage}?as=coordinator`,
    },
    {
      name: 'Strategy page with a pulse macro',
      path: `/confluence/page/${f.strategyPage}?as=employee`,
      onDemand: {
        name: 'Confluence page, policy byline item',
        selector: '.host-byline-item',
        attribute: 'data-frame-src',
      },
    },
    { name: 'Jira dashboard', path: '/jira/dashboard?as=coordinator' },
    {
      name: 'Jira dashboard, gadget edit view',
      path: `/jira/dashboard?as=coordinator&edit=${f.gadgetId}`,
    },
  ];
  return scenes.map((scene) => ({
    ...scene,
    path: `${scene.path}&locale=${variant.locale}&theme=${variant.theme}`,
  }));
}
