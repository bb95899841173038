/**
 * The "My rollouts" page: what waits for the acting user across every rollout, in one call and
 * a bounded number of storage and Jira calls whatever the number of rollouts (decision 0037):
 * their pending approvals come from the approvals' `by-approver-status` index (their own, and
 * those of the heads they stand in for today), their problems and sessions from the person index
 * (storage/person-index.ts), and one bulk permission check drops whatever sits in a project
 * they cannot browse.
 *
 * The person's departments and the heads they stand in for are found by key (decision 0058):
 * the departments their Jira groups and their name point at, and the heads whose delegation
 * records name them, then those records themselves, each checked against what it points at; until
 * the keys' one-time backfill has gone through, from the whole directory and every current
 * delegation as before.
 */
import type {
  MineApproval,
  MinePolicy,
  MineProblem,
  MinePulse,
  MineRollout,
  MineSession,
  MyRolloutsView,
  PolicyItem,
} from '../../contract';
import type { Approval } from '../../domain/approvals';
import {
  activeDelegate,
  standInFor,
  standInsOf,
  today,
  type StandIns,
} from '../../domain/delegation';
import { personDepartments, sortDepartments } from '../../domain/departments';
import { isOpenProblem, type Problem } from '../../domain/problems';
import { pulseState } from '../../domain/pulses';
import type { Rollout } from '../../domain/rollout';
import { stageOpenedAt } from '../../domain/bottlenecks';
import type { Ports, UseCase } from '../ports';
import { POLICY_GROUPS_MAX, policiesToAcknowledge } from '../policies';
import { lookUpUsers, userSummary } from '../users';

export type MinePorts = Pick<
  Ports,
  | 'jira'
  | 'rollouts'
  | 'approvals'
  | 'delegations'
  | 'departments'
  | 'problems'
  | 'pulses'
  | 'personIndex'
  | 'confluence'
  | 'policies'
  | 'mineKeys'
  | 'now'
>;

/** Heads one person stands in for at once, read for their pending approvals (a few in practice). */
export const STAND_IN_HEADS_MAX = 10;
/** Rollouts whose rounds are read for the age of a later stage's approvals. */
export const APPROVAL_ROLLOUTS_MAX = 10;
/**
 * A person's departments read for the sessions they attend and the pulses asking them (their
 * Jira groups linked in the directory; someone is in one or two in practice).
 */
export const PERSON_DEPARTMENTS_MAX = 3;
/** Open pulses listed (each costs one receipt read). */
export const PULSES_MAX = 10;
/** Upcoming sessions listed. */
export const SESSIONS_MAX = 20;

const DAY_MS = 86_400_000;

function ageDays(since: string, now: Date): number {
  const start = Date.parse(since);
  return Number.isNaN(start) ? 0 : Math.max(0, Math.floor((now.getTime() - start) / DAY_MS));
}

function rolloutRef(rollout: Rollout): MineRollout {
  return { id: rollout.id, title: rollout.title, issueKey: rollout.anchorIssueKey };
}

/** The heads `accountId` may stand in for today: planned delegations first, then the directory. */
function standInHeads(accountId: string, standIns: StandIns, now: Date): string[] {
  const heads = new Set<string>();
  for (const [head, record] of standIns.delegations) {
    if (activeDelegate(record, '', now).accountId === accountId) heads.add(head);
  }
  for (const department of standIns.directory) {
    if (department.delegateAccountId !== accountId || department.headAccountId === '') continue;
    const record = standIns.delegations.get(department.headAccountId);
    if (activeDelegate(record, accountId, now).accountId === accountId) {
      heads.add(department.headAccountId);
    }
  }
  heads.delete(accountId);
  return [...heads].slice(0, STAND_IN_HEADS_MAX);
}

