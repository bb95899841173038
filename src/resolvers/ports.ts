import { randomUUID } from 'node:crypto';
import { createJiraClient, type JiraPort } from '../atlassian/jira';
import {
  approvalRepository,
  auditRepository,
  type ApprovalRepository,
  type AuditRepository,
} from '../storage/approvals';
import { delegationRepository, type DelegationRepository } from '../storage/delegations';
import { departmentRepository, type DepartmentRepository } from '../storage/departments';
import { rolloutRepository, type RolloutRepository } from '../storage/rollouts';
import { settingsRepository, type SettingsRepository } from '../storage/settings';

/** What handlers reach the world through; built once per call. */
export interface Ports {
  jira: JiraPort;
  departments: DepartmentRepository;
  rollouts: RolloutRepository;
  approvals: ApprovalRepository;
  audit: AuditRepository;
  delegations: DelegationRepository;
  settings: SettingsRepository;
  now: () => Date;
  /** Unique ids for audit events that have no natural key. */
  newId: () => string;
}

export function productionPorts(): Ports {
  return {
    jira: createJiraClient(),
    departments: departmentRepository,
    rollouts: rolloutRepository,
    approvals: approvalRepository,
    audit: auditRepository,
    delegations: delegationRepository,
    settings: settingsRepository,
    now: () => new Date(),
    newId: randomUUID,
  };
}
