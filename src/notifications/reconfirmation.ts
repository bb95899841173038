/**
 * "The plan you approved changed: please re-confirm": to the heads of the departments a change
 * of an approved plan concerns, with what changed for each department.
 */
import type { NotifyMessage } from '../atlassian/jira';
import type { PlanChange } from '../domain/plan';
import { intlLocale, message, type Language } from '../i18n';
import { mailBodies, type MailParagraph } from './common';
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
function changeParagraphs(facts: ReconfirmationFacts, language: Language): MailParagraph[] {
  const groups = new Map<string, { names: string[]; lines: string[] }>();
  for (const department of facts.departments) {
    const lines = describeChanges(department.changes, language);
    const key = JSON.stringify(lines);
    const group = groups.get(key) ?? { names: [], lines };
    group.names.push(department.name);
    groups.set(key, group);
  }
  const list = new Intl.ListFormat(intlLocale(language), { type: 'conjunction' });
  return [...groups.values()].map((group) => ({
    text: message(language, 'mail.reconfirmation.departments', {
      departments: list.format(group.names),
    }),
    quote: group.lines.map((line) => `• ${line}`).join('\n'),
  }));
}

export function reconfirmationMail(language: Language, facts: ReconfirmationFacts): NotifyMessage {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.reconfirmation.${key}`, params);
  return {
    subject: say('subject', { title: facts.rolloutTitle }),
    ...mailBodies([
      {
        text: say('changed', {
          requester: facts.requesterName,
          title: facts.rolloutTitle,
          issueKey: facts.issueKey,
          round: facts.round,
        }),
      },
      ...changeParagraphs(facts, language),
      { text: say('open', { issueKey: facts.issueKey }) },
    ]),
  };
}
