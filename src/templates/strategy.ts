/**
 * The "Rollout strategy" page in Confluence storage format, in the strategy's language: the native
 * template (blank, with instructions) and the page a strategy creates (filled from the plan).
 *
 * The sections that come from the plan sit between invisible anchor macros
 * (`rc-begin-<block>` … `rc-end-<block>`). When the plan changes, `refreshStrategyPage` replaces
 * only those blocks and keeps whatever the coordinator wrote around them; a block whose anchors
 * the coordinator deleted stays deleted. Every user text is escaped by `storage.ts`.
 */
import { audienceOf, isMeetingLink, type Plan, type Session } from '../domain/plan';
import { languages, message, type Language } from '../i18n';
import { formatDay } from '../notifications/common';
import {
  anchor,
  el,
  forgeMacro,
  link,
  p,
  panel,
  placeholder,
  table,
  text,
  type MacroIdentity,
} from './storage';
import { strategyWords, type StrategyWords } from './words';

export type { MacroIdentity } from './storage';

export interface StrategyPageFacts {
  language: Language;
  rolloutId: string;
  title: string;
  objective: string;
  targetDate: string;
  /** In the rollout's order, with the head's display name. */
  departments: { departmentId: string; name: string; headName: string; stage: number }[];
  plan: Plan;
  /** Session owners' display names by account id (an owner missing here shows as unknown). */
  ownerNames: Readonly<Record<string, string>>;
  /** The anchor issue, once it exists. */
  issue: { key: string; url: string } | undefined;
  macro: MacroIdentity;
}

/** The blocks the plan fills, in page order. */
const BLOCKS = [
  'objective',
  'departments',
  'phases',
  'training',
  'communication',
  'support',
  'targets',
] as const;
type Block = (typeof BLOCKS)[number];

export function strategyPageTitle(language: Language, title: string): string {
  return message(language, 'strategyPage.title', { title });
}

/** The names the app's template may carry (one per language): how re-registering finds it. */
export function templateNames(): string[] {
  return languages().map((language) => message(language, 'strategyPage.templateName'));
}

/** A label on the app's template, so that it is recognised even after someone renamed it. */
export const TEMPLATE_LABEL = 'rollout-coordinator';

function h2(value: string): string {
  return el('h2', text(value));
}

function fromPlan(words: StrategyWords): string {
  return el('p', el('em', text(words.fromPlan)));
}

function day(value: string, language: Language): string {
  return text(formatDay(value, language));
}

function paragraphs(value: string): string {
  return value
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(p)
    .join('');
}

function bySchedule(a: Session, b: Session): number {
  return (
    a.date.localeCompare(b.date) ||
    a.startTime.localeCompare(b.startTime) ||
    a.title.localeCompare(b.title)
  );
}

/** Who a session is for: "All departments" or the departments' names, then the audience note. */
function audienceText(facts: StrategyPageFacts, session: Session): string {
  const words = strategyWords(facts.language);
  const names = session.allDepartments
    ? words.allDepartments
    : facts.departments
        .filter((d) => session.departmentIds.includes(d.departmentId))
        .map((d) => d.name)
        .join(', ');
  return [names, session.audience].filter((part) => part !== '').join(': ');
}

/** A room as text; a meeting link as a link people can open. */
function placeCell(place: string): string {
  return isMeetingLink(place) ? link(place, place) : text(place);
}

function sessionRows(
  facts: StrategyPageFacts,
  sessions: readonly Session[],
  withFormat: boolean,
): string[][] {
  const words = strategyWords(facts.language);
  return [...sessions].sort(bySchedule).map((session) => {
    const row = [
      text(words.when(formatDay(session.date, facts.language), session.startTime)),
      text(words.duration(session.durationMinutes)),
      text(session.title),
    ];
    if (withFormat) row.push(text(words.kinds[session.kind]));
    row.push(
      text(facts.ownerNames[session.ownerAccountId] ?? words.unknownOwner),
      placeCell(session.place),
      text(String(session.capacity)),
      text(audienceText(facts, session)),
    );
    return row;
  });
}

/** The columns of a sessions table, the format column only where kinds mix. */
function sessionColumns(words: StrategyWords, withFormat: boolean): string[] {
  const s = words.sessions;
  return [
    s.date,
    s.duration,
    s.session,
    ...(withFormat ? [s.format] : []),
    s.owner,
    s.place,
    s.capacity,
    s.audience,
  ];
}

