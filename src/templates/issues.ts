/**
 * The descriptions of the Jira issues a strategy creates (Atlassian Document Format, in the
 * strategy's language): the anchor issue points at the strategy page; each work issue says
 * which rollout, phase, department and audience it belongs to. User text goes in text nodes,
 * which Jira never reads as markup.
 */
import type { AdfDocument, AdfNode } from '../atlassian/jira';
import type { PlanItem } from '../domain/plan';
import { message, type Language } from '../i18n';

function textNode(text: string, href?: string): AdfNode {
  return href
    ? { type: 'text', text, marks: [{ type: 'link', attrs: { href } }] }
    : { type: 'text', text };
}

function paragraph(...content: AdfNode[]): AdfNode {
  return { type: 'paragraph', content: content.filter((node) => node.text !== '') };
}

function doc(...content: AdfNode[]): AdfDocument {
  return { type: 'doc', version: 1, content };
}

export function anchorDescription(
  language: Language,
  page: { title: string; url: string },
  objective: string,
): AdfDocument {
  return doc(
    paragraph(
      textNode(message(language, 'jiraIssue.anchorStrategy')),
      textNode(page.title, page.url),
    ),
    ...objective
      .split(/\r?\n/u)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => paragraph(textNode(line))),
    paragraph(textNode(message(language, 'jiraIssue.anchorApprovals'))),
  );
}

export function workDescription(
  language: Language,
  item: PlanItem,
  facts: {
    rolloutTitle: string;
    phaseName: string;
    departmentName: string;
    audience: string;
    /** A session's day and start, length, place or meeting link, and seats. */
    session?: { when: string; duration: string; place: string; link: boolean; capacity: number };
    page: { title: string; url: string } | undefined;
  },
): AdfDocument {
  const kind = message(
    language,
    item.kind === 'task' ? 'jiraIssue.task' : `strategyPage.kinds.${item.kind}`,
  );
  const lines: AdfNode[] = [
    paragraph(
      textNode(
        message(language, 'jiraIssue.work', {
          kind,
          title: facts.rolloutTitle,
          phase: facts.phaseName,
        }),
      ),
    ),
  ];
  if (facts.departmentName !== '') {
    lines.push(
      paragraph(
        textNode(
          facts.audience === ''
            ? message(language, 'jiraIssue.department', { department: facts.departmentName })
            : message(language, 'jiraIssue.departmentAudience', {
                department: facts.departmentName,
                audience: facts.audience,
              }),
        ),
      ),
    );
  }
  if (facts.session) {
    const { when, duration, place, link, capacity } = facts.session;
    lines.push(
      paragraph(textNode(message(language, 'jiraIssue.sessionWhen', { when, duration }))),
      paragraph(
        textNode(message(language, 'jiraIssue.sessionPlace')),
        textNode(place, link ? place : undefined),
      ),
      paragraph(textNode(message(language, 'jiraIssue.sessionSeats', { capacity }))),
    );
  }
  if (facts.page) {
    lines.push(
      paragraph(
        textNode(message(language, 'jiraIssue.strategy')),
        textNode(facts.page.title, facts.page.url),
      ),
    );
  }
  return doc(...lines);
}
