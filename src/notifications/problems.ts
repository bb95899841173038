/**
 * E-mails about problems: "a problem was raised" (to the coordinator, and to the department's
 * head for high and blocking ones), "still unacknowledged" (to the coordinator) and the
 * escalation (to the head). Every word comes from the locale files.
 */
import type { NotifyMessage } from '../atlassian/jira';
import type { ProblemCategory, ProblemSeverity } from '../domain/problems';
import { message, type Language } from '../i18n';
import { formatDay, mailBodies } from './common';

export interface ProblemFacts {
  rolloutTitle: string;
  anchorIssueKey: string;
  issueKey: string;
  raisedOnIssueKey: string;
  summary: string;
  description: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  /** '' when it concerns no one department. */
  departmentName: string;
  raiserName: string;
  coordinatorName: string;
  raisedAt: string;
}

function words(language: Language, facts: ProblemFacts): Record<string, string> {
  return {
    title: facts.rolloutTitle,
    anchorKey: facts.anchorIssueKey,
    issueKey: facts.issueKey,
    raisedOn: facts.raisedOnIssueKey,
    summary: facts.summary,
    category: message(language, `problems.categories.${facts.category}`),
    severity: message(language, `problems.severities.${facts.severity}`),
    department: facts.departmentName,
    raiser: facts.raiserName,
    coordinator: facts.coordinatorName,
    since: formatDay(facts.raisedAt.slice(0, 10), language),
  };
}

export type ProblemMailKind = 'raised' | 'reminder' | 'escalation';

export function problemMail(
  language: Language,
  kind: ProblemMailKind,
  facts: ProblemFacts,
): NotifyMessage {
  const say = (key: string) =>
    message(language, `mail.problem.${kind}.${key}`, words(language, facts));
  return {
    subject: say('subject'),
    ...mailBodies([
      { text: say('body'), quote: facts.description },
      ...(facts.departmentName === ''
        ? []
        : [{ text: message(language, 'mail.problem.department', words(language, facts)) }]),
      { text: say('next') },
    ]),
  };
}
