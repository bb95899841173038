/**
 * What each person has to do across rollouts, as plain kvs keys `person:<accountId>:<kind>:<ref>`
 * (no storage entity: the manifest holds Forge's 20 already). The "My rollouts" page reads a
 * person's keys with one prefix query, whatever the number of rollouts; no scan.
 *
 * Entries are written in the transaction of the write that makes them true (a problem's owner,
 * a rollout's session owners), so the index and its source cannot disagree after a failure. An
 * entry says only where to look: the page reads the record itself and trusts it, not the entry.
 */
import { WhereConditions } from '@forge/kvs';
import type { Problem } from '../domain/problems';
import { isOpenProblem } from '../domain/problems';
import type { Rollout } from '../domain/rollout';
import type { StorageClient } from './client';
import { commitUnlessStale, type Transaction } from './kvs-errors';

/** Forge's page of a plain-key query holds at most 20 keys. */
export const PERSON_PAGE = 20;
/** Pages read per kind of entry: the page serves a person's first 60 of each. */
export const PERSON_PAGES_MAX = 3;
/** Forge's bound on the operations of one transaction or batch. */
const OPERATIONS_MAX = 25;

export type PersonEntry =
  | { kind: 'problem'; rolloutId: string; problemId: string }
  | { kind: 'sessions'; rolloutId: string; sessionIds: string[] };

export function personPrefix(accountId: string): string {
  return `person:${accountId}:`;
}

function problemKey(accountId: string, problemId: string): string {
  return `${personPrefix(accountId)}problem:${problemId}`;
}

function sessionsKey(accountId: string, rolloutId: string): string {
  return `${personPrefix(accountId)}sessions:${rolloutId}`;
}

/**
 * Which sessions of a rollout a department's people attend (those for every department, and
 * those naming it): `department:<departmentId>:sessions:<rolloutId>`. A person's departments come
 * from their Jira groups at read time, so a group relinked in the directory needs no rewrite.
 */
export interface DepartmentSessions {
  kind: 'department-sessions';
  rolloutId: string;
  sessionIds: string[];
}

export function departmentSessionsPrefix(departmentId: string): string {
  return `department:${departmentId}:sessions:`;
}

/** A write or removal of one entry. */
export type IndexOperation =
  | { op: 'set'; key: string; value: PersonEntry | DepartmentSessions }
  | { op: 'delete'; key: string };

/** Who an open problem waits for: its owner ('' or a closed problem: nobody). */
function problemHolder(problem: Problem | undefined): string {
  return problem && isOpenProblem(problem) ? problem.ownerAccountId : '';
}

/** The entries a problem's change adds and removes. */
export function problemIndexChanges(
  previous: Problem | undefined,
  next: Problem | undefined,
): IndexOperation[] {
  const before = problemHolder(previous);
  const after = problemHolder(next);
  const problem = next ?? previous;
  if (!problem) return [];
  const changes: IndexOperation[] = [];
  if (before !== '' && before !== after) {
    changes.push({ op: 'delete', key: problemKey(before, problem.id) });
  }
  if (after !== '' && before !== after) {
    changes.push({
      op: 'set',
      key: problemKey(after, problem.id),
      value: { kind: 'problem', rolloutId: problem.rolloutId, problemId: problem.id },
    });
  }
  return changes;
}

/** Each session owner of a rollout and the sessions they own, in the plan's order. */
function ownedSessions(rollout: Pick<Rollout, 'sessions'> | undefined): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const session of rollout?.sessions ?? []) {
    if (session.ownerAccountId === '') continue;
    owners.set(session.ownerAccountId, [...(owners.get(session.ownerAccountId) ?? []), session.id]);
  }
  return owners;
}

/** Each department of a rollout and the sessions its people attend, in the plan's order. */
function attendedSessions(
  rollout: Pick<Rollout, 'sessions' | 'departments'> | undefined,
): Map<string, string[]> {
  const departments = new Map<string, string[]>();
  const all = (rollout?.departments ?? []).map((d) => d.departmentId);
  for (const session of rollout?.sessions ?? []) {
    for (const id of session.allDepartments ? all : session.departmentIds) {
      departments.set(id, [...(departments.get(id) ?? []), session.id]);
    }
  }
  return departments;
}

/** The writes and removals that take `before`'s entries to `after`'s, unchanged ones left out. */
function keyedChanges(
  before: ReadonlyMap<string, string[]>,
  after: ReadonlyMap<string, string[]>,
  keyOf: (holder: string) => string,
  valueOf: (sessionIds: string[]) => PersonEntry | DepartmentSessions,
): IndexOperation[] {
  const changes: IndexOperation[] = [];
  for (const holder of before.keys()) {
    if (!after.has(holder)) changes.push({ op: 'delete', key: keyOf(holder) });
  }
  for (const [holder, sessionIds] of after) {
    if (before.get(holder)?.join(',') === sessionIds.join(',')) continue;
    changes.push({ op: 'set', key: keyOf(holder), value: valueOf(sessionIds) });
  }
  return changes;
}

/**
 * The entries a rollout's change adds, rewrites and removes: one per session owner and rollout
 * (a plan of 500 sessions held by three people is three entries), and one per department and
 * rollout for the sessions its people attend.
 */
