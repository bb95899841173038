/**
 * The emulator's JQL subset: `/search/jql` with token paging and `/search/approximate-count`,
 * through the REAL `@forge/api`, answers checked against Atlassian's spec; permissions, the
 * entity-property aliases of the app's manifest, refusals of what it does not support, and
 * 10,000 issues counted without loading them.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ProductEmulator } from '../../local/products';
import { DEMO_ISSUE_KEY, DEMO_PROJECT_KEY } from '../../local/seed/jira';
import { jiraAs, seededJira, type Caller } from '../support/jira';
import { allIssueIds } from '../support/scale';

const SEARCH = '/rest/api/3/search/jql';
const COUNT = '/rest/api/3/search/approximate-count';

let emulator: ProductEmulator;

const pageSchema = z.object({
  issues: z.array(
    z.object({
      id: z.string(),
      key: z.string().optional(),
      fields: z.record(z.string(), z.unknown()).optional(),
      properties: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  nextPageToken: z.string().optional(),
  isLast: z.boolean(),
});

/** Demo data: ROLL-1 (Epic, To Do) anchors rollout r-1; tasks ROLL-2..6 belong to it. */
function seedRollout(): void {
  const jira = emulator.jira;
  jira.search.setIndexedPropertyValues([
    {
      propertyKey: 'rollout-coordinator',
      path: 'rolloutId',
      type: 'string',
      searchAlias: 'rolloutId',
    },
    {
      propertyKey: 'rollout-coordinator',
      path: 'approvalState',
      type: 'string',
      searchAlias: 'rolloutApprovalState',
    },
    {
      propertyKey: 'rollout-coordinator',
      path: 'week',
      type: 'number',
      searchAlias: 'rolloutWeek',
    },
  ]);
  const anchor = jira.issues.getIssue(DEMO_ISSUE_KEY);
  if (!anchor) throw new Error('no ROLL-1');
  jira.issues.setIssueProperty(anchor.id, 'rollout-coordinator', {
    rolloutId: 'r-1',
    approvalState: 'awaiting-approval',
  });
  const statuses = ['To Do', 'In Progress', 'Done', 'Done', 'To Do'];
  statuses.forEach((status, n) => {
    const task = jira.issues.createIssue({
      projectKey: DEMO_PROJECT_KEY,
      issueType: 'Task',
      summary: `Training session ${n + 1}`,
      status,
      parentKey: DEMO_ISSUE_KEY,
      created: new Date(Date.UTC(2026, 0, 10 + n)),
    });
    jira.issues.setIssueProperty(task.id, 'rollout-coordinator', {
      rolloutId: n < 4 ? 'r-1' : 'r-2',
      kind: 'task',
      week: n + 1,
      tags: n === 0 ? ['training', 'sales'] : ['training'],
    });
  });
}

beforeEach(() => {
  emulator = seededJira();
  seedRollout();
});

async function keys(
  caller: Caller,
  jql: string,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const answer = await jiraAs(caller, 'POST', route`/rest/api/3/search/jql`, SEARCH, {
    jql,
    fields: ['key'],
    maxResults: 100,
    ...extra,
  });
  if (answer.status !== 200) throw new Error(`${jql}: ${JSON.stringify(answer.body)}`);
  return pageSchema.parse(answer.body).issues.map((issue) => issue.key ?? '?');
}

async function count(caller: Caller, jql: string): Promise<number> {
  const answer = await jiraAs(caller, 'POST', route`/rest/api/3/search/approximate-count`, COUNT, {
    jql,
  });
  if (answer.status !== 200) throw new Error(`${jql}: ${JSON.stringify(answer.body)}`);
  return z.object({ count: z.number() }).parse(answer.body).count;
}