/**
 * What the person's departments and stand-ins are judged from, by key (decision 0058): the
 * departments their groups (the first POLICY_GROUPS_MAX, as policies read them) and their own keys
 * point at, in name order, and the current records of the heads whose keys name them delegate
 * and of the heads of the departments naming them default delegate. The rules then read them as
 * they read the whole directory: a department outside these names neither the person nor one of
 * their groups, so it changes none of the answers. Storage calls: one page per group, sent
 * together; one batch per 25 records; one more batch for a default delegate's heads.
 */
async function standInsByKey(
  ports: MinePorts,
  accountId: string,
  groupIds: readonly string[],
  pointed: { departmentIds: readonly string[]; heads: readonly string[] },
  day: string,
): Promise<StandIns> {
  const byGroup = await ports.mineKeys.ofGroups(groupIds.slice(0, POLICY_GROUPS_MAX));
  const found = await ports.mineKeys.records(
    [...pointed.departmentIds, ...byGroup],
    pointed.heads,
    day,
  );
  const read = new Set(pointed.heads);
  const heads = found.departments
    .filter((d) => d.delegateAccountId === accountId && d.headAccountId !== '')
    .map((d) => d.headAccountId)
    .filter((head) => !read.has(head));
  const more = heads.length > 0 ? (await ports.mineKeys.records([], heads, day)).delegations : [];
  return standInsOf(sortDepartments(found.departments), [...found.delegations, ...more]);
}

/** The same, from the whole directory and every current delegation (before the backfill). */
async function standInsOfAll(ports: MinePorts, day: string): Promise<StandIns> {
  const [directory, delegations] = await Promise.all([
    ports.departments.list(),
    ports.delegations.listCurrent(day),
  ]);
  return standInsOf(directory, delegations);
}

/** The person's departments (≤ PERSON_DEPARTMENTS_MAX), their sessions and open pulses. */
async function departmentsOf(
  ports: MinePorts,
  accountId: string,
  groupIds: readonly string[],
  pointed: Awaited<ReturnType<MinePorts['mineKeys']['ofPerson']>>,
  day: string,
) {
  const standIns = pointed.ready
    ? await standInsByKey(ports, accountId, groupIds, pointed, day)
    : await standInsOfAll(ports, day);
  const departmentIds = personDepartments(
    standIns.directory,
    new Set(groupIds),
    accountId,
    PERSON_DEPARTMENTS_MAX,
  );
  const [attended, asked] = await Promise.all([
    departmentIds.length > 0
      ? ports.personIndex.departmentSessions(departmentIds)
      : { rolloutIds: [], more: false },
    departmentIds.length > 0
      ? ports.pulses.openToDepartments(departmentIds, day)
      : { rows: [], more: false },
  ]);
  return { standIns, departmentIds, attended, asked };
}

