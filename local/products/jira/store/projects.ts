/** The site's statuses and issue types (site-wide, as in company-managed Jira) and its projects. */
import { JiraArea, type JiraDatabase } from './sql';
import type {
  JiraIssueType,
  JiraProject,
  JiraStatus,
  NewJiraProject,
  ProjectTypeKey,
  StatusCategoryKey,
} from './types';

interface ProjectRow {
  project_id: number;
  key: string;
  name: string;
  description: string;
  lead_account_id: string | null;
  project_type_key: ProjectTypeKey;
  style: 'classic' | 'next-gen';
  last_issue_number: number;
}

interface IssueTypeRow {
  issue_type_id: string;
  name: string;
  description: string;
  subtask: number;
  hierarchy_level: number;
}

interface StatusRow {
  status_id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
}

function toIssueType(row: IssueTypeRow): JiraIssueType {
  return {
    id: row.issue_type_id,
    name: row.name,
    description: row.description,
    subtask: row.subtask === 1,
    hierarchyLevel: row.hierarchy_level,
  };
}

function toStatus(row: StatusRow): JiraStatus {
  return {
    id: row.status_id,
    name: row.name,
    description: row.description,
    category: row.category,
  };
}

export const isNumericId = (idOrKey: string): boolean => /^\d+$/.test(idOrKey);

export class ProjectStore extends JiraArea {
  /** `created` runs in the creating transaction, with the new project's key. */
  constructor(
    db: JiraDatabase,
    private readonly created: (projectKey: string) => void,
  ) {
    super(db);
  }

  statuses(): JiraStatus[] {
    return this.sql<[], StatusRow>('SELECT * FROM jira_statuses ORDER BY rowid')
      .all()
      .map(toStatus);
  }

  getStatus(idOrName: string): JiraStatus | undefined {
    const row = this.sql<[string, string], StatusRow>(
      'SELECT * FROM jira_statuses WHERE status_id = ? OR name = ? COLLATE NOCASE',
    ).get(idOrName, idOrName);
    return row ? toStatus(row) : undefined;
  }

  issueTypes(): JiraIssueType[] {
    return this.sql<[], IssueTypeRow>('SELECT * FROM jira_issue_types ORDER BY rowid')
      .all()
      .map(toIssueType);
  }

  getIssueType(idOrName: string): JiraIssueType | undefined {
    const row = this.sql<[string, string], IssueTypeRow>(
      'SELECT * FROM jira_issue_types WHERE issue_type_id = ? OR name = ? COLLATE NOCASE',
    ).get(idOrName, idOrName);
    return row ? toIssueType(row) : undefined;
  }

  /** Adds an issue type to the site (Jira's company-managed types are site-wide). */
  defineIssueType(issueType: JiraIssueType): void {
    this.sql(
      `INSERT OR IGNORE INTO jira_issue_types
           (issue_type_id, name, description, subtask, hierarchy_level)
         VALUES (@id, @name, @description, @subtask, @hierarchyLevel)`,
    ).run({ ...issueType, subtask: issueType.subtask ? 1 : 0 });
  }

  /** Creates a project with its issue types; what the site does for every new project follows. */
  createProject(project: NewJiraProject): JiraProject {
    if (!/^[A-Z][A-Z0-9]{1,9}$/.test(project.key)) {
      throw new Error(`Invalid project key ${project.key}`);
    }
    return this.transaction(() => {
      const id = this.db.nextId('jira_projects', 'project_id');
      this.sql(
        `INSERT INTO jira_projects (project_id, key, name, description, lead_account_id,
             project_type_key, style)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        project.key,
        project.name,
        project.description ?? '',
        project.leadAccountId ?? null,
        project.projectTypeKey ?? 'software',
        project.style ?? 'classic',
      );
      const link = this.sql(
        'INSERT INTO jira_project_issue_types (project_id, issue_type_id, position) VALUES (?, ?, ?)',
      );
      project.issueTypes.forEach((idOrName, position) => {
        const issueType = this.getIssueType(idOrName);
        if (!issueType) throw new Error(`Unknown issue type ${idOrName}`);
        link.run(id, issueType.id, position);
      });
      this.created(project.key);
      return this.requireProject(project.key);
    });
  }

  /** By numeric id or by key (case-insensitive, as Jira resolves keys). */
  getProject(idOrKey: string | number): JiraProject | undefined {
    const text = String(idOrKey);
    const row = isNumericId(text)
      ? this.sql<[number], ProjectRow>('SELECT * FROM jira_projects WHERE project_id = ?').get(
          Number(text),
        )
      : this.sql<[string], ProjectRow>('SELECT * FROM jira_projects WHERE key = ?').get(
          text.toUpperCase(),
        );
    return row ? this.toProject(row) : undefined;
  }

  listProjects(): JiraProject[] {
    return this.sql<[], ProjectRow>('SELECT * FROM jira_projects ORDER BY key')
      .all()
      .map((row) => this.toProject(row));
  }

  /** The project, which must exist. */
  requireProject(idOrKey: string | number): JiraProject {
    const project = this.getProject(idOrKey);
    if (!project) throw new Error(`Unknown project ${String(idOrKey)}`);
    return project;
  }

  private toProject(row: ProjectRow): JiraProject {
    const issueTypes = this.sql<[number], IssueTypeRow>(
      `SELECT t.* FROM jira_issue_types t
           JOIN jira_project_issue_types p ON p.issue_type_id = t.issue_type_id
          WHERE p.project_id = ? ORDER BY p.position`,
    )
      .all(row.project_id)
      .map(toIssueType);
    return {
      id: row.project_id,
      key: row.key,
      name: row.name,
      description: row.description,
      leadAccountId: row.lead_account_id ?? undefined,
      projectTypeKey: row.project_type_key,
      style: row.style,
      issueTypes,
    };
  }
}
