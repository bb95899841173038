/**
 * The local host's Confluence pages: the space page, space and global settings, and the page
 * view with the app's macro iframes, each with the context Forge gives the module; what people
 * without access see (no app at all); and the macro's config view, whose `view.submit` saves a
 * new page version with the new parameters.
 */
import type { LocalHost } from '../../local/host';
import { decodeFrame, type FrameDescriptor } from '../../local/http/frame';
import { APP_ID, ENVIRONMENT_ID } from '../../local/runtime';
import { renderStorageFormat } from '../../local/products/confluence/render';
import { memoryHost } from '../support/host';

let host: LocalHost;
let base: string;

beforeEach(async () => {
  host = await memoryHost({ port: 0 });
  base = host.url ?? '';
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, html: await response.text() };
}

/** The frame descriptors of the page's app iframes, in order. */
function frames(html: string): FrameDescriptor[] {
  return [...html.matchAll(/<iframe[^>]*src="\/app\/main\/index\.html\?frame=([^"]+)"/gu)].map(
    (match) => decodeFrame(match[1] ?? ''),
  );
}

/** The raw frame parameter of each macro "Edit" control (the config view's frame). */
function configFrames(html: string): string[] {
  return [...html.matchAll(/data-config-src="\/app\/main\/index\.html\?frame=([^"]+)"/gu)].map(
    (match) => match[1] ?? '',
  );
}

function viewFrames(html: string): string[] {
  return [
    ...html.matchAll(
      /<iframe class="host-macro-frame"[^>]*src="\/app\/main\/index\.html\?frame=([^"]+)"/gu,
    ),
  ].map((match) => match[1] ?? '');
}

