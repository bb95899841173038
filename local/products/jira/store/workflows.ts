/**
 * Each project's workflow: its transitions and the app validators attached to them. The host
 * installs the hook that runs those validators (the emulator knows no app code).
 */
import { type JsonValue, isJsonObject, parseStoredJson, stringArray } from '../../json';
import type { ProjectStore } from './projects';
import { JiraArea, type JiraDatabase } from './sql';
import type {
  JiraIssue,
  JiraWorkflow,
  NewWorkflowTransition,
  ValidatorHook,
  WorkflowRule,
  WorkflowTransition,
} from './types';

function workflowRules(value: JsonValue): WorkflowRule[] {
  if (!Array.isArray(value)) return [];
  const rules: WorkflowRule[] = [];
  for (const item of value) {
    if (!isJsonObject(item) || typeof item.moduleKey !== 'string') continue;
    const configuration = item.configuration;
    rules.push(
      isJsonObject(configuration)
        ? { moduleKey: item.moduleKey, configuration }
        : { moduleKey: item.moduleKey },
    );
  }
  return rules;
}

export class WorkflowStore extends JiraArea {
  private validatorHook: ValidatorHook | undefined;

  constructor(
    db: JiraDatabase,
    private readonly projects: ProjectStore,
  ) {
    super(db);
  }

  /**
   * Gives a project its workflow (replacing any earlier one). Statuses are named or given by id;
   * validators name the app's `jira:workflowValidator` modules, run in order on the transition.
   */
  defineWorkflow(
    projectKey: string,
    workflow: { name: string; transitions: readonly NewWorkflowTransition[] },
  ): void {
    const project = this.projects.requireProject(projectKey);
    const statusId = (ref: string): string => {
      const status = this.projects.getStatus(ref);
      if (!status) throw new Error(`Unknown status ${ref}`);
      return status.id;
    };
    this.transaction(() => {
      this.sql('DELETE FROM jira_workflows WHERE project_id = ?').run(project.id);
      this.sql('INSERT INTO jira_workflows (project_id, name) VALUES (?, ?)').run(
        project.id,
        workflow.name,
      );
      const insert = this.sql(
        `INSERT INTO jira_workflow_transitions (project_id, transition_id, name, from_status_ids,
             to_status_id, validators, position)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      workflow.transitions.forEach((transition, position) => {
        insert.run(
          project.id,
          transition.id,
          transition.name,
          JSON.stringify((transition.from ?? []).map(statusId)),
          statusId(transition.to),
          JSON.stringify(transition.validators ?? []),
          position,
        );
      });
    });
  }

  /**
   * A project's workflow. Without one, Jira's simplified workflow: a global transition into each
   * status of the site, named after it (ids 11, 21, 31…), with no rules.
   */
  workflowOf(projectId: number): JiraWorkflow {
    const workflow = this.sql<[number], { name: string }>(
      'SELECT name FROM jira_workflows WHERE project_id = ?',
    ).get(projectId);
    if (!workflow) {
      return {
        name: 'Software Simplified Workflow',
        transitions: this.projects.statuses().map((status, index) => ({
          id: String((index + 1) * 10 + 1),
          name: status.name,
          from: [],
          to: status.id,
          validators: [],
        })),
      };
    }
    const rows = this.sql<
      [number],
      {
        transition_id: string;
        name: string;
        from_status_ids: string;
        to_status_id: string;
        validators: string;
      }
    >(
      `SELECT transition_id, name, from_status_ids, to_status_id, validators
           FROM jira_workflow_transitions WHERE project_id = ? ORDER BY position`,
    ).all(projectId);
    return {
      name: workflow.name,
      transitions: rows.map((row) => ({
        id: row.transition_id,
        name: row.name,
        from: stringArray(parseStoredJson(row.from_status_ids)),
        to: row.to_status_id,
        validators: workflowRules(parseStoredJson(row.validators)),
      })),
    };
  }

  /** Whether a project has a workflow of its own (not the simplified default). */
  hasWorkflow(projectKey: string): boolean {
    const project = this.projects.getProject(projectKey);
    return (
      project !== undefined &&
      this.sql<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM jira_workflows WHERE project_id = ?',
      ).get(project.id)?.n === 1
    );
  }

  /** The transitions the workflow offers from the issue's status (a global one never loops). */
  transitionsFrom(issue: JiraIssue): WorkflowTransition[] {
    return this.workflowOf(issue.projectId).transitions.filter((transition) =>
      transition.from.length === 0
        ? transition.to !== issue.statusId
        : transition.from.includes(issue.statusId),
    );
  }

  /** Installs (or removes) the hook through which transitions run the app's validators. */
  setValidatorHook(hook: ValidatorHook | undefined): void {
    this.validatorHook = hook;
  }

  validatorHookInstalled(): ValidatorHook | undefined {
    return this.validatorHook;
  }
}
