/**
 * The emulator keeps everything in SQLite: data written through the real `@forge/kvs` is there
 * again when a file-backed database is reopened (as the local host does on restart), index rows
 * follow manifest changes, and index queries page through tens of thousands of rows (how fast:
 * bench/emulators.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { kvs, WhereConditions } from '@forge/kvs';
import type { KvsEmulator } from '../../local/kvs';
import { openKvs, rolloutTaskDefs, taskBatches, type ScaleTask } from '../support/scale';

type Task = ScaleTask;

const manifest = rolloutTaskDefs;
const open = openKvs;

const tasks = (): ReturnType<typeof kvs.entity<Task>> => kvs.entity<Task>('rollout-task');

describe('file-backed persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kvs-emulator-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds plain keys, secrets and entities again after the database is reopened', async () => {
    const file = join(dir, 'forge.sqlite');
    const first = new Database(file);
    open(first, manifest());
    await kvs.set('settings', { locale: 'fr' });
    await kvs.setSecret('token', 'abc');
    await tasks().set('t1', { rolloutId: 'r1', phase: 'pilot', due: 20260301, done: false });
    await tasks().set('t2', { rolloutId: 'r1', phase: 'launch', due: 20260201, done: true });
    first.close();

    const second = new Database(file);
    open(second, manifest());
    expect(await kvs.get('settings')).toEqual({ locale: 'fr' });
    expect(await kvs.getSecret('token')).toBe('abc');
    const page = await tasks()
      .query()
      .index('by-rollout-due', { partition: ['r1'] })
      .getMany();
    expect(page.results.map((r) => r.key)).toEqual(['t2', 't1']);
    second.close();
  });

  it('indexes existing rows when the manifest gains an index', async () => {
    const file = join(dir, 'forge.sqlite');
    const first = new Database(file);
    open(first, manifest());
    await tasks().set('t1', { rolloutId: 'r1', phase: 'pilot', due: 3, done: false });
    await tasks().set('t2', { rolloutId: 'r2', phase: 'pilot', due: 1, done: false });
    await tasks().set('t3', { rolloutId: 'r2', phase: 'launch', due: 2, done: false });
    first.close();

    const second = new Database(file);
    open(second, manifest([{ name: 'by-phase', partition: ['phase'], range: ['due'] }]));
    const pilot = await tasks()
      .query()
      .index('by-phase', { partition: ['pilot'] })
      .getMany();
    expect(pilot.results.map((r) => r.key)).toEqual(['t2', 't1']);
    second.close();
  });
});

describe('index queries at scale', () => {
  const ROWS = 20_000;
  let emulator: KvsEmulator;

  beforeAll(() => {
    emulator = open(new Database(':memory:'), manifest());
    for (const batch of taskBatches(ROWS)) {
      const reply = emulator.handle('/api/v1/batch/set', batch);
      expect(reply.status).toBe(200);
    }
  });

  it('answers a page deep inside a partition of 18,000 rows', async () => {
    const big = (): ReturnType<ReturnType<ReturnType<typeof tasks>['query']>['index']> =>
      tasks()
        .query()
        .index('by-rollout-due', { partition: ['big'] });

    const page = await big().where(WhereConditions.greaterThan(15_000)).limit(100).getMany();
    expect(page.results).toHaveLength(100);
    expect(page.results[0]?.value.due).toBe(15_001);
    const next = await big()
      .where(WhereConditions.greaterThan(15_000))
      .limit(100)
      .cursor(page.nextCursor ?? '')
      .getMany();
    expect(next.results[0]?.value.due).toBe(15_112);
  });
});
