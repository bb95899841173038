/**
 * Who the Jira emulator's users are and what they may do, through the REAL `@forge/api`: the
 * caller's permissions (`/mypermissions`), user look-ups and searches as "Browse users and
 * groups" allows them, and the bulk permission check an app makes for others
 * (`/permissions/check`). Every answer is checked against Atlassian's spec.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ProductEmulator } from '../../local/products';
import { DEMO_ISSUE_KEY, DEMO_PROJECT_KEY, PERSONAS } from '../../local/seed/jira';
import {
  jiraAs,
  personaAccountId,
  seededJira,
  type Answer,
  type Caller,
  type Route,
} from '../support/jira';

let emulator: ProductEmulator;

const accountIdOf = personaAccountId;
const jira = jiraAs;

beforeEach(() => {
  emulator = seededJira();
});

const get = (caller: Caller, path: Route, template: string | null): Promise<Answer> =>
  jira(caller, 'GET', path, template);

const userList = z.array(
  z.object({ accountId: z.string(), displayName: z.string(), emailAddress: z.string().optional() }),
);
const permissionsAnswer = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

function held(body: unknown, key: string): boolean | undefined {
  return permissionsAnswer.parse(body).permissions[key]?.havePermission;
}

describe('GET /rest/api/3/mypermissions', () => {
  const template = '/rest/api/3/mypermissions';

  it('gives ADMINISTER to the Jira admin only', async () => {
    const admin = await get(
      'admin',
      route`/rest/api/3/mypermissions?permissions=${'ADMINISTER'}`,
      template,
    );
    expect(held(admin.body, 'ADMINISTER')).toBe(true);
    const coordinator = await get(
      'coordinator',
      route`/rest/api/3/mypermissions?permissions=${'ADMINISTER'}`,
      template,
    );
    expect(held(coordinator.body, 'ADMINISTER')).toBe(false);
    expect(coordinator.body).toMatchObject({
      permissions: { ADMINISTER: { id: '0', key: 'ADMINISTER', type: 'GLOBAL' } },
    });
    expect(Object.keys(permissionsAnswer.parse(coordinator.body).permissions)).toEqual([
      'ADMINISTER',
    ]);
  });

  it('lets the coordinator, and not a department head, edit ROLL-1', async () => {
    const permissions = 'BROWSE_PROJECTS,EDIT_ISSUES,TRANSITION_ISSUES,ADD_COMMENTS';
    const coordinator = await get(
      'coordinator',
      route`/rest/api/3/mypermissions?permissions=${permissions}&issueKey=${DEMO_ISSUE_KEY}`,
      template,
    );
    expect(held(coordinator.body, 'EDIT_ISSUES')).toBe(true);
    expect(held(coordinator.body, 'TRANSITION_ISSUES')).toBe(true);
    const head = await get(
      'head-sales',
      route`/rest/api/3/mypermissions?permissions=${permissions}&issueKey=${DEMO_ISSUE_KEY}`,
      template,
    );
    expect(held(head.body, 'BROWSE_PROJECTS')).toBe(true);
    expect(held(head.body, 'ADD_COMMENTS')).toBe(true);
    expect(held(head.body, 'EDIT_ISSUES')).toBe(false);
  });

  it('lets everyone but the outsider browse ROLL', async () => {
    for (const persona of PERSONAS) {
      const answer = await get(
        { accountId: persona.accountId },
        route`/rest/api/3/mypermissions?permissions=${'BROWSE_PROJECTS'}`,
        template,
      );
      expect([persona.key, held(answer.body, 'BROWSE_PROJECTS')]).toEqual([
        persona.key,
        persona.canBrowseRoll,
      ]);
    }
    const hidden = await get(
      'outsider',
      route`/rest/api/3/mypermissions?permissions=${'BROWSE_PROJECTS'}&projectKey=${DEMO_PROJECT_KEY}`,
      template,
    );
    expect(hidden.status).toBe(404);
  });

  it('answers 400 without permissions or with an unknown key, as Jira does', async () => {
    const missing = await get('coordinator', route`/rest/api/3/mypermissions`, template);
    expect(missing.status).toBe(400);
    const unknown = await get(
      'coordinator',
      route`/rest/api/3/mypermissions?permissions=${'BROWSE_PROJECTS,FLY'}`,
      template,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ errors: { FLY: 'Unrecognized permission' } });
  });
});

describe('users', () => {
  it('finds a user by account id, or answers Jira’s 404', async () => {
    const found = await get(
      'coordinator',
      route`/rest/api/3/user?accountId=${accountIdOf('head-support')}`,
      '/rest/api/3/user',
    );
    expect(found.body).toMatchObject({ displayName: 'Daniel Okafor', locale: 'en_GB' });
    const unknown = await get(
      'coordinator',
      route`/rest/api/3/user?accountId=${'ghost'}`,
      '/rest/api/3/user',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      errorMessages: ['Specified user does not exist or you do not have required permissions'],
      errors: {},
    });
  });

  it('hides an email its owner keeps private, except from the owner', async () => {
    const james = 'rc-demo-user-james-whitaker';
    const seenByOther = await get(
      'coordinator',
      route`/rest/api/3/user?accountId=${james}`,
      '/rest/api/3/user',
    );
    expect(seenByOther.body).not.toHaveProperty('emailAddress');
    const seenBySelf = await get(
      { accountId: james },
      route`/rest/api/3/myself`,
      '/rest/api/3/myself',
    );
    expect(seenBySelf.body).toMatchObject({ emailAddress: 'james.whitaker@example.com' });
  });

  it('looks users up in bulk, leaving unknown ids out, with paging', async () => {
    const template = '/rest/api/3/user/bulk';
    const [sales, support] = [accountIdOf('head-sales'), accountIdOf('head-support')];
    const answer = await get(
      'coordinator',
      route`/rest/api/3/user/bulk?accountId=${sales}&accountId=${'ghost'}&accountId=${support}`,
      template,
    );
    expect(answer.body).toMatchObject({ startAt: 0, total: 2, isLast: true });
    const values = z.object({ values: userList }).parse(answer.body).values;
    expect(values.map((user) => user.displayName)).toEqual(['Sophie Bernard', 'Daniel Okafor']);

    const firstPage = await get(
      'coordinator',
      route`/rest/api/3/user/bulk?accountId=${sales}&accountId=${support}&maxResults=${1}`,
      template,
    );
    expect(firstPage.body).toMatchObject({ maxResults: 1, total: 2, isLast: false });
    expect(firstPage.body).toHaveProperty('nextPage');
    const missing = await get('coordinator', route`/rest/api/3/user/bulk`, template);
    expect(missing.status).toBe(400);
    const malformed = await get(
      'coordinator',
      route`/rest/api/3/user/bulk?accountId=${sales}&maxResults=${'ten'}`,
      template,
    );
    expect(malformed.status).toBe(400);
  });

  it('searches users by name and email prefixes, ignoring case and accents', async () => {
    const template = '/rest/api/3/user/search';
    const names = async (query: string): Promise<string[]> => {
      const answer = await get(
        'coordinator',
        route`/rest/api/3/user/search?query=${query}`,
        template,
      );
      return userList.parse(answer.body).map((user) => user.displayName);
    };
    expect(await names('elodie')).toEqual(['Élodie Lefèvre']);
    expect(await names('LEFE')).toEqual(['Élodie Lefèvre']);
    expect(await names('camille')).toEqual(['Camille Martin', 'Camille Rousseau']);
    expect(await names('camille ma')).toEqual(['Camille Martin']);
    expect(await names('chloe.dub')).toEqual(['Chloé Dubois']);
    // Thomas Girard has left: Jira's search returns active users only.
    expect(await names('thomas')).toEqual([]);
    expect(await names('nobody-here')).toEqual([]);
    const missing = await get('coordinator', route`/rest/api/3/user/search`, template);
    expect(missing.status).toBe(400);
  });

  it('highlights matches in the user picker', async () => {
    const answer = await get(
      'coordinator',
      route`/rest/api/3/user/picker?query=${'elo'}`,
      '/rest/api/3/user/picker',
    );
    expect(answer.body).toEqual({
      users: [
        {
          accountId: 'rc-demo-head-finance',
          accountType: 'atlassian',
          html: '<strong>Élo</strong>die Lefèvre - <strong>elo</strong>die.lefevre@example.com',
          displayName: 'Élodie Lefèvre',
        },
      ],
      total: 1,
      header: 'Showing 1 of 1 matching users',
    });
  });
});

describe('POST /rest/api/3/permissions/check', () => {
  const template = '/rest/api/3/permissions/check';
  const issueId = (): number => {
    const issue = emulator.jira.issues.getIssue(DEMO_ISSUE_KEY);
    if (!issue) throw new Error('seed has no ROLL-1');
    return issue.id;
  };

  it('tells the app whether a user may browse an issue', async () => {
    const check = (accountId: string): Promise<Answer> =>
      jira('app', 'POST', route`/rest/api/3/permissions/check`, template, {
        accountId,
        globalPermissions: ['ADMINISTER'],
        projectPermissions: [
          { permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES'], issues: [issueId(), 99999] },
        ],
      });
    expect((await check(accountIdOf('outsider'))).body).toEqual({
      globalPermissions: [],
      projectPermissions: [
        { permission: 'BROWSE_PROJECTS', issues: [], projects: [] },
        { permission: 'EDIT_ISSUES', issues: [], projects: [] },
      ],
    });
    expect((await check(accountIdOf('coordinator'))).body).toEqual({
      globalPermissions: [],
      projectPermissions: [
        { permission: 'BROWSE_PROJECTS', issues: [issueId()], projects: [] },
        { permission: 'EDIT_ISSUES', issues: [issueId()], projects: [] },
      ],
    });
    expect((await check(accountIdOf('admin'))).body).toMatchObject({
      globalPermissions: ['ADMINISTER'],
    });
  });

  it('lets users check others only when they administer Jira', async () => {
    const request = { accountId: accountIdOf('employee'), globalPermissions: ['USER_PICKER'] };
    const refused = await jira(
      'coordinator',
      'POST',
      route`/rest/api/3/permissions/check`,
      template,
      request,
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      errorMessages: ['Only Jira administrators can perform this operation.'],
      errors: {},
    });
    const allowed = await jira(
      'admin',
      'POST',
      route`/rest/api/3/permissions/check`,
      template,
      request,
    );
    expect(allowed.body).toEqual({ globalPermissions: ['USER_PICKER'], projectPermissions: [] });
    const self = await jira('employee', 'POST', route`/rest/api/3/permissions/check`, template, {
      projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [10000] }],
    });
    expect(self.body).toEqual({
      globalPermissions: [],
      projectPermissions: [{ permission: 'BROWSE_PROJECTS', issues: [], projects: [10000] }],
    });
  });

  it('rejects unknown permissions with Jira’s error body', async () => {
    const answer = await jira('admin', 'POST', route`/rest/api/3/permissions/check`, template, {
      globalPermissions: ['PERMISSION_123'],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errorMessages: [],
      errors: { PERMISSION_123: 'Unrecognized permission' },
    });
  });
});
