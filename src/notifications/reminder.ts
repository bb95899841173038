/** "Your approval is still waiting": to an approver (and whoever stands in for them) on reminder days. */
import type { NotifyMessage } from '../atlassian/jira';
import { message, type Language } from '../i18n';
import { formatDay, mailBodies } from './common';

export interface ReminderFacts {
  rolloutTitle: string;
  objective: string;
  targetDate: string;
  issueKey: string;
  departmentName: string;
  /** The department head the approval belongs to. */
  approverName: string;
  requesterName: string;
  /** When the approval opened (YYYY-MM-DD…): since when it waits. */
  waitingSince: string;
  /** This reminder's number, 1-based, and how many the admin allows. */
  reminder: number;
  maxReminders: number;
}

export function reminderMail(language: Language, facts: ReminderFacts): NotifyMessage {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.reminder.${key}`, params);
  const count = { reminder: facts.reminder, maxReminders: facts.maxReminders };
  return {
    subject: say('subject', { title: facts.rolloutTitle }),
    ...mailBodies([
      {
        text: say('waiting', {
          department: facts.departmentName,
          approver: facts.approverName,
          title: facts.rolloutTitle,
          issueKey: facts.issueKey,
          since: formatDay(facts.waitingSince.slice(0, 10), language),
          requester: facts.requesterName,
          date: formatDay(facts.targetDate, language),
        }),
      },
      { text: message(language, 'mail.objective'), quote: facts.objective },
      { text: say('open', { issueKey: facts.issueKey, approver: facts.approverName }) },
      { text: say(facts.reminder >= facts.maxReminders ? 'last' : 'count', count) },
    ]),
  };
}
