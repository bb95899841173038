/**
 * The weekly digest to a head or a sponsor: the rollout's status and its reason, progress per
 * phase and for the recipient's departments, approvals waiting, open problems by severity,
 * readiness (only what its anonymity threshold shows, only to those who may read it), links into
 * Jira and Confluence, and how to stop receiving it.
 */
import type { NotifyMessage } from '../atlassian/jira';
import type { GadgetRollout } from '../contract';
import { message, type Language } from '../i18n';
import { mailBodies, type MailParagraph } from './common';

export interface DigestFacts {
  view: GadgetRollout;
  /** The departments the recipient heads (empty for a sponsor). */
  departmentIds: readonly string[];
  /** Readiness is for the rollout's heads and coordinator (decision 0021). */
  canSeeReadiness: boolean;
  /** Names of the departments whose approval is awaited now. */
  waitingFor: readonly string[];
  jiraUrl: string | null;
  confluenceUrl: string | null;
}

const percent = (done: number, total: number) =>
  total === 0 ? 0 : Math.round((done * 100) / total);

export function digestMail(language: Language, facts: DigestFacts): NotifyMessage {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.digest.${key}`, params);
  const { view } = facts;
  const paragraphs: MailParagraph[] = [
    {
      text: say('intro', { title: view.title, issueKey: view.issueKey }),
    },
    {
      text: say('status', {
        status: message(language, `progress.status.${view.status}`),
        reason: message(language, view.reason.key, view.reason.params),
      }),
    },
  ];
  if (view.phases.length > 0) {
    const lines = view.phases.map((phase) =>
      say('phase', {
        phase: phase.name,
        done: phase.done,
        total: phase.total,
        percent: percent(phase.done, phase.total),
      }),
    );
    paragraphs.push(...[say('phases'), ...lines].map((text) => ({ text })));
  }
  const mine = view.departments.filter((d) => facts.departmentIds.includes(d.id));
  for (const department of mine) {
    const lines = [
      say('department', {
        department: department.name,
        done: department.done,
        total: department.total,
        percent: percent(department.done, department.total),
      }),
    ];
    if (department.trainedPercent !== null) {
      lines.push(say('trained', { percent: Math.round(department.trainedPercent) }));
    }
    paragraphs.push(...lines.map((text) => ({ text })));
  }
  paragraphs.push({
    text:
      facts.waitingFor.length === 0
        ? say('noApprovalsWaiting')
        : say('approvalsWaiting', {
            count: facts.waitingFor.length,
            departments: facts.waitingFor.join(', '),
          }),
  });
  const open = view.problems.bySeverity;
  const openCount = open.blocking + open.high + open.medium + open.low;
  paragraphs.push({
    text:
      openCount === 0
        ? say('noProblems')
        : say(view.problems.capped ? 'problemsCapped' : 'problems', { ...open }),
  });
  if (facts.canSeeReadiness) {
    const readiness = view.departments.map((d) =>
      d.readinessState === 'shown' && d.readiness !== null
        ? say('readinessShown', { department: d.name, score: d.readiness.toFixed(1) })
        : say(d.readinessState === 'hidden' ? 'readinessHidden' : 'readinessNone', {
            department: d.name,
          }),
    );
    paragraphs.push(...[say('readiness'), ...readiness].map((text) => ({ text })));
  }
  const links = [
    facts.jiraUrl
      ? say('jiraLink', { url: facts.jiraUrl })
      : say('jiraKey', { issueKey: view.issueKey }),
    ...(facts.confluenceUrl ? [say('confluenceLink', { url: facts.confluenceUrl })] : []),
  ];
  paragraphs.push(...links.map((text) => ({ text })));
  paragraphs.push({ text: say('optOut', { issueKey: view.issueKey }) });
  return { subject: say('subject', { title: view.title }), ...mailBodies(paragraphs) };
}
