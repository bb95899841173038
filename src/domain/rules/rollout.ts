/** A rollout's own fields, as the set-up form, the strategy flow and the server check them. */
import {
  ROLLOUT_DEPARTMENTS_MAX,
  ROLLOUT_OBJECTIVE_MAX,
  ROLLOUT_STAGES_MAX,
  ROLLOUT_TITLE_MAX,
} from '../limits';
import type { CountRules, RuleIssue } from './issue';
import type { TextRules } from './text';

export const ROLLOUT_TEXT = {
  /** One line: it becomes the Jira summary and the strategy page's title. */
  title: {
    max: ROLLOUT_TITLE_MAX,
    required: 'errors.rollout.titleRequired',
    tooLong: 'errors.rollout.titleTooLong',
  },
  objective: {
    max: ROLLOUT_OBJECTIVE_MAX,
    required: 'errors.rollout.objectiveRequired',
    tooLong: 'errors.rollout.objectiveTooLong',
    multiline: true,
  },
} as const satisfies Record<string, TextRules>;

/** Approval stages are whole numbers from 1 to ROLLOUT_STAGES_MAX. */
export function stageIssue(stage: number): RuleIssue | undefined {
  return Number.isInteger(stage) && stage >= 1 && stage <= ROLLOUT_STAGES_MAX
    ? undefined
    : { messageKey: 'errors.rollout.stage', params: { max: ROLLOUT_STAGES_MAX } };
}

/** A rollout involves 1 to ROLLOUT_DEPARTMENTS_MAX departments. */
export const DEPARTMENT_COUNT = {
  max: ROLLOUT_DEPARTMENTS_MAX,
  required: 'errors.rollout.departmentsRequired',
  tooMany: 'errors.rollout.tooManyDepartments',
} as const satisfies CountRules;

/** Each department once. */
export function duplicateDepartmentIssue(departmentIds: readonly string[]): RuleIssue | undefined {
  return new Set(departmentIds).size === departmentIds.length
    ? undefined
    : { messageKey: 'errors.rollout.duplicateDepartment' };
}
