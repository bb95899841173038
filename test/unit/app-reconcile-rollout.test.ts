/**
 * One rollout's reconciliation against a Jira with more work issues than it reads: what it did
 * not reach stays kept, what it read is repaired.
 */
import type { WorkIssue } from '../../src/atlassian/jira/port';
import { reconcileRollout } from '../../src/app/work-states';
import { emptyWorkStates, type WorkStates } from '../../src/domain/work-states';

const ROLLOUT = 'r1';

function issue(n: number, statusCategory = 'new'): WorkIssue {
  return {
    id: String(n),
    key: `ROLL-${String(n)}`,
    statusCategory,
    dueDate: '',
    updated: 1,
    property: { rolloutId: ROLLOUT, role: 'work', planItemId: `p${String(n)}`, phaseId: 'ph' },
  };
}

/** Jira pages of 100 over `issues`; kept states in memory, written whole. */
function ports(issues: WorkIssue[], kept: WorkStates) {
  let states = kept;
  return {
    states: () => states,
    ports: {
      jira: {
        workIssuesPage(_jql: string, token?: string) {
          const from = Number(token ?? '0');
          const next = from + 100;
          return Promise.resolve({
            issues: issues.slice(from, next),
            ...(next < issues.length ? { nextPageToken: String(next) } : {}),
          });
        },
      },
      workStates: {
        get: () => Promise.resolve(states),
        replace: (_current: WorkStates | undefined, next: WorkStates) => {
          states = next;
          return Promise.resolve('written' as const);
        },
        remove: () => Promise.resolve(),
      },
    },
  };
}

describe('reconcileRollout', () => {
  it('drops no kept issue when the search was cut at its cap', async () => {
    const kept: WorkStates = {
      ...emptyWorkStates(ROLLOUT),
      items: { '2500': ['p2500', 'ph', [], 'new', '', 1] },
    };
    const jira = Array.from({ length: 2_600 }, (_, i) => issue(i + 1));
    const fake = ports(jira, kept);
    await reconcileRollout(fake.ports, ROLLOUT, () => true);
    expect(fake.states().items['2500']).toBeDefined();
  });

  it('drops a kept issue the whole search no longer finds', async () => {
    const kept: WorkStates = {
      ...emptyWorkStates(ROLLOUT),
      items: { '99': ['p99', 'ph', [], 'new', '', 1] },
    };
    const fake = ports([issue(1, 'done')], kept);
    const outcome = await reconcileRollout(fake.ports, ROLLOUT, () => true);
    expect(outcome).toEqual({ repaired: true, complete: true });
    expect(Object.keys(fake.states().items)).toEqual(['1']);
    expect(fake.states().items['1']?.[3]).toBe('done');
  });
});
