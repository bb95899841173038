/** A problem's texts, as the raise and triage forms and the server check them. */
import { COMMENT_MAX } from '../limits';
import { textIssues, textLength, type TextRules } from './text';
import type { RuleIssue } from './issue';

/** What a problem is about (domain/problems.ts re-exports these with the model). */
export const PROBLEM_CATEGORIES = [
  'resistance',
  'training-material',
  'technical',
  'process',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** From least to most severe. */
export const PROBLEM_SEVERITIES = ['low', 'medium', 'high', 'blocking'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

export const PROBLEM_SUMMARY_MAX = 200;
export const PROBLEM_DESCRIPTION_MAX = 4000;
export const FIX_LINK_MAX = 2000;

export const PROBLEM_TEXT = {
  /** One line: it becomes the Jira issue's summary. */
  summary: {
    max: PROBLEM_SUMMARY_MAX,
    required: 'errors.problem.summaryRequired',
    tooLong: 'errors.problem.summaryTooLong',
  },
  description: {
    max: PROBLEM_DESCRIPTION_MAX,
    required: 'errors.problem.descriptionRequired',
    tooLong: 'errors.problem.descriptionTooLong',
    multiline: true,
  },
  /** Resolving or accepting: what was done, or why the risk is kept. */
  comment: {
    max: COMMENT_MAX,
    tooLong: 'errors.problem.commentTooLong',
    multiline: true,
  },
} as const satisfies Record<string, TextRules>;

/** Accepting a problem as a known risk must say why; resolving may be silent. */
export function closingCommentIssues(action: 'resolve' | 'accept', comment: string): RuleIssue[] {
  const issues = textIssues(comment, PROBLEM_TEXT.comment);
  if (action === 'accept' && textLength(comment, true) === 0) {
    issues.push({ messageKey: 'errors.problem.commentRequired' });
  }
  return issues;
}

/** What fixed a problem: an http(s) address (a corrected Confluence page, a new session's issue). */
export function fixLinkIssue(link: string): RuleIssue | undefined {
  if (link === '') return undefined;
  if (link.length > FIX_LINK_MAX) return { messageKey: 'errors.problem.fixLink' };
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? undefined
      : { messageKey: 'errors.problem.fixLink' };
  } catch {
    return { messageKey: 'errors.problem.fixLink' };
  }
}
