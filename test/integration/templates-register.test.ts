/**
 * Registering the native "Rollout strategy" template through the Confluence REST API, from the
 * space settings (space admins) and the global settings (Confluence admins), through the local
 * Forge host: registering again updates the app's template in place, in the chosen language,
 * and never adds a copy.
 */
import type { LocalHost } from '../../local/host';
import { findStorageFormatError } from '../../local/products/confluence/storage-format';
import { renderStorageFormat } from '../../local/products/confluence/render';
import { memoryHost } from '../support/host';
import {
  GLOBAL_SETTINGS,
  SPACE_SETTINGS,
  confluenceCall,
  confluenceOk,
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
  const space = host.products.confluence.getSpaceByKey(key);
  return host.products.confluence.listTemplates(space?.id, { start: 0, limit: 100 }).templates;
}

describe('a space template', () => {
  it('is registered by a space admin, in English, with every section and the macro', async () => {
    const before = await confluenceOk(
      host,
      'coordinator',
      'templates/status',
      { scope: 'space' },
      inSpace(),
    );
    expect(before).toEqual({
      scope: 'space',
      space: { ...spaceOf(host), name: 'Company rollouts' },
      templateId: null,
      canRegister: true,
      language: null,
    });
    const registered = await confluenceOk(
      host,
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'en' },
      inSpace(),
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
      (await confluenceOk(host, 'coordinator', 'templates/status', { scope: 'space' }, inSpace()))
        .templateId,
    ).toBe(registered.templateId);
  });

  it('is updated in place when registered again, also in another language', async () => {
    const first = await confluenceOk(
      host,
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'en' },
      inSpace(),
    );
    const french = await confluenceOk(
      host,
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'fr' },
      inSpace(),
    );
    const again = await confluenceOk(
      host,
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'fr' },
      inSpace(),
    );
    expect(first.language).toBe('en');
    expect(french.templateId).toBe(first.templateId);
    expect(again.templateId).toBe(first.templateId);
    const status = await confluenceOk(
      host,
      'coordinator',
      'templates/status',
      { scope: 'space' },
      inSpace(),
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
    const space = host.products.confluence.getSpaceByKey('ROLL');
    host.products.confluence.createTemplate(space?.id, {
      name: 'Rollout strategy',
      description: 'Old one',
      templateType: 'page',
      body: '<p>Old</p>',
      labels: [],
    });
    await confluenceOk(
      host,
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'en' },
      inSpace(),
    );
    expect(spaceTemplates()).toHaveLength(1);
    expect(spaceTemplates()[0]?.body).toContain('Objective and scope');
  });

  it('makes one template when registered twice at once', async () => {
    const outcomes = await Promise.all([
      confluenceCall(
        host,
        'coordinator',
        'templates/register',
        { scope: 'space', language: 'en' },
        inSpace(),
      ),
      confluenceCall(
        host,
        'coordinator',
        'templates/register',
        { scope: 'space', language: 'en' },
        inSpace(),
      ),
    ]);
    expect(outcomes.map((o) => o.envelope.ok)).toEqual([true, true]);
    expect(spaceTemplates()).toHaveLength(1);
  });

  it('is refused, clearly, to someone who does not administer the space', async () => {
    const status = await confluenceOk(
      host,
      'coordinator',
      'templates/status',
      { scope: 'space' },
      inSpace('HR'),
    );
    expect(status.canRegister).toBe(false);
    const { envelope } = await confluenceCall(
      host,
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'en' },
      inSpace('HR'),
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.template.spaceAdminOnly' },
    });
    expect(
      (await confluenceCall(host, 'outsider', 'templates/status', { scope: 'space' }, inSpace()))
        .envelope,
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
      (await confluenceOk(host, 'admin', 'templates/status', { scope: 'global' }, global()))
        .canRegister,
    ).toBe(true);
    const made = await confluenceOk(
      host,
      'admin',
      'templates/register',
      { scope: 'global', language: 'en' },
      global(),
    );
    const again = await confluenceOk(
      host,
      'admin',
      'templates/register',
      { scope: 'global', language: 'fr' },
      global(),
    );
    expect(again.templateId).toBe(made.templateId);
    expect(again.space).toBeNull();
    const globals = host.products.confluence.listTemplates(undefined, {
      start: 0,
      limit: 100,
    }).templates;
    expect(globals.map((t) => t.name)).toEqual(['Stratégie de déploiement']);

    const status = await confluenceOk(
      host,
      'coordinator',
      'templates/status',
      { scope: 'global' },
      global(),
    );
    expect(status).toMatchObject({ canRegister: false, templateId: made.templateId });
    expect(
      (
        await confluenceCall(
          host,
          'coordinator',
          'templates/register',
          { scope: 'global', language: 'en' },
          global(),
        )
      ).envelope,
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.template.adminOnly' },
    });
  });
});
