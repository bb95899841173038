/**
 * The description of a problem's Jira issue (Atlassian Document Format, in the rollout's
 * language): what was reported, then which rollout, issue, category, severity, department and
 * phase it concerns. User text goes in text nodes, which Jira never reads as markup.
 */
import type { AdfDocument, AdfNode } from '../atlassian/jira';
import type { ProblemCategory, ProblemSeverity } from '../domain/problems';
import { message, type Language } from '../i18n';

function paragraph(text: string): AdfNode {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

export function problemDescription(
  language: Language,
  facts: {
    description: string;
    rolloutTitle: string;
    raisedOnIssueKey: string;
    category: ProblemCategory;
    severity: ProblemSeverity;
    departmentName: string;
    phaseName: string;
  },
): AdfDocument {
  const say = (key: string, params?: Record<string, string>) =>
    message(language, `jiraIssue.problem.${key}`, params);
  const lines = facts.description
    .split(/\n{2,}/u)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map(paragraph);
  lines.push(
    paragraph(
      say('context', {
        title: facts.rolloutTitle,
        issueKey: facts.raisedOnIssueKey,
        category: message(language, `problems.categories.${facts.category}`),
        severity: message(language, `problems.severities.${facts.severity}`),
      }),
    ),
  );
  if (facts.departmentName !== '') {
    lines.push(paragraph(say('department', { department: facts.departmentName })));
  }
  if (facts.phaseName !== '') lines.push(paragraph(say('phase', { phase: facts.phaseName })));
  return { type: 'doc', version: 1, content: lines };
}
