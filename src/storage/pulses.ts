/**
 * Pulses in Forge storage, kept so that no record ties an answer to a person or to a time
 * (docs/decisions/0021-anonymous-feedback.md):
 * - `pulse` (key = pulse id; index `by-rollout`): the pulse and its running tallies, versioned.
 * - `pulse-answers` (key = `<pulseId>:<departmentId>:<page>`): buckets of one department's
 *   answers, sorted by content, made before any answer goes in (the first when the pulse opens,
 *   the next when one fills), so no bucket's own creation time is an answer's.
 * - receipts (plain keys `pulse-receipt:<pulseId>:<hmac>`): one per person per pulse, the key an
 *   HMAC-SHA256 of the pulse and the account id under a per-installation secret held in Forge's
 *   secret storage; the value says nothing. Apart from the answers: nothing links the two.
 * - `pulse-check-in` (key = id; index `by-rollout`): supervisors' and heads' check-ins, named.
 * - `pulse-department:<departmentId>:<pulseId>` (plain keys, value `{ pulseId, rolloutId, to }`):
 *   the pulses asking a department, written when a pulse opens, removed when it is closed or when
 *   the rollout's next pulse opens; "My rollouts" reads a person's departments' keys by prefix.
 *
 * An answer is one transaction: the pulse (conditioned on the version read), the bucket
 * (conditioned likewise), the receipt, and the next empty bucket when this one fills. Every
 * answer to a pulse moves its version, so two answers of one person cannot both commit.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import {
  bucketKey,
  emptyBucket,
  PULSES_PER_ROLLOUT_MAX,
  type AnswerBucket,
  type CheckIn,
  type Pulse,
} from '../domain/pulses';
import type { StorageClient } from './client';
import { commitUnlessStale, isKeyConflict } from './kvs-errors';

const PULSE = 'pulse';
const BUCKET = 'pulse-answers';
const CHECK_IN = 'pulse-check-in';
const SECRET = 'pulse-receipt-key';
/** Check-ins read at once: the most recent. */
export const CHECK_INS_PAGE = 100;
/** Buckets created at once (a storage transaction takes 25 operations). */
const CREATE_CHUNK = 25;
/** Index rows of one department read at once (Forge's page of a plain-key query). */
export const DEPARTMENT_PULSES_PAGE = 20;

export interface DepartmentPulse {
  pulseId: string;
  rolloutId: string;
  to: string;
}

const departmentPulsePrefix = (departmentId: string): string => `pulse-department:${departmentId}:`;

function departmentPulseKeys(pulse: Pick<Pulse, 'id' | 'departmentIds'>): string[] {
  return pulse.departmentIds.map((id) => `${departmentPulsePrefix(id)}${pulse.id}`);
}

/**
 * The backfill of department index rows for pulses opened before those rows were written: the
 * walk's position over the rollouts (approval state's index, cursor in it) while it runs, `done`
 * once every one was visited.
 */
export interface DepartmentIndexBackfill {
  state: number;
  cursor?: string;
  done: boolean;
}

/** Plain key of the backfill's state (one per installation). */
const BACKFILL_KEY = 'pulse-department-backfill';

