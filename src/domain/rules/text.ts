/**
 * The one set of rules for text people type: every name, title, objective, comment and plan text
 * goes through them (on the server through `textSchema`, in the browser directly), so what
 * reaches a Jira summary, a Confluence page title, an e-mail, a CSV export or the audit trail is
 * held to the same rules everywhere, and a length is measured the same way on both sides.
 *
 * - Unicode NFC, so "é" typed two ways is one text (and one department name), and counts as one
 *   character.
 * - Invisible characters are stripped: zero-width spaces and joiners, the soft hyphen, the bidi
 *   marks, embeddings, overrides and isolates, the word joiner and the BOM, Hangul fillers and
 *   tag characters. They let "Sales\u200B", "Sal\u00ADes" or "\u202ESales" pass for "Sales", and
 *   an override reorders whatever follows it in a Jira summary or an e-mail. The app speaks
 *   English and French, where none of them is needed; the price is that an emoji built with a
 *   zero-width joiner shows as its parts (docs/decisions/0008-bad-input.md).
 * - C0 and C1 control characters (NUL, ESC, DEL…) are refused, with a message that says so:
 *   nothing legitimate needs them and they break exports, e-mails and page titles. Multi-line
 *   text keeps line breaks (CR LF and CR become LF) and tabs; single-line text keeps neither.
 *   Lone UTF-16 surrogates are refused too (no product can store them).
 * - Single-line text has its runs of spaces collapsed; all text is trimmed.
 */
import type { RuleIssue } from './issue';

/** Characters that show nothing yet change what a text is (see above). */
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]/gu;

/** Any control or lone surrogate; line breaks and tabs are allowed only in multi-line text. */
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\p{Cs}]/u;
const MULTI_LINE_FORBIDDEN = /[^\P{Cc}\n\t]|\p{Cs}/u;

/** The text as stored: NFC, invisible characters stripped, spaces tidied, trimmed. */
export function normaliseText(value: string, multiline = false): string {
  const visible = value.normalize('NFC').replace(INVISIBLE, '');
  const tidied = multiline
    ? visible.replace(/\r\n?|[\u2028\u2029]/gu, '\n')
    : visible.replace(/[\p{Zs}\u2028\u2029]+/gu, ' ');
  return tidied.trim();
}

/** Whether the (normalised) text holds a character the rules refuse. */
export function hasForbiddenCharacters(value: string, multiline = false): boolean {
  return (multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value);
}

export interface TextRules {
  max: number;
  /** Message key for an empty text; omitted, the text may be empty. */
  required?: string;
  /** Message key for a text over `max` characters. */
  tooLong: string;
  /** Line breaks and tabs allowed (objectives, comments). */
  multiline?: boolean;
}

/** Message keys for refused characters, by kind of text. */
export const CONTROL_MESSAGES = {
  singleLine: 'errors.text.controlSingleLine',
  multiline: 'errors.text.controlMultiline',
} as const;

/** How long the text is once stored (what `max` is measured against). */
export function textLength(value: string, multiline = false): number {
  return normaliseText(value, multiline).length;
}

/**
 * What is wrong with a text under `rules`, measured after normalisation, in this order: refused
 * characters, empty, too long ([] when nothing is).
 */
export function textIssues(value: string, rules: TextRules): RuleIssue[] {
  const multiline = rules.multiline === true;
  const text = normaliseText(value, multiline);
  const issues: RuleIssue[] = [];
  if (hasForbiddenCharacters(text, multiline)) {
    issues.push({
      messageKey: multiline ? CONTROL_MESSAGES.multiline : CONTROL_MESSAGES.singleLine,
    });
  }
  if (rules.required !== undefined && text.length === 0) {
    issues.push({ messageKey: rules.required });
  }
  if (text.length > rules.max) {
    issues.push({ messageKey: rules.tooLong, params: { max: rules.max } });
  }
  return issues;
}
