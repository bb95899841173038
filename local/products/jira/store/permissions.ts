/**
 * Who may do what: global permission grants to groups, the project roles and the permission
 * scheme they give, and who holds which role in which project (users directly or by group).
 */
import { permissionDefinition } from '../permissions';
import type { ProjectStore } from './projects';
import { JiraArea, type JiraDatabase } from './sql';
import type { RoleActor } from './types';
import type { UserStore } from './users';

export class PermissionStore extends JiraArea {
  constructor(
    db: JiraDatabase,
    private readonly users: UserStore,
    private readonly projects: ProjectStore,
  ) {
    super(db);
  }

  /** Grants a global permission (ADMINISTER, USER_PICKER…) to a group, as Jira does. */
  grantGlobalPermission(permission: string, groupName: string): void {
    if (permissionDefinition(permission)?.type !== 'GLOBAL') {
      throw new Error(`${permission} is not a global permission`);
    }
    const group = this.users.ensureGroup(groupName);
    this.sql('INSERT OR IGNORE INTO jira_global_grants (permission, group_id) VALUES (?, ?)').run(
      permission,
      group.groupId,
    );
  }

  globalPermissionsOf(accountId: string): Set<string> {
    const rows = this.sql<[string], { permission: string }>(
      `SELECT DISTINCT g.permission FROM jira_global_grants g
           JOIN jira_group_members m ON m.group_id = g.group_id
          WHERE m.account_id = ?`,
    ).all(accountId);
    return new Set(rows.map((row) => row.permission));
  }

  /** Defines (or redefines) a project role and the project permissions the scheme gives it. */
  defineRole(name: string, permissions: readonly string[]): void {
    for (const permission of permissions) {
      if (permissionDefinition(permission)?.type !== 'PROJECT') {
        throw new Error(`${permission} is not a project permission`);
      }
    }
    this.transaction(() => {
      this.sql('INSERT OR IGNORE INTO jira_project_roles (name) VALUES (?)').run(name);
      const roleId = this.roleId(name);
      this.sql('DELETE FROM jira_role_permissions WHERE role_id = ?').run(roleId);
      const grant = this.sql(
        'INSERT INTO jira_role_permissions (role_id, permission) VALUES (?, ?)',
      );
      for (const permission of new Set(permissions)) grant.run(roleId, permission);
    });
  }

  /** The site's project roles, in the order they were defined. */
  roles(): { id: number; name: string }[] {
    return this.sql<[], { role_id: number; name: string }>(
      'SELECT role_id, name FROM jira_project_roles ORDER BY role_id',
    )
      .all()
      .map((row) => ({ id: row.role_id, name: row.name }));
  }

  /** Puts a user or a group in a project role of one project. */
  addRoleActor(projectKey: string, roleName: string, actor: RoleActor): void {
    const project = this.projects.requireProject(projectKey);
    this.sql(
      `INSERT OR IGNORE INTO jira_project_role_actors (project_id, role_id, actor_type, actor)
         VALUES (?, ?, ?, ?)`,
    ).run(
      project.id,
      this.roleId(roleName),
      actor.type,
      actor.type === 'user' ? actor.accountId : actor.name,
    );
  }

  removeRoleActor(projectKey: string, roleName: string, actor: RoleActor): void {
    const project = this.projects.requireProject(projectKey);
    this.sql(
      `DELETE FROM jira_project_role_actors
          WHERE project_id = ? AND role_id = ? AND actor_type = ? AND actor = ?`,
    ).run(
      project.id,
      this.roleId(roleName),
      actor.type,
      actor.type === 'user' ? actor.accountId : actor.name,
    );
  }

  /** The project permissions a user holds in a project, through roles held directly or by group. */
  projectPermissionsOf(accountId: string, projectId: number): Set<string> {
    const rows = this.sql<[number, string, string], { permission: string }>(
      `SELECT DISTINCT rp.permission
           FROM jira_project_role_actors a
           JOIN jira_role_permissions rp ON rp.role_id = a.role_id
          WHERE a.project_id = ?
            AND ((a.actor_type = 'user' AND a.actor = ?)
              OR (a.actor_type = 'group' AND a.actor IN (
                    SELECT g.name FROM jira_groups g
                      JOIN jira_group_members m ON m.group_id = g.group_id
                     WHERE m.account_id = ?)))`,
    ).all(projectId, accountId, accountId);
    return new Set(rows.map((row) => row.permission));
  }

  /**
   * The project permissions a user holds in at least one project: what Jira reports for a
   * project permission asked without a project or issue context.
   */
  projectPermissionsAnywhere(accountId: string): Set<string> {
    const rows = this.sql<[string, string], { permission: string }>(
      `SELECT DISTINCT rp.permission
           FROM jira_project_role_actors a
           JOIN jira_role_permissions rp ON rp.role_id = a.role_id
          WHERE (a.actor_type = 'user' AND a.actor = ?)
             OR (a.actor_type = 'group' AND a.actor IN (
                   SELECT g.name FROM jira_groups g
                     JOIN jira_group_members m ON m.group_id = g.group_id
                    WHERE m.account_id = ?))`,
    ).all(accountId, accountId);
    return new Set(rows.map((row) => row.permission));
  }

  /** Ids of the projects where a user holds `permission`. */
  projectsWithPermission(accountId: string, permission: string): number[] {
    return this.sql<[string, string, string], { project_id: number }>(
      `SELECT DISTINCT a.project_id
           FROM jira_project_role_actors a
           JOIN jira_role_permissions rp ON rp.role_id = a.role_id AND rp.permission = ?
          WHERE (a.actor_type = 'user' AND a.actor = ?)
             OR (a.actor_type = 'group' AND a.actor IN (
                   SELECT g.name FROM jira_groups g
                     JOIN jira_group_members m ON m.group_id = g.group_id
                    WHERE m.account_id = ?))
          ORDER BY a.project_id`,
    )
      .all(permission, accountId, accountId)
      .map((row) => row.project_id);
  }

  private roleId(name: string): number {
    const row = this.sql<[string], { role_id: number }>(
      'SELECT role_id FROM jira_project_roles WHERE name = ?',
    ).get(name);
    if (!row) throw new Error(`Unknown project role ${name}`);
    return row.role_id;
  }
}
