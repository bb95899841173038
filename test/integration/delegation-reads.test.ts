/**
 * Reading the delegations a round needs (`forPeople`), through the real @forge/kvs against the
 * storage emulator: only the people asked for, current records only, and a bounded number of
 * storage calls whether few or many heads delegate elsewhere in the company.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { runInvocation } from '../../local/runtime';
import type { DelegationRecord } from '../../src/domain/delegation';
import { storageClient } from '../../src/storage/client';
import { delegationRepository } from '../../src/storage/delegations';
import { memoryHost } from '../support/host';

const storage = storageClient(() => 25_000);
const DAY = '2031-03-10';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost({ seed: false });
});

afterEach(async () => {
  await host.close();
});

function head(n: number): string {
  return `rc-head-${String(n).padStart(4, '0')}`;
}

/** A record for head `n` whose one delegation ends on `lastDay`. */
function record(n: number, lastDay: string): DelegationRecord {
  return {
    headAccountId: head(n),
    delegations: [
      {
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        delegateAccountId: 'rc-delegate',
        from: '2031-03-01',
        to: lastDay,
        createdAt: '2031-02-01T09:00:00.000Z',
      },
    ],
    lastDay,
    version: 1,
  };
}

async function store(records: readonly DelegationRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 25) {
    await kvs.batchSet(
      records
        .slice(i, i + 25)
        .map((value) => ({ key: value.headAccountId, value, entityName: 'delegation' })),
    );
  }
}

/** What `forPeople` answers, by head, and the storage calls it made. */
async function read(people: readonly string[]): Promise<{ heads: string[]; calls: number }> {
  return runInvocation({ accountId: undefined, moduleKey: 'test' }, async (invocation) => {
    const found = await delegationRepository(storage).forPeople(people, DAY);
    return {
      heads: found.map((r) => r.headAccountId).sort(),
      calls: invocation.counters.storage,
    };
  });
}

const range = (from: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => from + i);

describe("a round's delegations", () => {
  it('reads a small round by key in one call: the people asked for, with records that have not ended', async () => {
    await store([record(1, '2031-03-20'), record(2, '2031-03-09'), record(3, DAY)]);
    await store(range(100, 150).map((n) => record(n, '2031-04-01')));
    expect(await read([head(1), head(2), head(3), head(4), ''])).toEqual({
      heads: [head(1), head(3)],
      calls: 1,
    });
  });

  it('reads a round of 100 approvers in one query while fewer than 100 heads delegate', async () => {
    await store(range(1, 60).map((n) => record(n, '2031-04-01')));
    await store([record(500, '2031-04-01')]);
    const found = await read(range(1, 100).map(head));
    expect(found).toEqual({ heads: range(1, 60).map(head), calls: 1 });
  });

  it('reads the rest by key when more than 100 heads delegate company-wide', async () => {
    // 300 heads delegate; the round names 100 of them spread across the whole index and 1 who
    // does not delegate.
    await store(range(1, 300).map((n) => record(n, n % 2 === 0 ? '2031-04-01' : '2031-05-01')));
    const round = [...range(1, 100).map((n) => head(n * 3)), head(999)];
    const found = await read(round);
    expect(found.heads).toEqual(
      range(1, 100)
        .map((n) => head(n * 3))
        .sort(),
    );
    // One page of the query, then what it did not hold by key: at most ⌈101 / 25⌉ batches.
    expect(found.calls).toBeGreaterThan(1);
    expect(found.calls).toBeLessThanOrEqual(1 + 5);
  });
});