function blockContent(block: Block, facts: StrategyPageFacts): string {
  const words = strategyWords(facts.language);
  const { plan, language } = facts;
  switch (block) {
    case 'objective':
      return (
        paragraphs(facts.objective) +
        table(
          [words.objective.goLive, words.objective.departments, words.objective.jira],
          [
            [
              day(facts.targetDate, language),
              text(facts.departments.map((d) => d.name).join(', ')),
              facts.issue
                ? link(facts.issue.url, facts.issue.key)
                : el('em', text(words.objective.jiraPending)),
            ],
          ],
        )
      );
    case 'departments':
      return table(
        [
          words.departments.department,
          words.departments.head,
          words.departments.stage,
          words.departments.sessions,
        ],
        facts.departments.map((department) => [
          text(department.name),
          text(department.headName),
          text(String(department.stage)),
          text(
            String(
              plan.sessions.filter((s) =>
                audienceOf(s, [department.departmentId]).includes(department.departmentId),
              ).length,
            ),
          ),
        ]),
      );
    case 'phases':
      return table(
        [words.phases.phase, words.phases.start, words.phases.end, words.phases.milestones],
        plan.phases.map((phase) => [
          el('strong', text(phase.name)),
          day(phase.start, language),
          day(phase.end, language),
          phase.tasks.length === 0
            ? text(words.phases.none)
            : el('ul', phase.tasks.map((task) => el('li', text(task.title))).join('')),
        ]),
      );
    case 'training': {
      const sessions = plan.sessions.filter((s) => s.kind === 'training' || s.kind === 'seminar');
      if (sessions.length === 0) return p(words.noTraining);
      return table(sessionColumns(words, true), sessionRows(facts, sessions, true));
    }
    case 'communication': {
      const sessions = plan.sessions.filter((s) => s.kind === 'communication');
      if (sessions.length === 0) return p(words.noCommunication);
      const c = words.communication;
      return table(
        [c.when, c.what, c.who, c.channel],
        [...sessions]
          .sort(bySchedule)
          .map((session) => [
            text(words.when(formatDay(session.date, language), session.startTime)),
            text(session.title),
            text(audienceText(facts, session)),
            session.place === '' ? el('em', text(c.channelTbd)) : placeCell(session.place),
          ]),
      );
    }
    case 'support': {
      const sessions = plan.sessions.filter((s) => s.kind === 'office-hours');
      if (sessions.length === 0) return p(words.noSupport);
      return table(sessionColumns(words, false), sessionRows(facts, sessions, false));
    }
    case 'targets': {
      const t = words.targets;
      const { adoptionPercent, readinessScore, by } = plan.targets;
      return table(
        [t.adoption, t.readiness, t.by, t.goLive],
        [
          [
            text(
              adoptionPercent === undefined
                ? t.notSet
                : message(language, 'formats.percent', { value: adoptionPercent }),
            ),
            text(readinessScore === undefined ? t.notSet : String(readinessScore)),
            by === undefined ? text(t.notSet) : day(by, language),
            day(facts.targetDate, language),
          ],
        ],
      );
    }
  }
}

function block(name: Block, facts: StrategyPageFacts): string {
  return (
    anchor(`rc-begin-${name}`) +
    fromPlan(strategyWords(facts.language)) +
    blockContent(name, facts) +
    anchor(`rc-end-${name}`)
  );
}

function list(items: readonly string[]): string {
  return el('ul', items.map((item) => el('li', text(item))).join(''));
}

