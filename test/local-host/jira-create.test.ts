/**
 * Creating issues in the Jira emulator, one at a time and in bulk, with their properties and
 * links, through the REAL `@forge/api`; every answer is checked against Atlassian's spec. Also:
 * finding what was created by property in one search, the faults a push must survive, and the
 * scale a push of 500 sessions needs.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { APP_ACCOUNT_ID, type ProductEmulator } from '../../local/products';
import { DEMO_ISSUE_KEY, DEMO_PROJECT_KEY } from '../../local/seed/jira';
import { jiraAs, personaAccountId, seededJira, type Answer } from '../support/jira';

const CREATE = '/rest/api/3/issue';
const BULK = '/rest/api/3/issue/bulk';
const ISSUE = '/rest/api/3/issue/{issueIdOrKey}';
const LINK = '/rest/api/3/issueLink';
const LINK_BY_ID = '/rest/api/3/issueLink/{linkId}';
const LINK_TYPES = '/rest/api/3/issueLinkType';
const SEARCH = '/rest/api/3/search/jql';
const COUNT = '/rest/api/3/search/approximate-count';
const PROPERTY = 'rollout-coordinator';

let emulator: ProductEmulator;

beforeEach(() => {
  emulator = seededJira();
  // The aliases the app's manifest declares for its entity property.
  const aliases: [string, string][] = [
    ['rolloutId', 'rolloutId'],
    ['planItemId', 'rolloutPlanItem'],
    ['phaseId', 'rolloutPhase'],
    ['departmentId', 'rolloutDepartment'],
    ['kind', 'rolloutWorkKind'],
  ];
  emulator.jira.search.setIndexedPropertyValues(
    aliases.map(([path, searchAlias]) => ({
      propertyKey: PROPERTY,
      path,
      type: 'string' as const,
      searchAlias,
    })),
  );
});

const doc = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** A plan item's issue as the app pushes it: a Task under the anchor epic, tagged and linked. */
function session(n: number, overrides: Record<string, unknown> = {}) {
  return {
    fields: {
      project: { key: DEMO_PROJECT_KEY },
      issuetype: { name: 'Task' },
      summary: `Formation CRM n°${n}`,
      description: doc(`Séance ${n} pour l’équipe Ventes.`),
      duedate: '2026-03-02',
      labels: ['rollout', 'training'],
      parent: { key: DEMO_ISSUE_KEY },
      ...overrides,
    },
    update: {
      issuelinks: [{ add: { type: { name: 'Relates' }, outwardIssue: { key: DEMO_ISSUE_KEY } } }],
    },
    properties: [
      {
        key: PROPERTY,
        value: { rolloutId: 'r-1', planItemId: `item-${n}`, phaseId: 'p-1', kind: 'training' },
      },
    ],
  };
}

const createdSchema = z.object({ id: z.string(), key: z.string(), self: z.string() });
const bulkSchema = z.object({
  issues: z.array(createdSchema),
  errors: z.array(
    z.object({
      status: z.number(),
      elementErrors: z.object({
        errorMessages: z.array(z.string()),
        errors: z.record(z.string(), z.string()),
      }),
      failedElementNumber: z.number().optional(),
    }),
  ),
});
const linkSchema = z.object({
  id: z.string(),
  type: z.object({ name: z.string(), inward: z.string(), outward: z.string() }),
  inwardIssue: z.object({ key: z.string() }).optional(),
  outwardIssue: z.object({ key: z.string() }).optional(),
});
const issueSchema = z.object({
  key: z.string(),
  properties: z.record(z.string(), z.unknown()).optional(),
  fields: z.looseObject({ issuelinks: z.array(linkSchema).optional() }),
});

function bulk(caller: string, issueUpdates: unknown[]): Promise<Answer> {
  return jiraAs(caller, 'POST', route`/rest/api/3/issue/bulk`, BULK, { issueUpdates });
}

async function readIssue(caller: string, key: string, query = '') {
  const answer = await jiraAs(
    caller,
    'GET',
    route`/rest/api/3/issue/${key}?properties=${PROPERTY}${query}`,
    ISSUE,
  );
  expect(answer.status).toBe(200);
  return issueSchema.parse(answer.body);
}

