/** The site's issues and their properties (a JSON value per issue and key). */
import { type JsonObject, type JsonValue, isJsonObject, parseStoredJson } from '../../json';
import { isNumericId, type ProjectStore } from './projects';
import { JiraArea, type JiraDatabase } from './sql';
import type { JiraIssue, NewJiraIssue } from './types';

interface IssueRow {
  issue_id: number;
  key: string;
  project_id: number;
  issue_type_id: string;
  status_id: string;
  summary: string;
  parent_id: number | null;
  reporter_account_id: string | null;
  assignee_account_id: string | null;
  created: string;
  updated: string;
  fields: string;
}

function toIssue(row: IssueRow): JiraIssue {
  const fields = parseStoredJson(row.fields);
  return {
    id: row.issue_id,
    key: row.key,
    projectId: row.project_id,
    issueTypeId: row.issue_type_id,
    statusId: row.status_id,
    summary: row.summary,
    parentId: row.parent_id ?? undefined,
    reporterAccountId: row.reporter_account_id ?? undefined,
    assigneeAccountId: row.assignee_account_id ?? undefined,
    created: row.created,
    updated: row.updated,
    fields: isJsonObject(fields) ? fields : {},
  };
}

export class IssueStore extends JiraArea {
  constructor(
    db: JiraDatabase,
    private readonly projects: ProjectStore,
  ) {
    super(db);
  }