export function pulseRepository(kvs: StorageClient) {
  let known: string | undefined;

  /** The installation's receipt key: made once, by whichever answer needs it first. */
  async function secret(): Promise<string> {
    known ??= await storedSecret();
    return known;
  }

  async function storedSecret(): Promise<string> {
    const stored = await kvs.getSecret<string>(SECRET);
    if (stored) return stored;
    try {
      await kvs.setSecret(SECRET, randomBytes(32).toString('base64'), {
        keyPolicy: 'FAIL_IF_EXISTS',
      });
    } catch (error) {
      if (!isKeyConflict(error)) throw error;
    }
    const made = await kvs.getSecret<string>(SECRET);
    if (!made) throw new Error('the receipt key was not kept');
    return made;
  }

  async function receiptKey(pulseId: string, accountId: string): Promise<string> {
    const mac = createHmac('sha256', Buffer.from(await secret(), 'base64'))
      .update(`${pulseId}\u0000${accountId}`)
      .digest('hex');
    return `pulse-receipt:${pulseId}:${mac}`;
  }

  return {
    async get(pulseId: string): Promise<Pulse | undefined> {
      return kvs.entity<Pulse>(PULSE).get(pulseId);
    },

    /** A rollout's pulses, the earliest period first (one page: a rollout holds at most 52). */
    async listByRollout(rolloutId: string): Promise<Pulse[]> {
      const page = await kvs
        .entity<Pulse>(PULSE)
        .query()
        .index('by-rollout', { partition: [rolloutId] })
        .where(WhereConditions.greaterThan(''))
        .sort(Sort.ASC)
        .limit(PULSES_PER_ROLLOUT_MAX)
        .getMany();
      return page.results.map((row) => row.value);
    },

    /**
     * Makes the pulse with the first bucket of each department, buckets first so that the pulse
     * never shows without them: 'exists' when a pulse with this id was made already.
     */
    async create(pulse: Pulse): Promise<'created' | 'exists'> {
      for (let i = 0; i < pulse.departmentIds.length; i += CREATE_CHUNK) {
        await Promise.all(
          pulse.departmentIds.slice(i, i + CREATE_CHUNK).map(async (departmentId) => {
            try {
              await kvs
                .entity<AnswerBucket>(BUCKET)
                .set(bucketKey(pulse.id, departmentId, 0), emptyBucket(pulse.id, departmentId, 0), {
                  keyPolicy: 'FAIL_IF_EXISTS',
                });
            } catch (error) {
              // Made by an earlier attempt of this very open.
              if (!isKeyConflict(error)) throw error;
            }
          }),
        );
      }
      try {
        await kvs.entity<Pulse>(PULSE).set(pulse.id, pulse, { keyPolicy: 'FAIL_IF_EXISTS' });
        return 'created';
      } catch (error) {
        if (isKeyConflict(error)) return 'exists';
        throw error;
      }
    },

    /**
     * Writes the department index rows of a pulse (idempotent: a retried open writes them again)
     * and removes those of `ended` (the rollout's pulse before it, whose rows stay until then
     * when it ran its course): ⌈departments / 25⌉ calls each.
     */
    async indexDepartments(pulse: Pulse, ended: Pulse | undefined): Promise<void> {
      const value: DepartmentPulse = {
        pulseId: pulse.id,
        rolloutId: pulse.rolloutId,
        to: pulse.to,
      };
      const keys = departmentPulseKeys(pulse);
      for (let i = 0; i < keys.length; i += CREATE_CHUNK) {
        await kvs.batchSet(keys.slice(i, i + CREATE_CHUNK).map((key) => ({ key, value })));
      }
      if (ended) await this.unindexDepartments(ended);
    },

    /** Where the one-time department index backfill stands (undefined: not started). */
    async departmentIndexBackfill(): Promise<DepartmentIndexBackfill | undefined> {
      return kvs.get<DepartmentIndexBackfill>(BACKFILL_KEY);
    },

    async saveDepartmentIndexBackfill(state: DepartmentIndexBackfill): Promise<void> {
      await kvs.set(BACKFILL_KEY, state);
    },

    /** Removes a pulse's department index rows (closed, or over). */
    async unindexDepartments(pulse: Pick<Pulse, 'id' | 'departmentIds'>): Promise<void> {
      const keys = departmentPulseKeys(pulse);
      for (let i = 0; i < keys.length; i += CREATE_CHUNK) {
        await kvs.batchDelete(keys.slice(i, i + CREATE_CHUNK).map((key) => ({ key })));
      }
    },

    /**
     * The pulses asking any of `departmentIds` whose period has not ended by `day` (rows of
     * ended pulses are skipped, the record is the judge): one storage call per department.
     */
    async openToDepartments(
      departmentIds: readonly string[],
      day: string,
    ): Promise<{ rows: DepartmentPulse[]; more: boolean }> {
      const pages = await Promise.all(
        departmentIds.map((id) =>
          kvs
            .query()
            .where('key', WhereConditions.beginsWith(departmentPulsePrefix(id)))
            .limit(DEPARTMENT_PULSES_PAGE)
            .getMany<DepartmentPulse>(),
        ),
      );
      const rows = new Map<string, DepartmentPulse>();
      for (const row of pages.flatMap((p) => p.results)) {
        if (row.value.to >= day) rows.set(row.value.pulseId, row.value);
      }
      return { rows: [...rows.values()], more: pages.some((p) => p.nextCursor !== undefined) };
    },

    /** The pulses of `ids` that exist: one storage call per 25. */
    async getMany(ids: readonly string[]): Promise<Pulse[]> {
      const found: Pulse[] = [];
      for (let i = 0; i < ids.length; i += CREATE_CHUNK) {
        const result = await kvs.batchGet<Pulse>(
          ids.slice(i, i + CREATE_CHUNK).map((key) => ({ key, entityName: PULSE })),
        );
        found.push(...result.successfulKeys.map((row) => row.value));
      }
      return found;
    },

    /** Closes the pulse early, unless someone wrote it since `current` was read. */
    async replace(current: Pulse, next: Pulse): Promise<'written' | 'stale'> {
      return commitUnlessStale(
        kvs.transact().set(next.id, next, {
          entityName: PULSE,
          conditions: new Filter<Pulse>().and('version', FilterConditions.equalTo(current.version)),
        }),
      );
    },

    async bucket(
      pulseId: string,
      departmentId: string,
      page: number,
    ): Promise<AnswerBucket | undefined> {
      return kvs.entity<AnswerBucket>(BUCKET).get(bucketKey(pulseId, departmentId, page));
    },

    /** Whether this person answered this pulse (their receipt exists). */
    async hasAnswered(pulseId: string, accountId: string): Promise<boolean> {
      return (await kvs.get(await receiptKey(pulseId, accountId))) !== undefined;
    },

    /**
     * Stores one answer: the pulse's new tallies, the bucket with the answer, the person's
     * receipt, and `opens` (the department's next empty bucket) when this one is full. 'stale'
     * when the pulse or the bucket changed since they were read (nothing was written).
     */
    async answer(write: {
      pulse: Pulse;
      next: Pulse;
      bucket: AnswerBucket;
      filled: AnswerBucket;
      opens: AnswerBucket | undefined;
      accountId: string;
    }): Promise<'written' | 'stale'> {
      const receipt = await receiptKey(write.pulse.id, write.accountId);
      let transaction = kvs
        .transact()
        .set(write.next.id, write.next, {
          entityName: PULSE,
          conditions: new Filter<Pulse>().and(
            'version',
            FilterConditions.equalTo(write.pulse.version),
          ),
        })
        .set(
          bucketKey(write.filled.pulseId, write.filled.departmentId, write.filled.page),
          write.filled,
          {
            entityName: BUCKET,
            conditions: new Filter<AnswerBucket>().and(
              'version',
              FilterConditions.equalTo(write.bucket.version),
            ),
          },
        )
        .set(receipt, true);
      if (write.opens) {
        transaction = transaction.set(
          bucketKey(write.opens.pulseId, write.opens.departmentId, write.opens.page),
          write.opens,
          { entityName: BUCKET },
        );
      }
      return commitUnlessStale(transaction);
    },

    /** Records a check-in once (its id is the request's): false when it was recorded before. */
    async addCheckIn(checkIn: CheckIn): Promise<boolean> {
      try {
        await kvs
          .entity<CheckIn>(CHECK_IN)
          .set(checkIn.id, checkIn, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },

    async checkIn(id: string): Promise<CheckIn | undefined> {
      return kvs.entity<CheckIn>(CHECK_IN).get(id);
    },

    /** A rollout's most recent check-ins, newest first (one page). */
    async recentCheckIns(rolloutId: string): Promise<CheckIn[]> {
      const page = await kvs
        .entity<CheckIn>(CHECK_IN)
        .query()
        .index('by-rollout', { partition: [rolloutId] })
        .where(WhereConditions.greaterThan(''))
        .sort(Sort.DESC)
        .limit(CHECK_INS_PAGE)
        .getMany();
      return page.results.map((row) => row.value);
    },
  };
}

export type PulseRepository = ReturnType<typeof pulseRepository>;
