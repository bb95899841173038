/**
 * Jira's built-in permissions (keys, ids, names and descriptions as `GET /rest/api/3/permissions`
 * lists them) and the default permission scheme the emulated site starts with.
 */

export type PermissionType = 'GLOBAL' | 'PROJECT';

export interface PermissionDefinition {
  id: string;
  key: string;
  name: string;
  type: PermissionType;
  description: string;
}

const GLOBAL: readonly (readonly [string, string, string, string])[] = [
  [
    '0',
    'ADMINISTER',
    'Administer Jira',
    'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.',
  ],
  [
    '44',
    'SYSTEM_ADMIN',
    'Jira System Administrators',
    'Ability to perform all administration functions. There must be at least one group with this permission.',
  ],
  [
    '27',
    'USER_PICKER',
    'Browse users and groups',
    'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
  ],
  [
    '22',
    'CREATE_SHARED_OBJECTS',
    'Share dashboards and filters',
    'Share dashboards and filters with other users.',
  ],
  [
    '24',
    'MANAGE_GROUP_FILTER_SUBSCRIPTIONS',
    'Manage group filter subscriptions',
    'Create and delete group filter subscriptions.',
  ],
  [
    '33',
    'BULK_CHANGE',
    'Make bulk changes',
    'Modify collections of issues at once. For example, resolve multiple issues in one step.',
  ],
];

const PROJECT: readonly (readonly [string, string, string, string])[] = [
  ['23', 'ADMINISTER_PROJECTS', 'Administer Projects', 'Ability to administer a project in Jira.'],
  [
    '10',
    'BROWSE_PROJECTS',
    'Browse Projects',
    'Ability to browse projects and the issues within them.',
  ],
  [
    '29',
    'VIEW_DEV_TOOLS',
    'View Development Tools',
    'Allows users in a software project to view development-related information on the issue, such as commits, reviews and build information.',
  ],
  [
    '45',
    'VIEW_READONLY_WORKFLOW',
    'View Read-Only Workflow',
    'Users with this permission may view a read-only version of a workflow.',
  ],
  ['11', 'CREATE_ISSUES', 'Create Issues', 'Ability to create issues.'],
  ['12', 'EDIT_ISSUES', 'Edit Issues', 'Ability to edit issues.'],
  ['46', 'TRANSITION_ISSUES', 'Transition Issues', 'Ability to transition issues.'],
  ['28', 'SCHEDULE_ISSUES', 'Schedule Issues', "Ability to view or edit an issue's due date."],
  [
    '25',
    'MOVE_ISSUES',
    'Move Issues',
    'Ability to move issues between projects or between workflows of the same project (if applicable). Note the user can only move issues to a project they have the create permission for.',
  ],
  ['13', 'ASSIGN_ISSUES', 'Assign Issues', 'Ability to assign issues to other people.'],
  [
    '17',
    'ASSIGNABLE_USER',
    'Assignable User',
    'Users with this permission may be assigned to issues.',
  ],
  [
    '14',
    'RESOLVE_ISSUES',
    'Resolve Issues',
    'Ability to resolve and reopen issues. This includes the ability to set a fix version.',
  ],
  [
    '18',
    'CLOSE_ISSUES',
    'Close Issues',
    'Ability to close issues. Often useful where your developers resolve issues, and a QA department closes them.',
  ],
  [
    '30',
    'MODIFY_REPORTER',
    'Modify Reporter',
    'Ability to modify the reporter when creating or editing an issue.',
  ],
  ['16', 'DELETE_ISSUES', 'Delete Issues', 'Ability to delete issues.'],
  [
    '21',
    'LINK_ISSUES',
    'Link Issues',
    'Ability to link issues together and create linked issues. Only useful if issue linking is turned on.',
  ],
  [
    '26',
    'SET_ISSUE_SECURITY',
    'Set Issue Security',
    'Ability to set the level of security on an issue so that only people in that security level can see the issue.',
  ],
  [
    '31',
    'VIEW_VOTERS_AND_WATCHERS',
    'View Voters and Watchers',
    'Ability to view the voters and watchers of an issue.',
  ],
  ['32', 'MANAGE_WATCHERS', 'Manage Watchers', 'Ability to manage the watchers of an issue.'],
  ['15', 'ADD_COMMENTS', 'Add Comments', 'Ability to comment on issues.'],
  ['34', 'EDIT_ALL_COMMENTS', 'Edit All Comments', 'Ability to edit all comments made on issues.'],
  ['35', 'EDIT_OWN_COMMENTS', 'Edit Own Comments', 'Ability to edit own comments made on issues.'],
  [
    '36',
    'DELETE_ALL_COMMENTS',
    'Delete All Comments',
    'Ability to delete all comments made on issues.',
  ],
  [
    '37',
    'DELETE_OWN_COMMENTS',
    'Delete Own Comments',
    'Ability to delete own comments made on issues.',
  ],
  [
    '19',
    'CREATE_ATTACHMENTS',
    'Create Attachments',
    'Users with this permission may create attachments.',
  ],
  [
    '38',
    'DELETE_ALL_ATTACHMENTS',
    'Delete All Attachments',
    'Users with this permission may delete all attachments.',
  ],
  [
    '39',
    'DELETE_OWN_ATTACHMENTS',
    'Delete Own Attachments',
    'Users with this permission may delete own attachments.',
  ],
  [
    '20',
    'WORK_ON_ISSUES',
    'Work On Issues',
    'Ability to log work done against an issue. Only useful if Time Tracking is turned on.',
  ],
  ['40', 'EDIT_OWN_WORKLOGS', 'Edit Own Worklogs', 'Ability to edit own worklogs made on issues.'],
  ['41', 'EDIT_ALL_WORKLOGS', 'Edit All Worklogs', 'Ability to edit all worklogs made on issues.'],
  [
    '42',
    'DELETE_OWN_WORKLOGS',
    'Delete Own Worklogs',
    'Ability to delete own worklogs made on issues.',
  ],
  [
    '43',
    'DELETE_ALL_WORKLOGS',
    'Delete All Worklogs',
    'Ability to delete all worklogs made on issues.',
  ],
];

function define(
  type: PermissionType,
  rows: readonly (readonly [string, string, string, string])[],
): PermissionDefinition[] {
  return rows.map(([id, key, name, description]) => ({ id, key, name, type, description }));
}

export const PERMISSIONS: ReadonlyMap<string, PermissionDefinition> = new Map(
  [...define('GLOBAL', GLOBAL), ...define('PROJECT', PROJECT)].map((definition) => [
    definition.key,
    definition,
  ]),
);

export const ALL_PROJECT_PERMISSIONS: readonly string[] = PROJECT.map(([, key]) => key);

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
