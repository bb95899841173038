/**
 * Registering the native "Rollout strategy" template through the Confluence REST API, from the
 * space settings (space admins) and the global settings (Confluence admins), through the local
 * Forge host: registering again updates the app's template in place, in the chosen language,
 * and never adds a copy.
 */
import type { LocalHost } from '../../local/host';
import { findStorageFormatError } from '../../local/products/confluence/storage-format';
import { renderStorageFormat } from '../../local/products/confluence/render';
import { APP_ID, ENVIRONMENT_ID } from '../../local/runtime';
import { call, memoryHost, ok } from '../support/host';
import {
  confluenceModule,
  GLOBAL_SETTINGS,
  SPACE_SETTINGS,
  makeStrategy,
  spaceExtension,
  spaceOf,
} from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
  host.products.resetStats();
});

afterEach(async () => {
  await host.close();
});

const inSpace = (key = 'ROLL') => ({
  moduleKey: SPACE_SETTINGS,
  extension: spaceExtension(host, key),
});
const global = () => ({ moduleKey: GLOBAL_SETTINGS, extension: {} });

function spaceTemplates(key = 'ROLL') {
  const space = host.products.confluence.spaces.getSpaceByKey(key);
  return host.products.confluence.templates.listTemplates(space?.id, { start: 0, limit: 100 })
    .templates;
}

describe('a space template', () => {
  it('is registered by a space admin, in English, with every section and the macro', async () => {
    const before = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/status', {
        scope: 'space',
      }),
    );
    expect(before).toEqual({
      scope: 'space',
      space: { ...spaceOf(host), name: 'Company rollouts' },
      templateId: null,
      canRegister: true,
      language: null,
      macro: null,
      stalePages: [],
    });
    const registered = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'en',
      }),
    );
    const [template] = spaceTemplates();
    expect(registered.templateId).toBe(String(template?.id));
    expect(template).toMatchObject({
      name: 'Rollout strategy',
      templateType: 'page',
      labels: [expect.objectContaining({ name: 'rollout-coordinator' }) as unknown],
    });
    expect(findStorageFormatError(template?.body ?? '')).toBeUndefined();
    const rendered = renderStorageFormat(template?.body ?? '');
    expect(rendered.macros).toMatchObject([{ name: 'rollout-status', parameters: {} }]);
    expect(rendered.html).toContain('7. Risks and expected resistance');
    expect(
      await ok(
        call(confluenceModule(host, inSpace()), 'coordinator', 'templates/status', {
          scope: 'space',
        }),
      ),
    ).toMatchObject({ templateId: registered.templateId, macro: 'current', stalePages: [] });
  });

  it('is updated in place when registered again, also in another language', async () => {
    const first = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'en',
      }),
    );
    const french = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'fr',
      }),
    );
    const again = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'fr',
      }),
    );
    expect(first.language).toBe('en');
    expect(french.templateId).toBe(first.templateId);
    expect(again.templateId).toBe(first.templateId);
    const status = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/status', {
        scope: 'space',
      }),
    );
    expect(status).toMatchObject({ templateId: first.templateId, language: 'fr' });
    const templates = spaceTemplates();
    expect(templates).toHaveLength(1);
    expect(templates[0]?.name).toBe('Stratégie de déploiement');
    expect(templates[0]?.body).toContain('1. Objectif et périmètre');
    expect(host.products.stats.byRoute['POST /wiki/rest/api/template']).toBe(1);
    expect(host.products.stats.byRoute['PUT /wiki/rest/api/template']).toBe(2);
  });

  it('adopts a template someone registered by hand under its name, instead of adding a copy', async () => {
    const space = host.products.confluence.spaces.getSpaceByKey('ROLL');
    host.products.confluence.templates.createTemplate(space?.id, {
      name: 'Rollout strategy',
      description: 'Old one',
      templateType: 'page',
      body: '<p>Old</p>',
      labels: [],
    });
    await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'en',
      }),
    );
    expect(spaceTemplates()).toHaveLength(1);
    expect(spaceTemplates()[0]?.body).toContain('Objective and scope');
  });

  it('makes one template when registered twice at once', async () => {
    const outcomes = await Promise.all([
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'en',
      }),
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'en',
      }),
    ]);
    expect(outcomes.map((o) => o.envelope.ok)).toEqual([true, true]);
    expect(spaceTemplates()).toHaveLength(1);
  });

  it('is refused, clearly, to someone who does not administer the space', async () => {
    const status = await ok(
      call(confluenceModule(host, inSpace('HR')), 'coordinator', 'templates/status', {
        scope: 'space',
      }),
    );
    expect(status.canRegister).toBe(false);
    const { envelope } = await call(
      confluenceModule(host, inSpace('HR')),
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'en' },
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.template.spaceAdminOnly' },
    });
    expect(
      (
        await call(confluenceModule(host, inSpace()), 'outsider', 'templates/status', {
          scope: 'space',
        })
      ).envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'errors.strategy.spaceNotFound' },
    });
    expect(spaceTemplates('HR')).toHaveLength(0);
  });
});

