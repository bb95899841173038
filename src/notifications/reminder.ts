/** "Your approval is still waiting": to an approver (and whoever stands in for them) on reminder days. */
import type { NotifyMessage } from '../atlassian/jira';
import { formatDay, mailBodies, type MailLanguage } from './common';

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

export function reminderMail(language: MailLanguage, facts: ReminderFacts): NotifyMessage {
  const since = formatDay(facts.waitingSince.slice(0, 10), language);
  const target = formatDay(facts.targetDate, language);
  const last = facts.reminder >= facts.maxReminders;
  if (language === 'fr') {
    return {
      subject: `Rappel : validation en attente pour ${facts.rolloutTitle}`,
      ...mailBodies([
        {
          text: `La validation du service ${facts.departmentName} (${facts.approverName}) pour le déploiement « ${facts.rolloutTitle} » (${facts.issueKey}) est en attente depuis le ${since}. ${facts.requesterName} l’a demandée ; le déploiement est prévu le ${target}.`,
        },
        { text: 'Objectif :', quote: facts.objective },
        {
          text: `Ouvrez ${facts.issueKey} dans Jira pour approuver, demander des modifications ou refuser. Si vous remplacez ${facts.approverName}, votre décision sera enregistrée en son nom.`,
        },
        {
          text: last
            ? `C’est le dernier rappel (${facts.reminder} sur ${facts.maxReminders}).`
            : `Rappel ${facts.reminder} sur ${facts.maxReminders}.`,
        },
      ]),
    };
  }
  return {
    subject: `Reminder: approval waiting for ${facts.rolloutTitle}`,
    ...mailBodies([
      {
        text: `The approval of ${facts.departmentName} (${facts.approverName}) for the rollout "${facts.rolloutTitle}" (${facts.issueKey}) has been waiting since ${since}. ${facts.requesterName} requested it; the rollout is planned for ${target}.`,
      },
      { text: 'Objective:', quote: facts.objective },
      {
        text: `Open ${facts.issueKey} in Jira to approve, request changes or reject. If you stand in for ${facts.approverName}, your decision is recorded on their behalf.`,
      },
      {
        text: last
          ? `This is the last reminder (${facts.reminder} of ${facts.maxReminders}).`
          : `Reminder ${facts.reminder} of ${facts.maxReminders}.`,
      },
    ]),
  };
}
