/**
 * The app's code folder as Forge deploys it, for what the functions read from it besides their
 * code: the translations. On deploy the Forge CLI copies each file of the manifest's
 * `translations.resources` to `__LOCALES__/<key>.json` and writes `__LOCALES__/i18n-info.json`
 * with the locales and the fallback (@forge/cli-shared I18nResourceBundlingService); the runtime
 * reports that folder as `appCodeDir`. The host does the same into a temporary folder, once per
 * app and process.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { I18N_BUNDLE_FOLDER_NAME, I18N_INFO_FILE_NAME } from '@forge/i18n';
import { loadManifest, type LoadedManifest } from './manifest';

const folders = new Map<string, string>();

/** Writes the deployed layout of `app`'s translations; answers the app code folder. */
export function bundleAppCode(app: LoadedManifest): string {
  const known = folders.get(app.root);
  if (known) return known;
  const dir = mkdtempSync(join(tmpdir(), 'forge-app-code-'));
  process.once('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
  const translations = app.manifest.translations;
  if (translations) {
    const locales = join(dir, I18N_BUNDLE_FOLDER_NAME);
    mkdirSync(locales);
    for (const resource of translations.resources) {
      copyFileSync(resolve(app.root, resource.path), join(locales, `${resource.key}.json`));
    }
    writeFileSync(
      join(locales, I18N_INFO_FILE_NAME),
      JSON.stringify({
        translations: {},
        config: {
          locales: translations.resources.map((resource) => resource.key).sort(),
          fallback: translations.fallback,
        },
      }),
    );
  }
  folders.set(app.root, dir);
  return dir;
}

/** This repository's app: the one the host runs unless told another. */
export const APP_ROOT = resolve(__dirname, '..');

/** The app code folder of the app at `root`. */
export function appCodeDirOf(root: string): string {
  return folders.get(root) ?? bundleAppCode(loadManifest(root));
}
