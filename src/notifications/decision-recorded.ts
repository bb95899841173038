/** "A head decided": to whoever requested the round, on each decision. */
import type { NotifyMessage } from '../atlassian/jira';
import type { Decision } from '../domain/approvals';
import { mailBodies, type MailLanguage } from './common';

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

const VERBS: Record<MailLanguage, Record<Decision, string>> = {
  en: { approved: 'approved', 'changes-requested': 'requested changes to', rejected: 'rejected' },
  fr: {
    approved: 'a approuvé',
    'changes-requested': 'demande des modifications sur',
    rejected: 'a refusé',
  },
};

const SUBJECTS: Record<MailLanguage, Record<Decision, string>> = {
  en: { approved: 'Approved', 'changes-requested': 'Changes requested', rejected: 'Rejected' },
  fr: { approved: 'Approuvé', 'changes-requested': 'Modifications demandées', rejected: 'Refusé' },
};

export function decisionRecordedMail(
  language: MailLanguage,
  facts: DecisionRecordedFacts,
): NotifyMessage {
  const verb = VERBS[language][facts.decision];
  const who =
    facts.onBehalfOfName === ''
      ? facts.deciderName
      : language === 'fr'
        ? `${facts.deciderName} (au nom de ${facts.onBehalfOfName})`
        : `${facts.deciderName} (on behalf of ${facts.onBehalfOfName})`;
  // French sets a space before the colon.
  const subject = `${SUBJECTS[language][facts.decision]} (${facts.departmentName})${language === 'fr' ? ' :' : ':'} ${facts.rolloutTitle}`;
  if (language === 'fr') {
    return {
      subject,
      ...mailBodies([
        {
          text: `${who} ${verb} le déploiement « ${facts.rolloutTitle} » (${facts.issueKey}) pour ${facts.departmentName}.`,
          ...(facts.comment ? { quote: facts.comment } : {}),
        },
        { text: `Ouvrez ${facts.issueKey} dans Jira pour suivre les validations.` },
      ]),
    };
  }
  return {
    subject,
    ...mailBodies([
      {
        text: `${who} ${verb} the rollout "${facts.rolloutTitle}" (${facts.issueKey}) for ${facts.departmentName}.`,
        ...(facts.comment ? { quote: facts.comment } : {}),
      },
      { text: `Open ${facts.issueKey} in Jira to follow the approvals.` },
    ]),
  };
}