async function bridge(
  frame: string,
  cmd: string,
  payload?: unknown,
): Promise<{ status: number; body: { result?: unknown; message?: string } }> {
  const response = await fetch(`${base}/__forge/bridge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ frame, cmd, payload }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { result?: unknown; message?: string },
  };
}

function space(key: string) {
  const found = host.products.confluence.spaces.getSpaceByKey(key);
  if (!found) throw new Error(`No space ${key}`);
  return found;
}

const MACRO_KEY = `${APP_ID}/${ENVIRONMENT_ID}/static/rollout-status`;

/** The app's macro as Confluence's editor stores it: an ADF extension node and its fallback. */
function statusMacro(localId: string, guestParams: string, extensionKey = MACRO_KEY): string {
  const node =
    '<ac:adf-node type="extension">' +
    `<ac:adf-attribute key="extension-key">${extensionKey}</ac:adf-attribute>` +
    '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
    '<ac:adf-attribute key="parameters">' +
    `<ac:adf-parameter key="local-id">${localId}</ac:adf-parameter>` +
    `<ac:adf-parameter key="extension-id">ari:cloud:ecosystem::extension/${extensionKey}</ac:adf-parameter>` +
    '<ac:adf-parameter key="extension-title">Rollout status (Development)</ac:adf-parameter>' +
    '<ac:adf-parameter key="forge-environment">DEVELOPMENT</ac:adf-parameter>' +
    `<ac:adf-parameter key="guest-params">${guestParams}</ac:adf-parameter>` +
    '</ac:adf-attribute>' +
    '<ac:adf-attribute key="text">Rollout status (Development)</ac:adf-attribute>' +
    '<ac:adf-attribute key="layout">default</ac:adf-attribute>' +
    `<ac:adf-attribute key="local-id">${localId}-node</ac:adf-attribute>` +
    '</ac:adf-node>';
  return `<ac:adf-extension>${node}<ac:adf-fallback>${node}</ac:adf-fallback></ac:adf-extension>`;
}

/** A strategy page in ROLL, under the space's homepage, holding the macro bound to r-1. */
function strategyPage(extra = ''): { id: number; spaceId: number } {
  const roll = space('ROLL');
  const coordinator = host.persona('coordinator');
  const created = host.products.confluence.pages.createPage({
    spaceId: roll.id,
    ...(roll.homepageId !== undefined ? { parentId: roll.homepageId } : {}),
    title: 'Stratégie : nouveau CRM <script>alert(1)</script>',
    body:
      '<h2>Objectif et périmètre</h2><p>Remplacer l’outil &amp; former les équipes.</p>' +
      statusMacro('macro-1', '<ac:adf-parameter key="rolloutId">r-1</ac:adf-parameter>') +
      extra,
    authorId: coordinator?.accountId ?? '',
  });
  return { id: created.id, spaceId: roll.id };
}

describe('the index page', () => {
  it('lists the Confluence surfaces with a persona who can use each, and the pages', async () => {
    const created = strategyPage();
    const { html } = await page('/');
    expect(html).toContain('href="/confluence/space/ROLL/rollouts?as=coordinator"');
    expect(html).toContain('href="/confluence/space/ROLL/settings?as=coordinator"');
    expect(html).toContain('href="/confluence/settings?as=admin"');
    expect(html).toContain(`href="/confluence/page/${created.id}?as=coordinator"`);
    expect(html).toContain('(with the app’s macro)');
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});

describe('space pages', () => {
  it('shows the space page to those who view the space, with the space in the context', async () => {
    const roll = space('ROLL');
    const { status, html } = await page(
      '/confluence/space/ROLL/rollouts?as=head-sales&locale=fr-FR',
    );
    expect(status).toBe(200);
    expect(frames(html)).toEqual([
      {
        moduleKey: 'rollout-strategies',
        as: 'head-sales',
        locale: 'fr-FR',
        theme: 'light',
        extension: { space: { id: String(roll.id), key: 'ROLL' } },
      },
    ]);
    expect(html).toContain('<option value="head-sales" selected>');
    // Department heads view ROLL but do not administer it: no settings link for them.
    expect(html).not.toContain('/confluence/space/ROLL/settings');
    const coordinator = await page('/confluence/space/ROLL/rollouts?as=coordinator');
    expect(coordinator.html).toContain('href="/confluence/space/ROLL/settings?as=coordinator"');
    // The app draws the space page's heading; the host does not say it a second time above it.
    expect(coordinator.html).not.toContain('class="host-page-title"');
    const settings = await page('/confluence/space/ROLL/settings?as=coordinator');
    expect(settings.html).toContain('<h1 class="host-page-title">');
  });

  it('shows Confluence’s “page not found”, and no app, to whoever may not view the space', async () => {
    for (const path of [
      '/confluence/space/ROLL/rollouts?as=outsider',
      '/confluence/space/NOPE/rollouts?as=coordinator',
      '/confluence/space/ROLL/settings?as=outsider',
    ]) {
      const { status, html } = await page(path);
      expect([path, status]).toEqual([path, 404]);
      expect(html).toContain('Page not found');
      expect(html).not.toContain('<iframe');
    }
  });

  it('opens the space settings to space admins only', async () => {
    const roll = space('ROLL');
    const admin = await page('/confluence/space/ROLL/settings?as=coordinator');
    expect(admin.status).toBe(200);
    expect(frames(admin.html)).toEqual([
      {
        moduleKey: 'rollout-space-settings',
        as: 'coordinator',
        theme: 'light',
        extension: { space: { id: String(roll.id), key: 'ROLL' } },
      },
    ]);
    const viewer = await page('/confluence/space/ROLL/settings?as=head-sales');
    expect(viewer.status).toBe(403);
    expect(viewer.html).not.toContain('<iframe');
    // The site admin administers HR, not ROLL.
    expect((await page('/confluence/space/HR/settings?as=admin')).status).toBe(200);
    expect((await page('/confluence/space/ROLL/settings?as=admin')).status).toBe(403);
  });

  it('opens the global settings to Confluence admins only', async () => {
    const admin = await page('/confluence/settings?as=admin');
    expect(admin.status).toBe(200);
    expect(frames(admin.html)).toEqual([
      { moduleKey: 'rollout-global-settings', as: 'admin', theme: 'light', extension: {} },
    ]);
    const context = await bridge(
      [...admin.html.matchAll(/\?frame=([^"]+)"/gu)][0]?.[1] ?? '',
      'getContext',
    );
    expect(context.body.result).toMatchObject({
      moduleKey: 'rollout-global-settings',
      extension: { type: 'confluence:globalSettings' },
    });
    for (const persona of ['coordinator', 'outsider']) {
      const denied = await page(`/confluence/settings?as=${persona}`);
      expect(denied.status).toBe(403);
      expect(denied.html).not.toContain('<iframe');
    }
  });
});

describe('the page view /confluence/page/<id>', () => {
  it('renders the page and mounts the macro with Forge’s macro context', async () => {
    const created = strategyPage();
    const roll = space('ROLL');
    const { status, html } = await page(`/confluence/page/${created.id}?as=head-sales`);
    expect(status).toBe(200);
    expect(html).toContain(
      '<h1 class="host-page-title">Stratégie : nouveau CRM &lt;script&gt;alert(1)&lt;/script&gt;</h1>',
    );
    expect(html).toMatch(
      /<nav class="host-breadcrumbs"><span>Espaces<\/span> \/ <a href="[^"]+">Company rollouts<\/a><\/nav>/u,
    );
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('>Vue d’ensemble</a>');
    expect(html).not.toMatch(/>(Spaces|Overview|Space settings)</u);
    expect(html).toContain('>Objectif et périmètre</h2>');
    expect(html).toContain('Remplacer l’outil &#38; former les équipes.');
    expect(html).toContain('<p class="host-page-meta">Version 1</p>');
    expect(frames(html)).toEqual([
      {
        moduleKey: 'rollout-status',
        as: 'head-sales',
        theme: 'light',
        localId: 'macro-1',
        extension: {
          content: { id: String(created.id), type: 'page' },
          space: { id: String(roll.id), key: 'ROLL' },
          isEditing: false,
          config: { rolloutId: 'r-1' },
          macro: { isConfiguring: false, isInserting: false },
          location: `${base}/confluence/page/${created.id}`,
        },
      },
    ]);
    // A head views the page but may not edit it: no "Edit" control.
    expect(configFrames(html)).toEqual([]);

    const context = await bridge(viewFrames(html)[0] ?? '', 'getContext');
    expect(context.body.result).toMatchObject({
      accountId: host.persona('head-sales')?.accountId,
      localId: 'macro-1',
      moduleKey: 'rollout-status',
      locale: 'fr-FR',
      extension: {
        type: 'macro',
        content: { id: String(created.id), type: 'page' },
        config: { rolloutId: 'r-1' },
      },
    });

    // Resolver calls from the macro carry its context and local id, as Forge sends them.
    const invoke = jest.spyOn(host.functions, 'invokeResolver').mockResolvedValue({
      body: { ok: true, data: { kind: 'hidden' } },
      counters: { storage: 0, product: 0 },
      transactions: 0,
      ms: 0,
    });
    const answer = await bridge(viewFrames(html)[0] ?? '', 'invoke', {
      functionKey: 'macro/status',
      payload: {},
    });
    expect(answer.body.result).toEqual({ ok: true, data: { kind: 'hidden' } });
    expect(invoke).toHaveBeenCalledWith(
      expect.objectContaining({
        moduleKey: 'rollout-status',
        functionKey: 'macro/status',
        localId: 'macro-1',
        accountId: host.persona('head-sales')?.accountId,
        extension: expect.objectContaining({
          type: 'macro',
          content: { id: String(created.id), type: 'page' },
        }) as unknown,
      }),
    );
  });

  it('gives those who may edit the page an Edit control opening the config view', async () => {
    const created = strategyPage();
    const { html } = await page(`/confluence/page/${created.id}?as=coordinator`);
    expect(html).toContain('<script src="/__forge/confluence-page.js"></script>');
    expect(html).toContain('data-config-title="Rollout status settings"');
    const config = configFrames(html);
    expect(config).toHaveLength(1);
    expect(decodeFrame(config[0] ?? '')).toMatchObject({
      moduleKey: 'rollout-status',
      as: 'coordinator',
      localId: 'macro-1',
      extension: {
        content: { id: String(created.id), type: 'page' },
        isEditing: true,
        config: { rolloutId: 'r-1' },
        macro: { isConfiguring: true, isInserting: false },
      },
    });
    const script = await fetch(`${base}/__forge/confluence-page.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('shows another app’s macro as unknown, and no iframe for it', async () => {
    const created = strategyPage(
      statusMacro('foreign-1', '', 'another-app/production/static/rollout-status'),
    );
    const { html } = await page(`/confluence/page/${created.id}?as=coordinator`);
    expect(frames(html)).toHaveLength(1);
    expect(html).toContain('Unknown macro: &#39;rollout-status&#39;');
  });

  it('shows this app’s macro made in another environment as unknown: its key names that one', async () => {
    const created = strategyPage(
      statusMacro('other-env-1', '', `${APP_ID}/another-environment/static/rollout-status`),
    );
    const { html } = await page(`/confluence/page/${created.id}?as=coordinator`);
    expect(frames(html)).toHaveLength(1);
    expect(html).toContain('Unknown macro: &#39;rollout-status&#39;');
  });

  it('shows “page not found”, and no app, to whoever may not view the page', async () => {
    const created = strategyPage();
    for (const path of [
      `/confluence/page/${created.id}?as=outsider`,
      '/confluence/page/999999?as=coordinator',
    ]) {
      const { status, html } = await page(path);
      expect([path, status]).toEqual([path, 404]);
      expect(html).toContain('Page not found');
      expect(html).not.toContain('<iframe');
      expect(html).not.toContain('Stratégie');
      expect(html).not.toContain('confluence-page.js');
    }
  });
});

