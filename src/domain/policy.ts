/**
 * A rollout's policy: the Confluence pages its departments' people must read and acknowledge.
 * Pure: the use cases read pages, groups and storage; this module says who still has to
 * acknowledge what, what a material revision resets, and the acknowledged % per department.
 *
 * - Each page asks for one version: the one the coordinator named or last marked as material.
 *   An acknowledgement records the page version the person read and the version asked for then;
 *   it counts until the coordinator marks a later version material. A version the coordinator does not mark (a typo fixed) asks
 *   nobody again.
 * - Who is asked: the members of each department's Jira group (the directory's link, taken when
 *   the page is named). A department without a group has nobody to ask: its % is unknown.
 * - The record keeps, per page and department, how many acknowledged: the readers' counters, so
 *   no reader pages through acknowledgements. A material revision empties that page's counters.
 * See docs/decisions/0038-policy-acknowledgements.md.
 */

/** The most pages one rollout's policy names. */
export const POLICY_PAGES_MAX = 10;

/** The most reminders one person gets for one page version. */
export const POLICY_REMINDERS_MAX = 3;

/** Days between two reminders to the same group about the same page version. */
export const POLICY_REMINDER_DAYS = 7;

export interface PolicyPage {
  pageId: string;
  title: string;
  /** The version people must have acknowledged. */
  version: number;
  /** The page's address in Confluence. */
  url: string;
  addedAt: string;
  /** The version asked for before the last material revision (absent: never revised). */
  previousVersion?: number;
  /** Confluence's message of the material version, shown to people asked again. */
  changeMessage?: string;
  revisedAt?: string;
  /** Reminders sent for the version asked for, and when the last one went. */
  reminders: number;
  remindedAt?: string;
  /** Where the last reminder's sending has got to, while some of its people are not yet mailed. */
  reminding?: ReminderProgress;
}

/**
 * A reminder being sent, one page of a group's members at a time: the next department (its
 * index in `remindedDepartments`) and member offset. Each step is claimed by writing the next
 * position before mailing, so no step is mailed twice and a stopped run resumes where it was.
 */
export interface ReminderProgress {
  department: number;
  startAt: number;
}

/**
 * One person's share of a reminder under way: which reminder (its start, `remindedAt`) and the
 * step (position) that mails them. Written before the step is claimed, it keeps a person who is
 * in two of the groups asked from being mailed again by a later step of the same reminder, even
 * one reached on another day.
 */
export interface ReminderClaim extends ReminderProgress {
  remindedAt: string;
}

/**
 * Which step of `page`'s reminder under way `claim` gives the person to, seen from the step at
 * `step`: `another` (a step that mailed them, or will: this one leaves them out), `this` (written
 * by a run stopped before it claimed this step: mail them, nothing to write) or `none` (no claim,
 * or one of an earlier reminder: claim them for this step).
 */
export function reminderClaimOf(
  claim: ReminderClaim | undefined,
  page: Pick<PolicyPage, 'remindedAt'>,
  step: ReminderProgress,
): 'another' | 'this' | 'none' {
  if (claim === undefined || claim.remindedAt !== page.remindedAt) return 'none';
  return claim.department === step.department && claim.startAt === step.startAt
    ? 'this'
    : 'another';
}

/** What a rollout's policy keeps: pages, people asked and acknowledged counters. */
export interface PolicyRecord {
  rolloutId: string;
  /** The rollout's title when the policy last changed (shown to the people asked). */
  rolloutTitle: string;
  pages: PolicyPage[];
  /** By department id: the Jira group asked and its member count (when last read). */
  audience: Record<string, { groupId: string; people: number }>;
  /** By page id, then department id: how many acknowledged the version asked for. */
  acknowledged: Record<string, Record<string, number>>;
  updatedAt: string;
  version: number;
}

/** One person's acknowledgement of one page. */
export interface Acknowledgement {
  /** The page version they read. */
  version: number;
  /**
   * The version the policy asked for when they acknowledged: what the counters counted. A reader
   * of a newer text before the coordinator marks it material is still asked again after, so the
   * reset counters and the acknowledgements always agree.
   */
  asked: number;
  at: string;
  /** The departments they counted for. */
  departmentIds: string[];
}

/** One page of one rollout's policy, as a map key. */
export function policyRef(rolloutId: string, pageId: string): string {
  return `${rolloutId}/${pageId}`;
}

/** Whether `ack` covers the version `page` asks for. */
export function isAcknowledged(
  page: Pick<PolicyPage, 'version'>,
  ack: Pick<Acknowledgement, 'asked'> | undefined,
): boolean {
  return ack !== undefined && ack.asked >= page.version;
}

/** The departments of the policy whose group is among `groupIds` (the person's groups). */
export function departmentsOf(
  record: Pick<PolicyRecord, 'audience'>,
  groupIds: ReadonlySet<string>,
): string[] {
  return Object.entries(record.audience)
    .filter(([, audience]) => audience.groupId !== '' && groupIds.has(audience.groupId))
    .map(([departmentId]) => departmentId)
    .sort();
}

/**
 * The record after `departmentIds`' person acknowledged `pageId` at `version`: undefined when
 * that changes nothing (already acknowledged, or the page is not the policy's).
 */
