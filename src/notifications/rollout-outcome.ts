/** "Every head approved" or "the round is blocked": to whoever requested the round. */
import type { NotifyMessage } from '../atlassian/jira';
import { mailBodies, type MailLanguage, type MailParagraph } from './common';

export interface RolloutOutcomeFacts {
  rolloutTitle: string;
  issueKey: string;
  round: number;
  outcome: 'approved' | 'changes-requested' | 'rejected';
  /** For a blocked round: the decisions that blocked it. */
  blockers: readonly { departmentName: string; deciderName: string; comment: string }[];
}

export function rolloutOutcomeMail(
  language: MailLanguage,
  facts: RolloutOutcomeFacts,
): NotifyMessage {
  const fr = language === 'fr';
  const round = String(facts.round);
  const blockers: MailParagraph[] = facts.blockers.map((b) => ({
    text: `${b.departmentName} (${b.deciderName})`,
    ...(b.comment ? { quote: b.comment } : {}),
  }));
  if (facts.outcome === 'approved') {
    return fr
      ? {
          subject: `Déploiement validé : ${facts.rolloutTitle}`,
          ...mailBodies([
            {
              text: `Tous les responsables ont approuvé le déploiement « ${facts.rolloutTitle} » (${facts.issueKey}) au tour ${round}. Il peut démarrer.`,
            },
          ]),
        }
      : {
          subject: `Rollout approved: ${facts.rolloutTitle}`,
          ...mailBodies([
            {
              text: `Every department head approved the rollout "${facts.rolloutTitle}" (${facts.issueKey}) in round ${round}. It can start.`,
            },
          ]),
        };
  }
  const rejected = facts.outcome === 'rejected';
  if (fr) {
    return {
      subject: `${rejected ? 'Déploiement refusé' : 'Modifications demandées'} : ${facts.rolloutTitle}`,
      ...mailBodies([
        {
          text: rejected
            ? `Le déploiement « ${facts.rolloutTitle} » (${facts.issueKey}) a été refusé au tour ${round}.`
            : `Des modifications sont demandées sur le déploiement « ${facts.rolloutTitle} » (${facts.issueKey}) au tour ${round}.`,
        },
        ...blockers,
        {
          text: `Après avoir modifié le plan, ouvrez ${facts.issueKey} dans Jira pour demander un nouveau tour de validation.`,
        },
      ]),
    };
  }
  return {
    subject: `${rejected ? 'Rollout rejected' : 'Changes requested'}: ${facts.rolloutTitle}`,
    ...mailBodies([
      {
        text: rejected
          ? `The rollout "${facts.rolloutTitle}" (${facts.issueKey}) was rejected in round ${round}.`
          : `Changes were requested to the rollout "${facts.rolloutTitle}" (${facts.issueKey}) in round ${round}.`,
      },
      ...blockers,
      {
        text: `Once the plan is changed, open ${facts.issueKey} in Jira to request a new round of approval.`,
      },
    ]),
  };
}
