/**
 * Department directory: storage and REST round trips and time per list and per create, for
 * directories of 4 (the demo), 100 and 300 (the maximum) departments. Round trips must not grow.
 */
import { randomUUID } from 'node:crypto';
import { startLocalHost } from '../local/host';
import { REACH_DEPARTMENTS_PER_LIST } from '../src/app/directory-reach';
import { sample, table, type Sample } from './measure';

const MODULE = 'rollout-admin';
const SIZES = [4, 100, 300] as const;

export interface DirectoryFigures {
  size: number;
  list: Sample;
  create: Sample;
}

export async function benchDirectory(): Promise<{
  figures: DirectoryFigures[];
  report: string;
  ok: boolean;
}> {
  const figures: DirectoryFigures[] = [];
  for (const size of SIZES) {
    const host = await startLocalHost({ memory: true });
    const head = host.persona('head-sales')?.accountId ?? '';
    const create = (name: string) =>
      host.invoke({
        moduleKey: MODULE,
        functionKey: 'directory/create',
        as: 'admin',
        payload: { requestId: randomUUID(), name, headAccountId: head },
      });
    for (let i = 4; i < size - 1; i += 1) await create(`Department ${String(i).padStart(3, '0')}`);
    const list = await sample(15, () =>
      host.invoke({ moduleKey: MODULE, functionKey: 'directory/list', as: 'admin' }),
    );
    // The last slot: creating into a directory one short of `size`.
    const created = await sample(1, () => create(`Department last ${String(size)}`));
    figures.push({ size, list, create: created });
    await host.close();
  }
  const rows = figures.flatMap((f) => [
    [f.size, 'list', f.list.storage, f.list.product, f.list.ms],
    [f.size, 'create', f.create.storage, f.create.product, f.create.ms],
  ]);
  // The budget: round trips are bounded by the directory's cap, whatever its size. A list reads at
  // most 3 pages and makes 1 permission check + at most 6 user look-ups; for an administrator it
  // also renews the access checks of at most REACH_DEPARTMENTS_PER_LIST departments (decision
  // 0050): the last checks and the marks (2 reads), per department its links query, its rollouts
  // and its head's delegations (3), then one save and one clearing of marks.
  const listStorage = 3 + 2 + REACH_DEPARTMENTS_PER_LIST * 3 + 2;
  const ok = figures.every(
    (f) =>
      f.list.storage <= listStorage &&
      f.list.product <= 7 &&
      f.create.storage <= 8 &&
      f.create.product <= 3,
  );
  const report = [
    `Department directory (median ms; storage and REST calls per call, max over runs; budget: list ${String(listStorage)} storage and 7 REST, create 8 and 3)`,
    table(['departments', 'call', 'storage', 'REST', 'ms'], rows),
  ].join('\n');
  return { figures, report, ok };
}
