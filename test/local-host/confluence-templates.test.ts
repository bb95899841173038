/**
 * The Confluence emulator's content templates (v1): create, update in place, list, read and
 * delete, per space or global, through the REAL `@forge/api`; every answer is checked against
 * Atlassian's specs (test/support/confluence.ts).
 */
import { route } from '@forge/api';
import {
  confluence,
  seededConfluence,
  TEMPLATE,
  TEMPLATE_BY_ID,
  templateBody,
  templateList,
  TEMPLATES,
  v1Message,
} from '../support/confluence';

beforeEach(() => {
  seededConfluence();
});

describe('templates (v1)', () => {
  const template = (
    name: string,
    spaceKey: string | undefined,
    value = '<h1>Stratégie</h1>',
  ): unknown => ({
    name,
    templateType: 'page',
    description: 'Modèle de stratégie de déploiement',
    labels: [{ prefix: 'global', name: 'rollout-strategy' }],
    body: { storage: { value, representation: 'storage' } },
    ...(spaceKey === undefined ? {} : { space: { key: spaceKey } }),
  });

  it('lets a space admin register a space template, and no one else', async () => {
    const created = await confluence(
      'coordinator',
      'POST',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      template('Rollout strategy', 'ROLL'),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'Rollout strategy',
      templateType: 'page',
      space: { key: 'ROLL' },
      labels: [{ prefix: 'global', name: 'rollout-strategy', label: 'rollout-strategy' }],
      body: { storage: { value: '<h1>Stratégie</h1>', representation: 'storage' } },
    });

    for (const caller of ['head-sales', 'admin', 'app'] as const) {
      const refused = await confluence(
        caller,
        'POST',
        route`/wiki/rest/api/template`,
        TEMPLATE,
        template(`By ${caller}`, 'ROLL'),
      );
      expect(refused.status).toBe(403);
      v1Message(refused);
    }
    const outsider = await confluence(
      'outsider',
      'POST',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      template('Outsider', 'ROLL'),
    );
    expect(outsider.status).toBe(403);
  });

  it('lets a Confluence admin, and only one, register a global template', async () => {
    const coordinator = await confluence(
      'coordinator',
      'POST',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      template('Global strategy', undefined),
    );
    expect(coordinator.status).toBe(403);
    const admin = await confluence(
      'admin',
      'POST',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      template('Global strategy', undefined),
    );
    expect(admin.status).toBe(200);
    expect(admin.body).not.toHaveProperty('space');

    const listed = await confluence(
      'outsider',
      'GET',
      route`/wiki/rest/api/template/page`,
      TEMPLATES,
    );
    const list = templateList.parse(listed.body);
    expect(list.results.map((item) => item.name)).toEqual(['Global strategy']);
    expect(list.results[0]?.body).toBeUndefined();
    expect(listed.body).toMatchObject({ results: [{ _expandable: { body: '' } }] });
  });

  it('updates a template in place by id: no copy, and the same name cannot be registered twice', async () => {
    const first = templateBody.parse(
      (
        await confluence(
          'coordinator',
          'POST',
          route`/wiki/rest/api/template`,
          TEMPLATE,
          template('Rollout strategy', 'ROLL'),
        )
      ).body,
    );
    const again = await confluence(
      'coordinator',
      'POST',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      template('Rollout strategy', 'ROLL'),
    );
    expect(again.status).toBe(400);
    v1Message(again);

    const updated = await confluence(
      'coordinator',
      'PUT',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      {
        templateId: first.templateId,
        name: 'Rollout strategy',
        templateType: 'page',
        description: 'v2',
        body: { storage: { value: '<h1>Stratégie v2</h1>', representation: 'storage' } },
        space: { key: 'ROLL' },
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ templateId: first.templateId, description: 'v2' });

    const listed = await confluence(
      'head-sales',
      'GET',
      route`/wiki/rest/api/template/page?spaceKey=${'ROLL'}&expand=${'body'}`,
      TEMPLATES,
    );
    const list = templateList.parse(listed.body);
    expect(list.size).toBe(1);
    expect(list.results[0]).toMatchObject({
      templateId: first.templateId,
      body: { storage: { value: '<h1>Stratégie v2</h1>' } },
    });

    const headUpdates = await confluence(
      'head-sales',
      'PUT',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      {
        templateId: first.templateId,
        name: 'Rollout strategy',
        templateType: 'page',
        body: { storage: { value: '<p>x</p>', representation: 'storage' } },
        space: { key: 'ROLL' },
      },
    );
    expect(headUpdates.status).toBe(403);

    const broken = await confluence(
      'coordinator',
      'PUT',
      route`/wiki/rest/api/template`,
      TEMPLATE,
      {
        templateId: first.templateId,
        name: 'Rollout strategy',
        templateType: 'page',
        body: { storage: { value: '<p>x', representation: 'storage' } },
        space: { key: 'ROLL' },
      },
    );
    expect(broken.status).toBe(400);
    expect(v1Message(broken)).toMatch(/^Error parsing xhtml/);
  });

  it('reads and deletes by id with the space’s rights', async () => {
    const created = templateBody.parse(
      (
        await confluence(
          'coordinator',
          'POST',
          route`/wiki/rest/api/template`,
          TEMPLATE,
          template('Rollout strategy', 'ROLL'),
        )
      ).body,
    );
    const read = await confluence(
      'employee',
      'GET',
      route`/wiki/rest/api/template/${created.templateId}`,
      TEMPLATE_BY_ID,
    );
    expect(read.status).toBe(200);
    expect(templateBody.parse(read.body).body?.storage.value).toBe('<h1>Stratégie</h1>');
    const outsider = await confluence(
      'outsider',
      'GET',
      route`/wiki/rest/api/template/${created.templateId}`,
      TEMPLATE_BY_ID,
    );
    expect(outsider.status).toBe(403);
    const outsiderList = await confluence(
      'outsider',
      'GET',
      route`/wiki/rest/api/template/page?spaceKey=${'ROLL'}`,
      TEMPLATES,
    );
    expect(outsiderList.status).toBe(403);

    const headDeletes = await confluence(
      'head-sales',
      'DELETE',
      route`/wiki/rest/api/template/${created.templateId}`,
      TEMPLATE_BY_ID,
    );
    expect(headDeletes.status).toBe(403);
    const deleted = await confluence(
      'coordinator',
      'DELETE',
      route`/wiki/rest/api/template/${created.templateId}`,
      TEMPLATE_BY_ID,
    );
    expect(deleted.status).toBe(204);
    const gone = await confluence(
      'coordinator',
      'GET',
      route`/wiki/rest/api/template/${created.templateId}`,
      TEMPLATE_BY_ID,
    );
    expect(gone.status).toBe(403);
  });
});
