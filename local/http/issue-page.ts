/**
 * Jira's issue view as the host plays it: the issue's details, its children and links, its
 * workflow transitions and the app's issue panels.
 */
import type { LocalHost } from '../host';
import type { ManifestModule } from '../manifest';
import { hostDate, hostDateEntry, hostWord, issueScriptWords, type HostWord } from './host-words';
import { appFrameSrc, escapeHtml, hostBar, layout, moduleTitle, pageChoices } from './pages';

/** Another issue as the issue view names it (parent, child, linked issue). */
export interface IssueRefView {
  key: string;
  summary: string;
  status: string;
  category: string;
}

/** An issue as the issue view needs it, read from the Jira emulator as the page's persona. */
export interface IssueViewData {
  id: string;
  key: string;
  summary: string;
  issueType: { id: string; name: string };
  status: { id: string; name: string; category: string };
  project: { id: string; key: string; name: string; type: string };
  transitions: { id: string; name: string; to: string }[];
  /** Whether the persona holds Edit issues / Delete issues on the issue's project. */
  mayEdit: boolean;
  mayDelete: boolean;
  /** The issue's property keys (what `entityPropertyExists` display conditions test). */
  propertyKeys: string[];
  /** Atlassian Document Format, or null when the issue has none. */
  description: unknown;
  parent: IssueRefView | null;
  dueDate: string | null;
  labels: string[];
  assignee: string | null;
  reporter: string | null;
  /** Each link as this issue sees it ("relates to", "is blocked by"). */
  links: (IssueRefView & { relation: string })[];
  /** The first page of the issue's children, by key. */
  children: (IssueRefView & { dueDate: string | null; assignee: string | null })[];
  moreChildren: boolean;
}

/**
 * Whether a module's display conditions let it show on the issue. The host understands
 * `entityPropertyExists` on the issue (the one condition this app declares) and shows the module
 * for any other condition, as a missing condition would.
 */
export function shownOnIssue(module: ManifestModule, issue: Pick<IssueViewData, 'propertyKeys'>) {
  const conditions = (module as { displayConditions?: unknown }).displayConditions;
  if (typeof conditions !== 'object' || conditions === null) return true;
  const exists = (conditions as { entityPropertyExists?: unknown }).entityPropertyExists;
  if (typeof exists !== 'object' || exists === null) return true;
  const { entity, propertyKey } = exists as { entity?: unknown; propertyKey?: unknown };
  if (entity !== 'issue' || typeof propertyKey !== 'string') return true;
  return issue.propertyKeys.includes(propertyKey);
}

interface AdfNode {
  type?: unknown;
  text?: unknown;
  content?: unknown;
  attrs?: { level?: unknown; href?: unknown; url?: unknown };
  marks?: { type?: unknown; attrs?: { href?: unknown } }[];
}

