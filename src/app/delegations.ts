/**
 * A department head names someone to decide for them over a date range. The head is whoever the
 * directory names; the delegation covers every approval they hold while it is active.
 */
import type { AppFailure, MyDelegations } from '../contract';
import type { Approval } from '../domain/approvals';
import { auditEvent, type AuditEvent } from '../domain/audit';
import {
  currentDelegations,
  overlaps,
  today,
  withDelegation,
  withoutDelegation,
  type Delegation,
  type DelegationRecord,
} from '../domain/delegation';
import type { Department } from '../domain/departments';
import { DELEGATIONS_MAX } from '../domain/limits';
import type { Rollout } from '../domain/rollout';
import { invalidFields, refuse } from './failures';
import type { Ports, UseCase } from './ports';
import { lookUpUsers, lookUpUsersAfterWrite } from './users';
import { delegationPeople, delegationsView, headedBy } from './approvals/views';

const SAVE_ATTEMPTS = 4;

type DelegationPorts = Pick<
  Ports,
  'jira' | 'standIns' | 'delegations' | 'approvals' | 'rollouts' | 'audit' | 'now'
>;

/**
 * The departments the acting user heads, through the directory's keys by head (decision 0047):
 * all a delegation needs of the directory, in storage calls that do not grow with it (0056).
 */
async function headedDepartments(
  ports: Pick<Ports, 'standIns' | 'now'>,
  actor: string,
): Promise<Department[]> {
  const found = await ports.standIns.forRound({
    departmentIds: [],
    people: [],
    viewer: actor,
    day: today(ports.now()),
  });
  return found.departments;
}

function invalid(messageKey: string, path: string): AppFailure {
  return invalidFields([{ path, messageKey }]);
}

async function view(
  ports: Pick<Ports, 'jira' | 'now'>,
  directory: readonly Department[],
  record: DelegationRecord | undefined,
  actor: string,
  afterWrite: boolean,
): Promise<MyDelegations> {
  const people = delegationPeople(directory, record, actor);
  const users = afterWrite
    ? await lookUpUsersAfterWrite(ports.jira, people)
    : await lookUpUsers(ports.jira, people);
  return delegationsView(directory, record, actor, users, ports.now());
}

/** CONFLICT with the acting user's delegations as they are now. */
async function stale(
  ports: Pick<Ports, 'jira' | 'delegations' | 'now'>,
  directory: readonly Department[],
  actor: string,
): Promise<AppFailure> {
  const current = await view(ports, directory, await ports.delegations.get(actor), actor, false);
  return refuse('errors.delegation.stale', { details: { current } });
}

/**
 * One 'delegated' event on each rollout where the head is waiting to decide (in its current
 * round). Keyed by the delegation, so a retry writes the same events again, not new ones.
 */
async function recordDelegated(
  ports: Pick<Ports, 'approvals' | 'rollouts' | 'audit'>,
  head: string,
  delegation: Delegation,
): Promise<void> {
  const pending = await ports.approvals.listByApprover(head, 'pending');
  const byRollout = new Map<string, Approval[]>();
  for (const approval of pending) {
    byRollout.set(approval.rolloutId, [...(byRollout.get(approval.rolloutId) ?? []), approval]);
  }
  const rollouts = await Promise.all([...byRollout.keys()].map((id) => ports.rollouts.get(id)));
  const events: AuditEvent[] = [];
  for (const rollout of rollouts.filter((r): r is Rollout => r !== undefined)) {
    if (rollout.approvalState !== 'awaiting-approval') continue;
    const current = (byRollout.get(rollout.id) ?? [])
      .filter((approval) => approval.round === rollout.round)
      .sort((a, b) => a.stage - b.stage || a.departmentName.localeCompare(b.departmentName));
    const [first] = current;
    if (!first) continue;
    events.push(
      auditEvent(
        {
          rolloutId: rollout.id,
          at: delegation.createdAt,
          type: 'delegated',
          actorAccountId: head,
          departmentId: first.departmentId,
          departmentName: current.map((approval) => approval.departmentName).join(', '),
          round: rollout.round,
          stage: first.stage,
          detail: delegation.delegateAccountId,
          // An ISO 8601 interval: the same in every language and in the CSV export.
          comment: `${delegation.from}/${delegation.to}`,
        },
        `delegated-${delegation.id}`,
      ),
    );
  }
  await ports.audit.append(events);
}

export const addDelegation: UseCase<'delegations/add', DelegationPorts> = async (
  payload,
  call,
  ports,
) => {
  const actor = call.accountId;
  const directory = await headedDepartments(ports, actor);
  if (headedBy(directory, actor).length === 0) {
    throw refuse('errors.delegation.notHead');
  }
  if (payload.delegateAccountId === actor) {
    throw invalid('errors.delegation.self', 'delegateAccountId');
  }
  const now = ports.now();
  if (payload.to < today(now)) {
    throw invalid('errors.delegation.past', 'to');
  }
  const users = await lookUpUsers(ports.jira, [payload.delegateAccountId]);
  if (!users.get(payload.delegateAccountId)?.active) {
    throw invalid('errors.delegation.unknownUser', 'delegateAccountId');
  }
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt += 1) {
    const record = await ports.delegations.get(actor);
    const replay = record?.delegations.find((d) => d.id === payload.requestId);
    if (replay) {
      // A retried submission: finish what it started and answer what it made.
      if (
        replay.delegateAccountId !== payload.delegateAccountId ||
        replay.from !== payload.from ||
        replay.to !== payload.to
      ) {
        throw refuse('errors.request.reused');
      }
      await recordDelegated(ports, actor, replay);
      return view(ports, directory, record, actor, true);
    }
    const current = currentDelegations(record, now);
    if (current.some((d) => overlaps(d, payload))) {
      throw invalid('errors.delegation.overlap', 'from');
    }
    if (current.length >= DELEGATIONS_MAX) {
      throw refuse('errors.delegation.tooMany', { params: { max: DELEGATIONS_MAX } });
    }
    const delegation: Delegation = {
      id: payload.requestId,
      delegateAccountId: payload.delegateAccountId,
      from: payload.from,
      to: payload.to,
      createdAt: now.toISOString(),
    };
    const next = withDelegation(actor, record, delegation, now);
    if ((await ports.delegations.save(record, next)) === 'written') {
      await recordDelegated(ports, actor, delegation);
      return view(ports, directory, next, actor, true);
    }
  }
  throw await stale(ports, directory, actor);
};

export const removeDelegation: UseCase<'delegations/remove', DelegationPorts> = async (
  payload,
  call,
  ports,
) => {
  const actor = call.accountId;
  const [directory, record] = await Promise.all([
    headedDepartments(ports, actor),
    ports.delegations.get(actor),
  ]);
  // The record is keyed by the acting user: nobody reaches anyone else's delegations.
  if (!record?.delegations.some((d) => d.id === payload.id)) {
    throw refuse('errors.delegation.notFound');
  }
  if (record.version !== payload.version) throw await stale(ports, directory, actor);
  const next = withoutDelegation(record, payload.id, ports.now());
  if ((await ports.delegations.save(record, next)) === 'stale') {
    throw await stale(ports, directory, actor);
  }
  return view(ports, directory, next, actor, true);
};
