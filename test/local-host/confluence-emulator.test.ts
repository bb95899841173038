/**
 * Contract tests of the Confluence emulator, driven through the REAL `@forge/api` (`asUser()`,
 * `asApp()`, `route`): what these tests receive is what the app's backend receives. Every JSON
 * answer is checked against the operation in Atlassian's Confluence OpenAPI specs (v2 for
 * `/wiki/api/v2`, v1 for `/wiki/rest/api`); error bodies, which the specs leave undescribed, are
 * checked against Confluence's two error shapes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import api, { assumeTrustedRoute, route, type APIResponse, type RequestInit } from '@forge/api';
import { z } from 'zod';
import { runInvocation } from '../../local/runtime';
import { ProductEmulator } from '../../local/products';
import { renderStorageFormat } from '../../local/products/confluence/render';
import { findStorageFormatError } from '../../local/products/confluence/storage-format';
import { assertMatchesSpec } from '../../local/products/schema-check';
import { PEOPLE_SPACE_KEY, ROLLOUT_SPACE_KEY, seedConfluence } from '../../local/seed/confluence';
import { PERSONAS } from '../../local/seed/jira';

import { installProducts, personaAccountId } from '../support/jira';

type Route = ReturnType<typeof route>;
type PersonaKey =
  | 'coordinator'
  | 'head-sales'
  | 'head-support'
  | 'head-finance'
  | 'head-operations'
  | 'employee'
  | 'outsider'
  | 'admin';
/** Who makes the call: a persona through `asUser()`, an explicit account, or the app. */
type Caller = PersonaKey | { accountId: string } | 'app';

let emulator: ProductEmulator;

const accountIdOf = (key: PersonaKey): string => personaAccountId(key);
const install = installProducts;

beforeEach(() => {
  emulator = new ProductEmulator(new Database(':memory:'));
  seedConfluence(emulator.confluence, PERSONAS);
  install(emulator);
});

interface Answer {
  status: number;
  headers: APIResponse['headers'];
  body: unknown;
}

/**
 * Calls Confluence as `caller` through `@forge/api` and checks the answer against the spec
 * operation `method template` (`null` skips it, for statuses no operation documents).
 */
async function confluence(
  caller: Caller,
  method: string,
  path: Route,
  template: string | null,
  body?: unknown,
): Promise<Answer> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response =
    caller === 'app'
      ? await api.asApp().requestConfluence(path, init)
      : await runInvocation(
          {
            accountId: typeof caller === 'string' ? accountIdOf(caller) : caller.accountId,
            moduleKey: 'test',
          },
          () => api.asUser().requestConfluence(path, init),
        );
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (template !== null) assertMatchesSpec('confluence', method, template, response.status, json);
  return { status: response.status, headers: response.headers, body: json };
}

const SPACES = '/wiki/api/v2/spaces';
const SPACE = '/wiki/api/v2/spaces/{id}';
const SPACE_OPERATIONS = '/wiki/api/v2/spaces/{id}/operations';
const PAGES = '/wiki/api/v2/pages';
const PAGE = '/wiki/api/v2/pages/{id}';
const CURRENT_USER = '/wiki/rest/api/user/current';
const TEMPLATE = '/wiki/rest/api/template';
const TEMPLATES = '/wiki/rest/api/template/page';
const TEMPLATE_BY_ID = '/wiki/rest/api/template/{contentTemplateId}';

/** Confluence v2's error body. */
const v2ErrorBody = z.object({
  errors: z
    .array(z.object({ status: z.number(), code: z.string(), title: z.string(), detail: z.null() }))
    .length(1),
});
/** Confluence v1's error body. */
const v1ErrorBody = z.object({
  statusCode: z.number(),
  data: z.object({ authorized: z.boolean(), valid: z.boolean(), successful: z.literal(false) }),
  message: z.string(),
  reason: z.string(),
});

function v2Title(answer: Answer): string {
  const parsed = v2ErrorBody.parse(answer.body);
  expect(parsed.errors[0]?.status).toBe(answer.status);
  return parsed.errors[0]?.title ?? '';
}

function v1Message(answer: Answer): string {
  const parsed = v1ErrorBody.parse(answer.body);
  expect(parsed.statusCode).toBe(answer.status);
  return parsed.message;
}

const spaceList = z.object({
  results: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })),
  _links: z.object({ next: z.string().optional(), base: z.string() }),
});
const operationsBody = z.object({
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() })),
});
const pageBody = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  spaceId: z.string(),
  parentId: z.string().optional(),
  version: z.object({ number: z.number(), message: z.string(), authorId: z.string() }),
  body: z.object({
    storage: z.object({ representation: z.literal('storage'), value: z.string() }).optional(),
  }),
});
const pageList = z.object({ results: z.array(pageBody), _links: z.object({ base: z.string() }) });
const templateBody = z.object({
  templateId: z.string(),
  name: z.string(),
  description: z.string(),
  space: z.object({ key: z.string() }).optional(),
  labels: z.array(z.object({ name: z.string(), prefix: z.string() })),
  body: z.object({ storage: z.object({ value: z.string() }) }).optional(),
});
const templateList = z.object({
  results: z.array(templateBody),
  start: z.number(),
  limit: z.number(),
  size: z.number(),
});

