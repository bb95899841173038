/**
 * Which projects a user may see and create issues in, the three ways Jira tells it:
 * `GET /project/search` (with `action=create`: one call, names included, the cheapest),
 * `POST /permissions/project` and `GET /mypermissions?projectKey=`. Answers are checked against
 * Atlassian's spec.
 */
import { assumeTrustedRoute, route } from '@forge/api';
import { z } from 'zod';
import type { ProductEmulator } from '../../local/products';
import { DEMO_PROJECT_KEY } from '../../local/seed/jira';
import { jiraAs, personaAccountId, seededJira } from '../support/jira';

const SEARCH = '/rest/api/3/project/search';
const PERMITTED = '/rest/api/3/permissions/project';
const MINE = '/rest/api/3/mypermissions';

let emulator: ProductEmulator;

beforeEach(() => {
  emulator = seededJira();
  // A second project, visible to the admin only, where nobody else may create.
  emulator.jira.projects.createProject({
    key: 'OPS',
    name: 'Opérations internes',
    description: 'Tickets internes.',
    leadAccountId: personaAccountId('admin'),
    issueTypes: ['Task'],
  });
  emulator.jira.permissions.addRoleActor('OPS', 'Viewer', {
    type: 'user',
    accountId: personaAccountId('coordinator'),
  });
});

const pageSchema = z.object({
  self: z.string(),
  nextPage: z.string().optional(),
  startAt: z.number(),
  maxResults: z.number(),
  total: z.number(),
  isLast: z.boolean(),
  values: z.array(z.looseObject({ key: z.string(), name: z.string() })),
});

async function projectKeys(caller: string, query: string): Promise<string[]> {
  // The query string is written by the test itself: `route` would escape its `=` and `&`.
  const path = assumeTrustedRoute(`/rest/api/3/project/search?${query}`);
  const answer = await jiraAs(caller, 'GET', path, SEARCH);
  expect(answer.status).toBe(200);
  return pageSchema.parse(answer.body).values.map((project) => project.key);
}

describe('GET /rest/api/3/project/search', () => {
  it('lists the projects each person may create issues in, or merely view', async () => {
    expect(await projectKeys('coordinator', 'action=create')).toEqual([DEMO_PROJECT_KEY]);
    expect(await projectKeys('coordinator', 'action=view')).toEqual(['OPS', DEMO_PROJECT_KEY]);
    expect(await projectKeys('head-sales', 'action=create')).toEqual([DEMO_PROJECT_KEY]);
    expect(await projectKeys('employee', 'action=create')).toEqual([]);
    expect(await projectKeys('employee', '')).toEqual([DEMO_PROJECT_KEY]);
    expect(await projectKeys('outsider', '')).toEqual([]);
    // The Jira admin views every project (Administer Jira) and edits them.
    expect(await projectKeys('admin', 'action=edit')).toEqual(['OPS', DEMO_PROJECT_KEY]);
    expect(await projectKeys('app', 'action=create')).toEqual(['OPS', DEMO_PROJECT_KEY]);
  });

  it('answers a PageBean with what `expand` asks for', async () => {
    emulator.jira.issues.createIssue({
      projectKey: 'OPS',
      issueType: 'Task',
      summary: 'Un ticket',
    });
    const answer = await jiraAs(
      'admin',
      'GET',
      route`/rest/api/3/project/search?expand=${'description,lead,issueTypes,insight'}&orderBy=${'-name'}`,
      SEARCH,
    );
    const page = pageSchema.parse(answer.body);
    expect(page).toMatchObject({ startAt: 0, maxResults: 50, total: 2, isLast: true });
    expect(page.values.map((project) => project.name)).toEqual([
      'Opérations internes',
      'Company rollouts',
    ]);
    expect(page.values[0]).toMatchObject({
      key: 'OPS',
      description: 'Tickets internes.',
      lead: { accountId: personaAccountId('admin') },
      issueTypes: [{ name: 'Task' }],
      insight: { totalIssueCount: 1 },
      projectTypeKey: 'software',
      style: 'classic',
    });
    const short = await jiraAs('admin', 'GET', route`/rest/api/3/project/search`, SEARCH);
    const first = pageSchema.parse(short.body).values[0] ?? {};
    expect(Object.keys(first)).not.toContain('description');
    expect(Object.keys(first)).not.toContain('lead');
  });

  it('filters by text, keys and type, and pages', async () => {
    expect(await projectKeys('admin', `query=${encodeURIComponent('opé')}`)).toEqual(['OPS']);
    expect(await projectKeys('admin', 'query=roll')).toEqual([DEMO_PROJECT_KEY]);
    expect(await projectKeys('admin', 'keys=roll&keys=NOPE')).toEqual([DEMO_PROJECT_KEY]);
    expect(await projectKeys('admin', 'typeKey=business')).toEqual([]);
    const first = await jiraAs(
      'admin',
      'GET',
      route`/rest/api/3/project/search?maxResults=${1}`,
      SEARCH,
    );
    const page = pageSchema.parse(first.body);
    expect(page).toMatchObject({ total: 2, isLast: false, maxResults: 1 });
    expect(page.nextPage).toBe(
      'http://127.0.0.1/__forge/jira/rest/api/3/project/search?maxResults=1&startAt=1',
    );
    const wrong = await jiraAs(
      'admin',
      'GET',
      route`/rest/api/3/project/search?action=${'delete'}`,
      SEARCH,
    );
    expect(wrong.status).toBe(400);
  });
});

