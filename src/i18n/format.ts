/**
 * Messages as the locale files hold them, formatted the same way in the browser and in the
 * functions: ICU MessageFormat (intl-messageformat), so a translation chooses its own plural
 * forms (`{count, plural, one {# ticket} other {# tickets}}`) by the language's CLDR rules
 * (Intl.PluralRules) and formats its numbers (`{count, number}`). A plain `{name}` is replaced
 * as it always was. Tags are not parsed: `<` is text.
 */
import { IntlMessageFormat } from 'intl-messageformat';

export type MessageParams = Readonly<Record<string, string | number>>;

/** A locale file: nested objects whose leaves are messages. */
export type MessageTree = { [key: string]: string | MessageTree };

/** The message at a dotted key ("mail.reminder.subject"), if the tree has one. */
export function lookup(tree: MessageTree | null | undefined, key: string): string | undefined {
  let node: string | MessageTree | undefined = tree ?? undefined;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Compiled messages, by locale and text: a surface or an e-mail run formats the same ones often. */
const compiled = new Map<string, IntlMessageFormat | null>();

function compile(pattern: string, locale: string): IntlMessageFormat | null {
  const id = `${locale}\u0000${pattern}`;
  let format = compiled.get(id);
  if (format === undefined) {
    try {
      format = new IntlMessageFormat(pattern, locale, undefined, { ignoreTag: true });
    } catch {
      // A broken translation shows as written rather than breaking the screen or the e-mail;
      // test/unit/locales.test.ts keeps the shipped files free of them.
      format = null;
    }
    compiled.set(id, format);
  }
  return format;
}

/** `pattern` formatted for `locale` with `params`. */
export function formatMessage(pattern: string, locale: string, params?: MessageParams): string {
  const format = compile(pattern, locale);
  if (format === null) return pattern;
  try {
    return String(format.format(params ?? {}));
  } catch {
    // A parameter the caller did not give: show the message rather than nothing.
    return pattern;
  }
}

/**
 * A message parsed at build time, as the browser gets it (scripts/vite-ui-messages.mjs): its
 * final text when it has no argument, else its ICU syntax tree, which intl-messageformat formats
 * without shipping its parser (decision 0026).
 */
export type ParsedMessage =
  string | Exclude<ConstructorParameters<typeof IntlMessageFormat>[0], string>;

/** Parsed messages, nested as in the locale files. */
export type ParsedTree = { [key: string]: ParsedMessage | ParsedTree };

/** The parsed message at a dotted key, if the tree has one. */
export function lookupParsed(tree: ParsedTree | null, key: string): ParsedMessage | undefined {
  let node: ParsedMessage | ParsedTree | undefined = tree ?? undefined;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
    node = node[part];
  }
  return typeof node === 'string' || Array.isArray(node) ? node : undefined;
}

const compiledTrees = new WeakMap<object, Map<string, IntlMessageFormat>>();

/** A parsed message formatted for `locale` with `params`. */
export function formatParsed(
  message: ParsedMessage,
  locale: string,
  params?: MessageParams,
): string {
  if (typeof message === 'string') return message;
  let byLocale = compiledTrees.get(message);
  if (!byLocale) {
    byLocale = new Map();
    compiledTrees.set(message, byLocale);
  }
  let format = byLocale.get(locale);
  if (!format) {
    format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
    byLocale.set(locale, format);
  }
  try {
    return String(format.format(params ?? {}));
  } catch {
    // A parameter the caller did not give: show the message's text rather than nothing.
    return message.map((element) => ('value' in element ? element.value : '')).join('');
  }
}
