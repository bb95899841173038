/**
 * The "Rollout strategy" page's words in one language, from the locale files (`strategyPage`):
 * headings, table columns, and the practical guidance a coordinator adapts (starter risks,
 * messages, feedback channels). Text only; `strategy.ts` escapes and lays it out.
 */
import { SESSION_KINDS, type SessionKind } from '../domain/plan';
import { STRATEGY_SECTIONS, type StrategySection } from '../domain/rules/strategy-sections';
import { message, type Language } from '../i18n';

export interface StrategyWords {
  templateName: string;
  templateDescription: string;
  pageTitle: (title: string) => string;
  macroTitle: string;
  intro: string;
  introIssue: (issueKey: string) => string;
  headings: Record<(typeof HEADINGS)[number], string>;
  fromPlan: string;
  objective: { goLive: string; departments: string; jira: string; jiraPending: string };
  scopeGuidance: string[];
  departments: { department: string; head: string; stage: string; sessions: string };
  departmentsGuidance: string;
  phases: { phase: string; start: string; end: string; milestones: string; none: string };
  sessions: Record<(typeof SESSION_COLUMNS)[number], string>;
  /** A session's day and start time: "12 January 2031, 09:00". */
  when: (day: string, time: string) => string;
  /** A session's length: "45 min", "1 h 30 min". */
  duration: (minutes: number) => string;
  allDepartments: string;
  unknownOwner: string;
  noTraining: string;
  trainingGuidance: string[];
  communication: { when: string; what: string; who: string; channel: string; channelTbd: string };
  noCommunication: string;
  communicationStarter: { heading: string; rows: [string, string, string, string][] };
  noSupport: string;
  champions: {
    heading: string;
    department: string;
    champion: string;
    contact: string;
    toName: string;
  };
  supportGuidance: string[];
  risks: { risk: string; likelihood: string; mitigation: string; owner: string };
  riskRows: [string, string, string, string][];
  targets: { adoption: string; readiness: string; by: string; goLive: string; notSet: string };
  targetsGuidance: string;
  feedback: string[];
  kinds: Record<SessionKind, string>;
  everyone: string;
  /** What the blank template says each section holds. */
  template: Record<StrategySection, string>;
}

/** The columns of the sessions tables. */
const SESSION_COLUMNS = [
  'date',
  'duration',
  'session',
  'format',
  'owner',
  'place',
  'capacity',
  'audience',
] as const;

/** The usual messages of the communication plan, in the page's order. */
const STARTER_ROWS = ['fourWeeksBefore', 'twoWeeksBefore', 'goLive', 'twoWeeksAfter'] as const;
/** The starter risks, in the page's order. */
const RISK_ROWS = ['parallelUse', 'trainingTime', 'goLiveDay', 'resistance'] as const;

/** The page's headings: those sections, and the live status above them. */
const HEADINGS = [...STRATEGY_SECTIONS, 'status'] as const;

/** A session's day and start time: "12 January 2031, 09:00" (`day` already formatted). */
export function sessionWhen(language: Language, day: string, time: string): string {
  return message(language, 'strategyPage.sessionWhen', { day, time });
}

/** A session's length: "45 min", "2 h", "1 h 30 min" (French "1 h 30"). */
export function sessionDuration(language: Language, minutes: number): string {
  const say = (key: string, params: Record<string, string | number>) =>
    message(language, `strategyPage.duration.${key}`, params);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return say('minutes', { minutes: rest });
  return rest === 0
    ? say('hours', { hours })
    : say('hoursMinutes', { hours, minutes: String(rest).padStart(2, '0') });
}

/** The page's words in `language` (a missing one reads in the default language). */
export function strategyWords(language: Language): StrategyWords {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `strategyPage.${key}`, params);
  const group = <K extends string>(prefix: string, keys: readonly K[]): Record<K, string> => {
    const entries = keys.map((key): [K, string] => [key, say(`${prefix}.${key}`)]);
    return Object.fromEntries(entries) as Record<K, string>;
  };
  const row = (prefix: string, keys: readonly string[]): [string, string, string, string] => {
    const [a = '', b = '', c = '', d = ''] = keys.map((key) => say(`${prefix}.${key}`));
    return [a, b, c, d];
  };
  return {
    templateName: say('templateName'),
    templateDescription: say('templateDescription'),
    pageTitle: (title) => say('title', { title }),
    macroTitle: say('macroTitle'),
    intro: say('intro'),
    introIssue: (issueKey) => say('introIssue', { issueKey }),
    headings: group('headings', HEADINGS),
    fromPlan: say('fromPlan'),
    objective: group('objective', ['goLive', 'departments', 'jira', 'jiraPending']),
    scopeGuidance: [say('scopeGuidance.inScope'), say('scopeGuidance.outOfScope')],
    departments: group('departments', ['department', 'head', 'stage', 'sessions']),
    departmentsGuidance: say('departmentsGuidance'),
    phases: group('phases', ['phase', 'start', 'end', 'milestones', 'none']),
    sessions: group('sessions', SESSION_COLUMNS),
    when: (day, time) => sessionWhen(language, day, time),
    duration: (minutes) => sessionDuration(language, minutes),
    allDepartments: say('allDepartments'),
    unknownOwner: say('unknownOwner'),
    noTraining: say('noTraining'),
    trainingGuidance: [say('trainingGuidance.booking'), say('trainingGuidance.catchUp')],
    communication: group('communication', ['when', 'what', 'who', 'channel', 'channelTbd']),
    noCommunication: say('noCommunication'),
    communicationStarter: {
      heading: say('communicationStarter.heading'),
      rows: STARTER_ROWS.map((name) =>
        row(`communicationStarter.${name}`, ['when', 'what', 'who', 'channel']),
      ),
    },
    noSupport: say('noSupport'),
    champions: group('champions', ['heading', 'department', 'champion', 'contact', 'toName']),
    supportGuidance: [say('supportGuidance.officeHours'), say('supportGuidance.jira')],
    risks: group('risks', ['risk', 'likelihood', 'mitigation', 'owner']),
    riskRows: RISK_ROWS.map((name) =>
      row(`riskRows.${name}`, ['risk', 'likelihood', 'mitigation', 'owner']),
    ),
    targets: group('targets', ['adoption', 'readiness', 'by', 'goLive', 'notSet']),
    targetsGuidance: say('targetsGuidance'),
    feedback: ['pulse', 'supervisors', 'problems', 'adjusting'].map((key) =>
      say(`feedback.${key}`),
    ),
    kinds: group('kinds', SESSION_KINDS),
    everyone: say('everyone'),
    template: group('template', STRATEGY_SECTIONS),
  };
}
