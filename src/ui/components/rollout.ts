/**
 * A rollout's own fields as the Approvals panel's set-up form and the strategy flow both edit
 * them: the departments chosen (stages as typed) and what is sent for them, the shared rules run
 * on what is sent, and the payload paths of these fields mapped back onto their controls.
 */
import type { DepartmentOption, PayloadIn } from '../../contract';
import { dateIssue } from '../../domain/rules/dates';
import { goLiveIssue } from '../../domain/rules/plan';
import { todayUtc } from './dates';
import { countIssue, issuesAt, type PathIssue } from '../../domain/rules/issue';
import {
  DEPARTMENT_COUNT,
  duplicateDepartmentIssue,
  ROLLOUT_TEXT,
  stageIssue,
} from '../../domain/rules/rollout';
import { textIssues } from '../../domain/rules/text';
import type { RolloutDepartmentView } from './department-options';

export interface Choice {
  head: { accountId: string; displayName: string };
  /** As typed: validated on submit, so a half-typed number is not fought over. */
  stage: string;
}

/** The chosen departments by id. */
export type Choices = Record<string, Choice>;

export type DepartmentsPayload = PayloadIn<'rollouts/create'>['departments'];

/** The choices that give a rollout's departments (to edit it). */
export function choicesOf(departments: readonly RolloutDepartmentView[]): Choices {
  const choices: Choices = {};
  for (const department of departments) {
    choices[department.departmentId] = {
      head: { accountId: department.head.accountId, displayName: department.head.displayName },
      stage: String(department.stage),
    };
  }
  return choices;
}

/** The chosen departments as sent, in the order they are offered. */
export function departmentsPayload(
  options: readonly DepartmentOption[],
  choices: Choices,
): DepartmentsPayload {
  return options.flatMap((option) => {
    const choice = choices[option.id];
    if (!choice) return [];
    return [
      {
        departmentId: option.id,
        headAccountId: choice.head.accountId,
        stage: Number(choice.stage),
      },
    ];
  });
}

export interface RolloutFields {
  title: string;
  objective: string;
  targetDate: string;
  departments: DepartmentsPayload;
}

/**
 * What the shared rules find in a rollout's fields, at their payload paths. An empty date gets
 * the form's own prompt (`targetDateRequired`) rather than the date format's message. A go-live
 * in the past is refused unless it is the rollout's own (`storedTargetDate`), as the server does.
 */
export function rolloutIssues(
  fields: RolloutFields,
  targetDateRequired: string,
  storedTargetDate?: string,
): PathIssue[] {
  return [
    ...issuesAt('title', textIssues(fields.title, ROLLOUT_TEXT.title)),
    ...issuesAt('objective', textIssues(fields.objective, ROLLOUT_TEXT.objective)),
    ...issuesAt(
      'targetDate',
      fields.targetDate === ''
        ? { messageKey: targetDateRequired }
        : (dateIssue(fields.targetDate) ??
            goLiveIssue(fields.targetDate, todayUtc(), storedTargetDate)),
    ),
    ...departmentsIssues(fields.departments),
  ];
}

export function departmentsIssues(departments: DepartmentsPayload): PathIssue[] {
  const ids = departments.map((department) => department.departmentId);
  return [
    ...issuesAt('departments', countIssue(ids.length, DEPARTMENT_COUNT)),
    ...issuesAt('departments', duplicateDepartmentIssue(ids)),
    ...departments.flatMap((department, index) =>
      issuesAt(`departments.${String(index)}.stage`, stageIssue(department.stage)),
    ),
  ];
}

/**
 * The department control a payload path names (`departments.2.stage` → `stage:<id>`), given the
 * departments sent: `departments` (the list), `stage:<id>`, `head:<id>` or `department:<id>`.
 */
export function departmentField(path: string, sent: DepartmentsPayload): string | undefined {
  const [head, index, field] = path.split('.');
  if (head !== 'departments') return undefined;
  const id = index === undefined ? undefined : sent[Number(index)]?.departmentId;
  if (id === undefined) return 'departments';
  if (field === 'stage') return `stage:${id}`;
  if (field === 'headAccountId') return `head:${id}`;
  return `department:${id}`;
}
