/**
 * The weekly digest's storage, in plain keys (the manifest's entities are at Forge's limit):
 * - `digest-settings:<rolloutId>`: the coordinator's day, on/off and sponsors;
 * - `digest-optout:<rolloutId>:<accountId>`: a person who asked for no more digests of a rollout,
 *   read for a whole rollout in one prefix query;
 * - `digest-sent:<rolloutId>:<isoWeek>:<accountId>`: the claim written before an e-mail is sent,
 *   FAIL_IF_EXISTS, so a second or concurrent run of the same week sends nothing twice.
 */
import { WhereConditions } from '@forge/kvs';
import { defaultDigestSettings, type DigestSettings } from '../domain/digest';
import type { StorageClient } from './client';
import { isKeyConflict } from './kvs-errors';

/**
 * Forge's plain-key queries answer 20 keys a page; a rollout's heads (one per department, at most
 * ROLLOUT_DEPARTMENTS_MAX = 100) and sponsors (20) fit in 6 pages, read only as far as there are
 * opt-outs.
 */
const OPT_OUT_PAGE = 20;
const OPT_OUT_PAGES_MAX = 6;

const settingsKey = (rolloutId: string) => `digest-settings:${rolloutId}`;
const optOutPrefix = (rolloutId: string) => `digest-optout:${rolloutId}:`;
const sentKey = (rolloutId: string, week: string, accountId: string) =>
  `digest-sent:${rolloutId}:${week}:${accountId}`;

export function digestRepository(kvs: StorageClient) {
  return {
    /** The rollout's settings, or the defaults when its coordinator never saved any. */
    async settings(rolloutId: string): Promise<DigestSettings> {
      const stored = await kvs.get<DigestSettings>(settingsKey(rolloutId));
      return stored
        ? { ...defaultDigestSettings(rolloutId), ...stored }
        : defaultDigestSettings(rolloutId);
    },

    /**
     * Writes the settings unless the stored version moved since `previousVersion` was read.
     * Plain keys take no write condition: the check is read-then-write, enough for a record only
     * the rollout's coordinator (or a Jira admin) edits.
     */
    async saveSettings(
      previousVersion: number,
      next: DigestSettings,
    ): Promise<'written' | 'stale'> {
      const current = await kvs.get<DigestSettings>(settingsKey(next.rolloutId));
      if ((current?.version ?? 0) !== previousVersion) return 'stale';
      await kvs.set(settingsKey(next.rolloutId), next);
      return 'written';
    },

    /** Everyone who opted out of the rollout's digest (one query, a bounded few pages). */
    async optedOut(rolloutId: string): Promise<Set<string>> {
      const prefix = optOutPrefix(rolloutId);
      const ids = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; page < OPT_OUT_PAGES_MAX; page += 1) {
        let query = kvs
          .query()
          .where('key', WhereConditions.beginsWith(prefix))
          .limit(OPT_OUT_PAGE);
        if (cursor !== undefined) query = query.cursor(cursor);
        const found = await query.getMany<true>();
        for (const row of found.results) ids.add(row.key.slice(prefix.length));
        cursor = found.nextCursor;
        if (cursor === undefined) break;
      }
      return ids;
    },

    async isOptedOut(rolloutId: string, accountId: string): Promise<boolean> {
      return (await kvs.get(`${optOutPrefix(rolloutId)}${accountId}`)) !== undefined;
    },

    /** Opting out and back in are idempotent: the same answer twice writes the same thing. */
    async setOptedOut(rolloutId: string, accountId: string, optedOut: boolean): Promise<void> {
      const key = `${optOutPrefix(rolloutId)}${accountId}`;
      if (optedOut) await kvs.set(key, true);
      else await kvs.delete(key);
    },

    /** Claims this week's e-mail to `accountId`: true once, false ever after. */
    async claim(rolloutId: string, week: string, accountId: string): Promise<boolean> {
      try {
        await kvs.set(sentKey(rolloutId, week, accountId), true, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },
  };
}

export type DigestRepository = ReturnType<typeof digestRepository>;
