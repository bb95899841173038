/**
 * The emulated Jira site's tables (prefixed `jira_`). Issues keep the columns that searching and
 * counting filter on (project, type, status, parent, dates) as real indexed columns, and every
 * other field in one `fields` JSON document; issue properties live in their own table keyed by
 * (issue, key), indexed by key, which is what `jira:entityProperty` JQL look-ups need.
 */
/** The tables compiled JQL reads (jql.ts): any change to them is a new search generation. */
const SEARCHED_TABLES = ['jira_issues', 'jira_issue_properties', 'jira_statuses'] as const;

function searchGenerationTriggers(): string {
  return SEARCHED_TABLES.flatMap((table) =>
    (['INSERT', 'UPDATE', 'DELETE'] as const).map(
      (change) =>
        `CREATE TRIGGER IF NOT EXISTS ${table}_${change.toLowerCase()}_search AFTER ${change} ON ${table}\n` +
        'BEGIN UPDATE jira_search_generation SET n = n + 1; END;',
    ),
  ).join('\n');
}

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS jira_users (
  account_id TEXT PRIMARY KEY,
  account_type TEXT NOT NULL CHECK (account_type IN ('atlassian', 'app', 'customer')),
  display_name TEXT NOT NULL,
  email_address TEXT,
  email_visibility TEXT NOT NULL CHECK (email_visibility IN ('anyone', 'private')),
  locale TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  active INTEGER NOT NULL,
  sort_name TEXT NOT NULL,
  search_words TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jira_users_by_sort_name ON jira_users (sort_name);

CREATE TABLE IF NOT EXISTS jira_groups (
  group_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS jira_group_members (
  group_id TEXT NOT NULL REFERENCES jira_groups (group_id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES jira_users (account_id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, account_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jira_group_members_by_account ON jira_group_members (account_id);
CREATE TABLE IF NOT EXISTS jira_global_grants (
  permission TEXT NOT NULL,
  group_id TEXT NOT NULL REFERENCES jira_groups (group_id) ON DELETE CASCADE,
  PRIMARY KEY (permission, group_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS jira_project_roles (
  role_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS jira_role_permissions (
  role_id INTEGER NOT NULL REFERENCES jira_project_roles (role_id) ON DELETE CASCADE,
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS jira_statuses (
  status_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('new', 'indeterminate', 'done'))
);
CREATE TABLE IF NOT EXISTS jira_issue_types (
  issue_type_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  subtask INTEGER NOT NULL,
  hierarchy_level INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS jira_projects (
  project_id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  lead_account_id TEXT REFERENCES jira_users (account_id),
  project_type_key TEXT NOT NULL,
  style TEXT NOT NULL,
  last_issue_number INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS jira_project_issue_types (
  project_id INTEGER NOT NULL REFERENCES jira_projects (project_id) ON DELETE CASCADE,
  issue_type_id TEXT NOT NULL REFERENCES jira_issue_types (issue_type_id),
  position INTEGER NOT NULL,
  PRIMARY KEY (project_id, issue_type_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS jira_project_role_actors (
  project_id INTEGER NOT NULL REFERENCES jira_projects (project_id) ON DELETE CASCADE,
  role_id INTEGER NOT NULL REFERENCES jira_project_roles (role_id) ON DELETE CASCADE,
  actor_type TEXT NOT NULL CHECK (actor_type IN ('user', 'group')),
  actor TEXT NOT NULL,
  PRIMARY KEY (project_id, role_id, actor_type, actor)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jira_project_role_actors_by_actor
  ON jira_project_role_actors (actor_type, actor, project_id);

CREATE TABLE IF NOT EXISTS jira_issues (
  issue_id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  project_id INTEGER NOT NULL REFERENCES jira_projects (project_id),
  issue_number INTEGER NOT NULL,
  issue_type_id TEXT NOT NULL REFERENCES jira_issue_types (issue_type_id),
  status_id TEXT NOT NULL REFERENCES jira_statuses (status_id),
  summary TEXT NOT NULL,
  parent_id INTEGER REFERENCES jira_issues (issue_id),
  reporter_account_id TEXT,
  assignee_account_id TEXT,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
  UNIQUE (project_id, issue_number)
);
CREATE INDEX IF NOT EXISTS jira_issues_by_project_status ON jira_issues (project_id, status_id);
CREATE INDEX IF NOT EXISTS jira_issues_by_project_updated ON jira_issues (project_id, updated);
CREATE INDEX IF NOT EXISTS jira_issues_by_parent ON jira_issues (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS jira_issue_properties (
  issue_id INTEGER NOT NULL REFERENCES jira_issues (issue_id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL CHECK (json_valid(value)),
  PRIMARY KEY (issue_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jira_issue_properties_by_key ON jira_issue_properties (key, issue_id);

CREATE TABLE IF NOT EXISTS jira_issue_link_types (
  link_type_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  inward TEXT NOT NULL,
  outward TEXT NOT NULL
);
-- One link per (type, source, destination): Jira answers a duplicate request as created.
CREATE TABLE IF NOT EXISTS jira_issue_links (
  link_id INTEGER PRIMARY KEY,
  link_type_id TEXT NOT NULL REFERENCES jira_issue_link_types (link_type_id),
  source_issue_id INTEGER NOT NULL REFERENCES jira_issues (issue_id) ON DELETE CASCADE,
  destination_issue_id INTEGER NOT NULL REFERENCES jira_issues (issue_id) ON DELETE CASCADE,
  UNIQUE (source_issue_id, link_type_id, destination_issue_id)
);
CREATE INDEX IF NOT EXISTS jira_issue_links_by_destination
  ON jira_issue_links (destination_issue_id);

CREATE TABLE IF NOT EXISTS jira_workflows (
  project_id INTEGER PRIMARY KEY REFERENCES jira_projects (project_id) ON DELETE CASCADE,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jira_workflow_transitions (
  project_id INTEGER NOT NULL REFERENCES jira_workflows (project_id) ON DELETE CASCADE,
  transition_id TEXT NOT NULL,
  name TEXT NOT NULL,
  from_status_ids TEXT NOT NULL CHECK (json_valid(from_status_ids)),
  to_status_id TEXT NOT NULL REFERENCES jira_statuses (status_id),
  validators TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(validators)),
  position INTEGER NOT NULL,
  PRIMARY KEY (project_id, transition_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS jira_notifications (
  notification_id INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_id INTEGER NOT NULL,
  issue_key TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  recipients TEXT NOT NULL CHECK (json_valid(recipients)),
  sent_by TEXT NOT NULL,
  at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS jira_dashboard_gadgets (
  dashboard_id TEXT NOT NULL,
  gadget_id INTEGER NOT NULL,
  module_key TEXT NOT NULL,
  config TEXT CHECK (config IS NULL OR json_valid(config)),
  PRIMARY KEY (dashboard_id, gadget_id)
) WITHOUT ROWID;

-- One number that changes with anything a JQL search reads (issues, their properties, statuses):
-- a search keeps its matching ids between pages while it stays the same (search.ts).
CREATE TABLE IF NOT EXISTS jira_search_generation (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  n INTEGER NOT NULL
);
INSERT OR IGNORE INTO jira_search_generation (only_row, n) VALUES (1, 0);
${searchGenerationTriggers()}
`;
