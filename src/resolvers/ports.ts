import { randomUUID } from 'node:crypto';
import { getAppContext } from '@forge/api';
import { createConfluenceClient, type ConfluencePort } from '../atlassian/confluence';
import { createJiraClient, type JiraPort } from '../atlassian/jira';
import { approvalRepository, type ApprovalRepository } from '../storage/approvals';
import { auditRepository, type AuditRepository } from '../storage/audit';
import { delegationRepository, type DelegationRepository } from '../storage/delegations';
import { createPushQueue, type PushQueue } from '../jobs/push-queue';
import { leaseRepository, type LeaseRepository } from '../storage/leases';
import { pushJobRepository, type PushJobRepository } from '../storage/push-jobs';
import { departmentRepository, type DepartmentRepository } from '../storage/departments';
import { rolloutRepository, type RolloutRepository } from '../storage/rollouts';
import { settingsRepository, type SettingsRepository } from '../storage/settings';

/** What handlers reach the world through; built once per call. */
export interface Ports {
  jira: JiraPort;
  confluence: ConfluencePort;
  departments: DepartmentRepository;
  rollouts: RolloutRepository;
  approvals: ApprovalRepository;
  audit: AuditRepository;
  delegations: DelegationRepository;
  settings: SettingsRepository;
  leases: LeaseRepository;
  pushJobs: PushJobRepository;
  /** Where pushes of plans to Jira are queued for their consumer. */
  pushQueue: PushQueue;
  now: () => Date;
  /** Unique ids for audit events that have no natural key. */
  newId: () => string;
  /** The app's and environment's ids (a Forge macro in storage format names them). */
  /** The app and the environment this code runs in (what a macro's extension key names). */
  appIdentity: () => { appId: string; environmentId: string; environmentType: string };
  /** Milliseconds left before the platform ends this invocation. */
  remainingMs: () => number;
}

export function productionPorts(): Ports {
  return {
    jira: createJiraClient(),
    confluence: createConfluenceClient(),
    departments: departmentRepository,
    rollouts: rolloutRepository,
    approvals: approvalRepository,
    audit: auditRepository,
    delegations: delegationRepository,
    settings: settingsRepository,
    leases: leaseRepository,
    pushJobs: pushJobRepository,
    pushQueue: createPushQueue(),
    now: () => new Date(),
    newId: randomUUID,
    appIdentity: () => {
      const context = getAppContext();
      return {
        appId: context.appAri.appId,
        environmentId: context.environmentAri.environmentId,
        environmentType: context.environmentType,
      };
    },
    remainingMs: () => {
      try {
        return getAppContext().invocationRemainingTimeInMillis();
      } catch {
        return 25_000;
      }
    },
  };
}