describe('a global template', () => {
  it('is registered and updated by a Confluence admin only', async () => {
    expect(
      (
        await ok(
          call(confluenceModule(host, global()), 'admin', 'templates/status', { scope: 'global' }),
        )
      ).canRegister,
    ).toBe(true);
    const made = await ok(
      call(confluenceModule(host, global()), 'admin', 'templates/register', {
        scope: 'global',
        language: 'en',
      }),
    );
    const again = await ok(
      call(confluenceModule(host, global()), 'admin', 'templates/register', {
        scope: 'global',
        language: 'fr',
      }),
    );
    expect(again.templateId).toBe(made.templateId);
    expect(again.space).toBeNull();
    const globals = host.products.confluence.templates.listTemplates(undefined, {
      start: 0,
      limit: 100,
    }).templates;
    expect(globals.map((t) => t.name)).toEqual(['Stratégie de déploiement']);

    const status = await ok(
      call(confluenceModule(host, global()), 'coordinator', 'templates/status', {
        scope: 'global',
      }),
    );
    expect(status).toMatchObject({ canRegister: false, templateId: made.templateId });
    expect(
      (
        await call(confluenceModule(host, global()), 'coordinator', 'templates/register', {
          scope: 'global',
          language: 'en',
        })
      ).envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.template.adminOnly' },
    });
  });
});

/** A key of this app made in another of its environments (production, say, vs development). */
const CURRENT_KEY = `${APP_ID}/${ENVIRONMENT_ID}/static/rollout-status`;
const PRODUCTION_KEY = `${APP_ID}/9f0c2b1e-0000-4000-8000-00000000prod/static/rollout-status`;

function moveToProduction(body: string): string {
  return body
    .replaceAll(CURRENT_KEY, PRODUCTION_KEY)
    .replaceAll('>DEVELOPMENT<', '>PRODUCTION<')
    .replaceAll(' (Development)<', '<');
}

describe('a template or page made in another environment of the app', () => {
  it('is told apart in the status, and registering again writes this environment’s key', async () => {
    const registered = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'fr',
      }),
    );
    const stored = host.products.confluence.templates.requireTemplate(
      Number(registered.templateId),
    );
    // As if registered from the production environment: its macro names that environment.
    host.products.confluence.templates.updateTemplate(stored.id, {
      ...stored,
      body: moveToProduction(stored.body),
    });
    expect(
      await ok(
        call(confluenceModule(host, inSpace()), 'coordinator', 'templates/status', {
          scope: 'space',
        }),
      ),
    ).toMatchObject({ templateId: registered.templateId, macro: 'other-environment' });

    const again = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'fr',
      }),
    );
    expect(again).toMatchObject({ templateId: registered.templateId, macro: 'current' });
    const body = host.products.confluence.templates.requireTemplate(stored.id).body;
    expect(renderStorageFormat(body).macros.map((macro) => macro.extensionKey)).toEqual([
      CURRENT_KEY,
    ]);
    expect(body).not.toContain(PRODUCTION_KEY);
  });

  it('says when someone removed the macro from the template', async () => {
    const registered = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'en',
      }),
    );
    const stored = host.products.confluence.templates.requireTemplate(
      Number(registered.templateId),
    );
    host.products.confluence.templates.updateTemplate(stored.id, {
      ...stored,
      body: stored.body.replace(/<ac:adf-extension>[\s\S]*?<\/ac:adf-extension>/u, ''),
    });
    expect(
      (
        await ok(
          call(confluenceModule(host, inSpace()), 'coordinator', 'templates/status', {
            scope: 'space',
          }),
        )
      ).macro,
    ).toBe('missing');
  });

  it('lists the space’s strategy pages made elsewhere, and re-keys them, config kept', async () => {
    const made = await makeStrategy(host, { title: 'Expense policy' });
    const pageId = Number(made.page?.id);
    const page = host.products.confluence.pages.requirePage(pageId);
    host.products.confluence.pages.updatePage(pageId, {
      title: page.title,
      status: 'current',
      body: moveToProduction(page.version.body),
      parentId: page.parentId,
      authorId: page.authorId,
      number: page.version.number + 1,
      message: 'Imported from the production site',
    });
    const moved = host.products.confluence.pages.requirePage(pageId);
    expect(renderStorageFormat(moved.version.body).macros[0]?.extensionKey).toBe(PRODUCTION_KEY);

    const status = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/status', {
        scope: 'space',
      }),
    );
    expect(status.stalePages).toEqual([
      {
        id: String(pageId),
        title: page.title,
        url: expect.stringContaining(String(pageId)) as unknown,
      },
    ]);

    host.products.resetStats();
    const registered = await ok(
      call(confluenceModule(host, inSpace()), 'coordinator', 'templates/register', {
        scope: 'space',
        language: 'en',
      }),
    );
    expect(registered.stalePages).toEqual([]);
    const fixed = host.products.confluence.pages.requirePage(pageId);
    expect(fixed.version.number).toBe(moved.version.number + 1);
    expect(fixed.version.message).toBe(
      'Rollout status macro moved to this app environment by Rollout Coordinator',
    );
    expect(fixed.version.body).toBe(
      moved.version.body
        .replaceAll(PRODUCTION_KEY, CURRENT_KEY)
        .replaceAll('>PRODUCTION<', '>DEVELOPMENT<')
        .replaceAll('>Rollout status<', '>Rollout status (Development)<'),
    );
    expect(renderStorageFormat(fixed.version.body).macros[0]).toMatchObject({
      extensionKey: CURRENT_KEY,
      config: { rolloutId: made.rollout.id },
    });
    // One read of the space's pages, one write per stale page.
    expect(host.products.stats.byRoute['GET /wiki/api/v2/pages']).toBe(1);
    expect(host.products.stats.byRoute['PUT /wiki/api/v2/pages/{id}']).toBe(1);
    expect(
      (
        await ok(
          call(confluenceModule(host, inSpace()), 'coordinator', 'templates/status', {
            scope: 'space',
          }),
        )
      ).stalePages,
    ).toEqual([]);
  });
});
