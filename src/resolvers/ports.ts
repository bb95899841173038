import { createJiraClient, type JiraPort } from '../atlassian/jira';
import { departmentRepository, type DepartmentRepository } from '../storage/departments';

/** What handlers reach the world through; built once per call. */
export interface Ports {
  jira: JiraPort;
  departments: DepartmentRepository;
  now: () => Date;
}

export function productionPorts(): Ports {
  return { jira: createJiraClient(), departments: departmentRepository, now: () => new Date() };
}
