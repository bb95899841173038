/** "How ready are you?": to the members of the departments a pulse asks, when it opens. */
import type { NotifyMessage } from '../atlassian/jira';
import { message, type Language } from '../i18n';
import { formatDay, mailBodies } from './common';

export interface PulseOpenedFacts {
  rolloutTitle: string;
  from: string;
  to: string;
  /** Where to answer: the rollout's Jira issue (its Rollout panel). */
  link: string;
}

export function pulseOpenedMail(language: Language, facts: PulseOpenedFacts): NotifyMessage {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.pulseOpened.${key}`, params);
  return {
    subject: say('subject', { title: facts.rolloutTitle }),
    ...mailBodies([
      {
        text: say('intro', {
          title: facts.rolloutTitle,
          from: formatDay(facts.from, language),
          to: formatDay(facts.to, language),
        }),
      },
      { text: say('anonymous') },
      { text: say('link', { link: facts.link }) },
    ]),
  };
}
