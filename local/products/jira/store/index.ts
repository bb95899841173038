/**
 * The emulated Jira site's data on SQLite (tables prefixed `jira_`, schema.ts), one store per
 * area: users and groups, permissions, projects (with the site's statuses and issue types),
 * issues and their properties, search, issue links, workflows, and the outbox of e-mails Jira was
 * asked to send. Typed access for the routes, the seed, the host pages and tests, as
 * `jira.issues.getIssue(…)`, `jira.users.upsertUser(…)`.
 */
import type { Database } from 'better-sqlite3';
import { ADDONS_GROUP, DEFAULT_ROLE_PERMISSIONS, DEFAULT_ROLES } from '../permissions';
import { ProductEventSource } from '../events';
import { IssueStore } from './issues';
import { LinkStore } from './links';
import { DashboardStore } from './dashboards';
import { NotificationStore } from './notifications';
import { PermissionStore } from './permissions';
import { ProjectStore } from './projects';
import { SCHEMA } from './schema';
import { SearchStore } from './search';
import { JiraDatabase } from './sql';
import type { IssueLinkType, JiraIssueType, JiraStatus } from './types';
import { UserStore } from './users';
import { WorkflowStore } from './workflows';

export type * from './types';
export { foldForSearch } from './users';

/** The account the site gives the app for `asApp()` calls (Jira calls it the app's "bot" user). */
export const APP_ACCOUNT_ID = 'rc-app-rollout-coordinator';
export const APP_DISPLAY_NAME = 'Rollout Coordinator';

const DEFAULT_STATUSES: readonly JiraStatus[] = [
  { id: '10000', name: 'To Do', description: '', category: 'new' },
  {
    id: '3',
    name: 'In Progress',
    description: 'This issue is being actively worked on at the moment by the assignee.',
    category: 'indeterminate',
  },
  { id: '10001', name: 'Done', description: '', category: 'done' },
];

const DEFAULT_ISSUE_TYPES: readonly JiraIssueType[] = [
  {
    id: '10000',
    name: 'Epic',
    description: 'A big user story that needs to be broken down.',
    subtask: false,
    hierarchyLevel: 1,
  },
  {
    id: '10001',
    name: 'Task',
    description: 'A small, distinct piece of work.',
    subtask: false,
    hierarchyLevel: 0,
  },
  {
    id: '10002',
    name: 'Sub-task',
    description: 'A small piece of work that is part of a larger task.',
    subtask: true,
    hierarchyLevel: -1,
  },
];

/** The link types of a fresh Jira Cloud site, with the ids it gives them. */
const DEFAULT_LINK_TYPES: readonly IssueLinkType[] = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

export class JiraStore {
  readonly users: UserStore;
  readonly permissions: PermissionStore;
  readonly projects: ProjectStore;
  readonly issues: IssueStore;
  readonly search: SearchStore;
  readonly links: LinkStore;
  readonly workflows: WorkflowStore;
  readonly notifications: NotificationStore;
  readonly dashboards: DashboardStore;
  /** Product events (issue created, updated) for the host to deliver to the app's triggers. */
  readonly productEvents = new ProductEventSource();

  private readonly db: JiraDatabase;

  constructor(db: Database) {
    this.db = new JiraDatabase(db);
    this.db.exec(SCHEMA);
    this.users = new UserStore(this.db);
    // As on a real site, the apps' group gets the `atlassian-addons-project-access` role in every
    // new project, so the app's `asApp()` calls can reach it.
    this.projects = new ProjectStore(this.db, (projectKey) => {
      this.permissions.addRoleActor(projectKey, DEFAULT_ROLES.addons, {
        type: 'group',
        name: ADDONS_GROUP,
      });
    });
    this.permissions = new PermissionStore(this.db, this.users, this.projects);
    this.issues = new IssueStore(this.db, this.projects);
    this.search = new SearchStore(this.db);
    this.links = new LinkStore(this.db);
    this.workflows = new WorkflowStore(this.db, this.projects);
    this.notifications = new NotificationStore(this.db);
    this.dashboards = new DashboardStore(this.db);
    this.installSiteDefaults();
  }

  /** Runs `fn` in one SQLite transaction (a nested call becomes a savepoint of the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  /** True until people or projects exist: the app's own account does not count. */
  isEmpty(): boolean {
    const row = this.db
      .statement<[], { n: number }>(
        `SELECT (SELECT COUNT(*) FROM jira_users WHERE account_type <> 'app')
              + (SELECT COUNT(*) FROM jira_projects) AS n`,
      )
      .get();
    return (row?.n ?? 0) === 0;
  }

  /**
   * What every Jira Cloud site has before anyone uses it: the default statuses, issue types,
   * project roles and permission scheme, the apps' group, and this app's own account. Safe to
   * run on every open (only missing rows are added).
   */
  private installSiteDefaults(): void {
    this.transaction(() => {
      const status = this.db.statement(
        `INSERT OR IGNORE INTO jira_statuses (status_id, name, description, category)
         VALUES (@id, @name, @description, @category)`,
      );
      for (const defaultStatus of DEFAULT_STATUSES) status.run(defaultStatus);
      for (const issueType of DEFAULT_ISSUE_TYPES) this.projects.defineIssueType(issueType);
      const linkType = this.db.statement(
        `INSERT OR IGNORE INTO jira_issue_link_types (link_type_id, name, inward, outward)
         VALUES (@id, @name, @inward, @outward)`,
      );
      for (const defaultLinkType of DEFAULT_LINK_TYPES) linkType.run(defaultLinkType);
      for (const [role, permissions] of Object.entries(DEFAULT_ROLE_PERMISSIONS)) {
        if (!this.permissions.roles().some((existing) => existing.name === role)) {
          this.permissions.defineRole(role, permissions);
        }
      }
      if (!this.users.getUser(APP_ACCOUNT_ID)) {
        this.users.upsertUser({
          accountId: APP_ACCOUNT_ID,
          accountType: 'app',
          displayName: APP_DISPLAY_NAME,
          locale: 'en-US',
          timeZone: 'UTC',
        });
      }
      this.users.addGroupMember(ADDONS_GROUP, APP_ACCOUNT_ID);
      // Apps with read:jira-user look users up, which needs "Browse users and groups".
      this.permissions.grantGlobalPermission('USER_PICKER', ADDONS_GROUP);
    });
  }
}
