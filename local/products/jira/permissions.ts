/**
 * Jira's built-in permissions (keys, ids, names and descriptions as `GET /rest/api/3/permissions`
 * lists them, kept as data in permissions.json) and the default permission scheme the emulated
 * site starts with.
 */
import builtIn from './permissions.json';

export type PermissionType = 'GLOBAL' | 'PROJECT';

export interface PermissionDefinition {
  id: string;
  key: string;
  name: string;
  type: PermissionType;
  description: string;
}

/** Jira's built-in permissions, global ones first, as `GET /rest/api/3/permissions` lists them. */
const DEFINITIONS: readonly PermissionDefinition[] = builtIn.map((definition) => {
  if (definition.type !== 'GLOBAL' && definition.type !== 'PROJECT') {
    throw new Error(`permissions.json: ${definition.key} has type ${definition.type}`);
  }
  return { ...definition, type: definition.type };
});

export const PERMISSIONS: ReadonlyMap<string, PermissionDefinition> = new Map(
  DEFINITIONS.map((definition) => [definition.key, definition]),
);

export const ALL_PROJECT_PERMISSIONS: readonly string[] = DEFINITIONS.filter(
  (definition) => definition.type === 'PROJECT',
).map((definition) => definition.key);

export function permissionDefinition(key: string): PermissionDefinition | undefined {
  return PERMISSIONS.get(key);
}

/** Jira Cloud's default project roles; the seed may define more (e.g. "Department head"). */
export const DEFAULT_ROLES = {
  administrators: 'Administrators',
  member: 'Member',
  viewer: 'Viewer',
  /**
   * Jira puts every app's system ("bot") user in this role through the `atlassian-addons-admin`
   * group, which is how Forge `asApp()` calls can read and write projects.
   */
  addons: 'atlassian-addons-project-access',
} as const;

export const ADDONS_GROUP = 'atlassian-addons-admin';

/** The default permission scheme: which project permissions each role grants, in every project. */
export const DEFAULT_ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  [DEFAULT_ROLES.administrators]: ALL_PROJECT_PERMISSIONS,
  [DEFAULT_ROLES.addons]: ALL_PROJECT_PERMISSIONS,
  [DEFAULT_ROLES.member]: [
    'BROWSE_PROJECTS',
    'VIEW_DEV_TOOLS',
    'VIEW_READONLY_WORKFLOW',
    'CREATE_ISSUES',
    'EDIT_ISSUES',
    'TRANSITION_ISSUES',
    'SCHEDULE_ISSUES',
    'ASSIGN_ISSUES',
    'ASSIGNABLE_USER',
    'RESOLVE_ISSUES',
    'CLOSE_ISSUES',
    'LINK_ISSUES',
    'VIEW_VOTERS_AND_WATCHERS',
    'MANAGE_WATCHERS',
    'ADD_COMMENTS',
    'EDIT_OWN_COMMENTS',
    'DELETE_OWN_COMMENTS',
    'CREATE_ATTACHMENTS',
    'DELETE_OWN_ATTACHMENTS',
    'WORK_ON_ISSUES',
    'EDIT_OWN_WORKLOGS',
    'DELETE_OWN_WORKLOGS',
  ],
  [DEFAULT_ROLES.viewer]: [
    'BROWSE_PROJECTS',
    'VIEW_READONLY_WORKFLOW',
    'VIEW_VOTERS_AND_WATCHERS',
    'ADD_COMMENTS',
    'EDIT_OWN_COMMENTS',
    'DELETE_OWN_COMMENTS',
  ],
};