export async function loadMine(accountId: string, ports: MinePorts): Promise<MyRolloutsView> {
  const now = ports.now();
  const day = today(now);
  // Their groups: one Jira call, read as the pulse form reads them (decision 0032).
  const [own, index, groupIds, pointed] = await Promise.all([
    ports.approvals.listByApprover(accountId, 'pending'),
    ports.personIndex.entries(accountId),
    ports.jira.userGroupIds(accountId),
    ports.mineKeys.ofPerson(accountId),
  ]);
  const [policyItems, { standIns, departmentIds, attended, asked }] = await Promise.all([
    policiesToAcknowledge(ports, accountId, undefined, groupIds),
    departmentsOf(ports, accountId, groupIds, pointed, day),
  ]);
  const pulseRows = asked.rows.slice(0, PULSES_MAX);
  const heads = standInHeads(accountId, standIns, now);
  const theirs = (
    await Promise.all(heads.map((head) => ports.approvals.listByApprover(head, 'pending')))
  )
    .flat()
    .filter((approval) => standInFor(approval, standIns, now) === accountId);
  const pending = [...own, ...theirs];

  const problemIds: string[] = [];
  const sessionRollouts: string[] = [];
  for (const entry of index.entries) {
    if (entry.kind === 'problem') problemIds.push(entry.problemId);
    else sessionRollouts.push(entry.rolloutId);
  }
  const problems = (await ports.problems.getMany(problemIds)).filter(
    (problem) => isOpenProblem(problem) && problem.ownerAccountId === accountId,
  );
  const rollouts = await ports.rollouts.getMany([
    ...pending.map((a) => a.rolloutId),
    ...problems.map((p) => p.rolloutId),
    ...sessionRollouts,
    ...attended.rolloutIds,
    ...pulseRows.map((row) => row.rolloutId),
    ...policyItems.map((item) => item.rolloutId),
  ]);
  // One bulk permission check as the user: nothing from a project they cannot browse.
  const anchors = [...rollouts.values()].map((r) => r.anchorIssueId).filter((id) => id !== '');
  const problemIssues = problems.map((p) => p.issueId).filter((id) => id !== '');
  const visible = await ports.jira.visibleIssues([...new Set([...anchors, ...problemIssues])]);
  const seen = (rolloutId: string): Rollout | undefined => {
    const rollout = rollouts.get(rolloutId);
    return rollout && visible.has(rollout.anchorIssueId) ? rollout : undefined;
  };

  const [approvals, pulses] = await Promise.all([
    approvalsOf(ports, pending, seen, accountId, now),
    pulsesOf(ports, accountId, day, pulseRows, seen),
  ]);
  return {
    approvals,
    problems: problemsOf(problems, seen, visible, now),
    sessions: sessionsOf(
      [...new Set([...sessionRollouts, ...attended.rolloutIds])],
      seen,
      { accountId, departmentIds: new Set(departmentIds) },
      day,
    ),
    pulses,
    policies: policiesOf(policyItems, seen),
    more:
      index.more ||
      own.length >= 100 ||
      attended.more ||
      asked.more ||
      asked.rows.length > PULSES_MAX,
  };
}

/** The policy pages still to acknowledge (never, or again after a material revision). */
function policiesOf(
  items: readonly PolicyItem[],
  seen: (rolloutId: string) => Rollout | undefined,
): MinePolicy[] {
  return items.flatMap((item) => {
    const rollout = item.state === 'done' ? undefined : seen(item.rolloutId);
    return rollout
      ? [
          {
            id: item.pageId,
            rollout: rolloutRef(rollout),
            title: item.pageTitle,
            version: item.version,
            url: item.pageUrl,
          },
        ]
      : [];
  });
}

/**
 * Pending approvals of the current round whose stage is open, oldest first. The rollout says
 * which stage is open (`openedStage`, kept with each decision); only an approval of a later
 * stage needs its round read, for when its stage opened (the last decision of the stage before).
 */
