/**
 * The Confluence emulator's pages (v2): list, create, read and update with versions, through the
 * REAL `@forge/api`; every answer is checked against Atlassian's specs (test/support/confluence.ts).
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ProductEmulator } from '../../local/products';
import {
  accountIdOf,
  confluence,
  forgeMacro,
  PAGE,
  pageBody,
  pageList,
  PAGES,
  seededConfluence,
  spaceIdIn,
  v2Title,
} from '../support/confluence';

let emulator: ProductEmulator;
const spaceIdOf = (key: string): string => spaceIdIn(emulator, key);

beforeEach(() => {
  emulator = seededConfluence();
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
