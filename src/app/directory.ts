/** The department directory: everyone reads it, Jira administrators change it. */
import type { JiraUser } from '../atlassian/jira/port';
import type { AppFailure, DepartmentView, FieldIssue } from '../contract';
import {
  DIRECTORY_MAX,
  accountIdsOf,
  departmentNameKey,
  type Department,
} from '../domain/departments';
import { requireJiraAdmin } from './access';
import { checkSaved, listedReach, toWarnings, warnedPeople } from './directory-reach';
import { invalidFields, refuse } from './failures';
import type { Ports, UseCase } from './ports';
import { refreshTrainedAfterWrite } from './trained';
import { lookUpUsers, optionalUser, userSummary, type Users } from './users';

type DirectoryPorts = Pick<Ports, 'jira' | 'departments' | 'now'>;
type ListPorts = DirectoryPorts & Pick<Ports, 'rollouts' | 'delegations'>;
type UpdatePorts = ListPorts & Pick<Ports, 'attendance' | 'trained' | 'standIns'>;

/**
 * How many rollouts naming a department get their trained % rebuilt at once when its group
 * changes; the daily job rebuilds the rest (and these again) by the next day.
 */
export const GROUP_CHANGE_REBUILDS = 10;

// A head who left the company still shows, flagged inactive, so an admin sees what to fix.
function toView(department: Department, users: Users): DepartmentView {
  return {
    id: department.id,
    name: department.name,
    head: userSummary(department.headAccountId, users),
    delegate: optionalUser(department.delegateAccountId, users),
    supervisors: (department.supervisorAccountIds ?? []).map((id) => userSummary(id, users)),
    group: department.groupId ? { id: department.groupId, name: department.groupName } : null,
    version: department.version,
    updatedAt: department.updatedAt,
  };
}

interface PeopleInput {
  headAccountId: string;
  delegateAccountId?: string | null | undefined;
  supervisorAccountIds?: string[] | undefined;
}

/** Checks the head and delegate exist and are active; answers the users for the view. */
async function checkPeople(
  ports: Pick<Ports, 'jira'>,
  input: PeopleInput,
): Promise<Map<string, JiraUser>> {
  const delegate = input.delegateAccountId ?? '';
  if (delegate === input.headAccountId) {
    throw invalidFields([
      { path: 'delegateAccountId', messageKey: 'errors.department.delegateIsHead' },
    ]);
  }
  const supervisors = input.supervisorAccountIds ?? [];
  const ids = [input.headAccountId, ...(delegate ? [delegate] : []), ...supervisors];
  const users = await ports.jira.getUsers(ids);
  const fields: FieldIssue[] = [];
  for (const [path, id] of [
    ['headAccountId', input.headAccountId],
    ['delegateAccountId', delegate],
    ...supervisors.map((id) => ['supervisorAccountIds', id] as const),
  ] as const) {
    if (!id) continue;
    const user = users.get(id);
    if (!user) fields.push({ path, messageKey: 'errors.department.unknownUser' });
    else if (!user.active) fields.push({ path, messageKey: 'errors.department.inactiveUser' });
  }
  if (fields.length > 0) throw invalidFields(fields);
  return users;
}

interface GroupInput {
  groupId?: string | undefined;
  groupName?: string | undefined;
}

/** How many groups the picker search asks Jira for when it checks a chosen group. */
const GROUP_CHECK_MAX = 50;

/**
 * The group an admin picked, as Jira names it now: found by the name the picker showed, and
 * kept only when Jira answers that very id; none when the input names none.
 */
async function checkGroup(
  ports: Pick<Ports, 'jira'>,
  input: GroupInput,
): Promise<{ groupId: string; groupName: string }> {
  const groupId = input.groupId ?? '';
  if (groupId === '') return { groupId: '', groupName: '' };
  const found = await ports.jira.findGroups(input.groupName ?? '', GROUP_CHECK_MAX);
  const group = found.find((candidate) => candidate.groupId === groupId);
  if (!group) {
    throw invalidFields([{ path: 'groupId', messageKey: 'errors.department.unknownGroup' }]);
  }
  return { groupId: group.groupId, groupName: group.name };
}

function nameTaken(name: string): AppFailure {
  return refuse('errors.department.nameTaken', {
    params: { name },
    details: {
      fields: [{ path: 'name', messageKey: 'errors.department.nameTaken', params: { name } }],
    },
  });
}

function notFound(): AppFailure {
  return refuse('errors.department.notFound');
}

function stale(current: Department, users: Users): AppFailure {
  return refuse('errors.department.stale', { details: { current: toView(current, users) } });
}

export const listDirectory: UseCase<'directory/list', ListPorts> = async (
  _payload,
  _call,
  ports,
) => {
  const [departments, canManage] = await Promise.all([
    ports.departments.list(),
    ports.jira.isAdmin(),
  ]);
  // Access is for whoever can fix it: others read the directory without the checks' cost.
  const reach = canManage ? await listedReach(ports, departments) : undefined;
  const users = await lookUpUsers(ports.jira, [
    ...departments.flatMap(accountIdsOf),
    ...warnedPeople(reach?.hidden.values() ?? []),
  ]);
  return {
    departments: departments.map((department) => {
      const hidden = reach?.hidden.get(department.id);
      return {
        ...toView(department, users),
        ...(hidden ? { browseWarnings: toWarnings(hidden, users) } : {}),
      };
    }),
    canManage,
    limit: DIRECTORY_MAX,
    ...(reach && reach.unchecked > 0 ? { reachUnchecked: reach.unchecked } : {}),
  };
};

