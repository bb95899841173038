/**
 * Problems in Forge storage: `problem` (key = the problem's id, the raise's request id), with
 * index `by-rollout` (a rollout's problems, newest first: the triage list), `by-rollout-status`
 * (a rollout's problems in one status) and `by-status` (every rollout's problems in one status,
 * oldest first: the daily job's walk over unacknowledged ones).
 *
 * A raise first claims the key (FAIL_IF_EXISTS), so two clicks with the same request id never
 * both create an issue; every later write is conditioned on the version it read, with its audit
 * events in the same transaction, so of two racing triage steps exactly one is written.
 *
 * The issue type problems get in a project is remembered under `problem-issue-type:<project>`,
 * so raising costs no project look-up after the first time; `problem-mail:<id>` records that a
 * problem's "raised" e-mail went out. Each write keeps the owner's entry in the person index
 * (storage/person-index.ts) in the same transaction: what "My rollouts" lists as theirs.
 */
import { Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { AuditEvent } from '../domain/audit';
import { PROBLEM_PAGE } from '../domain/limits';
import type { Problem, ProblemStatus } from '../domain/problems';
import { withEvents } from './audit';
import type { StorageClient } from './client';
import { isKeyConflict } from './kvs-errors';
import { commitWithIndex, personIndexRepository, problemIndexChanges } from './person-index';

const PROBLEM = 'problem';
/** A page of the triage list and of the daily job's walk. */
export { PROBLEM_PAGE };

export type ProblemWrite = 'written' | 'stale';

function unchanged(problem: Problem) {
  return new Filter<Problem>().and('version', FilterConditions.equalTo(problem.version));
}

function issueTypeKey(projectKey: string): string {
  return `problem-issue-type:${projectKey}`;
}

export function problemRepository(kvs: StorageClient) {
  return {
    async get(id: string): Promise<Problem | undefined> {
      return kvs.entity<Problem>(PROBLEM).get(id);
    },

    /** The problems of `ids` that exist: one storage call per 25. */
    async getMany(ids: readonly string[]): Promise<Problem[]> {
      const keys = [...new Set(ids)];
      const batches: string[][] = [];
      for (let i = 0; i < keys.length; i += 25) batches.push(keys.slice(i, i + 25));
      const results = await Promise.all(
        batches.map((chunk) =>
          kvs.batchGet<Problem>(chunk.map((key) => ({ key, entityName: PROBLEM }))),
        ),
      );
      const found: Problem[] = [];
      for (const result of results) {
        const failed = result.failedKeys.filter((key) => key.error.code !== 'KEY_NOT_FOUND');
        if (failed.length > 0)
          throw new Error(`could not read ${String(failed.length)} problem(s)`);
        for (const row of result.successfulKeys) found.push(row.value);
      }
      return found;
    },

    /** Writes a new problem unless its id is taken ('exists': a duplicate or a retried raise). */
    async claim(problem: Problem): Promise<'written' | 'exists'> {
      try {
        await kvs
          .entity<Problem>(PROBLEM)
          .set(problem.id, problem, { keyPolicy: 'FAIL_IF_EXISTS' });
        // A claim takes a key policy, which transactions do not: the owner's entry follows it.
        await personIndexRepository(kvs).apply(problemIndexChanges(undefined, problem));
        return 'written';
      } catch (error) {
        if (isKeyConflict(error)) return 'exists';
        throw error;
      }
    },

    /** Replaces `previous` by `next`, with its events, if nobody changed the problem meanwhile. */
    replace(
      previous: Problem,
      next: Problem,
      events: readonly AuditEvent[] = [],
    ): Promise<ProblemWrite> {
      const transaction = kvs
        .transact()
        .set(next.id, next, { entityName: PROBLEM, conditions: unchanged(previous) });
      // A problem's change moves at most one owner's entry: two operations, always room.
      return commitWithIndex(
        kvs,
        withEvents(transaction, events),
        problemIndexChanges(previous, next),
        1 + events.length,
      );
    },

    /** A rollout's newest problems (first `limit`, at most a page). */
    async listByRollout(rolloutId: string, limit = PROBLEM_PAGE): Promise<Problem[]> {
      const page = await kvs
        .entity<Problem>(PROBLEM)
        .query()
        .index('by-rollout', { partition: [rolloutId] })
        .where(WhereConditions.greaterThan(''))
        .sort(Sort.DESC)
        .limit(Math.min(limit, PROBLEM_PAGE))
        .getMany();
      return page.results.map((row) => row.value);
    },

    /** A rollout's problems in one status, oldest first (first page). */
    async listByRolloutStatus(rolloutId: string, status: ProblemStatus): Promise<Problem[]> {
      const page = await kvs
        .entity<Problem>(PROBLEM)
        .query()
        .index('by-rollout-status', { partition: [rolloutId, status] })
        .where(WhereConditions.greaterThan(''))
        .sort(Sort.ASC)
        .limit(PROBLEM_PAGE)
        .getMany();
      return page.results.map((row) => row.value);
    },

    /** One page of every rollout's problems in `status`, oldest raised first. */
    async pageByStatus(
      status: ProblemStatus,
      cursor: string | undefined,
    ): Promise<{ problems: Problem[]; nextCursor: string | undefined }> {
      let query = kvs
        .entity<Problem>(PROBLEM)
        .query()
        .index('by-status', { partition: [status] })
        .where(WhereConditions.greaterThan(''))
        .sort(Sort.ASC)
        .limit(PROBLEM_PAGE);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      return { problems: page.results.map((row) => row.value), nextCursor: page.nextCursor };
    },

    /**
     * Claims the "problem raised" e-mail of a problem: true once, false ever after, so a repeated
     * delivery of its event sends nothing.
     */
    async claimMail(problemId: string): Promise<boolean> {
      try {
        await kvs.set(`problem-mail:${problemId}`, true, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },

    /** The issue type problems get in a project, once looked up ('' when not yet). */
    async issueType(projectKey: string): Promise<string> {
      const stored = await kvs.get<string>(issueTypeKey(projectKey));
      return typeof stored === 'string' ? stored : '';
    },

    async rememberIssueType(projectKey: string, issueTypeId: string): Promise<void> {
      await kvs.set(issueTypeKey(projectKey), issueTypeId);
    },
  };
}

export type ProblemRepository = ReturnType<typeof problemRepository>;
