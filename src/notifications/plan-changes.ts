/**
 * What changed in an approved plan, in words, in the reader's language: the lines the Approvals
 * panel, the strategy view and the re-confirmation e-mail show a head ("Phase Pilot: 10 Jan →
 * 17 Jan 2027"). Plain text: HTML bodies escape it like any user text.
 */
import type { PlanChange, TargetField } from '../domain/plan';
import { intlLocale, message, type Language } from '../i18n';
import { formatDate } from '../i18n/dates';

function parse(day: string): Date | undefined {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "10 Jan" or "10 Jan 2027" (French: "10 janv." / "10 janv. 2027"). */
function shortDay(day: string, language: Language, withYear: boolean): string {
  const date = parse(day);
  if (!date) return day;
  const locale = intlLocale(language);
  return formatDate(
    new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    }),
    locale,
    date,
  );
}

/** Two dates as "10 Jan → 17 Jan 2027": the year once when both share it. */
function fromTo(from: string, to: string, language: Language): string {
  if (from === '') return shortDay(to, language, true);
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${shortDay(from, language, !sameYear)} → ${shortDay(to, language, true)}`;
}

function range(start: string, end: string, language: Language): string {
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${shortDay(start, language, !sameYear)} – ${shortDay(end, language, true)}`;
}

function targetValue(field: TargetField, value: string, language: Language): string {
  if (value === '') return message(language, 'planChange.none');
  if (field === 'by') return shortDay(value, language, true);
  if (field === 'adoptionPercent') return message(language, 'formats.percent', { value });
  return value;
}

/** One change as a line of text in `language`. */
export function describeChange(change: PlanChange, language: Language): string {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `planChange.${key}`, params);
  switch (change.kind) {
    case 'objective':
      return say('objective');
    case 'target-date':
      return say('targetDate', { dates: fromTo(change.from, change.to, language) });
    case 'department-added':
      return say('departmentAdded');
    case 'approver-changed':
      return say('approverChanged');
    case 'stage-changed':
      return say('stageChanged', { from: change.from, to: change.to });
    case 'phase-added':
      return say('phaseAdded', {
        phase: change.phase,
        dates: range(change.start, change.end, language),
      });
    case 'phase-removed':
      return say('phaseRemoved', { phase: change.phase });
    case 'phase-renamed':
      return say('phaseRenamed', { from: change.from, to: change.to });
    case 'phase-dates': {
      const { from, to, phase } = change;
      if (from.end === to.end) {
        return say('phaseDates', { phase, dates: fromTo(from.start, to.start, language) });
      }
      if (from.start === to.start) {
        return say('phaseEnd', { phase, dates: fromTo(from.end, to.end, language) });
      }
      return say('phaseDates', {
        phase,
        dates: `${range(from.start, from.end, language)} → ${range(to.start, to.end, language)}`,
      });
    }
    case 'phase-tasks':
      return say('phaseTasks', { phase: change.phase });
    case 'targets':
      return say('targets', {
        target: say(`target.${change.field}`),
        from: targetValue(change.field, change.from, language),
        to: targetValue(change.field, change.to, language),
      });
    case 'session-added':
      return say('sessionAdded', {
        title: change.title,
        date: shortDay(change.date, language, true),
      });
    case 'session-removed':
      return say('sessionRemoved', {
        title: change.title,
        date: shortDay(change.date, language, true),
      });
    case 'session-changed':
      return change.from === change.to
        ? say('sessionChanged', { title: change.title })
        : say('sessionMoved', {
            title: change.title,
            dates: fromTo(change.from, change.to, language),
          });
  }
}

export function describeChanges(
  changes: readonly PlanChange[] | undefined,
  language: Language,
): string[] {
  return (changes ?? []).map((change) => describeChange(change, language));
}
