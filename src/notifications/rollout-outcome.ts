/** "Every head approved" or "the round is blocked": to whoever requested the round. */
import type { NotifyMessage } from '../atlassian/jira';
import { message, type Language } from '../i18n';
import { mailBodies, type MailParagraph } from './common';

export interface RolloutOutcomeFacts {
  rolloutTitle: string;
  issueKey: string;
  round: number;
  outcome: 'approved' | 'changes-requested' | 'rejected';
  /** For a blocked round: the decisions that blocked it. */
  blockers: readonly { departmentName: string; deciderName: string; comment: string }[];
}

export function rolloutOutcomeMail(language: Language, facts: RolloutOutcomeFacts): NotifyMessage {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.outcome.${key}`, params);
  const about = { title: facts.rolloutTitle, issueKey: facts.issueKey, round: facts.round };
  if (facts.outcome === 'approved') {
    return {
      subject: say('approvedSubject', about),
      ...mailBodies([{ text: say('approved', about) }]),
    };
  }
  const rejected = facts.outcome === 'rejected';
  const blockers: MailParagraph[] = facts.blockers.map((b) => ({
    text: say('blocker', { department: b.departmentName, decider: b.deciderName }),
    ...(b.comment ? { quote: b.comment } : {}),
  }));
  return {
    subject: say(rejected ? 'rejectedSubject' : 'changesSubject', about),
    ...mailBodies([
      { text: say(rejected ? 'rejected' : 'changes', about) },
      ...blockers,
      { text: say('next', about) },
    ]),
  };
}
