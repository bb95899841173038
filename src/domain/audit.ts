/**
 * The audit trail: append-only events, and their CSV export. Pure.
 */
export type AuditEventType =
  | 'rollout-created'
  | 'rollout-updated'
  | 'requested'
  | 'new-round'
  | 'stage-opened'
  | 'reminded'
  | 'delegated'
  | 'decided'
  | 'approved'
  | 'blocked'
  | 'discarded'
  | 'rollout-started'
  | 'phase-completed'
  | 'phase-completed-with-risk'
  | 'rollout-completed'
  | 'problem-raised'
  | 'problem-acknowledged'
  | 'problem-assigned'
  | 'problem-resolved'
  | 'problem-accepted'
  | 'problem-reminded'
  | 'problem-escalated'
  | 'suggestion-accepted'
  | 'suggestion-dismissed'
  | 'attendance-recorded'
  | 'attendance-confirmed'
  | 'head-count-set';

export interface AuditEvent {
  /** `${rolloutId}:${at}:${unique}`: sorts by time within a rollout. */
  id: string;
  rolloutId: string;
  at: string;
  type: AuditEventType;
  actorAccountId: string;
  onBehalfOfAccountId: string;
  departmentId: string;
  departmentName: string;
  round: number;
  stage: number;
  /**
   * For `decided`: the decision; for `delegated`: the delegate's account id; for problem events:
   * the problem's issue key; for suggestion events: the suggestion's kind; for attendance events:
   * the session's title; for `head-count-set`: the number entered.
   */
  detail: string;
  comment: string;
}

export function auditEventId(rolloutId: string, at: string, unique: string): string {
  return `${rolloutId}:${at}:${unique}`;
}

/**
 * The time for new events: now, or just after `after` (the newest event already written) when the
 * clock has not moved past it, so that an event never sorts before the one that caused it.
 */
export function eventTime(now: Date, after: string | undefined): string {
  const floor = after ? Date.parse(after) + 1 : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(now.getTime(), floor)).toISOString();
}

/**
 * `count` instants starting at `at`, one millisecond apart: events written together keep their
 * order in the trail, which sorts by time alone.
 */
export function eventTimes(at: string, count: number): string[] {
  const start = Date.parse(at);
  return Array.from({ length: count }, (_, i) => new Date(start + i).toISOString());
}

/** An event with its id; fields it does not name are empty. */
export function auditEvent(
  fields: Pick<AuditEvent, 'rolloutId' | 'at' | 'type'> & Partial<AuditEvent>,
  unique: string,
): AuditEvent {
  return {
    actorAccountId: '',
    onBehalfOfAccountId: '',
    departmentId: '',
    departmentName: '',
    round: 0,
    stage: 0,
    detail: '',
    comment: '',
    ...fields,
    id: auditEventId(fields.rolloutId, fields.at, unique),
  };
}

export const CSV_COLUMNS = [
  'time',
  'event',
  'round',
  'stage',
  'department',
  'by',
  'on behalf of',
  'detail',
  'comment',
] as const;

/**
 * One CSV field: quoted when needed, and defused when a spreadsheet would run it as a formula
 * (a leading =, +, -, @, tab or carriage return gets a leading apostrophe).
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) || text !== text.trim() ? `"${text.replace(/"/gu, '""')}"` : text;
}

export function csvRow(values: readonly (string | number)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A CSV row for one event; `name` turns account ids into names (the id itself when unknown). */
export function eventCsvRow(event: AuditEvent, name: (accountId: string) => string): string {
  const detail = event.type === 'delegated' && event.detail ? name(event.detail) : event.detail;
  return csvRow([
    event.at,
    event.type,
    event.round || '',
    event.stage || '',
    event.departmentName,
    event.actorAccountId ? name(event.actorAccountId) : '',
    event.onBehalfOfAccountId ? name(event.onBehalfOfAccountId) : '',
    detail,
    event.comment,
  ]);
}
