/**
 * The e-mails the app had Jira send (Jira's `POST /issue/{id}/notify`), which the Jira emulator
 * keeps in its outbox instead of mailing: newest first, each with its recipients, their language,
 * its subject and its text body, so anyone trying the host can read what people would receive.
 * A host page of its own (no product shows a mailbox), linked from the index.
 */
import type { LocalHost } from '../host';
import type { SentNotification } from '../products';
import { escapeHtml, hostBar, layout, pageChoices } from './pages';

export const OUTBOX_PATH = '/outbox';

/** The most recent e-mails shown; the outbox of a long demo can hold thousands. */
const SHOWN = 200;

interface Recipient {
  name: string;
  email: string | undefined;
  language: string | undefined;
}

function recipientsOf(host: LocalHost, mail: SentNotification): Recipient[] {
  return mail.to.map((accountId) => {
    const user = host.products.jira.users.getUser(accountId);
    return {
      name: user?.displayName ?? accountId,
      email: user?.emailAddress ?? undefined,
      language: user?.locale ?? undefined,
    };
  });
}

/** "French (fr-FR)": the language Jira holds for the recipients, which the app writes to them in. */
function languagesOf(recipients: readonly Recipient[]): string {
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  const locales = [...new Set(recipients.map((r) => r.language).filter((l) => l !== undefined))];
  if (locales.length === 0) return 'Not known';
  return locales
    .map((locale) => {
      const language = locale.split(/[-_]/u)[0] ?? locale;
      return `${names.of(language) ?? language} (${locale})`;
    })
    .join(', ');
}

function renderMail(host: LocalHost, mail: SentNotification, index: number): string {
  const recipients = recipientsOf(host, mail);
  const to = recipients
    .map(
      (r) =>
        `<li>${escapeHtml(r.name)}${r.email ? ` <span class="host-muted">&lt;${escapeHtml(r.email)}&gt;</span>` : ''}</li>`,
    )
    .join('');
  const id = `mail-${String(index)}`;
  return `      <article class="host-mail" data-testid="outbox-mail" aria-labelledby="${id}">
        <h2 id="${id}">${escapeHtml(mail.subject)}</h2>
        <dl class="host-mail-meta">
          <dt>To</dt><dd><ul class="host-issue-list" data-testid="outbox-to">${to || '<li class="host-muted">Nobody (Jira filtered every recipient out)</li>'}</ul></dd>
          <dt>Language</dt><dd data-testid="outbox-language">${escapeHtml(languagesOf(recipients))}</dd>
          <dt>About</dt><dd><a href="/jira/issue/${encodeURIComponent(mail.issueKey)}">${escapeHtml(mail.issueKey)}</a></dd>
          <dt>Sent</dt><dd><time datetime="${escapeHtml(mail.at)}">${escapeHtml(mail.at.replace('T', ' ').slice(0, 19))} UTC</time></dd>
        </dl>
        <pre class="host-mail-body" data-testid="outbox-body">${escapeHtml(mail.textBody)}</pre>
      </article>`;
}

export function renderOutboxPage(host: LocalHost, query: URLSearchParams): string {
  const choices = pageChoices(host, query, 'coordinator');
  const all = host.products.jira.notifications.listNotifications();
  const shown = all.slice(-SHOWN).reverse();
  const list =
    shown.length === 0
      ? `      <p class="host-muted" data-testid="outbox-empty">No e-mails yet. The app e-mails heads when approval is requested, reminds them, and tells the coordinator of decisions and problems: request approval on a rollout, then come back here.</p>`
      : shown.map((mail, index) => renderMail(host, mail, index)).join('\n');
  const more =
    all.length > shown.length
      ? `<p class="host-muted">The latest ${String(SHOWN)} of ${String(all.length)} e-mails.</p>`
      : '';
  return layout(
    'E-mails sent',
    choices.theme,
    `${hostBar(host, 'Outbox', OUTBOX_PATH, choices)}
    <main class="host-main host-outbox">
      <h1>E-mails sent</h1>
      <p>What the app asked Jira to e-mail, newest first. Jira’s outbox on this host keeps them
      instead of mailing them: the recipients are the people Jira resolved, and each e-mail is in
      their language.</p>
      ${more}
${list}
    </main>`,
  );
}
