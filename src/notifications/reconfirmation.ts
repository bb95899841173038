/**
 * "The plan you approved changed: please re-confirm": to the heads of the departments a change
 * of an approved plan concerns, with what changed for each department.
 */
import type { NotifyMessage } from '../atlassian/jira';
import type { PlanChange } from '../domain/plan';
import { mailBodies, type MailLanguage, type MailParagraph } from './common';
import { describeChanges } from './plan-changes';

export interface ReconfirmationFacts {
  rolloutTitle: string;
  issueKey: string;
  requesterName: string;
  round: number;
  /** The departments asked to re-confirm, each with its changes. */
  departments: readonly { name: string; changes: readonly PlanChange[] }[];
}

/**
 * Departments with the same changes are listed together ("Sales, Finance"), so a plan-wide
 * change reads once.
 */
function changeParagraphs(facts: ReconfirmationFacts, language: MailLanguage): MailParagraph[] {
  const groups = new Map<string, { names: string[]; lines: string[] }>();
  for (const department of facts.departments) {
    const lines = describeChanges(department.changes, language);
    const key = JSON.stringify(lines);
    const group = groups.get(key) ?? { names: [], lines };
    group.names.push(department.name);
    groups.set(key, group);
  }
  const list = new Intl.ListFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    type: 'conjunction',
  });
  return [...groups.values()].map((group) => ({
    text: `${list.format(group.names)}${language === 'fr' ? ' :' : ':'}`,
    quote: group.lines.map((line) => `• ${line}`).join('\n'),
  }));
}

export function reconfirmationMail(
  language: MailLanguage,
  facts: ReconfirmationFacts,
): NotifyMessage {
  if (language === 'fr') {
    return {
      subject: `Plan modifié, nouvelle validation demandée : ${facts.rolloutTitle}`,
      ...mailBodies([
        {
          text: `${facts.requesterName} a modifié le plan du déploiement « ${facts.rolloutTitle} » (${facts.issueKey}), que vous aviez validé. Votre nouvelle validation est demandée (tour ${String(facts.round)}). Ce qui a changé :`,
        },
        ...changeParagraphs(facts, language),
        {
          text: `Ouvrez ${facts.issueKey} dans Jira pour confirmer, demander des modifications ou refuser. Les départements que la modification ne concerne pas gardent leur validation.`,
        },
      ]),
    };
  }
  return {
    subject: `Plan changed, please re-confirm: ${facts.rolloutTitle}`,
    ...mailBodies([
      {
        text: `${facts.requesterName} changed the plan of the rollout "${facts.rolloutTitle}" (${facts.issueKey}) that you approved. Your re-confirmation is requested (round ${String(facts.round)}). What changed:`,
      },
      ...changeParagraphs(facts, language),
      {
        text: `Open ${facts.issueKey} in Jira to confirm, request changes or reject. Departments the change does not concern keep their approval.`,
      },
    ]),
  };
}