export const createDepartment: UseCase<'directory/create', DirectoryPorts> = async (
  payload,
  _call,
  ports,
) => {
  await requireJiraAdmin(ports);
  const [users, group, replay, existing] = await Promise.all([
    checkPeople(ports, payload),
    checkGroup(ports, payload),
    ports.departments.get(payload.requestId),
    ports.departments.list(),
  ]);
  const nameKey = departmentNameKey(payload.name);
  const delegateAccountId = payload.delegateAccountId ?? '';
  // A retried submission (lost response, double click) answers the department it already made.
  if (replay) {
    if (replay.nameKey === nameKey && replay.headAccountId === payload.headAccountId) {
      return toView(replay, users);
    }
    throw refuse('errors.request.reused');
  }
  if (existing.some((department) => department.nameKey === nameKey)) throw nameTaken(payload.name);
  if (existing.length >= DIRECTORY_MAX) {
    throw refuse('errors.directory.full', { params: { max: DIRECTORY_MAX } });
  }
  const now = ports.now().toISOString();
  const department: Department = {
    id: payload.requestId,
    name: payload.name,
    nameKey,
    headAccountId: payload.headAccountId,
    delegateAccountId,
    supervisorAccountIds: payload.supervisorAccountIds ?? [],
    ...group,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const outcome = await ports.departments.create(department);
  if (outcome === 'name-taken') throw nameTaken(payload.name);
  if (outcome === 'id-taken') {
    const winner = await ports.departments.get(department.id);
    if (winner) return toView(winner, users);
    throw notFound();
  }
  return toView(department, users);
};

export const updateDepartment: UseCase<'directory/update', UpdatePorts> = async (
  payload,
  _call,
  ports,
) => {
  await requireJiraAdmin(ports);
  const [current, users, group] = await Promise.all([
    ports.departments.get(payload.id),
    checkPeople(ports, payload),
    checkGroup(ports, payload),
  ]);
  if (!current) throw notFound();
  if (current.version !== payload.version) {
    throw stale(current, await ports.jira.getUsers(accountIdsOf(current)));
  }
  const next: Department = {
    ...current,
    name: payload.name,
    nameKey: departmentNameKey(payload.name),
    headAccountId: payload.headAccountId,
    delegateAccountId: payload.delegateAccountId ?? '',
    supervisorAccountIds: payload.supervisorAccountIds ?? current.supervisorAccountIds ?? [],
    ...group,
    updatedAt: ports.now().toISOString(),
    version: current.version + 1,
  };
  const outcome = await ports.departments.update(current, next);
  if (outcome === 'name-taken') throw nameTaken(payload.name);
  if (outcome === 'stale') {
    const latest = await ports.departments.get(payload.id);
    if (!latest) throw notFound();
    throw stale(latest, await ports.jira.getUsers(accountIdsOf(latest)));
  }
  if (next.groupId !== current.groupId) await rebuildTrained(ports, next.id);
  // The department is saved; a failed check only leaves the warning out (see checkSaved).
  const hidden = await checkSaved(ports, next);
  const stranger = warnedPeople([hidden]).filter((id) => !users.has(id));
  const all =
    stranger.length > 0 ? new Map([...users, ...(await lookUpUsers(ports.jira, stranger))]) : users;
  const warnings = toWarnings(hidden, all);
  return { ...toView(next, all), ...(warnings.length > 0 ? { browseWarnings: warnings } : {}) };
};

/** The trained % of the rollouts naming a department whose people just changed. */
async function rebuildTrained(ports: UpdatePorts, departmentId: string): Promise<void> {
  try {
    const ids = await ports.departments.rolloutIdsUsing(departmentId, GROUP_CHANGE_REBUILDS);
    const rollouts = await Promise.all(ids.map((id) => ports.rollouts.get(id)));
    await Promise.all(
      rollouts.flatMap((rollout) => (rollout ? [refreshTrainedAfterWrite(ports, rollout)] : [])),
    );
  } catch (error) {
    // The link is saved; the daily job rebuilds what this could not.
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] the trained % was not rebuilt: ${reason}`);
  }
}

export const removeDepartment: UseCase<'directory/remove', DirectoryPorts> = async (
  payload,
  _call,
  ports,
) => {
  await requireJiraAdmin(ports);
  const [current, inUse] = await Promise.all([
    ports.departments.get(payload.id),
    ports.departments.isUsedByRollout(payload.id, ports.now()),
  ]);
  if (!current) throw notFound();
  if (current.version !== payload.version) {
    throw stale(current, await ports.jira.getUsers(accountIdsOf(current)));
  }
  if (inUse) {
    throw refuse('errors.department.inUse', { params: { name: current.name } });
  }
  if ((await ports.departments.remove(current)) === 'stale') {
    const latest = await ports.departments.get(payload.id);
    if (!latest) throw notFound();
    throw stale(latest, await ports.jira.getUsers(accountIdsOf(latest)));
  }
  return { id: current.id };
};

export const searchUsers: UseCase<'users/search', Pick<Ports, 'jira'>> = async (
  payload,
  _call,
  ports,
) => {
  const users = await ports.jira.searchUsers(payload.query, 20);
  return {
    users: users
      .filter((user) => user.active)
      .map((user) => ({
        accountId: user.accountId,
        displayName: user.displayName,
        avatarUrl: user.avatarUrl,
        active: user.active,
      })),
  };
};

export const searchGroups: UseCase<'groups/search', Pick<Ports, 'jira'>> = async (
  payload,
  _call,
  ports,
) => {
  await requireJiraAdmin(ports);
  const groups = await ports.jira.findGroups(payload.query.trim(), 20);
  return { groups: groups.map((group) => ({ id: group.groupId, name: group.name })) };
};
