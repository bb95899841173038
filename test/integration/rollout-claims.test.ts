/**
 * Creating a rollout only once, on documented storage primitives only (decision 0005): the id is
 * claimed with FAIL_IF_EXISTS, and the transaction that writes the rollout flips that claim, a
 * condition on an entity that exists. Through the real @forge/kvs against the storage emulator.
 */
import type { LocalHost } from '../../local/host';
import type { AuditEvent } from '../../src/domain/audit';
import type { Rollout } from '../../src/domain/rollout';
import { rolloutRepository } from '../../src/storage/rollouts';
import { kvs } from '@forge/kvs';
import { memoryHost } from '../support/host';
import { aRollout } from '../support/mother';
import { failNthStorageCall, stored, uuid } from '../support/rollouts';
import { storageClient } from '../../src/storage/client';

/** Storage as the app's repositories reach it (retried within a resolver's time). */
const storage = storageClient(() => 25_000);

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost({ seed: false });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const ID = uuid(4242);
const AT = '2031-01-06T09:00:00.000Z';

function rollout(
  title: string,
  anchor: { id: string; key: string } = { id: '', key: '' },
): Rollout {
  return aRollout({
    id: ID,
    title,
    objective: 'Everyone files expenses in the new tool.',
    targetDate: '2031-03-01',
    anchorIssueId: anchor.id,
    anchorIssueKey: anchor.key,
    createdBy: 'rc-demo-coordinator',
    createdAt: AT,
    updatedAt: AT,
  });
}

function created(title: string): AuditEvent {
  return {
    id: `${ID}:${AT}:created:${title}`,
    rolloutId: ID,
    at: AT,
    type: 'rollout-created',
    actorAccountId: 'rc-demo-coordinator',
    onBehalfOfAccountId: '',
    departmentId: '',
    departmentName: '',
    round: 0,
    stage: 0,
    detail: title,
    comment: '',
  };
}

async function eventsOf(): Promise<string[]> {
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [ID] })
    .getMany();
  return page.results.map((row) => row.value.detail);
}

describe('a rollout made from a strategy', () => {
  it('is written once, with its event and a claim marked written; a repeat is stale', async () => {
    expect(await rolloutRepository(storage).create(rollout('First'), [created('First')])).toBe(
      'written',
    );
    expect(await rolloutRepository(storage).create(rollout('Second'), [created('Second')])).toBe(
      'stale',
    );
    expect((await stored<Rollout>('rollout', ID))?.title).toBe('First');
    expect(await eventsOf()).toEqual(['First']);
    expect(await stored('rollout-claim', ID)).toEqual({ rolloutId: ID, state: 'written' });
  });

  it('never overwrites a rollout stored before claims existed', async () => {
    await kvs.entity<Rollout>('rollout').set(ID, rollout('Stored long ago'));
    expect(await rolloutRepository(storage).create(rollout('Reused id'), [created('Reused')])).toBe(
      'stale',
    );
    expect((await stored<Rollout>('rollout', ID))?.title).toBe('Stored long ago');
    expect(await eventsOf()).toEqual([]);
  });

  it('finishes on retry when storage failed after the claim, writing everything once', async () => {
    failNthStorageCall(host, '/api/v1/transaction', 1);
    await expect(
      rolloutRepository(storage).create(rollout('Retried'), [created('Retried')]),
    ).rejects.toThrow();
    expect(await stored('rollout-claim', ID)).toEqual({ rolloutId: ID, state: 'claimed' });
    expect(await stored('rollout', ID)).toBeUndefined();
    expect(await rolloutRepository(storage).create(rollout('Retried'), [created('Retried')])).toBe(
      'written',
    );
    expect(await eventsOf()).toEqual(['Retried']);
  });

  it('lets exactly one of two writers with the same id commit', async () => {
    const outcomes = await Promise.all([
      rolloutRepository(storage).create(rollout('Left'), [created('Left')]),
      rolloutRepository(storage).create(rollout('Right'), [created('Right')]),
    ]);
    expect([...outcomes].sort()).toEqual(['stale', 'written']);
    const winner = outcomes[0] === 'written' ? 'Left' : 'Right';
    expect((await stored<Rollout>('rollout', ID))?.title).toBe(winner);
    expect(await eventsOf()).toEqual([winner]);
  });
});

describe('a rollout set up on a Jira issue', () => {
  const ISSUE = { id: '10042', key: 'ROLL-42' };

  it('is written while its issue is still claimed for it, and only once', async () => {
    expect(await rolloutRepository(storage).claimIssue(ISSUE.id, ID)).toBe(true);
    expect(
      await rolloutRepository(storage).create(rollout('On ROLL-42', ISSUE), [created('Once')]),
    ).toBe('written');
    expect(
      await rolloutRepository(storage).create(rollout('Again', ISSUE), [created('Again')]),
    ).toBe('stale');
    expect((await rolloutRepository(storage).findByIssue(ISSUE.id))?.title).toBe('On ROLL-42');
    expect(await eventsOf()).toEqual(['Once']);
  });

  it('is not written once another rollout took its issue over', async () => {
    expect(await rolloutRepository(storage).claimIssue(ISSUE.id, ID)).toBe(true);
    // The first set-up stalled before writing its rollout: another one takes the issue over.
    expect(await rolloutRepository(storage).claimIssue(ISSUE.id, uuid(4343))).toBe(true);
    expect(
      await rolloutRepository(storage).create(rollout('Too late', ISSUE), [created('Late')]),
    ).toBe('stale');
    expect(await stored('rollout', ID)).toBeUndefined();
    expect(await eventsOf()).toEqual([]);
  });
});
