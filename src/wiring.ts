/**
 * The production wiring: every port of the app (src/app/ports.ts) bound to its Forge adapter,
 * made once per invocation by the function's handler with the invocation's time budget, which
 * every adapter that waits (retries) is handed. The one place that knows which adapter serves
 * which port.
 */
import { randomUUID } from 'node:crypto';
import type { Ports } from './app/ports';
import { createConfluenceClient } from './atlassian/confluence';
import { createJiraClient } from './atlassian/jira';
import { appIdentity } from './platform/invocation';
import { createProblemQueue } from './platform/problem-queue';
import { createPushQueue } from './platform/push-queue';
import { approvalRepository } from './storage/approvals';
import { auditRepository } from './storage/audit';
import { storageClient } from './storage/client';
import { delegationRepository } from './storage/delegations';
import { departmentRepository } from './storage/departments';
import { departmentHeadRepository } from './storage/department-heads';
import { mineKeyRepository } from './storage/mine-keys';
import { standInRepository } from './storage/stand-ins';
import { leaseRepository } from './storage/leases';
import { policyRepository } from './storage/policies';
import { problemRepository } from './storage/problems';
import { trainedRepository } from './storage/trained';
import { attendanceRepository } from './storage/attendance';
import { cleanupRepository } from './storage/cleanup';
import { cleanupSweepRepository } from './storage/cleanup-sweep';
import { personIndexRepository } from './storage/person-index';
import { digestRepository } from './storage/digest';
import { pulseRepository } from './storage/pulses';
import { pushJobRepository } from './storage/push-jobs';
import { rolloutRepository } from './storage/rollouts';
import { settingsRepository } from './storage/settings';
import { workStateRepository } from './storage/work-states';
import { signalsFromStorage } from './storage/signals';
import { snapshotRepository } from './storage/snapshots';
import { suggestionRepository } from './storage/suggestions';

/** The ports of one invocation, whose time left `timeLeft` counts (src/platform/invocation.ts). */
export function productionPorts(timeLeft: () => number): Ports {
  const kvs = storageClient(timeLeft);
  return {
    jira: createJiraClient({ remainingMs: timeLeft }),
    jiraAs: (accountId) =>
      createJiraClient({ remainingMs: timeLeft, actingAs: accountId, handBackThrottling: true }),
    confluence: createConfluenceClient({ remainingMs: timeLeft }),
    departments: departmentRepository(kvs),
    rollouts: rolloutRepository(kvs),
    approvals: approvalRepository(kvs),
    audit: auditRepository(kvs),
    delegations: delegationRepository(kvs),
    standIns: standInRepository(kvs),
    departmentHeads: departmentHeadRepository(kvs),
    mineKeys: mineKeyRepository(kvs),
    settings: settingsRepository(kvs),
    leases: leaseRepository(kvs),
    pushJobs: pushJobRepository(kvs),
    workStates: workStateRepository(kvs),
    suggestions: suggestionRepository(kvs),
    snapshots: snapshotRepository(kvs),
    signals: signalsFromStorage(trainedRepository(kvs)),
    pushQueue: createPushQueue(),
    problems: problemRepository(kvs),
    attendance: attendanceRepository(kvs),
    digest: digestRepository(kvs),
    cleanup: cleanupRepository(kvs),
    cleanupSweep: cleanupSweepRepository(kvs),
    trained: trainedRepository(kvs),
    policies: policyRepository(kvs),
    pulses: pulseRepository(kvs),
    personIndex: personIndexRepository(kvs),
    problemQueue: createProblemQueue(),
    now: () => new Date(),
    newId: randomUUID,
    appIdentity,
    remainingMs: timeLeft,
  };
}
