/**
 * The approval gate (`jira:workflowValidator`) through the local host: a transition on ROLL runs
 * the app's validator function exactly where Jira would, with the event Forge sends, and Jira
 * answers its verdict. Rollouts are made and decided through the real resolvers.
 */
import type { InvocationOutcome } from '../../local/app';
import type { LocalHost } from '../../local/host';
import { assertMatchesSpec } from '../../local/products/schema-check';
import { GATE_VALIDATOR, ROLL_TRANSITIONS } from '../../local/seed/jira';
import { accountIdOf, failStorageForGood, memoryHost } from '../support/host';
import {
  ISSUE,
  addDepartments,
  addIssue,
  addPeople,
  decideAs,
  makeRollout,
  requestApproval,
  type PlannedDepartment,
} from '../support/rollouts';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const TRANSITIONS = '/rest/api/3/issue/{issueIdOrKey}/transitions';

interface TransitionAnswer {
  status: number;
  body: unknown;
}

/** POST /transitions as a persona, as Jira's issue view does; checked against the spec. */
async function transition(
  as: string,
  transitionId: string = ROLL_TRANSITIONS.start,
  issueKey: string = ISSUE,
): Promise<TransitionAnswer> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountIdOf(host, as) },
    method: 'POST',
    path: `/rest/api/3/issue/${issueKey}/transitions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: transitionId } }),
  });
  const text = await response.text();
  const body: unknown = text === '' ? undefined : JSON.parse(text);
  assertMatchesSpec('jira', 'POST', TRANSITIONS, response.status, body);
  return { status: response.status, body };
}

function blockedWith(message: string): TransitionAnswer {
  return { status: 400, body: { errorMessages: [message], errors: {} } };
}

function statusOf(issueKey: string = ISSUE): string {
  const issue = host.products.jira.issues.getIssue(issueKey);
  return issue ? (host.products.jira.projects.getStatus(issue.statusId)?.name ?? '?') : '?';
}

/** Records each validator invocation: the event it got and what it cost. */
function spyOnValidator(): {
  events: unknown[];
  accountIds: (string | undefined)[];
  outcomes: InvocationOutcome[];
} {
  const seen = {
    events: [] as unknown[],
    accountIds: [] as (string | undefined)[],
    outcomes: [] as InvocationOutcome[],
  };
  const original = host.functions.invokeFunction.bind(host.functions);
  jest
    .spyOn(host.functions, 'invokeFunction')
    .mockImplementation(async (functionKey, moduleKey, event, accountId, options) => {
      seen.events.push(event);
      seen.accountIds.push(accountId);
      const outcome = await original(functionKey, moduleKey, event, accountId, options);
      seen.outcomes.push(outcome);
      return outcome;
    });
  return seen;
}

/** Lets a French-speaking head transition ROLL issues (heads may not by default). */
function letTransition(persona: string): void {
  host.products.jira.permissions.addRoleActor('ROLL', 'Member', {
    type: 'user',
    accountId: accountIdOf(host, persona),
  });
}

const STAGED: readonly PlannedDepartment[] = [
  { department: 'Finance', stage: 1 },
  { department: 'Operations', stage: 1 },
  { department: 'Sales', stage: 2 },
  { department: 'Customer Support', stage: 2 },
];

describe('the approval gate on "Start rollout"', () => {
  it('lets an issue that is not a rollout through', async () => {
    const key = addIssue(host, 'Rename the meeting rooms');
    const seen = spyOnValidator();
    expect(await transition('coordinator', ROLL_TRANSITIONS.start, key)).toEqual({
      status: 204,
      body: undefined,
    });
    expect(statusOf(key)).toBe('In Progress');
    expect(seen.outcomes.map((o) => o.body)).toEqual([{ result: true }]);
  });

  it('sends the validator the event Forge sends, as the transitioning user', async () => {
    const seen = spyOnValidator();
    await transition('coordinator');
    const issue = host.products.jira.issues.getIssue(ISSUE);
    expect(seen.events).toEqual([
      {
        issue: { id: String(issue?.id), key: ISSUE },
        transition: {
          id: ROLL_TRANSITIONS.start,
          name: 'Start rollout',
          from: { id: '10000' },
          to: { id: '3' },
        },
        workflow: { name: 'Company rollouts workflow' },
        context: { cloudId: 'local-cloud', moduleKey: GATE_VALIDATOR },
      },
    ]);
    const run = host.products.jira.workflows.workflowOf(issue?.projectId ?? 0).transitions[0];
    expect(run?.validators).toEqual([{ moduleKey: GATE_VALIDATOR }]);
    expect(seen.accountIds).toEqual([accountIdOf(host, 'coordinator')]);
  });

  it('blocks a rollout that was never sent for approval', async () => {
    await makeRollout(host);
    expect(await transition('coordinator')).toEqual(
      blockedWith(
        'The rollout "Roll out the new CRM" has not been sent for approval yet: request approval in the Approvals panel first.',
      ),
    );
    expect(statusOf()).toBe('To Do');
  });

  it('blocks a rollout awaiting approval, naming the pending departments and heads', async () => {
    await makeRollout(host);
    await requestApproval(host);
    await decideAs(host, 'head-support', 'Customer Support', 'approved');
    const seen = spyOnValidator();
    expect(await transition('coordinator')).toEqual(
      blockedWith(
        'Waiting for approval from Finance (Élodie Lefèvre), Operations (Marcus Chen), Sales (Sophie Bernard)',
      ),
    );
    expect(statusOf()).toBe('To Do');
    // Bounded whatever the number of departments: the rollout, its round, one user look-up.
    expect(seen.outcomes[0]?.counters).toEqual({ storage: 2, product: 1 });
  });

  it('costs the same three calls for 100 departments, and names ten of them', async () => {
    const heads = addPeople(host, 100);
    const departments = await addDepartments(heads);
    await makeRollout(host, { departments: departments.map((department) => ({ department })) });
    await requestApproval(host);
    const seen = spyOnValidator();
    const answer = await transition('coordinator');
    expect(answer.status).toBe(400);
    const message = (answer.body as { errorMessages: string[] }).errorMessages[0] ?? '';
    expect(message).toMatch(
      /^Waiting for approval from (Region \d+ \(Person \d{3}\), ){10}and 90 more$/u,
    );
    expect(seen.outcomes[0]?.counters).toEqual({ storage: 2, product: 1 });
    // Its time, at 4, 20 and 100 departments: bench/approvals.ts.
  });

  it('says it in French to a French-speaking user, stage by stage', async () => {
    letTransition('head-sales');
    await makeRollout(host, { departments: STAGED });
    await requestApproval(host);
    expect(await transition('head-sales')).toEqual(
      blockedWith(
        'En attente de l’approbation de Finance (Élodie Lefèvre), Operations (Marcus Chen) (étape 1 sur 2)',
      ),
    );
    await decideAs(host, 'head-finance', 'Finance', 'approved');
    await decideAs(host, 'head-operations', 'Operations', 'approved');
    expect(await transition('coordinator')).toEqual(
      blockedWith(
        'Waiting for approval from Customer Support (Daniel Okafor), Sales (Sophie Bernard) (stage 2 of 2)',
      ),
    );
  });

  it('lets a fully approved rollout start', async () => {
    await makeRollout(host);
    await requestApproval(host);
    for (const [head, department] of [
      ['head-sales', 'Sales'],
      ['head-support', 'Customer Support'],
      ['head-finance', 'Finance'],
      ['head-operations', 'Operations'],
    ] as const) {
      const { envelope } = await decideAs(host, head, department, 'approved');
      expect(envelope.ok).toBe(true);
    }
    expect(await transition('coordinator')).toEqual({ status: 204, body: undefined });
    expect(statusOf()).toBe('In Progress');
  });

  it('names who asked for changes or rejected', async () => {
    await makeRollout(host);
    await requestApproval(host);
    await decideAs(host, 'head-finance', 'Finance', 'changes-requested', 'Budget manquant');
    expect(await transition('coordinator')).toEqual(
      blockedWith(
        'Changes were requested on the rollout "Roll out the new CRM" by Finance (Élodie Lefèvre): update the plan and request approval again.',
      ),
    );

    const other = addIssue(host, 'Roll out the expense policy');
    await makeRollout(host, {
      issueKey: other,
      title: 'Expense policy',
      requestId: '00000000-0000-4000-8000-000000000901',
    });
    await requestApproval(host, other);
    await decideAs(host, 'head-sales', 'Sales', 'rejected', 'Pas cette année', other);
    letTransition('head-sales');
    expect(await transition('head-sales', ROLL_TRANSITIONS.start, other)).toEqual(
      blockedWith('Le déploiement « Expense policy » a été refusé par Sales (Sophie Bernard).'),
    );
  });

  it('refuses a user without "Transition issues" before any validator runs', async () => {
    await makeRollout(host);
    const seen = spyOnValidator();
    expect(await transition('head-sales')).toEqual(
      blockedWith('You do not have permission to transition this issue.'),
    );
    expect(await transition('outsider')).toEqual({
      status: 404,
      body: {
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      },
    });
    expect(seen.events).toEqual([]);
  });

  it('fails closed, with a clear message, when it cannot read the rollout', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    failStorageForGood(host, '/api/v1/entity/query');
    expect(await transition('coordinator')).toEqual(
      blockedWith(
        "The rollout's approvals could not be checked, so the transition is blocked. Try again in a moment.",
      ),
    );
    expect(statusOf()).toBe('To Do');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('approval gate failed closed'));
  });

  it('still names the departments when Jira cannot name the people', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }] });
    await requestApproval(host);
    host.products.faults.add({ pathPattern: '/user/bulk$', kind: 'status500' });
    expect(await transition('coordinator')).toEqual(blockedWith('Waiting for approval from Sales'));
  });
});

describe('the approval gate in a team-managed project', () => {
  /** TEAM: a team-managed project whose "Start rollout" carries the gate, with ROLL's people. */
  function teamProject(): string {
    const jira = host.products.jira;
    jira.projects.createProject({
      key: 'TEAM',
      name: 'Team rollouts',
      leadAccountId: accountIdOf(host, 'coordinator'),
      style: 'next-gen',
      issueTypes: ['Epic', 'Task'],
    });
    const roles: [string, string][] = [
      ['admin', 'Administrators'],
      ['coordinator', 'Member'],
      ['head-sales', 'Department head'],
      ['head-support', 'Department head'],
      ['head-finance', 'Department head'],
      ['head-operations', 'Department head'],
    ];
    for (const [persona, role] of roles) {
      jira.permissions.addRoleActor('TEAM', role, {
        type: 'user',
        accountId: accountIdOf(host, persona),
      });
    }
    jira.workflows.defineWorkflow('TEAM', {
      name: 'Team rollouts workflow',
      transitions: [
        {
          id: ROLL_TRANSITIONS.start,
          name: 'Start rollout',
          from: ['To Do'],
          to: 'In Progress',
          validators: [{ moduleKey: GATE_VALIDATOR }],
        },
      ],
    });
    return jira.issues.createIssue({
      projectKey: 'TEAM',
      issueType: 'Epic',
      summary: 'Roll out the new expense policy',
      status: 'To Do',
    }).key;
  }

  it('runs there too (projectTypes lists team-managed): blocks, then lets an approved rollout start', async () => {
    const key = teamProject();
    const seen = spyOnValidator();
    await makeRollout(host, { issueKey: key, departments: [{ department: 'Sales' }] });
    await requestApproval(host, key);
    expect(await transition('coordinator', ROLL_TRANSITIONS.start, key)).toEqual(
      blockedWith('Waiting for approval from Sales (Sophie Bernard)'),
    );
    const { envelope } = await decideAs(host, 'head-sales', 'Sales', 'approved', '', key);
    expect(envelope.ok).toBe(true);
    expect(await transition('coordinator', ROLL_TRANSITIONS.start, key)).toEqual({
      status: 204,
      body: undefined,
    });
    expect(statusOf(key)).toBe('In Progress');
    expect(seen.events).toHaveLength(2);
  });

  it('would not run there for an app declaring company-managed projects only (the default)', async () => {
    const key = teamProject();
    // This test's host only: the manifest as it was before it listed team-managed projects.
    const gate = host.app.module(GATE_VALIDATOR);
    if (!gate) throw new Error('no gate module');
    delete gate.projectTypes;
    const seen = spyOnValidator();
    expect(await transition('coordinator', ROLL_TRANSITIONS.start, key)).toEqual(
      blockedWith(
        'The transition is blocked: "rollout-approval-gate" is not available in team-managed projects (manifest projectTypes).',
      ),
    );
    expect(seen.events).toEqual([]);
  });
});