function spaceIdOf(key: string): string {
  const space = emulator.confluence.spaces.getSpaceByKey(key);
  if (!space) throw new Error(`No space ${key}`);
  return String(space.id);
}

function has(body: unknown, operation: string, targetType: string): boolean {
  return operationsBody
    .parse(body)
    .operations.some((item) => item.operation === operation && item.targetType === targetType);
}

/**
 * A Forge macro instance as Confluence's editor stores it: an ADF extension with every attribute
 * and parameter the editor writes (extension key and type, local id, extension id and title,
 * forge-environment, guest params, text, layout), then its fallback copy.
 */
function forgeMacro(localId: string, rolloutId: string): string {
  const key = 'local-rollout-coordinator/local-development/static/rollout-status';
  const node =
    '<ac:adf-node type="extension">' +
    `<ac:adf-attribute key="extension-key">${key}</ac:adf-attribute>` +
    '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
    '<ac:adf-attribute key="parameters">' +
    `<ac:adf-parameter key="local-id">${localId}</ac:adf-parameter>` +
    `<ac:adf-parameter key="extension-id">ari:cloud:ecosystem::extension/${key}</ac:adf-parameter>` +
    '<ac:adf-parameter key="extension-title">Rollout status (Development)</ac:adf-parameter>' +
    '<ac:adf-parameter key="forge-environment">DEVELOPMENT</ac:adf-parameter>' +
    '<ac:adf-parameter key="guest-params">' +
    `<ac:adf-parameter key="rolloutId">${rolloutId}</ac:adf-parameter>` +
    '</ac:adf-parameter></ac:adf-attribute>' +
    '<ac:adf-attribute key="text">Rollout status (Development)</ac:adf-attribute>' +
    '<ac:adf-attribute key="layout">default</ac:adf-attribute>' +
    `<ac:adf-attribute key="local-id">${localId}-node</ac:adf-attribute>` +
    '</ac:adf-node>';
  return `<ac:adf-extension>${node}<ac:adf-fallback>${node}</ac:adf-fallback></ac:adf-extension>`;
}

describe('spaces (v2)', () => {
  it('lists the spaces a user may view, filtered by key or id', async () => {
    const all = await confluence('coordinator', 'GET', route`/wiki/api/v2/spaces`, SPACES);
    expect(all.status).toBe(200);
    expect(spaceList.parse(all.body).results.map((space) => space.key)).toEqual([
      ROLLOUT_SPACE_KEY,
      PEOPLE_SPACE_KEY,
    ]);
    expect(all.body).toMatchObject({
      results: [
        {
          name: 'Company rollouts',
          type: 'global',
          status: 'current',
          authorId: accountIdOf('coordinator'),
          _links: { webui: '/spaces/ROLL' },
        },
        { name: 'People team' },
      ],
      _links: { base: 'http://127.0.0.1/__forge/confluence/wiki' },
    });

    const byKey = await confluence(
      'employee',
      'GET',
      route`/wiki/api/v2/spaces?keys=${'HR'}`,
      SPACES,
    );
    expect(spaceList.parse(byKey.body).results.map((space) => space.key)).toEqual(['HR']);
    const byId = await confluence(
      'employee',
      'GET',
      route`/wiki/api/v2/spaces?ids=${spaceIdOf('ROLL')}&description-format=${'plain'}`,
      SPACES,
    );
    expect(byId.body).toMatchObject({
      results: [{ key: 'ROLL', description: { plain: { representation: 'plain' } } }],
    });
  });

  it('pages with a cursor in _links.next and the Link header', async () => {
    const first = await confluence(
      'coordinator',
      'GET',
      route`/wiki/api/v2/spaces?limit=${1}`,
      SPACES,
    );
    const page1 = spaceList.parse(first.body);
    expect(page1.results.map((space) => space.key)).toEqual(['ROLL']);
    const next = page1._links.next;
    expect(next).toMatch(/^\/wiki\/api\/v2\/spaces\?.*cursor=/);
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await confluence('coordinator', 'GET', assumeTrustedRoute(next ?? ''), SPACES);
    const page2 = spaceList.parse(second.body);
    expect(page2.results.map((space) => space.key)).toEqual(['HR']);
    expect(page2._links.next).toBeUndefined();

    const bad = await confluence(
      'coordinator',
      'GET',
      route`/wiki/api/v2/spaces?cursor=${'not-a-cursor'}`,
      SPACES,
    );
    expect(bad.status).toBe(400);
    v2Title(bad);
  });

  it('hides ROLL from the outsider: absent from lists, 404 by id', async () => {
    const list = await confluence('outsider', 'GET', route`/wiki/api/v2/spaces`, SPACES);
    expect(spaceList.parse(list.body).results).toEqual([]);
    const roll = await confluence(
      'outsider',
      'GET',
      route`/wiki/api/v2/spaces/${spaceIdOf('ROLL')}`,
      SPACE,
    );
    expect(roll.status).toBe(404);
    const missing = await confluence(
      'coordinator',
      'GET',
      route`/wiki/api/v2/spaces/${'999999'}`,
      SPACE,
    );
    expect(missing.status).toBe(404);
    expect(v2Title(roll)).toBe(v2Title(missing));
  });

  it('answers 401 to an account the site does not know', async () => {
    const stranger = await confluence(
      { accountId: 'nobody' },
      'GET',
      route`/wiki/api/v2/spaces`,
      SPACES,
    );
    expect(stranger.status).toBe(401);
    v2Title(stranger);
  });
});

