/**
 * Jira's issue search (`/issues/?jql=`) as the host plays it: the issues a JQL query finds, as the
 * page's persona may see them, through the emulator's own /search/jql. The app links here from
 * its "View in Jira" links; `/browse/<KEY>` and Confluence's viewpage address redirect likewise.
 */
import type { LocalHost } from '../host';
import { escapeHtml, hostBar, layout, pageChoices } from './pages';

interface SearchAnswer {
  issues?: { key?: string; fields?: { summary?: string; status?: { name?: string } } }[];
  errorMessages?: string[];
}

export async function renderIssueSearch(host: LocalHost, query: URLSearchParams): Promise<string> {
  const choices = pageChoices(host, query, 'coordinator');
  const jql = query.get('jql') ?? '';
  const keep = new URLSearchParams();
  if (choices.persona) keep.set('as', choices.persona.key);
  if (choices.locale) keep.set('locale', choices.locale);
  if (choices.theme === 'dark') keep.set('theme', 'dark');
  let body: string;
  if (!choices.persona) {
    body = '<p>Choose a persona to search as.</p>';
  } else {
    const search = new URLSearchParams({ jql, fields: 'summary,status', maxResults: '100' });
    const response = await host.products.handle({
      product: 'jira',
      actor: { kind: 'user', accountId: choices.persona.accountId },
      method: 'GET',
      path: `/rest/api/3/search/jql?${search.toString()}`,
      headers: { accept: 'application/json' },
      body: undefined,
    });
    const answer = (await response.json()) as SearchAnswer;
    if (!response.ok) {
      body = `<p class="host-error">${escapeHtml((answer.errorMessages ?? ['The search failed.']).join(' '))}</p>`;
    } else {
      const rows = (answer.issues ?? [])
        .map(
          (issue) =>
            `<tr><td><a href="/jira/issue/${encodeURIComponent(issue.key ?? '')}?${keep.toString()}">${escapeHtml(issue.key ?? '')}</a></td><td>${escapeHtml(issue.fields?.summary ?? '')}</td><td>${escapeHtml(issue.fields?.status?.name ?? '')}</td></tr>`,
        )
        .join('\n');
      body = rows
        ? `<table class="host-table"><thead><tr><th>Key</th><th>Summary</th><th>Status</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
        : '<p>No issues match this search (or none you may see).</p>';
    }
  }
  return layout(
    'Issue search',
    choices.theme,
    `${hostBar(host, 'Jira', '/issues/', choices)}
    <main class="host-main">
      <nav class="host-breadcrumbs">Filters › Search work items</nav>
      <p><code>${escapeHtml(jql)}</code></p>
      ${body}
    </main>`,
  );
}
