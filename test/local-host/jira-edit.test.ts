/**
 * Changing issues in the Jira emulator through the REAL `@forge/api`, every answer checked
 * against Atlassian's spec: editing an issue (parent under Jira's hierarchy rules, labels,
 * assignee, due date), assigning an issue, removing an issue link, and finding an epic's children and labelled
 * issues by JQL.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ProductEmulator } from '../../local/products';
import { DEMO_ISSUE_KEY, DEMO_PROJECT_KEY } from '../../local/seed/jira';
import { jiraAs, personaAccountId, seededJira } from '../support/jira';

const ISSUE = '/rest/api/3/issue/{issueIdOrKey}';
const LINK_BY_ID = '/rest/api/3/issueLink/{linkId}';
const SEARCH = '/rest/api/3/search/jql';

let emulator: ProductEmulator;

beforeEach(() => {
  emulator = seededJira();
});

function task(summary: string, projectKey = DEMO_PROJECT_KEY, issueType = 'Task'): string {
  return emulator.jira.issues.createIssue({ projectKey, issueType, summary }).key;
}

function edit(caller: string, key: string, body: unknown) {
  return jiraAs(caller, 'PUT', route`/rest/api/3/issue/${key}?notifyUsers=false`, ISSUE, body);
}

const fieldsSchema = z.looseObject({
  parent: z.object({ key: z.string() }).optional(),
  labels: z.array(z.string()),
  duedate: z.string().nullable(),
  assignee: z.object({ accountId: z.string() }).nullable(),
});

async function fieldsOf(key: string) {
  const answer = await jiraAs('coordinator', 'GET', route`/rest/api/3/issue/${key}`, ISSUE);
  expect(answer.status).toBe(200);
  return fieldsSchema.parse((answer.body as { fields: unknown }).fields);
}

async function search(jql: string, fields: string[] = ['summary']): Promise<string[]> {
  const answer = await jiraAs('coordinator', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
    jql,
    fields,
    maxResults: 100,
  });
  expect(answer.status).toBe(200);
  return (answer.body as { issues: { key: string }[] }).issues.map((issue) => issue.key).sort();
}

describe('PUT /rest/api/3/issue/{issueIdOrKey}', () => {
  it('puts a task under the epic, lists it among the epic’s children, and takes it out again', async () => {
    const key = task('Formation CRM');
    expect((await fieldsOf(key)).parent).toBeUndefined();
    expect(await edit('coordinator', key, { fields: { parent: { key: DEMO_ISSUE_KEY } } })).toEqual(
      expect.objectContaining({ status: 204, body: undefined }),
    );
    expect((await fieldsOf(key)).parent).toMatchObject({ key: DEMO_ISSUE_KEY });
    expect(await search(`parent = ${DEMO_ISSUE_KEY}`)).toEqual([key]);
    expect(await search(`parent in (${DEMO_ISSUE_KEY}) AND project = ROLL`)).toEqual([key]);

    const removed = await edit('coordinator', key, {
      update: { parent: [{ set: { none: true } }] },
    });
    expect(removed.status).toBe(204);
    expect((await fieldsOf(key)).parent).toBeUndefined();
    expect(await search(`parent = ${DEMO_ISSUE_KEY}`)).toEqual([]);
  });

  it('refuses a parent Jira’s hierarchy refuses, with Jira’s message, and changes nothing', async () => {
    const key = task('Formation CRM');
    const other = task('Another task');
    const epic = task('Another epic', DEMO_PROJECT_KEY, 'Epic');
    for (const [child, parent] of [
      [key, other],
      [epic, DEMO_ISSUE_KEY],
      [key, 'ROLL-999'],
      [key, key],
    ] as const) {
      const answer = await edit('coordinator', child, { fields: { parent: { key: parent } } });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        errors: {
          parent: expect.stringMatching(
            /^(Given parent work item does not belong to appropriate hierarchy\.|Could not find issue by id or key\.)$/u,
          ) as unknown,
        },
      });
    }
    expect((await fieldsOf(key)).parent).toBeUndefined();
    expect((await fieldsOf(epic)).parent).toBeUndefined();
  });

  it('keeps a team-managed project’s hierarchy inside it; a company-managed epic takes other company projects’ work', async () => {
    for (const [key, style] of [
      ['TEAM', 'next-gen'],
      ['OPS', 'classic'],
    ] as const) {
      emulator.jira.projects.createProject({ key, name: key, style, issueTypes: ['Epic', 'Task'] });
      emulator.jira.permissions.addRoleActor(key, 'Member', {
        type: 'user',
        accountId: personaAccountId('coordinator'),
      });
    }
    const teamEpic = task('Team epic', 'TEAM', 'Epic');
    const teamTask = task('Team task', 'TEAM');
    const opsTask = task('Ops task', 'OPS');
    const hierarchy = {
      status: 400,
      body: {
        errors: { parent: 'Given parent work item does not belong to appropriate hierarchy.' },
      },
    };
    expect(
      await edit('coordinator', opsTask, { fields: { parent: { key: teamEpic } } }),
    ).toMatchObject(hierarchy);
    expect(
      await edit('coordinator', teamTask, { fields: { parent: { key: DEMO_ISSUE_KEY } } }),
    ).toMatchObject(hierarchy);
    expect(
      (await edit('coordinator', teamTask, { fields: { parent: { key: teamEpic } } })).status,
    ).toBe(204);
    expect(
      (await edit('coordinator', opsTask, { fields: { parent: { key: DEMO_ISSUE_KEY } } })).status,
    ).toBe(204);
  });

  it('adds and removes labels one at a time, keeping the others, and JQL finds them by label', async () => {
    const key = task('Formation CRM');
    const other = task('Autre tâche');
    await edit('coordinator', other, { fields: { labels: ['crm'] } });
    expect(
      (
        await edit('coordinator', key, {
          update: { labels: [{ add: 'rollout-roll-1' }, { add: 'phase-pilot' }, { add: 'crm' }] },
        })
      ).status,
    ).toBe(204);
    await edit('coordinator', key, { update: { labels: [{ remove: 'crm' }] } });
    expect((await fieldsOf(key)).labels).toEqual(['rollout-roll-1', 'phase-pilot']);
    expect(await search('labels = rollout-roll-1')).toEqual([key]);
    expect(await search('labels in (crm, phase-pilot)')).toEqual([key, other].sort());
    expect(await search('project = ROLL AND labels != crm')).toEqual([key]);
    const refused = await edit('coordinator', key, { update: { labels: [{ add: 'two words' }] } });
    expect(refused).toMatchObject({
      status: 400,
      body: { errors: { labels: "The label 'two words' contains spaces which is invalid." } },
    });
  });

  it('sets the due date and the assignee, which the issue then shows', async () => {
    const key = task('Formation CRM');
    const answer = await edit('coordinator', key, {
      fields: {
        duedate: '2031-03-02',
        assignee: { accountId: personaAccountId('coordinator') },
      },
    });
    expect(answer.status).toBe(204);
    expect(await fieldsOf(key)).toMatchObject({
      duedate: '2031-03-02',
      assignee: { accountId: personaAccountId('coordinator') },
    });
    const outsider = await edit('coordinator', key, {
      fields: { assignee: { accountId: personaAccountId('outsider') } },
    });
    expect(outsider.status).toBe(400);
    const cleared = await edit('coordinator', key, { fields: { duedate: null, assignee: null } });
    expect(cleared.status).toBe(204);
    expect(await fieldsOf(key)).toMatchObject({ duedate: null, assignee: null });
  });

  it('answers 403 to whoever may browse but not edit, 404 to whoever may not browse', async () => {
    const key = task('Formation CRM');
    const viewer = await edit('employee', key, { fields: { labels: ['x'] } });
    expect(viewer.status).toBe(403);
    const outsider = await edit('outsider', key, { fields: { labels: ['x'] } });
    expect(outsider.status).toBe(404);
    expect((await fieldsOf(key)).labels).toEqual([]);
  });
});

describe('PUT /rest/api/3/issue/{issueIdOrKey}/assignee', () => {
  const ASSIGNEE = '/rest/api/3/issue/{issueIdOrKey}/assignee';
  function assign(caller: string, key: string, body: unknown) {
    return jiraAs(caller, 'PUT', route`/rest/api/3/issue/${key}/assignee`, ASSIGNEE, body);
  }

  it('assigns an assignable user, refuses one who is not, and unassigns with null', async () => {
    const key = task('Formation CRM');
    const head = personaAccountId('head-support');
    expect(await assign('coordinator', key, { accountId: head })).toEqual(
      expect.objectContaining({ status: 204, body: undefined }),
    );
    expect((await fieldsOf(key)).assignee).toMatchObject({ accountId: head });
    const outsider = await assign('coordinator', key, { accountId: personaAccountId('outsider') });
    expect(outsider.status).toBe(400);
    expect((await fieldsOf(key)).assignee).toMatchObject({ accountId: head });
    expect((await assign('coordinator', key, {})).status).toBe(400);
    expect((await assign('coordinator', key, { accountId: null })).status).toBe(204);
    expect((await fieldsOf(key)).assignee).toBeNull();
  });

  it('answers 403 to whoever may browse but not assign, 404 to whoever may not browse', async () => {
    const key = task('Formation CRM');
    const head = personaAccountId('head-support');
    expect((await assign('employee', key, { accountId: head })).status).toBe(403);
    expect((await assign('outsider', key, { accountId: head })).status).toBe(404);
    expect((await fieldsOf(key)).assignee).toBeNull();
  });
});

describe('DELETE /rest/api/3/issueLink/{linkId}', () => {
  it('removes a link once; a second removal is Jira’s 404', async () => {
    const key = task('Formation CRM');
    const relates = emulator.jira.links.getIssueLinkType('Relates');
    const source = emulator.jira.issues.getIssue(key);
    const anchor = emulator.jira.issues.getIssue(DEMO_ISSUE_KEY);
    if (!relates || !source || !anchor) throw new Error('seed changed');
    const link = emulator.jira.links.linkIssues(relates.id, source.id, anchor.id);

    const hidden = await jiraAs(
      'outsider',
      'DELETE',
      route`/rest/api/3/issueLink/${String(link.id)}`,
      LINK_BY_ID,
    );
    expect(hidden.status).toBe(404);
    const removed = await jiraAs(
      'coordinator',
      'DELETE',
      route`/rest/api/3/issueLink/${String(link.id)}`,
      LINK_BY_ID,
    );
    expect(removed.status).toBe(204);
    expect(emulator.jira.links.issueLinksOf(source.id)).toEqual([]);
    const again = await jiraAs(
      'coordinator',
      'DELETE',
      route`/rest/api/3/issueLink/${String(link.id)}`,
      LINK_BY_ID,
    );
    expect(again.status).toBe(404);
  });
});

describe('a search for the app’s relations', () => {
  it('answers each issue’s parent, type level and links in the fields asked for', async () => {
    const key = task('Formation CRM');
    await edit('coordinator', key, { fields: { parent: { key: DEMO_ISSUE_KEY } } });
    const answer = await jiraAs('app', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
      jql: `parent = ${DEMO_ISSUE_KEY}`,
      fields: ['parent', 'issuetype', 'issuelinks'],
    });
    expect(answer.status).toBe(200);
    expect((answer.body as { issues: unknown[] }).issues).toEqual([
      expect.objectContaining({
        key,
        fields: {
          parent: expect.objectContaining({ key: DEMO_ISSUE_KEY }) as unknown,
          issuetype: expect.objectContaining({ name: 'Task', hierarchyLevel: 0 }) as unknown,
          issuelinks: [],
        },
      }),
    ]);
  });
});