describe('the JQL subset', () => {
  it('filters by project, issue type, status, status category and parent, joined with AND', async () => {
    const cases: [string, string[]][] = [
      [
        'project = ROLL ORDER BY key ASC',
        ['ROLL-1', 'ROLL-2', 'ROLL-3', 'ROLL-4', 'ROLL-5', 'ROLL-6'],
      ],
      ['project = roll AND issuetype = Epic', ['ROLL-1']],
      ['project = ROLL AND type != Epic AND status = "To Do" ORDER BY key', ['ROLL-2', 'ROLL-6']],
      ['parent = ROLL-1 AND statusCategory = Done ORDER BY key', ['ROLL-4', 'ROLL-5']],
      [
        'parent = ROLL-1 AND statusCategory IN ("In Progress", done) ORDER BY key DESC',
        ['ROLL-5', 'ROLL-4', 'ROLL-3'],
      ],
      ['project = "Company rollouts" AND status NOT IN ("To Do", Done)', ['ROLL-3']],
      ['key IN (ROLL-2, ROLL-4) ORDER BY key', ['ROLL-2', 'ROLL-4']],
    ];
    for (const [jql, expected] of cases)
      expect([jql, await keys('coordinator', jql)]).toEqual([jql, expected]);
  });

  it('orders newest first by default', async () => {
    expect(await keys('coordinator', 'parent = ROLL-1')).toEqual([
      'ROLL-6',
      'ROLL-5',
      'ROLL-4',
      'ROLL-3',
      'ROLL-2',
    ]);
  });

  it("searches entity properties by path and by the manifest's aliases", async () => {
    const cases: [string, string[]][] = [
      [
        'issue.property[rollout-coordinator].rolloutId = r-1 ORDER BY key',
        ['ROLL-1', 'ROLL-2', 'ROLL-3', 'ROLL-4', 'ROLL-5'],
      ],
      [
        'rolloutId = "r-1" AND issuetype = Task ORDER BY key',
        ['ROLL-2', 'ROLL-3', 'ROLL-4', 'ROLL-5'],
      ],
      ['rolloutId != r-1', ['ROLL-6']],
      ['rolloutApprovalState IN (approved, "awaiting-approval")', ['ROLL-1']],
      ['issue.property[rollout-coordinator].kind = task AND rolloutId = r-2', ['ROLL-6']],
      ['issue.property["rollout-coordinator"].tags = sales', ['ROLL-2']],
      ['rolloutWeek IN (2, 3) ORDER BY key', ['ROLL-3', 'ROLL-4']],
      ['rolloutId = unknown', []],
    ];
    for (const [jql, expected] of cases)
      expect([jql, await keys('coordinator', jql)]).toEqual([jql, expected]);
    const bad = await jiraAs('coordinator', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
      jql: 'rolloutWeek = two',
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { errorMessages: ["The value 'two' is not a valid number for 'rolloutWeek'."] },
    });
  });

  it('answers the requested fields and properties, checked against the spec', async () => {
    const answer = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/search/jql?jql=${'key = ROLL-3'}&fields=${'summary,status'}&properties=${'rollout-coordinator'}`,
      SEARCH,
    );
    const page = pageSchema.parse(answer.body);
    expect(page.isLast).toBe(true);
    expect(page.issues[0]).toMatchObject({
      key: 'ROLL-3',
      fields: { summary: 'Training session 2', status: { name: 'In Progress' } },
      properties: { 'rollout-coordinator': { rolloutId: 'r-1', week: 2 } },
    });
    expect(Object.keys(page.issues[0]?.fields ?? {}).sort()).toEqual(['status', 'summary']);
    const idsOnly = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/search/jql?jql=${'key = ROLL-3'}`,
      SEARCH,
    );
    expect(pageSchema.parse(idsOnly.body).issues).toEqual([
      { id: String(emulator.jira.issues.getIssue('ROLL-3')?.id) },
    ]);
  });

  it('shows only issues the caller may browse', async () => {
    expect(await keys('outsider', 'rolloutId = r-1')).toEqual([]);
    expect(await count('outsider', 'rolloutId = r-1')).toBe(0);
    const project = await jiraAs('outsider', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
      jql: 'project = ROLL',
    });
    expect(project).toMatchObject({
      status: 400,
      body: {
        errorMessages: ["The value 'ROLL' does not exist for the field 'project'."],
        errors: {},
      },
    });
    expect(await count('app', 'rolloutId = r-1')).toBe(5);
  });

  it('refuses what it does not support, naming it, with Jira’s error body', async () => {
    const refusals: [string, RegExp][] = [
      ['project = ROLL OR project = OPS', /does not support OR/u],
      ['assignee = camille', /does not support the field 'assignee'/u],
      ['project = ROLL AND summary = CRM', /does not support the field 'summary'/u],
      ['project = ROLL AND status ~ Done', /does not support the operator '~'/u],
      ['parent IN linkedIssues(ROLL-1)', /does not support functions/u],
      ['parent is EMPTY', /does not support the operator 'IS'/u],
      ['ORDER BY key DESC', /Unbounded JQL queries are not allowed/u],
      ['', /Unbounded JQL queries are not allowed/u],
      ['project = NOPE', /The value 'NOPE' does not exist for the field 'project'/u],
      ['status = Blocked', /The value 'Blocked' does not exist for the field 'status'/u],
      ['project = ROLL ORDER BY priority', /does not support ordering by 'priority'/u],
      ['project = "ROLL', /is not closed/u],
    ];
    for (const [jql, message] of refusals) {
      const answer = await jiraAs('coordinator', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
        jql,
      });
      expect([jql, answer.status]).toEqual([jql, 400]);
      const body = z
        .object({ errorMessages: z.array(z.string()), errors: z.object({}) })
        .parse(answer.body);
      expect(body.errorMessages[0]).toMatch(message);
      const counted = await jiraAs(
        'coordinator',
        'POST',
        route`/rest/api/3/search/approximate-count`,
        COUNT,
        {
          jql,
        },
      );
      expect(counted.status).toBe(400);
    }
  });

  it('pages with nextPageToken and refuses a token of another query', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const answer = await jiraAs('coordinator', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
        jql: 'project = ROLL ORDER BY key',
        fields: ['key'],
        maxResults: 4,
        ...(token ? { nextPageToken: token } : {}),
      });
      const page = pageSchema.parse(answer.body);
      seen.push(...page.issues.map((issue) => issue.key ?? '?'));
      token = page.nextPageToken;
      expect(page.isLast).toBe(token === undefined);
      pages += 1;
    } while (token);
    expect(pages).toBe(2);
    expect(seen).toEqual(['ROLL-1', 'ROLL-2', 'ROLL-3', 'ROLL-4', 'ROLL-5', 'ROLL-6']);

    const first = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/search/jql?jql=${'project = ROLL'}&maxResults=${2}`,
      SEARCH,
    );
    const otherToken = pageSchema.parse(first.body).nextPageToken ?? '';
    const misuse = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/search/jql?jql=${'parent = ROLL-1'}&nextPageToken=${otherToken}`,
      SEARCH,
    );
    expect(misuse.status).toBe(400);
  });

  it('sees on the next page what changed since the last one (its matching ids are kept between pages)', async () => {
    const page = async (jql: string, token?: string) =>
      pageSchema.parse(
        (
          await jiraAs('coordinator', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
            jql,
            fields: ['key'],
            maxResults: 2,
            ...(token ? { nextPageToken: token } : {}),
          })
        ).body,
      );
    const jql = 'rolloutId = r-1 ORDER BY key';
    const first = await page(jql);
    expect(first.issues.map((issue) => issue.key)).toEqual(['ROLL-1', 'ROLL-2']);
    // The same page twice, nothing changed: the same answer.
    expect((await page(jql)).issues.map((issue) => issue.key)).toEqual(['ROLL-1', 'ROLL-2']);

    // ROLL-3 leaves the rollout (a property change), ROLL-6 joins it: the next page sees both.
    const jira = emulator.jira;
    const third = jira.issues.getIssue('ROLL-3');
    const sixth = jira.issues.getIssue('ROLL-6');
    if (!third || !sixth) throw new Error('no ROLL-3 or ROLL-6');
    jira.issues.setIssueProperty(third.id, 'rollout-coordinator', { rolloutId: 'r-2' });
    jira.issues.setIssueProperty(sixth.id, 'rollout-coordinator', { rolloutId: 'r-1' });
    const second = await page(jql, first.nextPageToken);
    expect(second.issues.map((issue) => issue.key)).toEqual(['ROLL-4', 'ROLL-5']);
    const last = await page(jql, second.nextPageToken);
    expect(last.issues.map((issue) => issue.key)).toEqual(['ROLL-6']);
    expect(last.isLast).toBe(true);

    // A deleted issue is gone from the same search, asked again.
    const fourth = jira.issues.getIssue('ROLL-4');
    if (!fourth) throw new Error('no ROLL-4');
    jira.issues.deleteIssue(fourth.id);
    expect(await keys('coordinator', jql)).toEqual(['ROLL-1', 'ROLL-2', 'ROLL-5', 'ROLL-6']);
  });

  it('answers 410 on the retired /search', async () => {
    const retired = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/search?jql=${'project = ROLL'}`,
      null,
    );
    expect(retired.status).toBe(410);
  });
});

describe('scale', () => {
  it('counts 10,000 issues by entity property and pages them 5,000 ids at a time', async () => {
    emulator.jira.transaction(() => {
      for (let n = 0; n < 10_000; n += 1) {
        const issue = emulator.jira.issues.createIssue({
          projectKey: DEMO_PROJECT_KEY,
          issueType: 'Task',
          summary: `Tâche ${n}`,
          status: n % 4 === 0 ? 'Done' : 'To Do',
          parentKey: DEMO_ISSUE_KEY,
        });
        emulator.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', {
          rolloutId: n % 2 === 0 ? 'r-big' : 'r-other',
          kind: 'task',
        });
      }
    });

    // How fast these counts and pages are: bench/emulators.ts.
    expect(await count('coordinator', 'rolloutId = r-big')).toBe(5000);
    expect(await count('coordinator', 'rolloutId = r-big AND statusCategory = Done')).toBe(2500);
    expect(await count('coordinator', 'project = ROLL AND issuetype = Task')).toBe(10_005);

    emulator.resetStats();
    const ids = await allIssueIds('parent = ROLL-1');
    expect(ids.size).toBe(10_005);
    expect(emulator.stats.byRoute['POST /rest/api/3/search/jql']).toBe(3);

    const withFields = await jiraAs('app', 'POST', route`/rest/api/3/search/jql`, SEARCH, {
      jql: 'parent = ROLL-1',
      fields: ['summary'],
      maxResults: 1000,
    });
    expect(pageSchema.parse(withFields.body).issues).toHaveLength(100);
  });
});