describe('who administers what', () => {
  it('tells space admins through the space operations (v2)', async () => {
    const rollId = spaceIdOf('ROLL');
    const coordinator = await confluence(
      'coordinator',
      'GET',
      route`/wiki/api/v2/spaces/${rollId}/operations`,
      SPACE_OPERATIONS,
    );
    expect(has(coordinator.body, 'administer', 'space')).toBe(true);
    expect(has(coordinator.body, 'create', 'page')).toBe(true);
    const head = await confluence(
      'head-sales',
      'GET',
      route`/wiki/api/v2/spaces/${rollId}/operations`,
      SPACE_OPERATIONS,
    );
    expect(has(head.body, 'read', 'space')).toBe(true);
    expect(has(head.body, 'administer', 'space')).toBe(false);
    expect(has(head.body, 'create', 'page')).toBe(false);
    const outsider = await confluence(
      'outsider',
      'GET',
      route`/wiki/api/v2/spaces/${rollId}/operations`,
      SPACE_OPERATIONS,
    );
    expect(outsider.status).toBe(404);

    const inline = await confluence(
      'coordinator',
      'GET',
      route`/wiki/api/v2/spaces/${rollId}?include-operations=${'true'}`,
      SPACE,
    );
    expect(inline.body).toMatchObject({
      key: 'ROLL',
      _links: { base: 'http://127.0.0.1/__forge/confluence/wiki' },
    });
    const inlineOperations = z
      .object({ operations: z.object({ results: operationsBody.shape.operations }) })
      .parse(inline.body).operations.results;
    expect(inlineOperations).toContainEqual({ operation: 'administer', targetType: 'space' });
  });

  it('tells Confluence admins through the current user’s operations (v1)', async () => {
    const admin = await confluence(
      'admin',
      'GET',
      route`/wiki/rest/api/user/current?expand=${'operations'}`,
      CURRENT_USER,
    );
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({
      type: 'known',
      accountId: accountIdOf('admin'),
      accountType: 'atlassian',
      displayName: 'Alex Morgan',
      email: 'alex.morgan@example.com',
    });
    expect(has(admin.body, 'administer', 'application')).toBe(true);
    const coordinator = await confluence(
      'coordinator',
      'GET',
      route`/wiki/rest/api/user/current?expand=${'operations'}`,
      CURRENT_USER,
    );
    expect(has(coordinator.body, 'administer', 'application')).toBe(false);
    expect(has(coordinator.body, 'use', 'application')).toBe(true);

    const plain = await confluence(
      'coordinator',
      'GET',
      route`/wiki/rest/api/user/current`,
      CURRENT_USER,
    );
    expect(plain.body).not.toHaveProperty('operations');
    expect(plain.body).toMatchObject({ _expandable: { operations: '' } });

    const app = await confluence('app', 'GET', route`/wiki/rest/api/user/current`, CURRENT_USER);
    expect(app.body).toMatchObject({ accountType: 'app', email: '' });
    const stranger = await confluence(
      { accountId: 'nobody' },
      'GET',
      route`/wiki/rest/api/user/current`,
      CURRENT_USER,
    );
    expect(stranger.status).toBe(403);
    v1Message(stranger);
  });
});

