/**
 * Data at scale, shared by the local-host tests that check what the emulators answer over many
 * rows and by bench/emulators.ts that times the same operations: rollout tasks in the storage
 * emulator, and paging every issue id of a JQL search through the Jira emulator.
 */
import Database from 'better-sqlite3';
import { route } from '@forge/api';
import { z } from 'zod';
import { entityDefsFromManifest, KvsEmulator, kvsBackend, type EntityDef } from '../../local/kvs';
import { installForgeRuntime } from '../../local/runtime';
import { jiraAs } from './jira';

export interface ScaleTask {
  rolloutId: string;
  phase: string;
  due: number;
  done: boolean;
}

/** The `rollout-task` entity, indexed by rollout and due date, plus `extraIndexes`. */
export function rolloutTaskDefs(extraIndexes: unknown[] = []): EntityDef[] {
  return entityDefsFromManifest({
    app: {
      storage: {
        entities: [
          {
            name: 'rollout-task',
            attributes: {
              rolloutId: { type: 'string' },
              phase: { type: 'string' },
              due: { type: 'integer' },
              done: { type: 'boolean' },
            },
            indexes: [
              { name: 'by-rollout-due', partition: ['rolloutId'], range: ['due'] },
              ...extraIndexes,
            ],
          },
        ],
      },
    },
  });
}

/** A storage emulator on `db`, installed as the Forge runtime's storage (no product calls). */
export function openKvs(db: Database.Database, defs: EntityDef[]): KvsEmulator {
  const emulator = new KvsEmulator(db, defs);
  installForgeRuntime({
    kvs: kvsBackend(emulator),
    product: () => Promise.resolve(new Response(null, { status: 501 })),
  });
  return emulator;
}

/**
 * `rows` tasks in `batch/set` bodies of 25: nine in ten in rollout "big", the tenth in "other",
 * due on their number, phases p0–p6, every third done.
 */
export function taskBatches(rows: number): string[] {
  const batches: string[] = [];
  for (let start = 0; start < rows; start += 25) {
    const items = Array.from({ length: 25 }, (_, i) => {
      const n = start + i;
      const value: ScaleTask = {
        rolloutId: n % 10 === 0 ? 'other' : 'big',
        phase: `p${n % 7}`,
        due: n,
        done: n % 3 === 0,
      };
      return { key: `task-${String(n).padStart(6, '0')}`, value, entityName: 'rollout-task' };
    });
    batches.push(JSON.stringify(items));
  }
  return batches;
}

const idPageSchema = z.object({
  issues: z.array(z.object({ id: z.string() })),
  nextPageToken: z.string().optional(),
});

/** Every issue id `jql` finds, paged as the app pages (`nextPageToken`), as the app. */
export async function allIssueIds(jql: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let token: string | undefined;
  do {
    const answer = await jiraAs(
      'app',
      'POST',
      route`/rest/api/3/search/jql`,
      '/rest/api/3/search/jql',
      { jql, fields: ['id'], maxResults: 10_000, ...(token ? { nextPageToken: token } : {}) },
    );
    const page = idPageSchema.parse(answer.body);
    for (const issue of page.issues) ids.add(issue.id);
    token = page.nextPageToken;
  } while (token);
  return ids;
}
