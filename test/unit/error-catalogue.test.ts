/**
 * The error catalogue (src/domain/errors.ts) against the locale files: every kind of error has its
 * message in every shipped language, with the parameters the catalogue gives it, and every error
 * message key the code names (a failure's, a field's) is a message of every locale file. The
 * English `message` an error carries for logs is the English locale file's text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { APP_ROOT } from '../../local/app-code';
import { failure } from '../../src/app/failures';
import { ERROR_KINDS, errorOf, isErrorKind, type ErrorKind } from '../../src/domain/errors';
import { formatMessage } from '../../src/i18n/format';
import { argumentsOf, localeFiles } from '../support/locales';

const kinds = Object.keys(ERROR_KINDS) as ErrorKind[];
const english = localeFiles.find((file) => file.locale === 'en-US');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/u.test(entry.name) ? [path] : [];
  });
}

const CATALOGUE = join(APP_ROOT, 'src', 'domain', 'errors.ts');

/** Every 'errors.…' key written in src/ outside the catalogue, with where it is written. */
function keysInSource(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const file of sourceFiles(join(APP_ROOT, 'src')).filter((f) => f !== CATALOGUE)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/['"`](errors\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)['"`]/gu)) {
      const key = match[1] ?? '';
      keys.set(key, [...(keys.get(key) ?? []), relative(APP_ROOT, file)]);
    }
  }
  return keys;
}

describe('the error catalogue', () => {
  it('has a message for every kind in every locale file', () => {
    expect(localeFiles.length).toBeGreaterThanOrEqual(2);
    for (const file of localeFiles) {
      expect([file.locale, kinds.filter((kind) => !file.messages.has(kind))]).toEqual([
        file.locale,
        [],
      ]);
    }
  });

  it('gives each kind the arguments its message uses, the same in every language', () => {
    for (const kind of kinds) {
      const declared: readonly string[] = ERROR_KINDS[kind].params;
      const used = localeFiles.map((file) => ({
        locale: file.locale,
        args: argumentsOf(file.messages.get(kind) ?? '', file.locale),
      }));
      const [first] = used;
      for (const { locale, args } of used) {
        // One set of arguments for every language…
        expect([kind, locale, args]).toEqual([kind, locale, first?.args]);
        // …each of them given by whoever raises the error.
        expect([kind, locale, args.filter((arg) => !declared.includes(arg))]).toEqual([
          kind,
          locale,
          [],
        ]);
      }
    }
  });

  it('knows every error message key the code names, and every locale file says it', () => {
    const named = keysInSource();
    expect(named.size).toBeGreaterThan(kinds.length);
    for (const file of localeFiles) {
      const missing = [...named].filter(([key]) => !file.messages.has(key));
      expect([file.locale, missing]).toEqual([file.locale, []]);
    }
    // Every kind is raised somewhere: the catalogue holds no error nobody answers.
    expect(kinds.filter((kind) => !named.has(kind))).toEqual([]);
  });

  it("writes each error's English text from the English locale file, for logs and scripts", () => {
    expect(english).toBeDefined();
    for (const kind of kinds) {
      const params = Object.fromEntries(ERROR_KINDS[kind].params.map((name) => [name, 7]));
      const extra = ERROR_KINDS[kind].params.length > 0 ? [{ params }] : [];
      const error = (failure as (k: ErrorKind, ...e: unknown[]) => ReturnType<typeof failure>)(
        kind,
        ...extra,
      );
      expect(error).toEqual({
        code: ERROR_KINDS[kind].code,
        messageKey: kind,
        message: formatMessage(english?.messages.get(kind) ?? '', 'en-GB', params),
        ...(extra.length > 0 ? { params } : {}),
      });
      expect(error.message).not.toBe(kind);
    }
  });

  it('types the parameters of each kind, and leaves the message to the reader in the UI', () => {
    expect(errorOf('errors.strategy.projectForbidden', { params: { project: 'OPS' } })).toEqual({
      code: 'FORBIDDEN',
      messageKey: 'errors.strategy.projectForbidden',
      message: 'errors.strategy.projectForbidden',
      params: { project: 'OPS' },
    });
    expect(errorOf('errors.network')).toEqual({
      code: 'UPSTREAM',
      messageKey: 'errors.network',
      message: 'errors.network',
    });
    expect(isErrorKind('errors.strategy.projectForbidden')).toBe(true);
    expect(isErrorKind('errors.field.invalid')).toBe(false);
    // Checked by the compiler (npm run typecheck), never run:
    const misuses = [
      // @ts-expect-error: a kind whose message takes a project must be given one.
      () => errorOf('errors.strategy.projectForbidden'),
      // @ts-expect-error: its parameters are the ones the catalogue names.
      () => errorOf('errors.strategy.projectForbidden', { params: { space: 'OPS' } }),
      // @ts-expect-error: a key that is not in the catalogue is no kind of error.
      () => errorOf('errors.nothing'),
    ];
    expect(misuses).toHaveLength(3);
  });
});