/** Each link of an issue as "<outward|inward> <type> <other key>". */
async function linksOf(caller: string, key: string): Promise<string[]> {
  const issue = await readIssue(caller, key);
  return (issue.fields.issuelinks ?? []).map((link) =>
    link.outwardIssue
      ? `${link.type.outward} ${link.outwardIssue.key}`
      : `${link.type.inward} ${link.inwardIssue?.key ?? '?'}`,
  );
}

describe('POST /rest/api/3/issue', () => {
  it('creates a task under the epic with its fields, property and link', async () => {
    const answer = await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue`,
      CREATE,
      session(1),
    );
    expect(answer.status).toBe(201);
    const created = createdSchema.parse(answer.body);
    expect(created.key).toBe('ROLL-2');
    expect(created.self).toBe(`http://127.0.0.1/__forge/jira/rest/api/3/issue/${created.id}`);

    const issue = await readIssue('head-sales', 'ROLL-2');
    expect(issue.properties).toEqual({
      [PROPERTY]: { rolloutId: 'r-1', planItemId: 'item-1', phaseId: 'p-1', kind: 'training' },
    });
    expect(issue.fields).toMatchObject({
      summary: 'Formation CRM n°1',
      description: doc('Séance 1 pour l’équipe Ventes.'),
      duedate: '2026-03-02',
      labels: ['rollout', 'training'],
      issuetype: { name: 'Task' },
      status: { name: 'To Do' },
      parent: { key: DEMO_ISSUE_KEY },
      reporter: { accountId: personaAccountId('coordinator') },
      assignee: null,
    });
    expect(await linksOf('head-sales', 'ROLL-2')).toEqual([`relates to ${DEMO_ISSUE_KEY}`]);
    expect(await linksOf('head-sales', DEMO_ISSUE_KEY)).toEqual(['relates to ROLL-2']);
  });

  it('creates as the app, which reports the issue itself', async () => {
    const answer = await jiraAs('app', 'POST', route`/rest/api/3/issue`, CREATE, session(1));
    expect(answer.status).toBe(201);
    expect(emulator.jira.issues.getIssue('ROLL-2')?.reporterAccountId).toBe(APP_ACCOUNT_ID);
  });

  it('answers Jira’s field errors, all of them at once, and creates nothing', async () => {
    const missingSummary = await jiraAs('coordinator', 'POST', route`/rest/api/3/issue`, CREATE, {
      fields: { project: { key: 'ROLL' }, issuetype: { name: 'Task' } },
    });
    expect(missingSummary).toMatchObject({
      status: 400,
      body: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } },
    });

    const many = await jiraAs('coordinator', 'POST', route`/rest/api/3/issue`, CREATE, {
      fields: {
        project: { key: 'ROLL' },
        issuetype: { name: 'Bug' },
        summary: 'x'.repeat(256),
        description: 'plain text is not ADF',
        duedate: '2026-02-30',
        labels: ['two words'],
        priority: { name: 'High' },
      },
    });
    expect(many).toMatchObject({
      status: 400,
      body: {
        errorMessages: [],
        errors: {
          issuetype: 'The issue type selected is invalid.',
          summary: 'Summary must be less than 255 characters.',
          description:
            'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
          duedate: 'Error parsing date string: 2026-02-30',
          labels: "The label 'two words' contains spaces which is invalid.",
          priority:
            "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      },
    });

    const badParent = await jiraAs('coordinator', 'POST', route`/rest/api/3/issue`, CREATE, {
      fields: {
        project: { key: 'ROLL' },
        issuetype: { name: 'Epic' },
        summary: 'An epic cannot sit under an epic',
        parent: { key: DEMO_ISSUE_KEY },
      },
    });
    expect(badParent.body).toMatchObject({
      errors: { parent: 'Given parent work item does not belong to appropriate hierarchy.' },
    });
    const orphan = await jiraAs('coordinator', 'POST', route`/rest/api/3/issue`, CREATE, {
      fields: { project: { key: 'ROLL' }, issuetype: { name: 'Sub-task' }, summary: 'Alone' },
    });
    expect(orphan.body).toMatchObject({
      errors: { issuetype: 'Issue type is a sub-task but parent issue key or id not specified.' },
    });
    const badLink = await jiraAs('coordinator', 'POST', route`/rest/api/3/issue`, CREATE, {
      ...session(1),
      update: {
        issuelinks: [{ add: { type: { name: 'Clones' }, outwardIssue: { key: 'ROLL-1' } } }],
      },
    });
    expect(badLink.body).toMatchObject({
      errors: { issuelinks: "No issue link type with name 'Clones' found." },
    });
    const hugeProperty = await jiraAs('coordinator', 'POST', route`/rest/api/3/issue`, CREATE, {
      ...session(1),
      properties: [{ key: PROPERTY, value: { text: 'x'.repeat(40_000) } }],
    });
    expect(hugeProperty.body).toMatchObject({
      errorMessages: ['The property value is too long. The maximum length is 32768 characters.'],
    });
    expect(emulator.jira.issues.countIssues()).toBe(1);
  });

  it('follows project permissions: create, schedule, link', async () => {
    // The employee browses ROLL (Viewer) but may not create.
    const employee = await jiraAs('employee', 'POST', route`/rest/api/3/issue`, CREATE, session(1));
    expect(employee).toMatchObject({
      status: 400,
      body: {
        errors: { project: 'You do not have permission to create issues in this project.' },
      },
    });
    // The outsider cannot even see ROLL: the same answer as for a project that does not exist.
    const outsider = await jiraAs('outsider', 'POST', route`/rest/api/3/issue`, CREATE, session(1));
    expect(outsider).toMatchObject({
      status: 400,
      body: { errors: { project: 'Specify a valid project ID or key' } },
    });
    const nowhere = await jiraAs('coordinator', 'POST', route`/rest/api/3/issue`, CREATE, {
      ...session(1),
      fields: { ...session(1).fields, project: { key: 'NOPE' } },
    });
    expect(nowhere.body).toMatchObject({
      errors: { project: 'Specify a valid project ID or key' },
    });
    // A department head creates, but may neither schedule nor link (their role's permissions).
    const head = await jiraAs('head-sales', 'POST', route`/rest/api/3/issue`, CREATE, session(1));
    expect(head.body).toMatchObject({
      errors: {
        duedate: "Field 'duedate' cannot be set. It is not on the appropriate screen, or unknown.",
        issuelinks: 'You do not have the permission to link issues.',
      },
    });
    const plain = await jiraAs('head-sales', 'POST', route`/rest/api/3/issue`, CREATE, {
      fields: {
        project: { key: 'ROLL' },
        issuetype: { name: 'Task' },
        summary: 'Problème : supports de formation illisibles',
      },
    });
    expect(plain.status).toBe(201);
    const anonymous = await jiraAs(
      { accountId: 'nobody' },
      'POST',
      route`/rest/api/3/issue`,
      CREATE,
      session(1),
    );
    expect(anonymous.status).toBe(401);
    expect(emulator.jira.issues.countIssues()).toBe(2);
  });
});