  createIssue(issue: NewJiraIssue): JiraIssue {
    return this.transaction(() => {
      const project = this.projects.requireProject(issue.projectKey);
      const issueType = project.issueTypes.find(
        (type) => type.id === issue.issueType || type.name === issue.issueType,
      );
      if (!issueType) {
        throw new Error(`Issue type ${issue.issueType} is not in project ${project.key}`);
      }
      const status = issue.status
        ? this.projects.getStatus(issue.status)
        : this.projects.statuses().find((candidate) => candidate.category === 'new');
      if (!status) throw new Error(`Unknown status ${issue.status ?? '(default)'}`);
      const parent = issue.parentKey === undefined ? undefined : this.getIssue(issue.parentKey);
      if (issue.parentKey !== undefined && !parent) {
        throw new Error(`Unknown parent issue ${issue.parentKey}`);
      }
      const numberRow = this.sql<[number], { last_issue_number: number }>(
        `UPDATE jira_projects SET last_issue_number = last_issue_number + 1
            WHERE project_id = ? RETURNING last_issue_number`,
      ).get(project.id);
      const issueNumber = numberRow?.last_issue_number ?? 1;
      const id = this.db.nextId('jira_issues', 'issue_id');
      const created = (issue.created ?? new Date()).toISOString();
      const fields: JsonObject = { ...issue.fields };
      if (issue.description !== undefined) fields.description = issue.description;
      this.sql(
        `INSERT INTO jira_issues (issue_id, key, project_id, issue_number, issue_type_id,
             status_id, summary, parent_id, reporter_account_id, assignee_account_id, created,
             updated, fields)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        `${project.key}-${issueNumber}`,
        project.id,
        issueNumber,
        issueType.id,
        status.id,
        issue.summary,
        parent?.id ?? null,
        issue.reporterAccountId ?? null,
        issue.assigneeAccountId ?? null,
        created,
        created,
        JSON.stringify(fields),
      );
      const stored = this.getIssue(id);
      if (!stored) throw new Error(`Issue ${id} vanished after insert`);
      return stored;
    });
  }

  /** By numeric id or by key (case-insensitive). */
  getIssue(idOrKey: string | number): JiraIssue | undefined {
    const text = String(idOrKey);
    const row = isNumericId(text)
      ? this.sql<[number], IssueRow>('SELECT * FROM jira_issues WHERE issue_id = ?').get(
          Number(text),
        )
      : this.sql<[string], IssueRow>('SELECT * FROM jira_issues WHERE key = ?').get(
          text.toUpperCase(),
        );
    return row ? toIssue(row) : undefined;
  }

  countIssues(projectId?: number): number {
    const row =
      projectId === undefined
        ? this.sql<[], { n: number }>('SELECT COUNT(*) AS n FROM jira_issues').get()
        : this.sql<[number], { n: number }>(
            'SELECT COUNT(*) AS n FROM jira_issues WHERE project_id = ?',
          ).get(projectId);
    return row?.n ?? 0;
  }

  /** The instant of the latest change to any issue of a project (Jira's project insight). */
  lastIssueUpdate(projectId: number): string | undefined {
    return (
      this.sql<[number], { updated: string | null }>(
        'SELECT MAX(updated) AS updated FROM jira_issues WHERE project_id = ?',
      ).get(projectId)?.updated ?? undefined
    );
  }

  setIssueProperty(issueId: number, key: string, value: JsonValue): void {
    this.sql(
      `INSERT INTO jira_issue_properties (issue_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT (issue_id, key) DO UPDATE SET value = excluded.value`,
    ).run(issueId, key, JSON.stringify(value));
  }

  getIssueProperty(issueId: number, key: string): JsonValue | undefined {
    const row = this.sql<[number, string], { value: string }>(
      'SELECT value FROM jira_issue_properties WHERE issue_id = ? AND key = ?',
    ).get(issueId, key);
    return row ? parseStoredJson(row.value) : undefined;
  }

  /** All properties of an issue, by key. */
  issueProperties(issueId: number): Map<string, JsonValue> {
    const rows = this.sql<[number], { key: string; value: string }>(
      'SELECT key, value FROM jira_issue_properties WHERE issue_id = ? ORDER BY key',
    ).all(issueId);
    return new Map(rows.map((row) => [row.key, parseStoredJson(row.value)]));
  }

  deleteIssueProperty(issueId: number, key: string): boolean {
    return (
      this.sql('DELETE FROM jira_issue_properties WHERE issue_id = ? AND key = ?').run(issueId, key)
        .changes > 0
    );
  }

  /** The keys of an issue's properties, sorted (`GET /issue/{id}/properties`). */
  issuePropertyKeys(issueId: number): string[] {
    return this.sql<[number], { key: string }>(
      'SELECT key FROM jira_issue_properties WHERE issue_id = ? ORDER BY key',
    )
      .all(issueId)
      .map((row) => row.key);
  }

  /**
   * Edits an issue in place (the routes checked the request): the columns given, and `fields`
   * merged over the stored ones (a `null` value clears that field).
   */
  updateIssue(
    issueId: number,
    changes: {
      summary?: string;
      parentId?: number | null;
      assigneeAccountId?: string | null;
      fields?: JsonObject;
    },
    at: Date = new Date(),
  ): void {
    this.transaction(() => {
      const current = this.getIssue(issueId);
      if (!current) throw new Error(`Unknown issue ${String(issueId)}`);
      const cleared = new Set(
        Object.entries(changes.fields ?? {}).flatMap(([key, value]) =>
          value === null ? [key] : [],
        ),
      );
      const fields: JsonObject = Object.fromEntries(
        Object.entries({ ...current.fields, ...changes.fields }).filter(
          ([key]) => !cleared.has(key),
        ),
      );
      this.sql(
        `UPDATE jira_issues SET summary = ?, parent_id = ?, assignee_account_id = ?, fields = ?,
             updated = ? WHERE issue_id = ?`,
      ).run(
        changes.summary ?? current.summary,
        changes.parentId === undefined ? (current.parentId ?? null) : changes.parentId,
        changes.assigneeAccountId === undefined
          ? (current.assigneeAccountId ?? null)
          : changes.assigneeAccountId,
        JSON.stringify(fields),
        at.toISOString(),
        issueId,
      );
    });
  }

  /**
   * Changes an issue's type, as Jira's "Change type" (move) does; the type must be one of its
   * project's.
   */
  setIssueType(issueId: number, issueType: string, at: Date = new Date()): void {
    const issue = this.getIssue(issueId);
    if (!issue) throw new Error(`Unknown issue ${String(issueId)}`);
    const project = this.projects.requireProject(String(issue.projectId));
    const type = project.issueTypes.find((t) => t.id === issueType || t.name === issueType);
    if (!type) throw new Error(`Issue type ${issueType} is not in project ${project.key}`);
    this.sql('UPDATE jira_issues SET issue_type_id = ?, updated = ? WHERE issue_id = ?').run(
      type.id,
      at.toISOString(),
      issueId,
    );
  }

  /** The issues whose parent is `issueId`, by key order (Jira's child list). */
  childrenOf(issueId: number): JiraIssue[] {
    return this.sql<[number], IssueRow>(
      'SELECT * FROM jira_issues WHERE parent_id = ? ORDER BY project_id, issue_number',
    )
      .all(issueId)
      .map(toIssue);
  }

  /**
   * Deletes an issue with its properties and links; its children stay, without a parent (the
   * routes decide about subtasks first).
   */
  deleteIssue(issueId: number): void {
    this.transaction(() => {
      this.sql('UPDATE jira_issues SET parent_id = NULL WHERE parent_id = ?').run(issueId);
      this.sql('DELETE FROM jira_issue_properties WHERE issue_id = ?').run(issueId);
      this.sql(
        'DELETE FROM jira_issue_links WHERE source_issue_id = ? OR destination_issue_id = ?',
      ).run(issueId, issueId);
      this.sql('DELETE FROM jira_issues WHERE issue_id = ?').run(issueId);
    });
  }

  /** Moves an issue to a status (the transition itself is the routes' business). */
  setIssueStatus(issueId: number, statusId: string, at: Date = new Date()): void {
    this.sql('UPDATE jira_issues SET status_id = ?, updated = ? WHERE issue_id = ?').run(
      statusId,
      at.toISOString(),
      issueId,
    );
  }
}
