/**
 * The Jira emulator's issue properties, notify outbox and workflow transitions, driven through
 * the REAL `@forge/api`; every answer is checked against the operation in Atlassian's spec.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { APP_ACCOUNT_ID, type ProductEmulator, type ValidatorRun } from '../../local/products';
import { DEMO_ISSUE_KEY, GATE_VALIDATOR, ROLL_TRANSITIONS } from '../../local/seed/jira';
import { jiraAs, personaAccountId, seededJira } from '../support/jira';

let emulator: ProductEmulator;

beforeEach(() => {
  emulator = seededJira();
});

const PROPERTY = '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}';
const PROPERTIES = '/rest/api/3/issue/{issueIdOrKey}/properties';
const NOTIFY = '/rest/api/3/issue/{issueIdOrKey}/notify';
const TRANSITIONS = '/rest/api/3/issue/{issueIdOrKey}/transitions';

function issueId(): string {
  const issue = emulator.jira.issues.getIssue(DEMO_ISSUE_KEY);
  if (!issue) throw new Error('ROLL-1 is missing');
  return String(issue.id);
}

describe('issue properties', () => {
  const value = { rolloutId: 'r-1', approvalState: 'draft' };

  it('creates (201), replaces (200), reads, lists and deletes (204) a property', async () => {
    const created = await jiraAs(
      'app',
      'PUT',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
      value,
    );
    expect(created.status).toBe(201);
    const replaced = await jiraAs(
      'app',
      'PUT',
      route`/rest/api/3/issue/${issueId()}/properties/${'rollout-coordinator'}`,
      PROPERTY,
      { ...value, approvalState: 'approved' },
    );
    expect(replaced.status).toBe(200);

    const read = await jiraAs(
      'head-sales',
      'GET',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
    );
    expect(read).toMatchObject({
      status: 200,
      body: { key: 'rollout-coordinator', value: { rolloutId: 'r-1', approvalState: 'approved' } },
    });
    const list = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties`,
      PROPERTIES,
    );
    expect(list.body).toEqual({
      keys: [
        {
          key: 'rollout-coordinator',
          self: `http://127.0.0.1/__forge/jira/rest/api/3/issue/${issueId()}/properties/rollout-coordinator`,
        },
      ],
    });

    const deleted = await jiraAs(
      'coordinator',
      'DELETE',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
    );
    expect(deleted.status).toBe(204);
    const gone = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
    );
    expect(gone).toMatchObject({
      status: 404,
      body: { errorMessages: ["The property with key 'rollout-coordinator' does not exist."] },
    });
  });

  it('lets only those who may edit the issue write: 403 to a head, 404 to the outsider', async () => {
    const head = await jiraAs(
      'head-sales',
      'PUT',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
      value,
    );
    expect(head.status).toBe(403);
    const outsider = await jiraAs(
      'outsider',
      'PUT',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
      value,
    );
    expect(outsider).toMatchObject({
      status: 404,
      body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] },
    });
    expect(emulator.jira.issues.getIssueProperty(Number(issueId()), 'rollout-coordinator')).toBe(
      undefined,
    );
    const coordinator = await jiraAs(
      'coordinator',
      'PUT',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
      value,
    );
    expect(coordinator.status).toBe(201);
    const headDelete = await jiraAs(
      'head-sales',
      'DELETE',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'rollout-coordinator'}`,
      PROPERTY,
    );
    expect(headDelete.status).toBe(404);
  });

  it('refuses an empty, invalid or oversized value, and an overlong key, with 400', async () => {
    const bad = ['', '{not json', JSON.stringify({ text: 'x'.repeat(40_000) })];
    for (const body of bad) {
      const answer = await jiraAs(
        'app',
        'PUT',
        route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'p'}`,
        PROPERTY,
        body === '' ? undefined : body,
      );
      expect(answer.status).toBe(400);
    }
    const longKey = await jiraAs(
      'app',
      'PUT',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/properties/${'k'.repeat(256)}`,
      PROPERTY,
      value,
    );
    expect(longKey.status).toBe(400);
  });
});

describe('POST /issue/{id}/notify', () => {
  const mail = {
    subject: 'Approval needed',
    textBody: 'Please decide.',
    htmlBody: '<p>Please decide.</p>',
  };

  it('answers 204 and records the e-mail with its resolved recipients', async () => {
    const answer = await jiraAs(
      'app',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/notify`,
      NOTIFY,
      {
        ...mail,
        to: {
          users: [
            { accountId: personaAccountId('head-sales') },
            { accountId: personaAccountId('head-finance') },
            { accountId: personaAccountId('head-sales') },
          ],
        },
      },
    );
    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    const sent = emulator.jira.notifications.listNotifications();
    expect(sent.map((entry) => ({ ...entry, at: 'when' }))).toEqual([
      {
        issueKey: DEMO_ISSUE_KEY,
        ...mail,
        to: [personaAccountId('head-sales'), personaAccountId('head-finance')],
        sentBy: APP_ACCOUNT_ID,
        at: 'when',
      },
    ]);
    expect(sent[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/u);
    emulator.jira.notifications.clearNotifications();
    expect(emulator.jira.notifications.listNotifications()).toEqual([]);
  });

  it('resolves reporter, assignee and watchers, and never mails someone who cannot see the issue', async () => {
    await jiraAs('app', 'POST', route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/notify`, NOTIFY, {
      ...mail,
      to: {
        reporter: true,
        watchers: true,
        users: [{ accountId: personaAccountId('outsider') }],
        groups: [{ name: 'jira-admins' }],
      },
    });
    expect(emulator.jira.notifications.listNotifications()[0]?.to).toEqual([
      personaAccountId('admin'),
      personaAccountId('coordinator'),
    ]);
  });

  it('applies the restrict clause (permissions)', async () => {
    await jiraAs('app', 'POST', route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/notify`, NOTIFY, {
      ...mail,
      to: {
        users: ['coordinator', 'head-sales', 'employee'].map((key) => ({
          accountId: personaAccountId(key),
        })),
      },
      restrict: { permissions: [{ key: 'EDIT_ISSUES' }] },
    });
    expect(emulator.jira.notifications.listNotifications()[0]?.to).toEqual([
      personaAccountId('coordinator'),
    ]);
  });

  it('answers 400 for an unknown recipient or a message without a body, 404 for a hidden issue', async () => {
    const unknown = await jiraAs(
      'app',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/notify`,
      NOTIFY,
      {
        ...mail,
        to: { users: [{ accountId: 'nobody' }] },
      },
    );
    expect(unknown.status).toBe(400);
    const noBody = await jiraAs(
      'app',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/notify`,
      NOTIFY,
      {
        subject: 'x',
        to: { reporter: true },
      },
    );
    expect(noBody.status).toBe(400);
    const hidden = await jiraAs(
      'outsider',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/notify`,
      NOTIFY,
      {
        ...mail,
        to: { reporter: true },
      },
    );
    expect(hidden.status).toBe(404);
    expect(emulator.jira.notifications.listNotifications()).toEqual([]);
  });

  it('answers a 429 fault with Retry-After and records nothing', async () => {
    emulator.faults.add({
      pathPattern: '/notify$',
      kind: 'status429',
      retryAfterSeconds: 2,
      times: 1,
    });
    const limited = await jiraAs(
      'app',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/notify`,
      NOTIFY,
      {
        ...mail,
        to: { reporter: true },
      },
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(emulator.jira.notifications.listNotifications()).toEqual([]);
  });
});

const transitionsAnswer = z.object({
  transitions: z.array(
    z.object({ id: z.string(), name: z.string(), to: z.object({ name: z.string() }) }),
  ),
});

async function transitionNames(caller: string): Promise<string[]> {
  const answer = await jiraAs(
    caller,
    'GET',
    route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
    TRANSITIONS,
  );
  expect(answer.status).toBe(200);
  return transitionsAnswer.parse(answer.body).transitions.map((t) => `${t.name} → ${t.to.name}`);
}

function statusOfRoll1(): string {
  const issue = emulator.jira.issues.getIssue(DEMO_ISSUE_KEY);
  return issue ? (emulator.jira.projects.getStatus(issue.statusId)?.name ?? '?') : '?';
}

describe('workflow transitions', () => {
  it('offers the ROLL workflow from the current status, nothing without Transition issues', async () => {
    expect(await transitionNames('coordinator')).toEqual(['Start rollout → In Progress']);
    expect(await transitionNames('head-sales')).toEqual([]);
    const hidden = await jiraAs(
      'outsider',
      'GET',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
    );
    expect(hidden.status).toBe(404);
  });

  it('runs the attached validator through the hook with what Forge tells a validator', async () => {
    const runs: ValidatorRun[] = [];
    emulator.setValidatorHook((run) => {
      runs.push(run);
      return Promise.resolve({ ok: true });
    });
    const started = await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      { transition: { id: ROLL_TRANSITIONS.start } },
    );
    expect(started.status).toBe(204);
    expect(statusOfRoll1()).toBe('In Progress');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      issue: { key: DEMO_ISSUE_KEY },
      transition: { id: ROLL_TRANSITIONS.start, name: 'Start rollout' },
      from: { name: 'To Do' },
      to: { name: 'In Progress' },
      rule: { moduleKey: GATE_VALIDATOR },
      accountId: personaAccountId('coordinator'),
      workflowName: 'Company rollouts workflow',
    });

    // Transitions without validators do not call the hook.
    expect(await transitionNames('coordinator')).toEqual([
      'Complete → Done',
      'Back to approval → To Do',
    ]);
    await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {
        transition: { id: ROLL_TRANSITIONS.complete },
      },
    );
    await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {
        transition: { id: ROLL_TRANSITIONS.reopen },
      },
    );
    expect(statusOfRoll1()).toBe('To Do');
    expect(runs).toHaveLength(1);
  });

  it('answers a failing validator with 400 and its message, and leaves the status', async () => {
    emulator.setValidatorHook(() =>
      Promise.resolve({ ok: false, message: 'Waiting for approval from Sales (Sophie Bernard)' }),
    );
    const blocked = await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      { transition: { id: ROLL_TRANSITIONS.start } },
    );
    expect(blocked).toMatchObject({
      status: 400,
      body: { errorMessages: ['Waiting for approval from Sales (Sophie Bernard)'], errors: {} },
    });
    expect(statusOfRoll1()).toBe('To Do');
  });

  it('blocks a validated transition when no hook runs the validator, or when it throws', async () => {
    const none = await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {
        transition: { id: ROLL_TRANSITIONS.start },
      },
    );
    expect(none.status).toBe(400);
    emulator.setValidatorHook(() => Promise.reject(new Error('boom')));
    const thrown = await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {
        transition: { id: ROLL_TRANSITIONS.start },
      },
    );
    expect(thrown.status).toBe(400);
    expect(statusOfRoll1()).toBe('To Do');
  });

  it('checks permission and the transition before any validator runs', async () => {
    let calls = 0;
    emulator.setValidatorHook(() => {
      calls += 1;
      return Promise.resolve({ ok: true });
    });
    const head = await jiraAs(
      'head-sales',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {
        transition: { id: ROLL_TRANSITIONS.start },
      },
    );
    expect(head).toMatchObject({
      status: 400,
      body: { errorMessages: ['You do not have permission to transition this issue.'] },
    });
    const outsider = await jiraAs(
      'outsider',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {
        transition: { id: ROLL_TRANSITIONS.start },
      },
    );
    expect(outsider.status).toBe(404);
    const wrong = await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {
        transition: { id: ROLL_TRANSITIONS.complete },
      },
    );
    expect(wrong.status).toBe(400);
    const missing = await jiraAs(
      'coordinator',
      'POST',
      route`/rest/api/3/issue/${DEMO_ISSUE_KEY}/transitions`,
      TRANSITIONS,
      {},
    );
    expect(missing.status).toBe(400);
    expect(calls).toBe(0);
    expect(statusOfRoll1()).toBe('To Do');
  });

  it('gives a project without a workflow Jira’s simplified global transitions', async () => {
    emulator.jira.projects.createProject({ key: 'OPS', name: 'Ops', issueTypes: ['Task'] });
    emulator.jira.permissions.addRoleActor('OPS', 'Member', {
      type: 'user',
      accountId: personaAccountId('coordinator'),
    });
    const task = emulator.jira.issues.createIssue({
      projectKey: 'OPS',
      issueType: 'Task',
      summary: 'x',
    });
    const answer = await jiraAs(
      'coordinator',
      'GET',
      route`/rest/api/3/issue/${task.key}/transitions`,
      TRANSITIONS,
    );
    expect(transitionsAnswer.parse(answer.body).transitions.map((t) => [t.id, t.name])).toEqual([
      ['21', 'In Progress'],
      ['31', 'Done'],
    ]);
  });
});
