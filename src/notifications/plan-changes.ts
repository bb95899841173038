/**
 * What changed in an approved plan, in words, English or French: the lines the Approvals panel,
 * the strategy view and the re-confirmation e-mail show a head ("Phase Pilot: 10 Jan → 17 Jan
 * 2027"). Plain text: HTML bodies escape it like any user text.
 */
import type { PlanChange, TargetField } from '../domain/plan';
import type { MailLanguage } from './common';

function intlLocale(language: MailLanguage): string {
  return language === 'fr' ? 'fr-FR' : 'en-GB';
}

function parse(day: string): Date | undefined {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "10 Jan" or "10 Jan 2027" (French: "10 janv." / "10 janv. 2027"). */
function shortDay(day: string, language: MailLanguage, withYear: boolean): string {
  const date = parse(day);
  if (!date) return day;
  return new Intl.DateTimeFormat(intlLocale(language), {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(date);
}

/** Two dates as "10 Jan → 17 Jan 2027": the year once when both share it. */
function fromTo(from: string, to: string, language: MailLanguage): string {
  if (from === '') return shortDay(to, language, true);
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${shortDay(from, language, !sameYear)} → ${shortDay(to, language, true)}`;
}

function range(start: string, end: string, language: MailLanguage): string {
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${shortDay(start, language, !sameYear)} – ${shortDay(end, language, true)}`;
}

const TARGETS: Record<MailLanguage, Record<TargetField, string>> = {
  en: { adoptionPercent: 'Adoption target', readinessScore: 'Readiness target', by: 'Targets due' },
  fr: {
    adoptionPercent: 'Objectif d’adoption',
    readinessScore: 'Objectif de préparation',
    by: 'Échéance des objectifs',
  },
};

function targetValue(field: TargetField, value: string, language: MailLanguage): string {
  if (value === '') return language === 'fr' ? 'aucun' : 'none';
  if (field === 'by') return shortDay(value, language, true);
  if (field === 'adoptionPercent') return language === 'fr' ? `${value}\u00a0%` : `${value}%`;
  return value;
}

/** One change as a line of text in `language`. */
export function describeChange(change: PlanChange, language: MailLanguage): string {
  const fr = language === 'fr';
  const colon = fr ? ' : ' : ': ';
  switch (change.kind) {
    case 'objective':
      return fr ? 'L’objectif a été reformulé' : 'The objective was reworded';
    case 'target-date':
      return `${fr ? 'Mise en service' : 'Go-live'}${colon}${fromTo(change.from, change.to, language)}`;
    case 'department-added':
      return fr
        ? 'Votre département a rejoint le déploiement'
        : 'Your department was added to the rollout';
    case 'approver-changed':
      return fr
        ? 'Le responsable qui valide pour ce département a changé'
        : 'The head who approves for this department changed';
    case 'stage-changed':
      return `${fr ? 'Étape de validation' : 'Approval stage'}${colon}${String(change.from)} → ${String(change.to)}`;
    case 'phase-added':
      return `${fr ? 'Nouvelle phase' : 'New phase'} ${change.phase}${colon}${range(change.start, change.end, language)}`;
    case 'phase-removed':
      return `${fr ? 'Phase supprimée' : 'Phase removed'}${colon}${change.phase}`;
    case 'phase-renamed':
      return `${fr ? 'Phase renommée' : 'Phase renamed'}${colon}${change.from} → ${change.to}`;
    case 'phase-dates': {
      const { from, to } = change;
      const label = `Phase ${change.phase}`;
      if (from.end === to.end) {
        return `${label}${colon}${fromTo(from.start, to.start, language)}`;
      }
      if (from.start === to.start) {
        return `${label}, ${fr ? 'fin' : 'end'}${colon}${fromTo(from.end, to.end, language)}`;
      }
      return `${label}${colon}${range(from.start, from.end, language)} → ${range(to.start, to.end, language)}`;
    }
    case 'phase-tasks':
      return fr
        ? `Phase ${change.phase}${colon}les tâches ont changé`
        : `Phase ${change.phase}: its tasks changed`;
    case 'targets':
      return `${TARGETS[language][change.field]}${colon}${targetValue(change.field, change.from, language)} → ${targetValue(change.field, change.to, language)}`;
    case 'session-added':
      return fr
        ? `Nouvelle session « ${change.title} » : ${shortDay(change.date, language, true)}`
        : `New session “${change.title}”: ${shortDay(change.date, language, true)}`;
    case 'session-removed':
      return fr
        ? `Session annulée « ${change.title} » (${shortDay(change.date, language, true)})`
        : `Session cancelled “${change.title}” (${shortDay(change.date, language, true)})`;
    case 'session-changed':
      return change.from === change.to
        ? fr
          ? `Session « ${change.title} » modifiée`
          : `Session “${change.title}” changed`
        : `Session ${fr ? `« ${change.title} »` : `“${change.title}”`}${colon}${fromTo(change.from, change.to, language)}`;
  }
}

export function describeChanges(
  changes: readonly PlanChange[] | undefined,
  language: MailLanguage,
): string[] {
  return (changes ?? []).map((change) => describeChange(change, language));
}
