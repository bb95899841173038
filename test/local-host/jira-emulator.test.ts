/**
 * Contract tests of the Jira emulator, driven through the REAL `@forge/api` (`asUser()`,
 * `asApp()`, `route`): what these tests receive is what the app's backend receives. Every JSON
 * answer is checked against the operation's response schema in Atlassian's OpenAPI spec.
 * Users and permissions: jira-users-permissions.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import api, { route } from '@forge/api';
import { z } from 'zod';
import { runInvocation } from '../../local/runtime';
import { APP_ACCOUNT_ID, ProductEmulator } from '../../local/products';
import { assertMatchesSpec } from '../../local/products/schema-check';
import { DEMO_ISSUE_KEY, DEMO_PROJECT_KEY, seedJira } from '../../local/seed/jira';
import {
  installProducts,
  jiraAs,
  personaAccountId,
  seededJira,
  type Answer,
  type Caller,
  type Route,
} from '../support/jira';

let emulator: ProductEmulator;

const accountIdOf = personaAccountId;
const install = installProducts;
const jira = jiraAs;

beforeEach(() => {
  emulator = seededJira();
});

const get = (caller: Caller, path: Route, template: string | null): Promise<Answer> =>
  jira(caller, 'GET', path, template);

describe('GET /rest/api/3/myself', () => {
  const template = '/rest/api/3/myself';

  it('answers the acting persona, email and Jira-style locale included', async () => {
    const coordinator = await get('coordinator', route`/rest/api/3/myself`, template);
    expect(coordinator.status).toBe(200);
    expect(coordinator.body).toMatchObject({
      accountId: 'rc-demo-coordinator',
      accountType: 'atlassian',
      active: true,
      displayName: 'Camille Martin',
      emailAddress: 'camille.martin@example.com',
      locale: 'en_US',
      timeZone: 'Europe/Paris',
      self: 'http://127.0.0.1/__forge/jira/rest/api/3/user?accountId=rc-demo-coordinator',
    });
    const finance = await get('head-finance', route`/rest/api/3/myself`, template);
    expect(finance.body).toMatchObject({ displayName: 'Élodie Lefèvre', locale: 'fr_FR' });
  });

  it('expands groups on request and never points avatars at an external host', async () => {
    const admin = await get('admin', route`/rest/api/3/myself?expand=${'groups'}`, template);
    const body = z
      .object({
        groups: z.object({ size: z.number(), items: z.array(z.object({ name: z.string() })) }),
        avatarUrls: z.record(z.string(), z.string()),
      })
      .parse(admin.body);
    expect(body.groups.items.map((group) => group.name)).toEqual([
      'jira-admins',
      'jira-software-users',
    ]);
    for (const url of Object.values(body.avatarUrls)) expect(url).toMatch(/^data:image\/svg\+xml,/);
  });

  it("answers the app's own account to asApp(), as Jira does for the app user", async () => {
    const app = await get('app', route`/rest/api/3/myself`, template);
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({ accountId: APP_ACCOUNT_ID, accountType: 'app' });
    expect(app.body).not.toHaveProperty('emailAddress');
  });

  it('answers 401 for an account the site does not know', async () => {
    const stranger = await get({ accountId: 'nobody' }, route`/rest/api/3/myself`, template);
    expect(stranger.status).toBe(401);
  });
});

describe('GET /rest/api/3/issue and /project', () => {
  const issueTemplate = '/rest/api/3/issue/{issueIdOrKey}';
  const projectTemplate = '/rest/api/3/project/{projectIdOrKey}';

  it('shows ROLL-1 to those who may browse ROLL', async () => {
    for (const key of ['coordinator', 'head-support', 'employee', 'admin'] as const) {
      const answer = await get(key, route`/rest/api/3/issue/${DEMO_ISSUE_KEY}`, issueTemplate);
      expect(answer.status).toBe(200);
    }
    const answer = await get('employee', route`/rest/api/3/issue/${DEMO_ISSUE_KEY}`, issueTemplate);
    expect(answer.body).toMatchObject({
      id: '10000',
      key: 'ROLL-1',
      self: 'http://127.0.0.1/__forge/jira/rest/api/3/issue/10000',
      fields: {
        summary: 'Roll out the new CRM',
        status: { name: 'To Do', statusCategory: { key: 'new' } },
        issuetype: { name: 'Epic', subtask: false },
        project: { key: 'ROLL', name: 'Company rollouts' },
      },
    });
  });

  it('hides ROLL-1 and ROLL from the outsider behind the same 404 as a missing one', async () => {
    const hidden = await get('outsider', route`/rest/api/3/issue/${DEMO_ISSUE_KEY}`, issueTemplate);
    const missing = await get('coordinator', route`/rest/api/3/issue/${'ROLL-999'}`, issueTemplate);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    });
    expect(missing.body).toEqual(hidden.body);
    const project = await get(
      'outsider',
      route`/rest/api/3/project/${DEMO_PROJECT_KEY}`,
      projectTemplate,
    );
    expect(project.status).toBe(404);
    expect(project.body).toEqual({
      errorMessages: ["No project could be found with key 'ROLL'."],
      errors: {},
    });
  });

  it('selects fields and issue properties as asked', async () => {
    const issue = emulator.jira.issues.getIssue(DEMO_ISSUE_KEY);
    if (!issue) throw new Error('seed has no ROLL-1');
    emulator.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', { rolloutId: 'r-1' });
    const answer = await get(
      'coordinator',
      route`/rest/api/3/issue/${issue.id}?fields=${'summary,status'}&properties=${'*all'}`,
      issueTemplate,
    );
    const body = z
      .object({ fields: z.record(z.string(), z.unknown()), properties: z.unknown() })
      .parse(answer.body);
    expect(Object.keys(body.fields).sort()).toEqual(['status', 'summary']);
    expect(body.properties).toEqual({ 'rollout-coordinator': { rolloutId: 'r-1' } });
  });

  it('describes ROLL as a company-managed project with its issue types', async () => {
    const answer = await get('head-finance', route`/rest/api/3/project/${'roll'}`, projectTemplate);
    expect(answer.status).toBe(200);
    const body = z
      .object({
        key: z.string(),
        name: z.string(),
        style: z.string(),
        lead: z.object({ accountId: z.string() }),
        issueTypes: z.array(z.object({ name: z.string() })),
      })
      .parse(answer.body);
    expect(body).toMatchObject({
      key: 'ROLL',
      name: 'Company rollouts',
      style: 'classic',
      lead: { accountId: 'rc-demo-coordinator' },
    });
    expect(body.issueTypes.map((type) => type.name)).toEqual(['Epic', 'Task', 'Sub-task']);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After and rate-limit headers, `times` times', async () => {
    const id = emulator.faults.add({
      pathPattern: '^/rest/api/3/myself$',
      kind: 'status429',
      retryAfterSeconds: 7,
      times: 2,
    });
    const first = await get('coordinator', route`/rest/api/3/myself`, '/rest/api/3/myself');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(first.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    expect(emulator.faults.list()).toMatchObject([{ times: 1 }]);
    // Another route is not affected and consumes nothing.
    const other = await get(
      'coordinator',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}`,
      '/rest/api/3/issue/{issueIdOrKey}',
    );
    expect(other.status).toBe(200);
    expect((await get('coordinator', route`/rest/api/3/myself`, '/rest/api/3/myself')).status).toBe(
      429,
    );
    expect((await get('coordinator', route`/rest/api/3/myself`, '/rest/api/3/myself')).status).toBe(
      200,
    );
    expect(emulator.faults.list()).toEqual([]);
    emulator.faults.clear(id);
  });

  it('answers 500 with Jira’s error body until cleared, for the given method only', async () => {
    emulator.faults.add({
      product: 'jira',
      method: 'get',
      pathPattern: '^/rest/api/3/issue/',
      kind: 'status500',
    });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const failed = await get(
        'coordinator',
        route`/rest/api/3/issue/${DEMO_ISSUE_KEY}`,
        '/rest/api/3/issue/{issueIdOrKey}',
      );
      expect(failed.status).toBe(500);
      expect(failed.body).toEqual({ errorMessages: ['Internal server error'], errors: {} });
    }
    const post = await jira(
      'app',
      'POST',
      route`/rest/api/3/permissions/check`,
      '/rest/api/3/permissions/check',
      {},
    );
    expect(post.status).toBe(200);
    emulator.faults.add({ product: 'confluence', pathPattern: '.', kind: 'status429' });
    emulator.faults.clear();
    expect(emulator.faults.list()).toEqual([]);
    const healed = await get(
      'coordinator',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}`,
      '/rest/api/3/issue/{issueIdOrKey}',
    );
    expect(healed.status).toBe(200);
  });

  it('delays by at least the latency, then answers normally', async () => {
    emulator.faults.add({ pathPattern: 'myself', kind: 'latency', latencyMs: 150, times: 1 });
    const started = performance.now();
    const slow = await get('coordinator', route`/rest/api/3/myself`, '/rest/api/3/myself');
    expect(performance.now() - started).toBeGreaterThanOrEqual(148);
    expect(slow.status).toBe(200);
    expect(emulator.faults.list()).toEqual([]);
  });

  it('rejects a rule whose pattern is not a RegExp', () => {
    expect(() => emulator.faults.add({ pathPattern: '(', kind: 'status500' })).toThrow();
  });
});

describe('gaps, Confluence and statistics', () => {
  it('names an unimplemented endpoint in a 404', async () => {
    const answer = await jira(
      'coordinator',
      'GET',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/comment`,
      null,
    );
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      errorMessages: ['Emulator does not implement GET /rest/api/3/issue/ROLL-1/comment'],
      errors: {},
    });
    const confluence = await runInvocation(
      { accountId: accountIdOf('coordinator'), moduleKey: 'test' },
      () => api.asUser().requestConfluence(route`/wiki/api/v2/blogposts?limit=${5}`),
    );
    expect(confluence.status).toBe(404);
    expect(await confluence.json()).toEqual({
      errorMessages: ['Emulator does not implement GET /wiki/api/v2/blogposts'],
      errors: {},
    });
  });

  it('counts calls per templated route', async () => {
    await get(
      'coordinator',
      route`/rest/api/3/issue/${'ROLL-1'}`,
      '/rest/api/3/issue/{issueIdOrKey}',
    );
    await get(
      'coordinator',
      route`/rest/api/3/issue/${'10000'}`,
      '/rest/api/3/issue/{issueIdOrKey}',
    );
    await get(
      'coordinator',
      route`/rest/api/3/user/bulk?accountId=${'x'}`,
      '/rest/api/3/user/bulk',
    );
    expect(emulator.stats).toEqual({
      calls: 3,
      byRoute: {
        'GET /rest/api/3/issue/{issueIdOrKey}': 2,
        'GET /rest/api/3/user/bulk': 1,
      },
    });
  });
});

describe('schema check', () => {
  it('fails on a body or status the spec does not allow', () => {
    const check = (pathTemplate: string, status: number, body: unknown) => (): void => {
      assertMatchesSpec('jira', 'GET', pathTemplate, status, body);
    };
    expect(check('/rest/api/3/myself', 200, { accountId: 'a', nickname: 'x' })).toThrow(
      /does not match/,
    );
    expect(check('/rest/api/3/myself', 200, { accountId: 'a', active: 'yes' })).toThrow(
      /does not match/,
    );
    expect(check('/rest/api/3/myself', 418, {})).toThrow(/does not document/);
    expect(check('/rest/api/3/user', 404, { message: 'gone' })).toThrow(/does not match/);
    expect(check('/rest/api/3/nowhere', 200, {})).toThrow(/no operation/);
    expect(check('/rest/api/3/myself', 200, { accountId: 'a', active: true })).not.toThrow();
  });
});

describe('scale', () => {
  // How long holding them takes: bench/emulators.ts.
  it('holds 10,000 issues with properties and still answers one by key', async () => {
    emulator.jira.transaction(() => {
      for (let n = 0; n < 10_000; n += 1) {
        const issue = emulator.jira.issues.createIssue({
          projectKey: DEMO_PROJECT_KEY,
          issueType: 'Task',
          summary: `Tâche ${n}`,
          parentKey: DEMO_ISSUE_KEY,
        });
        emulator.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', {
          rolloutId: 'r-1',
        });
      }
    });
    expect(emulator.jira.issues.countIssues()).toBe(10_001);
    const last = await get(
      'employee',
      route`/rest/api/3/issue/${'ROLL-10001'}?fields=${'summary,parent'}`,
      '/rest/api/3/issue/{issueIdOrKey}',
    );
    expect(last.body).toMatchObject({
      key: 'ROLL-10001',
      fields: { summary: 'Tâche 9999', parent: { key: 'ROLL-1' } },
    });
  });
});

describe('persistence', () => {
  it('keeps users, issues and properties across re-opening a file, without seeding twice', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rc-jira-'));
    const file = path.join(dir, 'local.db');
    try {
      const first = new Database(file);
      const created = new ProductEmulator(first);
      seedJira(created.jira);
      const issue = created.jira.issues.createIssue({
        projectKey: DEMO_PROJECT_KEY,
        issueType: 'Task',
        summary: 'Former les équipes Ventes',
        parentKey: DEMO_ISSUE_KEY,
      });
      created.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', { kind: 'training' });
      const userCount = created.jira.users.listUsers().length;
      first.close();

      const second = new Database(file);
      const reopened = new ProductEmulator(second);
      seedJira(reopened.jira);
      install(reopened);
      expect(reopened.jira.users.listUsers()).toHaveLength(userCount);
      expect(reopened.jira.issues.countIssues()).toBe(2);
      expect(reopened.jira.issues.getIssueProperty(issue.id, 'rollout-coordinator')).toEqual({
        kind: 'training',
      });
      const answer = await get(
        'employee',
        route`/rest/api/3/issue/${'ROLL-2'}`,
        '/rest/api/3/issue/{issueIdOrKey}',
      );
      expect(answer.body).toMatchObject({
        key: 'ROLL-2',
        fields: {
          summary: 'Former les équipes Ventes',
          parent: { key: 'ROLL-1' },
          issuetype: { name: 'Task' },
        },
      });
      expect(
        reopened.jira.issues.createIssue({ projectKey: 'ROLL', issueType: 'Task', summary: 'Next' })
          .key,
      ).toBe('ROLL-3');
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