export function acknowledge(
  record: PolicyRecord,
  pageId: string,
  previous: Acknowledgement | undefined,
  departmentIds: readonly string[],
  at: string,
): PolicyRecord | undefined {
  const page = record.pages.find((p) => p.pageId === pageId);
  if (!page || isAcknowledged(page, previous)) return undefined;
  const counts = { ...(record.acknowledged[pageId] ?? {}) };
  for (const departmentId of departmentIds) {
    const people = record.audience[departmentId]?.people ?? 0;
    // Never above the group's size as last read: a member added since still counts, capped.
    counts[departmentId] = Math.min(Math.max(people, 1), (counts[departmentId] ?? 0) + 1);
  }
  return {
    ...record,
    acknowledged: { ...record.acknowledged, [pageId]: counts },
    updatedAt: at,
    version: record.version + 1,
  };
}

/** The record after the coordinator marked `version` of `pageId` as material. */
export function reviseMaterially(
  record: PolicyRecord,
  pageId: string,
  next: { version: number; title: string; url: string; message: string },
  at: string,
): PolicyRecord | 'unknown-page' | 'not-newer' {
  const page = record.pages.find((p) => p.pageId === pageId);
  if (!page) return 'unknown-page';
  if (next.version <= page.version) return 'not-newer';
  const revised: PolicyPage = {
    ...page,
    title: next.title,
    url: next.url,
    version: next.version,
    previousVersion: page.version,
    changeMessage: next.message,
    revisedAt: at,
    reminders: 0,
  };
  delete revised.remindedAt;
  // The previous version's reminder, if still being sent, would ask about a text nobody reads now.
  delete revised.reminding;
  return {
    ...record,
    pages: record.pages.map((p) => (p.pageId === pageId ? revised : p)),
    acknowledged: { ...record.acknowledged, [pageId]: {} },
    updatedAt: at,
    version: record.version + 1,
  };
}

/** A department's acknowledged %: its lowest over the policy's pages, 0–100, null unknown. */
export function acknowledgedPercent(
  record: Pick<PolicyRecord, 'pages' | 'audience' | 'acknowledged'> | undefined,
  departmentId: string,
): number | null {
  const people = record?.audience[departmentId]?.people ?? 0;
  if (!record || record.pages.length === 0 || people <= 0) return null;
  let lowest = 100;
  for (const page of record.pages) {
    const done = record.acknowledged[page.pageId]?.[departmentId] ?? 0;
    lowest = Math.min(lowest, Math.floor((Math.min(done, people) * 100) / people));
  }
  return lowest;
}

/** Whether a reminder about `page` is due at `now` (under the cap, past the cadence). */
export function reminderDue(
  page: Pick<PolicyPage, 'reminders' | 'remindedAt' | 'revisedAt' | 'addedAt'>,
  now: Date,
): boolean {
  if (page.reminders >= POLICY_REMINDERS_MAX) return false;
  const since = page.remindedAt ?? page.revisedAt ?? page.addedAt;
  const days = (now.getTime() - new Date(since).getTime()) / 86_400_000;
  return days >= POLICY_REMINDER_DAYS;
}

/** The departments a reminder goes to, in the order it is sent: those with a group, by id. */
export function remindedDepartments(record: Pick<PolicyRecord, 'audience'>): string[] {
  return Object.entries(record.audience)
    .filter(([, audience]) => audience.groupId !== '')
    .map(([departmentId]) => departmentId)
    .sort();
}

function withPage(record: PolicyRecord, page: PolicyPage, at: string): PolicyRecord {
  return {
    ...record,
    pages: record.pages.map((p) => (p.pageId === page.pageId ? page : p)),
    updatedAt: at,
    version: record.version + 1,
  };
}

/**
 * The record once the next reminder about `pageId` is started at `at`: counted and dated (so the
 * cap and the cadence hold from now) with its sending at the first department. Undefined when no
 * reminder is due, one is still being sent, or nobody has a group to be reminded through.
 */
export function startReminder(
  record: PolicyRecord,
  pageId: string,
  at: Date,
): PolicyRecord | undefined {
  const page = record.pages.find((p) => p.pageId === pageId);
  if (!page || page.reminding || !reminderDue(page, at)) return undefined;
  if (remindedDepartments(record).length === 0) return undefined;
  const started: PolicyPage = {
    ...page,
    reminders: page.reminders + 1,
    remindedAt: at.toISOString(),
    reminding: { department: 0, startAt: 0 },
  };
  return withPage(record, started, at.toISOString());
}

/**
 * The record with `pageId`'s reminder moved past the step at `from` (`next`: the following
 * position; undefined: every department was reached). Undefined when the reminder is no longer
 * at `from`: another run took that step, or a material revision replaced the reminder.
 */
export function advanceReminder(
  record: PolicyRecord,
  pageId: string,
  from: ReminderProgress,
  next: ReminderProgress | undefined,
  at: string,
): PolicyRecord | undefined {
  const page = record.pages.find((p) => p.pageId === pageId);
  const now = page?.reminding;
  if (!page || now?.department !== from.department || now.startAt !== from.startAt) {
    return undefined;
  }
  const moved: PolicyPage = { ...page };
  if (next) moved.reminding = next;
  else delete moved.reminding;
  return withPage(record, moved, at);
}