describe('POST /rest/api/3/permissions/project', () => {
  it('answers the projects where the caller holds every listed permission', async () => {
    const ask = (caller: string, permissions: unknown) =>
      jiraAs(caller, 'POST', route`/rest/api/3/permissions/project`, PERMITTED, { permissions });
    const roll = emulator.jira.projects.getProject(DEMO_PROJECT_KEY)?.id;
    expect((await ask('coordinator', ['CREATE_ISSUES'])).body).toEqual({
      projects: [{ id: roll, key: DEMO_PROJECT_KEY }],
    });
    expect((await ask('coordinator', ['BROWSE_PROJECTS'])).body).toEqual({
      projects: [
        { id: emulator.jira.projects.getProject('OPS')?.id, key: 'OPS' },
        { id: roll, key: DEMO_PROJECT_KEY },
      ],
    });
    expect((await ask('head-sales', ['CREATE_ISSUES', 'LINK_ISSUES'])).body).toEqual({
      projects: [],
    });
    const unknown = await ask('coordinator', ['CREATE_ISSUE', 'ADMINISTER']);
    expect(unknown).toMatchObject({
      status: 400,
      body: {
        errors: {
          CREATE_ISSUE: 'Unrecognized project permission',
          ADMINISTER: 'Unrecognized project permission',
        },
      },
    });
  });
});

describe('GET /rest/api/3/mypermissions for one project', () => {
  it('tells whether the caller may create issues in it', async () => {
    const held = async (caller: string, projectKey: string): Promise<boolean | number> => {
      const answer = await jiraAs(
        caller,
        'GET',
        route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${'CREATE_ISSUES'}`,
        MINE,
      );
      if (answer.status !== 200) return answer.status;
      return z
        .object({
          permissions: z.object({ CREATE_ISSUES: z.object({ havePermission: z.boolean() }) }),
        })
        .parse(answer.body).permissions.CREATE_ISSUES.havePermission;
    };
    expect(await held('coordinator', DEMO_PROJECT_KEY)).toBe(true);
    expect(await held('coordinator', 'OPS')).toBe(false);
    expect(await held('employee', DEMO_PROJECT_KEY)).toBe(false);
    expect(await held('outsider', DEMO_PROJECT_KEY)).toBe(404);
  });
});
