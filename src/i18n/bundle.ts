/**
 * Reads the locale files Forge bundles with the app's functions. On deploy the Forge CLI copies
 * every file of the manifest's `translations.resources` to `__LOCALES__/<locale>.json` in the
 * function's code, beside an `i18n-info.json` that lists the locales and the fallback
 * (@forge/cli-shared I18nResourceBundlingService); `@forge/api`'s `i18n` reads the same folder
 * under the runtime's `appCodeDir`. These are read synchronously, once per cold start, so that an
 * e-mail, a page or a gate message is built by a plain function
 * (docs/decisions/0010-locale-files-are-the-message-source.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { __getRuntime } from '@forge/api';
import { I18N_BUNDLE_FOLDER_NAME, I18N_INFO_FILE_NAME } from '@forge/i18n';
import { z } from 'zod';
import type { MessageTree } from './format';
import type { LocaleFile } from './catalogue';

export interface LocaleBundle {
  files: LocaleFile[];
  defaultLocale: string;
}

/** What the functions need of `i18n-info.json`. */
const infoSchema = z
  .object({
    config: z
      .object({
        locales: z.array(z.string()),
        fallback: z.object({ default: z.string() }).loose(),
      })
      .loose(),
  })
  .loose();

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function isTree(value: unknown): value is MessageTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `__LOCALES__` folder of the running function, where @forge/api's i18n looks. */
export function forgeLocalesDir(): string {
  const { appCodeDir } = __getRuntime().container;
  return appCodeDir ? join(appCodeDir, I18N_BUNDLE_FOLDER_NAME) : I18N_BUNDLE_FOLDER_NAME;
}

/** The locale files of a `__LOCALES__` folder, and the manifest's default locale. */
export function readLocaleBundle(dir: string): LocaleBundle {
  const { config } = infoSchema.parse(readJson(join(dir, I18N_INFO_FILE_NAME)));
  const files = config.locales.map((locale): LocaleFile => {
    const messages = readJson(join(dir, `${locale}.json`));
    if (!isTree(messages)) throw new Error(`${locale}.json is not an object of messages`);
    return { locale, messages };
  });
  return { files, defaultLocale: config.fallback.default };
}
