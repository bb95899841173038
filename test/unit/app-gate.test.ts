/**
 * The approval gate's use case on its own, with fakes for exactly the ports it declares
 * (`GatePorts`: Jira, rollouts, approvals): it passes what is not a gated rollout, names who is
 * pending, and fails closed when storage fails.
 */
import { checkGate, type GatePorts } from '../../src/app/gate';
import type { JiraUser } from '../../src/atlassian/jira/port';
import { pendingApproval, type Approval } from '../../src/domain/approvals';
import { newRollout, type Rollout } from '../../src/domain/rollout';

const rollout: Rollout = {
  ...newRollout(
    {
      id: 'r1',
      title: 'New CRM',
      objective: 'Everyone on the CRM',
      targetDate: '2030-09-30',
      projectKey: 'ROLL',
      departments: [
        { departmentId: 'sales', name: 'Sales', headAccountId: 'head-sales', stage: 1 },
        { departmentId: 'ops', name: 'Operations', headAccountId: 'head-ops', stage: 2 },
      ],
      createdBy: 'coordinator',
      language: 'en',
      anchor: { id: '10001', key: 'ROLL-1' },
    },
    new Date('2030-01-01T09:00:00.000Z'),
  ),
  approvalState: 'awaiting-approval',
  round: 1,
  openedStage: 1,
};

const round: Approval[] = rollout.departments.map((d) => pendingApproval('r1', 1, d));

function user(accountId: string, displayName: string, locale = 'en-US'): JiraUser {
  return { accountId, displayName, active: true, avatarUrl: null, locale };
}

/** Fakes for the gate's ports; `stored` is what storage holds for issue 10001. */
function ports(stored: Rollout | undefined, fail = false): GatePorts {
  const users = new Map([
    ['head-sales', user('head-sales', 'Sofia Head')],
    ['mover', user('mover', 'Marc Mover', 'fr-FR')],
  ]);
  return {
    jira: {
      getIssue: (key: string) =>
        Promise.resolve(
          key === 'ROLL-1'
            ? { id: '10001', key, summary: '', projectKey: 'ROLL', hierarchyLevel: 1 }
            : undefined,
        ),
      getUsers: (ids: readonly string[]) =>
        Promise.resolve(new Map([...users].filter(([id]) => ids.includes(id)))),
    },
    rollouts: {
      findByIssue: (issueId: string) =>
        fail
          ? Promise.reject(new Error('storage down'))
          : Promise.resolve(issueId === '10001' ? stored : undefined),
    },
    approvals: {
      listRound: () => Promise.resolve(round),
    },
  };
}

describe('checkGate', () => {
  it('lets a transition through on an issue that anchors no rollout', async () => {
    expect(await checkGate({ id: '20002' }, 'mover', ports(rollout))).toEqual({ pass: true });
  });

  it('blocks while the round waits, naming who (looked up by key when the event has no id)', async () => {
    expect(await checkGate({ key: 'ROLL-1' }, 'mover', ports(rollout))).toEqual({
      pass: false,
      block: {
        kind: 'waiting',
        pending: [{ department: 'Sales', person: 'Sofia Head' }],
        stage: 1,
        stageCount: 2,
      },
      locale: 'fr-FR',
    });
  });

  it('fails closed when storage fails or the event names no issue', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const unavailable = { pass: false, block: { kind: 'unavailable' }, locale: 'fr-FR' };
    expect(await checkGate({ id: '10001' }, 'mover', ports(rollout, true))).toEqual(unavailable);
    expect(await checkGate(undefined, 'mover', ports(rollout))).toEqual(unavailable);
    jest.restoreAllMocks();
  });
});