export function sessionIndexChanges(
  previous: Pick<Rollout, 'id' | 'sessions' | 'departments'> | undefined,
  next: Pick<Rollout, 'id' | 'sessions' | 'departments'> | undefined,
): IndexOperation[] {
  const rolloutId = (next ?? previous)?.id;
  if (rolloutId === undefined) return [];
  return [
    ...keyedChanges(
      ownedSessions(previous),
      ownedSessions(next),
      (owner) => sessionsKey(owner, rolloutId),
      (sessionIds) => ({ kind: 'sessions', rolloutId, sessionIds }),
    ),
    ...keyedChanges(
      attendedSessions(previous),
      attendedSessions(next),
      (departmentId) => `${departmentSessionsPrefix(departmentId)}${rolloutId}`,
      (sessionIds) => ({ kind: 'department-sessions', rolloutId, sessionIds }),
    ),
  ];
}

/**
 * Adds `changes` to `transaction` while they fit beside `used` operations; answers the rest,
 * which `applyIndexChanges` writes right after the commit (a plan that changes the owners of
 * more sessions than a transaction holds; `rebuild` repairs them if that write fails).
 */
export function withIndexChanges(
  transaction: Transaction,
  changes: readonly IndexOperation[],
  used: number,
): { transaction: Transaction; rest: IndexOperation[] } {
  const room = Math.max(0, OPERATIONS_MAX - used);
  let next = transaction;
  for (const change of changes.slice(0, room)) {
    next = change.op === 'set' ? next.set(change.key, change.value) : next.delete(change.key);
  }
  return { transaction: next, rest: changes.slice(room) };
}

/**
 * Commits `transaction` with the index `changes` that fit beside its `used` operations, then
 * writes the rest (only when it was written).
 */
export async function commitWithIndex(
  kvs: StorageClient,
  transaction: Transaction,
  changes: readonly IndexOperation[],
  used: number,
): Promise<'written' | 'stale'> {
  const indexed = withIndexChanges(transaction, changes, used);
  const outcome = await commitUnlessStale(indexed.transaction);
  if (outcome === 'written' && indexed.rest.length > 0) {
    await personIndexRepository(kvs).apply(indexed.rest);
  }
  return outcome;
}

/** Where the one-time rebuild stands: its cursor, and whether it finished once. */
const REBUILD_KEY = 'person-index-rebuild';

export function personIndexRepository(kvs: StorageClient) {
  async function firstPages(prefix: string): Promise<{ entries: PersonEntry[]; more: boolean }> {
    const entries: PersonEntry[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < PERSON_PAGES_MAX; pages += 1) {
      let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(PERSON_PAGE);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<PersonEntry>();
      for (const row of page.results) entries.push(row.value);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { entries, more: cursor !== undefined };
  }

  return {
    /**
     * A person's entries, each kind apart (so many of one kind never hide the other): per kind
     * one storage call per 20 entries, at most 3 (60 entries), whatever the number of rollouts;
     * `more` when they hold more.
     */
    async entries(accountId: string): Promise<{ entries: PersonEntry[]; more: boolean }> {
      const kinds = await Promise.all(
        (['problem', 'sessions'] as const).map((kind) =>
          firstPages(`${personPrefix(accountId)}${kind}:`),
        ),
      );
      return {
        entries: kinds.flatMap((kind) => kind.entries),
        more: kinds.some((kind) => kind.more),
      };
    },

    /**
     * The rollouts holding sessions for each of `departmentIds`: one storage call (a page of 20)
     * per department; `more` when a department has more.
     */
    async departmentSessions(
      departmentIds: readonly string[],
    ): Promise<{ rolloutIds: string[]; more: boolean }> {
      const pages = await Promise.all(
        departmentIds.map((id) =>
          kvs
            .query()
            .where('key', WhereConditions.beginsWith(departmentSessionsPrefix(id)))
            .limit(PERSON_PAGE)
            .getMany<DepartmentSessions>(),
        ),
      );
      return {
        rolloutIds: [...new Set(pages.flatMap((p) => p.results.map((row) => row.value.rolloutId)))],
        more: pages.some((p) => p.nextCursor !== undefined),
      };
    },

    /** Writes the entries these records call for (a rebuild of data stored before the index). */
    async index(records: {
      rollouts?: readonly Rollout[];
      problems?: readonly Problem[];
    }): Promise<number> {
      const changes = [
        ...(records.rollouts ?? []).flatMap((rollout) => sessionIndexChanges(undefined, rollout)),
        ...(records.problems ?? []).flatMap((problem) => problemIndexChanges(undefined, problem)),
      ];
      await this.apply(changes);
      return changes.length;
    },

    /** How far the one-time rebuild of data stored before the index went (rebuild.ts). */
    async rebuildProgress(): Promise<{ cursor: string; done: boolean }> {
      return (
        (await kvs.get<{ cursor: string; done: boolean }>(REBUILD_KEY)) ?? {
          cursor: '',
          done: false,
        }
      );
    },

    async saveRebuildProgress(progress: { cursor: string; done: boolean }): Promise<void> {
      await kvs.set(REBUILD_KEY, progress);
    },

    /** Writes index changes outside a transaction, 25 a call (idempotent, so retried safely). */
    async apply(changes: readonly IndexOperation[]): Promise<void> {
      const sets = changes.filter((c) => c.op === 'set');
      const deletes = changes.filter((c) => c.op === 'delete');
      for (let i = 0; i < sets.length; i += OPERATIONS_MAX) {
        await kvs.batchSet(
          sets.slice(i, i + OPERATIONS_MAX).map((c) => ({ key: c.key, value: c.value })),
        );
      }
      for (let i = 0; i < deletes.length; i += OPERATIONS_MAX) {
        await kvs.batchDelete(deletes.slice(i, i + OPERATIONS_MAX).map((c) => ({ key: c.key })));
      }
    },
  };
}

export type PersonIndexRepository = ReturnType<typeof personIndexRepository>;
