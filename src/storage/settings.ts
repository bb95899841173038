/** The admin's approval settings (`app-settings`, key `approvals`), versioned like everything edited. */
import { Filter, FilterConditions } from '@forge/kvs';
import type { StorageClient } from './client';
import { DEFAULT_SETTINGS, type ApprovalSettings } from '../domain/settings';
import { isConditionFailure, isKeyConflict } from './kvs-errors';

const SETTINGS = 'app-settings';
const KEY = 'approvals';

export function settingsRepository(kvs: StorageClient) {
  return {
    /** The settings, or the defaults when an admin never saved any. */
    async get(): Promise<ApprovalSettings> {
      // Settings saved before a setting existed take its default.
      const stored = await kvs.entity<ApprovalSettings>(SETTINGS).get(KEY);
      return stored ? { ...DEFAULT_SETTINGS, ...stored } : DEFAULT_SETTINGS;
    },

    async save(previousVersion: number, next: ApprovalSettings): Promise<'written' | 'stale'> {
      try {
        if (previousVersion === 0) {
          await kvs
            .entity<ApprovalSettings>(SETTINGS)
            .set(KEY, next, { keyPolicy: 'FAIL_IF_EXISTS' });
        } else {
          await kvs
            .transact()
            .set(KEY, next, {
              entityName: SETTINGS,
              conditions: new Filter<ApprovalSettings>().and(
                'version',
                FilterConditions.equalTo(previousVersion),
              ),
            })
            .execute();
        }
        return 'written';
      } catch (error) {
        if (isKeyConflict(error) || isConditionFailure(error)) return 'stale';
        throw error;
      }
    },
  };
}

export type SettingsRepository = ReturnType<typeof settingsRepository>;
