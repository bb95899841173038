/**
 * The departments a rollout's form offers: apart from the form's rules, so a screen that only
 * hands them over (the strategy list opening the edit flow) does not bring the rules and their
 * texts into its first load.
 */
import type { DepartmentOption } from '../../contract';

/** A department of a rollout, as the views show it. */
export interface RolloutDepartmentView {
  departmentId: string;
  name: string;
  head: DepartmentOption['head'];
  stage: number;
}

/** The directory's departments plus any of the rollout's that left the directory since. */
export function mergeOptions(
  directory: readonly DepartmentOption[],
  departments: readonly RolloutDepartmentView[],
): DepartmentOption[] {
  const known = new Set(directory.map((department) => department.id));
  const gone = departments
    .filter((department) => !known.has(department.departmentId))
    .map((department) => ({
      id: department.departmentId,
      name: department.name,
      head: department.head,
      delegate: null,
    }));
  return [...directory, ...gone];
}
