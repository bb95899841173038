/**
 * The rollouts the benches measure: 3 phases (or as many as asked), 120 sessions spread over the departments (one each),
 * every department approving in stage 1; and rollout issues made straight in Jira's store with the
 * app's property, spread over the phases and departments (as many as a size calls for, without
 * the push's cost).
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../local/host';
import type { StrategyDetail } from '../src/contract';
import type { DelegationRecord } from '../src/domain/delegation';
import { call, ok } from '../test/support/host';
import { addDepartments, addPeople, uuid } from '../test/support/rollouts';
import { confluenceModule, strategyPayload } from '../test/support/strategy';

/**
 * `seed` keeps each bench's people, departments and request ids apart from the others' (their
 * hosts are separate; the ids only read apart in a shared data folder).
 */
export interface FixtureSeed {
  people: string;
  departments: number;
  request: number;
}

export async function rolloutWith(
  host: LocalHost,
  departments: number,
  seed: FixtureSeed,
  phases = 3,
  /** Heads the departments share in turn (10; as many as departments: each its own head). */
  headCount = 10,
): Promise<StrategyDetail> {
  const heads = addPeople(host, headCount, seed.people);
  const ids = await addDepartments(
    Array.from({ length: departments }, (_, i) => heads[i % heads.length] ?? ''),
    seed.departments,
  );
  const payload = strategyPayload({ phases, sessions: 120, departments: [] });
  const plan = {
    ...payload.plan,
    sessions: payload.plan.sessions.map((session, i) => ({
      ...session,
      departmentIds: [ids[i % ids.length] ?? ''],
      allDepartments: false,
    })),
  };
  return ok(
    call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      requestId: uuid(seed.request + departments),
      departments: ids.map((departmentId) => ({ departmentId, stage: 1 })),
      plan,
    }),
  );
}

/**
 * `count` rollout issues numbered from `from`: work, or with `problems`, every other one a problem
 * of each severity in turn (what the Rollout panel counts). Answers the Jira ids made.
 */
export function addIssues(
  host: LocalHost,
  detail: StrategyDetail,
  count: number,
  from: number,
  options: { problems?: boolean } = {},
): number[] {
  const { phases } = detail.plan;
  const departments = detail.rollout.departments;
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const issue = host.products.jira.issues.createIssue({
      projectKey: 'ROLL',
      issueType: 'Task',
      summary: `Rollout issue ${String(from + i)}`,
    });
    const problem = options.problems === true && i % 2 === 1;
    host.products.jira.issues.setIssueProperty(issue.id, 'rollout-coordinator', {
      rolloutId: detail.rollout.id,
      role: problem ? 'problem' : 'work',
      planItemId: `extra:${String(from + i)}`,
      phaseId: phases[i % phases.length]?.id ?? '',
      departmentId: departments[i % departments.length]?.departmentId ?? '',
      kind: 'task',
      ...(problem
        ? {
            category: 'technical',
            severity: ['low', 'medium', 'high', 'blocking'][i % 4] ?? 'low',
            status: 'new',
          }
        : {}),
    });
    ids.push(issue.id);
  }
  return ids;
}

/** Heads elsewhere in the company with a delegation that has not ended. */
export async function delegateElsewhere(count: number): Promise<void> {
  const records: DelegationRecord[] = Array.from({ length: count }, (_, i) => ({
    headAccountId: `rc-bench-elsewhere-${String(i).padStart(3, '0')}`,
    delegations: [
      {
        id: uuid(50_000 + i),
        delegateAccountId: 'rc-bench-elsewhere-delegate',
        from: '2020-01-01',
        to: '2099-12-31',
        createdAt: '2020-01-01T00:00:00.000Z',
      },
    ],
    lastDay: '2099-12-31',
    version: 1,
  }));
  for (let i = 0; i < records.length; i += 25) {
    await kvs.batchSet(
      records
        .slice(i, i + 25)
        .map((value) => ({ key: value.headAccountId, value, entityName: 'delegation' })),
    );
  }
}

/**
 * The large directory the readers' benches compare with a small one: `departments` more
 * departments led in turn by 10 filler heads (account ids from `prefix`), and `delegations` heads
 * elsewhere with a delegation in force. Answers the filler heads.
 */
export async function growDirectory(
  host: LocalHost,
  departments: number,
  prefix: string,
  delegations: number,
): Promise<string[]> {
  const filler = addPeople(host, 10, prefix);
  await addDepartments(
    Array.from({ length: departments }, (_, i) => filler[i % filler.length] ?? ''),
    80_000,
  );
  await delegateElsewhere(delegations);
  return filler;
}

/** Every department of `rollout` trained below the strategy's target: a session suggested each. */
export async function trainedBelowTarget(rollout: StrategyDetail['rollout']): Promise<void> {
  await kvs.set(`trained:${rollout.id}`, {
    byDepartment: Object.fromEntries(
      rollout.departments.map((d) => [
        d.departmentId,
        { trained: 1, people: 10, source: 'headCount' },
      ]),
    ),
    updatedAt: new Date().toISOString(),
  });
}
