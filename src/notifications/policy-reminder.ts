/** "Please read and acknowledge": to the people of a policy's departments who have not yet. */
import type { NotifyMessage } from '../atlassian/jira';
import { message, type Language } from '../i18n';
import { mailBodies, type MailParagraph } from './common';

export interface PolicyReminderFacts {
  rolloutTitle: string;
  pageTitle: string;
  /** The version asked for, and the one before its last material revision (if any). */
  version: number;
  previousVersion?: number;
  /** Confluence's message of the material version (may be empty). */
  changeMessage?: string;
  pageUrl: string;
  /** This reminder's number, 1-based, and the most sent for one version. */
  reminder: number;
  maxReminders: number;
}

export function policyReminderMail(language: Language, facts: PolicyReminderFacts): NotifyMessage {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.policyReminder.${key}`, params);
  const changed: MailParagraph[] =
    facts.previousVersion === undefined
      ? []
      : [
          facts.changeMessage
            ? {
                text: say('changed', {
                  previous: facts.previousVersion,
                  message: facts.changeMessage,
                }),
              }
            : { text: say('changedNoMessage', { previous: facts.previousVersion }) },
        ];
  const count = { reminder: facts.reminder, maxReminders: facts.maxReminders };
  return {
    subject: say('subject', { page: facts.pageTitle }),
    ...mailBodies([
      {
        text: say('asked', {
          page: facts.pageTitle,
          version: facts.version,
          title: facts.rolloutTitle,
        }),
      },
      ...changed,
      { text: say('open', { link: facts.pageUrl }) },
      { text: say(facts.reminder >= facts.maxReminders ? 'last' : 'count', count) },
    ]),
  };
}
