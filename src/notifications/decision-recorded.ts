/** "A head decided": to whoever requested the round, on each decision. */
import type { NotifyMessage } from '../atlassian/jira';
import type { Decision } from '../domain/approvals';
import { message, type Language } from '../i18n';
import { mailBodies } from './common';

export interface DecisionRecordedFacts {
  rolloutTitle: string;
  issueKey: string;
  deciderName: string;
  /** The head the decider stood in for; '' when they decided for themself. */
  onBehalfOfName: string;
  departmentName: string;
  decision: Decision;
  comment: string;
}

export function decisionRecordedMail(
  language: Language,
  facts: DecisionRecordedFacts,
): NotifyMessage {
  const who =
    facts.onBehalfOfName === ''
      ? facts.deciderName
      : message(language, 'mail.decisionRecorded.onBehalf', {
          decider: facts.deciderName,
          head: facts.onBehalfOfName,
        });
  const about = {
    title: facts.rolloutTitle,
    issueKey: facts.issueKey,
    department: facts.departmentName,
  };
  return {
    subject: message(language, `mail.decisionRecorded.subject.${facts.decision}`, about),
    ...mailBodies([
      {
        text: message(language, `mail.decisionRecorded.decided.${facts.decision}`, {
          ...about,
          who,
        }),
        ...(facts.comment ? { quote: facts.comment } : {}),
      },
      { text: message(language, 'mail.decisionRecorded.open', { issueKey: facts.issueKey }) },
    ]),
  };
}
