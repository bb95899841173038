/**
 * The Confluence emulator as a whole, through the REAL `@forge/api`: faults in Confluence's
 * error shape, call counts per templated route, and a file-backed site that keeps its spaces,
 * pages, versions and templates across re-opening. Each resource has its contract tests:
 * confluence-spaces, confluence-pages, confluence-templates; the storage format and its
 * rendering: confluence-render.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { route } from '@forge/api';
import { ProductEmulator } from '../../local/products';
import { seedConfluence } from '../../local/seed/confluence';
import { PERSONAS } from '../../local/seed/jira';
import { installProducts as install } from '../support/jira';
import {
  confluence,
  PAGE,
  pageBody,
  PAGES,
  seededConfluence,
  SPACE,
  spaceIdIn,
  spaceList,
  SPACES,
  TEMPLATE,
  TEMPLATE_BY_ID,
  templateBody,
  v2ErrorBody,
  v2Title,
} from '../support/confluence';

let emulator: ProductEmulator;
const spaceIdOf = (key: string): string => spaceIdIn(emulator, key);

beforeEach(() => {
  emulator = seededConfluence();
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
