/**
 * The emulated Confluence site's tables (prefixed `confluence_`). Schema changes are "CREATE …
 * IF NOT EXISTS", so an existing data file keeps working.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS confluence_sequences (
  name TEXT PRIMARY KEY,
  next_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS confluence_users (
  account_id TEXT PRIMARY KEY,
  account_type TEXT NOT NULL CHECK (account_type IN ('atlassian', 'app')),
  display_name TEXT NOT NULL,
  email TEXT,
  time_zone TEXT NOT NULL,
  locale TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS confluence_global_admins (
  account_id TEXT PRIMARY KEY REFERENCES confluence_users (account_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS confluence_spaces (
  space_id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('current', 'archived')),
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  homepage_id INTEGER
);
CREATE TABLE IF NOT EXISTS confluence_space_permissions (
  space_id INTEGER NOT NULL REFERENCES confluence_spaces (space_id) ON DELETE CASCADE,
  account_id TEXT NOT NULL,
  permission TEXT NOT NULL CHECK (permission IN ('view', 'edit', 'admin')),
  PRIMARY KEY (space_id, account_id, permission)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS confluence_space_permissions_by_account
  ON confluence_space_permissions (account_id, space_id);
CREATE TABLE IF NOT EXISTS confluence_pages (
  page_id INTEGER PRIMARY KEY,
  space_id INTEGER NOT NULL REFERENCES confluence_spaces (space_id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES confluence_pages (page_id),
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  -- Titles compare without case in Confluence (its own "lower title" column); folded here in
  -- JavaScript, since SQLite's lower() knows ASCII only ("Équipe" and "ÉQUIPE" must collide).
  lower_title TEXT NOT NULL,
  author_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL
);
-- Confluence allows one published page per title in a space (drafts may share titles).
CREATE UNIQUE INDEX IF NOT EXISTS confluence_pages_unique_title
  ON confluence_pages (space_id, lower_title) WHERE status = 'current';
CREATE INDEX IF NOT EXISTS confluence_pages_by_parent ON confluence_pages (parent_id);
CREATE TABLE IF NOT EXISTS confluence_page_versions (
  page_id INTEGER NOT NULL REFERENCES confluence_pages (page_id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  message TEXT NOT NULL,
  minor_edit INTEGER NOT NULL,
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (page_id, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS confluence_templates (
  template_id INTEGER PRIMARY KEY,
  space_id INTEGER REFERENCES confluence_spaces (space_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  template_type TEXT NOT NULL,
  body TEXT NOT NULL,
  labels TEXT NOT NULL CHECK (json_valid(labels)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS confluence_templates_by_space ON confluence_templates (space_id, template_id);
`;