async function approvalsOf(
  ports: MinePorts,
  pending: readonly Approval[],
  seen: (rolloutId: string) => Rollout | undefined,
  accountId: string,
  now: Date,
): Promise<MineApproval[]> {
  const open = pending.flatMap((approval) => {
    const rollout = seen(approval.rolloutId);
    if (
      rollout?.approvalState !== 'awaiting-approval' ||
      rollout.round !== approval.round ||
      rollout.openedStage !== approval.stage
    ) {
      return [];
    }
    return [{ approval, rollout }];
  });
  const later = [
    ...new Set(open.filter((o) => o.approval.stage > 1).map((o) => o.rollout.id)),
  ].slice(0, APPROVAL_ROLLOUTS_MAX);
  const rounds = new Map(
    await Promise.all(
      later.map(async (id) => {
        const rollout = seen(id);
        const round = rollout ? await ports.approvals.listRound(id, rollout.round) : [];
        return [id, round] as const;
      }),
    ),
  );
  const others = [...new Set(open.map((o) => o.approval.approverAccountId))].filter(
    (id) => id !== accountId,
  );
  const users = others.length > 0 ? await lookUpUsers(ports.jira, others) : new Map();
  return open
    .map(({ approval, rollout }) => ({
      approval,
      rollout,
      since: stageOpenedAt(rollout, rounds.get(rollout.id) ?? [], approval.stage),
    }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.approval.id.localeCompare(b.approval.id))
    .map(({ approval, rollout, since }) => ({
      id: approval.id,
      version: approval.version,
      rollout: rolloutRef(rollout),
      departmentName: approval.departmentName,
      stage: approval.stage,
      waitingSince: since,
      ageDays: ageDays(since, now),
      onBehalfOf:
        approval.approverAccountId === accountId
          ? null
          : userSummary(approval.approverAccountId, users),
      changes: approval.changes?.length ?? 0,
    }));
}

function problemsOf(
  problems: readonly Problem[],
  seen: (rolloutId: string) => Rollout | undefined,
  visible: ReadonlySet<string>,
  now: Date,
): MineProblem[] {
  return problems
    .flatMap((problem) => {
      const rollout = seen(problem.rolloutId);
      if (!rollout || problem.issueKey === '' || !visible.has(problem.issueId)) return [];
      return [
        {
          id: problem.id,
          rollout: rolloutRef(rollout),
          issueKey: problem.issueKey,
          summary: problem.summary,
          severity: problem.severity,
          status: problem.status,
          raisedAt: problem.raisedAt,
          ageDays: ageDays(problem.raisedAt, now),
        },
      ];
    })
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}

/**
 * The sessions the person runs or attends (those for every department of the rollout, or naming
 * one of theirs) from today on, soonest first; past ones are history, not what comes next.
 */
function sessionsOf(
  rolloutIds: readonly string[],
  seen: (rolloutId: string) => Rollout | undefined,
  person: { accountId: string; departmentIds: ReadonlySet<string> },
  day: string,
): MineSession[] {
  const theirs = (rollout: Rollout, session: Rollout['sessions'][number]): boolean =>
    session.ownerAccountId === person.accountId ||
    (session.allDepartments
      ? rollout.departments.some((d) => person.departmentIds.has(d.departmentId))
      : session.departmentIds.some((id) => person.departmentIds.has(id)));
  return rolloutIds
    .flatMap((id) => {
      const rollout = seen(id);
      if (!rollout) return [];
      return rollout.sessions
        .filter((s) => s.date >= day && theirs(rollout, s))
        .map((s) => ({
          id: s.id,
          rollout: rolloutRef(rollout),
          title: s.title,
          kind: s.kind,
          date: s.date,
          startTime: s.startTime,
          place: s.place,
        }));
    })
    .sort((a, b) => `${a.date}${a.startTime}`.localeCompare(`${b.date}${b.startTime}`))
    .slice(0, SESSIONS_MAX);
}

/**
 * Pulses open today to the person's departments (the index rows of their departments; the
 * record judges), in rollouts they may browse, that they have not answered: the Rollout panel's
 * form tells them as much, and nobody else learns it (their receipt is read for them alone).
 */
async function pulsesOf(
  ports: MinePorts,
  accountId: string,
  day: string,
  rows: readonly { pulseId: string; rolloutId: string }[],
  seen: (rolloutId: string) => Rollout | undefined,
): Promise<MinePulse[]> {
  const shown = rows.filter((row) => seen(row.rolloutId));
  if (shown.length === 0) return [];
  const open = (await ports.pulses.getMany(shown.map((row) => row.pulseId))).filter(
    (pulse) => pulseState(pulse, day) === 'open',
  );
  const unanswered = await Promise.all(
    open.map(async (pulse) => {
      const rollout = seen(pulse.rolloutId);
      if (!rollout || (await ports.pulses.hasAnswered(pulse.id, accountId))) return [];
      return [{ id: pulse.id, rollout: rolloutRef(rollout), to: pulse.to }];
    }),
  );
  return unanswered.flat().sort((a, b) => a.to.localeCompare(b.to));
}

export const myRollouts: UseCase<'mine/load', MinePorts> = (_payload, call, ports) =>
  loadMine(call.accountId, ports);