describe('pages (v2)', () => {
  const strategy = (title: string): unknown => ({
    spaceId: spaceIdOf('ROLL'),
    status: 'current',
    title,
    body: {
      representation: 'storage',
      value: `<h2>Objectif</h2><p>Adopter le nouveau CRM &amp; former les équipes.</p>${forgeMacro('m-1', 'r-1')}`,
    },
  });

  it('creates a page below the homepage and returns its storage body as given', async () => {
    const created = await confluence(
      'coordinator',
      'POST',
      route`/wiki/api/v2/pages`,
      PAGES,
      strategy('Stratégie CRM'),
    );
    expect(created.status).toBe(200);
    const page = pageBody.parse(created.body);
    const homepage = emulator.confluence.spaces.getSpaceByKey('ROLL')?.homepageId;
    expect(page).toMatchObject({
      title: 'Stratégie CRM',
      status: 'current',
      spaceId: spaceIdOf('ROLL'),
      parentId: String(homepage),
      version: { number: 1, authorId: accountIdOf('coordinator') },
    });

    const read = await confluence(
      'head-sales',
      'GET',
      route`/wiki/api/v2/pages/${page.id}?body-format=${'storage'}`,
      PAGE,
    );
    expect(read.status).toBe(200);
    expect(pageBody.parse(read.body).body.storage?.value).toBe(
      pageBody.parse(created.body).body.storage?.value,
    );
    expect(read.body).toMatchObject({
      _links: { base: 'http://127.0.0.1/__forge/confluence/wiki' },
    });
    const withoutBody = await confluence(
      'employee',
      'GET',
      route`/wiki/api/v2/pages/${page.id}`,
      PAGE,
    );
    expect(withoutBody.body).toMatchObject({ body: {} });
  });

  it('hides pages from those who may not view the space, and refuses creation without edit rights', async () => {
    const created = pageBody.parse(
      (await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, strategy('Plan')))
        .body,
    );
    const outsider = await confluence(
      'outsider',
      'GET',
      route`/wiki/api/v2/pages/${created.id}?body-format=${'storage'}`,
      PAGE,
    );
    expect(outsider.status).toBe(404);
    v2Title(outsider);
    const headCreates = await confluence(
      'head-sales',
      'POST',
      route`/wiki/api/v2/pages`,
      PAGES,
      strategy('Autre plan'),
    );
    expect(headCreates.status).toBe(404);
    const outsiderCreates = await confluence(
      'outsider',
      'POST',
      route`/wiki/api/v2/pages`,
      PAGES,
      strategy('Plan caché'),
    );
    expect(outsiderCreates.status).toBe(404);
    const app = await confluence(
      'app',
      'POST',
      route`/wiki/api/v2/pages`,
      PAGES,
      strategy('Par l’app'),
    );
    expect(app.status).toBe(200);
  });

  it('refuses a duplicate title, missing fields and storage that is not well-formed', async () => {
    expect(
      (
        await confluence(
          'coordinator',
          'POST',
          route`/wiki/api/v2/pages`,
          PAGES,
          strategy('Unique'),
        )
      ).status,
    ).toBe(200);
    const duplicate = await confluence(
      'coordinator',
      'POST',
      route`/wiki/api/v2/pages`,
      PAGES,
      strategy('Unique'),
    );
    expect(duplicate.status).toBe(400);
    expect(v2Title(duplicate)).toMatch(/already exists with the same TITLE/);
    // Titles compare without case, accents and all.
    const shouting = await confluence(
      'coordinator',
      'POST',
      route`/wiki/api/v2/pages`,
      PAGES,
      strategy('UNIQUE'),
    );
    expect(shouting.status).toBe(400);

    const noSpace = await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, {
      title: 'Sans espace',
    });
    expect(noSpace.status).toBe(400);
    v2Title(noSpace);
    const noTitle = await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, {
      spaceId: spaceIdOf('ROLL'),
      body: { representation: 'storage', value: '<p>x</p>' },
    });
    expect(noTitle.status).toBe(400);

    for (const value of [
      '<p>ouvert',
      '<p><strong>a</p></strong>',
      '<p>R&D</p>',
      '<p>&colon;</p>',
      '<p>]]></p>',
    ]) {
      const broken = await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, {
        spaceId: spaceIdOf('ROLL'),
        title: `Cassé ${value}`,
        body: { representation: 'storage', value },
      });
      expect(broken.status).toBe(400);
      expect(v2Title(broken)).toMatch(
        /^Error parsing xhtml: .+\n at \[row,col \{unknown-source\}\]: \[\d+,\d+\]$/,
      );
    }

    // A draft needs no title, and drafts may share one.
    const draft = await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, {
      spaceId: spaceIdOf('ROLL'),
      status: 'draft',
      body: { storage: { representation: 'storage', value: '<p>brouillon&nbsp;!</p>' } },
    });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft' });
  });

  it('updates with a version number, answers 409 to a stale one, and keeps history', async () => {
    const created = pageBody.parse(
      (await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, strategy('V1')))
        .body,
    );
    const update = (number: number, title: string): unknown => ({
      id: created.id,
      status: 'current',
      title,
      body: { representation: 'storage', value: `<p>${title}</p>` },
      version: { number, message: `vers ${title}` },
    });
    const updated = await confluence(
      'coordinator',
      'PUT',
      route`/wiki/api/v2/pages/${created.id}`,
      PAGE,
      update(2, 'V2'),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      title: 'V2',
      version: { number: 2, message: 'vers V2' },
      body: { storage: { value: '<p>V2</p>' } },
    });

    // Confluence answers 409, which the spec does not list for this operation.
    const stale = await confluence(
      'coordinator',
      'PUT',
      route`/wiki/api/v2/pages/${created.id}`,
      null,
      update(2, 'V2 bis'),
    );
    expect(stale.status).toBe(409);
    expect(v2Title(stale)).toBe('Version must be incremented on update. Current version is: 2');

    const head = await confluence(
      'head-sales',
      'PUT',
      route`/wiki/api/v2/pages/${created.id}`,
      PAGE,
      update(3, 'V3'),
    );
    expect(head.status).toBe(404);

    const first = await confluence(
      'employee',
      'GET',
      route`/wiki/api/v2/pages/${created.id}?version=${1}&body-format=${'storage'}`,
      PAGE,
    );
    expect(first.body).toMatchObject({ title: 'V1', version: { number: 1 } });
    expect(emulator.confluence.pages.pageVersions(Number(created.id)).map((v) => v.title)).toEqual([
      'V1',
      'V2',
    ]);

    // Renaming onto another page's title is the same 400 as creating it.
    await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, strategy('Autre'));
    const clash = await confluence(
      'coordinator',
      'PUT',
      route`/wiki/api/v2/pages/${created.id}`,
      PAGE,
      update(3, 'Autre'),
    );
    expect(clash.status).toBe(400);
  });

  it('finds a page by space and title, only within spaces the user may view', async () => {
    const created = pageBody.parse(
      (
        await confluence(
          'coordinator',
          'POST',
          route`/wiki/api/v2/pages`,
          PAGES,
          strategy('Cherchée'),
        )
      ).body,
    );
    const found = await confluence(
      'coordinator',
      'GET',
      route`/wiki/api/v2/pages?space-id=${spaceIdOf('ROLL')}&title=${'Cherchée'}&body-format=${'storage'}`,
      PAGES,
    );
    const results = pageList.parse(found.body).results;
    expect(results.map((page) => page.id)).toEqual([created.id]);
    expect(results[0]?.body.storage?.value).toContain('rollout-status');

    const none = await confluence(
      'coordinator',
      'GET',
      route`/wiki/api/v2/pages?space-id=${spaceIdOf('ROLL')}&title=${'Absente'}`,
      PAGES,
    );
    expect(pageList.parse(none.body).results).toEqual([]);
    const outsider = await confluence(
      'outsider',
      'GET',
      route`/wiki/api/v2/pages?space-id=${spaceIdOf('ROLL')}&title=${'Cherchée'}`,
      PAGES,
    );
    expect(pageList.parse(outsider.body).results).toEqual([]);

    const hr = await confluence(
      'employee',
      'GET',
      route`/wiki/api/v2/pages?space-id=${spaceIdOf('HR')}&limit=${2}`,
      PAGES,
    );
    expect(pageList.parse(hr.body).results).toHaveLength(2);
    expect(
      z.object({ _links: z.object({ next: z.string() }) }).parse(hr.body)._links.next,
    ).toContain('cursor=');
  });
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