/** Atlassian Document Format as HTML, for the node types the app and the seed write. */
export function adfHtml(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const adf = node as AdfNode;
  const inner = Array.isArray(adf.content) ? adf.content.map(adfHtml).join('') : '';
  switch (adf.type) {
    case 'doc':
      return inner;
    case 'paragraph':
      return `<p>${inner}</p>`;
    case 'heading': {
      const level = typeof adf.attrs?.level === 'number' ? adf.attrs.level : 3;
      const tag = `h${String(Math.min(6, Math.max(3, level + 2)))}`;
      return `<${tag}>${inner}</${tag}>`;
    }
    case 'bulletList':
      return `<ul>${inner}</ul>`;
    case 'orderedList':
      return `<ol>${inner}</ol>`;
    case 'listItem':
      return `<li>${inner}</li>`;
    case 'hardBreak':
      return '<br>';
    case 'rule':
      return '<hr>';
    case 'inlineCard': {
      const url = typeof adf.attrs?.url === 'string' ? adf.attrs.url : '';
      return `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    }
    case 'text': {
      let html = escapeHtml(typeof adf.text === 'string' ? adf.text : '');
      for (const mark of adf.marks ?? []) {
        if (mark.type === 'strong') html = `<strong>${html}</strong>`;
        else if (mark.type === 'em') html = `<em>${html}</em>`;
        else if (mark.type === 'code') html = `<code>${html}</code>`;
        else if (mark.type === 'link' && typeof mark.attrs?.href === 'string') {
          html = `<a href="${escapeHtml(mark.attrs.href)}">${html}</a>`;
        }
      }
      return html;
    }
    default:
      return inner;
  }
}
/**
 * Jira's issue view, as far as the app needs it: the issue's key, summary and status, its
 * workflow transitions (a small host script runs them through the Jira emulator as the persona,
 * so validators run exactly as in Jira) and the app's issue panel. `issue` is undefined when
 * the persona cannot browse the issue: then Jira's "does not exist" page, and no app at all.
 */
export function renderIssuePage(
  host: LocalHost,
  path: string,
  query: URLSearchParams,
  issue: IssueViewData | undefined,
  requestedKey: string,
): string {
  const choices = pageChoices(host, query, 'coordinator');
  const bar = hostBar(host, 'Jira', path, choices);
  const locale = choices.locale !== '' ? choices.locale : (choices.persona?.locale ?? 'en-US');
  const word = (key: HostWord): string => escapeHtml(hostWord(locale, key));
  if (!issue) {
    return layout(
      requestedKey,
      choices.theme,
      `${bar}
    <main class="host-main host-issue">
      <section class="host-issue-missing" data-testid="issue-not-found">
        <h1>${word('issueNotFound')}</h1>
        <p>${word('issueNotFoundWhy')}</p>
      </section>
    </main>`,
      locale,
    );
  }
  const panels = host.app.modules.filter(
    (module) => module.type === 'jira:issuePanel' && shownOnIssue(module, issue),
  );
  const extension = {
    issue: { id: issue.id, key: issue.key, type: issue.issueType.name, typeId: issue.issueType.id },
    project: { id: issue.project.id, key: issue.project.key, type: issue.project.type },
    isNewToIssue: false,
  };
  const buttons = issue.transitions
    .map(
      (transition) =>
        `<button type="button" class="host-transition" data-transition-id="${escapeHtml(transition.id)}" title="${escapeHtml(`→ ${transition.to}`)}">${escapeHtml(transition.name)}</button>`,
    )
    .join('');
  const keep = new URLSearchParams();
  if (choices.persona) keep.set('as', choices.persona.key);
  if (choices.locale) keep.set('locale', choices.locale);
  if (choices.theme === 'dark') keep.set('theme', 'dark');
  const issueLink = (key: string): string =>
    `<a href="/jira/issue/${encodeURIComponent(key)}?${escapeHtml(keep.toString())}">${escapeHtml(key)}</a>`;
  const searchLink = (jql: string, text: string): string =>
    `<a href="/issues/?${escapeHtml(new URLSearchParams([...keep, ['jql', jql]]).toString())}">${escapeHtml(text)}</a>`;
  const lozenge = (ref: { status: string; category: string }): string =>
    `<span class="host-lozenge host-lozenge-${escapeHtml(ref.category)}">${escapeHtml(ref.status)}</span>`;
  const description = adfHtml(issue.description);
  const done = issue.children.filter((child) => child.category === 'done').length;
  const childRows = issue.children
    .map(
      (child) =>
        `<tr><td>${issueLink(child.key)}</td><td>${escapeHtml(child.summary)}</td><td>${child.dueDate ? `<time datetime="${escapeHtml(child.dueDate)}">${escapeHtml(hostDate(locale, child.dueDate))}</time>` : ''}</td><td>${escapeHtml(child.assignee ?? hostWord(locale, 'unassigned'))}</td><td>${lozenge(child)}</td></tr>`,
    )
    .join('');
  const childrenHtml =
    issue.children.length === 0
      ? ''
      : `      <section class="host-issue-section" data-testid="issue-children" aria-labelledby="issue-children-title">
        <h2 id="issue-children-title">${word('childWorkItems')}</h2>
        <p class="host-muted" data-testid="issue-children-progress">${escapeHtml(hostWord(locale, 'childrenDone', { done: String(done), total: `${String(issue.children.length)}${issue.moreChildren ? '+' : ''}` }))} · ${searchLink(`parent = ${issue.key}`, hostWord(locale, 'viewAllInSearch'))}</p>
        <table class="host-table"><thead><tr><th>${word('key')}</th><th>${word('summary')}</th><th>${word('dueDate')}</th><th>${word('assignee')}</th><th>${word('status')}</th></tr></thead><tbody>${childRows}</tbody></table>
      </section>`;
  const relations = [...new Set(issue.links.map((link) => link.relation))];
  const linksHtml =
    issue.links.length === 0
      ? ''
      : `      <section class="host-issue-section" data-testid="issue-links" aria-labelledby="issue-links-title">
        <h2 id="issue-links-title">${word('linkedWorkItems')}</h2>
${relations
  .map(
    (relation) =>
      `        <h3>${escapeHtml(relation)}</h3><ul class="host-issue-list">${issue.links
        .filter((link) => link.relation === relation)
        .map(
          (link) => `<li>${issueLink(link.key)} ${escapeHtml(link.summary)} ${lozenge(link)}</li>`,
        )
        .join('')}</ul>`,
  )
  .join('\n')}
      </section>`;
  // A person edits and deletes through the Jira emulator's own routes (issue-view.js), so Jira's
  // permissions apply and the app's triggers hear of it, as on a site.
  const afterDelete = issue.parent
    ? `/jira/issue/${encodeURIComponent(issue.parent.key)}?${keep.toString()}`
    : `/issues/?${keep.toString()}`;
  // A text field in the reader's own date order, as Jira's date picker shows it: a native date
  // input follows the browser's language, not the reader's (mm/dd/yyyy for a French reader).
  const entry = hostDateEntry(locale, issue.dueDate ?? undefined);
  const dueDateHtml = issue.mayEdit
    ? `        <form class="host-issue-edit" data-testid="issue-due-date-form" data-date-order="${entry.order}" data-invalid="${escapeHtml(hostWord(locale, 'dueDateInvalid', { pattern: entry.pattern }))}">
          <label>${word('changeDueDate')} <input type="text" name="duedate" inputmode="numeric" autocomplete="off" placeholder="${escapeHtml(entry.pattern)}" value="${escapeHtml(entry.value)}"></label>
          <button type="submit" class="host-transition">${word('saveDueDate')}</button>
        </form>`
    : '';
  const deleteHtml = issue.mayDelete
    ? `        <div class="host-issue-delete" data-after-delete="${escapeHtml(afterDelete)}">
          <button type="button" class="host-transition" data-host-delete>${word('deleteIssue')}</button>
          <div data-testid="issue-delete-confirm" role="group" aria-label="${word('confirmDeletion')}" hidden>
            <p>${escapeHtml(hostWord(locale, 'deleteQuestion', { key: issue.key }))}</p>
            <button type="button" class="host-transition" data-host-delete-confirm>${escapeHtml(hostWord(locale, 'deleteKey', { key: issue.key }))}</button>
            <button type="button" class="host-transition" data-host-delete-cancel>${word('cancel')}</button>
          </div>
        </div>`
    : '';
  const detail = (name: string, testId: string, value: string): string =>
    `<dt>${escapeHtml(name)}</dt><dd data-testid="${testId}">${value}</dd>`;
  const none = `<span class="host-muted">${word('none')}</span>`;
  const detailsHtml = `      <aside class="host-issue-details" aria-labelledby="issue-details-title">
        <h2 id="issue-details-title">${word('details')}</h2>
        <dl>
          ${detail(hostWord(locale, 'assignee'), 'issue-assignee', issue.assignee ? escapeHtml(issue.assignee) : `<span class="host-muted">${word('unassigned')}</span>`)}
          ${detail(hostWord(locale, 'reporter'), 'issue-reporter', issue.reporter ? escapeHtml(issue.reporter) : none)}
          ${detail(hostWord(locale, 'parent'), 'issue-parent', issue.parent ? `${issueLink(issue.parent.key)} ${escapeHtml(issue.parent.summary)}` : none)}
          ${detail(hostWord(locale, 'dueDate'), 'issue-due-date', issue.dueDate ? `<time datetime="${escapeHtml(issue.dueDate)}">${escapeHtml(hostDate(locale, issue.dueDate))}</time>` : none)}
          ${detail(hostWord(locale, 'labels'), 'issue-labels', issue.labels.length > 0 ? `<ul class="host-issue-labels">${issue.labels.map((label) => `<li>${searchLink(`labels = ${label}`, label)}</li>`).join('')}</ul>` : none)}
        </dl>
${dueDateHtml}
${deleteHtml}
      </aside>`;
  const panelHtml = panels
    .map((module) => {
      const title = moduleTitle(host, module.title, locale);
      const src = appFrameSrc(module.resource ?? 'main', module.key, choices, extension);
      return `      <section class="host-panel" data-module-key="${escapeHtml(module.key)}">
        <h2>${escapeHtml(title)}</h2>
        <iframe class="host-panel-frame" title="${escapeHtml(title)}" src="${src}"></iframe>
      </section>`;
    })
    .join('\n');
  // Jira lists issue actions under the issue's "•••" menu and opens each in a dialog; the host
  // opens each in place, under a disclosure.
  const actionHtml = host.app.modules
    .filter((module) => module.type === 'jira:issueAction')
    .map((module) => {
      const title = moduleTitle(host, module.title, locale);
      const src = appFrameSrc(module.resource ?? 'main', module.key, choices, extension);
      return `      <details class="host-issue-action" data-module-key="${escapeHtml(module.key)}">
        <summary>${escapeHtml(title)}</summary>
        <iframe class="host-action-frame" loading="lazy" title="${escapeHtml(title)}" src="${src}"></iframe>
      </details>`;
    })
    .join('\n');
  return layout(
    `${issue.key}: ${issue.summary}`,
    choices.theme,
    `${bar}
    <main class="host-main host-issue" data-issue-key="${escapeHtml(issue.key)}" data-as="${escapeHtml(choices.persona?.key ?? '')}" data-words="${escapeHtml(issueScriptWords(locale))}">
      <nav class="host-breadcrumbs">${word('projects')} / ${escapeHtml(issue.project.name)} / ${issue.parent ? `${issueLink(issue.parent.key)} / ` : ''}${escapeHtml(issue.key)}</nav>
      <h1 class="host-issue-summary">${escapeHtml(issue.summary)}</h1>
      <div class="host-issue-meta">
        <span class="host-issue-type">${escapeHtml(issue.issueType.name)}</span>
        <span class="host-issue-key">${escapeHtml(issue.key)}</span>
        <span class="host-lozenge host-lozenge-${escapeHtml(issue.status.category)}" data-testid="issue-status">${escapeHtml(issue.status.name)}</span>
      </div>
      <div class="host-transitions" data-testid="issue-transitions">${buttons || `<span class="host-muted">${word('noTransitions')}</span>`}</div>
      <div class="host-transition-message" data-testid="transition-message" role="status" aria-live="polite" hidden></div>
${actionHtml}
      <div class="host-issue-layout">
        <div class="host-issue-content">
      <section class="host-issue-section" data-testid="issue-description" aria-labelledby="issue-description-title">
        <h2 id="issue-description-title">${word('description')}</h2>
        ${description || `<p class="host-muted">${word('noDescription')}</p>`}
      </section>
${childrenHtml}
${linksHtml}
${panelHtml}
        </div>
${detailsHtml}
      </div>
    </main>
    <script src="/__forge/issue-view.js"></script>`,
    locale,
  );
}
