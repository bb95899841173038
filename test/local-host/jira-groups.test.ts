/**
 * The Jira emulator's groups, through the REAL `@forge/api`: Jira's group picker
 * (`GET /groups/picker`) and a group's members (`GET /group/member`), as "Browse users and
 * groups" allows them, with Jira's paging. Every answer is checked against Atlassian's spec.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ProductEmulator } from '../../local/products';
import { APP_ACCOUNT_ID } from '../../local/products/jira/store';
import { jiraAs, personaAccountId, seededJira } from '../support/jira';

let emulator: ProductEmulator;

const members = z.object({
  total: z.number(),
  isLast: z.boolean(),
  startAt: z.number(),
  maxResults: z.number(),
  nextPage: z.string().optional(),
  values: z.array(z.object({ accountId: z.string(), active: z.boolean() })),
});
const found = z.object({
  total: z.number(),
  header: z.string(),
  groups: z.array(z.object({ groupId: z.string(), name: z.string(), html: z.string() })),
});

beforeEach(() => {
  emulator = seededJira();
  for (let i = 0; i < 60; i += 1) {
    const accountId = `rc-test-group-${String(i).padStart(2, '0')}`;
    emulator.jira.users.upsertUser({
      accountId,
      displayName: `Member ${String(i)}`,
      locale: 'en-US',
      timeZone: 'UTC',
      ...(i === 59 ? { active: false } : {}),
    });
    emulator.jira.users.addGroupMember('Field Crew', accountId);
  }
});

describe('GET /rest/api/3/groups/picker', () => {
  const template = '/rest/api/3/groups/picker';

  it('finds groups whose names contain the query, the match in <b>, case-insensitively when asked', async () => {
    const answer = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/groups/picker?query=${'CREW'}&caseInsensitive=${'true'}`,
      template,
    );
    expect(answer.status).toBe(200);
    const body = found.parse(answer.body);
    expect(body.groups.map((g) => [g.name, g.html])).toEqual([['Field Crew', 'Field <b>Crew</b>']]);
    expect(body.header).toBe('Showing 1 of 1 matching groups');
    const caseSensitive = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/groups/picker?query=${'crew'}`,
      template,
    );
    expect(found.parse(caseSensitive.body).groups).toEqual([]);
  });

  it('finds only an exact name for someone without "Browse users and groups"', async () => {
    emulator.jira.users.removeGroupMember('jira-software-users', personaAccountId('employee'));
    const partial = await jiraAs(
      'employee',
      'GET',
      route`/rest/api/3/groups/picker?query=${'Field'}`,
      template,
    );
    expect(found.parse(partial.body).groups).toEqual([]);
    const exact = await jiraAs(
      'employee',
      'GET',
      route`/rest/api/3/groups/picker?query=${'Field Crew'}`,
      template,
    );
    expect(found.parse(exact.body).groups.map((g) => g.name)).toEqual(['Field Crew']);
  });
});

describe('GET /rest/api/3/group/member', () => {
  const template = '/rest/api/3/group/member';

  it('pages active members 50 at a time, as the app may read them', async () => {
    const group = emulator.jira.users.getGroup('Field Crew');
    if (!group) throw new Error('no group');
    const first = members.parse(
      (
        await jiraAs(
          { accountId: APP_ACCOUNT_ID },
          'GET',
          route`/rest/api/3/group/member?groupId=${group.groupId}&maxResults=${100}`,
          template,
        )
      ).body,
    );
    expect(first).toMatchObject({ total: 59, isLast: false, startAt: 0, maxResults: 50 });
    expect(first.values).toHaveLength(50);
    const second = members.parse(
      (
        await jiraAs(
          { accountId: APP_ACCOUNT_ID },
          'GET',
          route`/rest/api/3/group/member?groupId=${group.groupId}&startAt=${50}`,
          template,
        )
      ).body,
    );
    expect(second).toMatchObject({ isLast: true, startAt: 50 });
    expect(second.values).toHaveLength(9);
    const withInactive = members.parse(
      (
        await jiraAs(
          { accountId: APP_ACCOUNT_ID },
          'GET',
          route`/rest/api/3/group/member?groupname=${'Field Crew'}&includeInactiveUsers=${'true'}`,
          template,
        )
      ).body,
    );
    expect(withInactive.total).toBe(60);
  });

  it('answers 404 for an unknown group, 400 without one, 403 without the permission', async () => {
    const unknown = await jiraAs(
      'admin',
      'GET',
      route`/rest/api/3/group/member?groupId=${'no-such-group'}`,
      template,
    );
    expect(unknown.status).toBe(404);
    const none = await jiraAs('admin', 'GET', route`/rest/api/3/group/member`, template);
    expect(none.status).toBe(400);
    emulator.jira.users.removeGroupMember('jira-software-users', personaAccountId('employee'));
    const refused = await jiraAs(
      'employee',
      'GET',
      route`/rest/api/3/group/member?groupname=${'Field Crew'}`,
      template,
    );
    expect(refused.status).toBe(403);
  });
});
