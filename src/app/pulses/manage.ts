/**
 * The feedback section of a rollout's anchor panel: the coordinator opens and closes pulses,
 * supervisors and heads check in per department, and those who may read readiness see it with
 * its trend and, inside shown groups, the comments they may read.
 *
 * Whoever cannot browse the anchor issue gets NOT_FOUND before any storage call. A load reads
 * the rollout, its pulses (one page) and its recent check-ins (one page), and one receipt when a
 * pulse is open: a fixed number of storage calls, whatever the number of answers.
 */
import type { IssueAccess, JiraUser } from '../../atlassian/jira/port';
import type { CheckInView, FeedbackView } from '../../contract';
import { eventTime } from '../../domain/audit';
import { today } from '../../domain/delegation';
import {
  PULSES_PER_ROLLOUT_MAX,
  bucketFor,
  canManagePulses,
  canSeeAggregates,
  commentDepartments,
  headedDepartments,
  mayCheckIn,
  pulseState,
  type CheckIn,
  type Pulse,
} from '../../domain/pulses';
import { departmentGroup, departmentShown, emptyTallies } from '../../domain/readiness';
import type { Rollout } from '../../domain/rollout';
import { pulseOpenedMail } from '../../notifications/pulse-opened';
import { browseIssue } from '../access';
import { refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { lookUpUsers, userSummary } from '../users';
import { pulseResults } from './readiness';

export type FeedbackPorts = Pick<
  Ports,
  'jira' | 'rollouts' | 'pulses' | 'departments' | 'delegations' | 'standIns' | 'now'
>;

/** Comment buckets read in one call (each holds the comments of up to 50 answers). */
export const COMMENT_PAGES_PER_CALL = 10;

interface Anchor {
  issue: IssueAccess;
  rollout: Rollout;
}

/** The context's issue, which must be a rollout's anchor, as the acting user browses it. */
async function anchorOf(ports: FeedbackPorts, call: Caller): Promise<Anchor> {
  const issue = await browseIssue(ports, call);
  const rollout = await ports.rollouts.findByIssue(issue.id);
  if (!rollout) throw refuse('errors.pulse.notAnchor');
  return { issue, rollout };
}

function viewerOf(call: Caller, issue: IssueAccess) {
  return { accountId: call.accountId, isJiraAdmin: issue.isJiraAdmin };
}

function checkInViews(
  rollout: Rollout,
  checkIns: readonly CheckIn[],
  users: Awaited<ReturnType<typeof lookUpUsers>>,
): CheckInView[] {
  const names = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  return checkIns.map((checkIn) => ({
    id: checkIn.id,
    departmentId: checkIn.departmentId,
    departmentName: names.get(checkIn.departmentId) ?? '',
    author: userSummary(checkIn.accountId, users),
    byHead: headedDepartments(rollout, checkIn.accountId).includes(checkIn.departmentId),
    rating: checkIn.rating,
    note: checkIn.note,
    at: checkIn.at,
  }));
}

/**
 * The departments of `rollout` the acting user may check in for (`mayCheckIn`): the ones they
 * head need no read; the rest take the rollout's departments in the directory (supervisors,
 * default stand-ins) and the heads' current delegation records, read by key together (one batch
 * per 25 keys, sent at once: 1 call for up to 12 departments, decision 0060), never the whole
 * directory.
 */
async function checkInDepartmentIds(
  ports: FeedbackPorts,
  call: Caller,
  rollout: Rollout,
): Promise<string[]> {
  const departments = rollout.departments;
  if (departments.every((d) => d.headAccountId === call.accountId)) {
    return departments.map((d) => d.departmentId);
  }
  const now = ports.now();
  const { departments: directory, delegations } = await ports.standIns.forRound({
    departmentIds: departments.map((d) => d.departmentId),
    people: departments.map((d) => d.headAccountId),
    day: today(now),
  });
  const byId = new Map(directory.map((d) => [d.id, d]));
  const byHead = new Map(delegations.map((record) => [record.headAccountId, record]));
  return departments
    .filter((d) =>
      mayCheckIn(call.accountId, d, byId.get(d.departmentId), byHead.get(d.headAccountId), now),
    )
    .map((d) => d.departmentId);
}

/** The section as the acting user sees it, on the anchor `issue` they browse (already checked). */
export async function feedbackView(
  ports: FeedbackPorts,
  call: Caller,
  { issue, rollout }: Anchor,
): Promise<FeedbackView> {
  const viewer = viewerOf(call, issue);
  const sees = canSeeAggregates(rollout, viewer);
  const [pulses, checkIns, checkInIds] = await Promise.all([
    ports.pulses.listByRollout(rollout.id),
    sees ? ports.pulses.recentCheckIns(rollout.id) : Promise.resolve([]),
    checkInDepartmentIds(ports, call, rollout),
  ]);
  const day = today(ports.now());
  const open = pulses.find((pulse) => pulseState(pulse, day) === 'open');
  const [answered, users] = await Promise.all([
    open ? ports.pulses.hasAnswered(open.id, call.accountId) : Promise.resolve(true),
    checkIns.length > 0
      ? lookUpUsers(
          ports.jira,
          checkIns.map((c) => c.accountId),
        )
      : Promise.resolve(new Map<string, JiraUser>()),
  ]);
  return {
    rolloutId: rollout.id,
    departments: rollout.departments.map((d) => ({ id: d.departmentId, name: d.name })),
    canManage: canManagePulses(rollout, viewer),
    canSeeResults: sees,
    pulses: pulseResults(rollout, pulses, viewer, day),
    checkIns: checkInViews(rollout, checkIns, users),
    checkInDepartmentIds: checkInIds,
    toAnswer: open && !answered ? { pulseId: open.id } : null,
    pulsesMax: PULSES_PER_ROLLOUT_MAX,
  };
}

export const loadFeedback: UseCase<'pulses/load', FeedbackPorts> = async (_payload, call, ports) =>
  feedbackView(ports, call, await anchorOf(ports, call));

/**
 * Where the e-mail sends people: the anchor issue, whose Rollout panel always holds the form
 * (a strategy page holds it only where someone placed the pulse macro).
 */
function answerLink(call: Caller, rollout: Rollout): string {
  return `${call.siteUrl}/browse/${encodeURIComponent(rollout.anchorIssueKey)}`;
}

/** A directory department's Jira group ('' when it is linked to none). */
function groupIdOf(department: { id: string; groupId?: string } | undefined): string {
  return department?.groupId ?? '';
}

/**
 * E-mails the members of each asked department's Jira group, through Jira on the anchor issue
 * (Jira mails only those who may see it). Answers how many departments were mailed, and the names
 * of those that have no group to mail. The asked departments' groups are read by key (0060).
 */
async function mailDepartments(
  ports: FeedbackPorts,
  call: Caller,
  rollout: Rollout,
  pulse: Pulse,
): Promise<{ mailed: number; unmailed: string[] }> {
  const asked = rollout.departments.filter((d) => pulse.departmentIds.includes(d.departmentId));
  const found = await ports.standIns.forRound({
    departmentIds: asked.map((d) => d.departmentId),
    people: [],
    day: today(ports.now()),
  });
  const directory = new Map(found.departments.map((d) => [d.id, d]));
  const groupIds = asked.map((d) => groupIdOf(directory.get(d.departmentId)));
  const unmailed = asked.filter((_d, i) => groupIds[i] === '').map((d) => d.name);
  const toMail = groupIds.filter((id) => id !== '');
  if (toMail.length === 0) return { mailed: 0, unmailed };
  const sent = await ports.jira.notifyGroups(
    rollout.anchorIssueId,
    pulseOpenedMail(rollout.language, {
      rolloutTitle: rollout.title,
      from: pulse.from,
      to: pulse.to,
      link: answerLink(call, rollout),
    }),
    toMail,
  );
  return sent
    ? { mailed: toMail.length, unmailed }
    : { mailed: 0, unmailed: asked.map((d) => d.name) };
}

export const openPulse: UseCase<'pulses/open', FeedbackPorts> = async (payload, call, ports) => {
  const anchor = await anchorOf(ports, call);
  const { issue, rollout } = anchor;
  if (!canManagePulses(rollout, viewerOf(call, issue))) {
    throw refuse('errors.pulse.manageForbidden');
  }
  const existing = await ports.pulses.get(payload.requestId);
  if (existing) {
    // A repeated click: the pulse stands, and its e-mail went with the first.
    if (existing.rolloutId !== rollout.id) throw refuse('errors.request.reused');
    // The first attempt may have stopped before the index rows ("My rollouts") were written.
    if (existing.closedAt === '') await ports.pulses.indexDepartments(existing, undefined);
    return { ...(await feedbackView(ports, call, anchor)), mailed: 0, unmailed: [] };
  }
  const asked = new Set(payload.departmentIds);
  const known = new Set(rollout.departments.map((d) => d.departmentId));
  if ([...asked].some((id) => !known.has(id))) throw refuse('errors.pulse.unknownDepartment');
  const day = today(ports.now());
  if (payload.to < day) throw refuse('errors.pulse.periodPast');
  const pulses = await ports.pulses.listByRollout(rollout.id);
  if (pulses.length >= PULSES_PER_ROLLOUT_MAX) {
    throw refuse('errors.pulse.full', { params: { max: PULSES_PER_ROLLOUT_MAX } });
  }
  // One pulse at a time: an answer form never has to ask which pulse it is for.
  const overlapping = pulses.find(
    (pulse) =>
      pulseState(pulse, day) !== 'ended' && pulse.from <= payload.to && payload.from <= pulse.to,
  );
  if (overlapping) {
    throw refuse('errors.pulse.overlap', {
      params: { from: overlapping.from, to: overlapping.to },
    });
  }
  const departmentIds = rollout.departments
    .map((d) => d.departmentId)
    .filter((id) => asked.has(id));
  const pulse: Pulse = {
    id: payload.requestId,
    rolloutId: rollout.id,
    from: payload.from,
    to: payload.to,
    departmentIds,
    openedBy: call.accountId,
    openedAt: ports.now().toISOString(),
    closedAt: '',
    tallies: emptyTallies(departmentIds),
    version: 1,
  };
  const created = await ports.pulses.create(pulse);
  // No two pulses of a rollout overlap: the one that ended last is the only one whose rows stay.
  const ended = pulses
    .filter((p) => pulseState(p, day) === 'ended')
    .sort((a, b) => a.to.localeCompare(b.to))
    .at(-1);
  await ports.pulses.indexDepartments(pulse, ended);
  const mail =
    created === 'created'
      ? await mailDepartments(ports, call, rollout, pulse)
      : { mailed: 0, unmailed: [] };
  return { ...(await feedbackView(ports, call, anchor)), ...mail };
};

export const closePulse: UseCase<'pulses/close', FeedbackPorts> = async (payload, call, ports) => {
  const anchor = await anchorOf(ports, call);
  if (!canManagePulses(anchor.rollout, viewerOf(call, anchor.issue))) {
    throw refuse('errors.pulse.manageForbidden');
  }
  const pulse = await ports.pulses.get(payload.pulseId);
  if (pulse?.rolloutId !== anchor.rollout.id) throw refuse('errors.pulse.notFound');
  const day = today(ports.now());
  // Closing twice (a repeated click) changes nothing.
  if (pulseState(pulse, day) !== 'ended') {
    if (pulse.version !== payload.version) throw refuse('errors.pulse.stale');
    const next: Pulse = {
      ...pulse,
      closedAt: eventTime(ports.now(), pulse.openedAt),
      version: pulse.version + 1,
    };
    if ((await ports.pulses.replace(pulse, next)) === 'stale') throw refuse('errors.pulse.stale');
  }
  // Again on a repeated close: the first may have stopped before the rows went.
  await ports.pulses.unindexDepartments(pulse);
  return feedbackView(ports, call, anchor);
};

export const checkIn: UseCase<'pulses/checkIn', FeedbackPorts> = async (payload, call, ports) => {
  const anchor = await anchorOf(ports, call);
  const { rollout } = anchor;
  const department = rollout.departments.find((d) => d.departmentId === payload.departmentId);
  if (!department) throw refuse('errors.pulse.unknownDepartment');
  // Two reads whatever the size: the directory's department and its head's delegations.
  const [directory, delegations] = await Promise.all([
    ports.departments.get(department.departmentId),
    ports.delegations.get(department.headAccountId),
  ]);
  if (!mayCheckIn(call.accountId, department, directory, delegations, ports.now())) {
    throw refuse('errors.pulse.checkInForbidden', { params: { department: department.name } });
  }
  const record: CheckIn = {
    id: payload.requestId,
    rolloutId: rollout.id,
    departmentId: payload.departmentId,
    accountId: call.accountId,
    rating: payload.rating,
    note: payload.note,
    at: ports.now().toISOString(),
  };
  if (!(await ports.pulses.addCheckIn(record))) {
    const stored = await ports.pulses.checkIn(payload.requestId);
    if (stored?.rolloutId !== rollout.id || stored.accountId !== call.accountId) {
      throw refuse('errors.request.reused');
    }
  }
  return feedbackView(ports, call, anchor);
};

export const pulseComments: UseCase<'pulses/comments', FeedbackPorts> = async (
  payload,
  call,
  ports,
) => {
  const { issue, rollout } = await anchorOf(ports, call);
  const pulse = await ports.pulses.get(payload.pulseId);
  if (pulse?.rolloutId !== rollout.id) throw refuse('errors.pulse.notFound');
  if (!pulse.departmentIds.includes(payload.departmentId)) {
    throw refuse('errors.pulse.unknownDepartment');
  }
  // Comments show only inside a shown group, and only to whoever may read that department's.
  if (
    !commentDepartments(rollout, viewerOf(call, issue)).has(payload.departmentId) ||
    !departmentShown(pulse.tallies, payload.departmentId)
  ) {
    throw refuse('errors.pulse.resultsForbidden');
  }
  const answers =
    pulse.tallies.find((t) => t.group === departmentGroup(payload.departmentId))?.running.answers ??
    0;
  const lastPage = bucketFor(Math.max(answers - 1, 0));
  const pages: number[] = [];
  for (
    let page = payload.fromPage;
    page <= lastPage && pages.length < COMMENT_PAGES_PER_CALL;
    page += 1
  ) {
    pages.push(page);
  }
  const buckets = await Promise.all(
    pages.map((page) => ports.pulses.bucket(pulse.id, payload.departmentId, page)),
  );
  const comments = buckets
    .flatMap((bucket) => bucket?.comments ?? [])
    .sort((a, b) => a.localeCompare(b));
  const after = (pages.at(-1) ?? payload.fromPage) + 1;
  return { comments, nextPage: after <= lastPage ? after : null };
};
