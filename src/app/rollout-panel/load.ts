/**
 * The Rollout panel of a Jira issue: on the rollout's anchor, the rollout at a glance; on an
 * issue the plan created (or a problem raised during it), where that issue sits in the rollout.
 *
 * Whoever cannot browse the issue gets NOT_FOUND before any storage call. The anchor's view costs
 * at most 6 Jira calls whatever the size of the rollout: the issue and the user's rights (2, with
 * the issue's status and property in the same answer), and one approximate count of open
 * problems per severity (4). The phase × department grid comes from the work issues' states the
 * work-events trigger keeps (decision 0014), one storage read, so its cost does not grow with the
 * number of issues or departments; storage is read a fixed number of times (the rollout, its
 * current round, the work states), plus a conditional write when the panel is the first to see
 * that the rollout started. The panel's first load also carries its sections' first answers
 * (problems, suggestions, feedback: one invoke per panel load), each by its own use case from the
 * issue and rollout read once, at a fixed number of calls more (bench/rollout-panel.ts).
 */
import type { IssueAccess } from '../../atlassian/jira/port';
import type {
  AnchorPanelView,
  AnchorSections,
  SessionAttendanceView,
  MemberPanelView,
  PanelPhaseView,
  ProblemCounts,
  RolloutPanelView,
} from '../../contract';
import { summariseRound } from '../../domain/approvals';
import { approvalBottlenecks, pendingApprovers } from '../../domain/bottlenecks';
import {
  attendanceFlag,
  canRecordAttendance,
  sessionHeld,
  type Attendance,
  type AttendanceFlag,
} from '../../domain/attendance';
import { eventTime } from '../../domain/audit';
import { today } from '../../domain/delegation';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SEVERITIES,
  PROBLEM_STATUSES,
  type Problem,
  type ProblemSeverity,
} from '../../domain/problems';
import { liveWork, upcomingSessions } from '../../domain/progress';
import { SESSION_KINDS } from '../../domain/rules/plan';
import { emptyCounters, type WorkCounters } from '../../domain/work-states';
import {
  canCompletePhases,
  completionOf,
  currentPhase,
  lifecycleOf,
  startedEvent,
  startToRecord,
  type Rollout,
} from '../../domain/rollout';
import { browseIssue } from '../access';
import { bottleneckStandIns } from '../bottleneck-stand-ins';
import { lookUpNames, lookUpUsers, optionalUser, userSummary, type Users } from '../users';
import { trainedViews } from '../trained';
import type { AttendanceSummary } from '../../storage/trained';
import type { Caller, Ports, UseCase } from '../ports';
import { appErrorOf, internalError } from '../failures';
import { problemList, type ListPorts } from '../problems/list';
import { anchorSuggestions, type SuggestionPorts } from '../suggestions/list';
import { feedbackView, type FeedbackPorts } from '../pulses/manage';
import { fail, ok, type Envelope } from '../../contract/envelope';
import { phaseJql, workJql } from '../strategy/context';
import { departmentWorkJql, openProblemsJql, sessionsJql } from './jql';

export type RolloutPanelPorts = Pick<
  Ports,
  | 'jira'
  | 'rollouts'
  | 'approvals'
  | 'workStates'
  | 'attendance'
  | 'problems'
  | 'trained'
  | 'departments'
  | 'standIns'
  | 'settings'
  | 'digest'
  | 'now'
>;

/** How many flagged sessions the anchor's view lists (the oldest first). */
export const FLAGGED_SESSIONS_PAGE = 10;

/** How many upcoming sessions the anchor's view lists (the rest is one Jira search away). */
export const UPCOMING_SESSIONS_PAGE = 10;

const WRITE_ATTEMPTS = 5;

/** The Confluence address of a strategy page (the form Confluence Cloud redirects from). */
export function strategyPageUrl(siteUrl: string, pageId: string): string | null {
  if (pageId === '') return null;
  return `${siteUrl.replace(/\/+$/u, '')}/wiki/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`;
}

/**
 * Records that the rollout started when its anchor was seen out of To Do after an approval,
 * conditionally: of concurrent loads one writes the start and its event, the others re-read it.
 * A failure leaves the rollout as it was: the next load tries again.
 */