describe('POST /rest/api/3/issue/bulk', () => {
  it('creates what it can and answers each refusal with its element number', async () => {
    const answer = await bulk('coordinator', [
      session(1),
      session(2, { summary: '' }),
      session(3),
      session(4, { issuetype: { name: 'Story' } }),
    ]);
    expect(answer.status).toBe(201);
    const body = bulkSchema.parse(answer.body);
    expect(body.issues.map((issue) => issue.key)).toEqual(['ROLL-2', 'ROLL-3']);
    expect(body.errors).toEqual([
      {
        status: 400,
        elementErrors: {
          errorMessages: [],
          errors: { summary: 'You must specify a summary of the issue.' },
        },
        failedElementNumber: 1,
      },
      {
        status: 400,
        elementErrors: {
          errorMessages: [],
          errors: { issuetype: 'The issue type selected is invalid.' },
        },
        failedElementNumber: 3,
      },
    ]);
    expect(
      emulator.jira.issues.getIssueProperty(Number(body.issues[1]?.id), PROPERTY),
    ).toMatchObject({
      planItemId: 'item-3',
    });
  });

  it('answers 400 when every element fails, and refuses more than 50 outright', async () => {
    const allBad = await bulk('employee', [session(1), session(2)]);
    expect(allBad.status).toBe(400);
    expect(bulkSchema.parse(allBad.body)).toMatchObject({
      issues: [],
      errors: [{ failedElementNumber: 0 }, { failedElementNumber: 1 }],
    });

    const tooMany = await bulk(
      'coordinator',
      Array.from({ length: 51 }, (_, n) => session(n)),
    );
    expect(tooMany.status).toBe(400);
    expect(bulkSchema.parse(tooMany.body)).toEqual({
      issues: [],
      errors: [
        {
          status: 400,
          elementErrors: {
            errorMessages: ['Bulk create accepts at most 50 issues per request; this one has 51.'],
            errors: {},
          },
        },
      ],
    });
    const none = await bulk('coordinator', []);
    expect(none.status).toBe(400);
    expect(emulator.jira.issues.countIssues()).toBe(1);
  });

  it('lets a fault fail the third call only, or lose the answer of a call that succeeded', async () => {
    emulator.faults.add({
      product: 'jira',
      method: 'POST',
      pathPattern: '^/rest/api/3/issue/bulk$',
      kind: 'status500',
      skip: 2,
      times: 1,
    });
    const statuses: number[] = [];
    for (let call = 0; call < 4; call += 1) {
      statuses.push((await bulk('app', [session(call * 2), session(call * 2 + 1)])).status);
    }
    expect(statuses).toEqual([201, 201, 500, 201]);
    expect(emulator.jira.issues.countIssues()).toBe(1 + 6);

    emulator.faults.add({
      pathPattern: '^/rest/api/3/issue/bulk$',
      kind: 'status500',
      afterHandling: true,
      times: 1,
    });
    const lost = await bulk('app', [session(100), session(101)]);
    expect(lost).toMatchObject({ status: 500, body: { errorMessages: ['Internal server error'] } });
    // The issues exist although the caller was told otherwise: a retry must look before it creates.
    expect(emulator.jira.issues.countIssues()).toBe(1 + 8);
    expect(emulator.faults.list()).toEqual([]);
  });
});

