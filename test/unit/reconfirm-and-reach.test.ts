/**
 * A re-confirmation round undoes a start, and the browse check asks Jira only about people it
 * has no fresh "yes" for. Pure rules, and the check's own logic over an in-memory store of what
 * was kept (the Jira and storage adapters are what is replaced, not the code under test).
 */
import { openReconfirmation } from '../../src/domain/reconfirmation';
import type { Rollout } from '../../src/domain/rollout';
import { BROWSE_CHECK_FRESH_MS, cannotBrowseNow } from '../../src/app/approvals/reach';
import type { BrowseChecks } from '../../src/storage/rollouts';
import { aDecidedApproval, aRollout } from '../support/mother';

const AT = '2030-01-10T09:00:00.000Z';

function approvedRollout(overrides: Partial<Rollout> = {}): Rollout {
  return aRollout({
    departments: [
      { departmentId: 'finance', name: 'Finance', headAccountId: 'head-finance', stage: 1 },
      { departmentId: 'ops', name: 'Operations', headAccountId: 'head-ops', stage: 1 },
    ],
    approvalState: 'approved',
    round: 1,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  });
}

describe('openReconfirmation', () => {
  const previous = [
    aDecidedApproval('finance', 1, 'approved', AT),
    aDecidedApproval('ops', 1, 'approved', AT),
  ];
  const changes = new Map([['finance', [{ kind: 'target-date' as const, from: 'a', to: 'b' }]]]);

  it('undoes the start of a rollout under way, which starts again once confirmed', () => {
    const opened = openReconfirmation(
      approvedRollout({ startedAt: AT }),
      previous,
      changes,
      'coordinator',
      AT,
    );
    expect(opened.rollout.approvalState).toBe('awaiting-approval');
    expect(opened.rollout.startedAt).toBeUndefined();
  });

  it('keeps the start of a completed rollout as it was', () => {
    const opened = openReconfirmation(
      approvedRollout({ startedAt: AT, completedAt: AT }),
      previous,
      changes,
      'coordinator',
      AT,
    );
    expect(opened.rollout.startedAt).toBe(AT);
  });
});

describe('cannotBrowseNow', () => {
  const NOW = new Date('2030-01-10T12:00:00.000Z');
  const ISSUE = '10001';

  function world(kept: BrowseChecks, refused: readonly string[]) {
    const asked: string[][] = [];
    let stored: BrowseChecks = kept;
    let writes = 0;
    const ports = {
      jira: {
        cannotBrowse: (issueId: string, accountIds: readonly string[]) => {
          expect(issueId).toBe(ISSUE);
          asked.push([...accountIds]);
          return Promise.resolve(new Set(accountIds.filter((id) => refused.includes(id))));
        },
      },
      rollouts: {
        browseChecks: () => Promise.resolve(stored),
        keepBrowseChecks: (_issueId: string, checks: BrowseChecks) => {
          stored = checks;
          writes += 1;
          return Promise.resolve();
        },
      },
    };
    return { ports, asked, stored: () => stored, writes: () => writes };
  }

  it('asks Jira about everyone the first time, and keeps only the yes answers', async () => {
    const w = world({}, ['riley']);
    const { blocked, checked, left } = await cannotBrowseNow(
      w.ports,
      ISSUE,
      ['ana', 'riley', 'ana', ''],
      NOW,
    );
    expect([...blocked]).toEqual(['riley']);
    expect({ checked, left }).toEqual({ checked: 2, left: 0 });
    expect(w.asked).toEqual([['ana', 'riley']]);
    expect(w.stored()).toEqual({ ana: NOW.toISOString() });
  });

  it('asks nothing and writes nothing when every answer is fresh', async () => {
    const w = world({ ana: new Date(NOW.getTime() - 1000).toISOString() }, []);
    const { blocked, checked } = await cannotBrowseNow(w.ports, ISSUE, ['ana'], NOW);
    expect(blocked.size).toBe(0);
    expect(checked).toBe(0);
    expect(w.asked).toEqual([]);
    expect(w.writes()).toBe(0);
  });

  it('asks again about an answer older than a day, or one dated in the future, and drops it when now refused', async () => {
    const old = new Date(NOW.getTime() - BROWSE_CHECK_FRESH_MS - 1).toISOString();
    const future = new Date(NOW.getTime() + 60_000).toISOString();
    const fresh = NOW.toISOString();
    const w = world({ ana: old, bo: future, cy: fresh, gone: old }, ['ana']);
    const { blocked } = await cannotBrowseNow(w.ports, ISSUE, ['ana', 'bo', 'cy'], NOW);
    expect([...blocked]).toEqual(['ana']);
    expect(w.asked).toEqual([['ana', 'bo']]);
    expect(w.stored()).toEqual({ bo: fresh, cy: fresh });
  });

  it('asks about at most the cap, in order, keeps their yes and leaves the rest for the next request', async () => {
    const w = world({ ana: NOW.toISOString() }, []);
    const people = ['ana', 'bo', 'cy', 'dee', 'eve'];
    const first = await cannotBrowseNow(w.ports, ISSUE, people, NOW, 2);
    expect(first).toEqual({ blocked: new Set(), checked: 2, left: 2 });
    expect(w.asked).toEqual([['bo', 'cy']]);
    const second = await cannotBrowseNow(w.ports, ISSUE, people, NOW, 2);
    expect(second).toEqual({ blocked: new Set(), checked: 2, left: 0 });
    const third = await cannotBrowseNow(w.ports, ISSUE, people, NOW, 2);
    expect(third).toEqual({ blocked: new Set(), checked: 0, left: 0 });
    expect(w.asked).toEqual([
      ['bo', 'cy'],
      ['dee', 'eve'],
    ]);
  });
});
