/**
 * The Confluence emulator's spaces (v2), and who administers what (a space's admins, Confluence
 * administrators), through the REAL `@forge/api`; every answer is checked against Atlassian's
 * specs (test/support/confluence.ts).
 */
import { assumeTrustedRoute, route } from '@forge/api';
import { z } from 'zod';
import type { ProductEmulator } from '../../local/products';
import { PEOPLE_SPACE_KEY, ROLLOUT_SPACE_KEY } from '../../local/seed/confluence';
import {
  accountIdOf,
  confluence,
  CURRENT_USER,
  has,
  operationsBody,
  seededConfluence,
  SPACE,
  SPACE_OPERATIONS,
  spaceIdIn,
  spaceList,
  SPACES,
  v1Message,
  v2Title,
} from '../support/confluence';

let emulator: ProductEmulator;
const spaceIdOf = (key: string): string => spaceIdIn(emulator, key);

beforeEach(() => {
  emulator = seededConfluence();
});

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