describe('the macro’s config view', () => {
  it('saves view.submit({ config }) as a new page version with the new parameters', async () => {
    const created = strategyPage();
    const { html } = await page(`/confluence/page/${created.id}?as=coordinator`);
    const frame = configFrames(html)[0] ?? '';
    const submitted = await bridge(frame, 'submit', {
      config: { rolloutId: 'r-2', phases: ['p-1', 'p-2'], display: { compact: true } },
    });
    expect(submitted).toEqual({ status: 200, body: { result: true } });

    const stored = host.products.confluence.pages.getPage(created.id);
    expect(stored?.version).toMatchObject({
      number: 2,
      message: 'Macro configuration changed',
      authorId: host.persona('coordinator')?.accountId,
    });
    // The ADF node and its fallback copy both carry the new parameters; the rest is untouched.
    const macros = renderStorageFormat(stored?.version.body ?? '').macros;
    expect(macros).toHaveLength(1);
    expect(macros[0]?.config).toEqual({
      rolloutId: 'r-2',
      phases: ['p-1', 'p-2'],
      display: { compact: 'true' },
    });
    expect(stored?.version.body.match(/key="rolloutId">r-2</gu)).toHaveLength(2);
    expect(stored?.version.body).toContain('<h2>Objectif et périmètre</h2>');

    const after = await page(`/confluence/page/${created.id}?as=coordinator`);
    expect(after.html).toContain('<p class="host-page-meta">Version 2</p>');
    expect(frames(after.html)[0]?.extension).toMatchObject({
      config: { rolloutId: 'r-2', phases: ['p-1', 'p-2'] },
    });
  });

  it('refuses a flat config, a view that is not a config view, and someone who may not edit', async () => {
    const created = strategyPage();
    const coordinator = await page(`/confluence/page/${created.id}?as=coordinator`);
    const flat = await bridge(configFrames(coordinator.html)[0] ?? '', 'submit', {
      rolloutId: 'r-2',
    });
    expect(flat).toEqual({
      status: 400,
      body: { message: 'Invalid "config" provided. Expected object' },
    });
    const view = await bridge(viewFrames(coordinator.html)[0] ?? '', 'submit', {
      config: { rolloutId: 'r-2' },
    });
    expect(view).toEqual({ status: 200, body: { result: false } });

    // A head's forged config frame: Confluence refuses the page update.
    const forged = decodeFrame(configFrames(coordinator.html)[0] ?? '');
    const asHead = Buffer.from(JSON.stringify({ ...forged, as: 'head-sales' })).toString(
      'base64url',
    );
    const refused = await bridge(asHead, 'submit', { config: { rolloutId: 'r-2' } });
    expect(refused).toEqual({ status: 403, body: { message: 'You may not edit this page.' } });
    expect(host.products.confluence.pages.getPage(created.id)?.version.number).toBe(1);
  });
});
