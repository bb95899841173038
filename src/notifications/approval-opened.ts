/** "Your approval is requested": to the approvers of a stage that opens, and their delegates. */
import type { NotifyMessage } from '../atlassian/jira';
import { formatDay, mailBodies, type MailLanguage } from './common';

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

export function approvalOpenedMail(
  language: MailLanguage,
  facts: ApprovalOpenedFacts,
): NotifyMessage {
  const departments = new Intl.ListFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    type: 'conjunction',
  }).format(facts.departments);
  const staged = facts.stageCount > 1;
  if (language === 'fr') {
    return {
      subject: `Validation demandée : ${facts.rolloutTitle}`,
      ...mailBodies([
        {
          text: `${facts.requesterName} demande votre validation pour le déploiement « ${facts.rolloutTitle} » (${facts.issueKey}), prévu le ${formatDay(facts.targetDate, language)}.`,
        },
        { text: 'Objectif :', quote: facts.objective },
        {
          text: staged
            ? `Étape ${String(facts.stage)} sur ${String(facts.stageCount)}, tour ${String(facts.round)} : ${departments}.`
            : `Tour ${String(facts.round)} : ${departments}.`,
        },
        {
          text: `Ouvrez ${facts.issueKey} dans Jira pour approuver, demander des modifications ou refuser. Si vous remplacez un ou une responsable, votre décision sera enregistrée en son nom.`,
        },
      ]),
    };
  }
  return {
    subject: `Approval requested: ${facts.rolloutTitle}`,
    ...mailBodies([
      {
        text: `${facts.requesterName} asks for your approval of the rollout "${facts.rolloutTitle}" (${facts.issueKey}), planned for ${formatDay(facts.targetDate, language)}.`,
      },
      { text: 'Objective:', quote: facts.objective },
      {
        text: staged
          ? `Stage ${String(facts.stage)} of ${String(facts.stageCount)}, round ${String(facts.round)}: ${departments}.`
          : `Round ${String(facts.round)}: ${departments}.`,
      },
      {
        text: `Open ${facts.issueKey} in Jira to approve, request changes or reject. If you stand in for a department head, your decision is recorded on their behalf.`,
      },
    ]),
  };
}