export async function recordStart(
  ports: Pick<Ports, 'rollouts' | 'now'>,
  rollout: Rollout,
  anchor: Pick<IssueAccess, 'statusCategory'>,
): Promise<Rollout> {
  let current = rollout;
  try {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const at = eventTime(ports.now(), current.updatedAt);
      const start = startToRecord(current, anchor.statusCategory, new Date(at));
      if (!start) return current;
      const next: Rollout = {
        ...current,
        startedAt: start.startedAt,
        updatedAt: at,
        version: current.version + 1,
      };
      const written = await ports.rollouts.update(current, next, [startedEvent(current.id, at)]);
      if (written === 'written') return next;
      const fresh = await ports.rollouts.get(current.id);
      if (!fresh) return current;
      current = fresh;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] the rollout's start was not recorded: ${reason}`);
  }
  return current;
}

async function countProblems(
  ports: Pick<Ports, 'jira'>,
  rolloutId: string,
): Promise<ProblemCounts> {
  const counts = await Promise.all(
    PROBLEM_SEVERITIES.map((severity) =>
      ports.jira.countIssues(openProblemsJql(rolloutId, { severity })),
    ),
  );
  const bySeverity = new Map(PROBLEM_SEVERITIES.map((severity, i) => [severity, counts[i] ?? 0]));
  return {
    blocking: bySeverity.get('blocking') ?? 0,
    high: bySeverity.get('high') ?? 0,
    medium: bySeverity.get('medium') ?? 0,
    low: bySeverity.get('low') ?? 0,
  };
}

function phaseViews(rollout: Rollout, states: WorkCounters, day: string): PanelPhaseView[] {
  const work = new Map(liveWork(rollout, states, day).map((phase) => [phase.phaseId, phase]));
  const names = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  return rollout.phases.map((phase) => {
    const counts = work.get(phase.id);
    const completion = completionOf(rollout, phase.id);
    return {
      id: phase.id,
      name: phase.name,
      start: phase.start,
      end: phase.end,
      work: counts?.total ?? { open: 0, done: 0, overdue: 0 },
      departments: [...(counts?.byDepartment ?? new Map<string, never>()).entries()].map(
        ([departmentId, cell]) => ({
          departmentId,
          name: departmentId === '' ? '' : (names.get(departmentId) ?? ''),
          ...cell,
          jql: departmentWorkJql(rollout.id, phase.id, departmentId),
        }),
      ),
      completion: completion
        ? {
            completedAt: completion.completedAt,
            blockingOpen: completion.blockingOpen,
            riskComment: completion.riskComment,
          }
        : null,
      jql: phaseJql(rollout.id, phase.id),
    };
  });
}

/**
 * The sessions to look at (over capacity, or held with nothing recorded), oldest first, from the
 * attendance summary kept with the trained %: no session's attendance is read.
 */
function flaggedSessions(
  rollout: Rollout,
  summary: AttendanceSummary | undefined,
  day: string,
): { session: Rollout['sessions'][number]; flag: AttendanceFlag; count: number }[] {
  return [...rollout.sessions]
    .sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime))
    .flatMap((session) => {
      const recorded = summary?.sessions[session.id];
      const flag = attendanceFlag(session, recorded, day);
      return flag ? [{ session, flag, count: recorded?.count ?? 0 }] : [];
    });
}

