/** A rollout's own fields, as the set-up form, the strategy flow and the server check them. */
import {
  ROLLOUT_DEPARTMENTS_MAX,
  ROLLOUT_OBJECTIVE_MAX,
  ROLLOUT_STAGES_MAX,
  ROLLOUT_TITLE_MAX,
} from '../limits';
import { rangeIssue, type CountRules, type RangeRules, type RuleIssue } from './issue';
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
export const STAGE_RANGE = {
  min: 1,
  max: ROLLOUT_STAGES_MAX,
  whole: true,
  messageKey: 'errors.rollout.stage',
} as const satisfies RangeRules;

export function stageIssue(stage: number): RuleIssue | undefined {
  return rangeIssue(stage, STAGE_RANGE);
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
