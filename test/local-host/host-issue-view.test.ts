/**
 * The local host's Jira issue view (`/jira/issue/<KEY>`) shows an issue as Jira does: its
 * description, its details (assignee, reporter, parent, due date, labels), its child work items
 * with how many are done, and its linked work items, all read from the Jira emulator as the
 * page's persona.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalHost } from '../../local/host';
import { accountIdOf, memoryHost } from '../support/host';

let host: LocalHost;
let base: string;

beforeEach(async () => {
  host = await memoryHost({ port: 0 });
  base = host.url ?? '';
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

async function page(path: string): Promise<string> {
  const response = await fetch(`${base}${path}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The text of the element with `data-testid`, tags removed and spaces collapsed. */
function textOf(html: string, testId: string): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<', start);
  const tag = /^<(\w+)/u.exec(html.slice(open))?.[1] ?? 'div';
  const end = html.indexOf(`</${tag}>`, start);
  return html
    .slice(html.indexOf('>', start) + 1, end)
    .replace(/<[^>]+>/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

const doc = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** Two children under the demo epic ROLL-1 (one done), one linked to the other. */
function twoChildren(): { first: string; second: string } {
  const jira = host.products.jira;
  const coordinator = accountIdOf(host, 'coordinator');
  const first = jira.issues.createIssue({
    projectKey: 'ROLL',
    issueType: 'Task',
    summary: 'CRM training <Sales>',
    parentKey: 'ROLL-1',
    description: doc('Bring your laptop & questions.'),
    fields: { duedate: '2031-02-03', labels: ['rollout-roll-1', 'phase-pilot'] },
    reporterAccountId: coordinator,
    assigneeAccountId: coordinator,
  });
  const second = jira.issues.createIssue({
    projectKey: 'ROLL',
    issueType: 'Task',
    summary: 'Migrate the contacts',
    parentKey: 'ROLL-1',
  });
  const done = jira.projects.statuses().find((status) => status.category === 'done');
  if (!done) throw new Error('no done status');
  jira.issues.setIssueStatus(second.id, done.id);
  const blocks = jira.links.getIssueLinkType('Blocks');
  if (!blocks) throw new Error('no Blocks link type');
  jira.links.linkIssues(blocks.id, second.id, first.id);
  return { first: first.key, second: second.key };
}

describe('the issue view', () => {
  it('lists an epic’s children with their due dates, assignees and statuses, and how many are done', async () => {
    const { first, second } = twoChildren();
    const html = await page('/jira/issue/ROLL-1?as=coordinator');
    expect(textOf(html, 'issue-description')).toContain('Remplacer l’ancien outil');
    const coordinator = host.persona('coordinator')?.displayName ?? '';
    const children = textOf(html, 'issue-children');
    expect(children).toContain(
      `${first} CRM training &lt;Sales&gt; Feb 3, 2031 ${coordinator} To Do`,
    );
    expect(children).toContain(`${second} Migrate the contacts Unassigned Done`);
    expect(textOf(html, 'issue-children-progress')).toContain('1 of 2 done');
    expect(html).toContain('href="/issues/?as=coordinator&amp;jql=parent+%3D+ROLL-1"');
    expect(textOf(html, 'issue-assignee')).toBe(coordinator);
    expect(textOf(html, 'issue-parent')).toBe('None');
  });

  it('shows a child’s parent, due date, assignee, labels (each a search), links and description', async () => {
    const { first, second } = twoChildren();
    const html = await page(`/jira/issue/${first}?as=head-sales`);
    expect(textOf(html, 'issue-parent')).toBe('ROLL-1 Roll out the new CRM');
    // Sophie reads Jira in French: the issue view's own labels are French too.
    expect(html).toMatch(/host-breadcrumbs">Projets \/ [^/]+ \/ <a href="\/jira\/issue\/ROLL-1/u);
    expect(html).toContain('<h2 id="issue-details-title">Détails</h2>');
    expect(textOf(html, 'issue-due-date')).toBe('3 févr. 2031');
    expect(html).toContain('<time datetime="2031-02-03">');
    // A department head holds neither Edit issues nor Delete issues: Jira offers neither.
    expect(html).not.toContain('data-testid="issue-due-date-form"');
    expect(html).not.toContain('data-host-delete');
    expect(textOf(html, 'issue-assignee')).toBe(host.persona('coordinator')?.displayName);
    expect(textOf(html, 'issue-labels')).toBe('rollout-roll-1 phase-pilot');
    expect(html).toContain('href="/issues/?as=head-sales&amp;jql=labels+%3D+rollout-roll-1"');
    expect(textOf(html, 'issue-links')).toBe(
      `Éléments de travail liés is blocked by ${second} Migrate the contacts Done`,
    );
    // What users typed is shown as text, never as markup.
    expect(textOf(html, 'issue-description')).toBe(
      'Description Bring your laptop &amp; questions.',
    );
    expect(html).not.toContain('<Sales>');
    expect(html).not.toContain('data-testid="issue-children"');
  });

  it('offers an administrator reading French the edit and delete forms, in French', async () => {
    const { first } = twoChildren();
    const html = await page(`/jira/issue/${first}?as=admin&locale=fr-FR`);
    // The sidebar's own form is French too, its date typed in the reader's order.
    expect(html).toContain('Modifier la date d’échéance');
    expect(html).toContain('placeholder="jj/mm/aaaa" value="03/02/2031"');
    expect(html).toContain('data-date-order="dmy"');
    expect(html).toContain('>Supprimer l’élément de travail</button>');
    expect(html).not.toMatch(/Change the due date|Delete issue|type="date"/u);
  });

  it('offers the employee neither edit nor delete, and Jira refuses both to them', async () => {
    const { first } = twoChildren();
    const html = await page(`/jira/issue/${first}?as=employee`);
    expect(html).toContain('<h2 id="issue-details-title">');
    expect(html).not.toMatch(/Change the due date|Modifier la date|Delete issue|Supprimer l’/u);
    expect(html).not.toContain('data-host-delete');
    const jira = (method: string, body?: unknown) =>
      fetch(`${base}/__forge/jira/rest/api/3/issue/${first}`, {
        method,
        headers: { 'x-forge-as': 'employee', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await jira('PUT', { fields: { duedate: '2031-05-05' } })).status).toBe(403);
    expect((await jira('DELETE')).status).toBe(403);
    const kept = host.products.jira.issues.getIssue(first);
    expect(kept).toBeDefined();
    expect(kept?.fields.duedate).toBe('2031-02-03');
  });

  it('tells an outsider in French that the issue cannot be found', async () => {
    const response = await fetch(`${base}/jira/issue/ROLL-1?as=outsider&locale=fr-FR`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<html lang="fr"');
    expect(textOf(html, 'issue-not-found')).toBe(
      'Ce ticket est introuvable Le ticket n’existe pas ou vous n’avez pas l’autorisation de le voir.',
    );
    expect(html).not.toMatch(/can’t be found|does not exist/u);
  });

  it('says what an issue lacks: no assignee, no due date, no labels, no description', async () => {
    const bare = host.products.jira.issues.createIssue({
      projectKey: 'ROLL',
      issueType: 'Task',
      summary: 'Bare',
    }).key;
    const html = await page(`/jira/issue/${bare}?as=coordinator`);
    expect(textOf(html, 'issue-assignee')).toBe('Unassigned');
    expect(textOf(html, 'issue-due-date')).toBe('None');
    expect(html).toContain('Change the due date');
    expect(html).toContain('placeholder="mm/dd/yyyy" value=""');
    expect(textOf(html, 'issue-labels')).toBe('None');
    expect(textOf(html, 'issue-description')).toBe('Description No description.');
    expect(html).not.toContain('data-testid="issue-links"');
  });

  it('gives its script the status lines in the reader’s language, and the script has no words of its own', async () => {
    /** The words the page hands its script (the `data-words` attribute, HTML-unescaped). */
    const wordsOf = (html: string): Record<string, string> => {
      const raw = /data-words="([^"]*)"/u.exec(html)?.[1] ?? '{}';
      const json = raw
        .replace(/&quot;/gu, '"')
        .replace(/&#39;/gu, "'")
        .replace(/&lt;/gu, '<')
        .replace(/&gt;/gu, '>')
        .replace(/&amp;/gu, '&');
      return JSON.parse(json) as Record<string, string>;
    };
    const french = wordsOf(await page('/jira/issue/ROLL-1?as=coordinator&locale=fr-FR'));
    const english = wordsOf(await page('/jira/issue/ROLL-1?as=coordinator&locale=en-US'));
    expect(french).toMatchObject({
      savingDueDate: 'Enregistrement de la date d’échéance…',
      deletingIssue: 'Suppression de {key}…',
      runningTransition: 'Exécution de « {name} »…',
      statusChanged: 'L’état est maintenant : {status}.',
      jiraRefused: 'Jira a refusé la modification.',
      jiraUnreachable: 'L’hôte local n’a pas pu joindre Jira.',
      noTransitions: 'Aucune transition ne vous est disponible.',
    });
    expect(english).toMatchObject({
      savingDueDate: 'Saving the due date…',
      statusChanged: 'Status changed to {status}.',
    });
    // Sophie (French) sees the page in French without choosing a language.
    expect(wordsOf(await page('/jira/issue/ROLL-1?as=head-sales'))).toEqual(french);

    // The script takes every line it shows from those words: each word it names is given, and
    // no sentence of its own is left in it.
    const script = readFileSync(join(__dirname, '../../local/http/issue-view.js'), 'utf8');
    const named = [...script.matchAll(/\bword\('(\w+)'/gu)].map((match) => match[1]);
    expect(new Set(named)).toEqual(new Set(Object.keys(french)));
    for (const call of script.matchAll(/\bsay\(([^,]+), '/gu)) {
      expect(call[1]).toMatch(/^(word\(|errorText\(|dueDateForm\.getAttribute)/u);
    }
    expect(script).not.toMatch(/'[A-Z][a-z]+ [a-z]/u);
  });
});