/** The page a new strategy starts with: every section, the plan filled in, guidance to adapt. */
export function strategyPageBody(facts: StrategyPageFacts): string {
  const words = strategyWords(facts.language);
  const h = words.headings;
  const intro = [words.intro, ...(facts.issue ? [words.introIssue(facts.issue.key)] : [])];
  return [
    panel('info', intro.map(p).join('')),
    h2(h.status),
    forgeMacro(facts.macro, { rolloutId: facts.rolloutId }),
    h2(h.objective),
    block('objective', facts),
    words.scopeGuidance.map(p).join(''),
    h2(h.departments),
    block('departments', facts),
    p(words.departmentsGuidance),
    h2(h.phases),
    block('phases', facts),
    h2(h.training),
    block('training', facts),
    list(words.trainingGuidance),
    h2(h.communication),
    block('communication', facts),
    p(words.communicationStarter.heading),
    table(
      [
        words.communication.when,
        words.communication.what,
        words.communication.who,
        words.communication.channel,
      ],
      words.communicationStarter.rows.map((row) => row.map(text)),
    ),
    h2(h.support),
    block('support', facts),
    p(words.champions.heading),
    table(
      [words.champions.department, words.champions.champion, words.champions.contact],
      facts.departments.map((department) => [
        text(department.name),
        el('em', text(words.champions.toName)),
        '',
      ]),
    ),
    list(words.supportGuidance),
    h2(h.risks),
    table(
      [words.risks.risk, words.risks.likelihood, words.risks.mitigation, words.risks.owner],
      words.riskRows.map((row) => row.map(text)),
    ),
    h2(h.targets),
    block('targets', facts),
    p(words.targetsGuidance),
    h2(h.feedback),
    list(words.feedback),
  ].join('');
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** An anchor macro by its name, however Confluence's editor rewrote its attributes. */
function anchorPattern(name: string): string {
  return (
    '<ac:structured-macro\\b[^>]*\\bac:name="anchor"[^>]*>\\s*' +
    `<ac:parameter\\b[^>]*>\\s*${escapeRegExp(name)}\\s*</ac:parameter>\\s*</ac:structured-macro>`
  );
}

/**
 * The page with its plan blocks re-rendered from `facts`, everything else as the coordinator
 * left it. Answers the whole page anew when no block is found at all (a page that lost every
 * anchor, or one written before them).
 */
export function refreshStrategyPage(current: string, facts: StrategyPageFacts): string {
  let found = 0;
  let body = current;
  for (const name of BLOCKS) {
    const pattern = new RegExp(
      `${anchorPattern(`rc-begin-${name}`)}[\\s\\S]*?${anchorPattern(`rc-end-${name}`)}`,
      'u',
    );
    if (!pattern.test(body)) continue;
    found += 1;
    const fresh = block(name, facts);
    body = body.replace(pattern, () => fresh);
  }
  return found === 0 ? strategyPageBody(facts) : body;
}

/** Whether a page found by title is this rollout's strategy (its macro names the rollout). */
export function isStrategyPageOf(body: string, rolloutId: string): boolean {
  return body.includes(rolloutId);
}

export interface StrategyTemplate {
  name: string;
  description: string;
  body: string;
}

/** The blank native template: every section with instructions, and the macro, unbound. */
export function strategyTemplate(language: Language, macro: MacroIdentity): StrategyTemplate {
  const words = strategyWords(language);
  const h = words.headings;
  const t = words.template;
  const c = words.communication;
  const emptyRow = (columns: number): string[][] => [Array.from({ length: columns }, () => '')];
  return {
    name: words.templateName,
    description: words.templateDescription,
    body: [
      h2(h.status),
      forgeMacro(macro, {}),
      h2(h.objective),
      placeholder(t.objective),
      words.scopeGuidance.map(p).join(''),
      h2(h.departments),
      placeholder(t.departments),
      table(
        [words.departments.department, words.departments.head, words.departments.stage],
        emptyRow(3),
      ),
      h2(h.phases),
      placeholder(t.phases),
      table(
        [words.phases.phase, words.phases.start, words.phases.end, words.phases.milestones],
        emptyRow(4),
      ),
      h2(h.training),
      placeholder(t.training),
      table(sessionColumns(words, true), emptyRow(8)),
      list(words.trainingGuidance),
      h2(h.communication),
      placeholder(t.communication),
      table(
        [c.when, c.what, c.who, c.channel],
        words.communicationStarter.rows.map((row) => row.map(text)),
      ),
      h2(h.support),
      placeholder(t.support),
      p(words.champions.heading),
      table(
        [words.champions.department, words.champions.champion, words.champions.contact],
        emptyRow(3),
      ),
      list(words.supportGuidance),
      h2(h.risks),
      placeholder(t.risks),
      table(
        [words.risks.risk, words.risks.likelihood, words.risks.mitigation, words.risks.owner],
        words.riskRows.map((row) => row.map(text)),
      ),
      h2(h.targets),
      placeholder(t.targets),
      table(
        [words.targets.adoption, words.targets.readiness, words.targets.by, words.targets.goLive],
        emptyRow(4),
      ),
      h2(h.feedback),
      placeholder(t.feedback),
      list(words.feedback),
    ].join(''),
  };
}
