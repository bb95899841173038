/** "Your approval is requested": to the approvers of a stage that opens, and their delegates. */
import type { NotifyMessage } from '../atlassian/jira';
import { intlLocale, message, type Language } from '../i18n';
import { formatDay, mailBodies } from './common';

export interface ApprovalOpenedFacts {
  rolloutTitle: string;
  objective: string;
  targetDate: string;
  issueKey: string;
  requesterName: string;
  round: number;
  stage: number;
  stageCount: number;
  /** The departments deciding in this stage. */
  departments: readonly string[];
}

export function approvalOpenedMail(language: Language, facts: ApprovalOpenedFacts): NotifyMessage {
  const departments = new Intl.ListFormat(intlLocale(language), { type: 'conjunction' }).format(
    facts.departments,
  );
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.approvalOpened.${key}`, params);
  const round = { round: facts.round, departments };
  return {
    subject: say('subject', { title: facts.rolloutTitle }),
    ...mailBodies([
      {
        text: say('request', {
          requester: facts.requesterName,
          title: facts.rolloutTitle,
          issueKey: facts.issueKey,
          date: formatDay(facts.targetDate, language),
        }),
      },
      { text: message(language, 'mail.objective'), quote: facts.objective },
      {
        text:
          facts.stageCount > 1
            ? say('stage', { ...round, stage: facts.stage, stageCount: facts.stageCount })
            : say('round', round),
      },
      { text: say('open', { issueKey: facts.issueKey }) },
    ]),
  };
}