describe('issue links', () => {
  it('lists the link types, Relates and Blocks among them', async () => {
    const answer = await jiraAs('employee', 'GET', route`/rest/api/3/issueLinkType`, LINK_TYPES);
    expect(answer.status).toBe(200);
    const types = z
      .object({ issueLinkTypes: z.array(z.object({ name: z.string(), outward: z.string() })) })
      .parse(answer.body).issueLinkTypes;
    expect(types.map((type) => `${type.name}: ${type.outward}`)).toEqual([
      'Blocks: blocks',
      'Cloners: clones',
      'Duplicate: duplicates',
      'Relates: relates to',
    ]);
  });

  it('links two issues once, in Jira’s direction, and shows the link on both', async () => {
    await bulk('coordinator', [session(1), session(2)]);
    const request = {
      type: { name: 'Blocks' },
      inwardIssue: { key: 'ROLL-2' },
      outwardIssue: { key: 'ROLL-3' },
    };
    const first = await jiraAs('coordinator', 'POST', route`/rest/api/3/issueLink`, LINK, request);
    expect(first.status).toBe(201);
    const again = await jiraAs('coordinator', 'POST', route`/rest/api/3/issueLink`, LINK, request);
    expect(again.status).toBe(201);

    expect(await linksOf('coordinator', 'ROLL-2')).toEqual(['relates to ROLL-1', 'blocks ROLL-3']);
    expect(await linksOf('coordinator', 'ROLL-3')).toEqual([
      'relates to ROLL-1',
      'is blocked by ROLL-2',
    ]);

    const issue = await readIssue('coordinator', 'ROLL-3');
    const linkId = issue.fields.issuelinks?.[1]?.id ?? '';
    const byId = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/issueLink/${linkId}`,
      LINK_BY_ID,
    );
    expect(byId).toMatchObject({
      status: 200,
      body: {
        type: { name: 'Blocks' },
        inwardIssue: { key: 'ROLL-2' },
        outwardIssue: { key: 'ROLL-3' },
      },
    });
  });

  it('refuses with 404 unless the caller may browse both and link, and hides hidden ends', async () => {
    emulator.jira.projects.createProject({ key: 'OPS', name: 'Operations', issueTypes: ['Task'] });
    emulator.jira.permissions.addRoleActor('OPS', 'Member', {
      type: 'user',
      accountId: personaAccountId('admin'),
    });
    const hidden = emulator.jira.issues.createIssue({
      projectKey: 'OPS',
      issueType: 'Task',
      summary: 'Internal',
    });
    const link = (caller: string) =>
      jiraAs(caller, 'POST', route`/rest/api/3/issueLink`, LINK, {
        type: { name: 'Relates' },
        inwardIssue: { key: DEMO_ISSUE_KEY },
        outwardIssue: { key: hidden.key },
      });
    expect((await link('coordinator')).status).toBe(404);
    expect((await link('employee')).status).toBe(404);
    expect((await link('admin')).status).toBe(201);
    // The coordinator does not see a link to an issue they cannot browse; the admin does.
    expect(await linksOf('coordinator', DEMO_ISSUE_KEY)).toEqual([]);
    expect(await linksOf('admin', DEMO_ISSUE_KEY)).toEqual([`relates to ${hidden.key}`]);
  });
});

describe('finding what was pushed', () => {
  it('returns the listed issue properties with each search result', async () => {
    await bulk('app', [session(1), session(2), session(3)]);
    emulator.resetStats();
    const answer = await jiraAs('app', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
      jql: 'rolloutId = "r-1" ORDER BY key',
      fields: ['key'],
      properties: [PROPERTY],
      maxResults: 100,
    });
    expect(answer.status).toBe(200);
    const page = z
      .object({
        issues: z.array(
          z.object({ key: z.string(), properties: z.record(z.string(), z.unknown()) }),
        ),
      })
      .parse(answer.body);
    expect(
      page.issues.map((issue) => [
        issue.key,
        (issue.properties[PROPERTY] as { planItemId: string }).planItemId,
      ]),
    ).toEqual([
      ['ROLL-2', 'item-1'],
      ['ROLL-3', 'item-2'],
      ['ROLL-4', 'item-3'],
    ]);
    expect(emulator.stats.calls).toBe(1);
  });
});

describe('scale', () => {
  // How fast these are: bench/emulators.ts.
  it('bulk-creates 500 issues in 10 calls', async () => {
    for (let call = 0; call < 10; call += 1) {
      const answer = await bulk(
        'app',
        Array.from({ length: 50 }, (_, n) => session(call * 50 + n)),
      );
      expect(answer.status).toBe(201);
    }
    expect(emulator.jira.issues.countIssues()).toBe(501);
    expect(await linksOf('app', 'ROLL-501')).toEqual(['relates to ROLL-1']);
  });

  it('counts work per phase over 10,000 issues with one SQL count, loading no issue', async () => {
    const jira = emulator.jira;
    jira.transaction(() => {
      for (let n = 0; n < 10_000; n += 1) {
        const issue = jira.issues.createIssue({
          projectKey: DEMO_PROJECT_KEY,
          issueType: 'Task',
          summary: `Séance ${n}`,
          status: n % 5 === 0 ? 'Done' : 'To Do',
          parentKey: DEMO_ISSUE_KEY,
        });
        jira.issues.setIssueProperty(issue.id, PROPERTY, {
          rolloutId: 'r-big',
          phaseId: `p-${n % 4}`,
          kind: 'training',
        });
      }
    });
    const getIssue = jest.spyOn(jira.issues, 'getIssue');
    const count = async (jql: string): Promise<number> => {
      const answer = await jiraAs(
        'coordinator',
        'POST',
        route`/rest/api/3/search/approximate-count`,
        COUNT,
        { jql },
      );
      return z.object({ count: z.number() }).parse(answer.body).count;
    };
    expect(
      await count('rolloutId = "r-big" AND rolloutPhase = "p-0" AND statusCategory = Done'),
    ).toBe(500);
    expect(
      await count('rolloutId = "r-big" AND rolloutPhase = "p-0" AND statusCategory != Done'),
    ).toBe(2000);
    expect(getIssue).not.toHaveBeenCalled();
  });
});
