/**
 * Setting up a rollout on the issue in the platform context, which needs the right to edit the
 * issue; departments come from the directory (the ones chosen, read by key: decision 0060), each
 * head pre-filled from it and changeable for this rollout. Its plan is changed through
 * `strategy/update` ("Edit plan", decision 0048).
 */
import type { AppFailure, ApprovalsPanelView, FieldIssue } from '../../contract';
import type { IssueAccess } from '../../atlassian/jira/port';
import { today } from '../../domain/delegation';
import type { Department } from '../../domain/departments';
import {
  createdEvent,
  newRollout,
  normaliseStages,
  type RolloutDepartment,
  type RolloutInput,
  type Rollout,
} from '../../domain/rollout';
import { goLiveIssue } from '../../domain/plan';
import { editableIssue } from '../access';
import { invalidFields, refuse } from '../failures';
import { answerPanel, type PanelPorts } from '../approvals/panel';
import type { Caller, Ports, UseCase } from '../ports';
import { requireStorable } from './plan-edit';
import { loadState, setPropertySafely } from '../approvals/state';
import { lookUpUsers } from '../users';
import { defaultLanguage } from '../../i18n';

/**
 * The rollout's departments from the form: each one must be in the directory, and every head
 * (the directory's or the one chosen for this rollout) an active Jira user. Stages renumbered
 * 1..n without gaps. The plan's session owners (in session order) are people too: they are
 * looked up in the same call and must be active Jira users.
 */
export async function planDepartments(
  ports: Pick<Ports, 'jira'>,
  input: RolloutInput['departments'],
  directory: readonly Department[],
  sessionOwners: readonly string[] = [],
): Promise<RolloutDepartment[]> {
  const byId = new Map(directory.map((d) => [d.id, d]));
  const unknown: FieldIssue[] = [];
  input.forEach((entry, index) => {
    if (!byId.has(entry.departmentId)) {
      unknown.push({
        path: `departments.${String(index)}.departmentId`,
        messageKey: 'errors.rollout.unknownDepartment',
      });
    }
  });
  if (unknown.length > 0) {
    throw invalidFields(unknown);
  }
  const planned = input.map((entry) => {
    const department = byId.get(entry.departmentId);
    return {
      departmentId: entry.departmentId,
      name: department?.name ?? '',
      headAccountId: entry.headAccountId ?? department?.headAccountId ?? '',
      stage: entry.stage,
    };
  });
  const users = await lookUpUsers(ports.jira, [
    ...planned.map((d) => d.headAccountId),
    ...sessionOwners,
  ]);
  const people: FieldIssue[] = [];
  planned.forEach((entry, index) => {
    const user = users.get(entry.headAccountId);
    if (user?.active) return;
    people.push({
      path: `departments.${String(index)}.headAccountId`,
      messageKey: user ? 'errors.department.inactiveUser' : 'errors.department.unknownUser',
    });
  });
  sessionOwners.forEach((accountId, index) => {
    const user = users.get(accountId);
    if (user?.active) return;
    people.push({
      path: `plan.sessions.${String(index)}.ownerAccountId`,
      messageKey: user ? 'errors.department.inactiveUser' : 'errors.department.unknownUser',
    });
  });
  if (people.length > 0) throw invalidFields(people);
  return normaliseStages(planned);
}

/**
 * VALIDATION when the go-live of a new rollout (no phases, no targets yet) is in the past: the
 * strategy flow's rule, on the Jira side.
 */
function requireGoLive(targetDate: string, now: Date): void {
  const past = goLiveIssue(targetDate, now.toISOString().slice(0, 10));
  if (past) throw invalidFields([{ path: 'targetDate', messageKey: past.messageKey }]);
}

function alreadyExists(): AppFailure {
  return refuse('errors.rollout.alreadyExists');
}

/**
 * Writes what follows the rollout itself (the issue property) and answers the panel. A retry of
 * the same request comes here too, so it finishes whatever the first attempt left undone.
 */
async function finishCreate(
  ports: PanelPorts,
  call: Caller,
  issue: IssueAccess,
  rollout: Rollout,
): Promise<ApprovalsPanelView> {
  await ports.rollouts.linkDepartments(
    rollout.id,
    rollout.departments.map((d) => d.departmentId),
    [],
    ports.now().toISOString(),
  );
  await setPropertySafely(ports.jira, rollout);
  const state = await loadState(ports, issue, rollout, call.accountId);
  return answerPanel(ports, call, state, { wrote: false, mails: [], afterWrite: true });
}

export const createRollout: UseCase<'rollouts/create', PanelPorts> = async (
  payload,
  call,
  ports,
) => {
  const issue = await editableIssue(ports, call);
  // The request id is the rollout id: a retried submission answers the rollout it made.
  const replay = await ports.rollouts.get(payload.requestId);
  if (replay) {
    if (replay.anchorIssueId !== issue.id) {
      throw refuse('errors.request.reused');
    }
    return finishCreate(ports, call, issue, replay);
  }
  // The chosen departments by key, not the whole directory: an id it does not hold is unknown.
  const [anchored, { departments: directory }] = await Promise.all([
    ports.rollouts.findByIssue(issue.id),
    ports.standIns.forRound({
      departmentIds: payload.departments.map((d) => d.departmentId),
      people: [],
      day: today(ports.now()),
    }),
  ]);
  if (anchored) throw alreadyExists();
  requireGoLive(payload.targetDate, ports.now());
  const departments = await planDepartments(ports, payload.departments, directory);
  const rollout = newRollout(
    {
      id: payload.requestId,
      title: payload.title,
      objective: payload.objective,
      targetDate: payload.targetDate,
      projectKey: issue.projectKey,
      departments,
      createdBy: call.accountId,
      // No page to write: the default language, as the locale files name it.
      language: defaultLanguage(),
      anchor: { id: issue.id, key: issue.key },
    },
    ports.now(),
  );
  requireStorable(rollout);
  if (!(await ports.rollouts.claimIssue(issue.id, rollout.id))) throw alreadyExists();
  // Links before the rollout: a department is never removable from the directory while a rollout
  // that names it exists, even for a moment (a link left by a failed call only errs on the safe side).
  await ports.rollouts.linkDepartments(
    rollout.id,
    departments.map((d) => d.departmentId),
    [],
    rollout.createdAt,
  );
  if ((await ports.rollouts.create(rollout, [createdEvent(rollout)])) === 'stale') {
    // Either the same request won in another call (answer it), or the issue went to another rollout.
    const winner = await ports.rollouts.get(rollout.id);
    if (winner?.anchorIssueId !== issue.id) throw alreadyExists();
    return finishCreate(ports, call, issue, winner);
  }
  return finishCreate(ports, call, issue, rollout);
};