/** The anchor's view: the rollout at a glance, for the acting user. */
export async function anchorView(
  ports: RolloutPanelPorts,
  call: Caller,
  issue: IssueAccess,
  stored: Rollout,
): Promise<AnchorPanelView> {
  const canEdit = canCompletePhases(stored, {
    accountId: call.accountId,
    isJiraAdmin: issue.isJiraAdmin,
  });
  // The weekly digest concerns its recipients (heads, sponsors) and whoever manages it; only for
  // someone who is neither a head nor a manager are the sponsors read.
  const heads = stored.departments.some((d) => d.headAccountId === call.accountId);
  // The work states, the trained % and the attendance summary come in one storage call.
  // The bottleneck table names each pending approver and the open rows' stand-ins: once the round
  // is read, one batch of those rows' departments and heads' delegations (decision 0059), then
  // one bulk look-up of everyone's names (none when none waits), alongside the other reads.
  const now = ports.now();
  const [rollout, [round, approverNames, standIns], problems, derived, settings, sponsor] =
    await Promise.all([
      recordStart(ports, stored, issue),
      ports.approvals.listRound(stored.id, stored.round).then(async (listed) => {
        const found = await bottleneckStandIns(ports, stored, listed, now);
        const people = pendingApprovers(listed, { rollout: stored, found, now });
        return [listed, await lookUpNames(ports.jira, people), found] as const;
      }),
      countProblems(ports, stored.id),
      ports.trained.panelRead(stored.id),
      ports.settings.get(),
      heads || canEdit
        ? false
        : ports.digest
            .settings(stored.id)
            .then((digest) => digest.sponsorAccountIds.includes(call.accountId)),
    ]);
  const states = derived.workStates;
  const day = today(ports.now());
  const current = currentPhase(rollout, day);
  const phaseNames = new Map(rollout.phases.map((phase) => [phase.id, phase.name]));
  const departmentNames = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  const sessions = upcomingSessions(rollout.sessions, day, UPCOMING_SESSIONS_PAGE);
  const flagged = flaggedSessions(rollout, derived.summary, day);
  const sessionView = (session: Rollout['sessions'][number]) => ({
    id: session.id,
    title: session.title,
    kind: session.kind,
    date: session.date,
    phaseId: session.phaseId,
    phaseName: phaseNames.get(session.phaseId) ?? '',
    departments: session.allDepartments
      ? []
      : session.departmentIds.flatMap((id) => {
          const name = departmentNames.get(id);
          return name ? [name] : [];
        }),
    allDepartments: session.allDepartments,
  });
  const summary = summariseRound(round);
  const jqlBySeverity = Object.fromEntries(
    PROBLEM_SEVERITIES.map((severity) => [severity, openProblemsJql(rollout.id, { severity })]),
  ) as Record<ProblemSeverity, string>;
  return {
    kind: 'anchor',
    rollout: {
      id: rollout.id,
      title: rollout.title,
      issueKey: rollout.anchorIssueKey,
      targetDate: rollout.targetDate,
      lifecycle: lifecycleOf(rollout),
      approvalState: rollout.approvalState,
      startedAt: rollout.startedAt ?? null,
      completedAt: rollout.completedAt ?? null,
      version: rollout.version,
    },
    currentPhase: current
      ? { id: current.phase.id, index: current.index, timing: current.timing }
      : null,
    phases: phaseViews(rollout, states ?? emptyCounters(rollout.id), day),
    sessions: {
      upcoming: sessions.upcoming.map(sessionView),
      total: sessions.total,
      jql: sessionsJql(rollout.id),
      flagged: flagged.slice(0, FLAGGED_SESSIONS_PAGE).map(({ session, flag, count }) => ({
        ...sessionView(session),
        flag,
        count,
        capacity: session.capacity,
      })),
      flaggedTotal: flagged.length,
    },
    trained: {
      departments: trainedViews(rollout, derived.trained),
      updatedAt: derived.trained?.updatedAt ?? '',
      canEditHeadCounts: canEdit,
    },
    problems: { open: problems, jql: openProblemsJql(rollout.id, {}), jqlBySeverity },
    approvals: {
      state: round.length === 0 ? rollout.approvalState : summary.state,
      round: rollout.round,
      approved: round.filter((a) => a.status === 'approved').length,
      pending: round.filter((a) => a.status === 'pending').length,
      blocked: round.filter((a) => a.status === 'rejected' || a.status === 'changes-requested')
        .length,
      total: round.length,
      bottlenecks: approvalBottlenecks(
        rollout,
        round,
        now,
        settings.reminderCadenceDays,
        approverNames,
        standIns,
      ),
    },
    strategyPage: (() => {
      const url = strategyPageUrl(call.siteUrl, rollout.strategyPageId);
      return url ? { url } : null;
    })(),
    canComplete: canEdit,
    digest: { isRecipient: heads || sponsor, canManage: canEdit },
    jiraBaseUrl: call.siteUrl,
    workJql: workJql(rollout.id),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A session's attendance as the acting user sees it on the session's issue. */
function attendanceView(
  session: Rollout['sessions'][number],
  attendance: Attendance | undefined,
  people: Users,
  viewer: { accountId: string; isJiraAdmin: boolean; rollout: Rollout; day: string },
): SessionAttendanceView {
  const attendees = (attendance?.attendees ?? [])
    .map((attendee) => ({
      ...userSummary(attendee.accountId, people),
      confirmed: attendee.confirmedAt !== null,
    }))
    .sort((a, b) => (a.displayName || a.accountId).localeCompare(b.displayName || b.accountId));
  return {
    attendees,
    count: attendees.length,
    capacity: session.capacity,
    recordedAt: attendance?.recordedAt ?? '',
    version: attendance?.version ?? 0,
    flag: attendanceFlag(session, attendance, viewer.day),
    canRecord: canRecordAttendance(viewer.rollout, session, viewer),
    held: sessionHeld(session, viewer.day),
    confirmedByMe: attendees.some((a) => a.accountId === viewer.accountId && a.confirmed),
  };
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return values.find((known) => known === value) ?? null;
}

/**
 * The stored problem behind a problem issue: its owner and what fixed it live only in storage.
 * The property names it, but anyone who edits the issue may edit the property, so the record
 * counts only when it belongs to this rollout and to this very issue.
 */
async function storedProblem(
  ports: RolloutPanelPorts,
  issue: IssueAccess,
  rolloutId: string,
): Promise<Problem | undefined> {
  const problemId = text(issue.rolloutProperty.problemId);
  if (problemId === '') return undefined;
  const problem = await ports.problems.get(problemId);
  return problem?.rolloutId === rolloutId && problem.issueId === issue.id ? problem : undefined;
}

/** The view of an issue of the plan, or of a problem, from its property and the stored rollout. */
async function memberView(
  ports: RolloutPanelPorts,
  call: Caller,
  issue: IssueAccess,
  role: 'work' | 'problem',
): Promise<RolloutPanelView> {
  const property = issue.rolloutProperty;
  const rollout = await ports.rollouts.get(text(property.rolloutId));
  if (!rollout) return { kind: 'none' };
  // The property is editable by whoever edits the issue: the rollout shows only to those who may
  // browse its anchor, whatever the property claims.
  const visible =
    rollout.anchorIssueId !== '' && (await ports.jira.visibleIssues([rollout.anchorIssueId]));
  const seesRollout = visible !== false && visible.has(rollout.anchorIssueId);
  const day = today(ports.now());
  const phaseId = text(property.phaseId);
  const index = rollout.phases.findIndex((phase) => phase.id === phaseId);
  const phase = rollout.phases[index];
  const current = currentPhase(rollout, day);
  const states = phase ? await ports.workStates.get(rollout.id) : undefined;
  const work = phase
    ? liveWork(rollout, states ?? emptyCounters(rollout.id), day).find(
        (p) => p.phaseId === phase.id,
      )
    : undefined;
  const planItemId = text(property.planItemId);
  const session = planItemId.startsWith('session:')
    ? rollout.sessions.find((s) => `session:${s.id}` === planItemId)
    : undefined;
  const allDepartments = session?.allDepartments ?? false;
  const departmentIds = allDepartments
    ? rollout.departments.map((department) => department.departmentId)
    : session
      ? session.departmentIds
      : [text(property.departmentId)];
  const [attendance, trained] =
    session && seesRollout
      ? await Promise.all([
          ports.attendance.get(rollout.id, session.id),
          ports.trained.get(rollout.id),
        ])
      : [undefined, undefined];
  const problem =
    role === 'problem' && seesRollout ? await storedProblem(ports, issue, rollout.id) : undefined;
  const wanted = [
    session && seesRollout ? session.ownerAccountId : '',
    ...(attendance?.attendees ?? []).map((a) => a.accountId),
    problem?.ownerAccountId ?? '',
  ].filter((accountId) => accountId !== '');
  const people = wanted.length > 0 ? await lookUpUsers(ports.jira, wanted) : new Map();
  const owners = people;
  const names = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  const kindValue = role === 'problem' ? 'problem' : text(property.kind);
  const view: MemberPanelView = {
    kind: 'member',
    role,
    rollout: seesRollout
      ? {
          title: rollout.title,
          issueKey: rollout.anchorIssueKey,
          lifecycle: lifecycleOf(rollout),
          strategyPage: (() => {
            const url = strategyPageUrl(call.siteUrl, rollout.strategyPageId);
            return url ? { url } : null;
          })(),
        }
      : null,
    workKind:
      kindValue === 'task' || kindValue === 'problem'
        ? kindValue
        : (SESSION_KINDS.find((kind) => kind === kindValue) ?? ''),
    phase:
      phase && seesRollout
        ? {
            id: phase.id,
            name: phase.name,
            start: phase.start,
            end: phase.end,
            position: index + 1,
            count: rollout.phases.length,
            work: work?.total ?? { open: 0, done: 0, overdue: 0 },
            completed: completionOf(rollout, phase.id) !== undefined,
            current: current?.phase.id === phase.id,
          }
        : null,
    departments: seesRollout
      ? departmentIds.flatMap((id) => {
          const name = names.get(id);
          return name ? [name] : [];
        })
      : [],
    allDepartments,
    session:
      session && seesRollout
        ? {
            id: session.id,
            title: session.title,
            date: session.date,
            startTime: session.startTime,
            durationMinutes: session.durationMinutes,
            place: session.place,
            capacity: session.capacity,
            owner: optionalUser(session.ownerAccountId, people),
            audience: session.audience,
            attendance: attendanceView(session, attendance, people, {
              accountId: call.accountId,
              isJiraAdmin: issue.isJiraAdmin,
              rollout,
              day,
            }),
            // Nothing computed yet (no attendance, no head-count): nothing to show on a session.
            trained: trained ? trainedViews(rollout, trained, departmentIds) : [],
          }
        : null,
    problem:
      role === 'problem'
        ? {
            category: problem?.category ?? oneOf(PROBLEM_CATEGORIES, property.category),
            severity: problem?.severity ?? oneOf(PROBLEM_SEVERITIES, property.severity),
            status: problem?.status ?? oneOf(PROBLEM_STATUSES, property.status),
            owner: problem ? optionalUser(problem.ownerAccountId, owners) : null,
            fixLink: problem?.fixLink ?? '',
            closingComment: problem?.closingComment ?? '',
          }
        : null,
    jiraBaseUrl: call.siteUrl,
    phaseJql: phase && seesRollout ? phaseJql(rollout.id, phase.id) : null,
  };
  return view;
}

/** An issue of the plan, or a problem: its property names its rollout. */
function isMember(issue: IssueAccess): boolean {
  const { role, rolloutId } = issue.rolloutProperty;
  return (role === 'work' || role === 'problem') && typeof rolloutId === 'string';
}

/** The panel for the issue the acting user browses (already checked). */
export async function panelFor(
  ports: RolloutPanelPorts,
  call: Caller,
  issue: IssueAccess,
): Promise<RolloutPanelView> {
  const role = issue.rolloutProperty.role;
  if ((role === 'work' || role === 'problem') && isMember(issue))
    return memberView(ports, call, issue, role);
  const rollout = await ports.rollouts.findByIssue(issue.id);
  return rollout ? anchorView(ports, call, issue, rollout) : { kind: 'none' };
}

export type PanelLoadPorts = RolloutPanelPorts & ListPorts & SuggestionPorts & FeedbackPorts;

/**
 * One section's first answer, as its resolver would give it: a refusal of its own access rule
 * shows in that section alone, never fails the panel.
 */
async function sectionOf<T>(name: string, load: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return ok(await load());
  } catch (error) {
    const coded = appErrorOf(error);
    if (coded) return fail(coded);
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
    console.error(`[rollout-coordinator] the panel's ${name} section failed: ${reason}`);
    return fail(internalError());
  }
}

/**
 * The anchor's sections by their own use cases, from the issue and rollout the panel already
 * read: the problems (their list and triage right), the suggestions (the coordinator's only) and
 * the feedback section.
 */
export async function anchorSections(
  ports: PanelLoadPorts,
  call: Caller,
  issue: IssueAccess,
  rollout: Rollout,
): Promise<AnchorSections> {
  const coordinates = canCompletePhases(rollout, {
    accountId: call.accountId,
    isJiraAdmin: issue.isJiraAdmin,
  });
  const [problems, suggestions, feedback] = await Promise.all([
    sectionOf('problems', () =>
      problemList(
        ports,
        call,
        { issue: { key: issue.key, property: issue.rolloutProperty }, rollout },
        issue.isJiraAdmin,
      ),
    ),
    coordinates
      ? sectionOf('suggestions', () => anchorSuggestions(ports, call, issue, rollout))
      : Promise.resolve(null),
    sectionOf('feedback', () => feedbackView(ports, call, { issue, rollout })),
  ]);
  return { problems, suggestions, feedback };
}

/**
 * The panel's load: on the anchor, with its sections' first answers composed in (one invoke per
 * panel load, the sections' reads running beside the panel's own).
 */
export const loadRolloutPanel: UseCase<'rolloutPanel/load', PanelLoadPorts> = async (
  payload,
  call,
  ports,
) => {
  const issue = await browseIssue(ports, call);
  if (!payload.sections || isMember(issue)) return panelFor(ports, call, issue);
  const rollout = await ports.rollouts.findByIssue(issue.id);
  if (!rollout) return { kind: 'none' };
  const [view, sections] = await Promise.all([
    anchorView(ports, call, issue, rollout),
    anchorSections(ports, call, issue, rollout),
  ]);
  return { ...view, sections };
};