describe('faults', () => {
  it('answers 429 with Retry-After and 500, in Confluence’s error shape', async () => {
    emulator.faults.add({
      product: 'confluence',
      pathPattern: '^/wiki/api/v2/pages',
      kind: 'status429',
      retryAfterSeconds: 3,
      times: 1,
    });
    const limited = await confluence('coordinator', 'GET', route`/wiki/api/v2/pages`, null);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(v2Title(limited)).toBe('Too Many Requests');
    const after = await confluence('coordinator', 'GET', route`/wiki/api/v2/pages`, PAGES);
    expect(after.status).toBe(200);

    emulator.faults.add({
      product: 'confluence',
      pathPattern: 'template',
      kind: 'status500',
      times: 1,
    });
    const failed = await confluence('admin', 'GET', route`/wiki/rest/api/template/page`, null);
    expect(failed.status).toBe(500);
    v2ErrorBody.parse(failed.body);
  });

  it('counts calls per templated route', async () => {
    emulator.resetStats();
    await confluence('coordinator', 'GET', route`/wiki/api/v2/spaces/${spaceIdOf('ROLL')}`, SPACE);
    await confluence('coordinator', 'GET', route`/wiki/api/v2/spaces/${spaceIdOf('HR')}`, SPACE);
    expect(emulator.stats.byRoute).toEqual({ 'GET /wiki/api/v2/spaces/{id}': 2 });
  });
});

