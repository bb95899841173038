/**
 * What every e-mail shares: the recipient's language (theirs when the app ships it, the default
 * language otherwise), HTML escaping of user text, and sending one Jira notify call per language,
 * so an event costs one call per language whoever it goes to.
 */
import type { JiraPort, JiraUser, NotifyMessage } from '../atlassian/jira';
import { intlLocale, languageOf, type Language } from '../i18n';
import { formatDate } from '../i18n/dates';

/** Escapes text for HTML bodies: names, titles and comments are user text. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&#39;');
}

/** A whole date (YYYY-MM-DD) as a reader of `language` writes it. */
export function formatDay(day: string, language: Language): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  const locale = intlLocale(language);
  return formatDate(
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
    locale,
    date,
  );
}

/** One paragraph of an e-mail: text, with an optional quoted block (a comment) after it. */
export interface MailParagraph {
  text: string;
  quote?: string;
}

/** The plain-text and HTML bodies of an e-mail made of paragraphs (every text escaped). */
export function mailBodies(paragraphs: readonly MailParagraph[]): Omit<NotifyMessage, 'subject'> {
  const textBody = paragraphs
    .map((p) => (p.quote ? `${p.text}\n\n> ${p.quote.replace(/\n/gu, '\n> ')}` : p.text))
    .join('\n\n');
  const htmlBody = paragraphs
    .map(
      (p) =>
        `<p>${escapeHtml(p.text)}</p>` +
        (p.quote ? `<blockquote>${escapeHtml(p.quote).replace(/\n/gu, '<br>')}</blockquote>` : ''),
    )
    .join('');
  return { textBody, htmlBody };
}

/** Account ids grouped by the language their Jira profile asks for (the default when unknown). */
export function groupByLanguage(
  accountIds: readonly string[],
  users: ReadonlyMap<string, Pick<JiraUser, 'locale'>>,
): Map<Language, string[]> {
  const groups = new Map<Language, string[]>();
  for (const accountId of new Set(accountIds)) {
    if (accountId === '') continue;
    const language = languageOf(users.get(accountId)?.locale);
    groups.set(language, [...(groups.get(language) ?? []), accountId]);
  }
  return groups;
}

/**
 * Sends `build(language)` to each language group of `accountIds`: one notify call per language.
 * Never throws: answers whether every call was accepted (failures are logged by the client).
 */
export async function sendLocalised(
  jira: Pick<JiraPort, 'notify'>,
  issueIdOrKey: string,
  accountIds: readonly string[],
  users: ReadonlyMap<string, Pick<JiraUser, 'locale'>>,
  build: (language: Language) => NotifyMessage,
): Promise<boolean> {
  const groups = [...groupByLanguage(accountIds, users)];
  const sent = await Promise.all(
    groups.map(([language, recipients]) => jira.notify(issueIdOrKey, build(language), recipients)),
  );
  return sent.every(Boolean);
}
