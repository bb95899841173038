/**
 * Object mothers: domain records built by hand, for pure rules and for stored-state set-ups,
 * so that a field the model gains is given a value here once rather than in every test. A test
 * states only what it is about, as overrides. Rollouts made through the resolvers, as a user
 * would make them, are in rollouts.ts and strategy.ts.
 */
import type { Approval } from '../../src/domain/approvals';
import { newRollout, type Rollout, type StrategySession } from '../../src/domain/rollout';

/** A draft rollout on ROLL-1, in English, with no department, phase or target yet. */
export function aRollout(overrides: Partial<Rollout> = {}): Rollout {
  const at = overrides.createdAt ?? '2030-01-10T09:00:00.000Z';
  return {
    ...newRollout(
      {
        id: 'r1',
        title: 'CRM',
        objective: 'Everyone on the CRM',
        targetDate: '2030-09-30',
        projectKey: 'ROLL',
        departments: [],
        createdBy: 'coordinator',
        language: 'en',
        anchor: { id: '10000', key: 'ROLL-1' },
      },
      new Date(at),
    ),
    ...overrides,
  };
}

/**
 * The pending approval of `department` at `stage` in round 1 of rollout r1: its id, name and
 * approver (`head-<department>`) follow from the department.
 */
export function anApproval(
  department: string,
  stage: number,
  overrides: Partial<Approval> = {},
): Approval {
  return {
    id: `r1:1:${department}`,
    rolloutId: 'r1',
    round: 1,
    departmentId: department,
    departmentName: department,
    stage,
    approverAccountId: `head-${department}`,
    status: 'pending',
    comment: '',
    decidedBy: '',
    decidedOnBehalfOf: '',
    decidedAt: '',
    remindersSent: 0,
    lastRemindedAt: '',
    version: 1,
    ...overrides,
  };
}

/** The same approval once its approver decided it at `at` (its second version). */
export function aDecidedApproval(
  department: string,
  stage: number,
  status: Exclude<Approval['status'], 'pending'>,
  at: string,
  overrides: Partial<Approval> = {},
): Approval {
  return anApproval(department, stage, {
    status,
    decidedBy: `head-${department}`,
    decidedAt: at,
    version: 2,
    ...overrides,
  });
}

/**
 * A training session for one department (`sales`), run by `trainer`, in Room 1 for 20 people;
 * ids and the phase are the test's to set when they matter.
 */
export function aSession(overrides: Partial<StrategySession> = {}): StrategySession {
  return {
    id: 's1',
    kind: 'training',
    title: 'CRM basics',
    phaseId: 'p1',
    ownerAccountId: 'trainer',
    date: '2030-02-03',
    startTime: '09:30',
    durationMinutes: 90,
    place: 'Room 1',
    capacity: 20,
    departmentIds: ['sales'],
    allDepartments: false,
    audience: '',
    ...overrides,
  };
}