describe('storage format', () => {
  it('accepts XHTML entities and Confluence markup, and reports the first error with its position', () => {
    expect(
      findStorageFormatError(
        '<p>&nbsp;&eacute;&laquo;&#233;&#xE9;</p><ac:structured-macro ac:name="toc" /><br/>' +
          '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a < b && c]]></ac:plain-text-body></ac:structured-macro>',
      ),
    ).toBeUndefined();
    expect(findStorageFormatError('<p>\n<b>x</p>')).toEqual({
      message: 'Unexpected close tag </p>; expected </b>.',
      line: 2,
      column: 5,
    });
    expect(findStorageFormatError('<p a="1" a="2">x</p>')?.message).toMatch(/Duplicate attribute/);
    expect(findStorageFormatError('<p class=x>y</p>')?.message).toMatch(/quote/);
    expect(findStorageFormatError('<!DOCTYPE html><p/>')).toBeDefined();
  });
});

describe('renderer', () => {
  it('renders Confluence markup: headings with a toc, lists, tables, panels, expand, tasks, links', () => {
    const { html, macros } = renderStorageFormat(
      '<ac:structured-macro ac:name="toc" />' +
        '<h1>Objectif</h1><p>Texte <strong>gras</strong></p><h2>Phases</h2>' +
        '<ul><li>Un</li></ul><table><tbody><tr><td colspan="2" style="color:red">Cellule</td></tr></tbody></table>' +
        '<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Risque</ac:parameter>' +
        '<ac:rich-text-body><p>Résistance</p></ac:rich-text-body></ac:structured-macro>' +
        '<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Détails</ac:parameter>' +
        '<ac:rich-text-body><p>Caché</p></ac:rich-text-body></ac:structured-macro>' +
        '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status>' +
        '<ac:task-body>Former</ac:task-body></ac:task></ac:task-list>' +
        '<p><ac:link><ri:page ri:content-title="Plan" ri:space-key="ROLL" /></ac:link></p>' +
        '<p><ac:placeholder>Instruction du modèle</ac:placeholder></p>',
      { pageHref: ({ title }) => `/confluence/page?title=${encodeURIComponent(title)}` },
    );
    expect(macros).toEqual([]);
    expect(html).toContain(
      '<nav class="confluence-toc"><ul><li class="confluence-toc-level-1"><a href="#heading-objectif">Objectif</a></li>' +
        '<li class="confluence-toc-level-2"><a href="#heading-phases">Phases</a></li></ul></nav>',
    );
    expect(html).toContain('<h1 id="heading-objectif">Objectif</h1>');
    expect(html).toContain('<td colspan="2">Cellule</td>');
    expect(html).toContain('confluence-panel-warning');
    expect(html).toContain('<p class="confluence-panel-title">Risque</p>');
    expect(html).toContain(
      '<details class="confluence-expand"><summary>Détails</summary><p>Caché</p></details>',
    );
    expect(html).toContain('data-task-status="complete"');
    expect(html).toContain('<a href="/confluence/page?title=Plan">Plan</a>');
    expect(html).not.toContain('Instruction du modèle');
    expect(html).not.toContain('style');
  });

  it('replaces each app macro with a placeholder and lists it, fallback copies excluded', () => {
    const { html, macros } = renderStorageFormat(
      `<p>Avant</p>${forgeMacro('local-1', 'r-42')}` +
        '<ac:structured-macro ac:name="rollout-status" ac:macro-id="mid-2" ac:local-id="loc-2">' +
        '<ac:parameter ac:name="rolloutId">r-7</ac:parameter></ac:structured-macro>' +
        '<ac:structured-macro ac:name="expand"><ac:rich-text-body>' +
        '<ac:structured-macro ac:name="rollout-status"><ac:parameter ac:name="rolloutId">r-8</ac:parameter></ac:structured-macro>' +
        '</ac:rich-text-body></ac:structured-macro>',
    );
    expect(macros).toEqual([
      {
        macroId: 'local-1',
        name: 'rollout-status',
        parameters: { rolloutId: 'r-42' },
        config: { rolloutId: 'r-42' },
        localId: 'local-1',
        extensionKey: 'local-rollout-coordinator/local-development/static/rollout-status',
      },
      {
        macroId: 'mid-2',
        name: 'rollout-status',
        parameters: { rolloutId: 'r-7' },
        config: { rolloutId: 'r-7' },
        localId: 'loc-2',
      },
      {
        macroId: 'macro-2',
        name: 'rollout-status',
        parameters: { rolloutId: 'r-8' },
        config: { rolloutId: 'r-8' },
      },
    ]);
    expect(html).toBe(
      '<p>Avant</p><div data-forge-macro="0"></div><div data-forge-macro="1"></div>' +
        '<details class="confluence-expand"><summary>Click here to expand...</summary><div data-forge-macro="2"></div></details>',
    );

    const known = renderStorageFormat('<ac:structured-macro ac:name="jira" />', {
      isAppMacro: (name) => name === 'rollout-status',
    });
    expect(known.macros).toEqual([]);
    expect(known.html).toContain('Unknown macro: &#39;jira&#39;');
  });

  it('reads a Forge macro with everything the editor writes: typed and nested guest params, render, an inline one', () => {
    // As found on real pages: a UI Kit macro (render native) with a boolean, a list and nested
    // parameters, the editor's layout parameter, then an inline extension of the same app.
    const key = 'aaaa-app/bbbb-env/static/rollout-status';
    const block =
      '<ac:adf-extension><ac:adf-node type="extension">' +
      `<ac:adf-attribute key="extension-key">${key}</ac:adf-attribute>` +
      '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
      '<ac:adf-attribute key="parameters">' +
      '<ac:adf-parameter key="local-id">blk-1</ac:adf-parameter>' +
      `<ac:adf-parameter key="extension-id">ari:cloud:ecosystem::extension/${key}</ac:adf-parameter>` +
      '<ac:adf-parameter key="extension-title">Rollout status</ac:adf-parameter>' +
      '<ac:adf-parameter key="layout">default</ac:adf-parameter>' +
      '<ac:adf-parameter key="forge-environment">PRODUCTION</ac:adf-parameter>' +
      '<ac:adf-parameter key="render">native</ac:adf-parameter>' +
      '<ac:adf-parameter key="guest-params">' +
      '<ac:adf-parameter key="rolloutId">r-9</ac:adf-parameter>' +
      '<ac:adf-parameter key="compact" type="boolean">true</ac:adf-parameter>' +
      '<ac:adf-parameter key="departments"><ac:adf-parameter-value>Sales</ac:adf-parameter-value>' +
      '<ac:adf-parameter-value>Finance</ac:adf-parameter-value></ac:adf-parameter>' +
      '<ac:adf-parameter key="window"><ac:adf-parameter key="days" type="integer">30</ac:adf-parameter></ac:adf-parameter>' +
      '</ac:adf-parameter></ac:adf-attribute>' +
      '<ac:adf-attribute key="text">Rollout status</ac:adf-attribute>' +
      '<ac:adf-attribute key="layout">default</ac:adf-attribute>' +
      '<ac:adf-attribute key="local-id">blk-node</ac:adf-attribute>' +
      '</ac:adf-node></ac:adf-extension>';
    const inline =
      '<p>Status: <ac:adf-extension><ac:adf-node type="inline-extension">' +
      `<ac:adf-attribute key="extension-key">${key}</ac:adf-attribute>` +
      '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
      '<ac:adf-attribute key="parameters"><ac:adf-parameter key="local-id">inl-1</ac:adf-parameter>' +
      '<ac:adf-parameter key="forge-environment">PRODUCTION</ac:adf-parameter>' +
      '<ac:adf-parameter key="guest-params"><ac:adf-parameter-value /></ac:adf-parameter>' +
      '</ac:adf-attribute><ac:adf-attribute key="text">Rollout status</ac:adf-attribute>' +
      '</ac:adf-node></ac:adf-extension></p>';
    const body = block + inline;
    expect(findStorageFormatError(body)).toBeUndefined();
    const { html, macros } = renderStorageFormat(body);
    expect(macros).toEqual([
      {
        macroId: 'blk-1',
        name: 'rollout-status',
        parameters: {
          rolloutId: 'r-9',
          compact: 'true',
          departments: 'Sales,Finance',
          window: '30',
        },
        config: {
          rolloutId: 'r-9',
          compact: 'true',
          departments: ['Sales', 'Finance'],
          window: { days: '30' },
        },
        localId: 'blk-1',
        extensionKey: key,
      },
      {
        macroId: 'inl-1',
        name: 'rollout-status',
        parameters: {},
        config: {},
        localId: 'inl-1',
        extensionKey: key,
      },
    ]);
    // Neither the title (`text`) nor any parameter leaks onto the page: the app draws the macro.
    expect(html).toBe(
      '<div data-forge-macro="0"></div><p>Status: <span data-forge-macro="1"></span></p>',
    );
  });

  it('keeps hostile text as text and drops active content', () => {
    const hostile =
      '<p>Bonjour <script>alert("x")</script>monde</p>' +
      '<p onclick="steal()" style="background:url(javascript:alert(1))">Cliquer</p>' +
      '<p><a href="javascript:alert(1)">lien1</a> <a href=" jav&#x09;ascript:alert(2)">lien2</a> ' +
      '<a href="https://example.com/ok" onmouseover="x()">lien3</a> <a href="data:text/html,x">lien4</a></p>' +
      '<p><ac:link><ri:url ri:value="javascript:alert(3)" /><ac:plain-text-link-body><![CDATA[lien5]]></ac:plain-text-link-body></ac:link></p>' +
      '<ac:image ac:alt="pixel"><ri:url ri:value="https://tracker.example/p.png" /></ac:image>' +
      '<img src="x" onerror="alert(4)" /><svg><script>alert(5)</script></svg><iframe src="https://evil.example"></iframe>' +
      '<p>&lt;script&gt;alert(6)&lt;/script&gt; et ]]&gt; restent du texte</p>' +
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[fin ]]><script>alert(7)</script>]]></ac:plain-text-body></ac:structured-macro>' +
      '<ac:structured-macro ac:name="rollout-status"><ac:parameter ac:name="rolloutId">&lt;ac:structured-macro ac:name="evil"/&gt;</ac:parameter>' +
      '<ac:parameter ac:name="other"><ac:structured-macro ac:name="nested" /></ac:parameter></ac:structured-macro>' +
      '<p>a < b & c <b>non fermé';
    const { html, macros } = renderStorageFormat(hostile);
    for (const forbidden of [
      '<script',
      '<img',
      '<svg',
      '<iframe',
      'onclick',
      'onerror',
      'onmouseover',
      'javascript:',
      'style=',
      'data:text',
      'tracker.example',
    ]) {
      expect(html.toLowerCase()).not.toContain(forbidden);
    }
    for (const kept of [
      'Bonjour ',
      'monde',
      'Cliquer',
      'lien1',
      'lien2',
      'lien4',
      'lien5',
      '[pixel]',
      '&#60;script&#62;alert(6)&#60;/script&#62; et ]]&#62; restent du texte',
      'a &#60; b &#38; c',
    ]) {
      expect(html).toContain(kept);
    }
    expect(html).toContain(
      '<a href="https://example.com/ok" rel="noopener noreferrer nofollow">lien3</a>',
    );
    expect(macros).toEqual([
      {
        macroId: 'macro-0',
        name: 'rollout-status',
        parameters: { rolloutId: '<ac:structured-macro ac:name="evil"/>', other: '' },
        config: { rolloutId: '<ac:structured-macro ac:name="evil"/>', other: '' },
      },
    ]);
    expect(html.match(/data-forge-macro/g)).toHaveLength(1);
  });

  it('survives deeply nested and truncated input', () => {
    const deep = `${'<div>'.repeat(5000)}profond${'</div>'.repeat(5000)}`;
    expect(renderStorageFormat(deep).html).toContain('profond');
    expect(
      renderStorageFormat('<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attr').macros,
    ).toEqual([]);
    expect(renderStorageFormat('<![CDATA[ouvert').html).toBe('ouvert');
  });
});

