/**
 * How the history says one audit event in the user's language. Apart from words.ts, so the
 * screens that show a state or a status without the history do not load the history's texts.
 */
import type { AuditEventView } from '../../contract';
import type { Translator } from '../i18n';
import { formatDayRange } from './dates';
import { personName } from './words';

type T = Translator['t'];

/** A delegation event carries its period as `from/to` in the comment field. */
const PERIOD = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/u;

/**
 * One audit event in words: a sentence saying who (on behalf of whom) did what, and the
 * comment to quote under it (a delegation's period goes into the sentence instead).
 */
export function describeEvent(
  t: T,
  locale: string,
  event: AuditEventView,
): { text: string; comment: string } {
  const period = event.type === 'delegated' ? PERIOD.exec(event.comment) : null;
  if (period?.[1] && period[2]) {
    const params = {
      actor: event.actor ? personName(t, event.actor) : t('history.theApp'),
      detail: event.detail,
      department: event.departmentName,
      period: formatDayRange(locale, period[1], period[2]),
    };
    return {
      text: t(
        event.departmentName ? 'history.delegatedForPeriod' : 'history.delegatedPeriod',
        params,
      ),
      comment: '',
    };
  }
  return { text: eventText(t, event), comment: event.comment };
}

function eventText(t: T, event: AuditEventView): string {
  const actorName = event.actor ? personName(t, event.actor) : t('history.theApp');
  const params = {
    actor: event.onBehalfOf
      ? t('history.onBehalfOf', { actor: actorName, onBehalfOf: personName(t, event.onBehalfOf) })
      : actorName,
    department: event.departmentName,
    round: event.round,
    stage: event.stage,
    detail: event.detail,
  };
  switch (event.type) {
    case 'decided': {
      const decision =
        event.detail === 'approved' ||
        event.detail === 'rejected' ||
        event.detail === 'changes-requested'
          ? event.detail
          : 'other';
      return t(`history.decided.${decision}`, params);
    }
    case 'reminded':
      return t(event.departmentName ? 'history.remindedFor' : 'history.reminded', params);
    case 'stage-opened':
      return t(event.departmentName ? 'history.stageOpenedFor' : 'history.stageOpened', params);
    case 'delegated':
      if (!event.detail) return t('history.delegationRemoved', params);
      return t(event.departmentName ? 'history.delegatedFor' : 'history.delegated', params);
    case 'blocked':
      return t(
        event.detail === 'rejected'
          ? 'history.blockedRejected'
          : event.detail === 'changes-requested'
            ? 'history.blockedChanges'
            : 'history.blocked',
        params,
      );
    case 'rollout-created':
    case 'rollout-updated':
    case 'requested':
    case 'new-round':
    case 'approved':
    case 'discarded':
    case 'rollout-started':
    case 'phase-completed':
    case 'phase-completed-with-risk':
    case 'rollout-completed':
    case 'problem-raised':
    case 'problem-acknowledged':
    case 'problem-assigned':
    case 'problem-resolved':
    case 'problem-accepted':
    case 'problem-reminded':
    case 'problem-escalated':
    case 'attendance-recorded':
    case 'attendance-confirmed':
    case 'head-count-set':
      return t(`history.${event.type}`, params);
    case 'suggestion-accepted':
    case 'suggestion-dismissed':
      return t(`history.${event.type}`, {
        ...params,
        detail: t(`suggestions.kind.${event.detail}`),
      });
  }
}
