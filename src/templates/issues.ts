/**
 * The descriptions of the Jira issues a strategy creates (Atlassian Document Format, in the
 * strategy's language): the anchor issue points at the strategy page; each work issue says
 * which rollout, phase, department and audience it belongs to. User text goes in text nodes,
 * which Jira never reads as markup.
 */
import type { AdfDocument, AdfNode } from '../atlassian/jira';
import type { PlanItem } from '../domain/plan';
import { WORDS, type PageLanguage } from './words';

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
  language: PageLanguage,
  page: { title: string; url: string },
  objective: string,
): AdfDocument {
  const fr = language === 'fr';
  return doc(
    paragraph(
      textNode(fr ? 'Stratégie du déploiement : ' : 'Rollout strategy: '),
      textNode(page.title, page.url),
    ),
    ...objective
      .split(/\r?\n/u)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => paragraph(textNode(line))),
    paragraph(
      textNode(
        fr
          ? 'Les responsables des départements valident le plan dans le panneau Validations de ce ticket ; le travail du plan est créé dans Jira depuis la stratégie.'
          : 'Department heads approve the plan in the Approvals panel of this issue; the plan’s work is created in Jira from the strategy.',
      ),
    ),
  );
}

export function workDescription(
  language: PageLanguage,
  item: PlanItem,
  facts: {
    rolloutTitle: string;
    phaseName: string;
    departmentName: string;
    audience: string;
    page: { title: string; url: string } | undefined;
  },
): AdfDocument {
  const fr = language === 'fr';
  const words = WORDS[language];
  const kind = item.kind === 'task' ? (fr ? 'Tâche' : 'Task') : words.kinds[item.kind];
  const lines: AdfNode[] = [
    paragraph(
      textNode(
        fr
          ? `${kind} du déploiement « ${facts.rolloutTitle} », phase ${facts.phaseName}.`
          : `${kind} of the rollout “${facts.rolloutTitle}”, phase ${facts.phaseName}.`,
      ),
    ),
  ];
  if (facts.departmentName !== '') {
    lines.push(
      paragraph(
        textNode(
          `${fr ? 'Département' : 'Department'}${fr ? ' : ' : ': '}${facts.departmentName}` +
            (facts.audience === ''
              ? ''
              : ` · ${fr ? 'Public' : 'Audience'}${fr ? ' : ' : ': '}${facts.audience}`),
        ),
      ),
    );
  }
  if (facts.page) {
    lines.push(
      paragraph(
        textNode(fr ? 'Stratégie : ' : 'Strategy: '),
        textNode(facts.page.title, facts.page.url),
      ),
    );
  }
  return doc(...lines);
}