describe('seed and persistence', () => {
  it('seeds once, and keeps spaces, pages, versions and templates across re-opening a file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rc-confluence-'));
    const file = path.join(dir, 'local.db');
    try {
      const first = new Database(file);
      const created = new ProductEmulator(first);
      seedConfluence(created.confluence, PERSONAS);
      install(created);
      const page = pageBody.parse(
        (
          await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, {
            spaceId: String(created.confluence.spaces.getSpaceByKey('ROLL')?.id),
            title: 'Persistante',
            body: { representation: 'storage', value: '<p>v1</p>' },
          })
        ).body,
      );
      await confluence('coordinator', 'PUT', route`/wiki/api/v2/pages/${page.id}`, PAGE, {
        id: page.id,
        status: 'current',
        title: 'Persistante',
        body: { representation: 'storage', value: '<p>v2</p>' },
        version: { number: 2 },
      });
      const registered = templateBody.parse(
        (
          await confluence('coordinator', 'POST', route`/wiki/rest/api/template`, TEMPLATE, {
            name: 'Rollout strategy',
            templateType: 'page',
            body: { storage: { value: '<p>modèle</p>', representation: 'storage' } },
            space: { key: 'ROLL' },
          })
        ).body,
      );
      first.close();

      const second = new Database(file);
      const reopened = new ProductEmulator(second);
      seedConfluence(reopened.confluence, PERSONAS);
      emulator = reopened;
      install(reopened);
      const spaces = await confluence('coordinator', 'GET', route`/wiki/api/v2/spaces`, SPACES);
      expect(spaceList.parse(spaces.body).results.map((space) => space.key)).toEqual([
        'ROLL',
        'HR',
      ]);
      const read = await confluence(
        'employee',
        'GET',
        route`/wiki/api/v2/pages/${page.id}?body-format=${'storage'}`,
        PAGE,
      );
      expect(read.body).toMatchObject({
        version: { number: 2 },
        body: { storage: { value: '<p>v2</p>' } },
      });
      expect(reopened.confluence.pages.pageVersions(Number(page.id))).toHaveLength(2);
      const template = await confluence(
        'employee',
        'GET',
        route`/wiki/rest/api/template/${registered.templateId}`,
        TEMPLATE_BY_ID,
      );
      expect(template.body).toMatchObject({ name: 'Rollout strategy' });
      const next = pageBody.parse(
        (
          await confluence('coordinator', 'POST', route`/wiki/api/v2/pages`, PAGES, {
            spaceId: spaceIdOf('ROLL'),
            title: 'Suivante',
          })
        ).body,
      );
      expect(Number(next.id)).toBeGreaterThan(Number(registered.templateId));
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
